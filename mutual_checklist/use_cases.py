"""What the command line and the window both do with a project: find its checklist, open it.

Kept apart from `cli.py` so the window's start-up path never imports the command line (argparse,
interchange, the exporters). Cheap to import: storage is imported only when a project is opened.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mutual_checklist import resources
from mutual_checklist.domain.models import ChecklistTemplate

if TYPE_CHECKING:
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


def open_project(path: Path, read_only: bool = True) -> ProjectRepository:
    from mutual_checklist.storage.repository import ProjectRepository

    return ProjectRepository.open(path, read_only=read_only)


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
