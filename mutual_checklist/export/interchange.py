"""The interchange JSON format: a whole project as one canonical, documented JSON document.

`export_text` then `import_file` then `export_text` gives the same bytes: keys are sorted, lists
come out in the repository's stable order, and every id and timestamp is carried through. The
format is described by `interchange.schema.json` (beside this file) and `docs/interchange.md`.
"""
from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from mutual_checklist import __version__
from mutual_checklist.domain.appraisal import (
    Appraisal,
    Criterion,
    Option,
    Score,
    check_appraisal,
)
from mutual_checklist.domain.models import (
    Barrier,
    BarrierAssessment,
    Comment,
    Contact,
    CustomStep,
    EvidenceInfo,
    GoLiveChange,
    HistoryEntry,
    Interaction,
    Project,
    ProjectData,
    StepState,
)
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.export.untrusted_json import ImportRejected, load_checked
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.storage.rows import from_row

FORMAT_NAME = "mutual-checklist-project"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 300 * 1024 * 1024
SCHEMA_PATH = Path(__file__).with_name("interchange.schema.json")

TemplateLookup = Callable[[str], tuple[str, str] | None]
"""template id -> (version, TOML text) of the template this build has, or None."""


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# --- export --------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _record(obj: Any) -> dict[str, Any]:
    return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def to_document(data: ProjectData, evidence_content: dict[str, bytes | None]) -> dict[str, Any]:
    """Build the interchange document for `data` (no I/O)."""
    def evidence(info: EvidenceInfo) -> dict[str, Any]:
        content = evidence_content.get(info.id)
        encoded = base64.b64encode(content).decode("ascii") if content is not None else None
        return {**_record(info), "content_base64": encoded}

    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "project": _record(data.project),
        "step_states": [_record(s) for s in sorted(data.step_states.values(),
                                                   key=lambda s: s.step_id)],
        "custom_steps": [_record(c) for c in data.custom_steps],
        "barriers": [_record(b) for b in data.barriers],
        "barrier_assessments": [_record(a) for a in data.assessments],
        "contacts": [_record(c) for c in data.contacts],
        "interactions": [_record(i) for i in data.interactions],
        "comments": [_record(c) for c in data.comments],
        "go_live_changes": [_record(g) for g in data.go_live_changes],
        "evidence": [evidence(e) for e in data.evidence],
        "history": [_record(h) for h in data.history],
        **appraisal_section(data.appraisal),
    }


def appraisal_section(appraisal: Appraisal | None) -> dict[str, Any]:
    """The optional "appraisal" section: absent until the leader starts an appraisal."""
    if appraisal is None:
        return {}
    return {"appraisal": {
        "options": [_record(o) for o in appraisal.options],
        "criteria": [_record(c) for c in appraisal.criteria],
        "scores": [_record(s) for s in appraisal.scores],
        "funding_answers": dict(sorted(appraisal.funding_answers.items())),
        "started_at": appraisal.started_at, "updated_at": appraisal.updated_at}}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def export_text(repo: ProjectRepository) -> str:
    data = repo.load_all()
    content = {e.id: repo.evidence_content(e.id) for e in data.evidence}
    return dumps(to_document(data, content))


# --- import --------------------------------------------------------------------------------------


def parse(raw: bytes) -> dict[str, Any]:
    """Parse and check untrusted bytes; raise ImportRejected with the first bad field's path."""
    document = load_checked(raw, max_bytes=MAX_IMPORT_BYTES, format_name=FORMAT_NAME,
                            format_version=FORMAT_VERSION, schema=schema(),
                            what="project export")
    _check_references(document)
    return document


def _check_references(doc: dict[str, Any]) -> None:
    """Ids are unique and every reference points at something in the file."""
    def ids(kind: str, key: str = "id") -> set[str]:
        seen: set[str] = set()
        for index, item in enumerate(doc[kind]):
            if item[key] in seen:
                raise ImportRejected(f"The file has a problem at $.{kind}[{index}].{key}: "
                                     f"{item[key]!r} appears twice.")
            seen.add(item[key])
        return seen

    def refer(kind: str, key: str, targets: set[str], what: str) -> None:
        for index, item in enumerate(doc[kind]):
            value = item[key]
            if value is not None and value not in targets:
                raise ImportRejected(f"The file has a problem at $.{kind}[{index}].{key}: "
                                     f"no {what} has the id {value!r}.")

    barriers, contacts = ids("barriers"), ids("contacts")
    for kind in ("custom_steps", "barrier_assessments", "interactions", "comments", "evidence",
                 "history"):
        ids(kind)
    ids("step_states", "step_id")
    refer("step_states", "blocked_by", barriers, "barrier")
    for index, item in enumerate(doc["step_states"]):  # optional field, added in 0.1
        if item.get("contact_id") is not None and item["contact_id"] not in contacts:
            raise ImportRejected(f"The file has a problem at $.step_states[{index}].contact_id: "
                                 f"no contact has the id {item['contact_id']!r}.")
    refer("barriers", "owner_contact_id", contacts, "contact")
    refer("barrier_assessments", "barrier_id", barriers, "barrier")
    refer("interactions", "contact_id", contacts, "contact")
    for index, item in enumerate(doc["step_states"]):
        if item["status"] == "not_applicable" and not item["na_reason"].strip():
            raise ImportRejected(f"The file has a problem at $.step_states[{index}].na_reason: "
                                 "a step marked not applicable needs a reason.")
    _check_dates(doc)
    if "appraisal" in doc:
        _check_appraisal(doc["appraisal"])


