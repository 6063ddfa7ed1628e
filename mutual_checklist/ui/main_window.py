"""The main window: a sidebar of views (Dashboard, Checklist, Barriers, Stakeholders, Reports),
menus with standard shortcuts, and a banner when the project is read-only."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist import APP_NAME, __version__, paths
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.ui import file_dialogs, fit, project_dialogs
from mutual_checklist.ui.session import ProjectSession
from mutual_checklist.ui.theme import apply_theme, theme_setting  # noqa: F401 - re-exported


class _ViewStack(QStackedWidget):
    """The views, one at a time; only the shown view's minimum size counts, so a short screen
    scrolls the tall view (vertically, never sideways) instead of growing the window."""

    def __init__(self, **kwargs: object):
        super().__init__(**kwargs)
        self.currentChanged.connect(lambda _row: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        current = self.currentWidget()
        return current.minimumSizeHint().expandedTo(current.minimumSize()) if current \
            else super().minimumSizeHint()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        current = self.currentWidget()
        return current.sizeHint() if current else super().sizeHint()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        """The scroll area asks how tall the views must be: as tall as the shown view needs
        at least, not as tall as the tallest view would like to be."""
        current = self.currentWidget()
        return current.minimumSizeHint().height() if current else -1


class _Views(dict):  # type: ignore[type-arg]
    """The window's views by key, each built on first use (see `MainWindow.build_view`)."""

    def __init__(self, window: MainWindow):
        super().__init__()
        self._window = window

    def __missing__(self, key: str) -> QWidget:
        view = self._window.build_view(key)
        self[key] = view
        return view

    def keys(self):  # noqa: ANN201 - every view, built or not
        return [key for key, _, _ in VIEWS]

    def __iter__(self):  # noqa: ANN204
        return iter(self.keys())

    def items(self):  # noqa: ANN201
        return [(key, self[key]) for key in self.keys()]


if TYPE_CHECKING:
    from mutual_checklist.ui.application import AppController

VIEWS = [("dashboard", "Dashboard", "dashboard_view.DashboardView"),
         ("checklist", "Checklist", "checklist_view.ChecklistView"),
         ("barriers", "Barriers", "barriers_view.BarriersView"),
         ("stakeholders", "Stakeholders", "stakeholders_view.StakeholdersView"),
         ("reports", "Reports", "reports_view.ReportsView"),
         ("timeline", "Timeline", "timeline_view.TimelineView"),
         ("options", "Options", "options_view.OptionsView")]
"""(key, sidebar title, class under mutual_checklist.ui.views): imported when first shown."""


def _view_class(dotted: str) -> type:
    import importlib

    module_name, class_name = dotted.rsplit(".", 1)
    module = importlib.import_module(f"mutual_checklist.ui.views.{module_name}")
    return getattr(module, class_name)


