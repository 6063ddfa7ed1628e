"""The shell: new project, opening files safely, read-only mode, go-live date, menus, errors."""
from __future__ import annotations

import datetime as dt
import sys

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from mutual_checklist import paths
from mutual_checklist.domain import progress
from mutual_checklist.domain.models import StepStatus
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui import application, file_dialogs, project_dialogs
from mutual_checklist.ui.application import AppController, fresh_demo
from mutual_checklist.ui.project_dialogs import NewProjectRequest
from tests.gui.conftest import stored


@pytest.fixture
def controller(qtbot):
    QSettings().clear()
    c = AppController()
    yield c
    if c.window is not None:
        c.window.session.close()
        c.window.close()
    if c.welcome is not None:
        c.welcome.close()


def test_first_run_shows_welcome_then_new_project(controller, monkeypatch):
    controller.start(None, demo=False)
    assert controller.welcome is not None and controller.window is None
    request = NewProjectRequest("Day services <b>spin-out</b>", "Anytown Council",
                                "Day services", dt.date(2027, 10, 1), "mutual-2011")
    monkeypatch.setattr(project_dialogs, "ask_new_project", lambda parent, templates: request)
    assert controller.new_project()
    window = controller.window
    assert window is not None and controller.welcome is None
    path = window.session.repo.path
    assert path.parent == paths.projects_dir()
    with stored(window) as repo:
        project = repo.project()
    assert project.name == "Day services <b>spin-out</b>"
    assert project.go_live_baseline == dt.date(2027, 10, 1)
    assert window.header.text().startswith("Day services <b>spin-out</b>")  # shown literally
    due = progress.effective_due_date(window.session.template.step("S4-06"),
                                      window.session.step_state("S4-06"), window.session.plan)
    assert dt.date.today() <= due <= dt.date(2027, 10, 1)  # fitted between start and go-live


def test_a_project_started_months_ago_plans_from_that_day(controller, monkeypatch):
    started = dt.date.today() - dt.timedelta(weeks=12)
    request = NewProjectRequest("Libraries", "", "", dt.date.today() + dt.timedelta(weeks=40),
                                "mutual-2011", start=started)
    monkeypatch.setattr(project_dialogs, "ask_new_project", lambda parent, templates: request)
    assert controller.new_project()
    session = controller.window.session
    with stored(controller.window) as repo:
        assert repo.project().plan_start == started
    assert session.plan.start == started


def test_reopens_the_last_project(controller, monkeypatch, qtbot):
    request = NewProjectRequest("Libraries", "", "", dt.date(2027, 1, 1), "mutual-2011")
    monkeypatch.setattr(project_dialogs, "ask_new_project", lambda parent, templates: request)
    controller.new_project()
    path = controller.window.session.repo.path
    controller.window.session.close()
    controller.window.close()
    again = AppController()
    assert again.start(None, demo=False)
    assert again.window is not None and again.window.session.repo.path == path
    again.window.session.close()
    again.window.close()


def test_file_from_elsewhere_is_copied_or_opened_read_only(controller, tmp_path, monkeypatch):
    outside = tmp_path / "from-email.mutual"
    fresh_demo().rename(outside)
    monkeypatch.setattr(project_dialogs, "ask_open_mode", lambda parent, name, kind=None:
                        "copy")
    assert controller.open_path(outside)
    copy_path = controller.window.session.repo.path
    assert copy_path.parent == paths.projects_dir() and not controller.window.session.read_only
    monkeypatch.setattr(project_dialogs, "ask_open_mode", lambda parent, name, kind=None:
                        "read-only")
    assert controller.open_path(outside)
    window = controller.window
    assert window.session.read_only and not window.banner.isHidden()
    assert "Read-only" in window.banner.text() and "(read-only)" in window.windowTitle()
    assert not window.action("go-live").isEnabled()
    window.checklist.select_step("S1-01")
    assert not window.checklist.detail.status_combo.isEnabled()
    assert not window.checklist.detail.notes.isEnabled()


