"""Open, create and close project files: the one place that sets SQLite up and sorts its errors.

A project file is a SQLite database with our `application_id`. It is opened in WAL mode while in
use and switched back to a rollback journal on close, so a closed project is one file with
nothing beside it.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from mutual_checklist.storage import backup
from mutual_checklist.storage.errors import (
    DamagedFile,
    NotAProjectFile,
    StorageUnavailable,
)
from mutual_checklist.storage.migrations import MIGRATIONS

APPLICATION_ID = 0x4D436B31  # "MCk1": marks the file as a Mutual Checklist project
BUSY_TIMEOUT_MS = 5000


@dataclass
class OpenedDatabase:
    """A database handle plus whether (and why) it must not be written."""

    db: Database
    path: Path
    read_only: bool
    read_only_reason: str = ""
    backup_path: Path | None = None


def create_database(path: Path) -> Database:
    """Create a new, empty project file at `path` with the current schema.

    Raises:
        StorageUnavailable: the file exists already or cannot be written.
    """
    if path.exists():
        raise StorageUnavailable(f"{path} already exists; choose another name.")
    try:
        conn = sqlite3.connect(path)
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

    A file written by a newer version of the app is opened read-only with the reason set.

    Raises:
        NotAProjectFile, DamagedFile, StorageUnavailable: with a message for the user.
    """
    if not path.is_file():
        raise StorageUnavailable(f"There is no file at {path}.")
    conn = _connect(path, read_only=True)
    try:
        try:
            _check_identity(conn, path)
        except Exception:
            conn.close()
            raise
        db = Database(conn)
        known = {m.name for m in MIGRATIONS._migrations}
        applied = {m.name for m in MIGRATIONS.applied(db)}
        newer = bool(applied - known)
        pending = [m for m in MIGRATIONS.pending(db)]
    except sqlite3.Error as error:
        conn.close()
        raise classify(error, path) from error
    if newer:
        reason = ("This project was saved by a newer version of Mutual Checklist. It is open "
                  "read-only so nothing in it can be damaged; install the newer version to edit it.")
        return OpenedDatabase(db, path, read_only=True, read_only_reason=reason)
    if read_only:
        if pending:
            reason = "This project was saved by an older version; it is open read-only."
            return OpenedDatabase(db, path, read_only=True, read_only_reason=reason)
        return OpenedDatabase(db, path, read_only=True, read_only_reason="Opened read-only.")
    conn.close()
    try:
        conn = _connect(path, read_only=False)
        db = Database(conn)
        _set_write_pragmas(db)
        backup_path = None
        if pending:
            backup_path = backup.backup_before_migration(conn, path, backup_dir)
            MIGRATIONS.apply(db)
            _record_schema_version(db)
        return OpenedDatabase(db, path, read_only=False, backup_path=backup_path)
    except sqlite3.Error as error:
        conn.close()
        raise classify(error, path) from error


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


def classify(error: sqlite3.Error, path: Path) -> Exception:
    """Turn an sqlite3 error into a storage error with a plain-words message."""
    text = str(error).lower()
    if "not a database" in text or "file is encrypted" in text:
        return NotAProjectFile(f"{path.name} is not a Mutual Checklist project file.")
    if "malformed" in text or "corrupt" in text:
        return DamagedFile(
            f"{path.name} is damaged and cannot be read safely. It has been left untouched; "
            "restore it from a backup.")
    if "disk is full" in text or "disk i/o error" in text:
        return StorageUnavailable(
            "The disk is full or could not be written. Nothing was changed; free some space "
            "and try again.")
    if "locked" in text or "busy" in text:
        return StorageUnavailable(
            f"{path.name} is in use by another program or window. Close it there and try again.")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StorageUnavailable(f"{path.name} cannot be opened for writing here.")
    return error


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
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise DamagedFile(
            f"{path.name} is damaged ({result}). It has been left untouched; restore it from "
            "a backup.")


def _set_write_pragmas(db: Database) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA secure_delete = ON")
    db.execute("PRAGMA trusted_schema = OFF")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")


def _record_schema_version(db: Database) -> None:
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS._migrations)}")
