"""The project profile in the app: chosen at creation, changed in Project details, and what the
checklist then shows (steps marked not applicable with a reason, guidance for the nation and
parent body, sources with their checked date), plus Help ▸ About this checklist."""
from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QDialogButtonBox, QTextBrowser

from mutual_checklist.domain.models import StepStatus
from mutual_checklist.domain.profile import ProjectProfile
from mutual_checklist.ui import about_checklist, project_dialogs
from mutual_checklist.ui.application import AppController
from mutual_checklist.ui.project_dialogs import NewProjectRequest
from tests.gui.conftest import stored


def _answer_dialog(qtbot, choices: dict[str, str], name: str = "") -> None:
    """When the next dialog opens, pick `choices` (combo accessible name -> item text), then OK."""
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, fill)
            return
        if name:
            dialog.findChildren(project_dialogs.QLineEdit)[0].setText(name)
        for combo in dialog.findChildren(QComboBox):
            if combo.accessibleName() in choices:
                index = combo.findText(choices[combo.accessibleName()])
                assert index >= 0, (combo.accessibleName(), choices[combo.accessibleName()])
                combo.setCurrentIndex(index)
        dialog.findChild(QDialogButtonBox).button(
            QDialogButtonBox.StandardButton.Ok).click()
    QTimer.singleShot(0, fill)


def test_changing_the_profile_in_project_details_marks_steps_and_shows_variant_guidance(
        demo_window, qtbot):
    session = demo_window.session
    assert ProjectProfile.of(session.project) == ProjectProfile("england", "council", False, True)
    assert session.step_state("S4-26").status is StepStatus.NOT_APPLICABLE  # NHS-only step
    view = demo_window.checklist
    demo_window.show_view("checklist")
    view.select_step("S1-06")
    assert "For your project" not in view.detail.guidance.toPlainText()  # nothing differs
    _answer_dialog(qtbot, {"Nation": "Wales", "Parent body": "An NHS body"})
    demo_window.action("project-details").trigger()
    with stored(demo_window) as repo:
        project, states = repo.project(), repo.step_states()
    assert (project.profile_nation, project.profile_parent) == ("wales", "nhs")
    # the LGPS actuary step does not fit an NHS parent, but the team has worked on it (it is
    # blocked by the bond barrier), so it is left exactly as it was
    assert states["S4-09"].status is StepStatus.BLOCKED
    assert states["S4-26"].status is StepStatus.NOT_STARTED  # NHS access now applies
    shown = view.detail.guidance.toPlainText()  # the selected step re-renders
    assert "For your project" in shown and "does not apply in Wales" in shown
    assert "Provider Selection Regime (from 1 January 2024)" in shown
    view.select_step("S4-25")  # day care: no regulated care in this profile
    assert "Not applicable because: Project profile:" in view.detail.status_note.text()
    demo_window.undo_action.trigger()  # one undo puts profile and steps back
    with stored(demo_window) as repo:
        assert repo.project().profile_nation == "england"
        assert repo.step_state("S4-26").status is StepStatus.NOT_APPLICABLE
        assert repo.step_state("S4-09").status is StepStatus.BLOCKED


def test_legal_steps_show_their_sources_and_checked_date(demo_window):
    view = demo_window.checklist
    demo_window.show_view("checklist")
    view.select_step("S5-08")
    text = view.detail.guidance.toPlainText()
    assert "Sources: Procurement Act 2023, section 33" in text
    assert "last checked on 01/12/2026" in text


def test_new_project_takes_its_profile_from_the_dialog(qtbot, monkeypatch):
    QSettings().clear()
    controller = AppController()
    request = NewProjectRequest("Community nursing", "Anytown NHS Trust", "District nursing",
                                dt.date(2027, 10, 1), "mutual-2011",
                                ProjectProfile("scotland", "nhs", True, False))
    monkeypatch.setattr(project_dialogs, "ask_new_project", lambda parent, templates: request)
    assert controller.new_project()
    window = controller.window
    try:
        with stored(window) as repo:
            project, states = repo.project(), repo.step_states()
        assert ProjectProfile.of(project) == request.profile
        assert {s for s, st in states.items() if st.status is StepStatus.NOT_APPLICABLE} == {
            "S4-09", "S4-28"}
        window.checklist.select_step("S2-10")
        assert "In Scotland the Procurement Act 2023 does not apply" in \
            window.checklist.detail.guidance.toPlainText()
    finally:
        window.session.close()
        window.close()


def test_new_project_dialog_asks_for_the_profile(qtbot):
    _answer_dialog(qtbot, {"Nation": "Wales", "Parent body": "A council",
                           "Regulated care": "Yes", "Carries people in its own vehicles": "No"},
                   name="Libraries")
    from mutual_checklist import resources
    request = project_dialogs.ask_new_project(None, resources.load_bundled_templates())
    assert request is not None and request.name == "Libraries"
    assert request.profile == ProjectProfile("wales", "council", True, False)


def test_new_project_dialog_asks_when_the_plan_starts(qtbot, monkeypatch):
    told = []
    monkeypatch.setattr(project_dialogs.QMessageBox, "information",
                        lambda parent, title, text: told.append(text))

    def fill(start_offset_days: int, then_cancel: bool) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, lambda: fill(start_offset_days, then_cancel))
            return
        dialog.findChildren(project_dialogs.QLineEdit)[0].setText("Libraries")
        dates = {d.accessibleName(): d for d in dialog.findChildren(project_dialogs.QDateEdit)}
        go_live = dates["Target go-live date"].date()
        dates["The day the plan starts"].setDate(go_live.addDays(start_offset_days))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        if then_cancel:  # refused: the dialog is still open; put the start right and accept
            QTimer.singleShot(0, lambda: fill(-280, False))

    QTimer.singleShot(0, lambda: fill(1, True))
    from mutual_checklist import resources
    request = project_dialogs.ask_new_project(None, resources.load_bundled_templates())
    assert told == ["The plan must start before the go-live date."]
    assert request is not None and request.go_live - request.start == dt.timedelta(days=280)


def test_about_this_checklist_says_when_it_was_checked_and_warns_when_old(demo_window, qtbot,
                                                                          monkeypatch):
    template = demo_window.session.template
    shown = []
    monkeypatch.setattr(about_checklist.AboutChecklistDialog, "exec",
                        lambda self: shown.append(self.findChild(QTextBrowser).toPlainText()))
    demo_window.action("about-checklist").trigger()
    assert "last checked against its sources on 01/12/2026" in shown[0]
    assert "steps state the law" in shown[0]
    fresh = about_checklist.checked_text(template, today=dt.date(2027, 6, 1))
    assert "more than 12 months" not in fresh
    stale = about_checklist.checked_text(template, today=dt.date(2028, 1, 5))
    assert "more than 12 months ago" in stale
    undated = dataclasses.replace(template, checked_on=None)
    assert "does not say" in about_checklist.checked_text(undated)