class MainWindow(QMainWindow):
    def __init__(self, session: ProjectSession, controller: AppController | None = None):
        super().__init__()
        self.session = session
        self.controller = controller
        self.views = _Views(self)
        self.actions_by_name: dict[str, QAction] = {}
        fit.install()
        from mutual_checklist.ui import focus_ring

        focus_ring.install()
        self._update_title()
        self.resize(fit.preferred_size(self, 1280, 800))
        self.setCentralWidget(self._build_central())
        self._build_menus()
        session.navigate_requested.connect(self.show_view)
        session.project_changed.connect(self._update_title)
        self.statusBar().showMessage("Read-only: nothing can be changed." if session.read_only
                                     else "Every change is saved as you make it.")
        geometry = QSettings().value("window_geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.show_view("dashboard")

    # --- for tests and click-through -------------------------------------------------------------

    @property
    def checklist(self):  # noqa: ANN201 - ChecklistView
        return self.views["checklist"]

    def show_view(self, name: str, item_id: str = "") -> None:
        row = [key for key, _, _ in VIEWS].index(name)
        self.sidebar.setCurrentRow(row)
        if item_id:
            self.views[name].show_item(item_id)  # type: ignore[attr-defined]

    def action(self, name: str) -> QAction:
        return self.actions_by_name[name]

    # --- construction ----------------------------------------------------------------------------

    def _add_action(self, menu, name: str, text: str, slot, shortcut=None,  # noqa: ANN001
                    tip: str = "", edits: bool = False) -> QAction:
        action = QAction(text, self, objectName=f"action-{name}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        if edits and self.session.read_only:
            action.setEnabled(False)
        menu.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        if self.controller is not None:
            c = self.controller
            self._add_action(file_menu, "new-project", "&New project…", c.new_project,
                             QKeySequence.StandardKey.New, "Start a new project from a checklist")
            self._add_action(file_menu, "open-project", "&Open…", c.choose_and_open,
                             QKeySequence.StandardKey.Open, "Open a project file")
            self._add_action(file_menu, "open-demo", "Open the &demo project", c.open_demo)
            self._add_action(file_menu, "restore-backup", "Restore from a &backup…",
                             c.choose_backup, None, "Open a copy of an automatic backup")
            recent = file_menu.addMenu("&Recent projects")
            for path in c.recent_files():
                self._add_action(recent, f"recent-{path.stem}", path.stem,
                                 lambda p=path: c.open_path(p, ask=False))
            file_menu.addSeparator()
        self._add_action(file_menu, "portfolio", "&Portfolio of review copies…",
                         self._open_portfolio, None,
                         "One table of every project in a folder of review copies")
        self._add_action(file_menu, "export-project", "&Export project file…",
                         self._export_project_file, None,
                         "Write a consistent copy of this project, e.g. to send or archive")
        file_menu.addSeparator()
        self._add_action(file_menu, "preferences", "Pre&ferences…", self._preferences,
                         QKeySequence.StandardKey.Preferences, "Appearance and default folder")
        file_menu.addSeparator()
        self._add_action(file_menu, "quit", "&Quit", self.quit_app, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu("&Edit")
        stack = self.session.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setObjectName("action-undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setObjectName("action-redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        project_menu = bar.addMenu("&Project")
        self._add_action(project_menu, "project-details", "Project &details…",
                         self._edit_details, None, "Name, organisation, service and author",
                         edits=True)
        self._add_action(project_menu, "go-live", "Change &go-live date…", self._change_go_live,
                         None, "Move the target date; the first agreed date stays as baseline",
                         edits=True)
        self._add_action(project_menu, "review", "Monthly &review…", self.start_review,
                         "Ctrl+Shift+R", "A guided pass through what needs attention")
        self._add_action(project_menu, "changes", "&Changes since a previous copy…",
                         self._show_changes, None,
                         "Compare with an earlier copy of this project")

        view_menu = bar.addMenu("&View")
        for number, (key, title, _) in enumerate(VIEWS, start=1):
            self._add_action(view_menu, f"view-{key}", f"&{title}",
                             lambda k=key: self.show_view(k), f"Ctrl+{number}")
        view_menu.addSeparator()
        appearance = view_menu.addMenu("&Appearance")
        for scheme, text in (("system", "Follow the &system"), ("light", "&Light"),
                             ("dark", "&Dark")):
            action = self._add_action(appearance, f"theme-{scheme}", text,
                                      lambda s=scheme: self.set_theme(s))
            action.setCheckable(True)
            action.setChecked(theme_setting() == scheme)

        help_menu = bar.addMenu("&Help")
        self._add_action(help_menu, "about-checklist", "About this &checklist…",
                         self._about_checklist, None, "Sources, how firm each step is, disclaimer")
        self._add_action(help_menu, "data-folder", "Where is my &data?", self._data_folder)
        self._add_action(help_menu, "about", f"&About {APP_NAME}", self._about)

    def _build_central(self) -> QWidget:
        self.sidebar = QListWidget(objectName="sidebar")
        self.sidebar.setAccessibleName("Views")
        metrics = self.sidebar.fontMetrics()
        self.sidebar.setFixedWidth(max(metrics.horizontalAdvance(title) for _, title, _ in VIEWS)
                                   + 4 * metrics.averageCharWidth() + 8)
        self.stack = _ViewStack(objectName="views")
        for _key, title, _view_class in VIEWS:
            self.sidebar.addItem(title)
            self.stack.addWidget(QWidget())  # replaced by the view the first time it is shown
        self.sidebar.currentRowChanged.connect(self._on_view_chosen)
        self.header = QLabel(objectName="project-header")
        self.header.setTextFormat(Qt.TextFormat.PlainText)  # user text is never markup
        self.banner = QLabel(objectName="read-only-banner", wordWrap=True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet("background: #fff3cd; color: #3d2e00; padding: 6px; "
                                  "border: 1px solid #d6b656;")
        self.banner.setVisible(self.session.read_only)
        self.banner.setText(f"Read-only. {self.session.repo.read_only_reason}")
        self._update_header()
        self.session.project_changed.connect(self._update_header)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.header)
        self.view_scroll = QScrollArea(objectName="view-scroll", widgetResizable=True)
        self.view_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.view_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view_scroll.setWidget(self.stack)
        right_layout.addWidget(self.view_scroll, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.sidebar)
        layout.addWidget(right, 1)
        return central

    def _on_view_chosen(self, row: int) -> None:
        self.views[VIEWS[row][0]]  # build it now if this is its first showing
        self.stack.setCurrentIndex(row)

    def build_view(self, key: str) -> QWidget:
        """Views are built when first shown, so a big project opens quickly."""
        row = [k for k, _, _ in VIEWS].index(key)
        view = _view_class(VIEWS[row][2])(self.session, self)
        view.setObjectName(f"view-{key}")
        placeholder = self.stack.widget(row)
        current = self.stack.currentIndex()
        self.stack.insertWidget(row, view)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        return view

    def _update_header(self) -> None:
        project = self.session.project
        parts = [project.name, project.organisation]
        if project.go_live_date:
            parts.append(f"go-live {project.go_live_date.strftime('%d %b %Y')}")
        self.header.setText("  ·  ".join(p for p in parts if p))

    def _update_title(self) -> None:
        suffix = " (read-only)" if self.session.read_only else ""
        self.setWindowTitle(f"{self.session.project.name}{suffix} — {APP_NAME}")

    # --- actions ---------------------------------------------------------------------------------

    def _guard(self, action) -> None:  # noqa: ANN001
        try:
            action()
        except (RuleViolation, StorageError) as error:
            QMessageBox.warning(self, APP_NAME, str(error))

    def quit_app(self) -> None:
        """Quit closes every window of the app, the Portfolio window included."""
        from PySide6.QtWidgets import QApplication

        for window in QApplication.topLevelWidgets():
            if window is not self and window.objectName() == "portfolio-window":
                window.close()
        self.close()

    def _open_portfolio(self) -> None:
        from mutual_checklist.ui.portfolio_window import open_portfolio

        self.portfolio = open_portfolio(self)

    def _show_changes(self) -> None:
        from mutual_checklist.ui.changes_dialog import show_changes

        show_changes(self.session, self)

    def start_review(self) -> None:
        from mutual_checklist.ui.review_routine import ReviewRoutine

        self.review = ReviewRoutine(self.session, self)
        self.review.finished_to_report.connect(lambda: self.show_view("reports"))
        self.review.show()

    def _preferences(self) -> None:
        from mutual_checklist.ui import preferences

        chosen = preferences.ask(self, preferences.current())
        if chosen is not None:
            preferences.save(chosen)
            self.set_theme(chosen.theme)

    def set_theme(self, scheme: str) -> None:
        QSettings().setValue("theme", scheme)
        apply_theme(scheme)
        for name in ("system", "light", "dark"):
            self.action(f"theme-{name}").setChecked(name == scheme)

    def _edit_details(self) -> None:
        values = project_dialogs.ask_project_details(self, self.session.project)
        if values is not None:
            self._guard(lambda: self.session.edit_details(values))

    def _change_go_live(self) -> None:
        answer = project_dialogs.ask_go_live(self, self.session.project)
        if answer:
            new_date, reason = answer
            self._guard(lambda: self.session.move_go_live(new_date, reason))

    def _export_project_file(self) -> None:
        suggested = f"{self.session.repo.path.stem} copy.mutual"
        target = file_dialogs.ask_save_path(self, "Export project file", suggested,
                                            file_dialogs.PROJECT_FILTER)
        if target is None:
            return
        try:
            self.session.repo.copy_to(target)
        except StorageError as error:
            QMessageBox.warning(self, APP_NAME, str(error))
            return
        self.statusBar().showMessage(f"Exported a copy to {target}", 8000)

    def _about_checklist(self) -> None:
        from mutual_checklist.ui.about_checklist import AboutChecklistDialog

        AboutChecklistDialog(self.session.template, self).exec()

    def _data_folder(self) -> None:
        QMessageBox.information(
            self, APP_NAME, f"Your projects, automatic backups and the log are kept in:\n"
            f"{paths.data_dir()}\n\nThis project file is:\n{self.session.repo.path}")

    def _about(self) -> None:
        QMessageBox.about(self, APP_NAME, f"{APP_NAME} {__version__}\n\nWorks offline; "
                          "your project stays in one file on this computer.")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        QSettings().setValue("window_geometry", self.saveGeometry())
        super().closeEvent(event)
