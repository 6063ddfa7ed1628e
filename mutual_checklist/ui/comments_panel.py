"""Review comments beside the items they are about: who, when, on what.

The leader imports an adviser's review file here; an adviser who opened a review copy adds
comments here. The session's repository stays read-only for the adviser: each comment is written
through a short-lived comments-only repository (`ProjectRepository.open_for_review`), closed at
once, and then the panel re-reads the comments.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain.models import Comment, CommentTarget
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.export import review_file
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.storage.repository import ProjectRepository, new_id, utc_now
from mutual_checklist.ui import file_dialogs
from mutual_checklist.ui.models.table_base import TableModel
from mutual_checklist.ui.session import ProjectSession
from mutual_checklist.ui.widgets.buttons import ok_cancel
from mutual_checklist.ui.widgets.columns import fit_columns

REVIEW_FILTER = "Review files (*.json);;All files (*)"
CELL_LIMIT = 200


class Columns(enum.IntEnum):
    WHEN = 0
    WHO = 1
    ON = 2
    COMMENT = 3


HEADERS = {Columns.WHEN: "When", Columns.WHO: "Who", Columns.ON: "On",
           Columns.COMMENT: "Comment"}
TargetRole = Qt.ItemDataRole.UserRole + 1
TargetIdRole = Qt.ItemDataRole.UserRole + 2
CommentIdRole = Qt.ItemDataRole.UserRole + 3
BodyRole = Qt.ItemDataRole.UserRole + 4


def when_text(stamp: str) -> str:
    """ISO timestamp -> '03/03/2025 14:05' in local time; unreadable text is shown as it is."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp[:40]
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d/%m/%Y %H:%M")


