"""Step progress arithmetic: due dates, completion per phase, overdue and due-soon steps, gates.

Pure functions of a template, a project's data and a ``today`` the caller passes in, so the
dashboard, the PDF report, the ``status`` command and the portfolio all count the same way and
tests can pin any date. The rules every number here obeys:

* A step is a template step or a custom step the leader added (``CustomStep.phase_id``).
* Not applicable (N/A) steps leave the denominator of every percentage and are never counted
  as done, never overdue and never due soon.
* Step states whose id matches no template or custom step (a step retired from the checklist)
  are ignored: they belong to no phase the leader can see.
* Due dates: a manual date wins, then a stored date, then the date of the fitted plan
  (``schedule.plan_for``), which runs from the project's start to go-live, so nothing is due
  before the project started.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mutual_checklist.domain import schedule
from mutual_checklist.domain.models import (
    ChecklistTemplate,
    Phase,
    ProjectData,
    StepState,
    StepStatus,
    TemplateStep,
    Timing,
)

_CLOSED = (StepStatus.DONE, StepStatus.NOT_APPLICABLE)


def suggested_due_date(timing: Timing, go_live: dt.date | None) -> dt.date | None:
    """Suggest a due date from the end of a step's window relative to go-live.

    The end of the window (``to_week``) is used because that is when the step must be finished;
    ``from_week`` is only when it can start.

    Args:
        timing: The step's suggested window in weeks relative to go-live (negative = before).
        go_live: The project's target go-live date, or ``None`` if not set.

    Returns:
        ``go_live + to_week`` weeks, or ``None`` when there is no go-live date.
    """
    if go_live is None:
        return None
    return go_live + dt.timedelta(weeks=timing.to_week)


def effective_due_date(
    step: TemplateStep | None, state: StepState, plan: schedule.Schedule | None
) -> dt.date | None:
    """The due date the leader sees for one step.

    A manual date always wins, even when it is empty: a leader who cleared the due date on
    purpose must not see a suggestion come back. Otherwise a stored date is used, and failing
    that the date in the fitted plan (custom steps are not planned, so no suggestion).

    Args:
        step: The template step, or ``None`` for a custom step.
        state: The step's progress record.
        plan: The project's fitted plan (``schedule.plan_for``), ``None`` without a go-live.

    Returns:
        The due date, or ``None`` when the step has none.
    """
    if state.due_date_manual or state.due_date is not None:
        return state.due_date
    if step is None or plan is None:
        return None
    return plan.due(step.id)


@dataclass(frozen=True)
class ProgressCounts:
    """How many steps are in each status; N/A steps leave the denominator."""

    total: int = 0
    done: int = 0
    in_progress: int = 0
    blocked: int = 0
    not_started: int = 0
    not_applicable: int = 0

    @property
    def applicable(self) -> int:
        return self.total - self.not_applicable

    @property
    def percent(self) -> int:
        """Done as a whole-number percentage of applicable steps, rounding halves up; 0 if none."""
        if self.applicable <= 0:
            return 0
        # Integer half-up rounding: no float surprises and no banker's rounding (1/8 -> 13).
        return (200 * self.done + self.applicable) // (2 * self.applicable)

    def __add__(self, other: ProgressCounts) -> ProgressCounts:
        return ProgressCounts(
            self.total + other.total,
            self.done + other.done,
            self.in_progress + other.in_progress,
            self.blocked + other.blocked,
            self.not_started + other.not_started,
            self.not_applicable + other.not_applicable,
        )


@dataclass(frozen=True)
class StepRef:
    """One step of a project, template or custom, in display order."""

    step_id: str
    title: str
    phase_id: str
    template_step: TemplateStep | None
    is_gate: bool


def all_steps(template: ChecklistTemplate, data: ProjectData) -> list[StepRef]:
    """List every step of a project in display order.

    Template steps come in template order with each phase's custom steps after them (by
    position, then id). Custom steps whose phase is not in the template come last, by phase id.

    Args:
        template: The project's checklist template.
        data: The project's data.

    Returns:
        One ``StepRef`` per step.
    """
    custom_by_phase: dict[str, list[StepRef]] = {}
    for custom in sorted(data.custom_steps, key=lambda c: (c.position, c.id)):
        ref = StepRef(custom.id, custom.title, custom.phase_id, None, False)
        custom_by_phase.setdefault(custom.phase_id, []).append(ref)
    refs: list[StepRef] = []
    for phase in template.phases:
        refs.extend(StepRef(s.id, s.title, phase.id, s, s.gate is not None) for s in phase.steps)
        refs.extend(custom_by_phase.pop(phase.id, []))
    for phase_id in sorted(custom_by_phase):
        refs.extend(custom_by_phase[phase_id])
    return refs


def count_statuses(statuses: list[StepStatus]) -> ProgressCounts:
    return ProgressCounts(
        total=len(statuses),
        done=statuses.count(StepStatus.DONE),
        in_progress=statuses.count(StepStatus.IN_PROGRESS),
        blocked=statuses.count(StepStatus.BLOCKED),
        not_started=statuses.count(StepStatus.NOT_STARTED),
        not_applicable=statuses.count(StepStatus.NOT_APPLICABLE),
    )


def phase_progress(
    template: ChecklistTemplate, data: ProjectData
) -> list[tuple[Phase, ProgressCounts]]:
    """Count progress per phase, custom steps included.

    Custom steps filed under a phase the template does not have (for example after a checklist
    revision retired it) get a stand-in ``Phase`` titled with its id, so no step goes uncounted.

    Args:
        template: The project's checklist template.
        data: The project's data.

    Returns:
        ``(phase, counts)`` pairs in template order, stand-in phases last.
    """
    statuses: dict[str, list[StepStatus]] = {}
    for ref in all_steps(template, data):
        statuses.setdefault(ref.phase_id, []).append(data.state(ref.step_id).status)
    result = [(phase, count_statuses(statuses.pop(phase.id, []))) for phase in template.phases]
    for phase_id in sorted(statuses):
        stand_in = Phase(phase_id, phase_id, purpose="Steps added to this project", steps=())
        result.append((stand_in, count_statuses(statuses[phase_id])))
    return result


def overall_progress(template: ChecklistTemplate, data: ProjectData) -> ProgressCounts:
    """Count progress over the whole project, custom steps included.

    Args:
        template: The project's checklist template.
        data: The project's data.

    Returns:
        The sum of every phase's counts.
    """
    return count_statuses([data.state(ref.step_id).status for ref in all_steps(template, data)])


@dataclass(frozen=True)
class DueStep:
    """A step with a due date, as listed under overdue or due soon."""

    step_id: str
    title: str
    phase_id: str
    due: dt.date
    status: StepStatus
    is_gate: bool


def _open_dated_steps(template: ChecklistTemplate, data: ProjectData) -> list[DueStep]:
    """Steps not done or N/A that have a due date, sorted by due date then display order."""
    plan = schedule.plan_for(template, data)
    found: list[tuple[dt.date, int, DueStep]] = []
    for order, ref in enumerate(all_steps(template, data)):
        state = data.state(ref.step_id)
        due = effective_due_date(ref.template_step, state, plan)
        if due is None or state.status in _CLOSED:
            continue
        item = DueStep(ref.step_id, ref.title, ref.phase_id, due, state.status, ref.is_gate)
        found.append((due, order, item))
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for _, _, item in found]


def overdue_steps(template: ChecklistTemplate, data: ProjectData, today: dt.date) -> list[DueStep]:
    """Steps due before today that are not done or N/A (a step due today is not yet overdue).

    Args:
        template: The project's checklist template.
        data: The project's data.
        today: The date to judge against.

    Returns:
        Overdue steps, earliest due first.
    """
    return [s for s in _open_dated_steps(template, data) if s.due < today]


def due_soon_steps(
    template: ChecklistTemplate, data: ProjectData, today: dt.date, days: int = 28
) -> list[DueStep]:
    """Steps due from today up to and including ``today + days`` that are not done or N/A.

    Args:
        template: The project's checklist template.
        data: The project's data.
        today: The date to judge against.
        days: How far ahead to look; the default four weeks matches the report's "next four
            weeks" section.

    Returns:
        Steps due soon, earliest due first.
    """
    horizon = today + dt.timedelta(days=days)
    return [s for s in _open_dated_steps(template, data) if today <= s.due <= horizon]


@dataclass(frozen=True)
class GateAhead:
    """A decision gate still to pass, with its due date against the baseline and the forecast."""

    step_id: str
    title: str
    gate_id: str
    gate_title: str
    phase_id: str
    status: StepStatus
    baseline_due: dt.date | None
    forecast_due: dt.date | None
    overdue: bool


def gates_ahead(template: ChecklistTemplate, data: ProjectData, today: dt.date) -> list[GateAhead]:
    """Gate steps that are not done or N/A, with baseline and forecast due dates.

    The baseline due date comes from the plan fitted to the first agreed go-live date, so a
    report can show how far a gate has slipped; the forecast is the step's effective due date in
    the current plan. A project with no go-live date shows neither.

    Args:
        template: The project's checklist template.
        data: The project's data.
        today: The date to judge overdue against.

    Returns:
        Gates ahead, earliest forecast first, undated gates last, ties in template order.
    """
    plan = schedule.plan_for(template, data, today)
    found: list[tuple[bool, dt.date, int, GateAhead]] = []
    placed = [(phase.id, step) for phase in template.phases for step in phase.steps]
    for order, (phase_id, step) in enumerate(placed):
        state = data.state(step.id)
        if step.gate is None or state.status in _CLOSED:
            continue
        gate = template.gate(step.gate)
        forecast = effective_due_date(step, state, plan)
        baseline = plan.baseline.get(step.id) if plan else None
        item = GateAhead(
            step_id=step.id,
            title=step.title,
            gate_id=step.gate,
            gate_title=gate.title if gate else step.gate,
            phase_id=phase_id,
            status=state.status,
            baseline_due=baseline.due if baseline else None,
            forecast_due=forecast,
            overdue=forecast is not None and forecast < today,
        )
        found.append((forecast is None, forecast or dt.date.max, order, item))
    found.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in found]
