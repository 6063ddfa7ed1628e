"""The Barriers view: the register table with filters, a 5×5 heat map and the selected
barrier's re-assessment history. Every edit goes through `ui.barrier_actions` (undoable)."""
from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain import risk
from mutual_checklist.domain.models import Barrier, BarrierStatus
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.ui import barrier_actions, dialogs_barrier
from mutual_checklist.ui.dialogs_barrier import BarrierDialog, TypicalBarrierPicker
from mutual_checklist.ui.models.barriers_model import (
    IMPACT_WORDS,
    LIKELIHOOD_WORDS,
    STATUS_WORDS,
    BarrierIdRole,
    BarriersFilter,
    BarriersModel,
    Columns,
)
from mutual_checklist.ui.session import ProjectSession
from mutual_checklist.ui.views.barrier_history import BarrierHistory
from mutual_checklist.ui.widgets.columns import fit_columns
from mutual_checklist.ui.widgets.heat_map import HeatMap

_WIDTHS = {Columns.CATEGORY: 140, Columns.LIKELIHOOD: 30,
           Columns.IMPACT: 30, Columns.SCORE: 52, Columns.RAG: 60, Columns.STATUS: 84,
           Columns.TREATMENT: 76, Columns.OWNER: 120, Columns.REVIEW: 120, Columns.TREND: 62,
           Columns.STEPS: 50}