def test_a_team_file_on_a_shared_drive_can_be_worked_on_where_it_is(controller, tmp_path,
                                                                      monkeypatch):
    """The team keeps one file on the council's shared drive: it opens there, read-write."""
    shared = tmp_path / "OneDrive - Council" / "team.mutual"
    shared.parent.mkdir()
    fresh_demo().rename(shared)
    asked = []
    monkeypatch.setattr(project_dialogs, "ask_open_mode",
                        lambda parent, name, kind=None: asked.append(kind) or "here")
    assert controller.open_path(shared)
    session = controller.window.session
    assert session.repo.path == shared and not session.read_only
    assert asked == ["OneDrive"]
    assert "OneDrive" in controller.window.statusBar().currentMessage()


def test_the_open_question_offers_here_copy_and_read_only(qtbot, monkeypatch):
    seen = {}

    def answer(box):
        seen["buttons"] = [b.text() for b in box.buttons()]
        seen["default"] = box.defaultButton().text()
        seen["text"] = box.text() + " " + box.informativeText()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert project_dialogs.ask_open_mode(None, "team.mutual", "a network folder") is None
    assert seen["default"] == "Work on it here"
    assert {"Work on it here", "Copy and open", "Open read-only"} <= set(seen["buttons"])
    assert "a network folder" in seen["text"] and "team.mutual" in seen["text"]


def test_damaged_file_is_explained_not_opened(controller, tmp_path, monkeypatch):
    junk = tmp_path / "junk.mutual"
    junk.write_bytes(b"not a database" * 100)
    messages = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    monkeypatch.setattr(project_dialogs, "ask_open_mode", lambda parent, name, kind=None:
                        "read-only")
    assert not controller.open_path(junk)
    assert messages and "not a Mutual Checklist project file" in messages[0]
    assert junk.read_bytes() == b"not a database" * 100


def test_moving_go_live_keeps_baseline_and_moves_suggested_dates(demo_window, monkeypatch):
    session = demo_window.session
    baseline = session.project.go_live_baseline
    old_go_live = session.project.go_live_date
    new = old_go_live + dt.timedelta(weeks=4)
    monkeypatch.setattr(project_dialogs, "ask_go_live",
                        lambda parent, project: (new, "Fund actuary delayed"))
    demo_window.action("go-live").trigger()
    with stored(demo_window) as repo:
        project = repo.project()
        manual = repo.step_state("S3-11")
    assert project.go_live_date == new and project.go_live_baseline == baseline
    step = session.template.step("S4-06")
    before = session.plan.baseline["S4-06"].due
    assert before < progress.effective_due_date(step, session.step_state("S4-06"),
                                                session.plan) <= new
    assert manual.due_date_manual  # a date set by hand does not move
    assert "go-live" in demo_window.header.text()
    demo_window.undo_action.trigger()
    with stored(demo_window) as repo:
        assert repo.project().go_live_date == old_go_live


def test_project_details_edit_and_undo(demo_window, monkeypatch):
    monkeypatch.setattr(project_dialogs, "ask_project_details",
                        lambda parent, project: {"name": "Renamed", "organisation": "Org",
                                                 "service": "S", "author": "A"})
    demo_window.action("project-details").trigger()
    assert "Renamed" in demo_window.windowTitle()
    demo_window.undo_action.trigger()
    with stored(demo_window) as repo:
        assert repo.project().name == "Northbrook Day Opportunities spin-out"


def test_export_project_file_writes_a_consistent_copy(demo_window, tmp_path, monkeypatch):
    target = tmp_path / "sent.mutual"
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *a, **k: target)
    demo_window.action("export-project").trigger()
    with ProjectRepository.open(target, read_only=True) as repo:
        assert repo.project().uuid == demo_window.session.project.uuid
        assert repo.integrity_ok()


