"""Write files so that a crash leaves either the old file or the new one, never half of one.

Every file the app writes goes through here: the content goes to a temporary file in the same
folder, is synced, gets owner-only permissions on POSIX and is renamed over the target. Temporary
names carry the writing process's id and a short tag of the machine, so a later start can tell a
leftover of a dead process (removed by `remove_stale_temp_files`) from a file still being written.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import socket
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

log = logging.getLogger("mutual_checklist.storage")

FILE_MODE = 0o600
SIDECARS = ("-journal", "-wal", "-shm")
_MAX_NAME = 200  # leaves room for the temporary suffix within the usual 255-byte name limit


def host_tag() -> str:
    """Eight hex digits standing for this machine (temp names, lock files)."""
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def temp_path(target: Path) -> Path:
    """A temporary name beside `target`: hidden, with this process's id and machine tag."""
    target = Path(target)
    name = target.name
    if len(name.encode("utf-8")) > _MAX_NAME:
        name = name.encode("utf-8")[:_MAX_NAME].decode("utf-8", "ignore")
    return target.with_name(f".{name}.{os.getpid()}.{host_tag()}.partial")


def remove_with_sidecars(path: Path) -> None:
    """Delete a (temporary) file and any SQLite journal files beside it."""
    for suffix in ("", *SIDECARS):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def private(path: Path) -> None:
    """Owner-only permissions on POSIX (project files, backups and exports hold personal data)."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(path, FILE_MODE)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it is synced and renamed into place.

    For writers that need a path (SQLite copies, libraries that open the file themselves). On any
    error the temporary file and its journals are removed and `target` is left as it was.
    """
    target = Path(target)
    tmp = temp_path(target)
    remove_with_sidecars(tmp)
    try:
        yield tmp
        for side in SIDECARS:  # a database copy must be one self-contained file by now
            Path(f"{tmp}{side}").unlink(missing_ok=True)
        private(tmp)
        fsync_file(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        remove_with_sidecars(tmp)


@contextlib.contextmanager
def open_atomically(target: Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Yield a file object for `target` ("w" text, UTF-8 by default, or "wb"); replaced on success."""
    if "b" not in mode:
        kwargs.setdefault("encoding", "utf-8")
    with replacing(target) as tmp, open(tmp, mode, **kwargs) as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def write_bytes_atomically(path: Path, data: bytes) -> None:
    with open_atomically(path, "wb") as handle:
        handle.write(data)


def write_text_atomically(path: Path, text: str, newline: str = "\n") -> None:
    with open_atomically(path, "w", newline=newline) as handle:
        handle.write(text)


# --- leftovers of dead processes -----------------------------------------------------------------

_CURRENT = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.(?P<host>[0-9a-f]{8})\.partial"
                      r"(?:-journal|-wal|-shm)?$")
# Names used by earlier versions: `.NAME.PID.partial` / `.NAME.PID.tmp` (with journals) and
# `.NAME.partial` (no process id; removed only from the app's own folders, once an hour old).
_OLD_WITH_PID = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.(?:partial|tmp)"
                           r"(?:-journal|-wal|-shm)?$")
_OLD_NO_PID = re.compile(r"^\..+\.partial(?:-journal|-wal|-shm)?$")
_OUR_TYPES = (".mutual", ".json", ".csv", ".ics", ".pdf", ".vcf", ".mcreview", ".txt")


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (unknown counts as alive)."""
    if pid <= 0:
        return True
    if pid == os.getpid():
        return True
    if os.name == "posix":
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True  # exists, owned by someone else
        return _not_zombie(pid)
    return _windows_process_alive(pid)


def _not_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:
        return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def is_stale_temp(path: Path, *, own_folder: bool = False, now: float | None = None) -> bool:
    """Whether `path` is a temporary file of ours left behind by a process that is gone."""
    name = path.name
    match = _CURRENT.match(name)
    if match:
        return match["host"] == host_tag() and not process_alive(int(match["pid"]))
    match = _OLD_WITH_PID.match(name)
    if match and match["name"].lower().endswith(_OUR_TYPES):
        return not process_alive(int(match["pid"]))
    if own_folder and _OLD_NO_PID.match(name):
        try:
            age = (now or time.time()) - path.stat().st_mtime
        except OSError:
            return False
        return age > 3600
    return False


def remove_stale_temp_files(folders: Iterable[Path], *, own_folders: bool = False) -> int:
    """Remove leftovers of dead processes from `folders` (not recursive); returns how many."""
    removed = 0
    for folder in folders:
        try:
            entries = list(Path(folder).iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") and is_stale_temp(entry, own_folder=own_folders):
                try:
                    entry.unlink()
                    removed += 1
                except OSError:
                    continue
    if removed:
        log.info("removed %d temporary file(s) left by an earlier crash", removed)
    return removed


def clean_data_folder() -> int:
    """At start: leftovers in the data folder, its projects and its backups."""
    from mutual_checklist import paths

    try:
        data = paths.data_dir()
    except (OSError, RuntimeError):
        return 0
    return remove_stale_temp_files(
        [data, data / "projects", data / "backups", data / "recovery"], own_folders=True)
