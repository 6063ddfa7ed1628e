"""The Barriers view: register table, typical barriers, edits with history, removal with undo,
heat-map filter, hostile text and read-only mode, all checked against the real project file."""
from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from mutual_checklist.domain.models import BarrierStatus, StepStatus
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui import dialogs_barrier
from mutual_checklist.ui.barrier_actions import short
from mutual_checklist.ui.application import build_main_window, fresh_demo
from mutual_checklist.ui.dialogs_barrier import BarrierDialog, BarrierEdit, TypicalBarrierPicker
from mutual_checklist.ui.models.barriers_model import BarrierIdRole, Columns


@pytest.fixture
def window(qtbot):
    win = build_main_window(fresh_demo())
    qtbot.addWidget(win)
    win.show()
    win.show_view("barriers")
    yield win
    win.session.close()


@pytest.fixture
def view(window):
    return window.views["barriers"]


def stored(window):
    """Barriers, assessments and step states as a fresh reader of the file sees them."""
    with ProjectRepository.open(window.session.repo.path, read_only=True) as repo:
        return repo.barriers(), repo.assessments(), repo.step_states()


def shown_rows(view) -> list[dict[str, str]]:
    proxy = view.proxy
    return [{column.name: proxy.index(row, column).data() for column in Columns}
            for row in range(proxy.rowCount())]


def select(view, barrier_id: str) -> None:
    view.show_item(barrier_id)
    assert view.selected_id() == barrier_id


def test_model_and_proxy_pass_the_model_tester(view, qtmodeltester):
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)


def test_table_shows_the_register_in_words(view):
    rows = {r["TITLE"]: r for r in shown_rows(view)}
    bond = rows["Pension fund asks for a bond the new mutual cannot afford"]
    assert (bond["CATEGORY"], bond["LIKELIHOOD"], bond["IMPACT"], bond["SCORE"]) == \
        ("Pensions", "4", "5", "20")
    assert (bond["RAG"], bond["STATUS"], bond["TREATMENT"], bond["TREND"], bond["STEPS"]) == \
        ("Red", "Open", "Treat", "Rising", "2")
    assert rows["Self-funders may have to pay VAT on top of our charges"]["REVIEW"].endswith(
        "(overdue)")
    assert rows["Staff interest fading during a long transition"]["TREND"] == "Falling"
    assert shown_rows(view)[0]["SCORE"] == "20"  # worst first
    view.rag_filter.setCurrentIndex(view.rag_filter.findData("green"))
    assert {r["RAG"] for r in shown_rows(view)} == {"Green"}
    view.clear_filters()
    view.search.setText("vat")
    assert [r["CATEGORY"] for r in shown_rows(view)] == ["VAT and tax"]


def test_add_from_typical_barriers_then_undo_and_redo(window, view, monkeypatch):
    typical = window.session.template.typical_barriers[1]
    monkeypatch.setattr(TypicalBarrierPicker, "ask", classmethod(
        lambda cls, parent, template, titles: [typical]))
    before = len(stored(window)[0])
    view.add_typical()
    barriers, assessments, _ = stored(window)
    added = next(b for b in barriers if b.title == typical.title)
    assert len(barriers) == before + 1
    assert (added.likelihood, added.impact, added.mitigation, added.category) == (
        typical.likelihood, typical.impact, typical.mitigation, typical.category)
    assert [a.barrier_id for a in assessments].count(added.id) == 1
    assert view.selected_id() == added.id
    assert window.undo_action.text().endswith(f"Add barrier ‘{short(typical.title)}’")
    window.undo_action.trigger()
    assert all(b.id != added.id for b in stored(window)[0])
    assert view.model.row_of(added.id) == -1
    window.redo_action.trigger()
    barriers, assessments, _ = stored(window)
    assert next(b for b in barriers if b.id == added.id) == added
    assert [a.barrier_id for a in assessments].count(added.id) == 1
    assert view.model.row_of(added.id) >= 0


