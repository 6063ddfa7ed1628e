"""Domain value objects: checklist templates and the state of one project.

Plain frozen dataclasses and enums with no Qt and no SQL, so every layer can share them and tests
can build them by hand.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mutual_checklist.domain.appraisal import Appraisal

# --- checklist templates -------------------------------------------------------------------------


class Basis(str, enum.Enum):
    """How firm the source of a step is, firmest first."""

    GUIDE = "guide"
    GUIDE_SUMMARY = "guide_summary"
    OTHER_GUIDE = "other_guide"
    INFERRED = "inferred"

    @property
    def label(self) -> str:
        return _BASIS_LABELS[self]


_BASIS_LABELS = {
    Basis.GUIDE: "Stated in the 2011 guide",
    Basis.GUIDE_SUMMARY: "From a co-author's summary of the guide",
    Basis.OTHER_GUIDE: "From another published guide",
    Basis.INFERRED: "Common practice (inferred)",
}


@dataclass(frozen=True)
class Timing:
    """Suggested window in weeks relative to go-live (negative = before)."""

    from_week: int
    to_week: int
    note: str = ""


@dataclass(frozen=True)
class Duration:
    """How long a step usually takes and the least it can take, in working weeks."""

    typical: float
    minimum: float


@dataclass(frozen=True, kw_only=True)
class TimeLimit:
    """A limit on a step's timing that no effort changes: the source it comes from, and why."""

    source: str
    why: str


@dataclass(frozen=True)
class LeadTime(TimeLimit):
    """Time a step cannot take less than however hard the team works (a decision, a process)."""

    weeks: float


@dataclass(frozen=True)
class Deadline(TimeLimit):
    """A step that must be finished at least this many days before go-live."""

    before_go_live_days: int


@dataclass(frozen=True)
class ProfileCondition:
    """Which projects something is for; an empty field places no limit (see domain/profile.py)."""

    nation: tuple[str, ...] = ()
    parent: tuple[str, ...] = ()
    regulated_care: bool | None = None
    runs_vehicles: bool | None = None


@dataclass(frozen=True)
class StepVariant:
    """Extra guidance shown for projects that match `when` (e.g. NHS parents, Wales)."""

    when: ProfileCondition
    guidance: str


@dataclass(frozen=True)
class TemplateStep:
    id: str
    title: str
    guidance: str
    barriers: tuple[str, ...]
    owner: str
    timing: Timing
    basis: Basis
    phase_id: str = ""
    group: str = ""
    co_owners: tuple[str, ...] = ()
    gate: str | None = None
    depends_on: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    evidence: str = ""
    legal: bool = False  # states law: carries sources and the date they were last checked
    checked_on: dt.date | None = None
    applies: ProfileCondition | None = None  # None: every project
    not_applicable: str = ""  # why the step does not apply to a project outside `applies`
    variants: tuple[StepVariant, ...] = ()
    duration: Duration | None = None  # None: derived from the timing window (see schedule.py)
    lead_time: LeadTime | None = None
    deadline: Deadline | None = None


@dataclass(frozen=True)
class Phase:
    id: str
    title: str
    purpose: str
    steps: tuple[TemplateStep, ...]
    parallel: bool = False


@dataclass(frozen=True)
class Gate:
    id: str
    title: str
    decider: str
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class BarrierCategory:
    id: str
    title: str
    goes_wrong: str = ""
    mitigations: str = ""
    stages: tuple[str, ...] = ()


@dataclass(frozen=True)
class TypicalBarrier:
    id: str
    category: str
    title: str
    description: str
    likelihood: int
    impact: int
    mitigation: str
    treatment: str


@dataclass(frozen=True)
class StakeholderType:
    id: str
    title: str
    needs: str = ""
    stages: tuple[str, ...] = ()


@dataclass(frozen=True)
class OwnerRole:
    id: str
    title: str


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    definition: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    organisation: str
    year: int
    note: str = ""
    url: str = ""


