"""Dialogs of the Stakeholders view, each behind a seam tests replace with monkeypatch.

`ContactDialog.ask`, `InteractionDialog.ask` and `ImportPreviewDialog.ask` return a value or
None; `confirm_erase`, `confirm_anonymise`, `ask_import_path` and `ask_export_path` are the
module-level seams for questions and file pickers. No dialog shows user text as markup.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist import APP_NAME
from mutual_checklist.domain.contacts_io import Duplicate, ImportResult
from mutual_checklist.domain.models import (
    ChecklistTemplate,
    Contact,
    Interaction,
    Stance,
)
from mutual_checklist.ui.models.contacts_model import short
from mutual_checklist.ui.models.interactions_model import KINDS
from mutual_checklist.ui.widgets.buttons import ok_cancel

LAWFUL_BASES = ("Public task", "Legitimate interests", "Consent", "Contract",
                "Legal obligation", "Vital interests")
NOTES_HINT = ("Keep notes factual and about the work. Avoid opinions about the person and never "
              "record health, beliefs or other sensitive details.")


def _plain(text: str) -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class OptionalDate(QWidget):
    """A date that may be left unset: a tick box beside a dd/mm/yyyy date field."""

    def __init__(self, name: str, value: dt.date | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox("Set", self)
        self.check.setAccessibleName(f"{name}: set a date")
        self.edit = QDateEdit(self, calendarPopup=True, displayFormat="dd/MM/yyyy")
        self.edit.setAccessibleName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.set_value(value)

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        day = value or dt.date.today()
        self.edit.setDate(QDate(day.year, day.month, day.day))

    def value(self) -> dt.date | None:
        return self.edit.date().toPython() if self.check.isChecked() else None


class ContactDialog(QDialog):
    """Every field of a contact, including why and for how long their data is held."""

    def __init__(self, parent: QWidget | None, template: ChecklistTemplate,
                 initial: Contact | None):
        super().__init__(parent)
        self.setWindowTitle("Edit contact" if initial else "Add contact")
        self._initial = initial or Contact(id=uuid.uuid4().hex, name="")
        c = self._initial
        form = QFormLayout()
        self.name = self._line(form, "&Name:", "Name", c.name)
        self.organisation = self._line(form, "Or&ganisation:", "Organisation", c.organisation)
        self.role = self._line(form, "&Role:", "Role", c.role)
        self.type = QComboBox(accessibleName="Stakeholder type")
        self.type.addItem("(none)", "")
        for kind in template.stakeholder_types:
            self.type.addItem(kind.title, kind.id)
        if c.stakeholder_type and self.type.findData(c.stakeholder_type) < 0:
            self.type.addItem(c.stakeholder_type, c.stakeholder_type)
        self.type.setCurrentIndex(max(0, self.type.findData(c.stakeholder_type)))
        form.addRow("Stakeholder t&ype:", self.type)
        self.email = self._line(form, "&Email:", "Email", c.email)
        self.phone = self._line(form, "&Phone:", "Phone", c.phone)
        self.stance = QComboBox(accessibleName="Stance")
        for stance in Stance:
            self.stance.addItem(stance.value.capitalize(), stance.value)
        self.stance.setCurrentIndex(self.stance.findData(c.stance.value))
        form.addRow("&Stance:", self.stance)
        self.influence = self._level(form, "&Influence (1–5):", "Influence", c.influence)
        self.interest = self._level(form, "Interes&t (1–5):", "Interest", c.interest)
        self.every = QSpinBox(minimum=0, maximum=3650, accessibleName="Keep in touch every days")
        self.every.setSpecialValueText("No reminder")
        self.every.setSuffix(" days")
        self.every.setValue(c.contact_every_days or 0)
        self.every.setMaximumWidth(160)
        form.addRow("&Keep in touch every:", self.every)
        self.next_date = OptionalDate("Next contact date", c.next_contact_date)
        form.addRow("Ne&xt contact:", self.next_date)
        self.lawful = QComboBox(editable=True, accessibleName="Lawful basis")
        self.lawful.addItems(("",) + LAWFUL_BASES)
        self.lawful.setCurrentText(c.lawful_basis)
        form.addRow("&Lawful basis:", self.lawful)
        self.source = self._line(form, "Data so&urce:", "Data source", c.data_source)
        self.source.setPlaceholderText("Where the details came from, e.g. council staff directory")
        self.retention = OptionalDate("Retention review date", c.retention_review_date)
        form.addRow("Re&view retention on:", self.retention)
        self.notes = QPlainTextEdit(c.notes, accessibleName="Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        form.addRow("N&otes:", self.notes)
        form.addRow("", _plain(NOTES_HINT))
        buttons = ok_cancel(self, self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    @staticmethod
    def _line(form: QFormLayout, label: str, name: str, value: str) -> QLineEdit:
        edit = QLineEdit(value, accessibleName=name)
        form.addRow(label, edit)
        return edit

    @staticmethod
    def _level(form: QFormLayout, label: str, name: str, value: int) -> QSpinBox:
        spin = QSpinBox(minimum=1, maximum=5, accessibleName=name)
        spin.setValue(value)
        spin.setMaximumWidth(90)
        form.addRow(label, spin)
        return spin

    def value(self) -> Contact:
        return replace(
            self._initial, name=self.name.text().strip(),
            organisation=self.organisation.text().strip(), role=self.role.text().strip(),
            stakeholder_type=self.type.currentData() or "", email=self.email.text().strip(),
            phone=self.phone.text().strip(), stance=Stance(self.stance.currentData()),
            influence=self.influence.value(), interest=self.interest.value(),
            contact_every_days=self.every.value() or None, next_contact_date=self.next_date.value(),
            lawful_basis=self.lawful.currentText().strip(), data_source=self.source.text().strip(),
            retention_review_date=self.retention.value(), notes=self.notes.toPlainText())

    def _accept(self) -> None:
        if not self.name.text().strip():
            QMessageBox.warning(self, APP_NAME, "A contact needs a name.")
            self.name.setFocus()
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, template: ChecklistTemplate,
            initial: Contact | None = None) -> Contact | None:
        dialog = cls(parent, template, initial)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


class InteractionDialog(QDialog):
    """Log a meeting, call or email with a contact, and what to do next."""

    def __init__(self, parent: QWidget | None, contact_id: str, contact_name: str,
                 initial: Interaction | None):
        super().__init__(parent)
        self.setWindowTitle("Edit interaction" if initial else "Log interaction")
        self._initial = initial or Interaction(id=uuid.uuid4().hex, contact_id=contact_id,
                                               occurred_on=dt.date.today())
        i = self._initial
        form = QFormLayout()
        form.addRow("With:", _plain(short(contact_name)))
        self.date = OptionalDate("Date", i.occurred_on)
        self.date.check.hide()
        form.addRow("&Date:", self.date)
        self.kind = QComboBox(accessibleName="Kind")
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(i.kind)))
        form.addRow("&Kind:", self.kind)
        self.summary = QPlainTextEdit(i.summary, accessibleName="Summary")
        self.summary.setTabChangesFocus(True)
        form.addRow("&Summary:", self.summary)
        self.follow_date = OptionalDate("Follow-up date", i.follow_up_date)
        form.addRow("&Follow up on:", self.follow_date)
        self.follow_action = QLineEdit(i.follow_up_action, accessibleName="Follow-up action")
        form.addRow("Follow-up &action:", self.follow_action)
        form.addRow("", _plain("The next-contact date moves on from this entry: to the "
                               "follow-up date, or by the keep-in-touch interval."))
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def value(self) -> Interaction:
        return replace(self._initial, occurred_on=self.date.value() or dt.date.today(),
                       kind=self.kind.currentData(), summary=self.summary.toPlainText().strip(),
                       follow_up_date=self.follow_date.value(),
                       follow_up_action=self.follow_action.text().strip())

    @classmethod
    def ask(cls, parent: QWidget | None, contact_id: str, contact_name: str,
            initial: Interaction | None = None) -> Interaction | None:
        dialog = cls(parent, contact_id, contact_name, initial)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ImportPreviewDialog(QDialog):
    """Shows every contact found in a file before anything is added; likely duplicates are
    marked in words and left unticked, so the user chooses which to add. Below, how the file's
    columns (or vCard properties) are read and what in the file will not be imported."""

    def __init__(self, parent: QWidget | None, contacts: list[Contact],
                 duplicates: list[Duplicate], details: ImportResult | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import contacts")
        reasons = {d.index: d.reason for d in duplicates}
        headers = ("Add", "Looks like", "Name", "Organisation", "Role", "Email", "Phone")
        self.table = QTableWidget(len(contacts), len(headers), self)
        self.table.setAccessibleName("Contacts found in the file")
        self.table.setHorizontalHeaderLabels(headers)
        for row, c in enumerate(contacts):
            tick = QTableWidgetItem("Duplicate?" if row in reasons else "New")
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Unchecked if row in reasons
                               else Qt.CheckState.Checked)
            self.table.setItem(row, 0, tick)
            for column, text in enumerate((reasons.get(row, ""), c.name, c.organisation, c.role,
                                           c.email, c.phone), start=1):
                item = QTableWidgetItem(short(text))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        for column in range(len(headers)):  # a hostile megabyte cell must not widen the table
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 280))
        count = len(contacts)
        summary = f"{count} contact{'s' if count != 1 else ''} found in the file."
        if duplicates:
            summary += (f" {len(duplicates)} look{'s' if len(duplicates) == 1 else ''} like "
                        "someone already in the project and will not be added unless you "
                        "tick them.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        add = buttons.addButton("&Add ticked contacts", QDialogButtonBox.ButtonRole.AcceptRole)
        add.setAccessibleName("Add ticked contacts")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_plain(summary))
        layout.addWidget(self.table, 1)
        if details is not None:
            layout.addLayout(self._details(details))
        layout.addWidget(buttons)
        self.resize(900, 560 if details is not None else 480)

    def _details(self, details: ImportResult) -> QHBoxLayout:
        """Two lists: the column mapping, and what is left out (skipped rows included)."""
        self.mapping = QListWidget(self)
        self.mapping.setAccessibleName("How the file is read")
        self.mapping.addItems([f"{short(column, 60)} → {what}"
                               for column, what in details.mapping])
        self.left_out = QListWidget(self)
        self.left_out.setAccessibleName("Not imported")
        self.left_out.addItems([short(line, 120) for line in details.skipped + details.not_imported]
                               or ["Nothing: every column with data is read."])
        row = QHBoxLayout()
        for title, widget in ((f"How the file is read ({details.kind}, {details.encoding})",
                               self.mapping), ("Not imported", self.left_out)):
            column = QVBoxLayout()
            column.addWidget(_plain(title))
            widget.setMaximumHeight(130)
            column.addWidget(widget)
            row.addLayout(column, 1)
        return row

    def chosen(self) -> list[int]:
        return [row for row in range(self.table.rowCount())
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    @classmethod
    def ask(cls, parent: QWidget | None, contacts: list[Contact], duplicates: list[Duplicate],
            details: ImportResult | None = None) -> list[int] | None:
        """Rows (indexes into `contacts`) the user chose to add, or None when cancelled."""
        dialog = cls(parent, contacts, duplicates, details)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


# --- questions and file pickers ------------------------------------------------------------------

ERASE_TEXT = (
    "Erase {name} for good?\n\n"
    "This removes the contact, every meeting and call logged with them, and what the change "
    "history says about them, from this project file. Wherever their name, email or phone was "
    "typed (notes, owners, barriers, comments, evidence names, earlier reports kept in the "
    "project, and the history of those) it becomes “[erased contact]”, and evidence copies "
    "opened from the app are deleted. It cannot be undone and is not on the undo list; the undo "
    "list is cleared so nothing can bring them back.\n\n"
    "Still holding their details until you delete or replace them: the automatic backups made "
    "before now (the app keeps its last 10), PDF reports, exports and review copies already "
    "made or sent, and the inside of evidence files other than plain text.")
ANONYMISE_TEXT = (
    "Anonymise {name}?\n\n"
    "Their name, email, phone and notes are removed; their role, stakeholder type, stance and "
    "the dates of meetings are kept so the history still makes sense. This cannot be undone.")


def _confirm(parent: QWidget | None, title: str, text: str, yes: str) -> bool:
    """A Yes/Cancel question whose text is plain (names are never read as markup)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is button


