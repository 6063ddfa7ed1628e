"""Open every view and every dialog of the real app on one simulated screen and report sizes.

Run as a program, one per screen set-up, because Qt reads QT_SCALE_FACTOR and the screen once:

    QT_SCALE_FACTOR=1.25 python tests/gui/screen_probe.py 1366 768 OUT.json [--shots DIR]

It uses Qt's offscreen platform with a screen of the given size, opens the demo project, shows
each view in `VIEWS` (so new views are included), presses every enabled button of every view and
triggers every menu command, and records each window or dialog that appears before closing it
again (Cancel). The same is done for a review copy, the Portfolio window and the welcome screen.
Each record says whether the window, frame included, lies inside the screen's available area
and, for views, whether any list or panel shows a horizontal scroll bar.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

SKIP_BUTTONS = {"open-pdf", "evidence-open", "checklist-update"}
SKIP_ACTIONS = ("quit", "theme-", "view-", "recent-", "open-demo", "new-project", "open-project",
                "restore-backup")


def _set_up_platform(width: int, height: int, folder: Path) -> None:
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "probe", "x": 0, "y": 0, "width": width,
                                               "height": height, "logicalDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["MUTUAL_CHECKLIST_DATA_DIR"] = str(folder / "data")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    os.environ["HOME"] = str(folder)


class Probe:
    def __init__(self, shots: Path | None, tag: str):
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance()
        self.records: list[dict] = []
        self.shots = shots
        self.tag = tag
        self.known: set[int] = set()
        self.context = ""
        self.timer = QTimer()
        self.timer.setInterval(40)
        self.timer.timeout.connect(self.close_new_windows)
        self.timer.start()

    # --- recording -------------------------------------------------------------------------------

    def record(self, kind: str, name: str, window, view=None) -> None:
        from PySide6.QtWidgets import QFileDialog

        from mutual_checklist.ui import fit

        area = fit.available(window)
        frame = window.frameGeometry()
        entry = {"kind": kind, "name": name, "context": self.context,
                 "size": [frame.width(), frame.height()],
                 "available": [area.width(), area.height()], "fits": fit.fits(window)}
        if view is not None:
            entry["hscroll"] = horizontal_bars(view)
        entry["clashes"], entry["literal"] = ([], []) if isinstance(window, QFileDialog) \
            else scan_keyboard(window, view or window)  # Qt's own file dialog is not ours
        self.records.append(entry)

    def shoot(self, widget, name: str) -> None:
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            widget.grab().save(str(self.shots / f"{self.tag}-{name}.png"))

    def close_new_windows(self) -> None:
        from PySide6.QtWidgets import QApplication, QDialog

        modal = QApplication.activeModalWidget()
        candidates = [modal] if modal is not None else [
            w for w in QApplication.topLevelWidgets()
            if w.isVisible() and id(w) not in self.known and w.isWindow()
            and w.windowType() in (_qt().WindowType.Window, _qt().WindowType.Dialog)]
        for window in candidates:
            if id(window) in self.known:
                continue
            name = window.windowTitle() or type(window).__name__
            self.record("dialog" if isinstance(window, QDialog) else "window",
                        f"{type(window).__name__}: {name}", window)
            if isinstance(window, QDialog):
                window.reject()
            else:
                window.close()

    def settle(self) -> None:
        from PySide6.QtTest import QTest

        for _ in range(3):
            self.app.processEvents()
        QTest.qWait(5)

    # --- walking a window ------------------------------------------------------------------------

    def walk_main_window(self, window, label: str) -> None:
        from mutual_checklist.ui.main_window import VIEWS

        self.known.add(id(window))
        window.show()
        self.settle()
        for key, _title, _cls in VIEWS:
            self.context = f"{label}/{key}"
            window.show_view(key)
            self.settle()
            view = window.views[key]
            self.record("view", f"{label}: {key}", window, view)
            self.shoot(window, f"{label}-{key}")
            self.press_everything(view)
            detail = getattr(view, "detail", None)
            if hasattr(detail, "choose_status") and not window.session.read_only:
                from mutual_checklist.domain.models import StepStatus

                for status in (StepStatus.NOT_APPLICABLE, StepStatus.BLOCKED):
                    detail.choose_status(status)  # asks why / which barrier: record that too
                    self.settle()
                    self.close_new_windows()
        self.context = f"{label}/menus"
        for name, action in list(window.actions_by_name.items()):
            if name.startswith(SKIP_ACTIONS) or not action.isEnabled():
                continue
            action.trigger()
            self.settle()
            self.close_new_windows()

    def press_everything(self, view) -> None:
        from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTabWidget

        for item_view in view.findChildren(QAbstractItemView):
            model = item_view.model()
            if model is None or not item_view.isVisibleTo(view) or model.rowCount() == 0 \
                    or isinstance(item_view, QHeaderView):
                continue
            first = model.index(0, 0)
            if model.rowCount(first) > 0:
                first = model.index(0, 0, first)
            item_view.setCurrentIndex(first)
        self.settle()
        pressed: set[int] = set()
        self._press_visible(view, pressed)
        for tabs in view.findChildren(QTabWidget):  # buttons on every page of every tab widget
            for index in range(tabs.count()):
                if tabs.isVisibleTo(view):
                    tabs.setCurrentIndex(index)
                    self._press_visible(view, pressed)

    def _press_visible(self, view, pressed: set[int]) -> None:
        from PySide6.QtWidgets import QPushButton

        for button in view.findChildren(QPushButton):
            if button.objectName() in SKIP_BUTTONS or not button.isVisibleTo(view) \
                    or not button.isEnabled() or id(button) in pressed:
                continue
            pressed.add(id(button))
            button.click()
            self.settle()
            self.close_new_windows()
        for _ in range(100):  # let a running export end before the next page's buttons
            if not getattr(view, "busy_now", False):
                break
            self.settle()


def _mnemonic(text: str) -> str | None:
    import re

    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def keyboard_letters(window, scope) -> tuple[dict[str, list[str]], list[str]]:
    """Alt+letter mnemonics active in `scope` (with the window's menu bar), and labels that
    show a literal "&" because they have no buddy to give the keyboard to."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QGroupBox,
        QLabel,
        QMainWindow,
        QTabBar,
        QWidget,
    )

    letters: dict[str, list[str]] = {}
    literal = []

    def add(text: str, where: str) -> None:
        letter = _mnemonic(text)
        if letter:
            letters.setdefault(letter, []).append(f"{where} {text!r}")

    if isinstance(window, QMainWindow) and window.menuBar().isVisible():
        for action in window.menuBar().actions():
            add(action.text(), "menu")
    for widget in [scope, *scope.findChildren(QWidget)]:
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        if isinstance(widget, QAbstractButton):  # enabled or not: it may be enabled later
            add(widget.text(), type(widget).__name__)
        elif isinstance(widget, QLabel):
            if widget.buddy() is not None and widget.buddy().isVisibleTo(window):
                add(widget.text(), "label")
            elif _mnemonic(widget.text()) and widget.textFormat() != Qt.TextFormat.RichText \
                    and not widget.text().lstrip().startswith("<"):
                literal.append(widget.text())
        elif isinstance(widget, QGroupBox):
            add(QGroupBox.title(widget), "group")
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index) and widget.isTabEnabled(index):
                    add(widget.tabText(index), "tab")
    return {k: v for k, v in letters.items() if len(v) > 1}, literal


