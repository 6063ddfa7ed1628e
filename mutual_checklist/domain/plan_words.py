"""The plan said in plain words: the board's verdict on the go-live date, and a step's place in it.

Shared by the dashboard, the PDF report, the timeline and the command line so they all say the
same thing.
"""
from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

from mutual_checklist.domain.dates import long_date, uk_date
from mutual_checklist.domain.models import (
    ChecklistTemplate,
    Deadline,
    LeadTime,
    ProjectData,
    StepStatus,
)
from mutual_checklist.domain.schedule import WEEK, PlannedStep, Schedule


def _weeks(days: int) -> str:
    weeks = days / WEEK
    text = f"{weeks:.0f}" if abs(weeks - round(weeks)) < 0.05 else f"{weeks:.1f}"
    return f"{text} week" + ("" if text == "1" else "s")


def chain_text(plan: Schedule, limit: int = 6) -> str:
    """'S4-08 → S4-09 → S4-10', shortened in the middle when long."""
    path = list(plan.critical_path)
    if len(path) > limit:
        path = path[:2] + ["…"] + path[-(limit - 3):]
    return " → ".join(path)


def _theme(template: ChecklistTemplate, plan: Schedule) -> str:
    """What the critical path is mostly about, from its steps' barrier categories."""
    counts = Counter(category for step_id in plan.critical_path
                     if (step := template.step(step_id)) for category in step.barriers)
    if not counts:
        return ""
    return template.category_title(counts.most_common(1)[0][0]).lower()


def critical_sentence(template: ChecklistTemplate, plan: Schedule) -> str:
    if not plan.critical_path:
        return ""
    theme = _theme(template, plan)
    through = f"through {theme} ({chain_text(plan)})" if theme else f"through {chain_text(plan)}"
    return f"The critical path runs {through}."


def verdict(template: ChecklistTemplate, plan: Schedule) -> str:
    """One or two sentences a board understands: can go-live be met, and what decides it."""
    when = long_date(plan.go_live)
    since = "" if plan.start >= plan.today else f" from the start on {long_date(plan.start)}"
    critical = critical_sentence(template, plan)
    if not plan.feasible:
        need = math.ceil(plan.shortest_days / WEEK)
        have = max(0, plan.days_available // WEEK)
        return (f"Go-live on {when} needs at least {need} weeks{since}; you have {have}. "
                + critical).strip()
    squeezed = sum(1 for step in plan.steps.values() if step.compressed)
    if squeezed:
        return (f"Go-live on {when} can be met, but only if {squeezed} "
                f"step{'s go' if squeezed != 1 else ' goes'} faster than usual: the shortest "
                f"realistic plan needs {_weeks(plan.shortest_days)} and you have "
                f"{_weeks(plan.days_available)}{since}. " + critical).strip()
    return (f"Go-live on {when} fits the plan at the usual pace: "
            f"{_weeks(plan.days_available)}{since}, and the shortest realistic plan needs "
            f"{_weeks(plan.shortest_days)}. " + critical).strip()


def step_line(placed: PlannedStep) -> str:
    """'Planned: 01/12/2026 to 26/01/2027 · 3 weeks of float · on the critical path'."""
    parts = [f"Planned: {uk_date(placed.start)} to {uk_date(placed.due)}"]
    if placed.compressed:
        parts.append(f"shortened from {_weeks(placed.typical_days)} to "
                     f"{_weeks(placed.planned_days)} to fit")
    if placed.critical:
        parts.append("on the critical path")
    elif placed.float_days is not None:
        parts.append("no float" if placed.float_days <= 0 else
                     f"{_weeks(placed.float_days)} of float")
    return " · ".join(parts)


def limit_line(limit: LeadTime | Deadline) -> str:
    if isinstance(limit, LeadTime):
        return f"Takes at least {_weeks(round(limit.weeks * WEEK))}: {limit.why}"
    days = limit.before_go_live_days
    return (f"Finish at least {days} day{'' if days == 1 else 's'} before go-live: "
            f"{limit.why}")


@dataclass(frozen=True)
class WeekItem:
    """A step that should be in progress this week."""

    step_id: str
    title: str
    start: dt.date
    due: dt.date
    status: StepStatus
    critical: bool


def this_week(template: ChecklistTemplate, data: ProjectData, plan: Schedule,
              today: dt.date) -> list[WeekItem]:
    """Open steps the plan has running this week (started by the week's end, not yet due before
    its start), critical ones first, then by due date."""
    week_start = today - dt.timedelta(days=today.weekday())
    week_end = week_start + dt.timedelta(days=6)
    found = []
    for step in template.steps:
        placed = plan.steps.get(step.id)
        state = data.state(step.id)
        if placed is None or state.status in (StepStatus.DONE, StepStatus.NOT_APPLICABLE):
            continue
        due = state.due_date if state.due_date_manual or state.due_date else placed.due
        if placed.start <= week_end and (due is None or due >= week_start):
            found.append(WeekItem(step.id, step.title, placed.start, due or placed.due,
                                  state.status, placed.critical))
    return sorted(found, key=lambda item: (not item.critical, item.due, item.step_id))
