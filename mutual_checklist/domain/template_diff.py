"""What changed between two versions of a checklist template, and how a project adopts the new one.

Progress is stored against stable step ids, so adopting a new version keeps every status, note
and date. A retired step that the team had already worked on is kept as one of the project's own
steps, so nothing they recorded disappears.
"""
from __future__ import annotations

from dataclasses import dataclass

from mutual_checklist.domain.models import (
    ChecklistTemplate,
    CustomStep,
    ProjectData,
    StepStatus,
    TemplateStep,
)


@dataclass(frozen=True)
class StepChange:
    step_id: str
    title: str
    what: tuple[str, ...]  # e.g. ("title", "guidance", "timing")


@dataclass(frozen=True)
class TemplateDiff:
    old_version: str
    new_version: str
    added: tuple[TemplateStep, ...]
    changed: tuple[StepChange, ...]
    retired: tuple[TemplateStep, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.retired)

    def summary(self) -> str:
        return (f"{len(self.added)} new, {len(self.changed)} changed and {len(self.retired)} "
                f"retired steps")


_COMPARED = (("title", "title"), ("guidance", "guidance"), ("timing", "timing"),
             ("gate", "decision gate"), ("barriers", "barriers"), ("owner", "owner"),
             ("depends_on", "dependencies"), ("basis", "basis"))


def diff_templates(old: ChecklistTemplate, new: ChecklistTemplate) -> TemplateDiff:
    """Compare two versions of the same checklist, step by step id."""
    old_steps = {s.id: s for s in old.steps}
    new_steps = {s.id: s for s in new.steps}
    added = tuple(s for s in new.steps if s.id not in old_steps)
    retired = tuple(s for s in old.steps if s.id not in new_steps)
    changed = []
    for step in new.steps:
        before = old_steps.get(step.id)
        if before is None:
            continue
        what = tuple(label for attr, label in _COMPARED
                     if getattr(before, attr) != getattr(step, attr))
        if what:
            changed.append(StepChange(step.id, step.title, what))
    return TemplateDiff(old.version, new.version, added, tuple(changed), retired)


def is_newer(candidate: str, current: str) -> bool:
    """Compare MAJOR.MINOR.PATCH versions numerically."""
    def parts(version: str) -> tuple[int, ...]:
        return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))
    return parts(candidate) > parts(current)


def retired_steps_to_keep(diff: TemplateDiff, data: ProjectData) -> list[CustomStep]:
    """Retired steps the team worked on become project steps, so their progress stays visible."""
    kept = []
    for position, step in enumerate(diff.retired):
        state = data.state(step.id)
        if state.status is StepStatus.NOT_STARTED and not state.notes and not any(
                e.step_id == step.id for e in data.evidence):
            continue
        kept.append(CustomStep(
            id=step.id, phase_id=step.phase_id, title=step.title,
            guidance=f"(This step was retired in version {diff.new_version} of the checklist; "
                     f"it is kept because your team worked on it.)\n\n{step.guidance}",
            barriers=step.barriers, owner=step.owner, position=1000 + position))
    return kept