def test_editing_the_score_adds_an_assessment_and_changes_the_trend(window, view, monkeypatch):
    barrier = next(b for b in window.session.barriers() if b.title.startswith("Cash gap"))
    select(view, barrier.id)
    row = view.model.row_of(barrier.id)
    assert view.model.index(row, Columns.TREND).data() == "New"
    edited = replace(barrier, likelihood=2, impact=2,
                     linked_steps=barrier.linked_steps + ("S1-01",))
    monkeypatch.setattr(BarrierDialog, "ask", classmethod(
        lambda cls, *args: BarrierEdit(edited, "Investor lined up")))
    announced = []
    window.session.steps_changed.connect(announced.append)
    view.edit_selected()
    assert announced == [["S1-01"]]  # the checklist hears about the new link
    _, assessments, _ = stored(window)
    mine = [a for a in assessments if a.barrier_id == barrier.id]
    assert [(a.likelihood, a.impact) for a in mine][-1] == (2, 2)
    assert mine[-1].note == "Investor lined up" and len(mine) == 2
    assert view.model.index(row, Columns.TREND).data() == "Falling"
    assert view.model.index(row, Columns.RAG).data() == "Green"
    assert view.history.table.rowCount() == 2
    assert view.history.trend.text().startswith("Trend: Falling – score 12")
    window.undo_action.trigger()
    _, assessments, _ = stored(window)
    assert len([a for a in assessments if a.barrier_id == barrier.id]) == 1
    assert view.model.index(row, Columns.TREND).data() == "New"


def test_removing_a_blocking_barrier_and_undo_restores_everything(window, view, monkeypatch):
    barriers, assessments, states = stored(window)
    bond = next(b for b in barriers if b.title.startswith("Pension fund"))
    blocked = {k: s for k, s in states.items() if s.blocked_by == bond.id}
    history = [a for a in assessments if a.barrier_id == bond.id]
    assert blocked and len(history) == 2 and bond.linked_steps
    asked = []
    monkeypatch.setattr(dialogs_barrier, "confirm_remove",
                        lambda parent, barrier, count: asked.append(count) or True)
    select(view, bond.id)
    view.remove_action.trigger()
    assert asked == [len(blocked)]
    barriers, assessments, states = stored(window)
    assert all(b.id != bond.id for b in barriers)
    assert all(a.barrier_id != bond.id for a in assessments)
    assert all(states[k].status is StepStatus.IN_PROGRESS for k in blocked)
    assert window.session.step_state(next(iter(blocked))).status is StepStatus.IN_PROGRESS
    window.undo_action.trigger()
    barriers, assessments, states = stored(window)
    assert next(b for b in barriers if b.id == bond.id) == bond
    assert [a for a in assessments if a.barrier_id == bond.id] == history
    assert {k: states[k] for k in blocked} == blocked
    assert window.session.step_state(next(iter(blocked))).status is StepStatus.BLOCKED
    assert view.model.index(view.model.row_of(bond.id), Columns.TREND).data() == "Rising"


def test_removal_needs_confirmation(window, view, monkeypatch):
    monkeypatch.setattr(dialogs_barrier, "confirm_remove", lambda *args: False)
    count = len(stored(window)[0])
    view.table.selectRow(0)
    view.remove_selected()
    assert len(stored(window)[0]) == count


def test_heat_map_click_filters_the_table_and_click_again_clears(view, qtbot):
    heat = view.heat_map
    assert heat.count((4, 5)) == 1 and heat.count((3, 3)) == 1
    total = view.proxy.rowCount()
    qtbot.mouseClick(heat, Qt.MouseButton.LeftButton, pos=heat.cell_rect((4, 5)).center())
    assert [r["TITLE"] for r in shown_rows(view)] == [
        "Pension fund asks for a bond the new mutual cannot afford"]
    assert view.clear_cell.isVisible()
    qtbot.mouseClick(heat, Qt.MouseButton.LeftButton, pos=heat.cell_rect((4, 5)).center())
    assert view.proxy.rowCount() == total
    # The keyboard does the same: move to (3, 3) and press Space.
    heat.setFocus()
    for _ in range(5):
        qtbot.keyClick(heat, Qt.Key.Key_Down)
    for _ in range(2):
        qtbot.keyClick(heat, Qt.Key.Key_Up)
    for _ in range(5):
        qtbot.keyClick(heat, Qt.Key.Key_Left)
    for _ in range(2):
        qtbot.keyClick(heat, Qt.Key.Key_Right)
    assert heat.current == (3, 3)
    assert "Possible" in heat.accessibleDescription()
    qtbot.keyClick(heat, Qt.Key.Key_Space)
    assert [r["LIKELIHOOD"] + r["IMPACT"] for r in shown_rows(view)] == ["33"]
    qtbot.keyClick(heat, Qt.Key.Key_Escape)
    assert view.proxy.rowCount() == total


@pytest.mark.parametrize("title", ["<b>x</b> & <img src=x>", "A" * 100_000,
                                   "\u202eEvil right-to-left title"])
