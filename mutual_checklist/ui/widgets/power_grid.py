"""PowerGrid: contacts placed by influence (up) and interest (across) in the four quadrants of a
power/interest grid, moved by dragging or with the arrow keys.

The widget never writes: it emits `move_requested(contact_id, influence, interest)` and the view
turns that into an undoable change, then calls `set_contacts` with what was saved. Quadrants are
named in text on the grid, so no meaning is carried by colour alone.

Signals:
    contact_selected(str): the user chose a contact on the grid.
    move_requested(str, int, int): the user moved a contact (new influence, new interest).
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from mutual_checklist.domain.models import Contact

LEVELS = 5
HIGH = 4  # influence or interest of 4 or 5 is "high"; 1 to 3 is "low"
QUADRANTS = {(True, False): "Keep satisfied", (True, True): "Manage closely",
             (False, False): "Monitor", (False, True): "Keep informed"}
_TINTS = {"Keep satisfied": QColor(255, 200, 0, 40), "Manage closely": QColor(220, 60, 60, 40),
          "Monitor": QColor(128, 128, 128, 30), "Keep informed": QColor(40, 120, 220, 40)}
_LEFT, _BOTTOM, _TOP, _RIGHT = 46, 40, 8, 8
_NAME_LIMIT = 60


def quadrant(influence: int, interest: int) -> str:
    """The quadrant's name for a contact's influence and interest (each 1-5)."""
    return QUADRANTS[(influence >= HIGH, interest >= HIGH)]


@dataclass(frozen=True)
class _Chip:
    rect: QRectF
    contact_id: str | None  # None for the "+N more" line of a full cell
    text: str


class PowerGrid(QWidget):
    contact_selected = Signal(str)
    move_requested = Signal(str, int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Power and interest grid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._contacts: dict[str, Contact] = {}
        self._order: list[str] = []
        self._selected: str | None = None
        self._read_only = False
        self._drag: str | None = None
        self._drag_pos: QPointF | None = None
        self._chips: list[_Chip] = []
        self._update_description()

    # --- data ------------------------------------------------------------------------------------

    def set_contacts(self, contacts: list[Contact]) -> None:
        self._contacts = {c.id: c for c in contacts}
        self._order = [c.id for c in sorted(contacts, key=lambda c: (-c.influence, c.interest,
                                                                     c.name.casefold(), c.id))]
        if self._selected not in self._contacts:
            self._selected = None
        self._update_description()
        self.update()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    @property
    def selected_id(self) -> str | None:
        return self._selected

    def select(self, contact_id: str | None) -> None:
        """Select a contact (from the table or a click) without announcing it."""
        self._selected = contact_id if contact_id in self._contacts else None
        self._update_description()
        self.update()

    def move_contact(self, contact_id: str, influence: int, interest: int) -> bool:
        """Ask to move a contact to a cell; returns whether a move was requested."""
        contact = self._contacts.get(contact_id)
        if self._read_only or contact is None:
            return False
        influence = min(LEVELS, max(1, influence))
        interest = min(LEVELS, max(1, interest))
        if (influence, interest) == (contact.influence, contact.interest):
            return False
        self.move_requested.emit(contact_id, influence, interest)
        return True

    def chip_rect(self, contact_id: str) -> QRectF | None:
        """Where a contact is drawn (for tests and accessibility tools)."""
        self._layout()
        return next((c.rect for c in self._chips if c.contact_id == contact_id), None)

    def cell_rect(self, influence: int, interest: int) -> QRectF:
        area = self._area()
        w, h = area.width() / LEVELS, area.height() / LEVELS
        return QRectF(area.left() + (interest - 1) * w, area.top() + (LEVELS - influence) * h, w, h)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        """(influence, interest) of the cell under a point, or None outside the grid."""
        area = self._area()
        if not area.contains(pos):
            return None
        interest = int((pos.x() - area.left()) / (area.width() / LEVELS)) + 1
        influence = LEVELS - int((pos.y() - area.top()) / (area.height() / LEVELS))
        return min(LEVELS, max(1, influence)), min(LEVELS, max(1, interest))

    # --- layout and painting ---------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(640, 420)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 180)

    def _area(self) -> QRectF:
        return QRectF(self.rect()).adjusted(_LEFT, _TOP, -_RIGHT, -_BOTTOM)

    def _layout(self) -> None:
        """Place each contact's chip in its cell; a full cell ends with '+N more'."""
        line = self.fontMetrics().height() + 4
        cells: dict[tuple[int, int], list[str]] = {}
        for contact_id in self._order:
            c = self._contacts[contact_id]
            cells.setdefault((c.influence, c.interest), []).append(contact_id)
        chips: list[_Chip] = []
        for (influence, interest), ids in cells.items():
            cell = self.cell_rect(influence, interest).adjusted(4, 4, -4, -4)
            if influence in (LEVELS, HIGH - 1) and interest in (LEVELS, HIGH - 1):
                cell.adjust(0, line, 0, 0)  # leave room for the quadrant's name
            fits = max(1, int(cell.height() // line))
            if self._selected in ids and ids.index(self._selected) >= fits - 1:
                ids = [self._selected] + [i for i in ids if i != self._selected]
            shown = ids if len(ids) <= fits else ids[: fits - 1]
            for row, contact_id in enumerate(shown):
                rect = QRectF(cell.left(), cell.top() + row * line, cell.width(), line - 2)
                chips.append(_Chip(rect, contact_id, self._label(contact_id)))
            if len(shown) < len(ids):
                rect = QRectF(cell.left(), cell.top() + len(shown) * line, cell.width(), line - 2)
                chips.append(_Chip(rect, None, f"+{len(ids) - len(shown)} more"))
        self._chips = chips

    def _label(self, contact_id: str) -> str:
        name = " ".join(self._contacts[contact_id].name.split())
        return name if len(name) <= _NAME_LIMIT else name[: _NAME_LIMIT - 1] + "…"

    def paintEvent(self, event: QPaintEvent) -> None:
        self._layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        area = self._area()
        painter.fillRect(area, palette.color(QPalette.ColorRole.Base))
        self._paint_quadrants(painter, palette)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        for n in range(LEVELS + 1):
            x = area.left() + n * area.width() / LEVELS
            y = area.top() + n * area.height() / LEVELS
            painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        self._paint_axes(painter, palette)
        for chip in self._chips:
            self._paint_chip(painter, palette, chip)
        if self._drag and self._drag_pos is not None:
            rect = QRectF(0, 0, min(220, area.width() / LEVELS), self.fontMetrics().height() + 2)
            rect.moveCenter(self._drag_pos)
            self._paint_chip(painter, palette, _Chip(rect, self._drag, self._label(self._drag)))
        painter.end()

    def _paint_quadrants(self, painter: QPainter, palette: QPalette) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        for (high_influence, high_interest), name in QUADRANTS.items():
            top = self.cell_rect(LEVELS if high_influence else HIGH - 1,
                                 HIGH if high_interest else 1)
            bottom = self.cell_rect(HIGH if high_influence else 1,
                                    LEVELS if high_interest else HIGH - 1)
            rect = top.united(bottom)
            painter.fillRect(rect, _TINTS[name])
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(rect.adjusted(6, 3, -6, -3),
                             Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight, name)
        painter.setFont(self.font())
        area = self._area()
        split_x = area.left() + (HIGH - 1) * area.width() / LEVELS
        split_y = area.top() + (LEVELS - HIGH + 1) * area.height() / LEVELS
        pen = painter.pen()
        pen.setWidth(3)
        pen.setColor(palette.color(QPalette.ColorRole.Dark))
        painter.setPen(pen)
        painter.drawLine(QPointF(split_x, area.top()), QPointF(split_x, area.bottom()))
        painter.drawLine(QPointF(area.left(), split_y), QPointF(area.right(), split_y))

    def _paint_axes(self, painter: QPainter, palette: QPalette) -> None:
        area = self._area()
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        line = self.fontMetrics().height()
        for n in range(1, LEVELS + 1):
            cell = self.cell_rect(n, n)
            painter.drawText(QRectF(cell.left(), area.bottom() + 2, cell.width(), line),
                             Qt.AlignmentFlag.AlignCenter, str(n))
            painter.drawText(QRectF(area.left() - 22, cell.top(), 18, cell.height()),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, str(n))
        painter.drawText(QRectF(area.left(), area.bottom() + line, area.width(), line + 4),
                         Qt.AlignmentFlag.AlignCenter, "Interest in the mutual (low → high)")
        painter.save()
        painter.translate(area.left() - 40, area.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-area.height() / 2, 0, area.height(), line + 2),
                         Qt.AlignmentFlag.AlignCenter, "Influence (low → high)")
        painter.restore()

    def _paint_chip(self, painter: QPainter, palette: QPalette, chip: _Chip) -> None:
        selected = chip.contact_id is not None and chip.contact_id == self._selected
        if chip.contact_id is not None:
            fill = palette.color(QPalette.ColorRole.Highlight if selected
                                 else QPalette.ColorRole.Button)
            painter.setPen(palette.color(QPalette.ColorRole.Dark))
            painter.setBrush(fill)
            painter.drawRoundedRect(chip.rect, 4, 4)
        font = QFont(self.font())
        contact = self._contacts.get(chip.contact_id or "")
        font.setItalic(chip.contact_id is None or bool(contact and contact.anonymised))
        font.setBold(selected)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText if selected
                                     else QPalette.ColorRole.ButtonText))
        text_rect = chip.rect.adjusted(5, 0, -5, 0)
        text = painter.fontMetrics().elidedText(chip.text, Qt.TextElideMode.ElideRight,
                                                int(text_rect.width()))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
                         | Qt.TextFlag.TextSingleLine, text)
        painter.setFont(self.font())

    # --- mouse and keyboard ----------------------------------------------------------------------

    def _chip_at(self, pos: QPointF) -> str | None:
        self._layout()
        return next((c.contact_id for c in self._chips
                     if c.contact_id is not None and c.rect.contains(pos)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        contact_id = self._chip_at(event.position())
        if contact_id is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self._choose(contact_id)
        self._drag = None if self._read_only else contact_id
        self._drag_pos = None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag:
            self._drag_pos = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        contact_id, moved = self._drag, self._drag_pos is not None
        self._drag, self._drag_pos = None, None
        self.unsetCursor()
        self.update()
        cell = self.cell_at(event.position())
        if contact_id and moved and cell is not None:
            self.move_contact(contact_id, *cell)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        steps = {Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0), Qt.Key.Key_Right: (0, 1),
                 Qt.Key.Key_Left: (0, -1)}
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp) and self._order:
            step = 1 if key == Qt.Key.Key_PageDown else -1
            at = self._order.index(self._selected) if self._selected in self._order else -step
            self._choose(self._order[(at + step) % len(self._order)])
            return
        if key in steps and self._selected:
            c = self._contacts[self._selected]
            d_influence, d_interest = steps[key]
            self.move_contact(c.id, c.influence + d_influence, c.interest + d_interest)
            return
        super().keyPressEvent(event)

    def _choose(self, contact_id: str) -> None:
        self.select(contact_id)
        self.contact_selected.emit(contact_id)

    def _update_description(self) -> None:
        c = self._contacts.get(self._selected or "")
        if c is None:
            text = f"{len(self._contacts)} contacts. Page Down chooses the next contact."
        else:
            text = (f"Chosen: {self._label(c.id)}, influence {c.influence}, interest "
                    f"{c.interest}: {quadrant(c.influence, c.interest)}. Arrow keys move them.")
        self.setAccessibleDescription(text)
