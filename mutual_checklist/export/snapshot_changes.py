"""What changed since the last issued report, worked out from its stored snapshot JSON.

The previous snapshot is read leniently (only the few fields compared here), so a report issued
by an older version still serves as the baseline; text that cannot be read at all counts as "no
previous report" and the section says so rather than failing the new report.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mutual_checklist.export.snapshot import ReportSnapshot

FIRST_REPORT_LOOKBACK_DAYS = 28


@dataclass(frozen=True)
class StepChange:
    step_id: str
    title: str
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class BarrierChange:
    title: str
    before: int | None
    after: int | None
    status: str


@dataclass(frozen=True)
class Changes:
    first_report: bool = True
    unreadable: bool = False
    previous_generated_at: str = ""
    previous_period_end: dt.date | None = None
    previous_percent: int | None = None
    done: tuple[StepChange, ...] = ()
    reopened: tuple[StepChange, ...] = ()
    new_barriers: tuple[BarrierChange, ...] = ()
    closed_barriers: tuple[BarrierChange, ...] = ()
    rescored: tuple[BarrierChange, ...] = ()
    rating_before: str | None = None
    rating_changed: bool = False
    go_live_before: dt.date | None = None
    go_live_changed: bool = False


def _read(previous: str | None) -> dict[str, Any] | None:
    if not previous:
        return None
    try:
        value = json.loads(previous)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("steps"), list):
        return None
    return value


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def compare(previous: str | None, now: ReportSnapshot) -> Changes:
    """Changes from the previous snapshot (JSON) to ``now``.

    With no previous report, ``done`` lists steps completed in the four weeks before today, so
    even the first report has something to say.
    """
    before = _read(previous)
    if before is None:
        since = now.today - dt.timedelta(days=FIRST_REPORT_LOOKBACK_DAYS)
        recent = tuple(StepChange(s.step_id, s.title, s.completed_on) for s in now.steps
                       if s.status == "done" and s.completed_on and s.completed_on > since)
        return Changes(first_report=True, unreadable=bool(previous), done=_by_date(recent))
    old_steps = {str(s.get("step_id")): str(s.get("status")) for s in before["steps"]
                 if isinstance(s, dict)}
    done = tuple(StepChange(s.step_id, s.title, s.completed_on) for s in now.steps
                 if s.status == "done" and old_steps.get(s.step_id) != "done")
    reopened = tuple(StepChange(s.step_id, s.title) for s in now.steps
                     if s.status not in ("done", "not_applicable")
                     and old_steps.get(s.step_id) == "done")
    old_barriers = {str(b.get("barrier_id")): b for b in before.get("barriers") or []
                    if isinstance(b, dict)}
    new, closed, rescored = [], [], []
    for b in now.barriers:
        old = old_barriers.get(b.barrier_id)
        if old is None:
            if b.live:
                new.append(BarrierChange(b.title, None, b.score, b.status))
            continue
        old_score = old.get("score") if isinstance(old.get("score"), int) else None
        if old.get("live") and not b.live:
            closed.append(BarrierChange(b.title, old_score, b.score, b.status))
        elif b.live and old_score is not None and old_score != b.score:
            rescored.append(BarrierChange(b.title, old_score, b.score, b.status))
    for barrier_id, old in old_barriers.items():
        if old.get("live") and barrier_id not in {b.barrier_id for b in now.barriers}:
            closed.append(BarrierChange(str(old.get("title", "")), old.get("score"), None,
                                        "removed"))
    overall = before.get("overall") if isinstance(before.get("overall"), dict) else {}
    go_live_before = _date(before.get("go_live_forecast"))
    return Changes(
        first_report=False, previous_generated_at=str(before.get("generated_at", "")),
        previous_period_end=_date(before.get("period_end")),
        previous_percent=overall.get("percent") if isinstance(overall.get("percent"), int)
        else None,
        done=_by_date(done), reopened=reopened, new_barriers=tuple(new),
        closed_barriers=tuple(closed), rescored=tuple(rescored),
        rating_before=before.get("rating"), rating_changed=before.get("rating") != now.rating,
        go_live_before=go_live_before, go_live_changed=go_live_before != now.go_live_forecast)


def _by_date(items: tuple[StepChange, ...]) -> tuple[StepChange, ...]:
    return tuple(sorted(items, key=lambda s: (s.completed_on or dt.date.max, s.title.casefold(),
                                              s.step_id)))
