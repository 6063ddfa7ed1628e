"""The first second: paint a window shell at once, then open the project and fill it.

Only Qt and this module run before the first paint. The project, its storage (sqlite-utils), the
main window and its views are imported and built right after, from the event loop, and the
filled window takes the shell's place at the same size and position.
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from mutual_checklist import APP_ID, APP_NAME, ORG_NAME, __version__, resources


def app_icon() -> QIcon:
    icon = QIcon()
    for path in resources.app_icon_files():
        icon.addFile(str(path))
    return icon


class Application(QApplication):
    """Remembers the files the desktop asks it to open (macOS sends a FileOpen event for a
    double-clicked .mutual file, at launch or while running), and says so."""

    file_opened = Signal(str)

    def __init__(self, argv: list[str]):
        super().__init__(argv)
        self.opened_files: list[str] = []

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and event.file():
            self.opened_files.append(event.file())
            self.file_opened.emit(event.file())
            return True
        return super().event(event)


def make_application() -> QApplication:
    app = QApplication.instance() or Application(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)  # window ↔ .desktop file, taskbar icon
    app.setWindowIcon(app_icon())
    return app


class StartupShell(QMainWindow):
    """An empty main window with the project's name, shown while the project opens."""

    def __init__(self, text: str):
        super().__init__()
        self.setObjectName("startup-shell")
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 800)
        geometry = QSettings().value("window_geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        label = QLabel(text, alignment=Qt.AlignmentFlag.AlignCenter)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.setCentralWidget(label)


class _Painted(QObject):
    """Calls `then` once, right after the first paint of a widget inside `window`."""

    def __init__(self, window: QMainWindow, then: Callable[[], None]):
        super().__init__(window)
        self._window, self._then = window, then
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and getattr(watched, "window", None) \
                and watched.window() is self._window:
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def run_gui(*, file: Path | None, demo: bool, smoke_test: bool,
            started_ms_ago: Callable[[], float]) -> int:
    app = make_application()
    if not smoke_test:
        from mutual_checklist.ui.theme import apply_theme, theme_setting

        apply_theme(theme_setting())
    shell = StartupShell(f"Opening “{file.stem}”…" if file else
                         "Opening the demo project…" if demo or smoke_test else "Starting…")
    state: dict[str, object] = {}

    def fill() -> None:
        if smoke_test:
            print(f"first paint after {started_ms_ago():.0f} ms", flush=True)
        try:
            from mutual_checklist.ui import application

            opened = getattr(app, "opened_files", [])  # a file the desktop handed over
            chosen = file or (Path(opened[0]) if opened else None)
            state["result"] = application.fill(shell, file=chosen, demo=demo,
                                               smoke_test=smoke_test,
                                               started_ms_ago=started_ms_ago)
        except Exception as error:  # a broken install: say so instead of hanging on the shell
            logging.getLogger("mutual_checklist.ui").exception("could not start")
            print(f"mutual-checklist: could not start ({type(error).__name__}: {error})",
                  file=sys.stderr)
            if not smoke_test:
                QMessageBox.critical(shell, APP_NAME, f"{APP_NAME} could not start: {error}\n\n"
                                     "Reinstalling it should put this right.")
            app.exit(1)

    _Painted(shell, fill)
    if smoke_test:
        QTimer.singleShot(30_000, lambda: app.exit(3))  # never hang a pipeline
    shell.show()
    code = app.exec()
    finish = state.get("result")
    return finish(code) if callable(finish) else code
