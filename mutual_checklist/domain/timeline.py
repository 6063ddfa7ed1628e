"""The plan as a picture: phases, steps and gates on a time axis (no Qt, no PDF code).

The Timeline view and the PDF report draw the same `TimelinePicture`, so they show the same plan.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mutual_checklist.domain import plan_words, progress
from mutual_checklist.domain.models import ChecklistTemplate, ProjectData, StepStatus
from mutual_checklist.domain.schedule import Schedule


@dataclass(frozen=True)
class TimelineRow:
    """One line of the picture: a phase (its span) or a step (its bar, baseline and float)."""

    kind: str  # "phase" or "step"
    item_id: str
    label: str
    start: dt.date | None = None
    due: dt.date | None = None
    baseline_start: dt.date | None = None
    baseline_due: dt.date | None = None
    float_days: int | None = None
    critical: bool = False
    gate: bool = False
    status: str = ""  # StepStatus value
    hand_set: bool = False


@dataclass(frozen=True)
class TimelinePicture:
    start: dt.date
    go_live: dt.date
    today: dt.date
    feasible: bool
    verdict: str
    rows: tuple[TimelineRow, ...]
    later_steps: int = 0  # steps after go-live, left off the picture

    @property
    def first(self) -> dt.date:
        dates = [self.start, self.today] + [d for r in self.rows
                                            for d in (r.start, r.baseline_start) if d]
        return min(dates)

    @property
    def last(self) -> dt.date:
        dates = [self.go_live] + [d for r in self.rows for d in (r.due, r.baseline_due) if d]
        return max(dates)


def picture(template: ChecklistTemplate, data: ProjectData, plan: Schedule,
            today: dt.date) -> TimelinePicture:
    """Every step before go-live, phase by phase, with the plan's and the baseline's dates."""
    rows: list[TimelineRow] = []
    later = 0
    for phase in template.phases:
        steps: list[TimelineRow] = []
        for step in phase.steps:
            placed = plan.steps.get(step.id)
            if placed is None:
                continue
            if step.timing.from_week >= 0:
                later += 1
                continue
            state = data.state(step.id)
            due = progress.effective_due_date(step, state, plan) or placed.due
            base = plan.baseline.get(step.id)
            steps.append(TimelineRow(
                "step", step.id, f"{step.id} {step.title}", min(placed.start, due), due,
                base.start if base else None, base.due if base else None,
                None if state.status in (StepStatus.DONE, StepStatus.NOT_APPLICABLE)
                else placed.float_days, placed.critical, step.gate is not None,
                state.status.value, state.due_date_manual and state.due_date is not None))
        if steps:
            rows.append(TimelineRow("phase", phase.id, phase.title,
                                    min(r.start for r in steps if r.start),
                                    max(r.due for r in steps if r.due)))
            rows += steps
    return TimelinePicture(plan.start, plan.go_live, today, plan.feasible,
                           plan_words.verdict(template, plan), tuple(rows), later)
