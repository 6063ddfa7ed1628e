"""Every window and dialog fits the screen it opens on, whatever its scaling.

`install()` puts one event filter on the application. The first time any top-level window or
dialog is shown it is sized from the screen's *available* geometry (the screen less the taskbar),
never larger, and moved fully on to that screen. A dialog whose content is taller than the room
gets a vertical scroll area around its content, keeping its OK/Cancel row visible below it. New
windows and dialogs benefit without doing anything.

The same filter guards typed work: Escape on a dialog whose fields were changed asks before
closing it, and a dialog opens with the keyboard in its first field rather than on a tab bar or
button.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QScrollArea,
    QTabBar,
    QTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
)

FRAME = QSize(16, 40)
"""Room kept for the window frame and title bar the system adds outside a window's own size."""
MIN_DIALOG_WIDTH = 460
"""Dialogs are at least this wide (when the screen allows), so short fields never cut text."""
_FITTED = "mutualChecklistFitted"
_NO_GUARD = "mutualChecklistNoEscapeGuard"
TYPED = (QLineEdit, QPlainTextEdit, QTextEdit)
FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox)


def available(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (or the primary screen) that windows may use."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def room(widget: QWidget | None = None) -> QSize:
    """The largest size a window's own area may have so that, frame included, it fits."""
    area = available(widget)
    frame = FRAME
    if widget is not None and widget.isVisible():
        outer, inner = widget.frameGeometry(), widget.geometry()
        frame = QSize(max(frame.width(), outer.width() - inner.width()),
                      max(frame.height(), outer.height() - inner.height()))
    return QSize(max(200, area.width() - frame.width()), max(200, area.height() - frame.height()))


def fits(widget: QWidget) -> bool:
    """True when the window, frame included, lies inside its screen's available geometry."""
    return available(widget).contains(widget.frameGeometry())


def preferred_size(widget: QWidget, width: int, height: int) -> QSize:
    """`width`×`height` if there is room, else the room there is."""
    limit = room(widget)
    return QSize(min(width, limit.width()), min(height, limit.height()))


def _is_managed(widget: QWidget) -> bool:
    if not widget.isWindow():
        return False
    kind = widget.windowType()
    return kind in (Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet)


def wrap_in_scroll_area(dialog: QWidget) -> QScrollArea | None:
    """Move a dialog's content into a vertical scroll area, its button row staying below."""
    layout = dialog.layout()
    if layout is None or isinstance(dialog, (QMessageBox, QFileDialog, QWizard)):
        return None
    buttons = [w for w in dialog.findChildren(QDialogButtonBox)
               if w.parentWidget() is dialog and layout.indexOf(w) >= 0]
    holder = QWidget()
    holder.setObjectName("fit-scroll-content")
    holder.setLayout(layout)  # Qt moves the layout and its widgets to the holder
    for box in buttons:
        layout.removeWidget(box)
    scroll = QScrollArea(objectName="fit-scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(holder)
    outer = QVBoxLayout(dialog)
    outer.addWidget(scroll, 1)
    for box in buttons:
        outer.addWidget(box)
    return scroll


def fit_window(widget: QWidget) -> None:
    """Size and place a top-level window so that it lies wholly inside the available area."""
    limit = room(widget)
    if isinstance(widget, QDialog) and not isinstance(widget, (QMessageBox, QProgressDialog)):
        if widget.minimumSizeHint().height() > limit.height():
            wrap_in_scroll_area(widget)
        if widget.width() < MIN_DIALOG_WIDTH:
            widget.resize(min(MIN_DIALOG_WIDTH, limit.width()), widget.height())
    minimum = widget.minimumSize()
    if minimum.width() > limit.width() or minimum.height() > limit.height():
        widget.setMinimumSize(min(minimum.width(), limit.width()),
                              min(minimum.height(), limit.height()))
    size = widget.size()
    if size.width() > limit.width() or size.height() > limit.height():
        widget.resize(min(size.width(), limit.width()), min(size.height(), limit.height()))
    place(widget)


def place(widget: QWidget) -> None:
    """Move a window so none of it (frame included) is off its screen's available area."""
    area = available(widget)
    limit = room(widget)
    frame_w, frame_h = area.width() - limit.width(), area.height() - limit.height()
    width, height = widget.width() + frame_w, widget.height() + frame_h
    pos = widget.frameGeometry().topLeft()
    x = min(max(pos.x(), area.left()), area.left() + max(0, area.width() - width))
    y = min(max(pos.y(), area.top()), area.top() + max(0, area.height() - height))
    if (x, y) != (pos.x(), pos.y()):
        widget.move(x, y)


# --- typed work and first focus --------------------------------------------------------------

def _typed_values(dialog: QWidget) -> list[str]:
    values = []
    for field in dialog.findChildren(QWidget):
        if isinstance(field, QLineEdit) and not field.isReadOnly() and not isinstance(
                field.parent(), (QComboBox, QAbstractSpinBox)):
            values.append(field.text())
        elif isinstance(field, (QPlainTextEdit, QTextEdit)) and not field.isReadOnly():
            values.append(field.toPlainText())
    return values


def first_field(dialog: QWidget) -> QWidget | None:
    """The first field in the dialog's tab order that takes typing or a choice."""
    widget = dialog.nextInFocusChain()
    seen = set()
    while widget is not None and widget is not dialog and id(widget) not in seen:
        seen.add(id(widget))
        if (isinstance(widget, FIELDS) and widget.isVisibleTo(dialog) and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and not (isinstance(widget, QLineEdit) and widget.isReadOnly())
                and not isinstance(widget.parent(), (QComboBox, QAbstractSpinBox))):
            return widget
        widget = widget.nextInFocusChain()
    return None


def focus_first_field(dialog: QWidget) -> None:
    """Put the keyboard in the first field unless it already rests in one."""
    if dialog.property(_NO_GUARD):
        return
    current = dialog.focusWidget()
    if current is not None and isinstance(current, FIELDS):
        return
    if current is not None and not isinstance(current, (QAbstractButton, QTabBar)):
        return
    field = first_field(dialog)
    if field is not None:
        field.setFocus(Qt.FocusReason.TabFocusReason)


def confirm_discard(dialog: QWidget) -> bool:
    answer = QMessageBox.question(
        dialog, dialog.windowTitle() or "Close",
        "You have typed something in this window. Close it and lose what you typed?",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard


def _guarded(dialog: QWidget) -> bool:
    return isinstance(dialog, QDialog) and not isinstance(
        dialog, (QMessageBox, QFileDialog, QProgressDialog)) and not dialog.property(_NO_GUARD)


class _Fitter(QObject):
    """Application-wide: fit windows on first show; guard Escape on dialogs with typed work."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._typed: dict[int, list[str]] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) and _is_managed(watched):
            self._on_show(watched)
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Escape and isinstance(watched, QWidget):
            return self._on_escape(watched)
        return False

    def _on_show(self, window: QWidget) -> None:
        if window.property(_FITTED):
            return
        window.setProperty(_FITTED, True)
        fit_window(window)
        if _guarded(window):
            self._typed[id(window)] = _typed_values(window)
            window.destroyed.connect(lambda _obj=None, key=id(window): self._typed.pop(key, None))
            QTimer.singleShot(0, lambda w=window: _alive(w) and focus_first_field(w))

    def _on_escape(self, widget: QWidget) -> bool:
        dialog = widget.window()
        if widget is not dialog and widget.parent() is None:
            return False
        if not _guarded(dialog) or id(dialog) not in self._typed:
            return False
        popup = QApplication.activePopupWidget()
        if popup is not None:
            return False  # Escape closes the open list first, as usual
        if isinstance(widget, QComboBox) and widget.view().isVisible():
            return False
        if _typed_values(dialog) == self._typed[id(dialog)]:
            return False
        if confirm_discard(dialog):
            self._typed.pop(id(dialog), None)
            dialog.reject()
        return True


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:
        return False
    return True


_installed: _Fitter | None = None


def install() -> None:
    """Install the filter once on the running application (safe to call again)."""
    global _installed
    app = QApplication.instance()
    if app is None or (_installed is not None and _alive_filter(_installed)):
        return
    _installed = _Fitter(app)
    app.installEventFilter(_installed)


def _alive_filter(obj: QObject) -> bool:
    try:
        return obj.parent() is QApplication.instance()
    except RuntimeError:
        return False
