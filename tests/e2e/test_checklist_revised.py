"""Scenario 6: a newer checklist ships; the project shows what changed and adopts it, keeping
every bit of progress."""
from __future__ import annotations

import re
import shutil

import pytest

from mutual_checklist import resources
from mutual_checklist.domain.models import StepStatus
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui import project_dialogs
from mutual_checklist.ui.application import build_main_window, fresh_demo


@pytest.fixture
def newer_checklist(tmp_path, monkeypatch):
    """A minor version after the bundled checklist: one step added, one retitled, one retired."""
    folder = tmp_path / "checklists"
    folder.mkdir()
    text = (resources.checklists_dir() / "mutual-2011.toml").read_text(encoding="utf-8")
    text = text.replace('version = "2.0.0"', 'version = "2.1.0"', 1)
    text = text.replace('title = "Make sure employee liability information arrives in time"',
                        'title = "Get employee liability information on time"', 1)
    # retire S3-14 (the demo marked it not applicable, with a reason)
    text = re.sub(r'\[\[phases\.steps\]\]\nid = "S3-14".*?(?=\n\[\[phases(?:\.steps)?\]\])', "",
                  text,
                  count=1, flags=re.S)
    text = text.replace('depends_on = ["S3-14", "S4-03"]', 'depends_on = ["S4-03"]', 1)  # S4-25
    text = text.replace('[[phases.steps]]\nid = "S6-11"', '''[[phases.steps]]
id = "S6-12"
title = "Publish an annual report on employee ownership"
guidance = """Each year, tell staff members and partners how ownership is working in practice: \
how staff used their voice, what the board decided and how surpluses were used. It keeps \
ownership visible and builds trust with the commissioner. Agree the format with the staff \
council, publish it where every member can read it, and invite questions at the annual meeting. \
The usual mistake is a glossy document nobody reads; keep it short, honest and specific, with \
real examples that staff recognise, and ask members what they would like to see next year."""
evidence = "The first annual ownership report is published."
barriers = ["governance"]
owner = "board"
timing = { from_week = 48, to_week = 60 }
basis = "inferred"

[[phases.steps]]
id = "S6-11"''', 1)
    (folder / "mutual-2011.toml").write_text(text, encoding="utf-8")
    shutil.copy(resources.checklists_dir() / "right-to-challenge-eoi.toml", folder)
    path = fresh_demo()  # made with the bundled 2.0.0
    monkeypatch.setattr(resources, "checklists_dir", lambda: folder)
    resources._bundled_templates.cache_clear()
    yield path
    resources._bundled_templates.cache_clear()


def test_project_shows_and_adopts_the_newer_checklist(qtbot, newer_checklist, monkeypatch):
    window = build_main_window(newer_checklist)
    qtbot.addWidget(window)
    view = window.checklist
    assert not view.update_banner.isHidden()
    assert "1 new, 2 changed and 1 retired" in view.update_label.text()
    with ProjectRepository.open(newer_checklist, read_only=True) as repo:
        before = repo.step_states()
    seen = []
    monkeypatch.setattr(project_dialogs, "ask_adopt_template",
                        lambda parent, diff: seen.append(diff) or True)
    view.update_button.click()
    diff = seen[0]
    assert [s.id for s in diff.added] == ["S6-12"] and [s.id for s in diff.retired] == ["S3-14"]
    assert [c.step_id for c in diff.changed] == ["S4-06", "S4-25"]
    assert view.update_banner.isHidden()
    assert view.steps_model.step_index("S6-12").isValid()
    with ProjectRepository.open(newer_checklist, read_only=True) as repo:
        assert repo.project().template_version == "2.1.0"
        after = repo.step_states()
        kept = {c.id: c for c in repo.custom_steps()}
    for step_id, state in before.items():  # no progress lost
        assert after[step_id].status == state.status and after[step_id].notes == state.notes
    assert "S3-14" in kept and after["S3-14"].status is StepStatus.NOT_APPLICABLE
    assert view.steps_model.step_index("S3-14").isValid()  # still visible, as the team's own
    window.session.close()
    reopened = build_main_window(newer_checklist)
    qtbot.addWidget(reopened)
    assert reopened.session.template.version == "2.1.0"
    assert reopened.checklist.update_banner.isHidden()
    reopened.session.close()
