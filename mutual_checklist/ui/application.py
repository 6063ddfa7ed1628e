"""Start the desktop app and move between projects: open, new, demo, recent, welcome screen."""
from __future__ import annotations

import logging
import os
import re
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from mutual_checklist import APP_NAME, evidence_files, log, paths, resources
from mutual_checklist.domain.models import Project
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.export import interchange
from mutual_checklist.storage import atomic, locations
from mutual_checklist.storage.errors import (
    DamagedFile,
    NotAProjectFile,
    StorageError,
    StorageUnavailable,
)
from mutual_checklist.storage.project_lock import (
    Holder,
    ProjectLock,
    current_user,
    lock_path,
    read_holder,
)
from mutual_checklist.storage.recovery import move_aside
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui import file_dialogs, project_dialogs
from mutual_checklist.ui.main_window import MainWindow
from mutual_checklist.ui.session import ProjectSession

logger = logging.getLogger("mutual_checklist.ui")
MAX_RECENT = 8


class _FirstPaint(QObject):
    """Reports the first paint of a widget in `window`, then quits (used by --smoke-test)."""

    def __init__(self, started_ms_ago: Callable[[], float], window: QWidget):
        super().__init__()
        self._started_ms_ago = started_ms_ago
        self._window = window
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and not self.done \
                and isinstance(watched, QWidget) and watched.window() is self._window:
            self.done = True
            print(f"project shown after {self._started_ms_ago():.0f} ms", flush=True)
            QTimer.singleShot(0, self._finish)
        return False

    def _finish(self) -> None:
        """Quit; for a packaging check, first build every view (they are imported by name)."""
        try:
            if os.environ.get("MUTUAL_CHECKLIST_SMOKE_ALL_VIEWS"):
                for key in self._window.views.keys():
                    self._window.show_view(key)
                    QApplication.processEvents()
        finally:
            QApplication.quit()


def demo_path() -> Path:
    return paths.projects_dir() / "Demo project.mutual"


def fresh_demo() -> Path:
    """Write a fresh copy of the demo project in the data folder and return its path."""
    from mutual_checklist.demo import DEMO_TEMPLATE_ID, build_demo

    path = demo_path()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    lock_path(path).unlink(missing_ok=True)
    template = resources.find_bundled_template(DEMO_TEMPLATE_ID)
    assert template is not None, "the demo checklist is bundled"
    build_demo(path, template, resources.template_text(DEMO_TEMPLATE_ID)).close()
    return path


IN_USE_REASON = ("This project is open in another Mutual Checklist window, so it is open "
                 "read-only here. Close it there to edit it here.")


UNWRITABLE_FOLDER_REASON = ("This project (or its folder) cannot be written from here, so it is "
                            "open read-only.")


def project_lock(path: Path) -> ProjectLock:
    """The lock file beside the project, honoured by every instance whatever its data folder."""
    return ProjectLock(path)


def in_use_reason(holder: Holder) -> str:
    if holder.is_this_process or (holder.same_machine and not holder.gone
                                  and holder.user == current_user()):
        return IN_USE_REASON
    return (f"{holder.describe()} is editing this project, so it is open read-only here. "
            "Ask them to close it, then open it again.")


def open_session(path: Path, read_only: bool = False, take_over: bool = False) -> ProjectSession:
    """Open a project for this window; if another instance is editing it, open it read-only.

    `take_over`: the user chose to edit although the lock names someone else (who has left).
    """
    from mutual_checklist.use_cases import project_template

    lock, holder, unwritable = None, None, False
    if not read_only:
        lock = project_lock(path)
        try:
            if take_over:
                lock.take_over()
            else:
                holder = lock.acquire()
        except StorageError:
            lock, unwritable, read_only = None, True, True
        if holder is not None:
            lock, read_only = None, True
    try:
        repo = _open_repo(path, read_only)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if repo.read_only_reason == "Opened read-only.":
        if holder is not None:
            repo.explain_read_only(in_use_reason(holder))
        elif unwritable:
            repo.explain_read_only(UNWRITABLE_FOLDER_REASON)
    try:
        session = ProjectSession(repo, project_template(repo))
    except Exception:
        repo.close()
        if lock is not None:
            lock.release()
        raise
    session.lock = lock  # released when the session closes
    session.lock_holder = holder
    return session


