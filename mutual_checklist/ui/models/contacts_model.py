"""ContactsModel: the project's contacts as a table, plus the proxy that filters as you type.

The model never writes. It keeps one row per contact id, a cache of the contacts, the date each was
last met and a lower-cased search string per row, so filtering 5,000 contacts stays a plain
substring test per row. It refreshes only the rows the session names in `contacts_changed`.
"""
from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from mutual_checklist.domain.dates import uk_date
from mutual_checklist.domain.models import Contact
from mutual_checklist.ui.models.table_base import TableModel
from mutual_checklist.ui.session import ProjectSession

ContactIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
DueRole = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


class Columns(enum.IntEnum):
    NAME = 0
    ORGANISATION = 1
    ROLE = 2
    TYPE = 3
    STANCE = 4
    INFLUENCE = 5
    INTEREST = 6
    LAST_CONTACT = 7
    NEXT_CONTACT = 8
    ANONYMISED = 9


HEADERS = {Columns.NAME: "Name", Columns.ORGANISATION: "Organisation", Columns.ROLE: "Role",
           Columns.TYPE: "Stakeholder type", Columns.STANCE: "Stance",
           Columns.INFLUENCE: "Influence", Columns.INTEREST: "Interest",
           Columns.LAST_CONTACT: "Last contact", Columns.NEXT_CONTACT: "Next contact",
           Columns.ANONYMISED: "Anonymised"}
MAX_CELL = 200  # a megabyte name is kept in the file but cut short in the table


def short(text: str, limit: int = MAX_CELL) -> str:
    """One line, cut short: table cells never grow with hostile text."""
    line = text.replace("\r", " ").replace("\n", " ")
    return line if len(line) <= limit else line[: limit - 1] + "…"