def test_views_are_reachable_by_keyboard_shortcuts(demo_window):
    for number, key in enumerate(["dashboard", "checklist", "barriers", "stakeholders",
                                  "reports"], start=1):
        action = demo_window.action(f"view-{key}")
        assert action.shortcut().toString() == f"Ctrl+{number}"
        action.trigger()
        assert demo_window.stack.currentWidget() is demo_window.views[key]


def test_unexpected_error_is_reported_plainly(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    old_hook = sys.excepthook
    try:
        application.install_error_hook()
        try:
            raise ValueError("boom")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old_hook
    assert shown and "your saved work is safe" in shown[0]
    assert "boom" not in shown[0]  # an error's text can quote the project's content


def test_monthly_review_walks_through_and_sets_the_rating(demo_window, monkeypatch):
    from mutual_checklist.domain.models import Rating
    from mutual_checklist.ui import review_routine

    demo_window.action("review").trigger()
    wizard = demo_window.review
    steps_page, barriers_page, contacts_page, rating_page = wizard.pages + [wizard.rating_page]
    from PySide6.QtCore import Qt

    listed = {steps_page.list.item(i).data(Qt.ItemDataRole.UserRole): steps_page.list.item(i)
              .text() for i in range(steps_page.list.count())}
    assert "overdue since" in listed["S3-11"]  # the demo's step that is running late
    assert barriers_page.list.count() >= 1  # the demo's VAT barrier is past review
    shown = []
    demo_window.session.navigate_requested.connect(lambda view, item: shown.append(view))
    barriers_page.list.itemActivated.emit(barriers_page.list.item(0))
    assert shown == ["barriers"]
    rating_page.rating.setCurrentIndex(rating_page.rating.findData("red"))
    rating_page.reason.setPlainText("")
    if rating_page.suggested is not Rating.RED:
        assert not rating_page.validatePage()
    rating_page.reason.setPlainText("The pension bond could stop go-live")
    assert rating_page.validatePage()
    with stored(demo_window) as repo:
        project = repo.project()
    assert project.rating is Rating.RED and "pension bond" in project.rating_reason
    wizard.accept()
    assert demo_window.stack.currentWidget() is demo_window.views["reports"]
    assert review_routine.stale_steps(demo_window.session, dt.date(2000, 1, 1)) == []


def test_theme_choice_is_remembered(demo_window):
    from PySide6.QtCore import QSettings

    demo_window.action("theme-dark").trigger()
    assert QSettings().value("theme") == "dark"
    assert demo_window.action("theme-dark").isChecked()
    demo_window.action("theme-system").trigger()


def test_a_project_open_elsewhere_opens_read_only_here(qtbot):
    from mutual_checklist.ui.application import IN_USE_REASON, build_main_window

    path = fresh_demo()
    first = build_main_window(path)
    qtbot.addWidget(first)
    second = build_main_window(path)
    qtbot.addWidget(second)
    try:
        assert not first.session.read_only
        assert second.session.read_only
        assert second.session.repo.read_only_reason == IN_USE_REASON
        assert "another Mutual Checklist window" in second.banner.text()
    finally:
        second.session.close()
        first.session.close()
    third = build_main_window(path)  # the lock is gone once the first window closed
    qtbot.addWidget(third)
    assert not third.session.read_only
    third.session.close()


def test_preferences_set_theme_and_default_folder(demo_window, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from mutual_checklist.ui import preferences

    monkeypatch.setattr(preferences, "ask", lambda parent, initial: preferences.Preferences(
        "light", str(tmp_path)))
    demo_window.action("preferences").trigger()
    assert QSettings().value("theme") == "light"
    assert demo_window.action("theme-light").isChecked()
    assert file_dialogs.default_folder() == tmp_path
    demo_window.action("theme-system").trigger()


def test_damaged_project_offers_the_newest_backup(controller, monkeypatch, qtbot):
    request = NewProjectRequest("Fragile", "", "", dt.date(2027, 1, 1), "mutual-2011")
    monkeypatch.setattr(project_dialogs, "ask_new_project", lambda parent, templates: request)
    controller.new_project()  # opening it takes the first automatic backup
    path = controller.window.session.repo.path
    assert list(paths.backups_dir().glob("Fragile-*-automatic*.mutual"))
    controller.window.session.close()
    controller.window.close()
    controller.window = None
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\x00" * 4000 + data[4100:])  # damage the file
    damaged = path.read_bytes()
    monkeypatch.setattr(project_dialogs, "confirm_restore", lambda parent, problem, name: True)
    assert controller.open_path(path, ask=False)
    assert controller.window.session.repo.path == path  # the backup takes the file's place
    assert controller.window.session.project.name == "Fragile"
    kept = path.with_name("Fragile (damaged).mutual")
    assert kept.read_bytes() == damaged  # the damaged file is kept as it was, moved aside once


def test_restore_from_a_backup_opens_a_copy(controller, monkeypatch):
    request = NewProjectRequest("Careful", "", "", dt.date(2027, 1, 1), "mutual-2011")
    monkeypatch.setattr(project_dialogs, "ask_new_project", lambda parent, templates: request)
    controller.new_project()
    original = controller.window.session.repo.path
    monkeypatch.setattr(project_dialogs, "ask_backup", lambda parent, backups: backups[0])
    controller.window.action("restore-backup").trigger()
    assert controller.window.session.repo.path != original
    assert original.exists()


def test_review_lists_contacts_past_their_retention_review(demo_window):
    from dataclasses import replace

    repo = demo_window.session.repo
    lawyer = next(c for c in repo.contacts() if c.name == "Mark Benson")
    repo.save_contact(replace(lawyer, retention_review_date=dt.date(2020, 1, 1)))
    demo_window.action("review").trigger()
    contacts_page = demo_window.review.pages[2]
    texts = [contacts_page.list.item(i).text() for i in range(contacts_page.list.count())]
    assert any("Mark Benson" in t and "retention review" in t for t in texts)


def _hostile_copy(tmp_path):
    import sqlite3

    outside = tmp_path / "received" / "from-a-colleague.mutual"
    outside.parent.mkdir()
    fresh_demo().rename(outside)
    conn = sqlite3.connect(outside)
    conn.execute("CREATE TRIGGER wipe AFTER UPDATE ON step_states BEGIN DELETE FROM barriers; END")
    conn.commit()
    conn.close()
    return outside


def _object_types(path):
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = "
                                               "'trigger'")}
    finally:
        conn.close()


