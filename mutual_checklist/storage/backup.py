"""Consistent copies of a live project file, only ever through SQLite's backup API.

File-level copies of a live database lose or corrupt data (WAL contents, hot journals), so every
copy here is made with `Connection.backup` into a temporary name, synced, renamed and verified.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from pathlib import Path

from mutual_checklist.storage import atomic
from mutual_checklist.storage.errors import StorageUnavailable

KEEP_BACKUPS = 10
_STAMP = re.compile(r"-(\d{8}T\d{6}Z)-[a-z-]+(?:-[0-9a-f]{8})?\.mutual$")
_ids: dict[tuple[str, int, int], str | None] = {}  # (path, mtime, size) -> project id


def copy_database(conn: sqlite3.Connection, dest: Path) -> Path:
    """Write a verified, self-contained copy of the open database to `dest` (atomic replace)."""
    try:
        with atomic.replacing(dest) as tmp:
            target = sqlite3.connect(tmp)
            try:
                conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            verify(tmp)
    except (sqlite3.Error, OSError) as error:
        raise StorageUnavailable(
            f"Could not write a copy to {dest.name}: {_reason(error)} Nothing was changed."
        ) from error
    return dest


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror}."
    text = str(error).lower()
    if "full" in text:
        return "the disk is full."
    return "the copy could not be written or checked."


def verify(path: Path) -> None:
    """Raise StorageUnavailable unless the copy at `path` passes SQLite's quick check."""
    check = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        result = check.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        raise StorageUnavailable(f"The copy {path.name} failed its check.")


def project_id(conn: sqlite3.Connection) -> str | None:
    """The project's own id (`project.uuid`) stored inside an open file, if it can be read."""
    try:
        row = conn.execute("SELECT uuid FROM project WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row and row[0] else None


def file_project_id(path: Path) -> str | None:
    """The project id inside the file at `path` (read-only; None if unreadable)."""
    try:
        info = path.stat()
    except OSError:
        return None
    key = (str(path), info.st_mtime_ns, info.st_size)
    if key not in _ids:
        found = None
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                conn.execute("PRAGMA trusted_schema = OFF")
                found = project_id(conn)
            finally:
                conn.close()
        except sqlite3.Error:
            found = None
        _ids[key] = found
    return _ids[key]


def backup_name(path: Path, conn: sqlite3.Connection, kind: str, now: dt.datetime) -> str:
    owner = project_id(conn)
    tag = hashlib.sha256(owner.encode("utf-8")).hexdigest()[:8] if owner else ""
    return f"{path.stem}-{now.strftime('%Y%m%dT%H%M%SZ')}-{kind}" + (f"-{tag}" if tag else "") \
        + ".mutual"


def original_stem(backup_path: Path) -> str:
    """The project file's name (without .mutual) that a backup was taken from."""
    return re.sub(r"-\d{8}T\d{6}Z-[a-z-]+(?:-[0-9a-f]{8})?$", "", backup_path.stem)


def backup_before_migration(conn: sqlite3.Connection, path: Path, backup_dir: Path | None) -> Path:
    """Back the file up before its schema is upgraded, into the data folder's backups."""
    if backup_dir is None:
        from mutual_checklist import paths

        backup_dir = paths.backups_dir()
    now = dt.datetime.now(dt.timezone.utc)
    dest = backup_dir / backup_name(path, conn, "before-upgrade", now)
    copy_database(conn, dest)
    owner = project_id(conn)
    if owner:
        rotate(backup_dir, owner)
        remember_project(backup_dir, path, owner)
    return dest


def rotate(backup_dir: Path, project: str, keep: int = KEEP_BACKUPS) -> None:
    """Keep the newest `keep` backups of one project (by its id), delete older ones."""
    for old in backups_of(backup_dir, project)[keep:]:
        old.unlink(missing_ok=True)


def _taken_at(path: Path) -> dt.datetime | None:
    match = _STAMP.search(path.name)
    if not match:
        return None
    return dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)


def backups_of(backup_dir: Path, project: str) -> list[Path]:
    """Backups of the project with this id, newest first.

    A backup is recognised by the project id stored inside it, never by its file name: two
    projects both called `team.mutual` keep separate series.
    """
    found = [(taken, p) for p in Path(backup_dir).glob("*.mutual")
             if not p.name.startswith(".") and (taken := _taken_at(p)) is not None
             and file_project_id(p) == project]
    return [p for _, p in sorted(found, key=lambda item: (item[0], item[1].name), reverse=True)]


def automatic_backup(conn: sqlite3.Connection, path: Path, backup_dir: Path,
                     every: dt.timedelta = dt.timedelta(hours=12),
                     now: dt.datetime | None = None) -> Path | None:
    """Take a verified backup if this project's newest is older than `every`; keep the last ten."""
    now = now or dt.datetime.now(dt.timezone.utc)
    owner = project_id(conn)
    if owner is None:
        return None
    newest = backups_of(backup_dir, owner)
    if newest:
        taken = _taken_at(newest[0])
        if taken is not None and now - taken < every:
            return None
    dest = backup_dir / backup_name(path, conn, "automatic", now)
    copy_database(conn, dest)
    rotate(backup_dir, owner)
    remember_project(backup_dir, path, owner)
    return dest


_INDEX = "projects-index.json"


def remember_project(backup_dir: Path, path: Path, owner: str) -> None:
    """Note which project id lives at `path`, for when the file is too damaged to say itself."""
    index = _read_index(backup_dir)
    key = str(Path(path).resolve())
    if index.get(key) == owner:
        return
    index[key] = owner
    try:
        atomic.write_text_atomically(Path(backup_dir) / _INDEX, json.dumps(index, indent=1))
    except OSError:
        pass  # only a convenience: the id inside the file is tried first


def project_at(backup_dir: Path, path: Path) -> str | None:
    """The id of the project at `path`: from the file itself, else as last noted at a backup."""
    return file_project_id(path) or _read_index(backup_dir).get(str(Path(path).resolve()))


def _read_index(backup_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((Path(backup_dir) / _INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def newest_sound_backup(backup_dir: Path, project: str) -> Path | None:
    """The most recent backup of the project with this id that passes SQLite's quick check."""
    for candidate in backups_of(backup_dir, project):
        try:
            verify(candidate)
        except (StorageUnavailable, sqlite3.Error):
            continue
        return candidate
    return None
