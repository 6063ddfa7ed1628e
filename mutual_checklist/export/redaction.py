"""One redaction for every output that leaves personal data out.

Every export with a "leave out personal data" choice (PDF report, CSV, calendar, JSON, review
copies, the portfolio, and any format added later) goes through the same three calls:

    data = redaction.redact(data)                 # before writing: contacts pseudonymised,
                                                  # identifiers scrubbed from every text field
    ...write the output from `data`...
    redaction.check_written(paths, contacts)      # after writing: scan what was written; on a
                                                  # hit every file is deleted and PersonalDataLeak
                                                  # is raised

`contacts` are the project's real contacts (from before `redact`).
`Identifiers.for_contacts(contacts).scrub_value(x)` scrubs any dataclass, tuple, list or dict of
text (a report snapshot, say); what counts as an identifier is in `domain/identifiers.py`. The check after writing looks for full names, titled surnames,
emails and phones (not lone first names, which would also match ordinary words), in the raw bytes,
in every member of a zip-based file (docx, xlsx, odt), and for PDF in the text, metadata and
bookmarks as a reader would extract them.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from mutual_checklist.domain.identifiers import STRUCTURAL, Identifiers
from mutual_checklist.domain.models import Contact, ProjectData
from mutual_checklist.storage.errors import StorageError


class PersonalDataLeak(StorageError):
    """An output meant to leave personal data out still held a contact's identifier."""


# --- before writing: the redacted data ------------------------------------------------------------


def _label(number: int, contact: Contact, ids: Identifiers) -> str:
    role = contact.role.strip() or contact.stakeholder_type.replace("_", " ").strip()
    role = ids.scrub(role)
    return f"Contact {number} ({role})" if role else f"Contact {number}"


def redact(data: ProjectData) -> ProjectData:
    """Personal data out: contacts pseudonymised ("Contact 3 (Director of Finance)"), their
    email, phone, organisation and notes blank, interaction text and people's history dropped,
    evidence content left out, and every contact's identifiers scrubbed from every other text
    field. Counts, dates and scores are kept, so figures stay the same."""
    ordered = sorted(data.contacts, key=lambda c: (c.created_at, c.id))
    ids = Identifiers.for_contacts(ordered)
    contacts = tuple(
        replace(c, name=_label(n, c, ids), role=ids.scrub(c.role), organisation="", email="",
                phone="", notes="", data_source=ids.scrub(c.data_source),
                lawful_basis=ids.scrub(c.lawful_basis))
        for n, c in enumerate(ordered, start=1))
    people = {"contact", "interaction"}
    scrub = ids.scrub_value
    return replace(
        data,
        project=replace(scrub(data.project), redacted=True),
        step_states={k: scrub(s) for k, s in data.step_states.items()},
        custom_steps=scrub(data.custom_steps),
        barriers=scrub(data.barriers),
        assessments=scrub(data.assessments),
        contacts=contacts,
        interactions=tuple(replace(i, summary="", follow_up_action="")
                           for i in data.interactions),
        comments=scrub(data.comments),
        history=tuple(scrub(h) for h in data.history if h.entity not in people),
        go_live_changes=scrub(data.go_live_changes),
        evidence=tuple(replace(scrub(e), size=0) for e in data.evidence),
        appraisal=scrub(data.appraisal, STRUCTURAL | _APPRAISAL_IDS),
    )


_APPRAISAL_IDS = frozenset({"option_id", "criterion_id", "legal_form", "funding_answers",
                            "started_at"})


class RedactedProject:
    """An open project seen through redaction, for exporters that read a repository.

    `load_all()`, `project()`, `contacts()` and `interactions()` give redacted data and
    `evidence_content()` nothing; everything else is the project's own. `real_contacts` are
    for `check_written` afterwards.
    """

    def __init__(self, repo: Any):
        self._repo = repo
        original = repo.load_all()
        self.real_contacts: tuple[Contact, ...] = original.contacts
        self._data = redact(original)

    def load_all(self) -> ProjectData:
        return self._data

    def project(self) -> Any:
        return self._data.project

    def contacts(self) -> list[Contact]:
        return list(self._data.contacts)

    def interactions(self, contact_id: str | None = None) -> list[Any]:
        return [i for i in self._data.interactions if contact_id in (None, i.contact_id)]

    def evidence_content(self, evidence_id: str) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._repo, name)