def test_open_a_copy_of_a_hostile_file_leaves_the_planted_trigger_behind(controller, tmp_path,
                                                                          monkeypatch):
    outside = _hostile_copy(tmp_path)
    monkeypatch.setattr(project_dialogs, "ask_open_mode",
                        lambda parent, name, kind=None: project_dialogs.OPEN_COPY)
    assert controller.open_path(outside)
    session = controller.window.session
    assert not session.read_only and paths.projects_dir() in session.repo.path.parents
    barriers = len(session.repo.barriers())
    session.set_step_status("S1-01", StepStatus.DONE)
    assert len(session.repo.barriers()) == barriers
    assert _object_types(session.repo.path) == {"history_append_only"}


def test_a_hostile_file_in_the_projects_folder_offers_a_clean_copy(controller, tmp_path,
                                                                    monkeypatch):
    outside = _hostile_copy(tmp_path)
    inside = paths.projects_dir() / "planted.mutual"
    outside.rename(inside)
    monkeypatch.setattr(project_dialogs, "ask_clean_copy", lambda parent, name, kind=None: False)
    assert controller.open_path(inside)
    assert controller.window.session.read_only  # looked at only: nothing in it can run
    monkeypatch.setattr(project_dialogs, "ask_clean_copy", lambda parent, name, kind=None: True)
    assert controller.open_path(inside)
    session = controller.window.session
    assert not session.read_only and "clean copy" in session.repo.path.name
    assert _object_types(session.repo.path) == {"history_append_only"}