def test_hostile_titles_are_shown_literally(window, view, monkeypatch, title):
    barrier = replace(window.session.barriers()[0], id="hostile", title=title, created_at="")
    monkeypatch.setattr(BarrierDialog, "ask", classmethod(lambda cls, *args: BarrierEdit(barrier)))
    view.add_barrier()
    row = view.model.row_of("hostile")
    assert view.model.index(row, Columns.TITLE).data() == title
    assert view.selected_id() == "hostile"
    assert view.history.title.textFormat() == Qt.TextFormat.PlainText
    assert title[:200] in view.history.title.text()
    assert not view.grab().isNull()  # paints without trouble
    stored_title = next(b.title for b in stored(window)[0] if b.id == "hostile")
    assert stored_title == title


def test_read_only_project_disables_every_edit(qtbot, monkeypatch):
    win = build_main_window(fresh_demo(), read_only=True)
    qtbot.addWidget(win)
    try:
        view = win.views["barriers"]
        view.table.selectRow(0)
        assert view.selected_id() is not None
        for control in (view.add_button, view.typical_button, view.edit_button,
                        view.remove_button, view.add_action, view.typical_action,
                        view.edit_action, view.remove_action):
            assert not control.isEnabled()
        called = []
        monkeypatch.setattr(BarrierDialog, "ask", classmethod(lambda cls, *a: called.append(1)))
        view.edit_selected()
        view.add_barrier()
        assert called == []
        assert "read-only" in view.count_label.text()
        view.heat_map.toggle((4, 5))  # looking around still works
        assert view.proxy.rowCount() == 1
    finally:
        win.session.close()


def test_show_item_clears_filters_and_selects(window, view):
    resolved = next(b for b in window.session.barriers() if b.status is BarrierStatus.RESOLVED)
    view.heat_map.toggle((4, 5))
    window.show_view("barriers", resolved.id)
    assert view.selected_id() == resolved.id
    assert view.heat_map.chosen is None
    index = view.table.selectionModel().selectedRows()[0]
    assert index.data(BarrierIdRole) == resolved.id


def test_keyboard_add_edit_remove(window, view, qtbot, monkeypatch):
    with qtbot.waitActive(window):
        window.activateWindow()
    asked = []
    monkeypatch.setattr(BarrierDialog, "ask", classmethod(
        lambda cls, parent, template, initial, *rest: asked.append(initial)))
    monkeypatch.setattr(dialogs_barrier, "confirm_remove",
                        lambda parent, barrier, count: asked.append(barrier.id) or False)
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Insert)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    first = view.model.barrier(view.model.row_of(view.selected_id()))
    assert asked == [None, first, first.id]


def test_linked_step_opens_in_the_checklist(window, view):
    bond = next(b for b in window.session.barriers() if b.title.startswith("Pension fund"))
    select(view, bond.id)
    steps = view.history.steps
    assert steps.count() == 1 + len(bond.linked_steps)
    steps.activated.emit(1)
    assert window.stack.currentWidget() is window.checklist


def test_editor_dialog_returns_every_field(window, qtbot):
    session = window.session
    bond = next(b for b in session.barriers() if b.title.startswith("Pension fund"))
    steps = [(i, session.step_title(i)) for i in session.all_step_ids()]
    dialog = BarrierDialog(window, session.template, bond, session.repo.contacts(), steps)
    qtbot.addWidget(dialog)
    assert dialog.value().barrier == bond
    dialog.impact.setCurrentIndex(dialog.impact.findData(2))
    assert dialog.score_label.text() == "8 – Amber"
    dialog.no_review.setChecked(True)
    dialog.status.setCurrentIndex(dialog.status.findData("resolved"))
    dialog.note.setText("Council agreed to guarantee")
    dialog.steps.item(0).setCheckState(Qt.CheckState.Checked)
    edit = dialog.value()
    assert (edit.barrier.impact, edit.barrier.review_date, edit.barrier.status) == (
        2, None, BarrierStatus.RESOLVED)
    assert steps[0][0] in edit.barrier.linked_steps and edit.note == "Council agreed to guarantee"
    dialog.title.setText("   ")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    fresh = BarrierDialog(window, session.template, None, [], steps)
    qtbot.addWidget(fresh)
    fresh.title.setText("Landlord wants a parent guarantee")
    made = fresh.value().barrier
    assert made.id and made.category == session.template.barrier_categories[0].id
    picker = TypicalBarrierPicker(window, session.template, set())
    qtbot.addWidget(picker)
    picker.table.selectRow(2)
    assert picker.chosen() == [session.template.typical_barriers[2]]
    assert session.template.typical_barriers[2].mitigation in picker.detail.text()