def _open_repo(path: Path, read_only: bool) -> ProjectRepository:
    """Open for editing; a file this user may not write is opened read-only instead."""
    try:
        return ProjectRepository.open(path, read_only=read_only)
    except StorageUnavailable:
        if read_only or os.access(path, os.W_OK):
            raise
    repo = ProjectRepository.open(path, read_only=True)
    repo.explain_read_only(UNWRITABLE_FOLDER_REASON)
    return repo


def build_main_window(path: Path, controller: AppController | None = None,
                      read_only: bool = False, take_over: bool = False) -> MainWindow:
    """The same path `main()` takes, for tests: open the project and build the window."""
    return MainWindow(open_session(path, read_only, take_over), controller)


def is_review_copy(path: Path) -> bool:
    """True when `path` is a review copy someone sent (read without changing it)."""
    try:
        with ProjectRepository.open(path, read_only=True) as repo:
            return repo.project().is_review_copy
    except Exception:  # noqa: BLE001 - unreadable: the normal open path explains why
        return False


def unique_project_path(name: str) -> Path:
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .")[:80] or "Project"
    path = paths.projects_dir() / f"{stem}.mutual"
    number = 2
    while path.exists():
        path = paths.projects_dir() / f"{stem} ({number}).mutual"
        number += 1
    return path


