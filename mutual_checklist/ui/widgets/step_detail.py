"""The detail pane of one step: what to do, its status and dates, notes, evidence and history."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist import APP_NAME, evidence_files
from mutual_checklist.domain import plan_words, progress
from mutual_checklist.domain.dates import uk_date
from mutual_checklist.domain.models import StepStatus, TemplateStep
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.ui import appraisal_evidence, dialogs, file_dialogs
from mutual_checklist.ui.session import ProjectSession
from mutual_checklist.ui.widgets.commit_combo import CommitComboBox
from mutual_checklist.ui.widgets.flow import FlowLayout
from mutual_checklist.ui.widgets.guidance_browser import GuidanceBrowser
from mutual_checklist.ui.widgets.status_icons import status_icon

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024


def plain_label(name: str, *, bold: bool = False, scale: float = 1.0) -> QLabel:
    label = QLabel(objectName=name, wordWrap=True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # user and template text is never markup
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold or scale != 1.0:
        font = label.font()
        font.setBold(bold)
        font.setPointSizeF(font.pointSizeF() * scale)
        label.setFont(font)
    return label


class NotesEdit(QPlainTextEdit):
    """Notes are saved when the user leaves the box (one undoable change per visit)."""

    editing_finished = Signal()

    def focusOutEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().focusOutEvent(event)
        self.editing_finished.emit()


class StepDetail(QWidget):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.step_id: str | None = None
        self._build()
        self.show_step(None)

    # --- construction ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = plain_label("step-title", bold=True, scale=1.25)
        self.meta = plain_label("step-meta")
        self.gate_info = plain_label("step-gate")
        self.status_combo = CommitComboBox(objectName="step-status")
        self.status_combo.setAccessibleName("Step status")
        for status in StepStatus:
            self.status_combo.addItem(status_icon(status.value), status.label, status.value)
        self.status_combo.setToolTip("Choose with the arrow keys, then press Enter to save")
        self.status_combo.committed.connect(self._on_status_chosen)
        self.status_note = plain_label("status-note")
        self.owner_edit = QLineEdit(objectName="step-owner", placeholderText="Who leads this step")
        self.owner_edit.setAccessibleName("Step owner")
        self.owner_edit.editingFinished.connect(self._on_owner_edited)
        self.due_edit = QDateEdit(objectName="step-due", calendarPopup=True)
        self.due_edit.setDisplayFormat("dd/MM/yyyy")
        self.due_edit.setAccessibleName("Due date")
        self.due_edit.editingFinished.connect(self._on_due_edited)
        self.due_kind = plain_label("step-due-kind")
        self.use_suggested = QPushButton("Use sugges&ted date", objectName="step-due-reset")
        self.use_suggested.setAccessibleName("Use the suggested due date")
        self.use_suggested.clicked.connect(self._on_use_suggested)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_edit)
        due_row.addWidget(self.due_kind, 1)
        due_row.addWidget(self.use_suggested)
        self.contact_combo = QComboBox(objectName="step-contact")
        self.contact_combo.setAccessibleName("Contact this step depends on")
        self.contact_combo.activated.connect(self._on_contact_chosen)
        self.signed_off_edit = QLineEdit(objectName="step-signed-off",
                                         placeholderText="Name of whoever signed it off")
        self.signed_off_edit.setAccessibleName("Signed off by")
        self.signed_off_edit.editingFinished.connect(self._on_signed_off_edited)
        self.completed = plain_label("step-completed")
        form = QFormLayout()
        form.addRow("&Status:", self.status_combo)
        form.addRow("", self.status_note)
        form.addRow("&Owner:", self.owner_edit)
        form.addRow("Due:", due_row)  # reached by Tab: its letters are taken
        form.addRow("&Depends on:", self.contact_combo)
        form.addRow("Signed off &by:", self.signed_off_edit)
        form.addRow("Completed:", self.completed)

        self.tabs = QTabWidget(objectName="step-tabs")
        self.tabs.setUsesScrollButtons(True)
        self.guidance = GuidanceBrowser()
        self.guidance.setObjectName("step-guidance")
        self.guidance.setAccessibleName("Guidance for the selected step")
        self.notes = NotesEdit(objectName="step-notes")
        self.notes.setAccessibleName("Notes on this step")
        self.notes.setPlaceholderText("Notes for you and your team. Saved when you leave this box.")
        self.notes.editing_finished.connect(self._on_notes_edited)
        self.tabs.addTab(self.guidance, "&Guidance")
        self.tabs.addTab(self.notes, "&Notes")
        self.tabs.addTab(self._build_evidence(), "Ev&idence")
        self.history = QListWidget(objectName="step-history")
        self.history.setAccessibleName("History of this step")
        self.tabs.addTab(self.history, "Histor&y")
        self.links = QListWidget(objectName="step-links")
        self.links.setAccessibleName("Barriers and comments linked to this step")
        self.links.itemActivated.connect(self._on_link_activated)
        self.tabs.addTab(self.links, "&Links")

        self.comment_button = QPushButton("Add co&mment…", objectName="step-comment")
        self.comment_button.setAccessibleName("Comment on this step (Ctrl+Alt+M)")
        self.comment_button.setToolTip("Comment on this step (Ctrl+Alt+M)")
        self.comment_button.clicked.connect(self.add_comment)
        self.comment_button.setVisible(self.session.project.is_review_copy)
        comment_action = QAction("Add a comment on this step…", self)
        comment_action.triggered.connect(self.add_comment)
        comment_action.setVisible(self.session.project.is_review_copy)
        self.addAction(comment_action)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.comment_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addWidget(self.meta)
        layout.addWidget(self.gate_info)
        layout.addLayout(form)
        self.tabs.setMinimumHeight(self.fontMetrics().height() * 14)  # guidance stays readable
        layout.addWidget(self.tabs, 1)
        self._editors = [self.status_combo, self.owner_edit, self.due_edit, self.use_suggested,
                         self.contact_combo,
                         self.signed_off_edit, self.notes, self.add_file_button,
                         self.add_link_button, self.remove_evidence_button]

    def _build_evidence(self) -> QWidget:
        page = QWidget()
        self.evidence_list = QListWidget(objectName="step-evidence")
        self.evidence_list.setAccessibleName("Evidence files and links")
        self.evidence_list.itemActivated.connect(self._on_open_evidence)
        self.add_file_button = QPushButton("&Add file…", objectName="evidence-add")
        self.add_file_button.clicked.connect(self._on_add_evidence)
        self.add_link_button = QPushButton("Add lin&k…", objectName="evidence-add-link")
        self.add_link_button.clicked.connect(self._on_add_link)
        self.open_evidence_button = QPushButton("Open", objectName="evidence-open")
        self.open_evidence_button.clicked.connect(
            lambda: self._on_open_evidence(self.evidence_list.currentItem()))
        self.save_evidence_button = QPushButton("Save as…", objectName="evidence-save")
        self.save_evidence_button.clicked.connect(
            lambda: self._on_save_evidence(self.evidence_list.currentItem()))
        self.remove_evidence_button = QPushButton("&Remove", objectName="evidence-remove")
        self.remove_evidence_button.clicked.connect(self._on_remove_evidence)
        # the buttons wrap rather than widen the panel, so the step list keeps its width
        buttons = QWidget()
        flow = FlowLayout(buttons)
        for button in (self.add_file_button, self.add_link_button, self.open_evidence_button,
                       self.save_evidence_button, self.remove_evidence_button):
            flow.add(button)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Files are kept inside the project file, so they travel with it.",
                                wordWrap=True))
        self.evidence_list.setMinimumHeight(self.evidence_list.fontMetrics().height() * 3)
        layout.addWidget(self.evidence_list, 1)
        layout.addWidget(buttons)
        return page

    # --- showing ---------------------------------------------------------------------------------

    def show_step(self, step_id: str | None) -> None:
        self.step_id = step_id
        editable = step_id is not None and not self.session.read_only
        for editor in self._editors:
            editor.setEnabled(editable)
        self.open_evidence_button.setEnabled(step_id is not None)
        self.comment_button.setEnabled(step_id is not None)
        if step_id is None:
            self._clear()
            return
        step = self.session.template.step(step_id)
        self.title.setText(self.session.step_title(step_id))
        self.meta.setText(self._meta_text(step))
        self.gate_info.setText(f"Decision gate {step.gate}: "
                               f"{self.session.template.gate(step.gate).title}"
                               if step and step.gate and self.session.template.gate(step.gate)
                               else "")
        self.gate_info.setVisible(bool(step and step.gate))
        guidance = step.guidance if step else self.session.custom_step(step_id).guidance
        if step and step.gate:
            guidance = self._gate_markdown(step) + "\n\n" + guidance
        if step and step.evidence:
            guidance += f"\n\n**Evidence that it is done:** {step.evidence}"
        if step:
            guidance += _profile_and_sources(step, self.session)
        self.guidance.show_guidance(guidance, self.session.template.glossary)
        self.refresh()

    def _clear(self) -> None:
        """Nothing chosen (or the filter hid the step): show no step's details at all."""
        self.title.setText("Choose a step on the left to see what to do.")
        for label in (self.meta, self.gate_info, self.status_note, self.completed,
                      self.due_kind):
            label.clear()
        for edit in (self.owner_edit, self.signed_off_edit):
            edit.clear()
            edit.setPlaceholderText("")
        self.notes.clear()
        self.status_combo.set_saved_index(-1)
        self.contact_combo.setCurrentIndex(-1)
        self.use_suggested.setVisible(False)
        for widget in (self.evidence_list, self.history, self.links):
            widget.clear()
        self.guidance.clear()
        self.due_edit.setSpecialValueText(" ")
        self.due_edit.setDate(self.due_edit.minimumDate())

    def refresh(self) -> None:
        """Re-read the state after a change (from here, undo, or elsewhere)."""
        step_id = self.step_id
        if step_id is None:
            return
        state = self.session.step_state(step_id)
        step = self.session.template.step(step_id)
        self.status_combo.set_saved_index(self.status_combo.findData(state.status.value))
        self.due_edit.setSpecialValueText("")
        self.status_note.setText(self._status_note(state))
        self.status_note.setVisible(bool(self.status_note.text()))
        if not self.owner_edit.hasFocus():
            self.owner_edit.setText(state.owner)
        self.owner_edit.setPlaceholderText(
            f"Usually: {self.session.template.owner_title(step.owner)}" if step else "")
        due = progress.effective_due_date(step, state, self.session.plan)
        self.due_edit.setDate(QDate(due.year, due.month, due.day) if due else QDate.currentDate())
        self.due_kind.setText("set by hand" if state.due_date_manual else
                              ("suggested by the plan" if due else "no due date"))
        self.use_suggested.setVisible(state.due_date_manual)
        self._fill_contacts(state.contact_id)
        if not self.signed_off_edit.hasFocus():
            self.signed_off_edit.setText(state.signed_off_by)
        self.completed.setText(uk_date(state.completed_on) or "not yet")
        if not self.notes.hasFocus():
            self.notes.setPlainText(state.notes)
        self._refresh_evidence()
        self._refresh_history()
        self._refresh_links()

    def _meta_text(self, step: TemplateStep | None) -> str:
        if step is None:
            return "A step your team added to this project."
        template = self.session.template
        phase = next(p for p in template.phases if any(s.id == step.id for s in p.steps))
        parts = [f"{step.id} · {phase.title}", f"Usually led by {template.owner_title(step.owner)}",
                 f"Basis: {step.basis.label}"]
        plan = self.session.plan
        placed = plan.steps.get(step.id) if plan else None
        if placed:
            parts.append(plan_words.step_line(placed))
        for limit in (step.lead_time, step.deadline):
            if limit is not None:
                parts.append(plan_words.limit_line(limit))
        if step.timing.note:
            parts.append(f"Time limit: {step.timing.note}")
        return "\n".join(parts)

    def _gate_markdown(self, step: TemplateStep) -> str:
        gate = self.session.template.gate(step.gate or "")
        if gate is None:
            return ""
        criteria = "\n".join(f"- {c}" for c in gate.criteria)
        return (f"**Decision gate {gate.id}: {gate.title}.** Decided by {gate.decider}. "
                f"To pass, all of these must be true:\n\n{criteria}")

    def _status_note(self, state) -> str:  # noqa: ANN001
        if state.status is StepStatus.NOT_APPLICABLE:
            return f"Not applicable because: {state.na_reason}"
        if state.status is StepStatus.BLOCKED and state.blocked_by:
            barrier = self.session.repo.barrier(state.blocked_by)
            return f"Blocked by the barrier: {barrier.title if barrier else 'a removed barrier'}"
        return ""

    def _refresh_evidence(self) -> None:
        self.evidence_list.clear()
        for info in self.session.repo.evidence(self.step_id):
            kind = f"link to {info.link}" if info.link else f"{info.size / 1024:,.0f} KB"
            name = evidence_files.clean_name(info.name)  # never a right-to-left override
            item = QListWidgetItem(f"{name}  ({kind}, added {info.added_at[:10]})")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.evidence_list.addItem(item)

    def _refresh_history(self) -> None:
        self.history.clear()
        for entry in reversed(self.session.repo.history("step", self.step_id)):
            when = entry.at[:16].replace("T", " ")
            change = entry.field.replace("_", " ")
            text = f"{when}  {change}: {_short(entry.old)} → {_short(entry.new)}"
            if entry.note:
                text += f"  ({_short(entry.note)})"
            self.history.addItem(text)

    _contacts_listed = False

    def contacts_changed(self) -> None:
        """The contact list changed: rebuild the "depends on" choices next time."""
        self._contacts_listed = False
        self.refresh()

    def _fill_contacts(self, chosen: str | None) -> None:
        if not self._contacts_listed:  # 5,000 contacts: list them once, not on every click
            self.contact_combo.clear()
            self.contact_combo.addItem("No one in particular", None)
            for contact in self.session.repo.contacts():
                label = f"{contact.name} ({contact.role})" if contact.role else contact.name
                self.contact_combo.addItem(label, contact.id)
            self._contacts_listed = True
        self.contact_combo.setCurrentIndex(max(0, self.contact_combo.findData(chosen)))

    def _on_contact_chosen(self, index: int) -> None:
        chosen = self.contact_combo.itemData(index)
        if self.step_id and chosen != self.session.step_state(self.step_id).contact_id:
            self._update("Link contact" if chosen else "Unlink contact", contact_id=chosen)

    def _refresh_links(self) -> None:
        self.links.clear()
        contact_id = self.session.step_state(self.step_id).contact_id
        contact = self.session.repo.contact(contact_id) if contact_id else None
        if contact is not None:
            item = QListWidgetItem(f"Depends on: {contact.name} ({contact.role or 'contact'})")
            item.setData(Qt.ItemDataRole.UserRole, ("stakeholders", contact.id))
            self.links.addItem(item)
        for barrier in self.session.repo.barriers_linked_to(self.step_id):
            item = QListWidgetItem(f"Barrier: {barrier.title} (score {barrier.score}, "
                                   f"{barrier.status.value})")
            item.setData(Qt.ItemDataRole.UserRole, ("barriers", barrier.id))
            self.links.addItem(item)
        for comment in self.session.repo.comments():
            if comment.target.value == "step" and comment.target_id == self.step_id:
                item = QListWidgetItem(f"Comment from {comment.author} "
                                       f"({comment.created_at[:10]}): {comment.body}")
                self.links.addItem(item)

    # --- editing ---------------------------------------------------------------------------------

    def _guard(self, action) -> None:  # noqa: ANN001
        try:
            action()
        except (RuleViolation, StorageError) as error:
            QMessageBox.warning(self, APP_NAME, str(error))
            self.refresh()

    def add_comment(self) -> None:
        """In a review copy: comment on the step shown."""
        from mutual_checklist.ui.comments_panel import add_review_comment

        if self.step_id and self.session.project.is_review_copy:
            add_review_comment(self.session, self, self.step_id)

    def choose_status(self, status: StepStatus) -> None:
        """Change the shown step's status as if chosen here (asks for a reason or barrier)."""
        index = self.status_combo.findData(status.value)
        self.status_combo.setCurrentIndex(index)
        self._on_status_chosen(index)

    def item_actions(self) -> list:
        """Actions about the shown step for its context menu (e.g. Add comment)."""
        return [a for a in self.actions() if a.isVisible()]

    def _on_status_chosen(self, combo_index: int) -> None:
        step_id = self.step_id
        if step_id is None:
            return
        status = StepStatus(self.status_combo.itemData(combo_index))
        reason, blocked_by = "", None
        if status is StepStatus.NOT_APPLICABLE:
            reason = dialogs.ask_not_applicable_reason(self) or ""
            if not reason:
                self.refresh()
                return
        elif status is StepStatus.BLOCKED:
            barriers = [b for b in self.session.barriers() if b.status.is_live]
            if not barriers:
                QMessageBox.information(self, APP_NAME, "A blocked step must point to the barrier "
                                        "that blocks it. Add the barrier to the register first.")
                self.refresh()
                return
            blocked_by = dialogs.ask_blocking_barrier(self, barriers)
            if blocked_by is None:
                self.refresh()
                return
        self._guard(lambda: self.session.set_step_status(step_id, status, reason=reason,
                                                         blocked_by=blocked_by))
        if status is StepStatus.DONE and self.session.step_state(step_id).status is status:
            appraisal_evidence.offer(self, self.session, step_id)  # S1 steps asking for it

    def _update(self, text: str, **changes: object) -> None:
        if self.step_id is not None:
            step_id = self.step_id
            self._guard(lambda: self.session.update_step(step_id, text, **changes))

    def _on_owner_edited(self) -> None:
        if self.step_id and self.owner_edit.text() != self.session.step_state(self.step_id).owner:
            self._update("Change owner", owner=self.owner_edit.text().strip())

    def _on_signed_off_edited(self) -> None:
        if self.step_id and self.signed_off_edit.text() != \
                self.session.step_state(self.step_id).signed_off_by:
            self._update("Record sign-off", signed_off_by=self.signed_off_edit.text().strip())

    def _on_notes_edited(self) -> None:
        if self.step_id and self.notes.toPlainText() != self.session.step_state(self.step_id).notes:
            self._update("Edit notes", notes=self.notes.toPlainText())

    def _on_due_edited(self) -> None:
        if self.step_id is None:
            return
        chosen = self.due_edit.date().toPython()
        state = self.session.step_state(self.step_id)
        step = self.session.template.step(self.step_id)
        current = progress.effective_due_date(step, state, self.session.plan)
        if chosen != current:
            self._update("Set due date", due_date=chosen, due_date_manual=True)

    def _on_use_suggested(self) -> None:
        self._update("Use suggested due date", due_date=None, due_date_manual=False)

    def _on_add_evidence(self) -> None:
        if self.step_id is None:
            return
        for path in file_dialogs.ask_open_files(self, "Add evidence files"):
            try:
                size = path.stat().st_size
                if size > MAX_EVIDENCE_BYTES:
                    raise RuleViolation(f"{path.name} is {size / 1048576:.0f} MB; evidence files "
                                        "can be up to 50 MB. Add a link to it instead.")
                content = path.read_bytes()
            except OSError as error:
                QMessageBox.warning(self, APP_NAME, f"Could not read {path.name}: "
                                    f"{error.strerror or error}")
                continue
            except RuleViolation as error:
                QMessageBox.warning(self, APP_NAME, str(error))
                continue
            step_id = self.step_id
            self._guard(lambda p=path, c=content: self.session.add_evidence(step_id, p.name, c))

    def _on_add_link(self) -> None:
        if self.step_id is None:
            return
        answer = dialogs.ask_evidence_link(self)
        if answer:
            name, link = answer
            step_id = self.step_id
            self._guard(lambda: self.session.add_evidence(step_id, name, None, link))

    def _selected_evidence_id(self) -> str | None:
        item = self.evidence_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _on_remove_evidence(self) -> None:
        evidence_id = self._selected_evidence_id()
        if self.step_id and evidence_id:
            step_id = self.step_id
            self._guard(lambda: self.session.remove_evidence(step_id, evidence_id))

    def _on_open_evidence(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        evidence_id = item.data(Qt.ItemDataRole.UserRole)
        info = next(e for e in self.session.repo.evidence(self.step_id) if e.id == evidence_id)
        if info.link:
            file_dialogs.open_link(info.link)
            return
        content = self.session.repo.evidence_content(evidence_id)
        if content is None:
            return
        if not evidence_files.can_open(info.name):
            # A program, shortcut or script from someone else's file is never run from here.
            if dialogs.offer_save_instead(self, evidence_files.clean_name(info.name)):
                self._save_evidence_as(info, content)
            return
        file_dialogs.open_copy(info.name, content, info.id)

    def _on_save_evidence(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        evidence_id = item.data(Qt.ItemDataRole.UserRole)
        info = next(e for e in self.session.repo.evidence(self.step_id) if e.id == evidence_id)
        content = self.session.repo.evidence_content(evidence_id)
        if info.link or content is None:
            return
        self._save_evidence_as(info, content)

    def _save_evidence_as(self, info, content: bytes) -> None:
        target = file_dialogs.ask_save_path(self, "Save the evidence file as",
                                            evidence_files.clean_name(info.name))
        if target is None:
            return
        try:
            evidence_files.save_copy(target, content)
        except OSError as error:
            QMessageBox.warning(self, APP_NAME, f"Could not save {target.name}: "
                                f"{error.strerror or error}")

    def _on_link_activated(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target:
            self.session.navigate_requested.emit(*target)


def _profile_and_sources(step: TemplateStep, session: ProjectSession) -> str:
    """Guidance for this project's profile, and where a legal step's statements come from."""
    from mutual_checklist.domain.profile import ProjectProfile, variant_guidance

    parts = [variant_guidance(step, ProjectProfile.of(session.project))]
    if step.references:
        sources = {s.key: s for s in session.template.sources}
        names = [f"{sources[key].title} ({sources[key].organisation}, {sources[key].year})"
                 for key in step.references if key in sources]
        checked = (f" The law in this step was last checked on {uk_date(step.checked_on)}; "
                   "check it again before you rely on it." if step.checked_on else "")
        parts.append("**Sources:** " + "; ".join(names) + "." + checked)
    return "".join(f"\n\n{part}" for part in parts if part)


def _short(value: str | None, limit: int = 60) -> str:
    if value is None:
        return "—"
    value = value.replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"
