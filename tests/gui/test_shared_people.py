"""Two people on one shared project file, each with their own data folder, both having chosen
"Edit anyway": a barrier, contact or log entry one of them changed is never silently overwritten
by the other's window, which says so, shows the other change and lets them make theirs again."""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from mutual_checklist.storage.project_lock import lock_path
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui import dialogs_barrier, dialogs_contact, project_dialogs
from mutual_checklist.ui.application import AppController
from mutual_checklist.ui.dialogs_barrier import BarrierDialog, BarrierEdit
from tests.gui.test_stakeholders_view import demo_file  # noqa: F401 - the demo, built once

COLLEAGUE_LOCK = {"app": "Mutual Checklist", "host": "LAPTOP-7", "host_tag": "0123456789abcdef",
                  "user": "sam", "pid": 4242, "since": "2026-12-01T09:14:00+00:00"}


@pytest.fixture
def shared(demo_file, tmp_path) -> Path:
    folder = tmp_path / "shared drive"
    folder.mkdir()
    path = Path(shutil.copy(demo_file, folder / "team.mutual"))
    lock_path(path).write_text(json.dumps(COLLEAGUE_LOCK))  # left by someone on another laptop
    return path


@pytest.fixture
def people(qtbot, shared, tmp_path, monkeypatch):
    """Ann's and Ben's windows: own HOME, data and settings folders; each is told someone else
    is editing and chooses "Edit anyway" (the real question, answered)."""
    asked = []
    monkeypatch.setattr(project_dialogs, "ask_take_over",
                        lambda parent, name, holder: asked.append(holder) or True)
    windows = []
    for person in ("ann", "ben"):
        home = tmp_path / person
        monkeypatch.setenv("HOME", str(home))
        monkeypatch.setenv("MUTUAL_CHECKLIST_DATA_DIR", str(home / "data"))
        monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
        monkeypatch.setenv("XDG_DATA_HOME", str(home / "share"))
        controller = AppController()
        assert controller.open_path(shared, ask=False)
        window = controller.window
        qtbot.addWidget(window)
        assert not window.session.read_only, window.session.repo.read_only_reason
        windows.append(window)
        # each works on their own laptop: to the other, the lock names that laptop
        lock_path(shared).write_text(json.dumps({**COLLEAGUE_LOCK, "user": person,
                                                 "host": f"{person.upper()}-LAPTOP"}))
    assert len(asked) == 2 and asked[0].startswith("sam on LAPTOP-7")
    assert asked[1].startswith("ann on ANN-LAPTOP")
    yield windows
    for window in windows:
        window.session.close()


def stored(path: Path) -> ProjectRepository:
    return ProjectRepository.open(path, read_only=True)


def stakeholder_views(people, monkeypatch):
    """Ann's and Ben's Stakeholders views, and what their windows said (warnings)."""
    for window in people:
        window.show_view("stakeholders")
    said: list[str] = []
    monkeypatch.setattr(dialogs_contact, "warn", lambda parent, text: said.append(text))
    return people[0].views["stakeholders"], people[1].views["stakeholders"], said


def select_entry(view, entry_id: str):
    model = view.interactions_model
    row = next(r for r in range(model.rowCount()) if model.interaction_at(r).id == entry_id)
    view.interactions.selectRow(row)
    return model.interaction_at(row)


def test_a_barrier_edit_is_never_overwritten_by_the_other_window(people, shared, monkeypatch):
    ann, ben = (w.views["barriers"] for w in people)
    for window in people:
        window.show_view("barriers")
    target = next(b for b in ann.model.barriers() if b.title.startswith("Cash gap"))
    said = []
    monkeypatch.setattr(dialogs_barrier, "show_error", lambda parent, text: said.append(text))

    def editing(**changes):
        monkeypatch.setattr(BarrierDialog, "ask", classmethod(
            lambda cls, parent, template, initial, *rest: BarrierEdit(
                replace(initial, **changes), "")))

    ann.show_item(target.id)
    editing(mitigation="Ann: bridging loan agreed with the council")
    ann.edit_selected()
    assert not said

    ben.show_item(target.id)  # still shows the barrier as Ben's window read it
    editing(owner="Ben Ito")
    ben.edit_selected()
    assert len(said) == 1 and "changed elsewhere" in said[0] and "reloaded" in said[0]
    assert ben.selected_barrier().mitigation == "Ann: bridging loan agreed with the council"
    with stored(shared) as repo:
        assert repo.barrier(target.id).owner == target.owner  # nothing of Ben's stale copy
        assert repo.barrier(target.id).mitigation.startswith("Ann:")

    ben.edit_selected()  # made again, on what is shown now
    assert len(said) == 1
    monkeypatch.setattr(dialogs_barrier, "confirm_remove", lambda *args: True)
    ann.remove_selected()  # Ann's window has not seen Ben's change: refused, nothing removed
    assert len(said) == 2 and "changed elsewhere" in said[1]
    with stored(shared) as repo:
        kept = repo.barrier(target.id)
    assert (kept.owner, kept.mitigation) == ("Ben Ito", "Ann: bridging loan agreed with the "
                                                        "council")
    assert ann.selected_barrier().owner == "Ben Ito"

    editing(mitigation="Ann: loan signed")  # on what Ann's window shows now
    ann.edit_selected()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    people[1].undo_action.trigger()  # Ben's undo would put back Ann's earlier mitigation
    assert len(shown) == 1 and "changed elsewhere" in shown[0]
    assert ben.selected_barrier().mitigation == "Ann: loan signed"  # shown again
    with stored(shared) as repo:
        kept = repo.barrier(target.id)
    assert (kept.owner, kept.mitigation) == ("Ben Ito", "Ann: loan signed")


