"""The Checklist view: phases and steps as a filterable tree beside the selected step's detail.

Each step has a tick box (Space or a click marks it done), a status icon beside the status word,
and an overdue date shows a warning icon. Column headings sort (the Due heading by date); a
right-click (or the Menu key) offers the common changes; the filters wrap on narrow windows.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain import progress
from mutual_checklist.domain.models import StepStatus
from mutual_checklist.ui import dialogs
from mutual_checklist.ui.models.steps_model import (
    FINISHED,
    Columns,
    SortRole,
    StepIdRole,
    StepsModel,
)
from mutual_checklist.ui.session import ProjectSession
from mutual_checklist.ui.widgets.columns import fit_columns
from mutual_checklist.ui.widgets.flow import FlowLayout
from mutual_checklist.ui.widgets.status_icons import status_icon
from mutual_checklist.ui.widgets.step_detail import StepDetail

WEEK_DAYS = 7


def today() -> dt.date:
    return dt.date.today()


class StepFilter(QSortFilterProxyModel):
    """Shows the steps that match every chosen criterion, with their phases."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.text = ""
        self.status: str | None = None
        self.category: str | None = None
        self.owner = ""
        self.overdue_only = False
        self.week_only = False
        self.setRecursiveFilteringEnabled(True)
        self.setSortRole(SortRole)

    def active(self) -> bool:
        return bool(self.text or self.status or self.category or self.owner or self.overdue_only
                    or self.week_only)

    def set_criteria(self, **criteria: object) -> None:
        self.beginFilterChange()  # replaces invalidateFilter, deprecated since Qt 6.10
        for key, value in criteria.items():
            setattr(self, key, value)
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        if not self.active():
            return True
        if not source_parent.isValid():
            return False  # a phase shows only through its matching steps
        index = self.sourceModel().index(source_row, 0, source_parent)
        return self._step_matches(index.data(StepIdRole))

    def _step_matches(self, step_id: str) -> bool:
        session = self.session
        state = session.step_state(step_id)
        step = session.template.step(step_id)
        custom = None if step else session.custom_step(step_id)
        if self.status and state.status.value != self.status:
            return False
        if self.category:
            categories = step.barriers if step else custom.barriers  # type: ignore[union-attr]
            if self.category not in categories:
                return False
        if self.owner:
            owner = state.owner or (session.template.owner_title(step.owner) if step else "")
            if self.owner.lower() not in owner.lower():
                return False
        if self.overdue_only or self.week_only:
            due = progress.effective_due_date(step, state, session.plan)
            if due is None or state.status in FINISHED:
                return False
            if self.overdue_only and due >= today():
                return False
            if self.week_only and (due - today()).days > WEEK_DAYS:
                return False
        if self.text:
            haystack = " ".join([step_id, session.step_title(step_id), state.notes,
                                 step.guidance if step else custom.guidance])  # type: ignore
            if self.text.lower() not in haystack.lower():
                return False
        return True


