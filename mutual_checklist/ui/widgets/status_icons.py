"""Small drawn icons for a step's state, always shown beside words (never colour alone).

The colours are the app's one palette (`RAG_HEX` in domain.risk): the same amber everywhere.
"""
from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from mutual_checklist.domain.risk import RAG_HEX

SIZE = 32  # drawn large, shown small: crisp at 125 % and 150 %
GREY = "#6B7280"
BLUE = "#2563EB"


def _pixmap() -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def _pen(colour: str, width: float = 3.5) -> QPen:
    pen = QPen(QColor(colour), width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


@cache
def status_icon(status: str) -> QIcon:
    """not_started: empty ring; in_progress: half-filled ring; blocked: red bar in a disc;
    done: a tick in a green disc; not_applicable: a grey dash."""
    pixmap, p = _pixmap()
    box = QRectF(4, 4, SIZE - 8, SIZE - 8)
    if status == "done":
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(RAG_HEX["green"]))
        p.drawEllipse(box)
        p.setPen(_pen("#FFFFFF", 3.5))
        path = QPainterPath(QPointF(10, 16.5))
        path.lineTo(14.5, 21)
        path.lineTo(22.5, 11.5)
        p.drawPath(path)
    elif status == "blocked":
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(RAG_HEX["red"]))
        p.drawEllipse(box)
        p.setPen(_pen("#FFFFFF", 4))
        p.drawLine(QPointF(10, 16), QPointF(22, 16))
    elif status == "in_progress":
        p.setPen(_pen(BLUE, 3))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(box)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(BLUE))
        p.drawPie(box, 90 * 16, -180 * 16)
    elif status == "not_applicable":
        p.setPen(_pen(GREY, 3.5))
        p.drawLine(QPointF(9, 16), QPointF(23, 16))
    else:
        p.setPen(_pen(GREY, 2.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(box)
    p.end()
    return QIcon(pixmap)


@cache
def overdue_icon() -> QIcon:
    """A warning triangle with an exclamation mark, in the app's red."""
    pixmap, p = _pixmap()
    path = QPainterPath(QPointF(16, 4))
    path.lineTo(29, 27)
    path.lineTo(3, 27)
    path.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(RAG_HEX["red"]))
    p.drawPath(path)
    p.setPen(_pen("#FFFFFF", 3.5))
    p.drawLine(QPointF(16, 11), QPointF(16, 18))
    p.drawPoint(QPointF(16, 23))
    p.end()
    return QIcon(pixmap)
