"""Tiny hand-built templates and project data for domain tests.

Everything defaults to something harmless so a test names only what it is about.
"""
from __future__ import annotations

import datetime as dt

from mutual_checklist.domain.models import (
    Barrier,
    BarrierAssessment,
    BarrierStatus,
    Basis,
    ChecklistTemplate,
    Contact,
    CustomStep,
    Gate,
    Interaction,
    Phase,
    Project,
    ProjectData,
    StepState,
    StepStatus,
    TemplateStep,
    Timing,
)

TODAY = dt.date(2025, 3, 3)  # a Monday


def day(offset: int, base: dt.date = TODAY) -> dt.date:
    """The date ``offset`` days after ``base`` (before if negative)."""
    return base + dt.timedelta(days=offset)


def step(
    step_id: str,
    title: str | None = None,
    *,
    to_week: int = -4,
    from_week: int | None = None,
    gate: str | None = None,
    phase_id: str = "",
) -> TemplateStep:
    """A template step due ``to_week`` weeks relative to go-live."""
    return TemplateStep(
        id=step_id,
        title=title or f"Step {step_id}",
        guidance="",
        barriers=(),
        owner="leader",
        timing=Timing(from_week if from_week is not None else to_week - 2, to_week),
        basis=Basis.GUIDE,
        phase_id=phase_id,
        gate=gate,
    )


def template(*phases: Phase, gates: tuple[Gate, ...] = ()) -> ChecklistTemplate:
    """A template of the given phases; gates get a stock record for every gate id used."""
    used = sorted({s.gate for p in phases for s in p.steps if s.gate})
    known = {g.id for g in gates}
    stock = tuple(Gate(g, f"Gate {g}", "board", ()) for g in used if g not in known)
    return ChecklistTemplate(
        id="test", version="1", title="Test checklist", phases=phases, gates=gates + stock
    )


def phase(phase_id: str, *steps: TemplateStep, title: str | None = None) -> Phase:
    return Phase(id=phase_id, title=title or f"Phase {phase_id}", purpose="", steps=steps)


def project(
    go_live: dt.date | None = None, baseline: dt.date | None = None, **kwargs: object
) -> Project:
    return Project(
        uuid="p-1",
        name="Day opportunities",
        template_id="test",
        template_version="1",
        go_live_date=go_live,
        go_live_baseline=baseline,
        **kwargs,  # type: ignore[arg-type]
    )


def state(step_id: str, status: StepStatus = StepStatus.NOT_STARTED, **kwargs: object) -> StepState:
    return StepState(step_id, status, **kwargs)  # type: ignore[arg-type]


def data(
    proj: Project | None = None,
    *states: StepState,
    custom: tuple[CustomStep, ...] = (),
    barriers: tuple[Barrier, ...] = (),
    **kwargs: object,
) -> ProjectData:
    """Project data with the given step states keyed by step id."""
    return ProjectData(
        project=proj or project(),
        step_states={s.step_id: s for s in states},
        custom_steps=custom,
        barriers=barriers,
        **kwargs,  # type: ignore[arg-type]
    )


def custom(step_id: str, phase_id: str, title: str | None = None, position: int = 0) -> CustomStep:
    return CustomStep(id=step_id, phase_id=phase_id, title=title or f"Custom {step_id}",
                      position=position)


def barrier(
    barrier_id: str,
    likelihood: int,
    impact: int,
    *,
    title: str | None = None,
    status: BarrierStatus = BarrierStatus.OPEN,
    review_date: dt.date | None = None,
) -> Barrier:
    return Barrier(
        id=barrier_id,
        title=title or f"Barrier {barrier_id}",
        category="pensions",
        likelihood=likelihood,
        impact=impact,
        status=status,
        review_date=review_date,
    )


def assessment(
    aid: str, at: str, likelihood: int, impact: int, barrier_id: str = "b1"
) -> BarrierAssessment:
    return BarrierAssessment(aid, barrier_id, at, likelihood, impact)


def contact(contact_id: str, name: str | None = None, **kwargs: object) -> Contact:
    name = name or f"Contact {contact_id}"
    return Contact(id=contact_id, name=name, **kwargs)  # type: ignore[arg-type]


def interaction(iid: str, contact_id: str, occurred_on: dt.date) -> Interaction:
    return Interaction(id=iid, contact_id=contact_id, occurred_on=occurred_on)
