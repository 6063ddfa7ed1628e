"""Open, create and close project files: the one place that sets SQLite up and sorts its errors.

A project file is a SQLite database with our `application_id`. It is opened in WAL mode while in
use and switched back to a rollback journal on close, so a closed project is one file with
nothing beside it.
"""
from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from mutual_checklist.storage import atomic, backup, recovery, schema
from mutual_checklist.storage.errors import (
    DamagedFile,
    NotAProjectFile,
    StorageError,
    StorageUnavailable,
)
from mutual_checklist.storage.migrations import MIGRATIONS

APPLICATION_ID = 0x4D436B31  # "MCk1": marks the file as a Mutual Checklist project
BUSY_TIMEOUT_MS = 5000
log = logging.getLogger("mutual_checklist.storage")


@dataclass
class OpenedDatabase:
    """A database handle plus whether (and why) it must not be written."""

    db: Database
    path: Path
    read_only: bool
    read_only_reason: str = ""
    backup_path: Path | None = None
    schema_problems: tuple[str, ...] = ()
    recovered_from: Path | None = None  # where the leftovers of a crash were copied before repair


UNEXPECTED_SCHEMA_REASON = (
    "This file holds parts that Mutual Checklist did not put there, or lacks some, so it is open "
    "read-only: nothing in it can run or be changed. To keep working, import a clean copy.")


def create_database(path: Path) -> Database:
    """Create a new, empty project file at `path` with the current schema.

    Raises:
        StorageUnavailable: the file exists already or cannot be written.
    """
    if path.exists():
        raise StorageUnavailable(f"{path} already exists; choose another name.")
    try:
        conn = sqlite3.connect(path)
        atomic.private(path)
        db = Database(conn)
        _set_write_pragmas(db)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        MIGRATIONS.apply(db)
        _record_schema_version(db)
        return db
    except sqlite3.Error as error:
        raise classify(error, path) from error


def open_database(path: Path, *, read_only: bool = False,
                  backup_dir: Path | None = None) -> OpenedDatabase:
    """Open an existing project file, migrating it forward (after a backup) when needed.

    A crash's leftovers (a hot journal or a WAL) are first copied aside, then rolled back or
    forward by SQLite. A file written by a newer version of the app, or whose tables, indexes or
    triggers are not exactly those its migrations made, is opened read-only with the reason set.

    Raises:
        NotAProjectFile, DamagedFile, StorageUnavailable: with a short message for the user.
    """
    if not path.is_file():
        raise StorageUnavailable(f"There is no file at {path}.")
    atomic.remove_stale_temp_files([path.parent])
    recovered = recovery.recover_leftovers(path, _check_identity)
    conn = _connect(path, read_only=True)
    try:
        _check_identity(conn, path)
        db = Database(conn)
        known = [m.name for m in MIGRATIONS._migrations]
        applied = [m.name for m in MIGRATIONS.applied(db)]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        newer = bool(set(applied) - set(known)) or version > len(known)
        pending = [m for m in MIGRATIONS.pending(db)]
        problems = () if newer else tuple(schema.problems(conn, applied))
    except StorageError:
        conn.close()
        raise
    except sqlite3.Error as error:
        conn.close()
        raise classify(error, path) from error
    except Exception as error:  # noqa: BLE001 - odd content in the bookkeeping: say damaged
        conn.close()
        log.warning("could not read the set-up of a project file: %s", type(error).__name__)
        raise DamagedFile(damaged_message(path)) from None
    if problems:
        log.warning("project file schema differs from the expected one: %s",
                    "; ".join(problems[:20]))
        return OpenedDatabase(db, path, read_only=True, read_only_reason=UNEXPECTED_SCHEMA_REASON,
                              schema_problems=problems, recovered_from=recovered)
    if newer:
        reason = ("This project was saved by a newer version of Mutual Checklist. It is open "
                  "read-only so nothing in it can be damaged; install the newer version to edit it.")
        return OpenedDatabase(db, path, read_only=True, read_only_reason=reason,
                              recovered_from=recovered)
    if read_only:
        if pending:
            reason = "This project was saved by an older version; it is open read-only."
            return OpenedDatabase(db, path, read_only=True, read_only_reason=reason,
                                  recovered_from=recovered)
        return OpenedDatabase(db, path, read_only=True, read_only_reason="Opened read-only.",
                              recovered_from=recovered)
    conn.close()
    conn = None
    try:
        conn = _connect(path, read_only=False)
        db = Database(conn)
        _set_write_pragmas(db)
        backup_path = None
        if pending:
            backup_path = backup.backup_before_migration(conn, path, backup_dir)
            MIGRATIONS.apply(db)
            _record_schema_version(db)
        return OpenedDatabase(db, path, read_only=False, backup_path=backup_path,
                              recovered_from=recovered)
    except BaseException as error:
        if conn is not None:
            conn.close()
        if isinstance(error, sqlite3.Error):
            raise classify(error, path) from error
        raise


def close_database(opened: OpenedDatabase) -> None:
    """Checkpoint and leave the file as a single self-contained file."""
    conn = opened.db.conn
    try:
        if not opened.read_only:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error:
        pass  # closing must never fail; SQLite recovers from the WAL on next open
    finally:
        conn.close()


def schema_is_current(db: Database) -> bool:
    return not MIGRATIONS.pending(db)


def damaged_message(path: Path) -> str:
    return (f"{path.name} is damaged and cannot be opened safely. It has been left as it was; "
            "a backup of this project can be restored.")


def classify(error: sqlite3.Error, path: Path) -> StorageError:
    """Turn an sqlite3 error into a storage error with a short plain-words message.

    SQLite's own text can quote file content, so it goes to the log only as an error code.
    """
    log.info("SQLite error on a project file: %s", getattr(error, "sqlite_errorname", "")
             or type(error).__name__)
    text = str(error).lower()
    if "not a database" in text or "file is encrypted" in text:
        return NotAProjectFile(f"{path.name} is not a Mutual Checklist project file.")
    if "malformed" in text or "corrupt" in text:
        return DamagedFile(damaged_message(path))
    if "disk is full" in text or "disk i/o error" in text:
        return StorageUnavailable(
            "The disk is full or could not be written. Nothing was changed; free some space "
            "and try again.")
    if "locked" in text or "busy" in text:
        return StorageUnavailable(
            f"{path.name} is in use by another program or window. Close it there and try again.")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StorageUnavailable(
            f"{path.name} cannot be changed here: the file or its folder is read-only, or you "
            "may not write to it.")
    return DamagedFile(damaged_message(path))


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    mode = "ro" if read_only else "rw"
    uri = f"{path.resolve().as_uri()}?mode={mode}"  # percent-encoded, so '?' or '#' are safe
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def _check_identity(conn: sqlite3.Connection, path: Path) -> None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id != APPLICATION_ID:
        raise NotAProjectFile(
            f"{path.name} is not a Mutual Checklist project file (it may belong to another "
            "program). It has been left untouched.")
    result = [row[0] for row in conn.execute("PRAGMA quick_check(20)").fetchall()]
    if result != ["ok"]:
        log.warning("quick_check failed on a project file: %s", " | ".join(
            line[:120] for line in result[:5]))
        raise DamagedFile(damaged_message(path))


def _set_write_pragmas(db: Database) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA secure_delete = ON")
    db.execute("PRAGMA trusted_schema = OFF")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")


def _record_schema_version(db: Database) -> None:
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS._migrations)}")
