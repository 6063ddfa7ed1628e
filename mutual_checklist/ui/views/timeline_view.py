"""The Timeline view: the plan from start to go-live, phase by phase, on a time axis.

Each step is a bar from its planned start to its due date (red when on the critical path, green
when done), with its float as a pale tail and the first agreed plan (the baseline) as a thin grey
line underneath. Gates are diamonds. A line marks today and another go-live. Click a step, or
move with the arrow keys and press Enter, to open it in the Checklist; + and − zoom.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain import schedule, timeline
from mutual_checklist.domain.dates import MONTHS, long_date, uk_date
from mutual_checklist.domain.models import StepStatus
from mutual_checklist.ui.session import ProjectSession

ZOOMS = (("Whole plan", 0.0), ("Months", 1.4), ("Weeks", 5.0))  # pixels per day; 0: fit
CRITICAL = "#C62828"
DONE = "#2E7D32"
PLANNED = "#1E63B4"
FLOAT = "#9DB9DE"
BASELINE = "#8A8F98"
TODAY = "#E65100"


class TimelineCanvas(QWidget):
    """The painted picture; its label column and date header stay put while it scrolls."""

    step_chosen = Signal(str)
    zoom_step = Signal(int)

    LABEL_W = 300
    HEADER_H = 40
    ROW_H = 24

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="timeline-canvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName("Timeline of the plan")
        self.picture: timeline.TimelinePicture | None = None
        self.per_day = ZOOMS[1][1]
        self.current = -1

    # --- data --------------------------------------------------------------------------------

    def set_picture(self, picture: timeline.TimelinePicture | None, per_day: float) -> None:
        self.picture, self.per_day = picture, per_day
        rows = len(picture.rows) if picture else 0
        days = (picture.last - picture.first).days + 21 if picture else 0
        self.setFixedSize(int(self.LABEL_W + days * self.per_day + 20),
                          self.HEADER_H + rows * self.ROW_H + 8)
        if picture is None or not 0 <= self.current < rows:
            self.current = -1
        self.update()

    def x_of(self, day: dt.date) -> float:
        assert self.picture is not None
        return self.LABEL_W + 10 + (day - self.picture.first).days * self.per_day

    def row_at(self, y: float) -> int:
        row = int((y - self.HEADER_H) // self.ROW_H)
        rows = self.picture.rows if self.picture else ()
        return row if y >= self.HEADER_H and 0 <= row < len(rows) else -1

    def row_rect(self, row: int) -> QRect:
        return QRect(0, self.HEADER_H + row * self.ROW_H, self.width(), self.ROW_H)

    # --- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        area = event.rect()
        painter.fillRect(area, pal.color(QPalette.ColorRole.Base))
        if self.picture is None:
            painter.drawText(self.rect().adjusted(12, 12, -12, -12), Qt.AlignmentFlag.AlignLeft,
                             "Set a go-live date to see the plan.")
            return
        pic = self.picture
        first = max(0, self.row_at(area.top()) if area.top() >= self.HEADER_H else 0)
        last = self.row_at(area.bottom())
        last = len(pic.rows) - 1 if last < 0 else last
        self._grid(painter, area)
        for index in range(first, last + 1):
            self._row(painter, index, pic.rows[index])
        self._line(painter, pic.today, TODAY, "Today")
        self._line(painter, pic.go_live, CRITICAL if not pic.feasible else DONE, "Go-live")
        left = -self.x()  # the label column stays in view when scrolled sideways
        top = -self.y() if self.y() < 0 else 0
        self._labels(painter, left, first, last)
        self._header(painter, left, top, area)

    def _grid(self, painter: QPainter, area: QRect) -> None:
        pen = QPen(self.palette().color(QPalette.ColorRole.Midlight))
        painter.setPen(pen)
        for day, _ in self._ticks():
            x = self.x_of(day)
            if area.left() - 2 <= x <= area.right() + 2:
                painter.drawLine(QPointF(x, self.HEADER_H), QPointF(x, self.height()))

    def _ticks(self) -> list[tuple[dt.date, str]]:
        """Axis marks: every Monday (weeks) or the first of each month (months)."""
        assert self.picture is not None
        first, last = self.picture.first, self.picture.last + dt.timedelta(days=21)
        ticks = []
        if self.per_day >= 3:
            day = first - dt.timedelta(days=first.weekday())
            while day <= last:
                ticks.append((day, f"{day.day} {MONTHS[day.month - 1][:3]}"
                                   + (f" {day.year}" if day.month == 1 and day.day <= 7 else "")))
                day += dt.timedelta(weeks=1)
        else:
            day = first.replace(day=1)
            while day <= last:
                label = MONTHS[day.month - 1][:3] + (f" {day.year}" if day.month == 1 else "")
                ticks.append((day, label))
                day = (day + dt.timedelta(days=32)).replace(day=1)
        return ticks

    def _row(self, painter: QPainter, index: int, row: timeline.TimelineRow) -> None:
        rect = self.row_rect(index)
        if index == self.current:
            shade = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            shade.setAlpha(45)
            painter.fillRect(rect, shade)
        if row.start is None or row.due is None:
            return
        x0, x1 = self.x_of(row.start), max(self.x_of(row.due), self.x_of(row.start) + 2)
        y = rect.top()
        if row.kind == "phase":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(BASELINE).darker(140))
            painter.drawRect(QRectF(x0, y + 10, x1 - x0, 4))
            return
        if row.baseline_start and row.baseline_due:
            painter.setBrush(QColor(BASELINE))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRect(QRectF(self.x_of(row.baseline_start), y + 18,
                                    max(2.0, self.x_of(row.baseline_due)
                                        - self.x_of(row.baseline_start)), 2.5))
        if row.float_days:
            painter.setBrush(QColor(FLOAT))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRect(QRectF(x1, y + 9, row.float_days * self.per_day, 3))
        colour = QColor(DONE if row.status == StepStatus.DONE.value else
                        CRITICAL if row.critical else PLANNED)
        if row.status == StepStatus.NOT_APPLICABLE.value:
            colour = QColor(BASELINE)
            colour.setAlpha(90)
        painter.setBrush(colour)
        late = row.status not in (StepStatus.DONE.value, StepStatus.NOT_APPLICABLE.value) \
            and self.picture is not None and row.due < self.picture.today
        painter.setPen(QPen(QColor(CRITICAL), 2) if late else Qt.PenStyle.NoPen)
        painter.drawRoundedRect(QRectF(x0, y + 4, x1 - x0, 12), 3, 3)
        if row.gate:
            painter.setBrush(QColor("#6A1B9A"))
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Base), 1))
            cx, cy = x1, y + 10
            painter.drawPolygon(QPolygonF([QPointF(cx, cy - 8), QPointF(cx + 8, cy),
                                           QPointF(cx, cy + 8), QPointF(cx - 8, cy)]))

    def _line(self, painter: QPainter, day: dt.date, colour: str, text: str) -> None:
        x = self.x_of(day)
        painter.setPen(QPen(QColor(colour), 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, self.HEADER_H - 4), QPointF(x, self.height()))

    def _labels(self, painter: QPainter, left: int, first: int, last: int) -> None:
        assert self.picture is not None
        pal = self.palette()
        painter.fillRect(QRect(left, 0, self.LABEL_W, self.height()), pal.color(QPalette.ColorRole.Window))
        bold = QFont(self.font())
        bold.setBold(True)
        for index in range(first, last + 1):
            row = self.picture.rows[index]
            rect = self.row_rect(index)
            if index == self.current:
                painter.fillRect(QRect(left, rect.top(), self.LABEL_W, rect.height()),
                                 pal.color(QPalette.ColorRole.Highlight))
                painter.setPen(pal.color(QPalette.ColorRole.HighlightedText))
            else:
                painter.setPen(QColor(CRITICAL) if row.critical
                               else pal.color(QPalette.ColorRole.WindowText))
            painter.setFont(bold if row.kind == "phase" or row.critical else self.font())
            indent = 6 if row.kind == "phase" else 18
            text_rect = QRect(left + indent, rect.top(), self.LABEL_W - indent - 6, rect.height())
            shown = painter.fontMetrics().elidedText(row.label, Qt.TextElideMode.ElideRight,
                                                     text_rect.width())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, shown)
        painter.setFont(self.font())

    def _header(self, painter: QPainter, left: int, top: int, area: QRect) -> None:
        pal = self.palette()
        painter.fillRect(QRect(area.left(), top, area.width(), self.HEADER_H),
                         pal.color(QPalette.ColorRole.Window))
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        room = painter.fontMetrics().horizontalAdvance("28 Dec 2027") + 8
        next_free = -1e9
        for day, label in self._ticks():
            x = self.x_of(day)
            if area.left() - 80 <= x <= area.right() + 2:
                painter.drawLine(QPointF(x, top + self.HEADER_H - 10),
                                 QPointF(x, top + self.HEADER_H))
                if x >= next_free:  # label only as many ticks as there is room for
                    painter.drawLine(QPointF(x, top + self.HEADER_H - 18),
                                     QPointF(x, top + self.HEADER_H))
                    painter.drawText(QPointF(x + 3, top + 16), label)
                    next_free = x + room
        assert self.picture is not None
        marks = ((self.picture.today, TODAY, "Today"),
                 (self.picture.go_live, DONE if self.picture.feasible else CRITICAL, "Go-live"))
        for day, colour, text in marks:
            painter.setPen(QColor(colour))
            painter.drawText(QPointF(self.x_of(day) + 4, top + self.HEADER_H - 3), text)
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        painter.fillRect(QRect(left, top, self.LABEL_W, self.HEADER_H + 1),
                         pal.color(QPalette.ColorRole.Window))
        painter.drawText(QRect(left + 6, top, self.LABEL_W - 12, self.HEADER_H),
                         Qt.AlignmentFlag.AlignVCenter, "Phase and step")

    # --- input -------------------------------------------------------------------------------

    def select(self, row: int) -> None:
        if self.picture is None or not self.picture.rows:
            return
        row = max(0, min(row, len(self.picture.rows) - 1))
        old, self.current = self.current, row
        for index in (old, row):
            if index >= 0:
                self.update(self.row_rect(index))
        self.update(QRect(-self.x(), 0, self.LABEL_W, self.height()))
        parent = self.parent()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parent()
        if parent is not None:
            chosen = self.picture.rows[row]
            x = int(self.x_of(chosen.start)) if chosen.start else 0
            parent.ensureVisible(x, self.row_rect(row).center().y(), 60, self.ROW_H * 2)
            parent.ensureVisible(-self.x() + 1, self.row_rect(row).center().y(), 0,
                                 self.ROW_H * 2)

    def open_current(self) -> None:
        if self.picture and 0 <= self.current < len(self.picture.rows):
            row = self.picture.rows[self.current]
            if row.kind == "step":
                self.step_chosen.emit(row.item_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        page = max(1, (self.visibleRegion().boundingRect().height() - self.HEADER_H)
                   // self.ROW_H)
        moves = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: page,
                 Qt.Key.Key_PageUp: -page}
        if key in moves:
            self.select(max(self.current, 0) + moves[key] if self.current >= 0 else 0)
        elif key == Qt.Key.Key_Home:
            self.select(0)
        elif key == Qt.Key.Key_End and self.picture:
            self.select(len(self.picture.rows) - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.open_current()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_step.emit(1)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_step.emit(-1)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        row = self.row_at(event.position().y())
        if row >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.select(row)
            self.open_current()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        row = self.row_at(event.position().y())
        if row < 0 or self.picture is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPosition().toPoint(), tooltip(self.picture.rows[row]), self)


def tooltip(row: timeline.TimelineRow) -> str:
    if row.kind == "phase":
        return f"{row.label}: {uk_date(row.start)} to {uk_date(row.due)}"
    lines = [row.label, f"Planned: {uk_date(row.start)} to {uk_date(row.due)}"
             + (" (due date set by hand)" if row.hand_set else "")]
    if row.baseline_due:
        lines.append(f"First agreed plan: {uk_date(row.baseline_start)} to "
                     f"{uk_date(row.baseline_due)}")
    if row.status in (StepStatus.DONE.value, StepStatus.NOT_APPLICABLE.value):
        lines.append(StepStatus(row.status).label)
    elif row.critical:
        lines.append("On the critical path: any slip here moves go-live.")
    elif row.float_days is not None:
        lines.append(f"Float: {row.float_days // 7} weeks {row.float_days % 7} days")
    if row.gate:
        lines.append("A decision gate.")
    lines.append("Click or press Enter to open the step.")
    return "\n".join(lines)


class TimelineView(QWidget):
    """The plan as a Gantt-style picture, with the board's verdict above it."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent, objectName="view-timeline")
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.verdict = QLabel(wordWrap=True, objectName="timeline-verdict")
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.verdict)
        bar = QHBoxLayout()
        self.legend = QLabel(objectName="timeline-legend", wordWrap=True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setText(
            f"<span style='color:{CRITICAL}'>■</span> critical path &nbsp; "
            f"<span style='color:{PLANNED}'>■</span> planned &nbsp; "
            f"<span style='color:{DONE}'>■</span> done &nbsp; "
            f"<span style='color:{FLOAT}'>■</span> float &nbsp; "
            f"<span style='color:{BASELINE}'>▬</span> first agreed plan &nbsp; "
            f"<span style='color:#6A1B9A'>◆</span> decision gate &nbsp; "
            f"<span style='color:{TODAY}'>┆</span> today")
        bar.addWidget(self.legend, 1)
        zoom_label = QLabel("&Zoom:")
        self.zoom = QComboBox(objectName="timeline-zoom")
        self.zoom.setAccessibleName("Zoom")
        for text, _ in ZOOMS:
            self.zoom.addItem(text)
        zoom_label.setBuddy(self.zoom)
        bar.addWidget(zoom_label)
        bar.addWidget(self.zoom)
        layout.addLayout(bar)
        self.canvas = TimelineCanvas()
        self.scroll = QScrollArea(objectName="timeline-scroll")
        self.scroll.setWidget(self.canvas)
        self.scroll.setWidgetResizable(False)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setFocusProxy(self.canvas)
        for scroll_bar in (self.scroll.horizontalScrollBar(), self.scroll.verticalScrollBar()):
            scroll_bar.valueChanged.connect(self.canvas.update)  # labels and dates stay put
        layout.addWidget(self.scroll, 1)
        self.note = QLabel(objectName="timeline-note", wordWrap=True)
        layout.addWidget(self.note)
        self.picture: timeline.TimelinePicture | None = None
        self._dirty = True
        self.zoom.currentIndexChanged.connect(self._on_zoom)
        self.canvas.zoom_step.connect(
            lambda step: self.zoom.setCurrentIndex(max(0, min(len(ZOOMS) - 1,
                                                              self.zoom.currentIndex() + step))))
        self.canvas.step_chosen.connect(
            lambda step_id: session.navigate_requested.emit("checklist", step_id))
        for signal in (session.project_changed, session.steps_changed,
                       session.template_changed):
            signal.connect(self._on_changed)

    def refresh(self) -> None:
        today = dt.date.today()
        data = self.session.repo.load_all(history=False)
        plan = schedule.plan_for(self.session.template, data, today)
        self.picture = timeline.picture(self.session.template, data, plan, today) \
            if plan else None
        self.verdict.setText(self.picture.verdict if self.picture else
                             "No go-live date is set yet, so there is no plan to show.")
        self.verdict.setStyleSheet("" if self.picture is None or self.picture.feasible
                                   else f"color: {CRITICAL}; font-weight: bold;")
        later = self.picture.later_steps if self.picture else 0
        self.note.setText(f"Plan from {long_date(self.picture.start)} to go-live on "
                          f"{long_date(self.picture.go_live)}. {later} steps after go-live are "
                          "not shown." if self.picture else "")
        self.canvas.set_picture(self.picture, self._per_day())
        self._dirty = False

    def _per_day(self) -> float:
        """The zoom chosen, or for the whole plan whatever fits the width there is."""
        chosen = ZOOMS[self.zoom.currentIndex()][1]
        if chosen or self.picture is None:
            return chosen or ZOOMS[1][1]
        room = (self.scroll.viewport().width() - TimelineCanvas.LABEL_W - 32)
        days = (self.picture.last - self.picture.first).days + 21
        return max(0.2, room / max(days, 1))

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().resizeEvent(event)
        if self.picture is not None and not ZOOMS[self.zoom.currentIndex()][1]:
            self.canvas.set_picture(self.picture, self._per_day())

    def show_item(self, step_id: str) -> None:
        if self._dirty:
            self.refresh()
        rows = self.picture.rows if self.picture else ()
        index = next((i for i, r in enumerate(rows) if r.item_id == step_id), -1)
        if index >= 0:
            self.canvas.select(index)
        self.canvas.setFocus()

    def _on_zoom(self, index: int) -> None:
        keep = self.canvas.current
        self.canvas.set_picture(self.picture, self._per_day())
        if keep >= 0:
            self.canvas.select(keep)

    def _on_changed(self, *_args: object) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dirty:
            self.refresh()
        if self.canvas.current < 0 and self.picture:
            # Start on the first step still to finish, with today a little in from the left.
            today = self.picture.today
            index = next((i for i, r in enumerate(self.picture.rows)
                          if r.kind == "step" and r.due and r.due >= today
                          and r.status not in ("done", "not_applicable")), 0)
            self.canvas.select(index)
            self.scroll.horizontalScrollBar().setValue(
                int(self.canvas.x_of(today)) - TimelineCanvas.LABEL_W - 120)