def scan_keyboard(window, scope) -> tuple[list[str], list[str]]:
    """Clashes in every state of every tab widget in `scope` (one tab widget at a time)."""
    from PySide6.QtWidgets import QTabWidget

    clashes, literal = set(), set()

    def collect() -> None:
        found, bare = keyboard_letters(window, scope)
        clashes.update(f"Alt+{k.upper()}: " + " / ".join(v) for k, v in found.items())
        literal.update(bare)

    collect()
    for tabs in scope.findChildren(QTabWidget):
        if not tabs.isVisibleTo(window):
            continue
        before = tabs.currentIndex()
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            collect()
        tabs.setCurrentIndex(before)
    return sorted(clashes), sorted(literal)


def _qt():
    from PySide6.QtCore import Qt

    return Qt


def horizontal_bars(view) -> list[str]:
    """Names of every visible scrolling area inside `view` that shows a horizontal bar, and of
    the view itself when it is wider than the area that shows it (cut off at the side)."""
    from PySide6.QtWidgets import QAbstractScrollArea

    found = []
    outer = view.parentWidget()
    while outer is not None and not isinstance(outer, QAbstractScrollArea):
        outer = outer.parentWidget()
    if outer is not None and view.width() > outer.viewport().width():
        found.append(f"the view itself ({view.width()} > {outer.viewport().width()})")
    for area in view.findChildren(QAbstractScrollArea):
        if area.isVisibleTo(view) and area.horizontalScrollBar().isVisible():
            found.append(area.objectName() or area.accessibleName() or type(area).__name__)
    return found


