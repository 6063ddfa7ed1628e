"""The checklist as a working list: tick boxes, state at a glance, sorting by due date, the
"Due this week" filter, a step panel that follows the filter, and a status drop-down that saves
only what the user settles on."""
from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from mutual_checklist.domain.models import StepStatus
from mutual_checklist.ui import dialogs
from mutual_checklist.ui.models.steps_model import Columns, StepIdRole
from tests.gui.conftest import stored


def first_step(view, status: StepStatus) -> str:
    return next(s for s in view.visible_step_ids()
                if view.session.step_state(s).status is status)


def test_status_arrow_keys_move_the_choice_and_enter_saves_it_once(demo_window, qtbot,
                                                                   monkeypatch):
    view = demo_window.checklist
    asked = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: asked.append("message"))
    monkeypatch.setattr(dialogs, "ask_blocking_barrier", lambda *a, **k: asked.append("which"))
    step = first_step(view, StepStatus.NOT_STARTED)
    view.select_step(step)
    combo = view.detail.status_combo
    combo.setFocus()
    history_before = len(demo_window.session.repo.history("step", step))
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # In progress
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Blocked: shown, not saved, nothing asked
    assert combo.currentData() == StepStatus.BLOCKED.value
    assert asked == []
    with stored(demo_window) as repo:
        assert repo.step_state(step).status is StepStatus.NOT_STARTED
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # back to In progress
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    with stored(demo_window) as repo:
        assert repo.step_state(step).status is StepStatus.IN_PROGRESS
    assert len(demo_window.session.repo.history("step", step)) == history_before + 1
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Escape)  # puts the saved choice back
    assert combo.currentData() == StepStatus.IN_PROGRESS.value
    assert asked == []


def test_ticking_a_step_marks_it_done_and_undo_unticks_it(demo_window):
    view = demo_window.checklist
    step = first_step(view, StepStatus.IN_PROGRESS)
    index = view.step_index(step)
    assert index.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    view.tree_model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    with stored(demo_window) as repo:
        assert repo.step_state(step).status is StepStatus.DONE
    assert view.step_index(step).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    demo_window.undo_action.trigger()
    with stored(demo_window) as repo:
        assert repo.step_state(step).status is StepStatus.IN_PROGRESS


def test_state_shows_as_icons_and_words_and_overdue_dates_are_marked(demo_window):
    view = demo_window.checklist
    view.overdue_filter.setChecked(True)
    late = view.visible_step_ids()[0]
    due = view.step_index(late, Columns.DUE)
    assert not due.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert "Overdue by" in due.data(Qt.ItemDataRole.ToolTipRole)
    assert due.data(Qt.ItemDataRole.AccessibleTextRole).endswith("overdue")
    status = view.step_index(late, Columns.STATUS)
    assert status.data() and not status.data(Qt.ItemDataRole.DecorationRole).isNull()


def test_due_heading_sorts_by_date_and_this_week_lists_what_is_due_soon(demo_window):
    view = demo_window.checklist
    view.tree.sortByColumn(Columns.DUE, Qt.SortOrder.AscendingOrder)
    phase = view.tree_model.index(0, 0)
    dues = [view.tree_model.index(r, Columns.DUE, phase).data(Qt.UserRole + 5)
            for r in range(view.tree_model.rowCount(phase))]
    dues = [d for d in dues if d]
    assert dues == sorted(dues)
    view.week_filter.setChecked(True)
    soon = view.visible_step_ids()
    today = dt.date.today()
    for step in soon:
        index = view.step_index(step, Columns.DUE)
        assert (index.data(Qt.UserRole + 5) - today).days <= 7
        assert view.session.step_state(step).status not in (StepStatus.DONE,
                                                            StepStatus.NOT_APPLICABLE)


def test_the_step_panel_follows_the_filter(demo_window, qtbot):
    view = demo_window.checklist
    view.select_step("S1-01")
    view.search.setText("pension")
    shown = view.detail.step_id
    assert shown in view.visible_step_ids()
    assert shown != "S1-01"
    view.search.setText("no step has these words zqx")
    assert view.detail.step_id is None
    assert view.detail.owner_edit.text() == "" and view.detail.links.count() == 0
    assert view.detail.evidence_list.count() == 0
    assert not view.detail.open_evidence_button.isEnabled()
    assert view.tree.currentIndex().data(StepIdRole) is None


def test_ctrl_f_finds_steps_barriers_contacts_and_comments_and_opens_one(demo_window, qtbot):
    from mutual_checklist.ui.find_everywhere import FindEverywhere, find

    kinds = {hit.kind for hit in find(demo_window.session, "pension")}
    assert {"Step", "Barrier"} <= kinds
    contact = demo_window.session.repo.contacts()[0]
    assert any(h.kind == "Contact" and h.item_id == contact.id
               for h in find(demo_window.session, contact.name))
    assert demo_window.action("find").shortcut().matches(
        QKeySequence(QKeySequence.StandardKey.Find)) == QKeySequence.SequenceMatch.ExactMatch
    dialog = FindEverywhere(demo_window.session, demo_window)
    dialog.query.setText("bond")
    item = dialog.results.item(0)
    view, item_id = item.data(Qt.ItemDataRole.UserRole)
    dialog.open_item(item)
    assert demo_window.stack.currentWidget() is demo_window.views[view]


def test_print_the_checklist_as_shown_to_pdf(demo_window, monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from mutual_checklist.ui import print_checklist

    target = tmp_path / "checklist.pdf"

    def to_pdf(_parent):  # noqa: ANN001, ANN202
        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return printer

    monkeypatch.setattr(print_checklist, "ask_printer", to_pdf)
    view = demo_window.checklist
    view.overdue_filter.setChecked(True)
    text = print_checklist.checklist_html(view)
    late = view.visible_step_ids()
    assert late and all(html.escape(view.session.step_title(s)[:30]) in text for s in late)
    assert "(overdue)" in text and "a filter is on" in text
    demo_window.action("print-checklist").trigger()
    assert target.read_bytes().startswith(b"%PDF")
