"""What the command line and the window both do with a project: find its checklist, open it.

Kept apart from `cli.py` so the window's start-up path never imports the command line (argparse,
interchange, the exporters). Cheap to import: storage is imported only when a project is opened.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mutual_checklist import resources
from mutual_checklist.domain.models import ChecklistTemplate

if TYPE_CHECKING:
    from mutual_checklist.storage.project_lock import ProjectLock
    from mutual_checklist.storage.repository import ProjectRepository


class CommandFailed(Exception):
    """A command could not do its job; the message is written for the user and shown as is."""


def template_for(template_id: str) -> tuple[ChecklistTemplate, str]:
    """The bundled template with this id and its TOML text, or a plain-words failure."""
    found = resources.find_bundled_template(template_id)
    if found is None:
        known = ", ".join(t.id for t in resources.load_bundled_templates()) or "none"
        raise CommandFailed(f"There is no checklist template {template_id!r}. Known: {known}.")
    return found, resources.template_text(template_id)


def template_lookup(template_id: str) -> tuple[str, str] | None:
    """(version, TOML text) of a bundled template, or None: what an importer needs."""
    found = resources.find_bundled_template(template_id)
    return (found.version, resources.template_text(template_id)) if found else None


def open_project(path: Path, read_only: bool = True, take_over: bool = False
                 ) -> ProjectRepository:
    """Open a project; to write it, first take the lock beside it (see `writing_lock`), which
    the repository gives back when it closes."""
    from mutual_checklist.storage.repository import ProjectRepository

    if read_only:
        return ProjectRepository.open(path, read_only=True)
    lock = take_writing_lock(path, take_over)
    try:
        repo = ProjectRepository.open(path, read_only=False)
    except BaseException:
        lock.release()
        raise
    repo.hold_until_closed(lock.release)
    return repo


def take_writing_lock(path: Path, take_over: bool = False) -> ProjectLock:
    """The lock beside the project, as the window takes it: a holder that is provably gone is
    taken over; a live one (another window, another person, another data folder) refuses the
    command in one plain line, unless `take_over` (--edit-anyway: the user says they have left).

    Raises:
        StorageUnavailable: someone else is editing it, or no lock can be written beside it.
    """
    from mutual_checklist.storage.errors import StorageUnavailable
    from mutual_checklist.storage.project_lock import ProjectLock

    lock = ProjectLock(path)
    if not Path(path).exists():
        return lock  # not taken: opening says plainly that there is no such file
    if take_over:
        lock.take_over()
        return lock
    holder = lock.acquire()
    if holder is not None:
        raise StorageUnavailable(
            f"{holder.describe()} is editing {Path(path).name}, so nothing was changed. Try "
            "again once they have closed it, or add --edit-anyway if you are sure they have "
            "left.")
    return lock


@contextlib.contextmanager
def writing_lock(path: Path, take_over: bool = False) -> Iterator[None]:
    """`take_writing_lock` for the length of a `with` block."""
    lock = take_writing_lock(path, take_over)
    try:
        yield
    finally:
        lock.release()


def project_template(repo: ProjectRepository) -> ChecklistTemplate:
    """The template a project was made from: its stored copy, else the bundled one."""
    from mutual_checklist.domain.templates import parse_template_text

    text = repo.template_text()
    if text:
        return parse_template_text(text, f"{repo.path.name} (stored checklist)")
    project = repo.project()
    found = resources.find_bundled_template(project.template_id)
    if found is None:
        raise CommandFailed(f"The checklist {project.template_id!r} used by this project is "
                            "not available.")
    return found
