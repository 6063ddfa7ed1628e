"""The first real window: the checklist tree, status changes saved at once, undo, smoke test."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from mutual_checklist.domain.models import StepStatus
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui import dialogs
from mutual_checklist.ui.application import build_main_window, fresh_demo
from mutual_checklist.ui.models.steps_model import Columns, StatusRole, StepIdRole


@pytest.fixture
def window(qtbot):
    path = fresh_demo()
    win = build_main_window(path)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.session.close()


def choose_status(win, status: StepStatus) -> None:
    combo = win.checklist.detail.status_combo
    index = combo.findData(status.value)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def stored_state(win, step_id):
    with ProjectRepository.open(win.session.repo.path, read_only=True) as repo:
        return repo.step_state(step_id)


def test_steps_model_passes_the_model_tester(window, qtmodeltester):
    qtmodeltester.check(window.checklist.steps_model)


def test_tree_shows_phases_and_step_status(window):
    model = window.checklist.steps_model
    assert model.rowCount() == 6
    first_phase = model.index(0, 0)
    assert model.index(0, Columns.STATUS).data().endswith(")")
    first_step = model.index(0, Columns.STATUS, first_phase)
    assert first_step.data() == "Done"
    assert first_step.data(StatusRole) == "done"


def test_changing_status_saves_at_once_and_undo_redo(window, qtbot):
    window.checklist.select_step("S4-16")
    assert window.checklist.detail.title.text().startswith(window.session.step_title("S4-16"))
    before = stored_state(window, "S4-16").status
    with qtbot.waitSignal(window.session.steps_changed):
        choose_status(window, StepStatus.DONE)
    assert stored_state(window, "S4-16").status is StepStatus.DONE
    status_cell = window.checklist.steps_model.step_index("S4-16", Columns.STATUS)
    assert status_cell.data() == "Done"
    assert "Mark" in window.undo_action.text() and "done" in window.undo_action.text()
    window.undo_action.trigger()
    assert stored_state(window, "S4-16").status is before
    window.redo_action.trigger()
    assert stored_state(window, "S4-16").status is StepStatus.DONE


def test_not_applicable_asks_for_a_reason(window, monkeypatch):
    window.checklist.select_step("S4-22")
    monkeypatch.setattr(dialogs, "ask_not_applicable_reason", lambda parent: None)
    choose_status(window, StepStatus.NOT_APPLICABLE)
    assert stored_state(window, "S4-22").status is not StepStatus.NOT_APPLICABLE
    monkeypatch.setattr(dialogs, "ask_not_applicable_reason",
                        lambda parent: "Keeping the council brand for year one")
    choose_status(window, StepStatus.NOT_APPLICABLE)
    state = stored_state(window, "S4-22")
    assert state.status is StepStatus.NOT_APPLICABLE
    assert state.na_reason == "Keeping the council brand for year one"
    assert "Keeping the council brand" in window.checklist.detail.status_note.text()


def test_blocked_points_to_a_barrier(window, monkeypatch):
    window.checklist.select_step("S4-21")
    barrier = next(b for b in window.session.barriers() if b.status.is_live)
    monkeypatch.setattr(dialogs, "ask_blocking_barrier", lambda parent, barriers: barrier.id)
    choose_status(window, StepStatus.BLOCKED)
    assert stored_state(window, "S4-21").blocked_by == barrier.id
    assert barrier.title in window.checklist.detail.status_note.text()


def test_step_ids_are_reachable_by_role(window):
    index = window.checklist.steps_model.step_index("S6-11")
    assert index.data(StepIdRole) == "S6-11"


def test_smoke_test_prints_first_paint_time(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MUTUAL_CHECKLIST_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "mutual_checklist", "--demo", "--smoke-test"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "first paint after" in result.stdout and " ms" in result.stdout
