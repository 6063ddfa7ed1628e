"""The project profile: where the service is, who its parent is, and two yes/no facts.

A checklist step can say which projects it is for (`applies`) and carry extra guidance for some
of them (`variants`). The profile decides both. Anything the team has not said yet counts as
"might apply", so nothing is hidden from a project whose profile is incomplete.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from mutual_checklist.domain.models import (
    ChecklistTemplate,
    ProfileCondition,
    Project,
    StepState,
    StepStatus,
    TemplateStep,
)

NATIONS = {"england": "England", "wales": "Wales", "scotland": "Scotland",
           "northern_ireland": "Northern Ireland"}
PARENTS = {"council": "a council", "nhs": "an NHS body", "other": "another public body"}
_YES = {"yes": True, "y": True, "true": True, "1": True,
        "no": False, "n": False, "false": False, "0": False}
_KEYS = ("nation", "parent", "regulated_care", "runs_vehicles")


@dataclass(frozen=True)
class ProjectProfile:
    nation: str = ""  # a key of NATIONS, or "" when not said
    parent: str = ""  # a key of PARENTS, or ""
    regulated_care: bool | None = None  # the new body will provide care a regulator registers
    runs_vehicles: bool | None = None  # the service carries people in its own vehicles

    @classmethod
    def of(cls, project: Project) -> ProjectProfile:
        return cls(project.profile_nation, project.profile_parent,
                   project.profile_regulated_care, project.profile_runs_vehicles)

    def project_fields(self) -> dict[str, object]:
        """The Project fields that store this profile (for `replace` or `update_project`)."""
        return {"profile_nation": self.nation, "profile_parent": self.parent,
                "profile_regulated_care": self.regulated_care,
                "profile_runs_vehicles": self.runs_vehicles}

    @property
    def is_empty(self) -> bool:
        return self == ProjectProfile()

    def describe(self) -> str:
        """One line for people, e.g. "Wales · parent: an NHS body · regulated care: yes"."""
        def yes_no(value: bool | None) -> str:
            return "not said" if value is None else ("yes" if value else "no")
        return " · ".join([
            NATIONS.get(self.nation, "nation not said"),
            f"parent: {PARENTS.get(self.parent, 'not said')}",
            f"regulated care: {yes_no(self.regulated_care)}",
            f"runs vehicles: {yes_no(self.runs_vehicles)}"])


def parse_profile(text: str) -> ProjectProfile:
    """Read `nation=wales,parent=nhs,regulated_care=yes,runs_vehicles=no` (any subset).

    Raises:
        ValueError: with a short message naming what was wrong and what is allowed.
    """
    values: dict[str, object] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, sep, value = (piece.strip().lower() for piece in item.partition("="))
        key = key.replace("-", "_")
        if not sep or key not in _KEYS:
            raise ValueError(f"'{item}' is not a profile setting; use "
                             + ", ".join(f"{k}=..." for k in _KEYS))
        value = value.replace(" ", "_").replace("-", "_")
        if key == "nation" and value not in NATIONS:
            raise ValueError(f"nation must be one of: {', '.join(NATIONS)}")
        if key == "parent" and value not in PARENTS:
            raise ValueError(f"parent must be one of: {', '.join(PARENTS)}")
        if key in ("regulated_care", "runs_vehicles"):
            if value not in _YES:
                raise ValueError(f"{key} must be yes or no")
            values[key] = _YES[value]
        else:
            values[key] = value
    return ProjectProfile(**values)  # type: ignore[arg-type]


def _may_match(condition: ProfileCondition, profile: ProjectProfile) -> bool:
    """False only when the profile says something the condition rules out."""
    if condition.nation and profile.nation and profile.nation not in condition.nation:
        return False
    if condition.parent and profile.parent and profile.parent not in condition.parent:
        return False
    for key in ("regulated_care", "runs_vehicles"):
        wanted, have = getattr(condition, key), getattr(profile, key)
        if wanted is not None and have is not None and wanted != have:
            return False
    return True


def _surely_matches(condition: ProfileCondition, profile: ProjectProfile) -> bool:
    """True when the profile says enough to know the condition holds."""
    unknown = ((condition.nation and not profile.nation)
               or (condition.parent and not profile.parent)
               or (condition.regulated_care is not None and profile.regulated_care is None)
               or (condition.runs_vehicles is not None and profile.runs_vehicles is None))
    return not unknown and _may_match(condition, profile)


def step_applies(step: TemplateStep, profile: ProjectProfile) -> bool:
    return step.applies is None or _may_match(step.applies, profile)


def describe_condition(condition: ProfileCondition) -> str:
    """E.g. "in Wales or Scotland" / "where the parent is an NHS body" / "for regulated care"."""
    parts = []
    if condition.nation:
        parts.append("in " + " or ".join(NATIONS[n] for n in condition.nation))
    if condition.parent:
        parts.append("where the parent is " + " or ".join(PARENTS[p] for p in condition.parent))
    if condition.regulated_care is not None:
        parts.append("where the new body provides regulated care" if condition.regulated_care
                     else "where the new body provides no regulated care")
    if condition.runs_vehicles is not None:
        parts.append("where the service runs vehicles" if condition.runs_vehicles
                     else "where the service runs no vehicles")
    return ", ".join(parts)


def variant_guidance(step: TemplateStep, profile: ProjectProfile) -> str:
    """Markdown with the variant guidance that fits this project.

    Variants that surely fit come first, headed "For your project"; those that might fit (the
    profile does not say) follow, each headed with the condition, so the reader can judge.
    """
    sure, maybe = [], []
    for variant in step.variants:
        if not _may_match(variant.when, profile):
            continue
        heading = describe_condition(variant.when)
        text = f"**{heading[0].upper()}{heading[1:]}:** {variant.guidance}"
        (sure if _surely_matches(variant.when, profile) else maybe).append(text)
    parts = []
    if sure:
        parts.append("**For your project** (from its profile):\n\n" + "\n\n".join(sure))
    if maybe:
        parts.append("**If it applies to you** (set the project profile to see only what "
                     "fits):\n\n" + "\n\n".join(maybe))
    return "\n\n".join(parts)


def profile_step_changes(template: ChecklistTemplate, profile: ProjectProfile,
                         states: dict[str, StepState]) -> list[StepState]:
    """Step states to write so that steps outside the profile read "not applicable".

    A step is marked only while nobody has touched it (not started); the reason is the
    template's own, so when the profile changes back, steps carrying exactly that reason
    return to "not started" and nothing the team wrote is lost.
    """
    changes = []
    for step in template.steps:
        if step.applies is None:
            continue
        state = states.get(step.id) or StepState(step.id)
        reason = auto_reason(step)
        if not step_applies(step, profile):
            if state.status is StepStatus.NOT_STARTED:
                changes.append(replace(state, status=StepStatus.NOT_APPLICABLE, na_reason=reason))
        elif state.status is StepStatus.NOT_APPLICABLE and state.na_reason == reason:
            changes.append(replace(state, status=StepStatus.NOT_STARTED, na_reason=""))
    return changes


def auto_reason(step: TemplateStep) -> str:
    return f"Project profile: {step.not_applicable}"

