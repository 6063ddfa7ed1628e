"""Start the desktop app: QApplication, open the project, show the window, handle --smoke-test."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from mutual_checklist import APP_NAME, ORG_NAME, __version__, paths, resources
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui.main_window import MainWindow
from mutual_checklist.ui.session import ProjectSession


class _FirstPaint(QObject):
    """Reports the first paint of a widget, then quits (used by --smoke-test)."""

    def __init__(self, started_ms_ago: Callable[[], float]):
        super().__init__()
        self._started_ms_ago = started_ms_ago
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            print(f"first paint after {self._started_ms_ago():.0f} ms", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def demo_path() -> Path:
    return paths.projects_dir() / "Demo project.mutual"


def fresh_demo() -> Path:
    """Write a fresh copy of the demo project in the data folder and return its path."""
    from mutual_checklist.demo import DEMO_TEMPLATE_ID, build_demo

    path = demo_path()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    template = resources.find_bundled_template(DEMO_TEMPLATE_ID)
    assert template is not None, "the demo checklist is bundled"
    build_demo(path, template, resources.template_text(DEMO_TEMPLATE_ID)).close()
    return path


def open_session(path: Path) -> ProjectSession:
    from mutual_checklist.cli import project_template

    repo = ProjectRepository.open(path)
    try:
        return ProjectSession(repo, project_template(repo))
    except Exception:
        repo.close()
        raise


def build_main_window(path: Path) -> MainWindow:
    """The same path `main()` takes, for tests: open the project and build the window."""
    return MainWindow(open_session(path))


def run_gui(*, file: Path | None, demo: bool, smoke_test: bool,
            started_ms_ago: Callable[[], float]) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    try:
        path = file if file else fresh_demo()
        window = build_main_window(path)
    except StorageError as error:
        if smoke_test:
            print(f"mutual-checklist: {error}", file=sys.stderr)
            return 1
        QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    except Exception as error:  # noqa: BLE001 - keep the message plain; details go to the log
        import logging

        logging.getLogger("mutual_checklist.ui").exception("could not open %s", file)
        print(f"mutual-checklist: could not open the project: {error}", file=sys.stderr)
        return 1
    watcher = _FirstPaint(started_ms_ago)
    if smoke_test:
        app.installEventFilter(watcher)
        QTimer.singleShot(30_000, lambda: app.exit(3))  # never hang a pipeline
    window.show()
    code = app.exec()
    window.session.close()
    if smoke_test and not watcher.done:
        print("mutual-checklist: the window was never painted", file=sys.stderr)
        return 1
    return code
