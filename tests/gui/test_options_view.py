"""The Options view: an appraisal built by keyboard alone, checked in the real project file.
(`demo_window` comes from tests/gui/conftest.py.)"""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mutual_checklist.domain.appraisal import OptionKind
from mutual_checklist.domain.models import StepStatus
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui import dialogs
from mutual_checklist.ui.application import build_main_window, fresh_demo

CTRL = Qt.KeyboardModifier.ControlModifier


def stored(win):
    with ProjectRepository.open(win.session.repo.path, read_only=True) as repo:
        return repo.appraisal()


@pytest.fixture
def blank_window(qtbot):
    """The demo project with its appraisal taken away, in a real window."""
    path = fresh_demo()
    with ProjectRepository.open(path) as repo:
        repo.remove_appraisal()
    win = build_main_window(path)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.session.close()


def keys(qtbot, widget, *presses) -> None:
    for press in presses:
        if isinstance(press, str):
            qtbot.keyClicks(widget, press)
        else:
            qtbot.keyClick(widget, press)


def focused():
    return QApplication.focusWidget()


def test_an_appraisal_built_by_keyboard_alone(blank_window, qtbot):
    win = blank_window
    number = [k for k in win.views.keys()].index("options") + 1
    qtbot.keyClick(win, getattr(Qt.Key, f"Key_{number}"), CTRL)
    view = win.views["options"]
    assert view.pages.currentIndex() == 0  # nothing yet: the start page
    view.start_button.setFocus()
    qtbot.keyClick(view.start_button, Qt.Key.Key_Space)
    assert view.pages.currentIndex() == 1
    assert focused() is view.table
    # Score "Keep as is" (row 1) 3 on everything, then the mutual (row 4) 4 on everything.
    for _ in range(7):
        keys(qtbot, view.table, "3", Qt.Key.Key_Right)
    mutual_row = next(r for r in range(view.scores_model.rowCount())
                      if view.scores_model.option_at(r).kind is OptionKind.MUTUAL)
    keys(qtbot, view.table, *[Qt.Key.Key_Down] * mutual_row, Qt.Key.Key_Home)
    for _ in range(7):
        keys(qtbot, view.table, "4", Qt.Key.Key_Right)
    keys(qtbot, view.table, Qt.Key.Key_Home)
    # Tab leaves the table for the evidence note of the current cell; Tab again saves it.
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    assert focused() is view.note
    qtbot.keyClicks(view.note, "Staff vote: 78 % in favour")
    qtbot.keyClick(view.note, Qt.Key.Key_Tab)
    appraisal = stored(win)
    keep = next(o for o in appraisal.options if o.kind is OptionKind.KEEP_AS_IS)
    mutual = next(o for o in appraisal.options if o.kind is OptionKind.MUTUAL)
    assert [appraisal.cell(keep.id, c.id).score for c in appraisal.criteria] == [3] * 7
    assert [appraisal.cell(mutual.id, c.id).score for c in appraisal.criteria] == [4] * 7
    assert appraisal.cell(mutual.id, "outcomes").evidence == "Staff vote: 78 % in favour"
    assert "“Employee-owned mutual” leads with 4.00 out of 5" in view.verdict.text()

    # Criteria tab (Ctrl+Tab), risk weight typed in place.
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Tab, CTRL)
    assert view.tabs.currentIndex() == 1
    view.criteria_table.setFocus()
    risk_row = [c.id for c in appraisal.criteria].index("risk")
    keys(qtbot, view.criteria_table, *[Qt.Key.Key_Down] * risk_row, Qt.Key.Key_Right)
    keys(qtbot, focused(), Qt.Key.Key_F2)
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    keys(qtbot, focused(), "30", Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(win).criterion("risk").weight == 30)
    assert view.criteria_model.data(view.criteria_model.index(risk_row, 2)) == "26.1 %"

    # Funding questions: arrow keys on each answer box.
    view.tabs.setCurrentIndex(3)
    combo = view.funding_combos["outcomes"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert stored(win).funding_answers == {"outcomes": "yes"}
    assert "question(s) still to answer" in view.funding_result.toPlainText()

    # Undo (Ctrl+Z) takes back the last answer, in the file too.
    qtbot.keyClick(win, Qt.Key.Key_Z, CTRL)
    assert stored(win).funding_answers == {}


def test_keep_as_is_cannot_be_removed_and_the_table_says_so(demo_window, qtbot, monkeypatch):
    win = demo_window
    win.show_view("options")
    view = win.views["options"]
    keep_row = next(r for r in range(view.scores_model.rowCount())
                    if view.scores_model.option_at(r).kind is OptionKind.KEEP_AS_IS)
    view.table.setCurrentIndex(view.scores_model.index(keep_row, 0))
    assert not view.remove_option_button.isEnabled()
    view.table.setCurrentIndex(view.scores_model.index(keep_row + 1, 0))
    assert view.remove_option_button.isEnabled()
    qtbot.mouseClick(view.remove_option_button, Qt.MouseButton.LeftButton)
    assert len(stored(win).options) == 6


def test_sensitivity_and_legal_forms_read_in_words(demo_window):
    win = demo_window
    win.show_view("options")
    view = win.views["options"]
    lines = [view.sensitivity_list.item(i).text() for i in range(view.sensitivity_list.count())]
    assert any("risk weighs more than 34.6 %" in line for line in lines)
    assert any("cannot change the result" in line for line in lines)
    text = view.legal_forms.toPlainText()
    assert "Community benefit society" in text and "(your mutual)" in text
    assert "Typical time to register" in text


def test_marking_the_scoring_step_done_offers_to_attach_the_appraisal(demo_window, qtbot,
                                                                      monkeypatch):
    win = demo_window
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda *a: asked.append(a) or True)
    win.show_view("checklist")
    win.session.set_step_status("S1-04", StepStatus.IN_PROGRESS)
    detail = win.checklist.detail
    detail.show_step("S1-04")
    combo = detail.status_combo
    combo.setFocus()
    combo.setCurrentIndex(combo.findData(StepStatus.DONE.value))  # as the arrow keys would
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    with ProjectRepository.open(win.session.repo.path, read_only=True) as repo:
        assert repo.step_state("S1-04").status is StepStatus.DONE
        attached = [e for e in repo.evidence("S1-04")
                    if e.name.startswith("Options appraisal and funding model")]
        content = repo.evidence_content(attached[0].id).decode() if attached else ""
    assert len(asked) == 1 and len(attached) == 1
    assert "Employee-owned mutual" in content and "Funding model: A mix" in content
    assert "Pension bond and irrecoverable VAT" in content  # the evidence behind each score
    # a step that does not ask for it offers nothing
    win.session.set_step_status("S2-01", StepStatus.IN_PROGRESS)
    detail.show_step("S2-01")
    combo.setCurrentIndex(combo.findData(StepStatus.DONE.value))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert len(asked) == 1


