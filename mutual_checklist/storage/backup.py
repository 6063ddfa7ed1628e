"""Consistent copies of a live project file, only ever through SQLite's backup API.

File-level copies of a live database lose or corrupt data (WAL contents, hot journals), so every
copy here is made with `Connection.backup` into a temporary name, synced, renamed and verified.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from pathlib import Path

from mutual_checklist.storage.errors import StorageUnavailable

KEEP_BACKUPS = 10


def copy_database(conn: sqlite3.Connection, dest: Path) -> Path:
    """Write a verified, self-contained copy of the open database to `dest` (atomic replace)."""
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        target = sqlite3.connect(tmp)
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        _fsync(tmp)
        verify(tmp)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except (sqlite3.Error, OSError) as error:
        tmp.unlink(missing_ok=True)
        raise StorageUnavailable(
            f"Could not write a copy to {dest}: {error}. Nothing was changed.") from error
    return dest


def verify(path: Path) -> None:
    """Raise StorageUnavailable unless the copy at `path` passes SQLite's quick check."""
    check = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        result = check.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        raise StorageUnavailable(f"The copy at {path} failed its check ({result}).")


def backup_before_migration(conn: sqlite3.Connection, path: Path, backup_dir: Path | None) -> Path:
    """Back the file up before its schema is upgraded, into the data folder's backups."""
    if backup_dir is None:
        from mutual_checklist import paths

        backup_dir = paths.backups_dir()
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    dest = backup_dir / f"{path.stem}-{stamp}-before-upgrade.mutual"
    copy_database(conn, dest)
    rotate(backup_dir, path.stem)
    return dest


def rotate(backup_dir: Path, stem: str, keep: int = KEEP_BACKUPS) -> None:
    """Keep the newest `keep` backups of one project, delete older ones."""
    for old in backups_of(backup_dir, stem)[keep:]:
        old.unlink(missing_ok=True)


def backups_of(backup_dir: Path, stem: str) -> list[Path]:
    """This project's backups, newest first (names carry a UTC timestamp after the stem)."""
    pattern = re.compile(re.escape(stem) + r"-(\d{8}T\d{6}Z)-[a-z-]+\.mutual$")
    found = [(m.group(1), p) for p in backup_dir.glob("*.mutual")
             if (m := pattern.match(p.name))]
    return [p for _, p in sorted(found, reverse=True)]


def automatic_backup(conn: sqlite3.Connection, path: Path, backup_dir: Path,
                     every: dt.timedelta = dt.timedelta(hours=12),
                     now: dt.datetime | None = None) -> Path | None:
    """Take a verified backup if the newest one is older than `every`; keep the last ten."""
    now = now or dt.datetime.now(dt.timezone.utc)
    newest = backups_of(backup_dir, path.stem)
    if newest:
        stamp = re.search(r"-(\d{8}T\d{6}Z)-", newest[0].name[len(path.stem):])
        if stamp:
            taken = dt.datetime.strptime(stamp.group(1), "%Y%m%dT%H%M%SZ").replace(
                tzinfo=dt.timezone.utc)
            if now - taken < every:
                return None
    dest = backup_dir / f"{path.stem}-{now.strftime('%Y%m%dT%H%M%SZ')}-automatic.mutual"
    copy_database(conn, dest)
    rotate(backup_dir, path.stem)
    return dest


def newest_sound_backup(backup_dir: Path, stem: str) -> Path | None:
    """The most recent backup of a project that passes SQLite's quick check."""
    for candidate in backups_of(backup_dir, stem):
        try:
            verify(candidate)
        except (StorageUnavailable, sqlite3.Error):
            continue
        return candidate
    return None


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
