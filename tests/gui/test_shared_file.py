"""One project file, two people (or two data folders): nobody's edit is silently overwritten."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from mutual_checklist.domain.models import StepStatus
from mutual_checklist.storage.errors import StaleData
from mutual_checklist.storage.project_lock import lock_path, read_holder
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui.application import open_session
from tests.unit.storage.test_repository import make_project

SECOND_USER = textwrap.dedent("""
    import json, sys
    from mutual_checklist.ui.application import open_session
    session = open_session(__import__("pathlib").Path(sys.argv[1]))
    print(json.dumps([session.read_only, session.repo.read_only_reason]))
    session.close()
""")


@pytest.fixture
def shared(tmp_path):
    path = tmp_path / "shared" / "team.mutual"
    path.parent.mkdir()
    ProjectRepository.create(path, make_project(name="Shared")).close()
    return path


def test_a_second_data_folder_honours_the_lock_beside_the_file(shared, tmp_path):
    first = open_session(shared)
    try:
        assert not first.read_only and read_holder(shared).is_this_process
        env = {**os.environ, "MUTUAL_CHECKLIST_DATA_DIR": str(tmp_path / "other-user-data")}
        result = subprocess.run([sys.executable, "-c", SECOND_USER, str(shared)], env=env,
                                capture_output=True, text=True, timeout=60)
        read_only, reason = json.loads(result.stdout)
        assert read_only and "read-only" in reason
    finally:
        first.close()
    assert not lock_path(shared).exists()


def test_a_lock_left_by_a_dead_process_is_taken_over(shared):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    session = open_session(shared)
    session.close()
    from mutual_checklist.storage import atomic

    lock_path(shared).write_text(json.dumps({"host_tag": atomic.host_tag(), "pid": dead.pid,
                                             "user": "ghost", "host": "here"}))
    session = open_session(shared)
    try:
        assert not session.read_only
    finally:
        session.close()


def test_a_stale_window_reloads_instead_of_overwriting(shared, qtbot):
    first = open_session(shared)
    second = open_session(shared, take_over=True)  # the user chose to edit anyway
    try:
        assert not second.read_only
        step = first.template.steps[0].id
        first.update_step(step, "Notes", notes="Agreed with the union on Tuesday")
        with pytest.raises(StaleData, match="reloaded"):
            second.set_step_status(step, StepStatus.DONE)  # from what it read at open
        assert second.step_state(step).notes == "Agreed with the union on Tuesday"
        second.set_step_status(step, StepStatus.DONE)  # made again on the reloaded state
    finally:
        second.close()
        first.close()
    with ProjectRepository.open(shared, read_only=True) as repo:
        state = repo.step_state(step)
    assert state.status is StepStatus.DONE
    assert state.notes == "Agreed with the union on Tuesday"


def test_two_sessions_editing_in_turn_never_lose_an_update(shared, qtbot):
    sessions = [open_session(shared), open_session(shared, take_over=True)]
    steps = [s.id for s in sessions[0].template.steps[:3]]
    conflicts = 0
    try:
        for n in range(24):
            session, step = sessions[n % 2], steps[n % len(steps)]
            try:
                session.update_step(step, "Notes", notes=f"{session.step_state(step).notes}|{n}")
            except StaleData:  # the other one wrote this step: reloaded, so make it again
                conflicts += 1
                session.update_step(step, "Notes", notes=f"{session.step_state(step).notes}|{n}")
    finally:
        for session in sessions:
            session.close()
    with ProjectRepository.open(shared, read_only=True) as repo:
        written = [int(x) for step in steps for x in repo.step_state(step).notes.split("|") if x]
    assert conflicts > 0
    assert sorted(written) == list(range(24))  # every one of the 24 updates is there


def test_the_step_detail_of_a_stale_window_says_so_and_shows_the_other_change(qtbot, tmp_path,
                                                                                monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from mutual_checklist.ui.application import build_main_window, fresh_demo

    path = fresh_demo()
    mine = build_main_window(path)
    theirs = build_main_window(path, take_over=True)  # the other person's window
    qtbot.addWidget(mine)
    qtbot.addWidget(theirs)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    try:
        theirs.checklist.select_step("S4-04")
        theirs.checklist.detail.notes.setPlainText("Their notes from the HR meeting")
        theirs.checklist.detail.notes.editing_finished.emit()
        view = mine.checklist
        view.select_step("S4-04")
        view.detail.owner_edit.setText("Priya in HR")  # from the state shown when it opened
        view.detail.owner_edit.editingFinished.emit()
        assert shown and "reloaded" in shown[0]
        assert view.detail.notes.toPlainText() == "Their notes from the HR meeting"
    finally:
        theirs.session.close()
        mine.session.close()
    with ProjectRepository.open(path, read_only=True) as repo:
        assert repo.step_state("S4-04").notes == "Their notes from the HR meeting"


def test_a_custom_step_edited_elsewhere_is_not_overwritten(shared, qtbot):
    from dataclasses import replace

    from mutual_checklist.domain.models import CustomStep

    first = open_session(shared)
    second = open_session(shared, take_over=True)
    try:
        phase = first.template.phases[0].id
        first.save_custom_step(CustomStep("custom-union", phase, "Meet the union"))
        second.reload_steps(["custom-union"])
        first.save_custom_step(replace(first.custom_step("custom-union"),
                                       guidance="Bring the TUPE list"))
        with pytest.raises(StaleData):  # second still holds the step without the guidance
            second.save_custom_step(replace(second.custom_step("custom-union"),
                                            title="Meet the unions"))
        assert second.custom_step("custom-union").guidance == "Bring the TUPE list"
        second.save_custom_step(replace(second.custom_step("custom-union"),
                                        title="Meet the unions"))
    finally:
        second.close()
        first.close()
    with ProjectRepository.open(shared, read_only=True) as repo:
        step = next(c for c in repo.custom_steps() if c.id == "custom-union")
    assert (step.title, step.guidance) == ("Meet the unions", "Bring the TUPE list")
