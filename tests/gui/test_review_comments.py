"""Priya comments where the work is: on the step or barrier she is reading, her name asked once,
and OK never throws a comment away."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from mutual_checklist.domain.models import CommentTarget
from mutual_checklist.export.review_copy import write_review_copy
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui import project_dialogs
from mutual_checklist.ui.application import AppController, build_main_window, fresh_demo
from mutual_checklist.ui.comments_panel import CommentDialog


@pytest.fixture
def review_window(qtbot, tmp_path):
    with ProjectRepository.open(fresh_demo()) as repo:
        write_review_copy(repo, tmp_path / "review copy.mutual", redacted=True)
    win = build_main_window(tmp_path / "review copy.mutual", read_only=True)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.session.close()


ERRORS: list[BaseException] = []


def on_next_dialog(steps):
    """Run `steps(dialog)` on the comment dialog as soon as it is shown (it is modal); a failed
    check closes the dialog and is raised again by `check()`."""
    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CommentDialog):
            QTimer.singleShot(20, act)
            return
        try:
            steps(dialog)
        except BaseException as error:  # noqa: BLE001 - reported by check()
            ERRORS.append(error)
            dialog.reject()
    QTimer.singleShot(0, act)


def check() -> None:
    if ERRORS:
        raise ERRORS.pop()


def ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def comments(win):
    with ProjectRepository.open(win.session.repo.path, read_only=True) as repo:
        return repo.comments()


def test_comment_on_the_step_being_read_keeps_it_when_the_name_is_blank(review_window, qtbot):
    win = review_window
    win.show_view("checklist")
    checklist = win.views["checklist"]
    step_id = win.session.all_step_ids()[3]
    checklist.select_step(step_id)
    assert checklist.detail.comment_button.isVisible()
    seen = {}

    def fill(dialog) -> None:
        assert dialog.on_fixed.isVisibleTo(dialog) and not dialog.on.isVisibleTo(dialog)
        assert win.session.step_title(step_id)[:40] in dialog.on_fixed.text()
        dialog.author.clear()
        dialog.body.setPlainText("Has the pension fund replied?")
        ok(dialog)  # no name: the dialog stays open and says what is missing
        seen["still open"] = dialog.isVisible()
        seen["problem"] = dialog.problem.text()
        seen["body kept"] = dialog.body.toPlainText()
        dialog.author.setText("Priya Shah")
        ok(dialog)

    on_next_dialog(fill)
    checklist.detail.comment_button.click()
    check()
    assert seen["still open"] and "your name" in seen["problem"]
    assert seen["body kept"] == "Has the pension fund replied?"
    [comment] = [c for c in comments(win) if c.body == "Has the pension fund replied?"]
    assert (comment.target, comment.target_id, comment.author) == \
        (CommentTarget.STEP, step_id, "Priya Shah")

    # asked once: the next comment already carries her name
    names = {}

    def second(dialog) -> None:
        names["author"] = dialog.author.text()
        dialog.body.setPlainText("Second thought")
        ok(dialog)

    on_next_dialog(second)
    win.action("comment").trigger()  # Ctrl+Alt+M: about the step on screen
    check()
    assert names["author"] == "Priya Shah"
    assert [c.target_id for c in comments(win) if c.body == "Second thought"] == [step_id]


def test_ctrl_alt_m_comments_on_the_selected_barrier_and_cancel_adds_nothing(review_window,
                                                                           qtbot):
    win = review_window
    win.show_view("barriers")
    barriers = win.views["barriers"]
    barrier = win.session.barriers()[0]
    barriers.show_item(barrier.id)
    assert win.action("comment").shortcut().toString() == "Ctrl+Alt+M"
    before = len(comments(win))

    def cancel(dialog) -> None:
        dialog.author.setText("Priya Shah")
        dialog.body.setPlainText("Not sent")
        dialog.reject()

    on_next_dialog(cancel)
    assert barriers.comment_button.isEnabled()
    barriers.comment_button.click()
    check()
    assert len(comments(win)) == before

    def send(dialog) -> None:
        assert barrier.title[:30] in dialog.on_fixed.text()
        assert dialog.author.text() == ""  # a cancelled comment remembers nothing
        dialog.author.setText("Priya Shah")
        dialog.body.setPlainText("The bond figure looks high")
        ok(dialog)
        assert not dialog.isVisible()

    on_next_dialog(send)
    win.action("comment").trigger()
    check()
    [comment] = [c for c in comments(win) if c.body == "The bond figure looks high"]
    assert (comment.target, comment.target_id) == (CommentTarget.BARRIER, barrier.id)


def test_the_project_comment_action_exists_only_in_a_review_copy(review_window, demo_window):
    assert review_window.action("comment").isVisible()
    assert not demo_window.action("comment").isVisible()
    assert not demo_window.views["checklist"].detail.comment_button.isVisibleTo(demo_window)


def test_a_review_copy_opens_to_read_and_comment_by_default(qtbot, monkeypatch, tmp_path):
    path = tmp_path / "sent to me.mutual"
    with ProjectRepository.open(fresh_demo()) as repo:
        write_review_copy(repo, path, redacted=True)
    asked = []
    monkeypatch.setattr(project_dialogs, "ask_open_review_copy",
                        lambda parent, name: asked.append(name) or project_dialogs.OPEN_READ_ONLY)
    controller = AppController()
    assert controller.open_path(path, ask=True)
    qtbot.addWidget(controller.window)
    try:
        assert asked == [path.name]
        assert controller.window.session.read_only
        assert controller.window.action("comment").isVisible()
    finally:
        qtbot.wait(50)  # let the dashboard's first refresh run before the file is closed
        controller.window.close()
        controller.window.session.close()

    box_default = {}

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        box_default["text"] = box.defaultButton().text()
        box.defaultButton().click()

    monkeypatch.undo()
    QTimer.singleShot(0, look)
    assert project_dialogs.ask_open_review_copy(None, path.name) == project_dialogs.OPEN_READ_ONLY
    assert box_default["text"] == "Open to read and comment"

