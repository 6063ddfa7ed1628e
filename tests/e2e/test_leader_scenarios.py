"""Scenarios 1 and 2 of the product brief, driven through the real window and the real file.

1. First run: create a project from the bundled checklist; due dates come from the go-live date.
2. Weekly: tick steps, mark one not applicable with a reason, block one by a barrier added from
   the typical list, log a meeting with a follow-up, undo and redo, reopen and find it all.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings

from mutual_checklist.domain import progress
from mutual_checklist.domain.models import Interaction, StepStatus
from mutual_checklist.storage.repository import ProjectRepository, new_id
from mutual_checklist.ui import dialogs, dialogs_barrier, dialogs_contact, project_dialogs
from mutual_checklist.ui.application import AppController
from mutual_checklist.ui.project_dialogs import NewProjectRequest


def choose(view, step_id: str, status: StepStatus) -> None:
    view.select_step(step_id)
    combo = view.detail.status_combo
    combo.setCurrentIndex(combo.findData(status.value))
    combo.activated.emit(combo.currentIndex())


def test_first_run_then_a_working_week(qtbot, monkeypatch):
    QSettings().clear()
    controller = AppController()
    controller.start(None, demo=False)
    assert controller.welcome is not None
    go_live = dt.date.today() + dt.timedelta(weeks=60)
    monkeypatch.setattr(project_dialogs, "ask_new_project", lambda parent, templates:
                        NewProjectRequest("Day opportunities mutual", "Anytown Council",
                                          "Day services", go_live, "mutual-2011"))
    controller.new_project()
    window = controller.window
    qtbot.addWidget(window)
    session = window.session
    path = session.repo.path
    checklist = window.checklist
    step = session.template.step("S1-01")
    window.show_view("checklist")
    checklist.select_step("S1-01")
    expected_due = session.plan.due(step.id)
    assert dt.date.today() <= expected_due <= go_live
    assert checklist.detail.due_edit.date().toPython() == expected_due  # scenario 1

    # --- scenario 2: a working week ---
    choose(checklist, "S1-01", StepStatus.DONE)
    choose(checklist, "S1-02", StepStatus.IN_PROGRESS)
    monkeypatch.setattr(dialogs, "ask_not_applicable_reason",
                        lambda parent: "The council has already decided to externalise")
    choose(checklist, "S1-06", StepStatus.NOT_APPLICABLE)

    window.show_view("barriers")
    barriers_view = window.views["barriers"]
    typical = next(t for t in session.template.typical_barriers if t.category == "pensions")
    monkeypatch.setattr(dialogs_barrier.TypicalBarrierPicker, "ask",
                        classmethod(lambda cls, parent, template, titles: [typical]))
    barriers_view.add_typical()
    barrier = next(b for b in session.repo.barriers() if b.title == typical.title)
    assert (barrier.likelihood, barrier.impact) == (typical.likelihood, typical.impact)

    window.show_view("checklist")
    monkeypatch.setattr(dialogs, "ask_blocking_barrier", lambda parent, barriers: barrier.id)
    choose(checklist, "S4-09", StepStatus.BLOCKED)

    window.show_view("stakeholders")
    people = window.views["stakeholders"]
    from mutual_checklist.domain.models import Contact
    from mutual_checklist.ui import contact_actions

    finance = Contact(new_id(), "Dana Finch", organisation="Anytown Council",
                      role="Director of Finance", stakeholder_type="parent_officers",
                      email="dana.finch@example.org", contact_every_days=30)
    contact_actions.add_contact(session, finance)
    people.show_item(finance.id)
    met = dt.date.today()
    follow_up = met + dt.timedelta(days=14)
    monkeypatch.setattr(dialogs_contact.InteractionDialog, "ask", classmethod(
        lambda cls, parent, contact_id, name, initial: Interaction(
            new_id(), contact_id, met, "meeting", "Went through the pension bond figures",
            follow_up, "Send the risk-share paper")))
    people._log()
    with ProjectRepository.open(path, read_only=True) as repo:
        assert repo.contact(finance.id).next_contact_date == follow_up

    # undo the meeting, then redo it
    assert "Dana Finch" in window.undo_action.text()
    window.undo_action.trigger()
    with ProjectRepository.open(path, read_only=True) as repo:
        assert repo.interactions(finance.id) == []
    window.redo_action.trigger()

    # close, reopen, and find everything
    session.close()
    window.close()
    controller.window = None
    again = AppController()
    assert again.start(None, demo=False)
    reopened = again.window
    qtbot.addWidget(reopened)
    s = reopened.session
    assert s.repo.path == path
    assert s.step_state("S1-01").status is StepStatus.DONE
    assert s.step_state("S1-02").status is StepStatus.IN_PROGRESS
    na = s.step_state("S1-06")
    assert na.status is StepStatus.NOT_APPLICABLE and "externalise" in na.na_reason
    assert s.step_state("S4-09").blocked_by == barrier.id
    assert [i.summary for i in s.repo.interactions(finance.id)] == [
        "Went through the pension bond figures"]
    data = s.repo.load_all()
    overall = progress.overall_progress(s.template, data)
    assert overall.not_applicable == 1 and overall.done == 1
    assert overall.applicable == len(s.template.steps) - 1
    s.close()
    reopened.close()
