"""A 5×5 likelihood × impact heat map of live barriers, usable by mouse and keyboard.

Each cell shows how many live barriers sit there and is tinted by its RAG band; non-empty cells
also say the band in words, so colour never carries the meaning alone. Clicking a cell (or
pressing Enter/Space on it) chooses it; choosing it again clears the choice.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from mutual_checklist.domain import risk
from mutual_checklist.ui.models.barriers_model import IMPACT_WORDS, LIKELIHOOD_WORDS

Cell = tuple[int, int]  # (likelihood, impact)

_FILLED = {band: QColor(colour) for band, colour in risk.RAG_HEX.items()}
_FILLED_INK = {band: QColor(colour) for band, colour in risk.RAG_INK.items()}
_EMPTY = {band: QColor(colour) for band, colour in risk.RAG_TINT_HEX.items()}
_INK = QColor("#1a1a1a")
_FAINT = QColor("#8a8a8a")


def cell_description(cell: Cell, count: int) -> str:
    """Plain words for one cell, used for the tooltip and for screen readers."""
    likelihood, impact = cell
    band = risk.RAG_LABELS[risk.rag(likelihood * impact)]
    barriers = "1 live barrier" if count == 1 else f"{count} live barriers"
    return (f"Likelihood {likelihood} ({LIKELIHOOD_WORDS[likelihood]}), impact {impact} "
            f"({IMPACT_WORDS[impact]}): score {likelihood * impact}, {band}; {barriers}")


class HeatMap(QWidget):
    """The heat map. Signals: cell_chosen(object): a (likelihood, impact) tuple, or None."""

    cell_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._counts: dict[Cell, int] = {(lk, im): 0 for lk in risk.SCALE for im in risk.SCALE}
        self._chosen: Cell | None = None
        self._current: Cell = (3, 3)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Barrier heat map")
        self._describe()

    # --- state -----------------------------------------------------------------------------------

    def set_counts(self, counts: dict[Cell, int]) -> None:
        self._counts = {cell: counts.get(cell, 0) for cell in self._counts}
        self._describe()
        self.update()

    def count(self, cell: Cell) -> int:
        return self._counts.get(cell, 0)

    @property
    def chosen(self) -> Cell | None:
        return self._chosen

    @property
    def current(self) -> Cell:
        return self._current

    def choose(self, cell: Cell | None) -> None:
        """Choose a cell (None clears) and announce it."""
        if cell == self._chosen:
            return
        self._chosen = cell
        if cell is not None:
            self._current = cell
        self._describe()
        self.update()
        self.cell_chosen.emit(cell)

    def toggle(self, cell: Cell) -> None:
        self.choose(None if cell == self._chosen else cell)

    def _describe(self) -> None:
        chosen = " (chosen: the table shows only this cell)" \
            if self._current == self._chosen else ""
        self.setAccessibleDescription(
            cell_description(self._current, self.count(self._current)) + chosen +
            ". Arrow keys move between cells; Enter or Space chooses a cell.")

    # --- geometry --------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(460, 270)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Wide enough for every impact word under its column, never cut."""
        metrics = self.fontMetrics()
        word = max(metrics.horizontalAdvance(w) for w in IMPACT_WORDS.values()) + 8
        left, bottom = self._margins()
        return QSize(left + 5 * word + 6, max(200, bottom + 5 * (metrics.height() + 8)))

    def _margins(self) -> tuple[int, int]:
        metrics = self.fontMetrics()
        left = max(metrics.horizontalAdvance(f"5 {w}") for w in LIKELIHOOD_WORDS.values())
        return left + metrics.height() + 14, 3 * metrics.height() + 10

    def _grid(self) -> QRect:
        left, bottom = self._margins()
        return QRect(left, 4, max(self.width() - left - 6, 50), max(self.height() - bottom - 4, 50))

    def cell_rect(self, cell: Cell) -> QRect:
        likelihood, impact = cell
        grid = self._grid()
        width, height = grid.width() / 5, grid.height() / 5
        x = grid.left() + round((impact - 1) * width)
        y = grid.top() + round((5 - likelihood) * height)
        return QRect(x, y, round(impact * width) - round((impact - 1) * width),
                     round((6 - likelihood) * height) - round((5 - likelihood) * height))

    def cell_at(self, point: QPoint) -> Cell | None:
        return next((c for c in self._counts if self.cell_rect(c).contains(point)), None)

    # --- painting --------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for cell, count in self._counts.items():
            self._paint_cell(painter, cell, count)
        self._paint_axes(painter)
        painter.end()

    def _paint_cell(self, painter: QPainter, cell: Cell, count: int) -> None:
        rect = self.cell_rect(cell).adjusted(1, 1, -1, -1)
        band = risk.rag(cell[0] * cell[1])
        painter.fillRect(rect, _FILLED[band] if count else _EMPTY[band])
        font = QFont(self.font())
        if count:
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.2)
        painter.setFont(font)
        painter.setPen(_FILLED_INK[band] if count else _FAINT)
        if count and rect.height() >= 2.4 * self.fontMetrics().height():
            top, bottom = rect.adjusted(0, 0, 0, -rect.height() // 2), rect.adjusted(
                0, rect.height() // 2, 0, 0)
            painter.drawText(top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                             str(count))
            painter.setFont(self.font())
            painter.drawText(bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                             risk.RAG_LABELS[band])
        else:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))
        if cell == self._chosen:
            painter.setPen(QPen(_INK, 3))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        if cell == self._current and self.hasFocus():
            painter.setPen(QPen(_INK, 1, Qt.PenStyle.DashLine))
            painter.drawRect(rect.adjusted(4, 4, -4, -4))

    def _paint_axes(self, painter: QPainter) -> None:
        painter.setFont(self.font())
        painter.setPen(self.palette().windowText().color())
        metrics = self.fontMetrics()
        grid = self._grid()
        title_width = metrics.height() + 6
        for likelihood, word in LIKELIHOOD_WORDS.items():
            rect = self.cell_rect((likelihood, 1))
            label = QRect(title_width, rect.top(), grid.left() - title_width - 6, rect.height())
            painter.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{likelihood} {word}")
        for impact, word in IMPACT_WORDS.items():
            rect = self.cell_rect((1, impact))
            label = QRect(rect.left(), grid.bottom() + 4, rect.width(), 2 * metrics.height())
            text = metrics.elidedText(word, Qt.TextElideMode.ElideRight, rect.width() - 2)
            painter.drawText(label, Qt.AlignmentFlag.AlignHCenter, f"{impact}\n{text}")
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        axis = QRect(grid.left(), grid.bottom() + 6 + 2 * metrics.height(), grid.width(),
                     metrics.height())
        painter.drawText(axis, Qt.AlignmentFlag.AlignHCenter, "Impact →")
        painter.save()
        painter.translate(2, grid.center().y())
        painter.rotate(-90)
        painter.drawText(QRect(-grid.height() // 2, 0, grid.height(), metrics.height() + 2),
                         Qt.AlignmentFlag.AlignHCenter, "Likelihood →")
        painter.restore()

    # --- input -----------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        cell = self.cell_at(event.position().toPoint())
        if cell is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._current = cell
        self.toggle(cell)
        self._describe()
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        likelihood, impact = self._current
        moves = {Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0), Qt.Key.Key_Left: (0, -1),
                 Qt.Key.Key_Right: (0, 1)}
        key = Qt.Key(event.key())
        if key in moves:
            dl, di = moves[key]
            self._current = (min(max(likelihood + dl, 1), 5), min(max(impact + di, 1), 5))
            self._describe()
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.toggle(self._current)
        elif key == Qt.Key.Key_Escape and self._chosen is not None:
            self.choose(None)
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cell = self.cell_at(event.pos())
            if cell is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), cell_description(cell, self.count(cell)), self)
            return True
        return super().event(event)

    def focusInEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().focusOutEvent(event)
        self.update()
