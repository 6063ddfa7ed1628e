"""The Stakeholders view: who matters, what they think, when to get back to them.

A filterable table of contacts and a power/interest grid (as tabs) above the chosen contact's
details and log of interactions. Every edit goes through `contact_actions` (undoable, saved at
once); import, export, anonymise and erase ask through the seams in `dialogs_contact`.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain import contacts_io
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.ui import contact_actions as actions
from mutual_checklist.ui import dialogs_contact as dialogs
from mutual_checklist.ui.models.contacts_model import (
    Columns,
    ContactsModel,
    ContactsProxy,
    short,
    uk_date,
)
from mutual_checklist.ui.models.interactions_model import Columns as InteractionColumns
from mutual_checklist.ui.models.interactions_model import InteractionsModel
from mutual_checklist.ui.session import ProjectSession
from mutual_checklist.ui.widgets.columns import fit_columns
from mutual_checklist.ui.widgets.flow import FlowLayout
from mutual_checklist.ui.widgets.power_grid import PowerGrid, quadrant

_ERRORS = (RuleViolation, StorageError, contacts_io.ImportRejected, OSError)
GRID_HELP = ("Drag a name to another square, or choose one (click, or Page Down) and move it "
             "with the arrow keys. Up is more influence, right is more interest.")


def _plain_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setAccessibleName(name)
    return label


class StakeholdersView(QWidget):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.contacts_model = ContactsModel(session, self)
        self.proxy = ContactsProxy(self.contacts_model, self)
        self.interactions_model = InteractionsModel(session, self)
        self._current: str | None = None
        self.last_status = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_bar())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._build_tabs())
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.grid.set_contacts(self.contacts_model.contacts())
        self._update_count()
        session.contacts_changed.connect(self._on_contacts_changed)
        session.interactions_changed.connect(self._on_interactions_changed)
        self._show_contact(None)

    # --- construction ----------------------------------------------------------------------------

    def _build_bar(self) -> QWidget:
        self.filter_edit = QLineEdit(objectName="contacts-filter", clearButtonEnabled=True)
        self.filter_edit.setPlaceholderText("Name, organisation, role, type or email")
        self.filter_edit.setAccessibleName("Filter contacts")
        self.filter_edit.textChanged.connect(self._on_filter)
        search = QLabel("&Search:")
        search.setBuddy(self.filter_edit)
        self.due_toggle = QCheckBox("D&ue for contact", objectName="contacts-due")
        self.due_toggle.setAccessibleName("Show only contacts due for contact")
        self.due_toggle.toggled.connect(self._on_due_toggled)
        self.count_label = _plain_label(name="Contacts shown")
        self.count_label.setWordWrap(False)
        self.add_button = self._button("&Add contact…", "Add contact", self._add)
        self.edit_button = self._button("&Change details…", "Change contact details", self._edit)
        self.import_button = self._button("&Import…", "Import contacts from vCard or CSV",
                                          self._import)
        self.export_button = self._button("E&xport", "Export contacts", None)
        export_menu = QMenu(self.export_button)
        export_menu.addAction("As &CSV spreadsheet…", lambda: self._export("csv"))
        export_menu.addAction("As &vCard…", lambda: self._export("vcf"))
        self.export_button.setMenu(export_menu)
        self.privacy_button = self._button("P&rivacy", "Anonymise or erase the contact", None)
        privacy_menu = QMenu(self.privacy_button)
        self.anonymise_action = privacy_menu.addAction("&Anonymise contact…", self._anonymise)
        self.erase_action = privacy_menu.addAction("&Erase contact for good…", self._erase)
        self.privacy_button.setMenu(privacy_menu)
        # Ctrl+F finds across the whole project (Edit ▸ Find everywhere); Alt+S reaches this box
        self.filter_edit.setMinimumWidth(180)
        bar_box = QWidget(objectName="stakeholders-bar")
        bar = FlowLayout(bar_box)  # wraps on to a second line in a narrow window
        bar.add(search)
        bar.add(self.filter_edit, stretch=1)
        for widget in (self.due_toggle, self.count_label, self.add_button, self.edit_button,
                       self.import_button, self.export_button, self.privacy_button):
            bar.add(widget)
        return bar_box

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    def _build_tabs(self) -> QTabWidget:
        self.table = QTableView(objectName="contacts-table")
        self.table.setAccessibleName("Contacts")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Columns.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        widths = {Columns.ORGANISATION: 165, Columns.ROLE: 170, Columns.TYPE: 150,
                  Columns.STANCE: 80, Columns.INFLUENCE: 70, Columns.INTEREST: 62,
                  Columns.LAST_CONTACT: 88, Columns.NEXT_CONTACT: 110, Columns.ANONYMISED: 86}
        self.column_fitter = fit_columns(
            self.table, Columns.NAME, widths, title_min=150,
            drop=(Columns.ANONYMISED, Columns.INTEREST, Columns.INFLUENCE, Columns.LAST_CONTACT,
                  Columns.TYPE, Columns.STANCE),
            minimums={Columns.ORGANISATION: 110, Columns.ROLE: 110, Columns.NEXT_CONTACT: 88})
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection)
        self.table.doubleClicked.connect(lambda _index: self._edit())

        self.grid = PowerGrid()
        self.grid.setObjectName("power-grid")
        self.grid.set_read_only(self.session.read_only)
        self.grid.contact_selected.connect(self._on_grid_selection)
        self.grid.move_requested.connect(self._on_grid_move)
        grid_page = QWidget()
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.addWidget(self.grid, 1)
        grid_layout.addWidget(_plain_label(GRID_HELP if not self.session.read_only else
                                           "This project is read-only: the grid cannot be "
                                           "changed."))
        self.tabs = QTabWidget(objectName="stakeholder-tabs")
        self.tabs.setAccessibleName("Contacts as a table or a grid")
        self.tabs.addTab(self.table, "Ta&ble")
        self.tabs.addTab(grid_page, "Power/interest &grid")
        return self.tabs

    def _build_detail(self) -> QWidget:
        self.contact_title = _plain_label(name="Chosen contact")
        font = self.contact_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.contact_title.setFont(font)
        self.contact_facts = _plain_label(name="Contact details")
        self.contact_privacy = _plain_label(name="Why the details are held")
        self.interactions = QTableView(objectName="interactions-table")
        self.interactions.setAccessibleName("Interactions with the chosen contact")
        self.interactions.setModel(self.interactions_model)
        self.interactions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.interactions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.interactions.setWordWrap(False)
        self.interactions.verticalHeader().hide()
        self.interactions_fitter = fit_columns(
            self.interactions, InteractionColumns.SUMMARY,
            {InteractionColumns.DATE: 95, InteractionColumns.KIND: 80,
             InteractionColumns.FOLLOW_UP_DATE: 105, InteractionColumns.FOLLOW_UP_ACTION: 180},
            drop=(InteractionColumns.FOLLOW_UP_ACTION,), title_min=200,
            minimums={InteractionColumns.DATE: 84, InteractionColumns.FOLLOW_UP_DATE: 84})
        self.interactions.doubleClicked.connect(lambda _index: self._edit_interaction())
        self.interactions.selectionModel().selectionChanged.connect(
            lambda _selected, _deselected: self._update_enabled())
        self.log_button = self._button("&Log interaction…", "Log interaction", self._log)
        self.edit_entry_button = self._button("Edi&t entry…", "Edit interaction",
                                              self._edit_interaction)
        self.remove_entry_button = self._button("Re&move entry", "Remove interaction",
                                                self._remove_interaction)
        buttons = QVBoxLayout()
        for button in (self.log_button, self.edit_entry_button, self.remove_entry_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        log_row = QHBoxLayout()
        log_row.addWidget(self.interactions, 1)
        log_row.addLayout(buttons)
        detail = QWidget(objectName="contact-detail")
        layout = QVBoxLayout(detail)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.contact_title)
        layout.addWidget(self.contact_facts)
        layout.addWidget(self.contact_privacy)
        layout.addLayout(log_row, 1)
        return detail

    # --- showing ---------------------------------------------------------------------------------

    def show_item(self, contact_id: str) -> None:
        """Select a contact (click-through from elsewhere), clearing filters that hide them."""
        if self.contacts_model.row_of(contact_id) < 0:
            return
        if self._proxy_row(contact_id) < 0:
            self.due_toggle.setChecked(False)
            self.filter_edit.clear()
        self.tabs.setCurrentIndex(0)
        self.select_contact(contact_id)

    def select_contact(self, contact_id: str | None) -> None:
        row = self._proxy_row(contact_id) if contact_id else -1
        if row < 0:
            self.table.clearSelection()
            self._show_contact(None)
            return
        index = self.proxy.index(row, 0)
        self.table.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def current_contact_id(self) -> str | None:
        return self._current

    def _proxy_row(self, contact_id: str | None) -> int:
        source_row = self.contacts_model.row_of(contact_id) if contact_id else -1
        if source_row < 0:
            return -1
        return self.proxy.mapFromSource(self.contacts_model.index(source_row, 0)).row()

    def _show_contact(self, contact_id: str | None) -> None:
        self._current = contact_id
        contact = self.contacts_model.contact(contact_id) if contact_id else None
        if contact is None:
            self._current = None
            self.contact_title.setText("Choose a contact to see their details and the log of "
                                       "meetings, calls and emails.")
            self.contact_facts.clear()
            self.contact_privacy.clear()
        else:
            self.contact_title.setText(short(contact.name, 120))
            next_date = self.contacts_model.next_contact(contact)
            facts = [short(contact.role, 120), short(contact.organisation, 120),
                     short(contact.email, 120), short(contact.phone, 60),
                     (f"{quadrant(contact.influence, contact.interest)} "
                      f"(influence {contact.influence}, interest {contact.interest})")]
            if next_date:
                row = self.contacts_model.row_of(contact.id)
                due = " (due)" if self.contacts_model.is_due(row) else ""
                facts.append(f"next contact {uk_date(next_date)}{due}")
            self.contact_facts.setText("  ·  ".join(f for f in facts if f))
            basis = short(contact.lawful_basis, 80) or "not recorded"
            privacy = [f"Lawful basis: {basis}"]
            if contact.data_source:
                privacy.append(f"source: {short(contact.data_source, 80)}")
            if contact.retention_review_date:
                privacy.append(f"review retention on {uk_date(contact.retention_review_date)}")
            if contact.anonymised:
                privacy = ["Anonymised: name, email, phone and notes were removed."]
            self.contact_privacy.setText("; ".join(privacy) + ".")
        self.interactions_model.set_contact(self._current)
        self.grid.select(self._current)
        self._update_enabled()

    def _update_enabled(self) -> None:
        writable = not self.session.read_only
        chosen = self._current is not None
        contact = self.contacts_model.contact(self._current) if chosen else None
        has_entry = bool(self.interactions.selectionModel().selectedRows())
        self.add_button.setEnabled(writable)
        self.import_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and chosen)
        self.privacy_button.setEnabled(writable and chosen)
        self.anonymise_action.setEnabled(bool(contact and not contact.anonymised))
        self.log_button.setEnabled(writable and chosen)
        self.edit_entry_button.setEnabled(writable and has_entry)
        self.remove_entry_button.setEnabled(writable and has_entry)
        self.export_button.setEnabled(self.contacts_model.rowCount() > 0)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.contacts_model.rowCount()
        self.count_label.setText(f"{total} contacts" if shown == total
                                 else f"{shown} of {total} shown")

    def _status(self, text: str) -> None:
        self.last_status = text
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 15000)

    # --- reacting --------------------------------------------------------------------------------

    def _on_filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._after_filter()

    def _on_due_toggled(self, checked: bool) -> None:
        self.proxy.set_due_only(checked)
        self._after_filter()

    def _after_filter(self) -> None:
        self._update_count()
        if self._current and self._proxy_row(self._current) >= 0:
            self.select_contact(self._current)

    def _on_table_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._show_contact(self.proxy.contact_id(indexes[0]))
        elif not self.table.selectionModel().hasSelection():
            self._show_contact(None)

    def _on_grid_selection(self, contact_id: str) -> None:
        if self._proxy_row(contact_id) < 0:
            self.filter_edit.clear()
            self.due_toggle.setChecked(False)
        self.select_contact(contact_id)

    def _on_contacts_changed(self, contact_ids: list[str]) -> None:
        self.grid.set_contacts(self.contacts_model.contacts())
        self._update_count()
        if self._current in contact_ids or self._current is None:
            self._show_contact(self._current)
        self._update_enabled()

    def _on_interactions_changed(self, _ids: list[str]) -> None:
        if self._current:
            self._show_contact(self._current)

    # --- doing (each wrapped so a refused change is explained, never a crash) ---------------------

    def _run(self, action, *args) -> bool:
        try:
            action(*args)
        except _ERRORS as error:
            dialogs.warn(self, str(error))
            return False
        return True

    def _add(self) -> None:
        contact = dialogs.ContactDialog.ask(self, self.session.template, None)
        if contact is not None and self._run(actions.add_contact, self.session, contact):
            self.show_item(contact.id)

    def _edit(self) -> None:
        contact = self.contacts_model.contact(self._current) if self._current else None
        if contact is None or self.session.read_only:
            return
        version = self.contacts_model.version(contact.id)  # as shown: checked when saved
        changed = dialogs.ContactDialog.ask(self, self.session.template, contact)
        if changed is not None:
            self._run(actions.edit_contact, self.session, changed, version)

    def _on_grid_move(self, contact_id: str, influence: int, interest: int) -> None:
        self._run(actions.move_on_grid, self.session, contact_id, influence, interest,
                  self.contacts_model.version(contact_id))

    def _log(self) -> None:
        contact = self.contacts_model.contact(self._current) if self._current else None
        if contact is None:
            return
        entry = dialogs.InteractionDialog.ask(self, contact.id, contact.name, None)
        if entry is not None:
            self._run(actions.log_interaction, self.session, entry, 0)

    def _selected_entry(self):
        rows = self.interactions.selectionModel().selectedRows()
        return self.interactions_model.interaction_at(rows[0].row()) if rows else None

    def _edit_interaction(self) -> None:
        entry = self._selected_entry()
        contact = self.contacts_model.contact(self._current) if self._current else None
        if entry is None or contact is None or self.session.read_only:
            return
        version = self.interactions_model.version(entry.id)
        changed = dialogs.InteractionDialog.ask(self, contact.id, contact.name, entry)
        if changed is not None and changed != entry:
            self._run(actions.log_interaction, self.session, changed, version)

    def _remove_interaction(self) -> None:
        entry = self._selected_entry()
        if entry is not None:
            self._run(actions.remove_interaction, self.session, entry,
                      self.interactions_model.version(entry.id))

    def _import(self) -> None:
        path = dialogs.ask_import_path(self)
        if path is None:
            return
        types = contacts_io.type_lookup(self.session.template.stakeholder_types)
        try:
            result = actions.read_contacts_file(path, types)
        except _ERRORS as error:
            dialogs.warn(self, f"{path.name} was not imported.\n\n{error}")
            return
        found = result.contacts
        if not found:
            dialogs.warn(self, f"{path.name} holds no contacts with a name.\n\n"
                               + "\n".join(result.skipped[:5]))
            return
        duplicates = contacts_io.find_duplicates(found, self.contacts_model.contacts())
        chosen = dialogs.ImportPreviewDialog.ask(self, found, duplicates, result)
        if not chosen:
            return
        picked = [found[i] for i in chosen]
        if self._run(actions.import_contacts, self.session, picked):
            self._status(f"Imported {len(picked)} contact{'s' if len(picked) != 1 else ''} "
                         f"from {short(path.name, 80)}. Undo takes them all back.")

    def _export(self, kind: str) -> None:
        path = dialogs.ask_export_path(self, kind)
        if path is None:
            return
        contacts = self.contacts_model.contacts()
        if self._run(actions.export_contacts, Path(path), contacts, kind):
            self._status(f"Exported {len(contacts)} contacts to {short(str(path), 120)}. The file "
                         "holds personal data: share it only with people who need it.")

    def _anonymise(self) -> None:
        contact = self.contacts_model.contact(self._current) if self._current else None
        if contact is None or not dialogs.confirm_anonymise(self, contact.name):
            return
        if self._run(actions.anonymise_contact, self.session, contact.id):
            self._status("Contact anonymised. The undo list was cleared so their details "
                         "cannot come back.")

    def _erase(self) -> None:
        contact = self.contacts_model.contact(self._current) if self._current else None
        if contact is None or not dialogs.confirm_erase(self, contact.name):
            return
        if self._run(actions.erase_contact, self.session, contact.id):
            self.select_contact(None)
            self._status("Contact erased for good. The undo list was cleared so nothing can "
                         "bring them back.")