class ChecklistView(QWidget):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.steps_model = StepsModel(session, self)
        self.proxy = StepFilter(session, self)
        self.proxy.setSourceModel(self.steps_model)
        self.detail = StepDetail(session, self)
        self.detail.setObjectName("step-detail")
        splitter = QSplitter()
        splitter.addWidget(self._build_tree_side())
        # on a short screen the step's details scroll rather than squeeze their text out of sight
        detail_scroll = QScrollArea(objectName="step-detail-scroll", widgetResizable=True)
        detail_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        detail_scroll.setWidget(self.detail)
        splitter.addWidget(detail_scroll)
        # the step titles are what a leader reads first: give the list the larger share
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([3000, 2000])  # weights: Qt scales them to the width there is
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_update_banner())
        layout.addWidget(splitter)
        session.template_changed.connect(self._on_template_changed)
        session.steps_changed.connect(self._on_steps_changed)
        session.barriers_changed.connect(lambda _ids: self.detail.refresh())
        session.comments_changed.connect(self.detail.refresh)
        session.contacts_changed.connect(lambda _ids: self.detail.contacts_changed())
        # the profile (part of the project) changes which guidance the step shows
        session.project_changed.connect(lambda: self.detail.show_step(self.detail.step_id))

    # --- for tests and other views ---------------------------------------------------------------

    @property
    def tree_model(self) -> QSortFilterProxyModel:
        return self.proxy

    def step_index(self, step_id: str, column: int = 0) -> QModelIndex:
        return self.proxy.mapFromSource(self.steps_model.step_index(step_id, column))

    def show_item(self, step_id: str) -> None:
        self.select_step(step_id)

    def select_step(self, step_id: str) -> None:
        index = self.step_index(step_id)
        if not index.isValid():  # hidden by the filter: clear it so the step can be shown
            self.clear_filter()
            index = self.step_index(step_id)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    def clear_filter(self) -> None:
        self.search.clear()
        for combo in (self.status_filter, self.category_filter):
            combo.setCurrentIndex(0)
        self.owner_filter.clear()
        self.overdue_filter.setChecked(False)
        self.week_filter.setChecked(False)

    # --- construction ----------------------------------------------------------------------------

    def _build_update_banner(self) -> QWidget:
        """Offers a newer version of the checklist when one is bundled (scenario 6)."""
        self.update_banner = QWidget(objectName="checklist-update-banner")
        self.update_label = QLabel(wordWrap=True)
        self.update_label.setTextFormat(Qt.TextFormat.PlainText)
        self.update_button = QPushButton("&Review the update…", objectName="checklist-update")
        self.update_button.clicked.connect(self.review_update)
        row = QHBoxLayout(self.update_banner)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.update_label, 1)
        row.addWidget(self.update_button)
        self.update_banner.setStyleSheet("#checklist-update-banner { background: #e7f1fb; "
                                         "border: 1px solid #7aa7d6; }")
        self._show_update_banner()
        return self.update_banner

    def _show_update_banner(self) -> None:
        update = None if self.session.read_only else self.session.available_update()
        self.update_banner.setVisible(update is not None)
        if update:
            from mutual_checklist.domain.template_diff import diff_templates

            diff = diff_templates(self.session.template, update[0])
            self.update_label.setText(
                f"A newer version of this checklist is available ({diff.new_version}; you have "
                f"{diff.old_version}): {diff.summary()}.")

    def review_update(self) -> None:
        from mutual_checklist.domain.template_diff import diff_templates
        from mutual_checklist.ui import project_dialogs

        update = self.session.available_update()
        if update is None:
            return
        new, text = update
        if project_dialogs.ask_adopt_template(self, diff_templates(self.session.template, new)):
            self.session.adopt_template(new, text)

    def _on_template_changed(self) -> None:
        self.detail.show_step(None)
        self.tree.expandAll()
        self._show_update_banner()

    def _build_tree_side(self) -> QWidget:
        self.search = QLineEdit(objectName="step-search", placeholderText="Find a step…",
                                clearButtonEnabled=True)
        self.search.setAccessibleName("Find a step by words in its title, guidance or notes")
        self.search.setMinimumWidth(180)
        self.status_filter = QComboBox(objectName="filter-status")
        self.status_filter.setAccessibleName("Show steps with this status")
        self.status_filter.addItem("Any status", None)
        for status in StepStatus:
            self.status_filter.addItem(status_icon(status.value), status.label, status.value)
        self.category_filter = QComboBox(objectName="filter-barrier")
        self.category_filter.setAccessibleName("Show steps affected by this barrier category")
        self.category_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.category_filter.setMinimumContentsLength(14)
        self.category_filter.addItem("Any barrier", None)
        for category in self.session.template.barrier_categories:
            self.category_filter.addItem(category.title, category.id)
        self.owner_filter = QLineEdit(objectName="filter-owner", placeholderText="Owner…",
                                      clearButtonEnabled=True)
        self.owner_filter.setAccessibleName("Show steps whose owner contains")
        self.owner_filter.setMinimumWidth(110)
        self.overdue_filter = QCheckBox("Overd&ue only", objectName="filter-overdue")
        self.week_filter = QCheckBox("Due this &week", objectName="filter-week")
        self.week_filter.setToolTip("Steps not yet finished that are due in the next seven days "
                                    "or already overdue")
        self.search.textChanged.connect(lambda text: self._filter(text=text.strip()))
        self.status_filter.currentIndexChanged.connect(
            lambda: self._filter(status=self.status_filter.currentData()))
        self.category_filter.currentIndexChanged.connect(
            lambda: self._filter(category=self.category_filter.currentData()))
        self.owner_filter.textChanged.connect(lambda text: self._filter(owner=text.strip()))
        self.overdue_filter.toggled.connect(lambda on: self._filter(overdue_only=on))
        self.week_filter.toggled.connect(lambda on: self._filter(week_only=on))
        self.proxy.layoutChanged.connect(self.tree_expand)
        self.proxy.modelReset.connect(self.tree_expand)
        self.proxy.rowsInserted.connect(self.tree_expand)
        filters_box = QWidget(objectName="checklist-filters")
        filters = FlowLayout(filters_box)
        filters.add(self.search, stretch=3)
        for widget in (self.status_filter, self.category_filter):
            filters.add(widget, stretch=1)
        filters.add(self.owner_filter, stretch=1)
        filters.add(self.overdue_filter)
        filters.add(self.week_filter)

        self.tree = QTreeView(objectName="checklist-tree")
        self.tree.setAccessibleName("Checklist steps")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setToolTip("Click a heading to sort by it (Due sorts by date); click again to "
                          "reverse")
        self.tree.setSortingEnabled(True)
        self.column_fitter = fit_columns(
            self.tree, Columns.STEP, {Columns.STATUS: 118, Columns.OWNER: 150, Columns.DUE: 104},
            drop=(Columns.OWNER,), title_min=200,
            minimums={Columns.STATUS: 34, Columns.DUE: 92})
        self.tree.expandAll()
        self.tree.selectionModel().selectionChanged.connect(self._on_selection)
        self.steps_model.tick_requested.connect(self._on_tick)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)

        self.add_step_button = QPushButton("Add a step…", objectName="custom-step-add")
        self.add_step_button.clicked.connect(self._on_add_custom_step)
        self.edit_step_button = QPushButton("Edit step…", objectName="custom-step-edit")
        self.edit_step_button.clicked.connect(self._on_edit_custom_step)
        self.remove_step_button = QPushButton("Remove step", objectName="custom-step-remove")
        self.remove_step_button.clicked.connect(self._on_remove_custom_step)
        for button in (self.add_step_button, self.edit_step_button, self.remove_step_button):
            button.setEnabled(not self.session.read_only)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_step_button)
        buttons.addWidget(self.edit_step_button)
        buttons.addWidget(self.remove_step_button)
        buttons.addStretch(1)

        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(filters_box)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._update_custom_buttons()
        return side

    def _filter(self, **criteria: object) -> None:
        """Apply the filters; the detail panel follows (the first match when the step it showed
        is hidden, nothing when no step matches)."""
        shown = self.detail.step_id
        self.proxy.set_criteria(**criteria)
        target = self.step_index(shown) if shown is not None else QModelIndex()
        if not target.isValid():
            target = self._first_visible_step()
        if target.isValid():
            flags = QItemSelectionModel.SelectionFlag
            self.tree.selectionModel().setCurrentIndex(
                target, flags.ClearAndSelect | flags.Rows)
            if self.detail.step_id != target.data(StepIdRole):
                self.detail.show_step(target.data(StepIdRole))
                self._update_custom_buttons()
        else:
            self.detail.show_step(None)
            self._update_custom_buttons()

    def _first_visible_step(self) -> QModelIndex:
        for row in range(self.proxy.rowCount()):
            phase = self.proxy.index(row, 0)
            if self.proxy.rowCount(phase):
                return self.proxy.index(0, 0, phase)
        return QModelIndex()

    def visible_step_ids(self) -> list[str]:
        """The steps the list shows now, top to bottom (for tests and printing)."""
        found = []
        for row in range(self.proxy.rowCount()):
            phase = self.proxy.index(row, 0)
            found += [self.proxy.index(r, 0, phase).data(StepIdRole)
                      for r in range(self.proxy.rowCount(phase))]
        return found

    # --- ticking and the context menu ------------------------------------------------------------

    def _on_tick(self, step_id: str, done: bool) -> None:
        state = self.session.step_state(step_id)
        if done == (state.status is StepStatus.DONE):
            return
        self.set_status(step_id, StepStatus.DONE if done else StepStatus.IN_PROGRESS)

    def set_status(self, step_id: str, status: StepStatus) -> None:
        """Change a step's status from the list, asking what the detail panel would ask."""
        if self.detail.step_id != step_id:
            self.select_step(step_id)
        self.detail.choose_status(status)

    def _context_menu(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        step_id = index.data(StepIdRole) if index.isValid() else None
        if not step_id:
            return
        self.tree.setCurrentIndex(index)
        menu = QMenu(self)
        editable = not self.session.read_only
        current = self.session.step_state(step_id).status
        for status in StepStatus:
            action = menu.addAction(status_icon(status.value), f"Mark as {status.label.lower()}"
                                    + ("…" if status in (StepStatus.BLOCKED,
                                                         StepStatus.NOT_APPLICABLE) else ""))
            action.setEnabled(editable and status is not current)
            action.triggered.connect(lambda _c=False, s=status: self.set_status(step_id, s))
        menu.addSeparator()
        for action in self.detail.item_actions():
            menu.addAction(action)
        copy = menu.addAction("Copy the title")
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(
            self.session.step_title(step_id)))
        menu.exec(self.tree.viewport().mapToGlobal(position))

    def tree_expand(self, *_args: object) -> None:
        self.tree.expandAll()

    # --- behaviour -------------------------------------------------------------------------------

    def comment_target(self) -> str:
        """What a review comment made here is about: the step shown, else the project."""
        return self.detail.step_id or ""

    def current_step(self) -> str | None:
        return self.detail.step_id

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        self.detail.show_step(indexes[0].data(StepIdRole) if indexes else None)
        self._update_custom_buttons()

    def _update_custom_buttons(self) -> None:
        step_id = self.detail.step_id
        is_custom = bool(step_id) and self.session.template.step(step_id) is None
        editable = not self.session.read_only
        self.edit_step_button.setEnabled(editable and is_custom)
        self.remove_step_button.setEnabled(editable and is_custom)

    def _on_steps_changed(self, step_ids: list[str]) -> None:
        self.tree.expandAll()
        if self.detail.step_id in step_ids:
            if self.session.template.step(self.detail.step_id) is None and not any(
                    c.id == self.detail.step_id for c in self.session._custom_steps):
                self.detail.show_step(None)
            else:
                self.detail.refresh()

    def _current_phase(self) -> str | None:
        step_id = self.detail.step_id
        if not step_id:
            return None
        step = self.session.template.step(step_id)
        if step:
            return next(p.id for p in self.session.template.phases
                        if any(s.id == step_id for s in p.steps))
        return self.session.custom_step(step_id).phase_id

    def _on_add_custom_step(self) -> None:
        step = dialogs.ask_custom_step(self, self.session.template,
                                       phase_id=self._current_phase())
        if step:
            self.session.save_custom_step(step)
            self.select_step(step.id)

    def _on_edit_custom_step(self) -> None:
        step_id = self.detail.step_id
        if not step_id:
            return
        edited = dialogs.ask_custom_step(self, self.session.template,
                                         self.session.custom_step(step_id))
        if edited:
            self.session.save_custom_step(edited)
            self.detail.show_step(step_id)

    def _on_remove_custom_step(self) -> None:
        step_id = self.detail.step_id
        if step_id and dialogs.confirm(self, "Remove step", "Remove this step you added, with "
                                       "its notes and evidence? You can undo this."):
            self.session.remove_custom_step(step_id)