def test_a_contact_edit_or_erase_is_never_undone_by_the_other_window(people, shared,
                                                                     monkeypatch):
    ann, ben, said = stakeholder_views(people, monkeypatch)
    first, second = ann.contacts_model.contacts()[:2]

    def editing(**changes):
        monkeypatch.setattr(dialogs_contact.ContactDialog, "ask",
                            lambda parent, template, initial=None: replace(initial, **changes))

    ann.show_item(first.id)
    editing(phone="0161 496 0123")
    ann.edit_button.click()
    ben.show_item(first.id)
    editing(role="Staff-side chair")
    ben.edit_button.click()
    assert len(said) == 1 and "changed elsewhere" in said[0]
    assert ben.contacts_model.contact(first.id).phone == "0161 496 0123"  # shown again
    ben.edit_button.click()
    with stored(shared) as repo:
        both = repo.contact(first.id)
    assert (both.phone, both.role) == ("0161 496 0123", "Staff-side chair")

    assert ann.grid.move_contact(first.id, 1, 1)  # Ann's window has not seen Ben's role
    assert len(said) == 2 and "changed elsewhere" in said[1]
    assert ann.contacts_model.contact(first.id).role == "Staff-side chair"
    assert ann.grid.move_contact(first.id, 1, 1)  # on what is shown now
    assert len(said) == 2

    ann.show_item(second.id)
    monkeypatch.setattr(dialogs_contact, "confirm_erase", lambda parent, name: True)
    ann.erase_action.trigger()
    ben.show_item(second.id)
    editing(notes="Prefers email")
    ben.edit_button.click()  # Ben's window still shows the person Ann erased
    assert len(said) == 3 and "removed elsewhere" in said[2]
    with stored(shared) as repo:
        assert repo.contact(second.id) is None  # never brought back
        moved = repo.contact(first.id)
    assert (moved.influence, moved.interest, moved.role) == (1, 1, "Staff-side chair")
    assert ben.contacts_model.contact(second.id) is None


def test_a_log_entry_edit_is_never_overwritten_by_the_other_window(people, shared,
                                                                   monkeypatch):
    ann, ben, said = stakeholder_views(people, monkeypatch)
    with stored(shared) as repo:
        entry = repo.interactions()[0]
    for view in (ann, ben):
        view.show_item(entry.contact_id)
        select_entry(view, entry.id)

    def editing(**changes):
        monkeypatch.setattr(dialogs_contact.InteractionDialog, "ask",
                            lambda parent, cid, name, initial=None: replace(initial, **changes))

    editing(summary="Ann: they want the pension figures first")
    ann.edit_entry_button.click()
    editing(follow_up_action="Ben: send the business case")
    ben.edit_entry_button.click()
    assert len(said) == 1 and "changed elsewhere" in said[0]
    with stored(shared) as repo:
        kept = next(i for i in repo.interactions() if i.id == entry.id)
    assert kept.summary == "Ann: they want the pension figures first"
    assert kept.follow_up_action == entry.follow_up_action
    assert select_entry(ben, entry.id).summary.startswith("Ann:")  # shown again
    ben.edit_entry_button.click()  # made again on what is shown now
    with stored(shared) as repo:
        kept = next(i for i in repo.interactions() if i.id == entry.id)
    assert (kept.summary, kept.follow_up_action) == (
        "Ann: they want the pension figures first", "Ben: send the business case")
    select_entry(ann, entry.id)
    ann.remove_entry_button.click()  # Ann's window is now the stale one
    assert len(said) == 2 and "changed elsewhere" in said[1]
    with stored(shared) as repo:
        assert any(i.id == entry.id for i in repo.interactions())
