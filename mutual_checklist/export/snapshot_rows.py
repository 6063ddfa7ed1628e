"""The rows a ReportSnapshot is made of: plain frozen records with no behaviour to speak of.

Kept apart from ``snapshot`` so the building code stays short; every field is a str, int, bool,
date or a tuple of those, so a snapshot turns into JSON and back without loss.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mutual_checklist.domain.progress import ProgressCounts

HIGH = 4
"""Influence or interest of 4 or 5 (on the 1–5 scale) counts as high on the grid."""

QUADRANTS = ("manage_closely", "keep_satisfied", "keep_informed", "monitor")
QUADRANT_LABELS = {
    "manage_closely": "Manage closely (high influence, high interest)",
    "keep_satisfied": "Keep satisfied (high influence, lower interest)",
    "keep_informed": "Keep informed (lower influence, high interest)",
    "monitor": "Monitor (lower influence, lower interest)",
}
STANCES = ("champion", "supportive", "neutral", "sceptical", "opposed", "unknown")


def quadrant(influence: int, interest: int) -> str:
    """Place a contact on the power/interest grid."""
    if influence >= HIGH:
        return "manage_closely" if interest >= HIGH else "keep_satisfied"
    return "keep_informed" if interest >= HIGH else "monitor"


@dataclass(frozen=True)
class PhaseRow:
    title: str
    done: int
    in_progress: int
    blocked: int
    not_started: int
    not_applicable: int
    applicable: int
    percent: int

    @classmethod
    def of(cls, title: str, counts: ProgressCounts) -> PhaseRow:
        return cls(title, counts.done, counts.in_progress, counts.blocked, counts.not_started,
                   counts.not_applicable, counts.applicable, counts.percent)


@dataclass(frozen=True)
class StepRow:
    step_id: str
    order: int
    title: str
    phase: str
    status: str
    due: dt.date | None
    completed_on: dt.date | None
    owner: str
    is_gate: bool
    gate: str
    custom: bool
    blocked_by: str
    notes: str
    na_reason: str


@dataclass(frozen=True)
class DueRow:
    step_id: str
    title: str
    phase: str
    due: dt.date
    status: str
    is_gate: bool
    owner: str


@dataclass(frozen=True)
class GateRow:
    step_id: str
    title: str
    gate: str
    decider: str
    phase: str
    status: str
    closed: bool
    baseline_due: dt.date | None
    forecast_due: dt.date | None
    completed_on: dt.date | None
    overdue: bool

    @property
    def slip_days(self) -> int | None:
        if self.baseline_due is None or self.forecast_due is None:
            return None
        return (self.forecast_due - self.baseline_due).days


@dataclass(frozen=True)
class BarrierRow:
    barrier_id: str
    title: str
    category: str
    likelihood: int
    impact: int
    score: int
    rag: str
    trend: str
    treatment: str
    status: str
    live: bool
    owner: str
    review_date: dt.date | None
    mitigation: str
    description: str
    linked_steps: tuple[str, ...]


@dataclass(frozen=True)
class ContactDue:
    """A contact due for a keep-in-touch; name and role only when the leader chose names."""

    kind: str
    due: dt.date
    last_contact: dt.date | None
    name: str = ""
    role: str = ""


@dataclass(frozen=True)
class StakeholderSummary:
    total: int = 0
    anonymised: int = 0
    quadrants: dict[str, int] = field(default_factory=dict)
    stances: dict[str, int] = field(default_factory=dict)
    due: tuple[ContactDue, ...] = ()
    interactions: int = 0