class AppController(QObject):
    """Owns the open window and moves between projects; remembers recent files."""

    def __init__(self) -> None:
        super().__init__()
        self.window: MainWindow | None = None
        self.welcome = None
        self.shell: QWidget | None = None  # the start-up shell, closed when a window replaces it
        opened = getattr(QApplication.instance(), "file_opened", None)  # macOS Finder
        if opened is not None:
            opened.connect(lambda path: self.open_path(Path(path)))
        self.settings = QSettings()

    # --- recent files ----------------------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        stored = self.settings.value("recent_files", []) or []
        if isinstance(stored, str):
            stored = [stored]
        return [Path(p) for p in stored if Path(p).exists()]

    def _remember(self, path: Path) -> None:
        recent = [str(path)] + [str(p) for p in self.recent_files() if p != path]
        self.settings.setValue("recent_files", recent[:MAX_RECENT])
        self.settings.setValue("last_project", str(path))

    # --- opening ---------------------------------------------------------------------------------

    def start(self, file: Path | None, demo: bool) -> bool:
        """Open what the command line asked for, else the last project, else the welcome screen."""
        if demo:
            return self.open_demo()
        if file:
            return self.open_path(file, ask=True)
        last = self.settings.value("last_project", "")
        if last and Path(last).exists() and self.open_path(Path(last), ask=False):
            return True
        self.show_welcome()
        return True

    def open_demo(self) -> bool:
        return self.open_path(fresh_demo(), ask=False, remember=False)

    def open_path(self, path: Path, *, ask: bool = True, read_only: bool = False,
                  remember: bool = True) -> bool:
        path = Path(path)
        inside = paths.projects_dir().resolve() in path.resolve().parents
        if ask and not inside and not read_only and path.exists():
            mode = (project_dialogs.ask_open_review_copy(self.window, path.name)
                    if is_review_copy(path) else
                    project_dialogs.ask_open_mode(self.window, path.name,
                                                  locations.shared_folder_kind(path)))
            if mode is None:
                return False
            if mode == project_dialogs.OPEN_HERE:
                pass
            elif mode == project_dialogs.OPEN_COPY:
                try:
                    path = self._copy_into_projects(path)
                except StorageError as error:
                    self._error(str(error))
                    return False
            else:
                read_only = True
        take_over = False
        if not read_only and path.exists():
            holder = read_holder(path)
            if holder is not None and not holder.gone and not holder.is_this_process:
                take_over = project_dialogs.ask_take_over(self.window or self.welcome,
                                                          path.name, holder.describe())
        try:
            window = build_main_window(path, self, read_only=read_only, take_over=take_over)
        except (DamagedFile, NotAProjectFile) as error:
            return self._offer_backup(path, str(error))
        except StorageError as error:
            self._error(str(error))
            return False
        except Exception as error:  # noqa: BLE001 - a template or data problem: say so, log it
            log.error_without_content(logger, "could not open a project", error)
            self._error(f"{path.name} could not be opened: something in it is not as this "
                        f"version expects. It has been left as it was.\nDetails are in the log.")
            return False
        if window.session.repo.schema_problems:
            return self._offer_clean_copy(window, path)
        if remember and not window.session.read_only:
            self._remember(path)
        self._replace_window(window)
        self._take_automatic_backup(window)
        self._warn_if_shared(window, path)
        return True

    def _warn_if_shared(self, window: MainWindow, path: Path) -> None:
        kind = locations.shared_folder_kind(path)
        if kind and not window.session.read_only:
            logger.info("project opened from a %s", kind)
            window.statusBar().showMessage(locations.shared_folder_warning(kind), 30000)

    def _offer_clean_copy(self, window: MainWindow, path: Path) -> bool:
        """A file with unexpected (or missing) tables, triggers or views: read-only, or rebuilt."""
        if project_dialogs.ask_clean_copy(self.window or self.welcome, path.name):
            window.session.close()
            window.deleteLater()
            try:
                target = self._clean_copy(path)
            except (StorageError, interchange.ImportRejected) as error:
                self._error(str(error))
                return False
            return self.open_path(target, ask=False)
        self._replace_window(window)
        return True

    def _clean_copy(self, source: Path) -> Path:
        from mutual_checklist.use_cases import template_lookup
        from mutual_checklist.export.clean_copy import write_clean_copy

        target = unique_project_path(f"{source.stem} (clean copy)")
        write_clean_copy(source, target, template_lookup).close()
        return target

    def _take_automatic_backup(self, window: MainWindow) -> None:
        try:
            taken = window.session.repo.automatic_backup(paths.backups_dir())
        except StorageError as error:
            window.statusBar().showMessage(f"Automatic backup not taken: {error}", 15000)
            return
        if taken is not None:
            window.statusBar().showMessage(f"Automatic backup saved: {taken.name}", 8000)

    def _offer_backup(self, path: Path, problem: str) -> bool:
        """A damaged file: offer the newest sound backup of this project (found by the project's
        id inside the file, never by its name); on yes the damaged file is moved aside once."""
        from mutual_checklist.storage.backup import newest_sound_backup, project_at

        owner = project_at(paths.backups_dir(), path) if path.exists() else None
        found = newest_sound_backup(paths.backups_dir(), owner) if owner else None
        if found is None:
            self._error(f"{problem}\nNo backup of this project was found.")
            return False
        if not project_dialogs.confirm_restore(self.window or self.welcome, problem, found.name):
            return False
        try:
            aside = move_aside(path)
        except OSError as error:
            log.error_without_content(logger, "could not move a damaged file aside", error)
            return self.restore_backup(found)
        logger.info("damaged project moved aside before restoring a backup")
        return self.restore_backup(found, target=path if aside != path else None)

    def restore_backup(self, backup: Path, target: Path | None = None) -> bool:
        """Open a copy of a backup as a project; an existing file is never overwritten."""
        from mutual_checklist.storage.backup import original_stem

        if target is None or target.exists():
            target = unique_project_path(f"{original_stem(backup)} (restored)")
        try:
            with ProjectRepository.open(backup, read_only=True) as repo:
                repo.copy_to(target)
        except StorageError as error:
            self._error(str(error))
            return False
        return self.open_path(target, ask=False)

    def choose_backup(self) -> bool:
        from mutual_checklist.storage.backup import backups_of

        owner = self.window.session.project.uuid if self.window else ""
        backups = backups_of(paths.backups_dir(), owner) if owner else []
        chosen = project_dialogs.ask_backup(self.window, backups)
        return self.restore_backup(chosen) if chosen else False

    def _copy_into_projects(self, source: Path) -> Path:
        """A copy in the projects folder; a file with unexpected parts is rebuilt from its data
        (through the interchange format), so planted triggers or views never come along."""
        with ProjectRepository.open(source, read_only=True) as repo:
            if not repo.schema_problems:
                target = unique_project_path(source.stem)
                repo.copy_to(target)
                return target
        return self._clean_copy(source)

    def _replace_window(self, window: MainWindow) -> None:
        old, self.window = self.window, window
        if self.welcome is not None:
            self.welcome.close()
            self.welcome = None
        window.show()
        if old is not None:
            old.close()
        self._close_shell()

    def _close_shell(self) -> None:
        if self.shell is not None:
            self.shell.close()
            self.shell = None

    def new_project(self) -> bool:
        templates = resources.load_bundled_templates()
        request = project_dialogs.ask_new_project(self.window or self.welcome, templates)
        if request is None:
            return False
        template = next(t for t in templates if t.id == request.template_id)
        path = unique_project_path(request.name)
        project = Project(uuid=uuid.uuid4().hex, name=request.name, template_id=template.id,
                          template_version=template.version, organisation=request.organisation,
                          service=request.service, plan_start=request.start)
        try:
            with ProjectRepository.create(path, project, resources.template_text(template.id)) \
                    as repo:
                repo.set_go_live(request.go_live)
                repo.apply_profile(template, request.profile)
        except StorageError as error:
            self._error(str(error))
            return False
        return self.open_path(path, ask=False)

    def choose_and_open(self) -> bool:
        path = file_dialogs.ask_open_path(self.window or self.welcome, "Open project")
        return self.open_path(path) if path else False

    def show_welcome(self) -> None:
        from mutual_checklist.ui.welcome import WelcomeWindow

        self.welcome = WelcomeWindow(self)
        self.welcome.show()
        self._close_shell()

    def _error(self, message: str) -> None:
        QMessageBox.critical(self.window or self.welcome or self.shell, APP_NAME, message)


