"""A drop-down whose choice is saved only when the user means it.

Arrow keys (and typing a letter) on a closed drop-down only move the shown choice; nothing is
saved until Enter, until the user leaves the control, or until a choice is picked from the open
list. Escape puts the saved choice back. The mouse wheel never changes it by accident.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QWidget

ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CommitComboBox(QComboBox):
    """Signals:
        committed(int): the user settled on this index (differs from the saved one).
    """

    committed = Signal(int)

    def __init__(self, parent: QWidget | None = None, **kwargs: object):
        super().__init__(parent, **kwargs)
        self._saved = -1
        self._keyboard = False
        self.activated.connect(self._on_activated)

    def set_saved_index(self, index: int) -> None:
        """Show `index` as the saved choice (after a refresh from the data)."""
        self._saved = index
        self.setCurrentIndex(index)

    @property
    def pending(self) -> bool:
        return self.currentIndex() != self._saved

    def _on_activated(self, index: int) -> None:
        if self._keyboard:
            return  # moved with the keyboard on the closed list: wait for Enter
        self._commit(index)

    def _commit(self, index: int) -> None:
        if index != self._saved and index >= 0:
            self._saved = index
            self.committed.emit(index)

    def revert(self) -> None:
        self.setCurrentIndex(self._saved)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in ENTER and self.pending:
            self._commit(self.currentIndex())
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.pending:
            self.revert()
            event.accept()
            return
        opening = event.key() in (Qt.Key.Key_F4, Qt.Key.Key_Space) or (
            event.modifiers() & Qt.KeyboardModifier.AltModifier
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up))
        self._keyboard = not opening
        try:
            super().keyPressEvent(event)
        finally:
            self._keyboard = False

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        if self.pending and event.reason() != Qt.FocusReason.PopupFocusReason \
                and not self.view().isVisible():
            self._commit(self.currentIndex())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        event.ignore()  # scrolling the panel never changes a saved choice
