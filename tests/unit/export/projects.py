"""Project files the export tests share: the demo, and a project full of hostile text."""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path

from mutual_checklist import resources
from mutual_checklist.demo import build_demo
from mutual_checklist.domain.models import Barrier, Contact, Project, StepState, StepStatus
from mutual_checklist.storage.repository import ProjectRepository

TODAY = dt.date(2025, 3, 3)
TEMPLATE_ID = "mutual-2011"


def demo(path: Path) -> ProjectRepository:
    """The demo project built at `path` as of TODAY, open (use it in a `with`)."""
    template = resources.find_bundled_template(TEMPLATE_ID)
    return build_demo(path, template, resources.template_text(TEMPLATE_ID), TODAY)


def project_with_texts(path: Path, texts: Sequence[str], name: str = "Hostile") -> Path:
    """A project at `path` where each text is a barrier's title and mitigation and a contact's
    phone and notes; the first is also the notes of step S1-01."""
    template = resources.find_bundled_template(TEMPLATE_ID)
    project = Project(uuid=uuid.uuid4().hex, name=name, template_id=template.id,
                      template_version=template.version)
    with ProjectRepository.create(path, project, resources.template_text(template.id)) as repo:
        for n, text in enumerate(texts):
            repo.save_barrier(Barrier(id=f"b{n}", title=text, category="pensions",
                                      likelihood=2, impact=3, mitigation=text))
            repo.save_contact(Contact(id=f"c{n}", name=f"Person {n}", phone=text, notes=text))
        repo.save_step_state(StepState("S1-01", StepStatus.IN_PROGRESS, notes=texts[0]))
    return path
