"""CSV export: four tables (steps, barriers, contacts, interactions) for Excel and scripts.

The columns are a contract, documented in ``docs/csv-columns.md``: fixed names in a fixed order,
ISO dates (YYYY-MM-DD, which Excel sorts and filters as dates), rows in a stable order. Files
are UTF-8 with a byte-order mark so Excel reads accents correctly, with RFC 4180 quoting and
CRLF line ends. A text cell a spreadsheet could run as a formula gets a leading apostrophe
(`csv_cells.protect`, the one rule every CSV the app writes follows; phone numbers are left
as typed). The Excel workbook export needs none of this.
"""
from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Callable, Iterable
from pathlib import Path

from mutual_checklist.domain import progress, risk, schedule
from mutual_checklist.domain.csv_cells import protect
from mutual_checklist.domain.models import ChecklistTemplate, ProjectData
from mutual_checklist.export.snapshot_rows import quadrant
from mutual_checklist.storage import atomic

TABLES = ("steps", "barriers", "contacts", "interactions")

STEP_COLUMNS = ("step_id", "phase_id", "phase", "title", "kind", "gate", "status",
                "due_date", "due_date_source", "completed_on", "owner", "signed_off_by",
                "blocked_by_barrier_id", "blocked_by_barrier", "na_reason", "notes",
                "updated_at")
BARRIER_COLUMNS = ("barrier_id", "title", "category_id", "category", "status", "likelihood",
                   "impact", "score", "rag", "trend", "treatment", "owner", "owner_contact_id",
                   "review_date", "linked_steps", "description", "mitigation", "created_at",
                   "updated_at")
CONTACT_COLUMNS = ("contact_id", "name", "organisation", "role", "stakeholder_type", "email",
                   "phone", "influence", "interest", "grid_quadrant", "stance",
                   "contact_every_days", "next_contact_date", "last_contact_date",
                   "lawful_basis", "data_source", "retention_review_date", "anonymised",
                   "notes", "created_at", "updated_at")
INTERACTION_COLUMNS = ("interaction_id", "contact_id", "contact_name", "occurred_on", "kind",
                       "summary", "follow_up_date", "follow_up_action", "created_at")
NUMERIC = {"likelihood", "impact", "score", "influence", "interest", "contact_every_days"}


