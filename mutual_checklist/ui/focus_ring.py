"""A clearly visible focus ring: a 2-pixel outline in the highlight colour on whatever has the
keyboard (buttons, fields, tick boxes, tabs, list rows), in light and dark appearance alike."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

RING = 2.0
_AFTER = (QStyle.PrimitiveElement.PE_PanelButtonCommand, QStyle.PrimitiveElement.PE_FrameLineEdit)


class FocusRingStyle(QProxyStyle):
    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,  # noqa: N802
                      painter: QPainter, widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            _ring(option, painter)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element in _AFTER and option.state & QStyle.StateFlag.State_HasFocus:
            _ring(option, painter)


def _ring(option: QStyleOption, painter: QPainter) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(option.palette.highlight().color(), RING)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(option.rect).adjusted(RING / 2, RING / 2, -RING / 2, -RING / 2),
                            3, 3)
    painter.restore()


def install() -> None:
    """Wrap the application's style once so every focused control shows the ring."""
    app = QApplication.instance()
    if app is None or isinstance(app.style(), FocusRingStyle):
        return
    app.setStyle(FocusRingStyle(app.style().name()))
