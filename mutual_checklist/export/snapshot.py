"""ReportSnapshot: everything a progress report shows, computed once and frozen.

The PDF renders a snapshot and nothing else, so the figures in one report cannot disagree with
each other, and the snapshot (as JSON) is stored in the project when a report is issued so the
next report can say what changed since. Personal data: contact names appear only when the
options ask for them; ``redact`` also drops people's names and free-text notes, and scrubs every
contact's name, email and phone from all the rest (``export.redaction``).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import typing
from dataclasses import dataclass, field

from mutual_checklist import __version__
from mutual_checklist.domain import progress, readiness, risk, schedule, timeline
from mutual_checklist.domain.models import ChecklistTemplate, ProjectData, StepStatus
from mutual_checklist.export import redaction, snapshot_changes
from mutual_checklist.export.snapshot_appraisal import AppraisalSummary, summarise
from mutual_checklist.export.snapshot_rows import (
    BarrierRow,
    ContactDue,
    DueRow,
    GateRow,
    PhaseRow,
    StakeholderSummary,
    StepRow,
    quadrant,
)

SNAPSHOT_FORMAT = 1
DUE_SOON_DAYS = 28
TOP_RISKS = 8


@dataclass(frozen=True)
class ReportOptions:
    """What the leader chose when issuing the report."""

    redact: bool = False
    include_names: bool = False
    author: str = ""
    period_start: dt.date | None = None
    sections: tuple[str, ...] = ()  # optional sections to include; empty means all of them


OPTIONAL_SECTIONS = {
    "since_last": "Since the last report", "plan": "Plan to go-live (timeline)",
    "due": "Overdue and due in the next four weeks",
    "gates": "Decision gates", "risks": "Barriers and top risks", "blocks": "What blocks what",
    "asks": "Decisions and asks", "stakeholders": "Stakeholder summary",
    "appraisal": "Options appraisal and funding model",
    "appendices": "Appendices (full checklist, barrier register, definitions)"}
"""Sections the leader may leave out; the cover, summary and progress are always there."""


@dataclass(frozen=True)
class ReportSnapshot:
    format: int
    generated_at: str
    today: dt.date
    app_version: str
    redacted: bool
    include_names: bool
    project_uuid: str
    project_name: str
    organisation: str
    service: str
    author: str
    template_id: str
    template_title: str
    template_version: str
    period_start: dt.date | None
    period_end: dt.date
    go_live_baseline: dt.date | None
    go_live_forecast: dt.date | None
    days_to_go_live: int | None
    rating: str | None
    rating_reason: str
    suggested_rating: str
    suggested_reasons: tuple[str, ...]
    readiness_verdict: str
    readiness_headline: str
    readiness_reasons: tuple[str, ...]
    overall: PhaseRow
    phases: tuple[PhaseRow, ...]
    steps: tuple[StepRow, ...]
    overdue: tuple[DueRow, ...]
    due_soon: tuple[DueRow, ...]
    gates: tuple[GateRow, ...]
    heat_map: tuple[tuple[int, int, int], ...]
    top_risks: tuple[BarrierRow, ...]
    barriers: tuple[BarrierRow, ...]
    stakeholders: StakeholderSummary
    changes: snapshot_changes.Changes = field(default_factory=snapshot_changes.Changes)
    sections: tuple[str, ...] = ()
    plan: timeline.TimelinePicture | None = None  # None without a go-live date
    appraisal: AppraisalSummary | None = None

    def includes(self, section: str) -> bool:
        return not self.sections or section in self.sections

    # --- derived views the report reads ---------------------------------------------------------

    @property
    def blocked_steps(self) -> tuple[StepRow, ...]:
        return tuple(s for s in self.steps if s.status == StepStatus.BLOCKED.value)

    @property
    def live_barriers(self) -> tuple[BarrierRow, ...]:
        return tuple(b for b in self.barriers if b.live)

    @property
    def gates_ahead(self) -> tuple[GateRow, ...]:
        return tuple(g for g in self.gates if not g.closed)

    # --- JSON -----------------------------------------------------------------------------------

    def to_json(self) -> str:
        return json.dumps(_plain(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> ReportSnapshot:
        """Rebuild a snapshot; raises ValueError when the text is not one we wrote."""
        try:
            return _build(cls, json.loads(text))
        except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as error:
            raise ValueError(f"not a report snapshot: {error}") from None


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _expect(value: object, kind: type) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, found {type(value).__name__}")


def _build(tp: object, value: object) -> object:
    """Inverse of ``_plain`` guided by type hints (dataclasses, tuples, dates, optionals)."""
    if value is None:
        return None
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        _expect(value, dict)
        kwargs = {f.name: _build(hints[f.name], value[f.name])
                  for f in dataclasses.fields(tp) if f.name in value}
        return tp(**kwargs)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple:
        _expect(value, list)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v) for v in value)
        return tuple(_build(a, v) for a, v in zip(args, value))
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        inner = [a for a in args if a is not type(None)]
        return _build(inner[0], value)
    if origin is dict:
        _expect(value, dict)
        return {k: _build(args[1], v) for k, v in value.items()}
    if tp is dt.date:
        return dt.date.fromisoformat(str(value))
    return value


# --- building ------------------------------------------------------------------------------------


def build_snapshot(template: ChecklistTemplate, data: ProjectData, today: dt.date,
                   options: ReportOptions = ReportOptions(), generated_at: str = "",
                   previous: str | None = None) -> ReportSnapshot:
    """Compute every figure of the report from one project's data.

    ``previous`` is the JSON of the last issued snapshot (if any): the changes since then are
    worked out from it; unreadable JSON counts as no previous report.
    """
    project = data.project
    people_ok = not options.redact
    phase_titles = {p.id: p.title for p in template.phases}
    barrier_by_id = {b.id: b for b in data.barriers}
    contact_names = {c.id: c.name for c in data.contacts if not c.anonymised}
    go_live = project.go_live_date
    plan = schedule.plan_for(template, data, today)

    phases = tuple(PhaseRow.of(phase.title, counts)
                   for phase, counts in progress.phase_progress(template, data))
    overall = PhaseRow.of("All phases", progress.overall_progress(template, data))

    steps = []
    for order, ref in enumerate(progress.all_steps(template, data)):
        state = data.state(ref.step_id)
        blocker = barrier_by_id.get(state.blocked_by or "")
        gate = template.gate(ref.template_step.gate) if ref.template_step and \
            ref.template_step.gate else None
        steps.append(StepRow(
            step_id=ref.step_id, order=order, title=ref.title,
            phase=phase_titles.get(ref.phase_id, ref.phase_id), status=state.status.value,
            due=progress.effective_due_date(ref.template_step, state, plan),
            completed_on=state.completed_on,
            owner=state.owner if people_ok else "",
            is_gate=ref.is_gate, gate=gate.title if gate else "",
            custom=ref.template_step is None,
            blocked_by=blocker.title if blocker else "",
            notes=state.notes if people_ok else "",
            na_reason=state.na_reason if people_ok else ""))

    def due_rows(items: list[progress.DueStep]) -> tuple[DueRow, ...]:
        return tuple(DueRow(d.step_id, d.title, phase_titles.get(d.phase_id, d.phase_id), d.due,
                            d.status.value, d.is_gate,
                            (data.state(d.step_id).owner if people_ok else ""))
                     for d in items)

    assessments: dict[str, list] = {}
    for a in data.assessments:
        assessments.setdefault(a.barrier_id, []).append(a)

    titles = {s.step_id: s.title for s in steps}

    def barrier_row(b) -> BarrierRow:
        owner = b.owner
        if b.owner_contact_id and options.include_names and people_ok:
            owner = contact_names.get(b.owner_contact_id, owner)
        return BarrierRow(
            barrier_id=b.id, title=b.title, category=template.category_title(b.category),
            likelihood=b.likelihood, impact=b.impact, score=risk.score(b),
            rag=risk.rag(risk.score(b)), trend=risk.trend(assessments.get(b.id, [])),
            treatment=b.treatment.value, status=b.status.value, live=b.status.is_live,
            owner=owner if people_ok else "", review_date=b.review_date,
            mitigation=b.mitigation, description=b.description if people_ok else "",
            linked_steps=tuple(titles.get(s, s) for s in b.linked_steps))

    ordered = sorted(data.barriers, key=lambda b: (not b.status.is_live, -risk.score(b),
                                                   b.title.casefold(), b.id))
    rating, reasons = readiness.suggested_rating(template, data, today)
    verdict = readiness.readiness(template, data, today)
    _, days = readiness.days_to_go_live(project, today)
    heat = risk.heat_map(data.barriers)

    snapshot = ReportSnapshot(
        format=SNAPSHOT_FORMAT, generated_at=generated_at, today=today, app_version=__version__,
        redacted=options.redact, include_names=options.include_names and people_ok,
        sections=tuple(x for x in options.sections if x in OPTIONAL_SECTIONS),
        project_uuid=project.uuid, project_name=project.name,
        organisation=project.organisation, service=project.service,
        author=options.author or project.author,  # the leader writing the report, not a contact
        template_id=template.id, template_title=template.title,
        template_version=template.version,
        period_start=options.period_start, period_end=today,
        go_live_baseline=project.go_live_baseline, go_live_forecast=go_live,
        days_to_go_live=days,
        rating=project.rating.value if project.rating else None,
        rating_reason=project.rating_reason, suggested_rating=rating.value,
        suggested_reasons=tuple(reasons), readiness_verdict=verdict.verdict,
        readiness_headline=verdict.headline, readiness_reasons=tuple(verdict.reasons),
        overall=overall, phases=phases, steps=tuple(steps),
        overdue=due_rows(progress.overdue_steps(template, data, today)),
        due_soon=due_rows(progress.due_soon_steps(template, data, today, DUE_SOON_DAYS)),
        gates=_gate_rows(template, data, today, phase_titles),
        plan=timeline.picture(template, data, plan, today) if plan else None,
        heat_map=tuple((lk, im, n) for (lk, im), n in sorted(heat.items())),
        top_risks=tuple(barrier_row(b) for b in risk.top_barriers(data.barriers, TOP_RISKS)),
        barriers=tuple(barrier_row(b) for b in ordered),
        stakeholders=_stakeholders(template, data, today, options.include_names and people_ok),
        appraisal=summarise(data.appraisal, redact=options.redact),
    )
    changes = snapshot_changes.compare(previous, snapshot)
    snapshot = dataclasses.replace(snapshot, changes=changes)
    if not options.redact:
        return snapshot
    # The one redaction every output uses (export/redaction.py), over everything the report
    # shows: what came from an earlier (perhaps unredacted) report and the author included.
    return redaction.Identifiers.for_contacts(data.contacts).scrub_value(snapshot, _CODES)


# Snapshot fields holding ids and codes the report turns into words: never scrubbed. Everything
# else is text a person may have typed (a step row's `blocked_by` is a barrier's title).
_CODES = frozenset({
    "step_id", "barrier_id", "project_uuid", "template_id", "template_version", "generated_at",
    "previous_generated_at", "app_version", "sections", "status", "rag", "trend", "treatment",
    "rating", "suggested_rating", "readiness_verdict", "rating_before"})


def _gate_rows(template: ChecklistTemplate, data: ProjectData, today: dt.date,
               phase_titles: dict[str, str]) -> tuple[GateRow, ...]:
    """Every gate step, open or closed, with baseline and forecast due dates."""
    plan = schedule.plan_for(template, data, today)
    rows = []
    for phase in template.phases:
        for step in phase.steps:
            if not step.gate:
                continue
            state = data.state(step.id)
            gate = template.gate(step.gate)
            forecast = progress.effective_due_date(step, state, plan)
            baseline = plan.baseline.get(step.id) if plan else None
            closed = state.status in (StepStatus.DONE, StepStatus.NOT_APPLICABLE)
            rows.append(GateRow(
                step_id=step.id, title=step.title, gate=gate.title if gate else step.gate,
                decider=gate.decider if gate else "", phase=phase_titles[phase.id],
                status=state.status.value, closed=closed,
                baseline_due=baseline.due if baseline else None,
                forecast_due=forecast, completed_on=state.completed_on,
                overdue=not closed and forecast is not None and forecast < today))
    # Forecast order reads as a timeline; undated gates last, ties in checklist order.
    return tuple(sorted(rows, key=lambda g: (g.forecast_due is None,
                                             g.forecast_due or dt.date.max)))


def _stakeholders(template: ChecklistTemplate, data: ProjectData, today: dt.date,
                  names: bool) -> StakeholderSummary:
    people = [c for c in data.contacts if not c.anonymised]
    quadrants: dict[str, int] = {}
    stances: dict[str, int] = {}
    for c in people:
        quadrants[quadrant(c.influence, c.interest)] = quadrants.get(
            quadrant(c.influence, c.interest), 0) + 1
        stances[c.stance.value] = stances.get(c.stance.value, 0) + 1
    types = {t.id: t.title for t in template.stakeholder_types}
    due = tuple(ContactDue(
        kind=types.get(d.contact.stakeholder_type, d.contact.stakeholder_type or "Other"),
        due=d.due, last_contact=d.last_contact,
        name=d.contact.name if names else "", role=d.contact.role if names else "")
        for d in readiness.contacts_due(people, data.interactions, today))
    return StakeholderSummary(total=len(people), anonymised=len(data.contacts) - len(people),
                              quadrants=quadrants, stances=stances, due=due,
                              interactions=len(data.interactions))
