"""The Checklist view: phases and steps as a tree beside the selected step's guidance and status."""
from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist import APP_NAME
from mutual_checklist.domain.models import StepStatus
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.ui import dialogs
from mutual_checklist.ui.models.steps_model import Columns, StepIdRole, StepsModel
from mutual_checklist.ui.session import ProjectSession


class ChecklistView(QWidget):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.steps_model = StepsModel(session, self)
        self._current_step: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build())
        session.steps_changed.connect(self._on_steps_changed)

    def _build(self) -> QWidget:
        self.tree = QTreeView(objectName="checklist-tree")
        self.tree.setAccessibleName("Checklist steps")
        self.tree.setModel(self.steps_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.expandAll()
        self.tree.header().resizeSection(Columns.STEP, 520)
        self.tree.header().resizeSection(Columns.STATUS, 130)
        self.tree.header().resizeSection(Columns.OWNER, 180)
        self.tree.selectionModel().selectionChanged.connect(self._on_selection)

        detail = QWidget(objectName="step-detail")
        layout = QVBoxLayout(detail)
        self.step_title = QLabel(objectName="step-title", wordWrap=True)
        self.step_title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.step_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.step_title.setFont(font)
        form = QFormLayout()
        self.status_combo = QComboBox(objectName="step-status")
        self.status_combo.setAccessibleName("Step status")
        for status in StepStatus:
            self.status_combo.addItem(status.label, status.value)
        self.status_combo.activated.connect(self._on_status_chosen)
        self.status_note = QLabel(objectName="status-note", wordWrap=True)
        self.status_note.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("&Status:", self.status_combo)
        form.addRow("", self.status_note)
        self.guidance = QTextBrowser(objectName="step-guidance")
        self.guidance.setAccessibleName("Guidance for the selected step")
        self.guidance.setOpenLinks(False)
        layout.addWidget(self.step_title)
        layout.addLayout(form)
        layout.addWidget(self.guidance, 1)
        self._show_step(None)

        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        return splitter

    # --- behaviour -------------------------------------------------------------------------------

    def show_item(self, step_id: str) -> None:
        self.select_step(step_id)

    def select_step(self, step_id: str) -> None:
        index = self.steps_model.step_index(step_id)
        self.tree.setCurrentIndex(index)

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        step_id = indexes[0].data(StepIdRole) if indexes else None
        self._show_step(step_id)

    def _show_step(self, step_id: str | None) -> None:
        self._current_step = step_id
        enabled = step_id is not None and not self.session.read_only
        self.status_combo.setEnabled(enabled)
        if step_id is None:
            self.step_title.setText("Choose a step on the left to see what to do.")
            self.guidance.clear()
            self.status_note.clear()
            return
        step = self.session.template.step(step_id)
        self.step_title.setText(self.session.step_title(step_id))
        self.guidance.setMarkdown(step.guidance if step else "")
        self._show_state(step_id)

    def _show_state(self, step_id: str) -> None:
        state = self.session.step_state(step_id)
        self.status_combo.setCurrentIndex(self.status_combo.findData(state.status.value))
        note = ""
        if state.status is StepStatus.NOT_APPLICABLE:
            note = f"Reason: {state.na_reason}"
        elif state.status is StepStatus.BLOCKED and state.blocked_by:
            barrier = self.session.repo.barrier(state.blocked_by)
            note = f"Blocked by: {barrier.title if barrier else 'a removed barrier'}"
        self.status_note.setText(note)

    def _on_status_chosen(self, combo_index: int) -> None:
        step_id = self._current_step
        if step_id is None:
            return
        status = StepStatus(self.status_combo.itemData(combo_index))
        reason, blocked_by = "", None
        if status is StepStatus.NOT_APPLICABLE:
            reason = dialogs.ask_not_applicable_reason(self) or ""
            if not reason:
                self._show_state(step_id)
                return
        elif status is StepStatus.BLOCKED:
            barriers = [b for b in self.session.barriers() if b.status.is_live]
            if not barriers:
                QMessageBox.information(self, APP_NAME, "A blocked step must point to the barrier "
                                        "that blocks it. Add the barrier to the register first.")
                self._show_state(step_id)
                return
            blocked_by = dialogs.ask_blocking_barrier(self, barriers)
            if blocked_by is None:
                self._show_state(step_id)
                return
        try:
            self.session.set_step_status(step_id, status, reason=reason, blocked_by=blocked_by)
        except (RuleViolation, StorageError) as error:
            QMessageBox.warning(self, APP_NAME, str(error))
            self._show_state(step_id)

    def _on_steps_changed(self, step_ids: list[str]) -> None:
        if self._current_step in step_ids:
            self._show_state(self._current_step)