@dataclass(frozen=True)
class ChecklistTemplate:
    id: str
    version: str
    title: str
    phases: tuple[Phase, ...]
    format_version: int = 1
    short_title: str = ""
    source: str = ""
    summary: str = ""
    disclaimer: str = ""
    sources: tuple[Source, ...] = ()
    owner_roles: tuple[OwnerRole, ...] = ()
    barrier_categories: tuple[BarrierCategory, ...] = ()
    typical_barriers: tuple[TypicalBarrier, ...] = ()
    stakeholder_types: tuple[StakeholderType, ...] = ()
    gates: tuple[Gate, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    checked_on: dt.date | None = None  # when the content was last checked against its sources

    @property
    def steps(self) -> tuple[TemplateStep, ...]:
        return tuple(step for phase in self.phases for step in phase.steps)

    def step(self, step_id: str) -> TemplateStep | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def category_title(self, category_id: str) -> str:
        found = next((c for c in self.barrier_categories if c.id == category_id), None)
        return found.title if found else category_id

    def owner_title(self, role_id: str) -> str:
        found = next((r for r in self.owner_roles if r.id == role_id), None)
        return found.title if found else role_id

    def gate(self, gate_id: str) -> Gate | None:
        return next((g for g in self.gates if g.id == gate_id), None)


# --- project state -------------------------------------------------------------------------------


class StepStatus(str, enum.Enum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    StepStatus.NOT_STARTED: "Not started",
    StepStatus.IN_PROGRESS: "In progress",
    StepStatus.BLOCKED: "Blocked",
    StepStatus.DONE: "Done",
    StepStatus.NOT_APPLICABLE: "Not applicable",
}


class Rating(str, enum.Enum):
    """The government's five-point delivery-confidence scale, best first."""

    GREEN = "green"
    AMBER_GREEN = "amber_green"
    AMBER = "amber"
    AMBER_RED = "amber_red"
    RED = "red"

    @property
    def label(self) -> str:
        return self.value.replace("_", "/").capitalize().replace("/g", "/G").replace("/r", "/R")

    @property
    def rank(self) -> int:
        return list(Rating).index(self)


class Treatment(str, enum.Enum):
    TREAT = "treat"
    TOLERATE = "tolerate"
    TRANSFER = "transfer"
    TERMINATE = "terminate"


class BarrierStatus(str, enum.Enum):
    OPEN = "open"
    MITIGATING = "mitigating"
    RESOLVED = "resolved"
    ACCEPTED = "accepted"

    @property
    def is_live(self) -> bool:
        return self in (BarrierStatus.OPEN, BarrierStatus.MITIGATING)


class Stance(str, enum.Enum):
    CHAMPION = "champion"
    SUPPORTIVE = "supportive"
    NEUTRAL = "neutral"
    SCEPTICAL = "sceptical"
    OPPOSED = "opposed"
    UNKNOWN = "unknown"


class CommentTarget(str, enum.Enum):
    STEP = "step"
    BARRIER = "barrier"
    OVERALL = "overall"


@dataclass(frozen=True)
class Project:
    uuid: str
    name: str
    template_id: str
    template_version: str
    organisation: str = ""
    service: str = ""
    author: str = ""
    go_live_date: dt.date | None = None
    go_live_baseline: dt.date | None = None
    plan_start: dt.date | None = None  # the plan runs from here to go-live (None: created_at)
    rating: Rating | None = None
    rating_reason: str = ""
    is_review_copy: bool = False
    redacted: bool = False
    created_at: str = ""
    updated_at: str = ""
    # The project profile (domain/profile.py); "" or None: not said yet.
    profile_nation: str = ""
    profile_parent: str = ""
    profile_regulated_care: bool | None = None
    profile_runs_vehicles: bool | None = None


@dataclass(frozen=True)
class StepState:
    """Progress on one step (a template step or a custom step)."""

    step_id: str
    status: StepStatus = StepStatus.NOT_STARTED
    na_reason: str = ""
    blocked_by: str | None = None
    owner: str = ""
    due_date: dt.date | None = None
    due_date_manual: bool = False
    notes: str = ""
    completed_on: dt.date | None = None
    signed_off_by: str = ""
    updated_at: str = ""
    contact_id: str | None = None  # the stakeholder this step depends on (counterpart)


@dataclass(frozen=True)
class CustomStep:
    id: str
    phase_id: str
    title: str
    guidance: str = ""
    barriers: tuple[str, ...] = ()
    owner: str = ""
    position: int = 0


@dataclass(frozen=True)
class Barrier:
    id: str
    title: str
    category: str
    likelihood: int
    impact: int
    description: str = ""
    owner: str = ""
    owner_contact_id: str | None = None
    treatment: Treatment = Treatment.TREAT
    mitigation: str = ""
    status: BarrierStatus = BarrierStatus.OPEN
    review_date: dt.date | None = None
    linked_steps: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True)
class BarrierAssessment:
    id: str
    barrier_id: str
    assessed_at: str
    likelihood: int
    impact: int
    note: str = ""


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    organisation: str = ""
    role: str = ""
    stakeholder_type: str = ""
    email: str = ""
    phone: str = ""
    influence: int = 3
    interest: int = 3
    stance: Stance = Stance.UNKNOWN
    notes: str = ""
    contact_every_days: int | None = None
    next_contact_date: dt.date | None = None
    lawful_basis: str = ""
    data_source: str = ""
    retention_review_date: dt.date | None = None
    anonymised: bool = False
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class Interaction:
    id: str
    contact_id: str
    occurred_on: dt.date
    kind: str = "meeting"
    summary: str = ""
    follow_up_date: dt.date | None = None
    follow_up_action: str = ""
    created_at: str = ""


@dataclass(frozen=True)
class Comment:
    id: str
    target: CommentTarget
    target_id: str
    author: str
    body: str
    created_at: str


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: str
    entity: str
    entity_id: str
    field: str
    old: str | None
    new: str | None
    note: str = ""


@dataclass(frozen=True)
class GoLiveChange:
    at: str
    old_date: dt.date | None
    new_date: dt.date
    reason: str


@dataclass(frozen=True)
class EvidenceInfo:
    """An evidence file or link attached to a step (content loaded separately)."""

    id: str
    step_id: str
    name: str
    size: int = 0
    link: str = ""
    added_at: str = ""


@dataclass(frozen=True)
class ProjectData:
    """Everything in one project, loaded at once for exports, reports and status."""

    project: Project
    step_states: dict[str, StepState] = field(default_factory=dict)
    custom_steps: tuple[CustomStep, ...] = ()
    barriers: tuple[Barrier, ...] = ()
    assessments: tuple[BarrierAssessment, ...] = ()
    contacts: tuple[Contact, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    comments: tuple[Comment, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    go_live_changes: tuple[GoLiveChange, ...] = ()
    evidence: tuple[EvidenceInfo, ...] = ()
    appraisal: Appraisal | None = None  # options appraisal and funding answers, once started

    def state(self, step_id: str) -> StepState:
        return self.step_states.get(step_id) or StepState(step_id)
