"""InteractionsModel: the meetings, calls and emails logged with one contact, newest first.

The model never writes; it re-reads the selected contact's interactions when the session says
interactions changed (one contact's log is small, so a reset is cheap and always right).
"""
from __future__ import annotations

import enum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from mutual_checklist.domain.models import Interaction
from mutual_checklist.ui.models.contacts_model import short, uk_date
from mutual_checklist.ui.models.table_base import TableModel
from mutual_checklist.ui.session import ProjectSession

InteractionIdRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex

KINDS = {"meeting": "Meeting", "call": "Call", "email": "Email", "other": "Other"}


def kind_label(kind: str) -> str:
    return KINDS.get(kind, short(kind.capitalize(), 40))


class Columns(enum.IntEnum):
    DATE = 0
    KIND = 1
    SUMMARY = 2
    FOLLOW_UP_DATE = 3
    FOLLOW_UP_ACTION = 4


HEADERS = {Columns.DATE: "Date", Columns.KIND: "Kind", Columns.SUMMARY: "Summary",
           Columns.FOLLOW_UP_DATE: "Follow up on", Columns.FOLLOW_UP_ACTION: "Follow-up action"}


class InteractionsModel(TableModel):

    COLUMNS = Columns
    HEADERS = HEADERS

    def row_count(self) -> int:
        return len(self._rows)
    def __init__(self, session: ProjectSession, parent=None):
        super().__init__(parent)
        self._session = session
        self._contact_id: str | None = None
        self._rows: list[Interaction] = []
        self._versions: dict[str, int] = {}
        session.interactions_changed.connect(self._on_interactions_changed)
        session.contacts_changed.connect(self._on_contacts_changed)

    @property
    def contact_id(self) -> str | None:
        return self._contact_id

    def set_contact(self, contact_id: str | None) -> None:
        self.beginResetModel()
        self._contact_id = contact_id
        self._rows = self._read()
        self.endResetModel()

    def _read(self) -> list[Interaction]:
        if self._contact_id is None:
            return []
        # versions first: what is shown is never older than the version a change is checked with
        self._versions = self._session.repo.row_versions("interactions",
                                                         contact_id=self._contact_id)
        rows = self._session.repo.interactions(self._contact_id)
        return sorted(rows, key=lambda i: (i.occurred_on, i.created_at, i.id), reverse=True)

    def interaction_at(self, row: int) -> Interaction | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def version(self, interaction_id: str) -> int:
        """The row version of the entry as shown (see `ProjectRepository.row_versions`)."""
        return self._versions.get(interaction_id, 0)

    # --- Qt model --------------------------------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        if role == InteractionIdRole:
            return item.id
        column = Columns(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Columns.SUMMARY,
                                                               Columns.FOLLOW_UP_ACTION):
            text = item.summary if column == Columns.SUMMARY else item.follow_up_action
            return short(text, 1000) or None
        return None

    @staticmethod
    def _display(item: Interaction, column: Columns) -> str:
        if column == Columns.DATE:
            return uk_date(item.occurred_on)
        if column == Columns.KIND:
            return kind_label(item.kind)
        if column == Columns.SUMMARY:
            return short(item.summary)
        if column == Columns.FOLLOW_UP_DATE:
            return uk_date(item.follow_up_date)
        return short(item.follow_up_action)

    # --- refresh ---------------------------------------------------------------------------------

    def _on_interactions_changed(self, _ids: list[str]) -> None:
        if self._contact_id is not None:
            self.set_contact(self._contact_id)

    def _on_contacts_changed(self, contact_ids: list[str]) -> None:
        if self._contact_id in contact_ids and self._session.repo.contact(self._contact_id) is None:
            self.set_contact(None)
