"""Generate the large project the targets are measured on (PRODUCT.md §5).

The bundled checklist plus 2,000 custom steps, 1,000 barriers, 5,000 contacts, 20,000
interactions and 50,000 history rows. Deterministic (seeded), written in one transaction through
``ProjectRepository.write_all``, so it takes a second or two. Reuse it from any benchmark:

    from benchmarks.large_project import build_large
    with build_large(path, template, template_text, today) as repo: ...

or from a shell: ``python benchmarks/large_project.py OUT.mutual``.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mutual_checklist import resources
from mutual_checklist.domain.models import (
    Barrier,
    BarrierAssessment,
    BarrierStatus,
    ChecklistTemplate,
    Contact,
    CustomStep,
    HistoryEntry,
    Interaction,
    Project,
    ProjectData,
    Rating,
    Stance,
    StepState,
    StepStatus,
    Treatment,
)
from mutual_checklist.storage.repository import ProjectRepository

SIZES = {"custom_steps": 2_000, "barriers": 1_000, "contacts": 5_000,
         "interactions": 20_000, "history": 50_000}
WORDS = ["pension", "bond", "actuary", "council", "commissioner", "staff", "union", "TUPE", "contract", "lease", "payroll", "board", "members", "VAT", "HMRC", "procurement", "route", "premises", "minibus", "insurance", "finance", "cash", "forecast", "engagement", "survey", "vote", "governance", "trustees", "legal", "advice"]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def large_data(template: ChecklistTemplate, today: dt.date, seed: int = 2011) -> ProjectData:
    """The large project as domain objects (nothing written)."""
    rng = random.Random(seed)
    ids = lambda prefix, n: [uuid.UUID(int=rng.getrandbits(128)).hex for _ in range(n)]
    stamp = f"{today:%Y-%m-%d}T09:00:00Z"
    go_live = today + dt.timedelta(weeks=30)
    project = Project(uuid=uuid.UUID(int=rng.getrandbits(128)).hex,
                      name="Large generated project", template_id=template.id,
                      template_version=template.version, organisation="Generated Council",
                      service="Everything at once", author="Benchmark", go_live_date=go_live,
                      go_live_baseline=go_live - dt.timedelta(weeks=8), rating=Rating.AMBER,
                      rating_reason="Generated.", created_at=stamp, updated_at=stamp)
    phases = [p.id for p in template.phases]
    statuses = list(StepStatus)
    custom = tuple(CustomStep(id=i, phase_id=rng.choice(phases), title=_text(rng, 8),
                              guidance=_text(rng, 20), position=n)
                   for n, i in enumerate(ids("s", SIZES["custom_steps"])))
    step_ids = [s.id for s in template.steps] + [c.id for c in custom]
    barriers = []
    for n, bid in enumerate(ids("b", SIZES["barriers"])):
        barriers.append(Barrier(
            id=bid, title=_text(rng, 7), category=rng.choice(template.barrier_categories).id,
            likelihood=rng.randint(1, 5), impact=rng.randint(1, 5), description=_text(rng, 25),
            owner="Owner " + str(n % 40), treatment=rng.choice(list(Treatment)),
            mitigation=_text(rng, 18), status=rng.choice(list(BarrierStatus)),
            review_date=today + dt.timedelta(days=rng.randint(-30, 90)),
            linked_steps=tuple(rng.sample(step_ids, 2)), created_at=stamp, updated_at=stamp))
    states = {}
    for sid in step_ids:
        status = rng.choice(statuses)
        states[sid] = StepState(
            sid, status=status, notes=_text(rng, rng.randint(0, 30)), owner="Team member",
            blocked_by=rng.choice(barriers).id if status is StepStatus.BLOCKED else None,
            na_reason="Not needed here." if status is StepStatus.NOT_APPLICABLE else "",
            completed_on=today - dt.timedelta(days=rng.randint(1, 300))
            if status is StepStatus.DONE else None, updated_at=stamp)
    assessments = tuple(BarrierAssessment(id=f"a{n}", barrier_id=b.id, assessed_at=stamp,
                                          likelihood=b.likelihood, impact=b.impact)
                        for n, b in enumerate(barriers))
    contacts = tuple(Contact(
        id=cid, name=f"Person {n}", organisation="Org " + str(n % 50), role=_text(rng, 3),
        stakeholder_type=rng.choice(template.stakeholder_types).id,
        email=f"person{n}@example.org", phone=f"01632 {n:06d}",
        influence=rng.randint(1, 5), interest=rng.randint(1, 5), stance=rng.choice(list(Stance)),
        contact_every_days=rng.choice((None, 14, 30, 60)), created_at=stamp, updated_at=stamp)
        for n, cid in enumerate(ids("c", SIZES["contacts"])))
    interactions = tuple(Interaction(
        id=iid, contact_id=rng.choice(contacts).id,
        occurred_on=today - dt.timedelta(days=rng.randint(0, 500)), kind="meeting",
        summary=_text(rng, 15),
        follow_up_date=today + dt.timedelta(days=rng.randint(-20, 60)) if n % 4 == 0 else None,
        follow_up_action=_text(rng, 5) if n % 4 == 0 else "", created_at=stamp)
        for n, iid in enumerate(ids("i", SIZES["interactions"])))
    history = tuple(HistoryEntry(id=n + 1, at=stamp, entity="step",
                                 entity_id=rng.choice(step_ids), field="status",
                                 old="not_started", new="in_progress")
                    for n in range(SIZES["history"]))
    return ProjectData(project=project, step_states=states, custom_steps=custom,
                       barriers=tuple(barriers), assessments=assessments, contacts=contacts,
                       interactions=interactions, history=history)


def build_large(path: Path, template: ChecklistTemplate, template_text: str,
                today: dt.date | None = None) -> ProjectRepository:
    """Write the large project to ``path`` (which must not exist) and return it open."""
    data = large_data(template, today or dt.date.today())
    return ProjectRepository.create_with(path, lambda repo: repo.write_all(data, template_text))


if __name__ == "__main__":
    template = resources.find_bundled_template("mutual-2011")
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "large.mutual")
    with build_large(out, template, resources.template_text("mutual-2011")):
        pass
    print(f"Wrote {out}")