def install_error_hook() -> None:
    """Unexpected errors in slots: log them, tell the user plainly, keep the app running.

    Every change is committed as it is made, so nothing already saved is lost.
    """
    def hook(kind, value, tb) -> None:  # noqa: ANN001
        log.error_without_content(logger, "unexpected error", value, tb)
        details = str(value) if isinstance(value, (StorageError, RuleViolation)) else \
            f"an internal error ({kind.__name__})"
        QMessageBox.warning(
            QApplication.activeWindow(), APP_NAME,
            "Something went wrong, but your saved work is safe: every change is saved as you "
            f"make it.\n\nWhat happened: {details}\n\nThe details are in {log.log_path()}.")
    sys.excepthook = hook


def fill(shell: QWidget, *, file: Path | None, demo: bool, smoke_test: bool,
         started_ms_ago: Callable[[], float]) -> Callable[[int], int]:
    """Right after the start-up shell's first paint: open the project, put its window in the
    shell's place. Returns what to run when the event loop ends (it gives the exit code)."""
    app = QApplication.instance()
    if smoke_test:
        try:
            window = build_main_window(file if file else fresh_demo())
        except StorageError as error:
            print(f"mutual-checklist: {error}", file=sys.stderr)
            app.exit(1)
            return lambda _code: 1
        watcher = _FirstPaint(started_ms_ago, window)
        app.installEventFilter(watcher)
        window.show()
        shell.close()

        def finish_smoke_test(code: int) -> int:
            app.removeEventFilter(watcher)
            window.session.close()
            if not watcher.done:
                print("mutual-checklist: the window was never painted", file=sys.stderr)
                return 1
            return code
        return finish_smoke_test
    install_error_hook()
    from mutual_checklist.ui import fit, focus_ring

    fit.install()  # every later window and dialog fits the screen
    focus_ring.install()
    atomic.clean_data_folder()
    evidence_files.empty_opened_folder()  # copies opened last time are not kept
    controller = AppController()
    controller.shell = shell
    if not controller.start(file, demo) and controller.window is None:
        controller.show_welcome()

    def finish(code: int) -> int:
        if controller.window is not None:
            controller.window.session.close()
        return code
    return finish