def _cell(column: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and column in NUMERIC:
        return str(value)
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return protect(text.replace("\x00", ""))


def _text(columns: tuple[str, ...], rows: Iterable[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(c, row.get(c)) for c in columns])
    return "\ufeff" + out.getvalue()


def steps_rows(template: ChecklistTemplate, data: ProjectData) -> list[dict[str, object]]:
    """One row per step in checklist display order (custom steps after their phase's)."""
    phases = {p.id: p.title for p in template.phases}
    barriers = {b.id: b.title for b in data.barriers}
    plan = schedule.plan_for(template, data)
    rows = []
    for ref in progress.all_steps(template, data):
        state = data.state(ref.step_id)
        due = progress.effective_due_date(ref.template_step, state, plan)
        source = ("manual" if state.due_date_manual else "set" if state.due_date else
                  "suggested" if due else "")
        gate = template.gate(ref.template_step.gate) if ref.template_step and \
            ref.template_step.gate else None
        rows.append({
            "step_id": ref.step_id, "phase_id": ref.phase_id,
            "phase": phases.get(ref.phase_id, ref.phase_id), "title": ref.title,
            "kind": "custom" if ref.template_step is None else "checklist",
            "gate": gate.title if gate else "", "status": state.status.value,
            "due_date": due, "due_date_source": source, "completed_on": state.completed_on,
            "owner": state.owner, "signed_off_by": state.signed_off_by,
            "blocked_by_barrier_id": state.blocked_by or "",
            "blocked_by_barrier": barriers.get(state.blocked_by or "", ""),
            "na_reason": state.na_reason, "notes": state.notes, "updated_at": state.updated_at})
    return rows


def barriers_rows(template: ChecklistTemplate, data: ProjectData) -> list[dict[str, object]]:
    """One row per barrier: live first, then by score (highest first), title and id."""
    assessed: dict[str, list] = {}
    for a in data.assessments:
        assessed.setdefault(a.barrier_id, []).append(a)
    ordered = sorted(data.barriers, key=lambda b: (not b.status.is_live, -b.score,
                                                   b.title.casefold(), b.id))
    return [{
        "barrier_id": b.id, "title": b.title, "category_id": b.category,
        "category": template.category_title(b.category), "status": b.status.value,
        "likelihood": b.likelihood, "impact": b.impact, "score": b.score,
        "rag": risk.rag(b.score), "trend": risk.trend(assessed.get(b.id, [])),
        "treatment": b.treatment.value, "owner": b.owner,
        "owner_contact_id": b.owner_contact_id or "", "review_date": b.review_date,
        "linked_steps": ";".join(b.linked_steps), "description": b.description,
        "mitigation": b.mitigation, "created_at": b.created_at, "updated_at": b.updated_at}
        for b in ordered]


def _last_contact(data: ProjectData) -> dict[str, object]:
    last: dict[str, object] = {}
    for i in data.interactions:
        if i.contact_id not in last or i.occurred_on > last[i.contact_id]:  # type: ignore[operator]
            last[i.contact_id] = i.occurred_on
    return last


def contacts_rows(template: ChecklistTemplate, data: ProjectData) -> list[dict[str, object]]:
    """One row per contact, by name (case-insensitive) then id. Holds personal data."""
    last = _last_contact(data)
    ordered = sorted(data.contacts, key=lambda c: (c.name.casefold(), c.id))
    return [{
        "contact_id": c.id, "name": c.name, "organisation": c.organisation, "role": c.role,
        "stakeholder_type": c.stakeholder_type, "email": c.email, "phone": c.phone,
        "influence": c.influence, "interest": c.interest,
        "grid_quadrant": quadrant(c.influence, c.interest), "stance": c.stance.value,
        "contact_every_days": c.contact_every_days, "next_contact_date": c.next_contact_date,
        "last_contact_date": last.get(c.id), "lawful_basis": c.lawful_basis,
        "data_source": c.data_source, "retention_review_date": c.retention_review_date,
        "anonymised": c.anonymised, "notes": c.notes, "created_at": c.created_at,
        "updated_at": c.updated_at} for c in ordered]


def interactions_rows(template: ChecklistTemplate,
                      data: ProjectData) -> list[dict[str, object]]:
    """One row per interaction, oldest first (date, then id)."""
    names = {c.id: c.name for c in data.contacts}
    ordered = sorted(data.interactions, key=lambda i: (i.occurred_on, i.id))
    return [{
        "interaction_id": i.id, "contact_id": i.contact_id,
        "contact_name": names.get(i.contact_id, ""), "occurred_on": i.occurred_on,
        "kind": i.kind, "summary": i.summary, "follow_up_date": i.follow_up_date,
        "follow_up_action": i.follow_up_action, "created_at": i.created_at} for i in ordered]


Rows = Callable[[ChecklistTemplate, ProjectData], list[dict[str, object]]]
TABLE_ROWS: dict[str, tuple[tuple[str, ...], Rows]] = {
    "steps": (STEP_COLUMNS, steps_rows), "barriers": (BARRIER_COLUMNS, barriers_rows),
    "contacts": (CONTACT_COLUMNS, contacts_rows),
    "interactions": (INTERACTION_COLUMNS, interactions_rows)}
"""table name -> (its columns, the function making its rows); the CSV and xlsx exports share
these."""


def table_csv(name: str, template: ChecklistTemplate, data: ProjectData) -> str:
    columns, rows = TABLE_ROWS[name]
    return _text(columns, rows(template, data))


def table_paths(output: Path) -> dict[str, Path]:
    """``OUT`` or ``OUT.csv`` -> ``OUT-steps.csv``, ``OUT-barriers.csv``, ... side by side."""
    output = Path(output)
    stem = output.name[:-4] if output.name.lower().endswith(".csv") else output.name
    return {name: output.with_name(f"{stem}-{name}.csv") for name in TABLES}


def write_tables(template: ChecklistTemplate, data: ProjectData, output: Path,
                 table: str | None = None) -> list[Path]:
    """Write all four tables next to each other, or just ``table`` to ``output`` itself.

    Every file is written to a temporary name first and renamed once all are written, so a
    failure leaves no half-written set behind.
    """
    targets = {table: Path(output)} if table else table_paths(output)
    with contextlib.ExitStack() as stack:  # every file renamed only once all are written
        for name, path in targets.items():
            handle = stack.enter_context(atomic.open_atomically(path, "w", newline=""))
            handle.write(table_csv(name, template, data))
    return list(targets.values())