def main(argv: list[str]) -> int:
    width, height, out = int(argv[0]), int(argv[1]), Path(argv[2])
    shots = Path(argv[argv.index("--shots") + 1]) if "--shots" in argv else None
    theme = argv[argv.index("--theme") + 1] if "--theme" in argv else "light"
    folder = Path(tempfile.mkdtemp(prefix="screen-probe-"))
    _set_up_platform(width, height, folder)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

    from PySide6.QtCore import QSettings, QUrl
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QApplication

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(folder / "settings"))
    app = QApplication(["probe"])
    app.setOrganizationName("probe")
    app.setApplicationName("probe")
    QDesktopServices.openUrl = staticmethod(lambda _url: True)  # never start another program
    del QUrl

    from mutual_checklist.ui import fit
    from mutual_checklist.ui.application import build_main_window, fresh_demo
    from mutual_checklist.ui.main_window import apply_theme

    fit.install()
    apply_theme(theme)
    tag = f"{width}x{height}@{os.environ.get('QT_SCALE_FACTOR', '1')}-{theme}"
    probe = Probe(shots, tag)
    window = build_main_window(fresh_demo())
    probe.walk_main_window(window, "project")
    copy = folder / "review copy.mutual"
    from mutual_checklist.export.review_copy import write_review_copy

    write_review_copy(window.session.repo, copy, redacted=True)
    window.session.close()
    window.close()
    review = build_main_window(copy, read_only=True)
    probe.walk_main_window(review, "review-copy")
    review.session.close()
    review.close()

    from mutual_checklist.ui.portfolio_window import PortfolioWindow
    from mutual_checklist.ui.welcome import WelcomeWindow

    portfolio = PortfolioWindow()
    probe.known.add(id(portfolio))
    portfolio.show()
    portfolio.load(folder)
    for _ in range(50):
        probe.settle()
        if portfolio.worker is None:
            break
    probe.context = "portfolio"
    probe.record("view", "portfolio", portfolio, portfolio)
    probe.shoot(portfolio, "portfolio")
    probe.press_everything(portfolio)
    portfolio.close()

    class _Controller:
        def recent_files(self):  # noqa: ANN201
            return []

        def new_project(self):  # noqa: ANN201 - the real "New project" dialog
            from mutual_checklist import resources
            from mutual_checklist.ui import project_dialogs

            return project_dialogs.ask_new_project(None, resources.load_bundled_templates())

        def __getattr__(self, _name):  # noqa: ANN001, ANN204
            return lambda *a, **k: None

    welcome = WelcomeWindow(_Controller())
    probe.known.add(id(welcome))
    welcome.show()
    probe.settle()
    probe.context = "welcome"
    probe.record("view", "welcome", welcome, welcome)
    probe.shoot(welcome, "welcome")
    probe.press_everything(welcome)
    welcome.close()
    probe.timer.stop()
    out.write_text(json.dumps(probe.records, indent=1))
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