def confirm_erase(parent: QWidget | None, name: str) -> bool:
    return _confirm(parent, "Erase contact", ERASE_TEXT.format(name=f"‘{short(name, 80)}’"),
                    "&Erase for good")


def confirm_anonymise(parent: QWidget | None, name: str) -> bool:
    return _confirm(parent, "Anonymise contact",
                    ANONYMISE_TEXT.format(name=f"‘{short(name, 80)}’"), "&Anonymise")


def ask_import_path(parent: QWidget | None) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Import contacts", "",
                                          "Contacts (*.vcf *.vcard *.csv);;All files (*)")
    return Path(path) if path else None


def ask_export_path(parent: QWidget | None, kind: str) -> Path | None:
    """Where to export contacts; `kind` is "csv" or "vcf"."""
    filters = {"csv": "CSV spreadsheet (*.csv)", "vcf": "vCard (*.vcf)"}
    path, _ = QFileDialog.getSaveFileName(parent, "Export contacts", f"contacts.{kind}",
                                          filters[kind])
    if not path:
        return None
    result = Path(path)
    return result if result.suffix.lower() == f".{kind}" else result.with_name(
        result.name + f".{kind}")


def warn(parent: QWidget | None, text: str) -> None:
    """Tell the user something went wrong, in plain text (file names are never markup)."""
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