def test_adding_an_option_and_choosing_the_mutual_legal_form(demo_window, qtbot, monkeypatch):
    from dataclasses import replace

    from mutual_checklist.domain.appraisal import LegalForm, Option
    from mutual_checklist.ui.views import options_view

    win = demo_window
    win.show_view("options")
    view = win.views["options"]
    monkeypatch.setattr(options_view, "ask_option", lambda parent, initial, position: Option(
        "new-option", "<b>Council-owned company</b>", OptionKind.OTHER, position=position))
    qtbot.mouseClick(view.add_option_button, Qt.MouseButton.LeftButton)
    added = stored(win).option("new-option")
    assert added.name == "<b>Council-owned company</b>" and added.legal_form is None
    names = [view.scores_model.headerData(r, Qt.Orientation.Vertical)
             for r in range(view.scores_model.rowCount())]
    assert any("<b>Council-owned" in n for n in names)  # shown literally
    mutual_row = next(r for r in range(view.scores_model.rowCount())
                      if view.scores_model.option_at(r).kind is OptionKind.MUTUAL)
    view.table.setCurrentIndex(view.scores_model.index(mutual_row, 0))
    monkeypatch.setattr(options_view, "ask_option", lambda parent, initial, position: replace(
        initial, legal_form=LegalForm.COMMUNITY_BENEFIT_SOCIETY))
    qtbot.mouseClick(view.edit_option_button, Qt.MouseButton.LeftButton)
    mutual = next(o for o in stored(win).options if o.kind is OptionKind.MUTUAL)
    assert mutual.legal_form is LegalForm.COMMUNITY_BENEFIT_SOCIETY
    assert "Community benefit society (your mutual)" in view.legal_forms.toPlainText()
