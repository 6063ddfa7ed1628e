"""What changed between two copies of the same project: for an adviser, and "since last report".

Pure: it compares two `ProjectData` values (two review copies, or the project now against the
data of the last issued report) and returns a `ProjectChanges` value with a plain-text and a JSON
rendering. Step due dates are compared as stored: a due date that only moved because go-live
moved is reported once, as "go-live moved", not once per step.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mutual_checklist.domain import risk
from mutual_checklist.domain.dates import long_date
from mutual_checklist.domain.models import (
    BarrierStatus,
    ChecklistTemplate,
    ProjectData,
    Rating,
    StepState,
    StepStatus,
)


class DifferentProjects(ValueError):
    """The two copies are of different projects, so comparing them would mislead."""


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class StepChange:
    step_id: str
    title: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class BarrierChange:
    barrier_id: str
    title: str
    old_score: int | None = None
    new_score: int | None = None
    old_status: str | None = None
    new_status: str | None = None


@dataclass(frozen=True)
class ProjectChanges:
    project_uuid: str
    project_name: str
    redacted: bool
    step_changes: tuple[StepChange, ...] = ()
    done_since: tuple[StepChange, ...] = ()
    barriers_opened: tuple[BarrierChange, ...] = ()
    barriers_closed: tuple[BarrierChange, ...] = ()
    barriers_rescored: tuple[BarrierChange, ...] = ()
    contacts_added: tuple[str, ...] = ()
    contacts_removed: tuple[str, ...] = ()
    contacts_added_count: int = 0
    contacts_removed_count: int = 0
    comments_added: int = 0
    go_live: FieldChange | None = None
    rating: FieldChange | None = None

    @property
    def empty(self) -> bool:
        return not (self.step_changes or self.barriers_opened or self.barriers_closed
                    or self.barriers_rescored or self.contacts_added_count
                    or self.contacts_removed_count or self.go_live or self.rating
                    or self.comments_added)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _titles(data: ProjectData, template: ChecklistTemplate | None) -> dict[str, str]:
    titles = {s.id: s.title for s in template.steps} if template else {}
    titles.update({c.id: c.title for c in data.custom_steps})
    return titles


def _step_fields(old: StepState, new: StepState) -> tuple[FieldChange, ...]:
    found = []
    if old.status is not new.status:
        found.append(FieldChange("status", old.status.value, new.status.value))
    if old.due_date != new.due_date:
        found.append(FieldChange("due_date", _iso(old.due_date), _iso(new.due_date)))
    if old.owner != new.owner:
        found.append(FieldChange("owner", old.owner, new.owner))
    return tuple(found)


def compare(old: ProjectData, new: ProjectData,
            template: ChecklistTemplate | None = None) -> ProjectChanges:
    """Compare two copies of one project, `old` first.

    Raises:
        DifferentProjects: the copies have different project ids.
    """
    if old.project.uuid != new.project.uuid:
        raise DifferentProjects(
            f"These are copies of different projects (“{old.project.name}” and "
            f"“{new.project.name}”), so there is nothing to compare.")
    titles = {**_titles(old, template), **_titles(new, template)}
    step_changes, done = [], []
    for step_id in sorted(set(old.step_states) | set(new.step_states)):
        before, after = old.state(step_id), new.state(step_id)
        fields = _step_fields(before, after)
        if not fields:
            continue
        change = StepChange(step_id, titles.get(step_id, step_id), fields)
        step_changes.append(change)
        if after.status is StepStatus.DONE and before.status is not StepStatus.DONE:
            done.append(change)

    old_barriers = {b.id: b for b in old.barriers}
    new_barriers = {b.id: b for b in new.barriers}
    opened, closed, rescored = [], [], []
    for barrier in new.barriers:
        was = old_barriers.get(barrier.id)
        if barrier.status.is_live and (was is None or not was.status.is_live):
            opened.append(BarrierChange(barrier.id, barrier.title, None if was is None else
                                        was.score, barrier.score,
                                        None if was is None else was.status.value,
                                        barrier.status.value))
        elif was is not None and was.status.is_live and not barrier.status.is_live:
            closed.append(BarrierChange(barrier.id, barrier.title, was.score, barrier.score,
                                        was.status.value, barrier.status.value))
        if was is not None and was.score != barrier.score:
            rescored.append(BarrierChange(barrier.id, barrier.title, was.score, barrier.score,
                                          was.status.value, barrier.status.value))
    for barrier in old.barriers:
        if barrier.id not in new_barriers and barrier.status.is_live:
            closed.append(BarrierChange(barrier.id, barrier.title, barrier.score, None,
                                        barrier.status.value, "removed"))

    redacted = old.project.redacted or new.project.redacted
    old_contacts = {c.id: c for c in old.contacts}
    new_contacts = {c.id: c for c in new.contacts}
    added = [new_contacts[i] for i in new_contacts if i not in old_contacts]
    removed = [old_contacts[i] for i in old_contacts if i not in new_contacts]
    old_comments = {c.id for c in old.comments}

    go_live = None
    if old.project.go_live_date != new.project.go_live_date:
        go_live = FieldChange("go_live_date", _iso(old.project.go_live_date),
                              _iso(new.project.go_live_date))
    rating = None
    if old.project.rating != new.project.rating:
        rating = FieldChange("rating", old.project.rating.value if old.project.rating else None,
                             new.project.rating.value if new.project.rating else None)
    return ProjectChanges(
        project_uuid=new.project.uuid, project_name=new.project.name, redacted=redacted,
        step_changes=tuple(step_changes), done_since=tuple(done),
        barriers_opened=tuple(opened), barriers_closed=tuple(closed),
        barriers_rescored=tuple(rescored),
        contacts_added=() if redacted else tuple(sorted(c.name for c in added)),
        contacts_removed=() if redacted else tuple(sorted(c.name for c in removed)),
        contacts_added_count=len(added), contacts_removed_count=len(removed),
        comments_added=sum(1 for c in new.comments if c.id not in old_comments),
        go_live=go_live, rating=rating)


# --- renderings ----------------------------------------------------------------------------------


def to_dict(changes: ProjectChanges) -> dict[str, Any]:
    """JSON-ready form (stable keys) for `changes --json` and report snapshots."""
    def step(s: StepChange) -> dict[str, Any]:
        return {"step": s.step_id, "title": s.title,
                "changes": [{"field": f.field, "old": f.old, "new": f.new} for f in s.changes]}

    def barrier(b: BarrierChange) -> dict[str, Any]:
        return {"barrier": b.barrier_id, "title": b.title, "old_score": b.old_score,
                "new_score": b.new_score, "old_status": b.old_status,
                "new_status": b.new_status}

    def pair(f: FieldChange | None) -> dict[str, Any] | None:
        return {"old": f.old, "new": f.new} if f else None

    return {
        "project_uuid": changes.project_uuid, "project_name": changes.project_name,
        "redacted": changes.redacted,
        "steps_changed": [step(s) for s in changes.step_changes],
        "steps_done": [step(s) for s in changes.done_since],
        "barriers_opened": [barrier(b) for b in changes.barriers_opened],
        "barriers_closed": [barrier(b) for b in changes.barriers_closed],
        "barriers_rescored": [barrier(b) for b in changes.barriers_rescored],
        "contacts": {"added": changes.contacts_added_count,
                     "removed": changes.contacts_removed_count,
                     "added_names": list(changes.contacts_added),
                     "removed_names": list(changes.contacts_removed)},
        "comments_added": changes.comments_added,
        "go_live": pair(changes.go_live), "rating": pair(changes.rating),
    }


def uk_date(iso: str | None) -> str:
    """'2025-03-03' -> '3 March 2025'; None -> 'not set'."""
    if not iso:
        return "not set"
    return long_date(dt.date.fromisoformat(iso))


def _value(f: FieldChange, value: str | None) -> str:
    if f.field == "status":
        return StepStatus(value).label if value else "not started"
    if f.field in ("due_date", "go_live_date"):
        return uk_date(value)
    if f.field == "rating":
        return Rating(value).label if value else "not set"
    return value or "nobody"


def _arrow(f: FieldChange) -> str:
    names = {"status": "status", "due_date": "due", "owner": "owner"}
    return f"{names.get(f.field, f.field)} {_value(f, f.old)} → {_value(f, f.new)}"


def _status(value: str | None) -> str:
    if value == "removed":
        return "removed"
    return BarrierStatus(value).value if value else "new"


def render_text(changes: ProjectChanges) -> str:
    """Plain English, one line per change, sections only when they have something in them."""
    lines = [f"Changes in “{changes.project_name}”"]
    if changes.empty:
        return "\n".join([*lines, "Nothing has changed between these two copies."])
    if changes.go_live:
        lines.append(f"Go-live moved: {_value(changes.go_live, changes.go_live.old)} → "
                     f"{_value(changes.go_live, changes.go_live.new)}")
    if changes.rating:
        lines.append(f"Delivery confidence: {_value(changes.rating, changes.rating.old)} → "
                     f"{_value(changes.rating, changes.rating.new)}")

    def section(title: str, items: list[str]) -> None:
        if items:
            lines.extend(["", f"{title} ({len(items)}):", *(f"  - {i}" for i in items)])

    done_ids = {s.step_id for s in changes.done_since}
    section("Steps done", [f"{s.step_id} {s.title}" for s in changes.done_since])
    others = []
    for s in changes.step_changes:
        shown = [f for f in s.changes if not (s.step_id in done_ids and f.field == "status")]
        if shown:
            others.append(f"{s.step_id} {s.title}: " + "; ".join(_arrow(f) for f in shown))
    section("Other step changes", others)
    section("Barriers opened", [f"{b.title} (score {b.new_score}, "
                                f"{risk.RAG_LABELS[risk.rag(b.new_score or 0)]})"
                                for b in changes.barriers_opened])
    section("Barriers closed", [f"{b.title} ({_status(b.new_status)})"
                                for b in changes.barriers_closed])
    section("Barriers re-scored", [f"{b.title}: {b.old_score} → {b.new_score}"
                                   for b in changes.barriers_rescored])
    contacts = []
    if changes.contacts_added_count:
        names = f": {', '.join(changes.contacts_added)}" if changes.contacts_added else ""
        contacts.append(f"{changes.contacts_added_count} added{names}")
    if changes.contacts_removed_count:
        names = f": {', '.join(changes.contacts_removed)}" if changes.contacts_removed else ""
        contacts.append(f"{changes.contacts_removed_count} removed{names}")
    section("Contacts", contacts)
    if changes.comments_added:
        lines.extend(["", f"New comments: {changes.comments_added}"])
    return "\n".join(lines)
