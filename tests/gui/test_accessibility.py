"""Keyboard and screen-reader basics across every view of the real window."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

CONTROLS = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit,
            QPlainTextEdit, QTextEdit)


def _name(widget: QWidget) -> str:
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&", "")
    return ""


def _controls(root: QWidget) -> list[QWidget]:
    found = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, CONTROLS) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            # parts of composite widgets (a combo's list, a spin box's line edit) are named by
            # their owner
            if isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
                continue
            if widget.window() is not root.window():  # popups (a combo box's list)
                continue
            found.append(widget)
    return found


def test_every_control_has_an_accessible_name(demo_window):
    missing = []
    for key, view in demo_window.views.items():
        demo_window.show_view(key)
        for widget in _controls(view):
            if not _name(widget):
                missing.append(f"{key}: {type(widget).__name__} {widget.objectName()!r}")
    assert missing == []


def test_views_can_be_walked_with_the_keyboard(demo_window, qtbot):
    """Ctrl+number reaches each view and Tab moves through its controls without getting stuck."""
    demo_window.activateWindow()
    for key in demo_window.views:
        demo_window.action(f"view-{key}").trigger()
        view = demo_window.views[key]
        controls = [w for w in _controls(view) if w.isVisibleTo(demo_window)]
        if len(controls) < 2:
            continue  # a view with nothing to operate
        controls[0].setFocus()
        seen = set()
        for _ in range(40):
            focused = QApplication.focusWidget()
            if focused is not None:
                seen.add(id(focused))
            demo_window.focusNextChild()
        assert len(seen) >= 3, f"Tab does not move through the {key} view"


def test_step_status_can_be_changed_without_a_mouse(demo_window, qtbot):
    from mutual_checklist.domain.models import StepStatus
    from tests.gui.conftest import stored

    demo_window.action("view-checklist").trigger()
    view = demo_window.checklist
    view.select_step("S4-13")
    combo = view.detail.status_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # opens nothing: moves to the next status
    target = StepStatus(combo.currentData())
    combo.activated.emit(combo.currentIndex())
    with stored(demo_window) as repo:
        assert repo.step_state("S4-13").status is target
