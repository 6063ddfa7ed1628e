"""BarriersModel: the barriers register as a table, plus the proxy that sorts and filters it.

The model never writes. It keeps the barriers, their assessments and the contact names in a
cache, and refreshes only the rows the session says changed (`barriers_changed`).
"""
from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from mutual_checklist.domain import risk
from mutual_checklist.domain.dates import uk_date
from mutual_checklist.domain.models import (
    Barrier,
    BarrierAssessment,
    BarrierStatus,
    Treatment,
)
from mutual_checklist.ui.session import ProjectSession

BarrierIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
RagRole = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex

LIKELIHOOD_WORDS = risk.LIKELIHOOD_WORDS
IMPACT_WORDS = risk.IMPACT_WORDS
TREATMENT_WORDS = {
    Treatment.TREAT: "Treat", Treatment.TOLERATE: "Tolerate",
    Treatment.TRANSFER: "Transfer", Treatment.TERMINATE: "Terminate"}
TREATMENT_HELP = {
    Treatment.TREAT: "Act to make it less likely or less harmful",
    Treatment.TOLERATE: "Accept it and keep watching it",
    Treatment.TRANSFER: "Pass it to someone better placed (council, insurer, supplier)",
    Treatment.TERMINATE: "Stop or change the activity that causes it"}
STATUS_WORDS = {
    BarrierStatus.OPEN: "Open", BarrierStatus.MITIGATING: "Mitigating",
    BarrierStatus.RESOLVED: "Resolved", BarrierStatus.ACCEPTED: "Accepted"}
TREND_WORDS = {"rising": "Rising", "falling": "Falling", "steady": "Steady", "new": "New"}
# Soft tints with dark text, so the label stays readable in light and dark palettes.
RAG_COLOURS = {band: QColor(colour) for band, colour in risk.RAG_HEX.items()}
RAG_INK = {band: QColor(colour) for band, colour in risk.RAG_INK.items()}
_RAG_RANK = {"green": 0, "amber": 1, "red": 2}


class Columns(enum.IntEnum):
    TITLE = 0
    CATEGORY = 1
    LIKELIHOOD = 2
    IMPACT = 3
    SCORE = 4
    RAG = 5
    STATUS = 6
    TREATMENT = 7
    OWNER = 8
    REVIEW = 9
    TREND = 10
    STEPS = 11


HEADERS = {
    Columns.TITLE: "Barrier", Columns.CATEGORY: "Category", Columns.LIKELIHOOD: "L",
    Columns.IMPACT: "I", Columns.SCORE: "Score", Columns.RAG: "RAG", Columns.STATUS: "Status",
    Columns.TREATMENT: "Treatment", Columns.OWNER: "Owner", Columns.REVIEW: "Review by",
    Columns.TREND: "Trend", Columns.STEPS: "Steps"}
HEADER_TIPS = {
    Columns.LIKELIHOOD: "Likelihood, 1 (rare) to 5 (almost certain)",
    Columns.IMPACT: "Impact, 1 (negligible) to 5 (severe)",
    Columns.SCORE: "Likelihood × impact (1–25)",
    Columns.RAG: "Red 15–25, Amber 5–14, Green 1–4",
    Columns.TREND: "Change in score at the latest re-assessment",
    Columns.STEPS: "How many checklist steps this barrier is linked to"}
_NUMERIC = (Columns.LIKELIHOOD, Columns.IMPACT, Columns.SCORE, Columns.STEPS)


def review_text(barrier: Barrier, today: dt.date) -> str:
    """The review date, saying so when a live barrier is overdue for review or due today."""
    if barrier.review_date is None:
        return ""
    text = uk_date(barrier.review_date)
    if barrier.status.is_live and barrier.review_date < today:
        return f"{text} (overdue)"
    if barrier.status.is_live and barrier.review_date == today:
        return f"{text} (due today)"
    return text


