"""Find everywhere (Ctrl+F): one search across steps, barriers, contacts and comments.

Typing lists every match with what it is; Enter (or a double-click) opens it where it lives.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain.models import CommentTarget
from mutual_checklist.ui.session import ProjectSession

MAX_RESULTS = 200


@dataclass(frozen=True)
class Hit:
    kind: str  # "Step", "Barrier", "Contact", "Comment"
    text: str
    view: str
    item_id: str


def _matches(words: list[str], *fields: str) -> bool:
    haystack = " ".join(f for f in fields if f).casefold()
    return all(w in haystack for w in words)


def find(session: ProjectSession, query: str) -> list[Hit]:
    """Every step, barrier, contact and comment containing all the words of `query`."""
    words = query.casefold().split()
    if not words:
        return []
    hits: list[Hit] = []
    for step_id in session.all_step_ids():
        state = session.step_state(step_id)
        title = session.step_title(step_id)
        if _matches(words, step_id, title, state.notes, state.owner):
            hits.append(Hit("Step", f"{step_id} {title}", "checklist", step_id))
    for barrier in session.barriers():
        if _matches(words, barrier.title, barrier.description, barrier.mitigation,
                    barrier.owner):
            hits.append(Hit("Barrier", barrier.title, "barriers", barrier.id))
    for contact in session.repo.contacts():
        if _matches(words, contact.name, contact.organisation, contact.role, contact.notes):
            where = ", ".join(p for p in (contact.role, contact.organisation) if p)
            hits.append(Hit("Contact", f"{contact.name} ({where})" if where else contact.name,
                            "stakeholders", contact.id))
    for comment in session.repo.comments():
        if _matches(words, comment.body, comment.author):
            view = {CommentTarget.STEP: "checklist", CommentTarget.BARRIER: "barriers"}.get(
                comment.target, "reports")
            body = " ".join(comment.body.split())
            hits.append(Hit("Comment", f"{comment.author}: {body[:120]}", view,
                            comment.target_id if view != "reports" else ""))
    return hits[:MAX_RESULTS]


class FindEverywhere(QDialog):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Find everywhere")
        self.query = QLineEdit(placeholderText="Words to find in steps, barriers, contacts and "
                               "comments", clearButtonEnabled=True)
        self.query.setAccessibleName("Find everywhere")
        self.results = QListWidget(objectName="find-results")
        self.results.setAccessibleName("What was found; press Enter to open it")
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary = QLabel("Type to search the whole project.")
        self.query.textChanged.connect(self.search)
        self.query.returnPressed.connect(self._open_first)
        self.results.itemActivated.connect(self.open_item)
        label = QLabel("&Find:")
        label.setBuddy(self.query)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.query)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self.resize(640, 480)
        self.setProperty("mutualChecklistNoEscapeGuard", True)  # a search is not typed work

    def search(self, text: str) -> None:
        self.results.clear()
        hits = find(self.session, text)
        for hit in hits:
            item = QListWidgetItem(f"{hit.kind}: {hit.text}")
            item.setData(Qt.ItemDataRole.UserRole, (hit.view, hit.item_id))
            self.results.addItem(item)
        if text.strip():
            self.summary.setText(f"{len(hits)} found" + (" (the first 200)" if len(hits)
                                                         >= MAX_RESULTS else "") +
                                 ". Press Down to choose, Enter to open.")
        if hits:
            self.results.setCurrentRow(0)

    def _open_first(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self.open_item(item)

    def open_item(self, item: QListWidgetItem) -> None:
        view, item_id = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
        self.session.navigate_requested.emit(view, item_id)