def _check_appraisal(section: dict[str, Any]) -> None:
    """Unique ids, scores that point at real options and criteria, and the appraisal's rules."""
    for kind in ("options", "criteria"):
        seen: set[str] = set()
        for index, item in enumerate(section[kind]):
            if item["id"] in seen:
                raise ImportRejected(f"The file has a problem at $.appraisal.{kind}[{index}].id: "
                                     f"{item['id']!r} appears twice.")
            seen.add(item["id"])
    options = {o["id"] for o in section["options"]}
    criteria = {c["id"] for c in section["criteria"]}
    for index, cell in enumerate(section["scores"]):
        for key, known, what in (("option_id", options, "option"),
                                 ("criterion_id", criteria, "criterion")):
            if cell[key] not in known:
                raise ImportRejected(f"The file has a problem at $.appraisal.scores[{index}]."
                                     f"{key}: no {what} has the id {cell[key]!r}.")
    try:
        check_appraisal(_appraisal_from(section))
    except RuleViolation as error:
        raise ImportRejected(f"The file has a problem at $.appraisal: {error}") from None


def _appraisal_from(section: dict[str, Any]) -> Appraisal:
    return Appraisal(
        options=tuple(from_row(Option, o) for o in section["options"]),
        criteria=tuple(from_row(Criterion, c) for c in section["criteria"]),
        scores=tuple(from_row(Score, s) for s in section["scores"]),
        funding_answers=dict(section["funding_answers"]),
        started_at=section["started_at"], updated_at=section["updated_at"])


def _check_dates(doc: dict[str, Any]) -> None:
    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")
        elif isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and \
                value[7:8] == "-" and value[:4].isdigit():
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise ImportRejected(f"The file has a problem at {path}: {value!r} is not a real "
                                     "date.") from None
    for kind in ("project", "step_states", "barriers", "contacts", "interactions",
                 "go_live_changes"):
        walk(doc[kind], f"$.{kind}")


def to_project_data(doc: dict[str, Any]) -> tuple[ProjectData, dict[str, bytes]]:
    content: dict[str, bytes] = {}
    for index, item in enumerate(doc["evidence"]):
        if item["content_base64"] is not None:
            try:
                content[item["id"]] = base64.b64decode(item["content_base64"], validate=True)
            except (binascii.Error, ValueError):
                raise ImportRejected(f"The file has a problem at $.evidence[{index}]."
                                     "content_base64: it is not valid base64.") from None
    data = ProjectData(
        project=from_row(Project, doc["project"]),
        step_states={s["step_id"]: from_row(StepState, s) for s in doc["step_states"]},
        custom_steps=tuple(from_row(CustomStep, c) for c in doc["custom_steps"]),
        barriers=tuple(from_row(Barrier, b) for b in doc["barriers"]),
        assessments=tuple(from_row(BarrierAssessment, a) for a in doc["barrier_assessments"]),
        contacts=tuple(from_row(Contact, c) for c in doc["contacts"]),
        interactions=tuple(from_row(Interaction, i) for i in doc["interactions"]),
        comments=tuple(from_row(Comment, c) for c in doc["comments"]),
        history=tuple(from_row(HistoryEntry, h) for h in doc["history"]),
        go_live_changes=tuple(from_row(GoLiveChange, g) for g in doc["go_live_changes"]),
        evidence=tuple(from_row(EvidenceInfo, {k: v for k, v in e.items()
                                               if k != "content_base64"}) for e in doc["evidence"]),
        appraisal=_appraisal_from(doc["appraisal"]) if "appraisal" in doc else None,
    )
    return data, content


def import_file(source: Path, dest: Path, template_lookup: TemplateLookup) -> ProjectRepository:
    """Create the project file `dest` from the interchange file `source`.

    The new file is written under a temporary name and renamed only when complete, so a rejected,
    failed or killed import leaves no output file.

    Raises:
        ImportRejected: the input is not an acceptable project export (nothing is written).
        StorageError: the output could not be written (nothing is left behind).
    """
    try:
        raw = Path(source).read_bytes()
    except OSError as error:
        raise ImportRejected(f"Could not read {source}: {error.strerror or error}.") from None
    return create_from_document(parse(raw), dest, template_lookup)


def create_from_document(document: dict[str, Any], dest: Path,
                         template_lookup: TemplateLookup) -> ProjectRepository:
    """Create the project file `dest` from a parsed, checked interchange document."""
    data, content = to_project_data(document)
    project = data.project
    found = template_lookup(project.template_id)
    if found is None:
        raise ImportRejected(
            f"The project uses the checklist {project.template_id!r}, which this version of "
            "Mutual Checklist does not have.")
    version, text = found
    return ProjectRepository.create_with(
        dest, lambda repo: repo.write_all(data, text, content, template_version=version))
