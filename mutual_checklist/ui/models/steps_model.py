"""StepsModel: the checklist as a tree (phase, then step) over the session's data.

The model never writes; it reads the session and refreshes the rows the session says changed.
Ticking a step's box asks for the change through `tick_requested`; the view makes it.
Each step shows its state in words and an icon (never colour alone): a tick box, a status icon,
a warning icon on an overdue date, and finished steps greyed.
"""
from __future__ import annotations

import datetime as dt
import enum

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from mutual_checklist.domain import progress
from mutual_checklist.domain.dates import uk_date
from mutual_checklist.domain.models import StepStatus
from mutual_checklist.ui.session import ProjectSession
from mutual_checklist.ui.widgets.status_icons import overdue_icon, status_icon

StepIdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
PhasePercentRole = Qt.ItemDataRole.UserRole + 3
SortRole = Qt.ItemDataRole.UserRole + 4
DueRole = Qt.ItemDataRole.UserRole + 5
FINISHED = (StepStatus.DONE, StepStatus.NOT_APPLICABLE)
_STATUS_ORDER = {s: n for n, s in enumerate((StepStatus.BLOCKED, StepStatus.IN_PROGRESS,
                                             StepStatus.NOT_STARTED, StepStatus.DONE,
                                             StepStatus.NOT_APPLICABLE))}


def today() -> dt.date:
    return dt.date.today()


def is_overdue(due: dt.date | None, status: StepStatus, on: dt.date | None = None) -> bool:
    return due is not None and status not in FINISHED and due < (on or today())

_Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = 0xFFFFFFFF  # internalId of phase rows; step rows carry their phase number


class Columns(enum.IntEnum):
    STEP = 0
    STATUS = 1
    OWNER = 2
    DUE = 3


HEADERS = {Columns.STEP: "Step", Columns.STATUS: "Status", Columns.OWNER: "Owner",
           Columns.DUE: "Due"}


