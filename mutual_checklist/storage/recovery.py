"""Bring a project file back after a crash: copy the leftovers aside, let SQLite repair, check.

A crash (or a kill) at the wrong moment leaves a rollback journal (`-journal`) or a write-ahead log
(`-wal`) beside the file. SQLite repairs either when a connection that may write opens the file;
a read-only connection cannot, which is why every open starts here. Before anything is touched,
the file and its leftovers are copied into the data folder's `recovery` folder, so nothing is
ever lost even if the repair goes wrong.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import glob
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from mutual_checklist.storage import atomic
from mutual_checklist.storage.errors import (
    DamagedFile,
    NotAProjectFile,
    StorageError,
    StorageUnavailable,
)

log = logging.getLogger("mutual_checklist.storage")
KEEP_RECOVERY_SETS = 5
APPLICATION_ID = 0x4D436B31  # the same value as storage.db.APPLICATION_ID

Check = Callable[[sqlite3.Connection, Path], None]


def leftovers(path: Path) -> list[Path]:
    """The non-empty journal files beside `path`."""
    found = []
    for side in ("-journal", "-wal"):
        candidate = Path(f"{path}{side}")
        with contextlib.suppress(OSError):
            if candidate.stat().st_size > 0:
                found.append(candidate)
    return found


def header_application_id(path: Path) -> int | None:
    """The application id in the file's SQLite header, read without SQLite (None if no header)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return None
    return int.from_bytes(header[68:72], "big")


def recover_leftovers(path: Path, check: Check) -> Path | None:
    """Repair a crashed project file in place if needed; returns where its leftovers were copied.

    Does nothing (returns None) when there are no leftovers, when the file is not one of ours, or
    when another live instance holds the project's lock (its open WAL is not a leftover).

    Raises:
        StorageUnavailable: the file needs repair but cannot be written here.
        DamagedFile: the repair did not give a sound file; the file is left as it was found.
    """
    from mutual_checklist.storage import project_lock

    found = leftovers(path)
    if not found or header_application_id(path) != APPLICATION_ID:
        return None
    has_journal = any(p.name.endswith("-journal") for p in found)
    if not has_journal and project_lock.held_by_live_instance(path):
        return None
    aside = _copy_aside(path)
    log.warning("project file left by a crash; copied aside to %s before repair", aside)
    try:
        _repair(path, check)
        log.info("project file repaired by SQLite")
        return aside
    except StorageUnavailable:
        raise
    except (StorageError, sqlite3.Error) as error:
        log.warning("repair did not give a sound file (%s)", type(error).__name__)
    if has_journal and _without_journal(path, aside, check):
        log.info("the journal did not belong to this file; the file was sound without it")
        return aside
    _put_back(path, aside)
    raise DamagedFile(
        f"{path.name} was not closed properly and could not be repaired. It has been left as it "
        "was; a backup of this project can be restored.")


def _repair(path: Path, check: Check) -> None:
    uri = f"{path.resolve().as_uri()}?mode=rw"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.Error as error:
        raise _unwritable(path) from error
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        try:
            conn.execute("PRAGMA application_id").fetchone()  # rolls a hot journal back
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        except sqlite3.OperationalError as error:
            if "readonly" in str(error).lower() or "read-only" in str(error).lower():
                raise _unwritable(path) from error
            raise
        check(conn, path)
        _thorough(conn, path)
        if str(mode).lower() == "wal":
            with contextlib.suppress(sqlite3.Error):  # another reader may still have it open
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def _thorough(conn: sqlite3.Connection, path: Path) -> None:
    """After a repair the full integrity check runs too: a journal that belongs to another file
    can leave pages that pass the quick check but break indexes."""
    if conn.execute("PRAGMA integrity_check(1)").fetchone()[0] != "ok":
        raise DamagedFile(f"{path.name} failed its integrity check after repair.")


def _unwritable(path: Path) -> StorageUnavailable:
    return StorageUnavailable(
        f"{path.name} was not closed properly and can only be repaired where it can be written. "
        "Copy it into a folder of yours and open it there.")


def _without_journal(path: Path, aside: Path, check: Check) -> bool:
    """Second try for a stray journal: the file as found, without the journal, if it is sound."""
    try:
        shutil.copyfile(aside / path.name, path)
        Path(f"{path}-journal").unlink(missing_ok=True)
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            check(conn, path)
            _thorough(conn, path)
        finally:
            conn.close()
        return True
    except (OSError, StorageError, sqlite3.Error):
        return False


def _put_back(path: Path, aside: Path) -> None:
    """Leave the file and its journals exactly as they were found."""
    for copied in aside.iterdir():
        with contextlib.suppress(OSError):
            shutil.copyfile(copied, path.with_name(copied.name))


def recovery_dir() -> Path:
    from mutual_checklist import paths

    return paths.ensure_private(paths.data_dir() / "recovery")


def _copy_aside(path: Path) -> Path:
    try:
        base = recovery_dir()
    except (OSError, RuntimeError):
        base = path.parent
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    folder = base / f"{path.stem}-{stamp}-{os.getpid()}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for source in (path, *(Path(f"{path}{s}") for s in atomic.SIDECARS)):
            if source.exists():
                shutil.copyfile(source, folder / source.name)
                atomic.private(folder / source.name)
    except OSError as error:
        raise StorageUnavailable(
            f"{path.name} was not closed properly, and there is no room to keep a safety copy "
            "before repairing it. Free some space and try again.") from error
    _prune(base, path.stem)
    return folder


def _prune(base: Path, stem: str) -> None:
    sets = sorted((p for p in base.glob(f"{glob.escape(stem)}-*-*") if p.is_dir()),
                  key=lambda p: p.stat().st_mtime, reverse=True)
    for old in sets[KEEP_RECOVERY_SETS:]:
        shutil.rmtree(old, ignore_errors=True)


def move_aside(path: Path) -> Path:
    """Rename a damaged project (and its journals) to `NAME (damaged).mutual`, once.

    A file already named as damaged is not moved again; its path is returned unchanged.
    """
    if "(damaged" in path.stem:
        return path
    number = 1
    while True:
        label = "damaged" if number == 1 else f"damaged {number}"
        target = path.with_name(f"{path.stem} ({label}){path.suffix}")
        if not target.exists():
            break
        number += 1
    os.rename(path, target)
    for side in atomic.SIDECARS:
        with contextlib.suppress(FileNotFoundError):
            os.rename(f"{path}{side}", f"{target}{side}")
    return target
