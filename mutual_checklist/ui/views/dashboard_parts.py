"""Building blocks of the Dashboard: wording, the figures, clickable tables, cards, rows."""

import datetime as dt
import enum
import unicodedata
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain import plan_words, progress, readiness, risk, schedule
from mutual_checklist.domain.models import (
    Barrier,
    ChecklistTemplate,
    Phase,
    Project,
    ProjectData,
    Rating,
)
from mutual_checklist.ui.widgets.mini_heat_map import (
    RAG_COLOURS,
    rich_tooltip,
)

VERDICTS = {"ready": ("Ready", "#2E7D32"), "on_track": ("On track", "#2E7D32"),
            "at_risk": ("At risk", "#F9A825"), "not_ready": ("Not ready", "#C62828")}
TRENDS = {"rising": "Rising (worse)", "falling": "Falling (better)", "steady": "Steady",
          "new": "New"}
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")




# --- wording -------------------------------------------------------------------------------------


def visible_text(text: str, limit: int = 200) -> str:
    """User text made safe to show on one line: control and bidi characters shown as codes.

    An invisible right-to-left override would otherwise reverse the rest of a sentence, and a NUL
    would vanish; showing "[U+202E]" keeps the text literal. Long text is cut with "…".
    """
    out = []
    for ch in text[: limit + 1]:
        if ch in "\n\r\t":
            out.append(" ")
        elif ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs"):
            out.append(f"[U+{ord(ch):04X}]")
        else:
            out.append(ch)
    shown = "".join(out)
    return shown if len(text) <= limit else shown[: limit - 1] + "…"


from mutual_checklist.domain.dates import long_date  # noqa: E402 - shared UK date format


def table_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def span(days: int) -> str:
    """'1 day', '9 days', '9 weeks', 'about 10 weeks' (never negative)."""
    days = abs(days)
    if days < 14:
        return f"{days} day" if days == 1 else f"{days} days"
    weeks, rest = divmod(days, 7)
    if rest == 0:
        return f"{weeks} weeks"
    return f"about {round(days / 7)} weeks"


def slip_words(baseline: dt.date | None, forecast: dt.date | None) -> str:
    """How the forecast compares with the first agreed date, in words."""
    if baseline is None or forecast is None:
        return ""
    days = (forecast - baseline).days
    if days == 0:
        return "on the first agreed date"
    return f"{span(days)} {'later' if days > 0 else 'earlier'} than the first agreed date"


# --- the figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFigures:
    """Everything the dashboard shows, worked out once per refresh (no Qt, easy to test)."""

    today: dt.date
    project: Project
    overall: progress.ProgressCounts
    phases: list[tuple[Phase, progress.ProgressCounts]]
    overdue: list[progress.DueStep]
    due_soon: list[progress.DueStep]
    gates: list[progress.GateAhead]
    verdict: readiness.Readiness
    suggested: Rating
    suggested_reasons: list[str]
    forecast_days: int | None
    heat: dict[tuple[int, int], int]
    heat_titles: dict[tuple[int, int], list[str]]
    top: list[tuple[Barrier, str]]
    contacts: list[readiness.DueContact]
    plan_verdict: str = ""  # can go-live be met, and what decides it ("" without a go-live)
    plan_feasible: bool = True
    this_week: list[plan_words.WeekItem] = field(default_factory=list)


def compute(template: ChecklistTemplate, data: ProjectData, day: dt.date) -> DashboardFigures:
    by_barrier: dict[str, list] = {}
    for assessment in data.assessments:
        by_barrier.setdefault(assessment.barrier_id, []).append(assessment)
    titles: dict[tuple[int, int], list[str]] = {}
    for barrier in risk.top_barriers(data.barriers, len(data.barriers)):
        titles.setdefault((barrier.likelihood, barrier.impact), []).append(barrier.title)
    suggested, reasons = readiness.suggested_rating(template, data, day)
    return DashboardFigures(
        today=day,
        project=data.project,
        overall=progress.overall_progress(template, data),
        phases=progress.phase_progress(template, data),
        overdue=progress.overdue_steps(template, data, day),
        due_soon=progress.due_soon_steps(template, data, day),
        gates=progress.gates_ahead(template, data, day),
        verdict=readiness.readiness(template, data, day),
        suggested=suggested,
        suggested_reasons=reasons,
        forecast_days=readiness.days_to_go_live(data.project, day)[1],
        heat=risk.heat_map(data.barriers),
        heat_titles=titles,
        top=[(b, risk.trend(by_barrier.get(b.id, []))) for b in risk.top_barriers(data.barriers)],
        contacts=readiness.contacts_due(data.contacts, data.interactions, day),
        **_plan_figures(template, data, day),
    )


