"""What changed between a previous copy of this project and the one open now, in plain words.

An adviser receives a review copy each month: this answers "what is different since last
month's copy?". Copies of a different project are refused, since comparing them would mislead.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain import changes as changes_mod
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui import file_dialogs
from mutual_checklist.ui.session import ProjectSession


def compare_with(session: ProjectSession, other: Path) -> changes_mod.ProjectChanges:
    """Changes from the copy at `other` (the earlier one) to the project open now.

    Raises:
        StorageError: `other` cannot be read as a project.
        DifferentProjects: `other` is a copy of another project.
    """
    if Path(other).resolve() == session.repo.path.resolve():
        raise ValueError("That is the file open now; choose an earlier copy of it.")
    with ProjectRepository.open(Path(other), read_only=True) as repo:
        old = repo.load_all()
    return changes_mod.compare(old, session.repo.load_all(), session.template)


def changes_text(found: changes_mod.ProjectChanges, other_name: str) -> str:
    body = changes_mod.render_text(found).split("\n", 1)
    rest = body[1] if len(body) > 1 else ""
    heading = f"Changes in “{found.project_name}” since the copy {other_name}"
    if found.redacted:
        rest += ("\n\nOne of the copies leaves out personal data, so contacts are counted but "
                 "not named.")
    return f"{heading}\n{rest}".rstrip()


class ChangesDialog(QDialog):
    """Shows the changes as read-only plain text (user text is never markup)."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Changes since a previous copy")
        self.resize(640, 520)
        intro = QLabel("Steps done, other step changes, barriers opened, closed or re-scored, "
                       "contacts and comments, from the earlier copy to this one.", wordWrap=True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit(readOnly=True, objectName="changes-text")
        self.text.setAccessibleName("Changes")
        self.text.setPlainText(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


def present(dialog: ChangesDialog) -> None:
    """Show the dialog (a seam: tests replace it and read `dialog.text`)."""
    dialog.exec()


def show_error(parent: QWidget, message: str) -> None:
    """Say why there is nothing to show (a seam)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, "Changes since a previous copy", message)


def show_changes(session: ProjectSession, parent: QWidget) -> ChangesDialog | None:
    """Ask for the earlier copy, compare, and show the result; returns the dialog shown."""
    other = file_dialogs.ask_open_path(parent, "Choose an earlier copy of this project")
    if other is None:
        return None
    try:
        found = compare_with(session, other)
    except changes_mod.DifferentProjects:
        show_error(parent, f"{other.name} is a copy of a different project, not "
                           f"“{session.project.name}”, so there is nothing to compare. Choose "
                           "an earlier copy of this project.")
        return None
    except (StorageError, ValueError) as error:
        show_error(parent, f"Could not compare with {other.name}: {error}")
        return None
    dialog = ChangesDialog(changes_text(found, other.name), parent)
    present(dialog)
    return dialog