class BarriersModel(QAbstractTableModel):
    def __init__(self, session: ProjectSession, parent=None,  # noqa: ANN001
                 today: Callable[[], dt.date] = dt.date.today):
        super().__init__(parent)
        self._session = session
        self._today = today
        # versions first: what is shown is never older than the version a change is checked with
        self._versions: dict[str, int] = session.repo.row_versions("barriers")
        self._rows: list[Barrier] = session.barriers()
        self._assessments: dict[str, list[BarrierAssessment]] = {}
        self._contacts: dict[str, str] = {}
        self._load_assessments()
        self._load_contacts()
        session.barriers_changed.connect(self._on_barriers_changed)
        session.contacts_changed.connect(self._on_contacts_changed)

    # --- reading for the view --------------------------------------------------------------------

    def barrier(self, row: int) -> Barrier:
        return self._rows[row]

    def barriers(self) -> list[Barrier]:
        return list(self._rows)

    def version(self, barrier_id: str) -> int:
        """The row version of the barrier as shown (see `ProjectRepository.row_versions`)."""
        return self._versions.get(barrier_id, 0)

    def row_of(self, barrier_id: str) -> int:
        return next((n for n, b in enumerate(self._rows) if b.id == barrier_id), -1)

    def assessments(self, barrier_id: str) -> list[BarrierAssessment]:
        return list(self._assessments.get(barrier_id, ()))

    def trend(self, barrier_id: str) -> str:
        return risk.trend(self._assessments.get(barrier_id, []))

    def category_title(self, category_id: str) -> str:
        return self._session.template.category_title(category_id)

    def owner_text(self, barrier: Barrier, with_contact: bool = True) -> str:
        """The owner as typed; the owner contact's name after it (or alone when none typed)."""
        contact = self._contacts.get(barrier.owner_contact_id or "", "")
        if not with_contact:
            return barrier.owner or contact
        if barrier.owner and contact and contact != barrier.owner:
            return f"{barrier.owner} (with {contact})"
        return barrier.owner or contact

    # --- structure -------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Columns(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(Columns(section))
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # --- data ------------------------------------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        barrier = self._rows[index.row()]
        column = Columns(index.column())
        if role == BarrierIdRole:
            return barrier.id
        if role == RagRole:
            return risk.rag(barrier.score)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(barrier, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(barrier, column)
        if role == SortRole:
            return self._sort_key(barrier, column)
        if column == Columns.RAG and role == Qt.ItemDataRole.BackgroundRole:
            return RAG_COLOURS[risk.rag(barrier.score)]
        if column == Columns.RAG and role == Qt.ItemDataRole.ForegroundRole:
            return RAG_INK[risk.rag(barrier.score)]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, barrier: Barrier, column: Columns) -> str:
        if column == Columns.TITLE:
            return barrier.title
        if column == Columns.CATEGORY:
            return self.category_title(barrier.category)
        if column == Columns.LIKELIHOOD:
            return str(barrier.likelihood)
        if column == Columns.IMPACT:
            return str(barrier.impact)
        if column == Columns.SCORE:
            return str(barrier.score)
        if column == Columns.RAG:
            return risk.RAG_LABELS[risk.rag(barrier.score)]
        if column == Columns.STATUS:
            return STATUS_WORDS[barrier.status]
        if column == Columns.TREATMENT:
            return TREATMENT_WORDS[barrier.treatment]
        if column == Columns.OWNER:
            return self.owner_text(barrier, with_contact=False)
        if column == Columns.REVIEW:
            return review_text(barrier, self._today())
        if column == Columns.TREND:
            return TREND_WORDS[self.trend(barrier.id)]
        return str(len(barrier.linked_steps))

    def _tooltip(self, barrier: Barrier, column: Columns) -> str | None:
        if column == Columns.TITLE:
            return barrier.title if len(barrier.title) <= 500 else barrier.title[:500] + "…"
        if column == Columns.CATEGORY:
            return self.category_title(barrier.category)
        if column == Columns.OWNER:
            return self.owner_text(barrier) or None
        if column == Columns.LIKELIHOOD:
            return f"Likelihood {barrier.likelihood}: {LIKELIHOOD_WORDS[barrier.likelihood]}"
        if column == Columns.IMPACT:
            return f"Impact {barrier.impact}: {IMPACT_WORDS[barrier.impact]}"
        if column == Columns.TREATMENT:
            return TREATMENT_HELP[barrier.treatment]
        return None

    def _sort_key(self, barrier: Barrier, column: Columns):  # noqa: ANN202
        if column == Columns.LIKELIHOOD:
            return barrier.likelihood
        if column == Columns.IMPACT:
            return barrier.impact
        if column in (Columns.SCORE, Columns.RAG):
            return barrier.score
        if column == Columns.STATUS:
            return list(BarrierStatus).index(barrier.status)
        if column == Columns.REVIEW:
            return barrier.review_date.isoformat() if barrier.review_date else "9999"
        if column == Columns.TREND:
            return ["falling", "steady", "new", "rising"].index(self.trend(barrier.id))
        if column == Columns.STEPS:
            return len(barrier.linked_steps)
        return self._text(barrier, column).casefold()

    # --- refresh ---------------------------------------------------------------------------------

    def _load_assessments(self, only: list[str] | None = None) -> None:
        if only is None:
            self._assessments = {}
            for assessment in self._session.repo.assessments():
                self._assessments.setdefault(assessment.barrier_id, []).append(assessment)
            return
        for barrier_id in only:
            self._assessments[barrier_id] = self._session.repo.assessments(barrier_id)

    def _load_contacts(self) -> None:
        self._contacts = {c.id: c.name for c in self._session.repo.contacts()}

    def _on_contacts_changed(self, _ids: list[str]) -> None:
        self._load_contacts()
        if self._rows:
            self.dataChanged.emit(self.index(0, Columns.OWNER),
                                  self.index(len(self._rows) - 1, Columns.OWNER))

    def _on_barriers_changed(self, barrier_ids: list[str]) -> None:
        self._versions = self._session.repo.row_versions("barriers")
        fresh = self._session.barriers()
        self._load_assessments(list(barrier_ids))
        fresh_ids = {b.id for b in fresh}
        for row in reversed(range(len(self._rows))):
            if self._rows[row].id not in fresh_ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        known = {b.id for b in self._rows}
        for position, barrier in enumerate(fresh):
            if barrier.id not in known:
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, barrier)
                self.endInsertRows()
        if [b.id for b in self._rows] != [b.id for b in fresh]:  # order changed: start again
            self.beginResetModel()
            self._rows = fresh
            self.endResetModel()
            return
        last = len(Columns) - 1
        for row, barrier in enumerate(fresh):
            if barrier != self._rows[row] or barrier.id in barrier_ids:
                self._rows[row] = barrier
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))


