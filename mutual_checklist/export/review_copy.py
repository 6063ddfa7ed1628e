"""Review copies: a consistent snapshot of a project for an adviser, optionally redacted.

A review copy is always written fresh (`ProjectRepository.create_with` + `write_all`) from data
loaded and redacted in memory, so no free page of the new file can hold text the leader deleted
or that redaction removed. With redaction, no contact's name, email or phone survives anywhere in
the file: contacts become "Contact 3 (Director of Finance)", interaction and note text goes, and
every other free-text field is scrubbed of each contact's identifiers. The written file's raw
bytes are then checked; a copy that fails the check is deleted, never handed over.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mutual_checklist.domain.models import Contact, HistoryEntry, ProjectData
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.storage.repository import ProjectRepository, utc_now

# String fields that hold ids, codes or timestamps, never free text: left as they are.
_STRUCTURAL = frozenset({
    "id", "uuid", "step_id", "barrier_id", "contact_id", "target_id", "entity", "entity_id",
    "field", "category", "phase_id", "template_id", "template_version", "created_at",
    "updated_at", "at", "assessed_at", "added_at", "stakeholder_type", "kind", "stance",
    "owner_contact_id", "blocked_by"})
_HONORIFICS = frozenset({"cllr", "councillor", "dr", "mr", "mrs", "ms", "miss", "mx", "prof",
                         "professor", "sir", "dame", "rev", "lord", "lady"})
_WORD = re.compile(r"\w+")
_PHONE_RUN = re.compile(r"\+?\d[\d ().\-\u00a0]*\d")
MIN_PHONE_DIGITS = 5
MAX_NAME_TOKENS = 6
HISTORY_FIELD = "review_copy"


@dataclass(frozen=True)
class ReviewCopyResult:
    path: Path
    redacted: bool
    contacts: int
    evidence_files_left_out: int


def _phone_digits(text: str) -> str:
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.lstrip().startswith("+44") or digits.startswith("0044"):
        digits = "0" + digits[4 if digits.startswith("0044") else 2:]
    return digits


class Identifiers:
    """Every way a contact may be written in free text, and how to scrub it out.

    Matching works on word tokens and digit runs (not one huge regex), so it stays linear in
    the length of the text however many contacts there are.
    """

    def __init__(self, contacts: list[tuple[Contact, str]]):
        self.names: dict[tuple[str, ...], str] = {}
        self.single: dict[str, str] = {}
        self.emails: dict[str, str] = {}
        self.phones: dict[str, str] = {}
        ambiguous = "a contact"
        for contact, label in contacts:
            tokens = [t.casefold() for t in _WORD.findall(contact.name)]
            core = [t for t in tokens if t not in _HONORIFICS] or tokens
            variants = {tuple(tokens), tuple(core)}
            if len(core) >= 2:
                variants |= {(core[0], core[-1]), (core[0][0], core[-1])}
            for variant in variants:
                if len(variant) >= 2:
                    self.names[variant] = label
            for token in set(core if len(core) >= 2 else tokens):
                if len(token) >= 3 or len(core) == 1:
                    self.single[token] = ambiguous if self.single.get(token, label) != label \
                        else label
            if "@" in contact.email:
                self.emails[contact.email.strip().casefold()] = label
            digits = _phone_digits(contact.phone)
            if len(digits) >= MIN_PHONE_DIGITS:
                self.phones[digits] = label
        self._phone_lengths = sorted({len(p) for p in self.phones}, reverse=True)
        self._longest_local = max((e.index("@") for e in self.emails), default=0)
        self._longest_domain = max((len(e) - e.index("@") for e in self.emails), default=0)

    def spans(self, text: str, *, single_tokens: bool = True) -> list[tuple[int, int, str]]:
        """(start, end, label) of every identifier found in `text`, possibly overlapping."""
        found = self._email_spans(text) if self.emails else []
        if self.phones:
            found += self._phone_spans(text)
        tokens = list(_WORD.finditer(text))
        keys = [m.group().casefold() for m in tokens]
        for i, match in enumerate(tokens):
            for n in range(min(MAX_NAME_TOKENS, len(tokens) - i), 1, -1):
                label = self.names.get(tuple(keys[i:i + n]))
                if label:
                    found.append((match.start(), tokens[i + n - 1].end(), label))
                    break
            else:
                if single_tokens and keys[i] in self.single and match.group()[0].isupper():
                    found.append((match.start(), match.end(), self.single[keys[i]]))
        return found

    def _email_spans(self, text: str) -> list[tuple[int, int, str]]:
        """Expand outwards from each "@" (a regex would be quadratic on long runs of letters)."""
        found = []
        at = text.find("@")
        while at != -1:
            start = at
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._+'-"):
                start -= 1
            end = at + 1
            while end < len(text) and (text[end].isalnum() or text[end] in ".-_"):
                end += 1
            while end > at + 1 and text[end - 1] == ".":
                end -= 1
            if end - at <= self._longest_domain:
                for head in range(max(start, at - self._longest_local), at):
                    label = self.emails.get(text[head:end].casefold())
                    if label:
                        found.append((head, end, label))
                        break
            at = text.find("@", at + 1)
        return found

    def _phone_spans(self, text: str) -> list[tuple[int, int, str]]:
        found = []
        for run in _PHONE_RUN.finditer(text):
            chunk = run.group()
            positions = [run.start() + k for k, ch in enumerate(chunk) if ch.isdigit()]
            variants = [("".join(ch for ch in chunk if ch.isdigit()), positions)]
            if chunk.startswith("+44"):
                variants.append(("0" + variants[0][0][2:], [run.start()] + positions[2:]))
            for digits, where in variants:
                for start in range(len(digits)):
                    for length in self._phone_lengths:
                        label = self.phones.get(digits[start:start + length])
                        if label:
                            found.append((where[start], where[start + length - 1] + 1, label))
                            break
        return found

    def scrub(self, text: str) -> str:
        """`text` with every identifier replaced by "[Contact N]"."""
        if not text:
            return text
        spans = sorted(self.spans(text), key=lambda s: (s[0], -s[1]))
        if not spans:
            return text
        out, pos = [], 0
        for start, end, label in spans:
            if start < pos:
                continue
            out += [text[pos:start], f"[{label}]"]
            pos = end
        out.append(text[pos:])
        return "".join(out)


def _label(number: int, contact: Contact, ids: Identifiers | None) -> str:
    role = contact.role.strip() or contact.stakeholder_type.replace("_", " ").strip()
    if ids is not None:
        role = ids.scrub(role)
    return f"Contact {number} ({role})" if role else f"Contact {number}"


def _scrub_record(record: Any, ids: Identifiers) -> Any:
    changes = {f.name: ids.scrub(getattr(record, f.name)) for f in dataclasses.fields(record)
               if f.name not in _STRUCTURAL and type(getattr(record, f.name)) is str}
    return replace(record, **changes)


def redact(data: ProjectData) -> ProjectData:
    """Personal data out: contacts pseudonymised, notes dropped, identifiers scrubbed everywhere."""
    ordered = sorted(data.contacts, key=lambda c: (c.created_at, c.id))
    short = [(c, f"Contact {n}") for n, c in enumerate(ordered, start=1)]
    ids = Identifiers(short)
    contacts = tuple(
        replace(c, name=_label(n, c, ids), role=ids.scrub(c.role), organisation="", email="",
                phone="", notes="", data_source=ids.scrub(c.data_source),
                lawful_basis=ids.scrub(c.lawful_basis))
        for n, c in enumerate(ordered, start=1))
    people = {"contact", "interaction"}
    return replace(
        data,
        project=_scrub_record(data.project, ids),
        step_states={k: _scrub_record(s, ids) for k, s in data.step_states.items()},
        custom_steps=tuple(_scrub_record(c, ids) for c in data.custom_steps),
        barriers=tuple(_scrub_record(b, ids) for b in data.barriers),
        assessments=tuple(_scrub_record(a, ids) for a in data.assessments),
        contacts=contacts,
        interactions=tuple(replace(i, summary="", follow_up_action="")
                           for i in data.interactions),
        comments=tuple(_scrub_record(c, ids) for c in data.comments),
        history=tuple(_scrub_record(h, ids) for h in data.history if h.entity not in people),
        go_live_changes=tuple(_scrub_record(g, ids) for g in data.go_live_changes),
        evidence=tuple(replace(_scrub_record(e, ids), size=0) for e in data.evidence),
    )


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
        leaks = find_identifiers(dest.read_bytes(), original.contacts)
        if leaks:
            dest.unlink(missing_ok=True)
            raise StorageError(
                "The redacted copy still contained personal data, so it was deleted. Please "
                "report this as a bug.")
    left_out = sum(1 for e in original.evidence if e.size) if redacted else 0
    return ReviewCopyResult(dest, redacted, len(original.contacts), left_out)


def find_identifiers(raw: bytes, contacts: tuple[Contact, ...] | list[Contact]) -> list[str]:
    """Which contacts' full names, emails or phones occur in `raw` (a file's bytes)."""
    labelled = [(c, c.id) for c in contacts]
    ids = Identifiers(labelled)
    text = raw.decode("utf-8", errors="replace")
    return sorted({label for _, _, label in ids.spans(text, single_tokens=False)})