# --- after writing: the check ---------------------------------------------------------------------


def readable_text(raw: bytes, suffix: str = "") -> str:
    """Everything a reader of these bytes could see, as one text: the bytes decoded, every
    member of a zip (docx, xlsx, odt) decompressed, and for a PDF its pages' text, metadata and
    bookmarks."""
    parts = [raw.decode("utf-8", errors="replace"), raw.decode("latin-1")]
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        parts.append(raw.decode("utf-16", errors="replace"))
    if raw.startswith(b"PK\x03\x04"):
        parts += _zip_text(raw)
    if raw.startswith(b"%PDF") or suffix.lower() == ".pdf":
        parts += pdf_text(raw)
    return "\n".join(parts)


def _zip_text(raw: bytes) -> list[str]:
    parts = []
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for info in archive.infolist():
                if info.file_size <= 200 * 1024 * 1024:
                    parts.append(info.filename)
                    parts.append(archive.read(info).decode("utf-8", errors="replace"))
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        parts.append("")
    return parts


def pdf_text(raw: bytes) -> list[str]:
    """A PDF's page text, document information and bookmark titles, as a reader extracts them
    (PDFium, the engine of Chrome's viewer: a 250-page report in about half a second)."""
    try:
        import pypdfium2
    except ImportError:  # an environment installed before PDFium was a dependency
        return _pypdf_text(raw)
    try:
        document = pypdfium2.PdfDocument(raw)
    except pypdfium2.PdfiumError:
        return []  # not a PDF a reader could open: the raw bytes were scanned already
    try:
        parts = [str(v) for v in document.get_metadata_dict().values()]
        parts += [item.get_title() or "" for item in document.get_toc()]
        for page in document:
            text = page.get_textpage()
            parts.append(text.get_text_range())
            text.close()
            page.close()
        return parts
    finally:
        document.close()


def _pypdf_text(raw: bytes) -> list[str]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(raw))
    parts = [str(v) for v in (reader.metadata or {}).values()]
    return parts + [page.extract_text() or "" for page in reader.pages]


def leaks(raw: bytes, contacts: Iterable[Contact], suffix: str = "") -> list[str]:
    """Ids of the contacts whose full name, email or phone is readable in `raw`."""
    ids = Identifiers((c, c.id) for c in contacts)
    if not ids:
        return []
    return ids.found(readable_text(raw, suffix))


def written_since(output: Path, started: float) -> list[Path]:
    """`output` and the files beside it named after it ("OUT-steps.csv" for "OUT.csv"),
    those changed since `started` (a time stamp): what one export has just written."""
    output = Path(output)
    stem = output.name[:-len(output.suffix)] if output.suffix else output.name
    folder = output.parent if str(output.parent) else Path(".")
    try:
        candidates = [p for p in folder.iterdir() if p.name == output.name or (
            p.name.startswith(stem + "-") and not p.name.startswith("."))]
    except OSError:
        return []
    return [p for p in candidates if p.is_file() and p.stat().st_mtime >= started]


def check_written(paths: Iterable[Path], contacts: Iterable[Contact]) -> None:
    """Scan files just written by an export meant to leave personal data out.

    Raises:
        PersonalDataLeak: a contact's identifier was found; then every one of `paths` has
            been deleted, so nothing half-redacted is left to share.
    """
    paths, contacts = [Path(p) for p in paths], list(contacts)
    found = any(leaks(p.read_bytes(), contacts, p.suffix) for p in paths if p.is_file())
    if found:
        for p in paths:
            p.unlink(missing_ok=True)
        raise PersonalDataLeak(
            "The export was meant to leave personal data out but still held a contact's name, "
            "email or phone, so it was deleted. Please report this as a bug.")
