"""Undoable user actions: each redo/undo is one repository write through the session."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from mutual_checklist.domain.models import StepState
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.storage.errors import StorageError

if TYPE_CHECKING:
    from mutual_checklist.ui.session import ProjectSession


def _said_if_refused(write: Callable[[], object]) -> None:
    """Run an undo or redo; a refused write (changed elsewhere, disk full...) is said in plain
    words, as the views say it for the first try, instead of escaping into Qt."""
    try:
        write()
    except (StorageError, RuleViolation) as error:
        from PySide6.QtWidgets import QApplication, QMessageBox

        from mutual_checklist import APP_NAME

        QMessageBox.warning(QApplication.activeWindow(), APP_NAME, str(error))


class SetStepStateCommand(QUndoCommand):
    """Replace one step's state (status, reason, dates...) and put it back on undo.

    The session writes the change before pushing, so a failed write never lands on the stack;
    the push's own first redo is therefore skipped.
    """

    def __init__(self, session: ProjectSession, old: StepState, new: StepState, text: str):
        super().__init__(text)
        self._session = session
        self._old = old
        self._new = new
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        _said_if_refused(lambda: self._session.write_step_state(self._new))

    def undo(self) -> None:
        _said_if_refused(lambda: self._session.write_step_state(self._old))


class FunctionCommand(QUndoCommand):
    """An undoable action made of two closures (see `ProjectSession.push_change`).

    The action was already applied before the push, so the push's own first redo is skipped.
    """

    def __init__(self, text: str, apply: Callable[[], object], revert: Callable[[], object]):
        super().__init__(text)
        self._apply = apply
        self._revert = revert
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        _said_if_refused(self._apply)

    def undo(self) -> None:
        _said_if_refused(self._revert)