class BarriersView(QWidget):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.model = BarriersModel(session, self)
        self.proxy = BarriersFilter(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_actions())
        layout.addLayout(self._build_filters())
        splitter = QSplitter(Qt.Orientation.Vertical, objectName="barriers-splitter")
        splitter.addWidget(self._build_table())
        splitter.addWidget(self._build_lower())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.heat_map.set_counts(risk.heat_map(self.model.barriers()))
        session.barriers_changed.connect(self._on_barriers_changed)
        self._update_enabled()
        self._show_selected()

    # --- construction ----------------------------------------------------------------------------

    def _action(self, text: str, name: str, keys: list[QKeySequence], slot,  # noqa: ANN001
                context: Qt.ShortcutContext, host: QWidget) -> QAction:
        action = QAction(text, host, objectName=name)
        action.setShortcuts(keys)
        action.setShortcutContext(context)
        action.triggered.connect(slot)
        host.addAction(action)
        return action

    def _build_actions(self) -> QHBoxLayout:
        view_wide = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.add_action = self._action(
            "&Add barrier…", "action-add-barrier",
            [QKeySequence(Qt.Key.Key_Insert)], self.add_barrier,
            view_wide, self)
        self.typical_action = self._action(
            "Add from &typical barriers…", "action-add-typical-barrier",
            [QKeySequence("Ctrl+Shift+N")], self.add_typical, view_wide, self)
        row = QHBoxLayout()
        self.add_button = self._button(self.add_action, "Add barrier (Insert)")
        self.typical_button = self._button(self.typical_action,
                                           "Add barriers other mutuals have met (Ctrl+Shift+N)")
        self.edit_button = QPushButton("E&dit…", objectName="edit-barrier")
        self.edit_button.setAccessibleName("Edit the selected barrier (Enter)")
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton("Re&move", objectName="remove-barrier")
        self.remove_button.setAccessibleName("Remove the selected barrier (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        self.comment_button = QPushButton("Add c&omment…", objectName="comment-barrier")
        self.comment_button.setAccessibleName("Comment on the selected barrier (Ctrl+Alt+M)")
        self.comment_button.setToolTip("Comment on the selected barrier (Ctrl+Alt+M)")
        self.comment_button.clicked.connect(self.comment_on_selected)
        self.comment_button.setVisible(self.session.project.is_review_copy)
        for button in (self.add_button, self.typical_button, self.edit_button,
                       self.remove_button, self.comment_button):
            row.addWidget(button)
        row.addStretch(1)
        self.count_label = QLabel(objectName="barriers-count")
        row.addWidget(self.count_label)
        return row

    def _button(self, action: QAction, accessible: str) -> QPushButton:
        button = QPushButton(action.text(), objectName=f"button-{action.objectName()}")
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        button.clicked.connect(action.trigger)
        return button

    def _build_filters(self) -> QHBoxLayout:
        self.search = QLineEdit(objectName="barriers-search", clearButtonEnabled=True)
        self.search.setPlaceholderText("Filter by words in the title, mitigation or owner")
        self.search.setAccessibleName("Filter barriers by text")
        self.search.textChanged.connect(self._on_filter)
        self.category_filter = self._combo("Filter by category", [("All categories", "")] + [
            (c.title, c.id) for c in self.session.template.barrier_categories])
        self.status_filter = self._combo(
            "Filter by status", [("All statuses", ""), ("Live (open or mitigating)",
                                                        BarriersFilter.LIVE)]
            + [(STATUS_WORDS[s], s.value) for s in BarrierStatus])
        self.rag_filter = self._combo("Filter by RAG", [("All RAG", "")] + [
            (label, band) for band, label in risk.RAG_LABELS.items()])
        self.cell_label = QLabel(objectName="barriers-cell-filter")
        self.cell_label.setTextFormat(Qt.TextFormat.PlainText)
        self.clear_cell = QPushButton("Show all &cells", objectName="clear-cell-filter")
        self.clear_cell.setAccessibleName("Clear the heat-map cell filter")
        self.clear_cell.clicked.connect(lambda: self.heat_map.choose(None))
        row = QHBoxLayout()
        label = QLabel("F&ind:")
        label.setBuddy(self.search)
        row.addWidget(label)
        row.addWidget(self.search, 2)
        for combo in (self.category_filter, self.status_filter, self.rag_filter):
            row.addWidget(combo, 1)
        row.addWidget(self.cell_label)
        row.addWidget(self.clear_cell)
        return row

    def _combo(self, accessible: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(accessible)
        for text, data in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(self._on_filter)
        return combo

    def _build_table(self) -> QWidget:
        self.table = QTableView(objectName="barriers-table")
        self.table.setAccessibleName("Barriers register")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Columns.SCORE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.column_fitter = fit_columns(
            self.table, Columns.TITLE, _WIDTHS, title_min=260,
            drop=(Columns.STEPS, Columns.TREATMENT, Columns.CATEGORY, Columns.TREND,
                  (Columns.LIKELIHOOD, Columns.IMPACT), Columns.OWNER),
            minimums={Columns.REVIEW: 88, Columns.STATUS: 70, Columns.SCORE: 44})
        self.table.doubleClicked.connect(self.edit_selected)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        table_only = Qt.ShortcutContext.WidgetShortcut
        self.edit_action = self._action(
            "&Edit barrier…", "action-edit-barrier",
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)],
            self.edit_selected, table_only, self.table)
        self.remove_action = self._action(
            "&Remove barrier", "action-remove-barrier", [QKeySequence.StandardKey.Delete],
            self.remove_selected, table_only, self.table)
        return self.table

    def _build_lower(self) -> QWidget:
        self.heat_map = HeatMap()
        self.heat_map.setObjectName("barriers-heat-map")
        self.heat_map.cell_chosen.connect(self._on_cell_chosen)
        heat_box = QGroupBox("Heat map of live barriers (click a cell to filter)")
        heat_layout = QVBoxLayout(heat_box)
        heat_layout.addWidget(self.heat_map)
        self.history = BarrierHistory(self.session, self.model)
        self.history.step_activated.connect(
            lambda step_id: self.session.navigate_requested.emit("checklist", step_id))
        lower = QWidget()
        layout = QHBoxLayout(lower)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heat_box, 1)
        layout.addWidget(self.history, 1)
        return lower

    # --- reading ---------------------------------------------------------------------------------

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(BarrierIdRole) if rows else None

    def selected_barrier(self) -> Barrier | None:
        barrier_id = self.selected_id()
        row = self.model.row_of(barrier_id) if barrier_id else -1
        return self.model.barrier(row) if row >= 0 else None

    def show_item(self, barrier_id: str) -> None:
        """Select a barrier (click-through from elsewhere), clearing filters that hide it."""
        row = self.model.row_of(barrier_id)
        if row < 0:
            return
        if not self.proxy.mapFromSource(self.model.index(row, 0)).isValid():
            self.clear_filters()
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        self.table.setFocus()

    def clear_filters(self) -> None:
        self.search.clear()
        for combo in (self.category_filter, self.status_filter, self.rag_filter):
            combo.setCurrentIndex(0)
        self.heat_map.choose(None)

    # --- intents ---------------------------------------------------------------------------------

    def _step_choices(self) -> list[tuple[str, str]]:
        return [(step_id, self.session.step_title(step_id))
                for step_id in self.session.all_step_ids()]

    def _run(self, action, *args) -> bool:  # noqa: ANN001
        """Run one barrier action; say plainly what went wrong instead of raising."""
        try:
            action(self.session, *args)
        except (RuleViolation, StorageError) as error:
            dialogs_barrier.show_error(self, str(error))
            return False
        return True

    def add_barrier(self) -> None:
        if self.session.read_only:
            return
        edit = BarrierDialog.ask(self, self.session.template, None,
                                 self.session.repo.contacts(), self._step_choices())
        if edit is not None and self._run(barrier_actions.save_barrier, edit.barrier, edit.note,
                                          0):
            self.show_item(edit.barrier.id)

    def add_typical(self) -> None:
        if self.session.read_only:
            return
        titles = {b.title for b in self.model.barriers()}
        chosen = TypicalBarrierPicker.ask(self, self.session.template, titles)
        if not chosen:
            return
        try:
            added = barrier_actions.add_typical(self.session, chosen)
        except (RuleViolation, StorageError) as error:
            dialogs_barrier.show_error(self, str(error))
            return
        if added:
            self.show_item(added[-1].id)

    def comment_target(self) -> str:
        """What a review comment made here is about: the selected barrier, else the project."""
        return self.selected_id() or ""

    def comment_on_selected(self) -> None:
        from mutual_checklist.ui.comments_panel import add_review_comment

        barrier_id = self.selected_id()
        if barrier_id and self.session.project.is_review_copy:
            add_review_comment(self.session, self, barrier_id)

    def edit_selected(self) -> None:
        barrier = self.selected_barrier()
        if barrier is None or self.session.read_only:
            return
        version = self.model.version(barrier.id)  # the barrier as shown: checked when saved
        edit = BarrierDialog.ask(self, self.session.template, barrier,
                                 self.session.repo.contacts(), self._step_choices())
        if edit is None or edit.barrier == barrier:
            return
        if self._run(barrier_actions.save_barrier, edit.barrier, edit.note, version):
            self.show_item(barrier.id)

    def remove_selected(self) -> None:
        barrier = self.selected_barrier()
        if barrier is None or self.session.read_only:
            return
        version = self.model.version(barrier.id)
        blocked = len(barrier_actions.blocked_steps(self.session, barrier.id))
        if dialogs_barrier.confirm_remove(self, barrier, blocked):
            self._run(barrier_actions.remove_barrier, barrier.id, version)

    # --- reactions -------------------------------------------------------------------------------

    def _on_filter(self) -> None:
        self.proxy.set_text(self.search.text())
        self.proxy.set_category(self.category_filter.currentData())
        self.proxy.set_status(self.status_filter.currentData())
        self.proxy.set_rag(self.rag_filter.currentData())
        self._update_count()

    def _on_cell_chosen(self, cell: tuple[int, int] | None) -> None:
        self.proxy.set_cell(cell)
        if cell is None:
            self.cell_label.clear()
        else:
            likelihood, impact = cell
            self.cell_label.setText(f"Cell: {LIKELIHOOD_WORDS[likelihood].lower()} × "
                                    f"{IMPACT_WORDS[impact].lower()}")
        self.cell_label.setVisible(cell is not None)
        self.clear_cell.setVisible(cell is not None)
        self._update_count()

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        self.history.show_barrier(self.selected_barrier())
        self._update_enabled()

    def _on_barriers_changed(self, _ids: list[str]) -> None:
        self.heat_map.set_counts(risk.heat_map(self.model.barriers()))
        self._show_selected()
        self._update_count()

    def _update_enabled(self) -> None:
        writable = not self.session.read_only
        selected = self.selected_id() is not None
        for widget in (self.add_action, self.typical_action, self.add_button,
                       self.typical_button):
            widget.setEnabled(writable)
        for widget in (self.edit_action, self.remove_action, self.edit_button,
                       self.remove_button):
            widget.setEnabled(writable and selected)
        self.comment_button.setEnabled(selected)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        live = len(risk.live(self.model.barriers()))
        text = f"{total} barriers, {live} live" if shown == total else \
            f"Showing {shown} of {total} barriers"
        if self.session.read_only:
            text += " · read-only"
        self.count_label.setText(text)
        if self.proxy.cell is None:
            self.cell_label.setVisible(False)
            self.clear_cell.setVisible(False)
