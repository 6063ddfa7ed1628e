"""Barrier dialogs: the editor, the typical-barriers picker and the remove confirmation.

Each is reached through one seam (`BarrierDialog.ask`, `TypicalBarrierPicker.ask`,
`confirm_remove`, `show_error`) so tests can replace it with monkeypatch and never show a modal.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist import APP_NAME
from mutual_checklist.domain import risk
from mutual_checklist.domain.models import (
    Barrier,
    BarrierStatus,
    ChecklistTemplate,
    Contact,
    Treatment,
    TypicalBarrier,
)
from mutual_checklist.storage.repository import new_id
from mutual_checklist.ui.models.barriers_model import (
    IMPACT_WORDS,
    LIKELIHOOD_WORDS,
    STATUS_WORDS,
    TREATMENT_HELP,
    TREATMENT_WORDS,
)


@dataclass(frozen=True)
class BarrierEdit:
    """What the editor returns: the barrier as edited and a note kept with a new assessment."""

    barrier: Barrier
    note: str = ""


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # user text is never markup
    label.setWordWrap(True)
    return label


class BarrierDialog(QDialog):
    """Add or edit one barrier: every field of the register, and the steps it is linked to."""

    def __init__(self, parent: QWidget | None, template: ChecklistTemplate,
                 initial: Barrier | None, contacts: list[Contact],
                 steps: list[tuple[str, str]] | None = None):
        super().__init__(parent)
        self._initial = initial
        self.setWindowTitle("Edit barrier" if initial else "Add barrier")
        self.resize(640, 620)
        tabs = QTabWidget()
        tabs.addTab(self._details_tab(template, contacts), "&Details")
        tabs.addTab(self._steps_tab(template, steps), "Linked &steps")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.buttons)
        self._load(initial or Barrier(id="", title="", category=template.barrier_categories[0].id
                                      if template.barrier_categories else "other",
                                      likelihood=3, impact=3))
        self._on_changed()

    # --- construction ----------------------------------------------------------------------------

    def _details_tab(self, template: ChecklistTemplate, contacts: list[Contact]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.title = QLineEdit(objectName="barrier-title", maxLength=2000)
        self.title.setAccessibleName("Title")
        self.title.textChanged.connect(self._on_changed)
        self.category = QComboBox(objectName="barrier-category")
        self.category.setAccessibleName("Category")
        for category in template.barrier_categories:
            self.category.addItem(category.title, category.id)
        self.description = QPlainTextEdit(objectName="barrier-description")
        self.description.setAccessibleName("Description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(80)
        self.likelihood = self._scale_combo("Likelihood", LIKELIHOOD_WORDS)
        self.impact = self._scale_combo("Impact", IMPACT_WORDS)
        self.score_label = _plain_label()
        self.score_label.setWordWrap(False)
        self.score_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.score_label.setObjectName("barrier-score")
        self.treatment = QComboBox(objectName="barrier-treatment")
        self.treatment.setAccessibleName("Treatment")
        for treatment in Treatment:
            self.treatment.addItem(f"{TREATMENT_WORDS[treatment]} – {TREATMENT_HELP[treatment]}",
                                   treatment.value)
        self.mitigation = QPlainTextEdit(objectName="barrier-mitigation")
        self.mitigation.setAccessibleName("Mitigation")
        self.mitigation.setTabChangesFocus(True)
        self.mitigation.setMaximumHeight(80)
        self.status = QComboBox(objectName="barrier-status")
        self.status.setAccessibleName("Status")
        for status in BarrierStatus:
            self.status.addItem(STATUS_WORDS[status], status.value)
        self.owner = QLineEdit(objectName="barrier-owner")
        self.owner.setAccessibleName("Owner")
        self.owner.setPlaceholderText("Name or role, e.g. Finance lead")
        self.owner_contact = QComboBox(objectName="barrier-owner-contact")
        self.owner_contact.setAccessibleName("Owner contact")
        self.owner_contact.addItem("(none)", None)
        for contact in sorted(contacts, key=lambda c: c.name.casefold()):
            label = contact.name if not contact.organisation else \
                f"{contact.name} ({contact.organisation})"
            self.owner_contact.addItem(label, contact.id)
        self.review = QDateEdit(objectName="barrier-review-date", calendarPopup=True)
        self.review.setDisplayFormat("dd/MM/yyyy")
        self.review.setAccessibleName("Review date")
        self.no_review = QCheckBox("&No review date", objectName="barrier-no-review")
        self.no_review.setAccessibleName("No review date")
        self.no_review.toggled.connect(self.review.setDisabled)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review)
        review_row.addWidget(self.no_review)
        review_row.addStretch(1)
        self.note = QLineEdit(objectName="barrier-note")
        self.note.setAccessibleName("Note for this assessment")
        self.note.setPlaceholderText("Why the score changed (kept in the assessment history)")
        form.addRow("&Title:", self.title)
        form.addRow("&Category:", self.category)
        form.addRow("D&escription:", self.description)
        form.addRow("&Likelihood:", self.likelihood)
        form.addRow("&Impact:", self.impact)
        form.addRow("Score:", self.score_label)
        form.addRow("T&reatment:", self.treatment)
        form.addRow("&Mitigation:", self.mitigation)
        form.addRow("St&atus:", self.status)
        form.addRow("&Owner:", self.owner)
        form.addRow("O&wner contact:", self.owner_contact)
        review_label = QLabel("Re&view by:")
        review_label.setBuddy(self.review)
        form.addRow(review_label, review_row)
        form.addRow("Note on this c&hange:", self.note)
        return page

    def _scale_combo(self, name: str, words: dict[int, str]) -> QComboBox:
        combo = QComboBox(objectName=f"barrier-{name.lower()}")
        combo.setAccessibleName(name)
        for value, word in words.items():
            combo.addItem(f"{value} – {word}", value)
        combo.currentIndexChanged.connect(self._on_changed)
        return combo

    def _steps_tab(self, template: ChecklistTemplate,
                   steps: list[tuple[str, str]] | None) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.step_filter = QLineEdit(objectName="barrier-step-filter")
        self.step_filter.setAccessibleName("Filter steps")
        self.step_filter.setPlaceholderText("Type to find a step")
        self.step_filter.textChanged.connect(self._filter_steps)
        self.steps = QListWidget(objectName="barrier-steps")
        self.steps.setAccessibleName("Checklist steps linked to this barrier")
        for step_id, title in steps if steps is not None else \
                [(s.id, s.title) for s in template.steps]:
            item = QListWidgetItem(f"{step_id}  {title}")
            item.setData(Qt.ItemDataRole.UserRole, step_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.steps.addItem(item)
        layout.addWidget(_plain_label("Tick the steps this barrier holds up or puts at risk."))
        layout.addWidget(self.step_filter)
        layout.addWidget(self.steps, 1)
        return page

    # --- values ----------------------------------------------------------------------------------

    def _load(self, barrier: Barrier) -> None:
        self.title.setText(barrier.title)
        if self.category.findData(barrier.category) < 0:
            self.category.addItem(barrier.category, barrier.category)
        self.category.setCurrentIndex(self.category.findData(barrier.category))
        self.description.setPlainText(barrier.description)
        self.likelihood.setCurrentIndex(self.likelihood.findData(barrier.likelihood))
        self.impact.setCurrentIndex(self.impact.findData(barrier.impact))
        self.treatment.setCurrentIndex(self.treatment.findData(barrier.treatment.value))
        self.mitigation.setPlainText(barrier.mitigation)
        self.status.setCurrentIndex(self.status.findData(barrier.status.value))
        self.owner.setText(barrier.owner)
        contact_row = self.owner_contact.findData(barrier.owner_contact_id)
        self.owner_contact.setCurrentIndex(max(contact_row, 0))
        review = barrier.review_date
        self.no_review.setChecked(review is None)
        self.review.setDisabled(review is None)
        day = review or dt.date.today() + dt.timedelta(weeks=4)
        self.review.setDate(QDate(day.year, day.month, day.day))
        linked = set(barrier.linked_steps)
        for row in range(self.steps.count()):
            item = self.steps.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in linked:
                item.setCheckState(Qt.CheckState.Checked)

    def value(self) -> BarrierEdit:
        base = self._initial or Barrier(id=new_id(), title="", category="", likelihood=3,
                                        impact=3)
        review = None
        if not self.no_review.isChecked():
            qdate = self.review.date()
            review = dt.date(qdate.year(), qdate.month(), qdate.day())
        linked = tuple(self.steps.item(row).data(Qt.ItemDataRole.UserRole)
                       for row in range(self.steps.count())
                       if self.steps.item(row).checkState() == Qt.CheckState.Checked)
        barrier = replace(
            base, title=self.title.text().strip(), category=self.category.currentData(),
            description=self.description.toPlainText().strip(),
            likelihood=self.likelihood.currentData(), impact=self.impact.currentData(),
            treatment=Treatment(self.treatment.currentData()),
            mitigation=self.mitigation.toPlainText().strip(),
            status=BarrierStatus(self.status.currentData()), owner=self.owner.text().strip(),
            owner_contact_id=self.owner_contact.currentData(), review_date=review,
            linked_steps=linked)
        return BarrierEdit(barrier, self.note.text().strip())

    def _on_changed(self) -> None:
        likelihood, impact = self.likelihood.currentData(), self.impact.currentData()
        if likelihood and impact:
            value = likelihood * impact
            self.score_label.setText(f"{value} – {risk.RAG_LABELS[risk.rag(value)]}")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok) if hasattr(
            self, "buttons") else None
        if ok is not None:
            ok.setEnabled(bool(self.title.text().strip()))

    def _filter_steps(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.steps.count()):
            item = self.steps.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    @classmethod
    def ask(cls, parent: QWidget | None, template: ChecklistTemplate, initial: Barrier | None,
            contacts: list[Contact], steps: list[tuple[str, str]] | None = None
            ) -> BarrierEdit | None:
        """Show the editor; returns the edited barrier (with its note) or None when cancelled."""
        dialog = cls(parent, template, initial, contacts, steps)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


class TypicalBarrierPicker(QDialog):
    """Lists the checklist's typical barriers; the chosen ones are added with their values."""

    def __init__(self, parent: QWidget | None, template: ChecklistTemplate,
                 existing_titles: set[str]):
        super().__init__(parent)
        self.setWindowTitle("Add from typical barriers")
        self.resize(900, 520)
        self._typical = list(template.typical_barriers)
        self.table = QTableWidget(len(self._typical), 5, objectName="typical-barriers")
        self.table.setAccessibleName("Typical barriers")
        self.table.setHorizontalHeaderLabels(
            ["Category", "Barrier", "Suggested L × I", "Mitigation", "In register"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        known = {t.casefold() for t in existing_titles}
        for row, typical in enumerate(self._typical):
            value = typical.likelihood * typical.impact
            cells = [template.category_title(typical.category), typical.title,
                     f"{typical.likelihood} × {typical.impact} = {value} "
                     f"({risk.RAG_LABELS[risk.rag(value)]})", typical.mitigation,
                     "Yes" if typical.title.casefold() in known else ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(typical.description if column == 1 else text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((140, 250, 130, 250, 84)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(2 * self.fontMetrics().height() + 14)
        self.table.doubleClicked.connect(self.accept)
        self.detail = _plain_label()
        self.detail.setObjectName("typical-barrier-detail")
        self.detail.setMinimumHeight(4 * self.fontMetrics().height())
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.table.selectionModel().selectionChanged.connect(self._show_detail)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton("&Add selected", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setAccessibleName("Add the selected typical barriers")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_plain_label("Choose one or more barriers other mutuals have met "
                                      "(double-click adds one). You can edit them afterwards."))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)
        self._show_detail()

    def _show_detail(self) -> None:
        chosen = self.chosen()
        if len(chosen) != 1:
            self.detail.setText("Select a row to read the whole barrier and its mitigation."
                                if not chosen else f"{len(chosen)} barriers selected.")
            return
        typical = chosen[0]
        self.detail.setText(f"{typical.title}\n{typical.description}\n"
                            f"Mitigation: {typical.mitigation}")

    def chosen(self) -> list[TypicalBarrier]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._typical[row] for row in rows]

    @classmethod
    def ask(cls, parent: QWidget | None, template: ChecklistTemplate,
            existing_titles: set[str]) -> list[TypicalBarrier]:
        """Show the picker; returns the chosen typical barriers (empty when cancelled)."""
        dialog = cls(parent, template, existing_titles)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else []


def confirm_remove(parent: QWidget | None, barrier: Barrier, blocked_steps: int) -> bool:
    """Ask before removing a barrier; says which steps it will unblock."""
    text = f"Remove the barrier ‘{_short(barrier.title)}’ from the register?"
    if blocked_steps:
        steps = "1 step" if blocked_steps == 1 else f"{blocked_steps} steps"
        text += f"\n\nIt blocks {steps}; they will go back to in progress."
    text += "\n\nYou can undo this."
    box = QMessageBox(QMessageBox.Icon.Question, APP_NAME, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