def one_line(text: str, limit: int = CELL_LIMIT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class CommentsModel(TableModel):
    """The project's review comments, oldest first, with the title of what each is about."""

    COLUMNS = Columns
    HEADERS = HEADERS

    def row_count(self) -> int:
        return len(self._rows)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._rows: list[tuple[Comment, str]] = []
        self.reload()

    def on_text(self, comment: Comment) -> str:
        if comment.target is CommentTarget.OVERALL:
            return "The project overall"
        if comment.target is CommentTarget.STEP:
            title = self.session.step_title(comment.target_id)
            known = title != comment.target_id or comment.target_id in self.session.all_step_ids()
            return f"Step: {title}" if known else f"Step {comment.target_id} (no longer here)"
        barrier = next((b for b in self.session.barriers() if b.id == comment.target_id), None)
        return f"Barrier: {barrier.title}" if barrier else "A barrier no longer in the project"

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = [(c, self.on_text(c)) for c in self.session.repo.comments()]
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        comment, on = self._rows[index.row()]
        column = Columns(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return {Columns.WHEN: when_text(comment.created_at),
                    Columns.WHO: one_line(comment.author, 80),
                    Columns.ON: one_line(on, 120),
                    Columns.COMMENT: one_line(comment.body)}[column]
        if role == TargetRole:
            return comment.target.value
        if role == TargetIdRole:
            return comment.target_id
        if role == CommentIdRole:
            return comment.id
        if role == BodyRole:
            return comment.body
        return None

    def comment(self, row: int) -> Comment:
        return self._rows[row][0]


# --- adding a comment (adviser) ------------------------------------------------------------------

@dataclass(frozen=True)
class NewComment:
    target: CommentTarget
    target_id: str
    author: str
    body: str


class CommentDialog(QDialog):
    """Who is commenting, on what, and the comment itself."""

    def __init__(self, targets: list[tuple[str, CommentTarget, str]], initial: str,
                 author: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add a review comment")
        self.on = QComboBox(accessibleName="What the comment is about")
        for label, target, target_id in targets:
            self.on.addItem(one_line(label, 90), (target.value, target_id))
        found = next((i for i, (_, _, tid) in enumerate(targets) if tid == initial), 0)
        self.on.setCurrentIndex(found)
        self.author = QLineEdit(author, accessibleName="Your name")
        self.body = QPlainTextEdit(accessibleName="Comment")
        self.body.setTabChangesFocus(True)
        buttons = ok_cancel(self)
        form = QFormLayout(self)
        form.addRow("&On:", self.on)
        form.addRow("Your &name:", self.author)
        form.addRow("&Comment:", self.body)
        form.addRow(buttons)

    def value(self) -> NewComment | None:
        kind, target_id = self.on.currentData()
        author, body = self.author.text().strip(), self.body.toPlainText()
        if not author or not body.strip():
            return None
        return NewComment(CommentTarget(kind), target_id, author, body)

    @classmethod
    def ask(cls, parent: QWidget, targets: list[tuple[str, CommentTarget, str]], initial: str,
            author: str = "") -> NewComment | None:
        dialog = cls(targets, initial, author, parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def comment_targets(session: ProjectSession) -> list[tuple[str, CommentTarget, str]]:
    """Overall, then every step, then every barrier, each with a readable label."""
    targets = [("The project overall", CommentTarget.OVERALL, "")]
    targets += [(f"Step: {session.step_title(s)}", CommentTarget.STEP, s)
                for s in session.all_step_ids()]
    targets += [(f"Barrier: {b.title}", CommentTarget.BARRIER, b.id) for b in session.barriers()]
    return targets


# --- the panel -----------------------------------------------------------------------------------

class CommentsPanel(QWidget):
    """The comments table, the full text of the selected one, and import / add buttons.

    Signals:
        message(str): a plain-words result ("2 added, 0 already here") for the status line.
    """

    message = Signal(str)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.current_item = ""  # the step or barrier id last shown, offered first when adding
        self.model = CommentsModel(session, self)
        self.table = QTableView(objectName="comments-table")
        self.table.setAccessibleName("Review comments")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # The comment's text is what matters: it takes the spare width and is always the widest.
        self.column_fitter = fit_columns(
            self.table, Columns.COMMENT, {Columns.WHEN: 118, Columns.WHO: 110, Columns.ON: 200},
            drop=(Columns.WHO,), title_min=230,
            minimums={Columns.WHEN: 104, Columns.ON: 110})
        self.table.activated.connect(self.go_to)
        self.table.selectionModel().currentRowChanged.connect(self._show_body)
        self.body = QPlainTextEdit(readOnly=True, objectName="comment-body")
        self.body.setAccessibleName("Selected comment in full")
        self.body.setPlaceholderText("Select a comment to read it in full. Press Enter or "
                                     "double-click to go to the step or barrier it is about.")
        self.body.setMaximumHeight(90)

        self.import_button = QPushButton("Import &review file…", objectName="import-review")
        self.import_button.setAccessibleName("Import review file")
        self.import_button.clicked.connect(self.import_review)
        self.add_button = QPushButton("Add co&mment…", objectName="add-comment")
        self.add_button.setAccessibleName("Add comment")
        self.add_button.clicked.connect(self.add_comment)
        self.empty = QLabel(wordWrap=True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)

        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.body)
        layout.addLayout(buttons)

        project = session.project
        self.import_button.setVisible(not project.is_review_copy)
        self.import_button.setEnabled(not session.read_only)
        self.add_button.setVisible(project.is_review_copy)
        session.comments_changed.connect(self.refresh)
        session.steps_changed.connect(lambda _ids: self.refresh())
        session.barriers_changed.connect(lambda _ids: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        self.model.reload()
        count = self.model.rowCount()
        if self.session.project.is_review_copy:
            hint = ("No comments yet. Use “Add comment…” to comment on the project overall, "
                    "a step or a barrier; then “Export review file…” to send them back.")
        else:
            hint = ("No review comments yet. When your adviser sends a review file, import it "
                    "here to see their comments beside each step and barrier.")
        self.empty.setText(hint if count == 0 else
                           f"{count} comment{'s' if count != 1 else ''}. Select one to read "
                           "it in full; press Enter to go to what it is about.")

    def _show_body(self, current: QModelIndex, _previous: QModelIndex) -> None:
        body = current.data(BodyRole) if current.isValid() else None
        self.body.setPlainText(body or "")

    def go_to(self, index: QModelIndex) -> None:
        """Click through to the step or barrier the comment is about."""
        target, target_id = index.data(TargetRole), index.data(TargetIdRole)
        if target == CommentTarget.STEP.value and target_id in self.session.all_step_ids():
            self.session.navigate_requested.emit("checklist", target_id)
        elif target == CommentTarget.BARRIER.value and any(
                b.id == target_id for b in self.session.barriers()):
            self.session.navigate_requested.emit("barriers", target_id)
        elif target == CommentTarget.OVERALL.value:
            self.session.navigate_requested.emit("dashboard", "")

    # --- leader: import ------------------------------------------------------------------------

    def import_review(self) -> None:
        path = file_dialogs.ask_open_path(self, "Import review file", REVIEW_FILTER)
        if path is None:
            return
        if self.session.read_only:
            self.message.emit("This project is read-only, so nothing can be imported into it.")
            return
        known = set(self.session.all_step_ids())
        try:
            review = review_file.read(path)
            result = review_file.import_review(self.session.repo, review, known)
        except (ValueError, StorageError, RuleViolation) as error:
            self.message.emit(f"Could not import {path.name}: {error}")
            return
        who = f" from {result.reviewer}" if result.reviewer else ""
        text = f"Imported {path.name}{who}: {result.added} added, " \
               f"{result.already_present} already here."
        if result.on_missing_items:
            text += (f" {result.on_missing_items} are about steps or barriers no longer in the "
                     "project; they are kept with the others.")
        self.session.comments_changed.emit()
        self.message.emit(text)

    # --- adviser: add to a review copy ---------------------------------------------------------

    def add_comment(self) -> None:
        request = CommentDialog.ask(self, comment_targets(self.session), self.current_item)
        if request is None:
            return
        comment = Comment(new_id(), request.target, request.target_id, request.author,
                          request.body, utc_now())
        try:
            with ProjectRepository.open_for_review(self.session.repo.path) as repo:
                repo.add_review_comments([comment])
        except (StorageError, RuleViolation) as error:
            self.message.emit(f"The comment was not added: {error}")
            return
        self.session.comments_changed.emit()
        self.message.emit("Comment added to this review copy. Use “Export review file…” to "
                          "send your comments back.")