class ContactsModel(TableModel):

    COLUMNS = Columns
    HEADERS = HEADERS

    def row_count(self) -> int:
        return len(self._ids)
    def __init__(self, session: ProjectSession, parent=None,
                 today: Callable[[], dt.date] = dt.date.today):
        super().__init__(parent)
        self._session = session
        self._today = today
        self._types = {t.id: t.title for t in session.template.stakeholder_types}
        self._ids: list[str] = []
        self._contacts: dict[str, Contact] = {}
        self._search: dict[str, str] = {}
        self._last: dict[str, dt.date] = {}
        self._sort_column: Columns | None = None
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._load()
        session.contacts_changed.connect(self._on_contacts_changed)
        session.interactions_changed.connect(self._on_interactions_changed)

    def _load(self) -> None:
        # versions first: what is shown is never older than the version a change is checked with
        self._versions = self._session.repo.row_versions("contacts")
        contacts = self._session.repo.contacts()
        self._ids = [c.id for c in contacts]
        self._contacts = {c.id: c for c in contacts}
        self._search = {c.id: self._search_text(c) for c in contacts}
        self._last = self._session.repo.last_interaction_dates()

    def _search_text(self, c: Contact) -> str:
        return "\n".join((c.name, c.organisation, c.role, self.type_title(c.stakeholder_type),
                          c.email)).casefold()

    # --- reading for views -----------------------------------------------------------------------

    def type_title(self, type_id: str) -> str:
        return self._types.get(type_id, type_id)

    def contact(self, contact_id: str) -> Contact | None:
        return self._contacts.get(contact_id)

    def contacts(self) -> list[Contact]:
        return [self._contacts[i] for i in self._ids]

    def version(self, contact_id: str) -> int:
        """The row version of the contact as shown (see `ProjectRepository.row_versions`)."""
        return self._versions.get(contact_id, 0)

    def contact_at(self, row: int) -> Contact:
        return self._contacts[self._ids[row]]

    def search_text(self, row: int) -> str:
        return self._search[self._ids[row]]

    def row_of(self, contact_id: str) -> int:
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return -1

    def last_contact(self, contact_id: str) -> dt.date | None:
        return self._last.get(contact_id)

    def next_contact(self, c: Contact) -> dt.date | None:
        """As `readiness.contacts_due` judges it: own date, else last met + interval."""
        if c.next_contact_date is not None:
            return c.next_contact_date
        met = self._last.get(c.id)
        if met is not None and c.contact_every_days:
            return met + dt.timedelta(days=c.contact_every_days)
        return None

    def is_due(self, row: int) -> bool:
        c = self.contact_at(row)
        due = self.next_contact(c)
        return not c.anonymised and due is not None and due <= self._today()

    # --- Qt model --------------------------------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        c = self._contacts[self._ids[index.row()]]
        column = Columns(index.column())
        if role == ContactIdRole:
            return c.id
        if role == DueRole:
            return self.is_due(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(c, column, index.row())
        if role == SortRole:
            return self._sort_key(c, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Columns.NAME, Columns.ROLE,
                                                               Columns.ORGANISATION):
            return short(self._display(c, column, index.row()), 500)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Columns.INFLUENCE,
                                                                     Columns.INTEREST):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, c: Contact, column: Columns, row: int) -> str:
        if column == Columns.NAME:
            return short(c.name)
        if column == Columns.ORGANISATION:
            return short(c.organisation)
        if column == Columns.ROLE:
            return short(c.role)
        if column == Columns.TYPE:
            return short(self.type_title(c.stakeholder_type))
        if column == Columns.STANCE:
            return c.stance.value.capitalize()
        if column == Columns.INFLUENCE:
            return str(c.influence)
        if column == Columns.INTEREST:
            return str(c.interest)
        if column == Columns.LAST_CONTACT:
            return uk_date(self._last.get(c.id))
        if column == Columns.NEXT_CONTACT:
            text = uk_date(self.next_contact(c))
            return f"{text} (due)" if self.is_due(row) else text
        return "Yes" if c.anonymised else ""

    def _sort_key(self, c: Contact, column: Columns) -> object:
        if column == Columns.INFLUENCE:
            return c.influence
        if column == Columns.INTEREST:
            return c.interest
        if column in (Columns.LAST_CONTACT, Columns.NEXT_CONTACT):
            day = self._last.get(c.id) if column == Columns.LAST_CONTACT else self.next_contact(c)
            return day.isoformat() if day else "9999"
        return self._display(c, column, 0).casefold()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort here, in one Python sort, rather than in the proxy: a proxy sort calls back
        into Python for every comparison, which made widening the filter over 5,000 contacts
        take 150 ms or more."""
        if column < 0 or column >= len(Columns):
            return
        self._sort_column, self._sort_order = Columns(column), order
        self._resort()

    def _resort(self) -> None:
        if self._sort_column is None:
            return
        column = self._sort_column
        self.layoutAboutToBeChanged.emit()
        old_ids = list(self._ids)
        self._ids.sort(key=lambda i: (self._sort_key(self._contacts[i], column),
                                      self._contacts[i].name.casefold(), i),
                       reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        new_rows = {contact_id: row for row, contact_id in enumerate(self._ids)}
        before = self.persistentIndexList()
        after = [self.index(new_rows[old_ids[p.row()]], p.column()) for p in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # --- refresh ---------------------------------------------------------------------------------

    def _on_contacts_changed(self, contact_ids: list[str]) -> None:
        self._versions.update(self._session.repo.row_versions("contacts", list(contact_ids)))
        for contact_id in contact_ids:
            contact = self._session.repo.contact(contact_id)
            row = self.row_of(contact_id)
            if contact is None and row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._ids[row]
                self._contacts.pop(contact_id, None)
                self._search.pop(contact_id, None)
                self._last.pop(contact_id, None)
                self.endRemoveRows()
            elif contact is not None and row < 0:
                self.beginInsertRows(QModelIndex(), len(self._ids), len(self._ids))
                self._ids.append(contact_id)
                self._store(contact)
                self.endInsertRows()
            elif contact is not None:
                self._store(contact)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Columns) - 1))
        self._resort()

    def _store(self, contact: Contact) -> None:
        self._contacts[contact.id] = contact
        self._search[contact.id] = self._search_text(contact)

    def _on_interactions_changed(self, _interaction_ids: list[str]) -> None:
        last = self._session.repo.last_interaction_dates()
        changed = {k for k in set(last) | set(self._last) if last.get(k) != self._last.get(k)}
        self._last = last
        for contact_id in changed:
            row = self.row_of(contact_id)
            if row >= 0:
                self.dataChanged.emit(self.index(row, Columns.LAST_CONTACT),
                                      self.index(row, Columns.NEXT_CONTACT))


class ContactsProxy(QSortFilterProxyModel):
    """Keeps rows whose name, organisation, role, type or email holds
    the filter text (ignoring case), optionally only contacts due for contact."""

    def __init__(self, model: ContactsModel, parent=None):
        super().__init__(parent)
        self._model = model
        self._text = ""
        self._due_only = False
        self.setSourceModel(model)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (see `ContactsModel.sort`); the proxy only filters."""
        self._model.sort(column, order)

    def set_text(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self.beginFilterChange()
            self._text = text
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_due_only(self, due_only: bool) -> None:
        if due_only != self._due_only:
            self.beginFilterChange()
            self._due_only = due_only
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self._text and self._text not in self._model.search_text(source_row):
            return False
        return not self._due_only or self._model.is_due(source_row)

    def contact_id(self, proxy_index: QModelIndex) -> str | None:
        return proxy_index.data(ContactIdRole) if proxy_index.isValid() else None
