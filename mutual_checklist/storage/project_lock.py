"""The lock file beside a project that says who is editing it (machine, user, process, since when).

It lives beside the project, not in a data folder, so every instance honours it: a second window,
a colleague on another computer opening the same shared file, or the same person with two data
folders. A lock is taken over only when its holder is provably gone (same machine, process ended)
or when the user chooses to.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from mutual_checklist.storage import atomic
from mutual_checklist.storage.errors import StorageUnavailable


def lock_path(project: Path) -> Path:
    project = Path(project)
    return project.with_name(f".{project.name}.lock")


@dataclass(frozen=True)
class Holder:
    """Who the lock file says is editing the project."""

    host: str = ""
    host_tag: str = ""
    user: str = ""
    pid: int = 0
    since: str = ""

    @property
    def same_machine(self) -> bool:
        return bool(self.host_tag) and self.host_tag == atomic.host_tag()

    @property
    def gone(self) -> bool:
        """Provably ended: it ran on this machine and its process no longer exists."""
        return self.same_machine and not atomic.process_alive(self.pid)

    @property
    def is_this_process(self) -> bool:
        return self.same_machine and self.pid == os.getpid()

    def describe(self) -> str:
        """'Sam on LAPTOP-7 since 09:14' (plain words for the read-only reason)."""
        who = self.user or "someone"
        where = f" on {self.host}" if self.host and not self.same_machine else ""
        when = ""
        with contextlib.suppress(ValueError):
            moment = dt.datetime.fromisoformat(self.since).astimezone()
            when = f" since {moment:%H:%M on %d %b}"
        return f"{who}{where}{when}"


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def _me() -> dict[str, object]:
    return {"app": "Mutual Checklist", "host": socket.gethostname(), "host_tag": atomic.host_tag(),
            "user": current_user(), "pid": os.getpid(),
            "since": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}


def read_holder(project: Path) -> Holder | None:
    """The current holder, None if there is no lock; an unreadable lock gives an empty Holder."""
    try:
        raw = lock_path(project).read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return Holder()
    try:
        data = json.loads(raw[:4096].decode("utf-8"))
        return Holder(str(data.get("host", ""))[:80], str(data.get("host_tag", ""))[:16],
                      str(data.get("user", ""))[:80], int(data.get("pid", 0)),
                      str(data.get("since", ""))[:40])
    except (ValueError, TypeError, AttributeError):
        return Holder()


def held_by_live_instance(project: Path) -> bool:
    holder = read_holder(project)
    return holder is not None and not holder.gone


class ProjectLock:
    """Take with `acquire()` (None when it is ours), give back with `release()`."""

    def __init__(self, project: Path):
        self.project = Path(project)
        self.path = lock_path(self.project)
        self._mine: bytes | None = None

    @property
    def held(self) -> bool:
        return self._mine is not None

    def acquire(self) -> Holder | None:
        """Take the lock; returns the other holder instead if someone live has it.

        Raises:
            StorageUnavailable: no lock can be written beside the project (read-only folder).
        """
        for _ in range(3):
            data = json.dumps(_me()).encode("utf-8")
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                holder = read_holder(self.project)
                if holder is None:
                    continue  # released meanwhile
                if not holder.gone:
                    return holder
                self._remove_if_unchanged(holder)
                continue
            except OSError as error:
                raise StorageUnavailable(
                    f"{self.project.name} is in a folder where this computer cannot write.") \
                    from error
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            self._mine = data
            return None
        holder = read_holder(self.project)
        return holder if holder is not None else Holder()

    def take_over(self) -> None:
        """The user chose to edit even though the lock says someone else is (they have left)."""
        data = json.dumps(_me()).encode("utf-8")
        try:
            atomic.write_bytes_atomically(self.path, data)
        except OSError as error:
            raise StorageUnavailable(
                f"{self.project.name} is in a folder where this computer cannot write.") from error
        self._mine = data

    def still_mine(self) -> bool:
        try:
            return self._mine is not None and self.path.read_bytes() == self._mine
        except OSError:
            return False

    def release(self) -> None:
        if self._mine is None:
            return
        if self.still_mine():
            with contextlib.suppress(OSError):
                self.path.unlink()
        self._mine = None

    def _remove_if_unchanged(self, holder: Holder) -> None:
        if read_holder(self.project) == holder:
            with contextlib.suppress(OSError):
                self.path.unlink()
