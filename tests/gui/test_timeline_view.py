"""The Timeline view and the dashboard's plan card, driven as a leader would."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt

from mutual_checklist import cli
from mutual_checklist.ui.application import build_main_window


def _window(qtbot, tmp_path, weeks: int):
    path = tmp_path / "riverside.mutual"
    go_live = dt.date.today() + dt.timedelta(weeks=weeks)
    assert cli.run(["new", str(path), "--name", "Riverside Libraries",
                    "--go-live", go_live.isoformat()]) == 0
    window = build_main_window(path)
    qtbot.addWidget(window)
    window.show()
    return window


def test_timeline_shows_the_plan_and_opens_a_step_from_the_keyboard(qtbot, tmp_path):
    window = _window(qtbot, tmp_path, 39)
    window.show_view("timeline")
    view = window.views["timeline"]
    canvas = view.canvas
    pic = view.picture
    assert pic is not None and pic.feasible and "can be met" in view.verdict.text()
    steps = [r for r in pic.rows if r.kind == "step"]
    assert all(pic.start <= r.start <= r.due <= pic.go_live for r in steps)
    assert any(r.critical for r in steps) and any(r.gate for r in steps)
    assert canvas.current >= 0  # starts on the first step still to finish
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    qtbot.keyClick(canvas, Qt.Key.Key_Down)  # row 0 is the first phase, row 1 its first step
    first = pic.rows[1].item_id
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert window.sidebar.currentRow() == 1  # the Checklist
    assert window.checklist.detail.step_id == first
    width = canvas.width()
    window.show_view("timeline")
    assert view.scroll.horizontalScrollBar().maximum() == 0  # the whole plan fits the width
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)  # zoom in to weeks
    assert view.zoom.currentText() == "Weeks" and canvas.width() > width
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton,
                     pos=QPoint(canvas.LABEL_W + 40, canvas.HEADER_H + 2 * canvas.ROW_H + 5))
    assert window.checklist.detail.step_id == pic.rows[2].item_id
    view.grab()  # paints without error


def test_short_go_live_is_said_plainly_on_the_dashboard_and_timeline(qtbot, tmp_path):
    window = _window(qtbot, tmp_path, 8)
    dashboard = window.views["dashboard"]
    dashboard.refresh()
    text = dashboard.plan_line.text()
    assert "needs at least" in text and "you have 8" in text
    assert dashboard.figures.overdue == [] and not dashboard.figures.plan_feasible
    assert dashboard.plan_card.table.model().rowCount() > 0  # this week's work is listed
    window.show_view("timeline")
    assert "needs at least" in window.views["timeline"].verdict.text()