class StepsModel(QAbstractItemModel):
    """Signals:
        tick_requested(str, bool): the user ticked (True) or unticked a step's box.
    """

    tick_requested = Signal(str, bool)

    def __init__(self, session: ProjectSession, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self._session = session
        self._phases = list(session.template.phases)
        self._rows: list[list[str]] = []
        self._reload_rows()
        session.steps_changed.connect(self._on_steps_changed)
        session.template_changed.connect(self._on_template_changed)

    def _on_template_changed(self) -> None:
        self.beginResetModel()
        self._phases = list(self._session.template.phases)
        self._reload_rows()
        self.endResetModel()

    def _reload_rows(self) -> None:
        self._rows = [[s.id for s in phase.steps] + [c.id for c in
                                                     self._session.custom_steps(phase.id)]
                      for phase in self._phases]

    # --- structure -------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _NO_PARENT)
        return self.createIndex(row, column, parent.row())

    def parent(self, child: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(int(child.internalId()), 0, _NO_PARENT)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._phases)
        if parent.internalId() == _NO_PARENT and parent.column() == 0:
            return len(self._rows[parent.row()])
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(Columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Columns(section)]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != _NO_PARENT and index.column() == Columns.STEP \
                and not self._session.read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value: object,  # noqa: N802 - Qt override
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() \
                or index.internalId() == _NO_PARENT:
            return False
        step_id = self._rows[int(index.internalId())][index.row()]
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) \
            else value
        self.tick_requested.emit(step_id, checked)
        return True

    # --- data ------------------------------------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        if index.internalId() == _NO_PARENT:
            return self._phase_data(index, role)
        return self._step_data(index, role)

    def _phase_data(self, index: _Index, role: int):  # noqa: ANN202
        phase = self._phases[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == Columns.STEP:
                return f"{index.row() + 1}. {phase.title}"
            if index.column() == Columns.STATUS:
                counts = self._phase_counts(index.row())
                return f"{counts.percent}% ({counts.done}/{counts.applicable})"
        if role == PhasePercentRole:
            return self._phase_counts(index.row()).percent
        if role == SortRole:
            return f"{index.row():04d}"  # phases keep their order
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == Columns.STEP:
            return phase.purpose
        return None

    def _phase_counts(self, row: int) -> progress.ProgressCounts:
        statuses = [self._session.step_state(step_id).status for step_id in self._rows[row]]
        return progress.count_statuses(statuses)

    def _step_data(self, index: _Index, role: int):  # noqa: ANN202
        step_id = self._rows[int(index.internalId())][index.row()]
        state = self._session.step_state(step_id)
        if role == StepIdRole:
            return step_id
        if role == StatusRole:
            return state.status.value
        column = Columns(index.column())
        step = self._session.template.step(step_id)
        if role == SortRole and column in (Columns.STEP, Columns.OWNER):
            role = Qt.ItemDataRole.DisplayRole
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._step_look(step_id, step, state, column, role)
        if column == Columns.STEP:
            gate = f" [gate {step.gate}]" if step and step.gate else ""
            return f"{self._session.step_title(step_id)}{gate}"
        if column == Columns.STATUS:
            return state.status.label
        if column == Columns.OWNER:
            if state.owner:
                return state.owner
            return self._session.template.owner_title(step.owner) if step else ""
        due = progress.effective_due_date(step, state, self._session.plan)
        if role == Qt.ItemDataRole.AccessibleTextRole and is_overdue(due, state.status):
            return f"{uk_date(due)}, overdue"
        return uk_date(due)

    def _step_look(self, step_id, step, state, column: Columns, role: int):  # noqa: ANN001, ANN202
        """Tick box, icons, grey for finished steps, red for overdue dates, sort keys, tips."""
        due = progress.effective_due_date(step, state, self._session.plan)
        if role == DueRole:
            return due
        if role == Qt.ItemDataRole.CheckStateRole and column == Columns.STEP:
            return Qt.CheckState.Checked if state.status is StepStatus.DONE \
                else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole:
            if column == Columns.STATUS:
                return status_icon(state.status.value)
            if column == Columns.DUE and is_overdue(due, state.status):
                return overdue_icon()
        if role == Qt.ItemDataRole.ForegroundRole:
            palette = QGuiApplication.palette()
            if state.status in FINISHED:
                return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            if column == Columns.DUE and is_overdue(due, state.status):
                dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
                return QColor("#FF8A80" if dark else "#B71C1C")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Columns.DUE and is_overdue(due, state.status):
                days = (today() - due).days
                return f"Overdue by {days} day{'s' if days != 1 else ''}"
            if column == Columns.STEP:
                return self._session.step_title(step_id)
            if column == Columns.STATUS and state.status is StepStatus.BLOCKED:
                return "Blocked: see the step's Links tab for the barrier"
        if role == SortRole:
            if column == Columns.DUE:
                return due.isoformat() if due else "9999"
            return _STATUS_ORDER[state.status]
        return None

    # --- refresh ---------------------------------------------------------------------------------

    def step_index(self, step_id: str, column: int = 0) -> QModelIndex:
        for phase_row, ids in enumerate(self._rows):
            if step_id in ids:
                return self.index(ids.index(step_id), column, self.index(phase_row, 0))
        return QModelIndex()

    def _on_steps_changed(self, step_ids: list[str]) -> None:
        old_rows = self._rows
        self._reload_rows()
        if self._rows != old_rows:  # a custom step was added or removed: rare, so reset
            new_rows, self._rows = self._rows, old_rows
            self.beginResetModel()
            self._rows = new_rows
            self.endResetModel()
            return
        last = len(Columns) - 1
        for step_id in step_ids:
            index = self.step_index(step_id)
            if not index.isValid():
                continue
            self.dataChanged.emit(index, index.siblingAtColumn(last))
            phase = index.parent()
            self.dataChanged.emit(phase, phase.siblingAtColumn(last))


def status_choices() -> list[StepStatus]:
    return list(StepStatus)