def _plan_figures(template: ChecklistTemplate, data: ProjectData, day: dt.date) -> dict:
    plan = schedule.plan_for(template, data, day)
    if plan is None:
        return {}
    return {"plan_verdict": plan_words.verdict(template, plan), "plan_feasible": plan.feasible,
            "this_week": plan_words.this_week(template, data, plan, day)}


# --- clickable tables ------------------------------------------------------------------------------


class StepColumns(enum.IntEnum):
    DUE = 0
    WHEN = 1
    STEP = 2
    STATUS = 3


class GateColumns(enum.IntEnum):
    GATE = 0
    STEP = 1
    BASELINE = 2
    FORECAST = 3
    CHANGE = 4
    STATUS = 5


class BarrierColumns(enum.IntEnum):
    SCORE = 0
    RATING = 1
    BARRIER = 2
    TREND = 3
    STATUS = 4


class ContactColumns(enum.IntEnum):
    NAME = 0
    ROLE = 1
    DUE = 2
    LAST = 3


HEADERS: dict[type, dict[int, str]] = {
    StepColumns: {StepColumns.DUE: "Due", StepColumns.WHEN: "When", StepColumns.STEP: "Step",
                  StepColumns.STATUS: "Status"},
    GateColumns: {GateColumns.GATE: "Decision gate", GateColumns.STEP: "Step",
                  GateColumns.BASELINE: "First agreed due", GateColumns.FORECAST: "Forecast due",
                  GateColumns.CHANGE: "Change", GateColumns.STATUS: "Status"},
    BarrierColumns: {BarrierColumns.SCORE: "Score", BarrierColumns.RATING: "RAG",
                     BarrierColumns.BARRIER: "Barrier", BarrierColumns.TREND: "Trend",
                     BarrierColumns.STATUS: "Status"},
    ContactColumns: {ContactColumns.NAME: "Name", ContactColumns.ROLE: "Role and organisation",
                     ContactColumns.DUE: "Contact due", ContactColumns.LAST: "Last contact"},
}
STRETCH: dict[type, int] = {StepColumns: StepColumns.STEP, GateColumns: GateColumns.STEP,
                            BarrierColumns: BarrierColumns.BARRIER,
                            ContactColumns: ContactColumns.ROLE}
ItemIdRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Row:
    """One clickable row: the id it leads to, its cell texts, tooltip lines and cell colours."""

    item_id: str
    cells: tuple[str, ...]
    tip: tuple[str, ...] = ()
    colours: dict[int, tuple[str, str]] = field(default_factory=dict)


