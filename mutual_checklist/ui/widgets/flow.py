"""A row of controls that wraps on to further lines when the window is narrow (like words)."""
from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Items keep their preferred width; a stretchable item (stretch > 0) takes the rest of its
    line, down to its minimum width."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: dict[int, int] = {}
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # --- QLayout interface -----------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def add(self, widget: QWidget, stretch: int = 0) -> QWidget:
        self.addWidget(widget)
        if stretch:
            self._stretch[id(self._items[-1])] = stretch
        return widget

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        if 0 <= index < len(self._items):
            item = self._items.pop(index)
            self._stretch.pop(id(item), None)
            return item
        return None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        visible = self._visible()
        width = sum(i.sizeHint().width() for i in visible) + self._spacing * max(0, len(visible) - 1)
        height = max((i.sizeHint().height() for i in visible), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size

    # --- arranging -------------------------------------------------------------------------------

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

    def _width(self, item: QLayoutItem) -> int:
        widget = item.widget()
        if widget is not None and widget.sizePolicy().horizontalPolicy() == \
                QSizePolicy.Policy.Ignored:
            return item.minimumSize().width()
        return max(item.sizeHint().width(), item.minimumSize().width())

    def _arrange(self, rect: QRect, move: bool) -> int:
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            width = min(self._width(item), rect.width())
            if lines[-1] and used + self._spacing + width > rect.width():
                lines.append([])
                used = 0
            used += (self._spacing if lines[-1] else 0) + width
            lines[-1].append(item)
        y = rect.y()
        for line in lines:
            if not line:
                continue
            widths = [min(self._width(i), rect.width()) for i in line]
            spare = rect.width() - sum(widths) - self._spacing * (len(line) - 1)
            stretches = [self._stretch.get(id(i), 0) for i in line]
            total = sum(stretches)
            if total and spare > 0:
                widths = [w + spare * s // total for w, s in zip(widths, stretches)]
            height = max(i.sizeHint().height() for i in line)
            x = rect.x()
            for item, width in zip(line, widths):
                if move:
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
                x += width + self._spacing
            y += height + self._spacing
        return y - rect.y() - self._spacing if y > rect.y() else 0
