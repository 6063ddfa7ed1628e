"""Review copies: a consistent snapshot of a project for an adviser, optionally redacted.

A review copy is always written fresh (`ProjectRepository.create_with` + `write_all`) from data
loaded and redacted in memory, so no free page of the new file can hold text the leader deleted
or that redaction removed. With redaction, no contact's name, email or phone survives anywhere in
the file: contacts become "Contact 3 (Director of Finance)", interaction and note text goes, and
every other free-text field is scrubbed of each contact's identifiers. The written file's raw
bytes are then checked; a copy that fails the check is deleted, never handed over.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mutual_checklist.domain.models import Contact, HistoryEntry, ProjectData
from mutual_checklist.export.redaction import (  # noqa: F401 - Identifiers re-exported
    Identifiers,
    PersonalDataLeak,
    check_written,
    leaks,
    redact,
)
from mutual_checklist.storage.repository import ProjectRepository, utc_now

HISTORY_FIELD = "review_copy"


@dataclass(frozen=True)
class ReviewCopyResult:
    path: Path
    redacted: bool
    contacts: int
    evidence_files_left_out: int


def review_copy_data(data: ProjectData, *, redacted: bool, now: str) -> ProjectData:
    """The data of a review copy: marked, optionally redacted, with a history row saying so."""
    if redacted:
        data = redact(data)
    marker = HistoryEntry(
        id=max((h.id for h in data.history), default=0) + 1, at=now, entity="project",
        entity_id=data.project.uuid, field=HISTORY_FIELD, old=None,
        new="redacted" if redacted else "full", note="Review copy made for an adviser")
    project = replace(data.project, is_review_copy=True, redacted=redacted or
                      data.project.redacted)
    return replace(data, project=project, history=(*data.history, marker))


def write_review_copy(source: ProjectRepository, dest: Path, *, redacted: bool,
                      clock: Any = utc_now) -> ReviewCopyResult:
    """Write a review copy of the open project `source` to `dest` (which must not exist).

    Raises:
        StorageError: `dest` exists or cannot be written, or the redaction check failed (then
            nothing is left at `dest`).
    """
    dest = Path(dest)
    original = source.load_all()
    data = review_copy_data(original, redacted=redacted, now=clock())
    content: dict[str, bytes] = {}
    if not redacted:
        content = {e.id: blob for e in data.evidence
                   if (blob := source.evidence_content(e.id)) is not None}
    template_text = source.template_text() or ""
    copy = ProjectRepository.create_with(
        dest, lambda repo: repo.write_all(data, template_text, content), clock)
    copy.close()
    if redacted:
        try:
            check_written([dest], original.contacts)
        except PersonalDataLeak:
            raise PersonalDataLeak(
                "The redacted copy still contained personal data, so it was deleted. Please "
                "report this as a bug.") from None
    left_out = sum(1 for e in original.evidence if e.size) if redacted else 0
    return ReviewCopyResult(dest, redacted, len(original.contacts), left_out)


def find_identifiers(raw: bytes, contacts: tuple[Contact, ...] | list[Contact]) -> list[str]:
    """Which contacts' full names, emails or phones occur in `raw` (a file's bytes)."""
    return leaks(raw, contacts)