class ItemTableModel(QAbstractTableModel):
    """Read-only rows of text; ``ItemIdRole`` gives the id a row clicks through to."""

    def __init__(self, columns: type[enum.IntEnum], parent: QWidget | None = None):
        super().__init__(parent)
        self.columns = list(columns)
        self.headers = HEADERS[columns]
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        if rows == self.rows:
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column]
        if role == ItemIdRole:
            return row.item_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return rich_tooltip(list(row.tip)) if row.tip else None
        if role == Qt.ItemDataRole.BackgroundRole and column in row.colours:
            return QColor(row.colours[column][0])
        if role == Qt.ItemDataRole.ForegroundRole and column in row.colours:
            return QColor(row.colours[column][1])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.columns)):
            return self.headers[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ItemTable(QTableView):
    """A table sized to its rows (the page scrolls, not the table); a click or Enter opens a row."""

    item_chosen = Signal(str)

    def __init__(self, columns: type[enum.IntEnum], parent: QWidget | None = None):
        super().__init__(parent)
        self.item_model = ItemTableModel(columns, self)
        self.setModel(self.item_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab moves on to the next control, not the next cell
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        for column in columns:
            mode = (QHeaderView.ResizeMode.Stretch if column == STRETCH[columns]
                    else QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(column, mode)
        self.clicked.connect(self._choose)

    def set_rows(self, rows: list[Row]) -> None:
        self.item_model.set_rows(rows)
        height = (self.horizontalHeader().sizeHint().height()
                  + self.verticalHeader().defaultSectionSize() * len(rows) + 2 * self.frameWidth())
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if event.key() in keys and self.currentIndex().isValid():
            self._choose(self.currentIndex())
            return
        super().keyPressEvent(event)

    def _choose(self, index: QModelIndex) -> None:
        item_id = index.data(ItemIdRole)
        if item_id:
            self.item_chosen.emit(item_id)


# --- setting only what changed -----------------------------------------------------------------
# PySide6 6.12 on Python 3.11 drops a reference to None on every call of a Qt method that returns
# nothing (see the report); a refresh that changes nothing should therefore call almost none.


def set_text(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)


def set_visible(widget: QWidget, visible: bool) -> None:
    if widget.isHidden() == visible:
        widget.setVisible(visible)


# --- small building blocks -----------------------------------------------------------------------


def _label(text: str = "", *, scale: float = 1.0, bold: bool = False, wrap: bool = True,
           name: str = "") -> QLabel:
    label = QLabel(wordWrap=wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)  # user text is never markup
    label.setText(text)
    if name:
        label.setObjectName(name)
    if scale != 1.0 or bold:
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        label.setFont(font)
    return label


class Card(QFrame):
    """A titled panel on the dashboard page."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("card", True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(title)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 12)
        self.body.setSpacing(6)
        self.title = _label(title, scale=1.15, bold=True)
        self.body.addWidget(self.title)


class ListCard(Card):
    """A card holding one clickable table, or a sentence when there is nothing to list."""

    def __init__(self, title: str, name: str, columns: type, empty: str, more: str,
                 parent: QWidget | None = None):
        super().__init__(title, name, parent)
        self.table = ItemTable(columns, self)
        self.table.setAccessibleName(title)
        self.empty_text = empty
        self.more_text = more
        self.note = _label(name=f"{name}-note")
        self.body.addWidget(self.table)
        self.body.addWidget(self.note)
        self.body.addStretch(1)

    def set_rows(self, rows: list, total: int) -> None:
        self.table.set_rows(rows)
        set_visible(self.table, bool(rows))
        if not rows:
            set_text(self.note, self.empty_text)
        elif total > len(rows):
            set_text(self.note, self.more_text.format(n=total - len(rows)))
        else:
            set_text(self.note, "")
        set_visible(self.note, bool(self.note.text()))


# --- rows for the tables -------------------------------------------------------------------------

MAX_ROWS = 8


def step_rows(steps: list[progress.DueStep], day: dt.date, phases: dict[str, str]) -> list[Row]:
    rows = []
    for step in steps[:MAX_ROWS]:
        days = (step.due - day).days
        when = "today" if days == 0 else (f"{span(days)} late" if days < 0 else f"in {span(days)}")
        tip = [step.title, f"Phase: {phases.get(step.phase_id, step.phase_id)}",
               f"Due {long_date(step.due)}; {step.status.label.lower()}"]
        if step.is_gate:
            tip.append("This step is a decision gate.")
        title = ("Gate: " if step.is_gate else "") + visible_text(step.title)
        cells = (table_date(step.due), when, title, step.status.label)
        rows.append(Row(step.step_id, cells, tuple(tip)))
    return rows


def week_rows(items: list[plan_words.WeekItem], day: dt.date) -> list[Row]:
    """What the plan has running this week: due date, how long is left, step, status."""
    rows = []
    for item in items[:MAX_ROWS]:
        days = (item.due - day).days
        when = "today" if days == 0 else (f"{span(days)} late" if days < 0 else f"{span(days)} left")
        tip = [item.title, f"Planned {long_date(item.start)} to {long_date(item.due)}"]
        if item.critical:
            tip.append("On the critical path: a slip here moves go-live.")
        title = ("Critical: " if item.critical else "") + visible_text(item.title)
        rows.append(Row(item.step_id, (table_date(item.due), when, title, item.status.label),
                        tuple(tip)))
    return rows


def gate_rows(gates: list[progress.GateAhead]) -> list[Row]:
    rows = []
    for gate in gates[:MAX_ROWS]:
        change = slip_words(gate.baseline_due, gate.forecast_due).replace(
            " than the first agreed date", "").replace("on the first agreed date", "No change")
        status = gate.status.label + (" (overdue)" if gate.overdue else "")
        cells = (visible_text(gate.gate_title, 80), visible_text(gate.title),
                 table_date(gate.baseline_due), table_date(gate.forecast_due),
                 change.capitalize() if change else "—", status)
        tip = (gate.gate_title, f"Step: {gate.title}")
        rows.append(Row(gate.step_id, cells, tip))
    return rows


def barrier_rows(top: list[tuple[Barrier, str]]) -> list[Row]:
    rows = []
    for barrier, trend in top:
        band = risk.rag(risk.score(barrier))
        cells = (str(risk.score(barrier)), risk.RAG_LABELS[band], visible_text(barrier.title),
                 TRENDS[trend], barrier.status.value.capitalize())
        tip = (barrier.title, (f"Likelihood {barrier.likelihood} × impact {barrier.impact} = "
               f"{risk.score(barrier)} ({risk.RAG_LABELS[band]})"))
        rows.append(Row(barrier.id, cells, tip, {BarrierColumns.RATING: RAG_COLOURS[band]}))
    return rows


def contact_rows(due: list[readiness.DueContact]) -> list[Row]:
    rows = []
    for item in due[:MAX_ROWS]:
        contact = item.contact
        role = ", ".join(p for p in (contact.role, contact.organisation) if p)
        cells = (visible_text(contact.name, 80), visible_text(role), table_date(item.due),
                 table_date(item.last_contact) if item.last_contact else "Never")
        rows.append(Row(contact.id, cells, (contact.name, role)))
    return rows