class BarriersFilter(QSortFilterProxyModel):
    """Sorts by `SortRole` and keeps rows matching the text, category, status, RAG and cell."""

    LIVE = "live"

    def __init__(self, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._text = ""
        self._category = ""
        self._status = ""
        self._rag = ""
        self._cell: tuple[int, int] | None = None

    def _refilter(self, **values: object) -> None:
        # begin/endFilterChange replace invalidateFilter (deprecated in Qt 6.10).
        self.beginFilterChange()
        for name, value in values.items():
            setattr(self, f"_{name}", value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self._refilter(text=text.strip().casefold())

    def set_category(self, category_id: str) -> None:
        self._refilter(category=category_id or "")

    def set_status(self, status: str) -> None:
        """A `BarrierStatus` value, `LIVE` (open or mitigating), or "" for all."""
        self._refilter(status=status or "")

    def set_rag(self, band: str) -> None:
        self._refilter(rag=band or "")

    def set_cell(self, cell: tuple[int, int] | None) -> None:
        """Keep only live barriers in one heat-map cell (likelihood, impact); None clears it."""
        self._refilter(cell=cell)

    @property
    def cell(self) -> tuple[int, int] | None:
        return self._cell

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, BarriersModel) or source_row >= model.rowCount():
            return True
        barrier = model.barrier(source_row)
        if self._category and barrier.category != self._category:
            return False
        if self._status == self.LIVE and not barrier.status.is_live:
            return False
        if self._status not in ("", self.LIVE) and barrier.status.value != self._status:
            return False
        if self._rag and risk.rag(barrier.score) != self._rag:
            return False
        if self._cell is not None and (not barrier.status.is_live or
                                       (barrier.likelihood, barrier.impact) != self._cell):
            return False
        if self._text:
            haystack = " ".join((barrier.title, barrier.description, barrier.mitigation,
                                 model.owner_text(barrier),
                                 model.category_title(barrier.category)))
            return self._text in haystack.casefold()
        return True
