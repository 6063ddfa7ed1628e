"""The main window: a sidebar of views (Dashboard, Checklist, Barriers, Stakeholders, Reports)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist import APP_NAME
from mutual_checklist.ui.session import ProjectSession
from mutual_checklist.ui.views.barriers_view import BarriersView
from mutual_checklist.ui.views.checklist_view import ChecklistView
from mutual_checklist.ui.views.dashboard_view import DashboardView
from mutual_checklist.ui.views.reports_view import ReportsView
from mutual_checklist.ui.views.stakeholders_view import StakeholdersView

VIEWS = [("dashboard", "Dashboard", DashboardView), ("checklist", "Checklist", ChecklistView),
         ("barriers", "Barriers", BarriersView), ("stakeholders", "Stakeholders", StakeholdersView),
         ("reports", "Reports", ReportsView)]


class MainWindow(QMainWindow):
    def __init__(self, session: ProjectSession):
        super().__init__()
        self.session = session
        self.setWindowTitle(f"{session.project.name} — {APP_NAME}")
        self.resize(1280, 800)
        self.views: dict[str, QWidget] = {}
        self._build_menus()
        self.setCentralWidget(self._build_central())
        session.navigate_requested.connect(self.show_view)
        if session.read_only:
            self.statusBar().showMessage(f"Read-only: {session.repo.read_only_reason}")
        else:
            self.statusBar().showMessage("Every change is saved as you make it.")
        self.show_view("checklist")

    # --- for tests and click-through -------------------------------------------------------------

    @property
    def checklist(self) -> ChecklistView:
        return self.views["checklist"]  # type: ignore[return-value]

    def show_view(self, name: str, item_id: str = "") -> None:
        row = [key for key, _, _ in VIEWS].index(name)
        self.sidebar.setCurrentRow(row)
        if item_id:
            self.views[name].show_item(item_id)  # type: ignore[attr-defined]

    # --- construction ----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self, objectName="action-quit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        stack = self.session.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setObjectName("action-undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setObjectName("action-redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        view_menu = self.menuBar().addMenu("&View")
        for number, (key, title, _) in enumerate(VIEWS, start=1):
            action = QAction(f"&{title}", self, objectName=f"action-view-{key}")
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, k=key: self.show_view(k))
            view_menu.addAction(action)

    def _build_central(self) -> QWidget:
        self.sidebar = QListWidget(objectName="sidebar")
        self.sidebar.setAccessibleName("Views")
        self.sidebar.setMaximumWidth(140)
        self.stack = QStackedWidget(objectName="views")
        for key, title, view_class in VIEWS:
            self.sidebar.addItem(title)
            view = view_class(self.session, self)
            view.setObjectName(f"view-{key}")
            self.views[key] = view
            self.stack.addWidget(view)
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        header = QLabel(self._header_text(), objectName="project-header")
        header.setTextFormat(Qt.TextFormat.PlainText)  # user text is never markup
        self.session.project_changed.connect(lambda: header.setText(self._header_text()))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(header)
        right_layout.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.sidebar)
        layout.addWidget(right, 1)
        return central

    def _header_text(self) -> str:
        project = self.session.project
        parts = [project.name, project.organisation]
        if project.go_live_date:
            parts.append(f"go-live {project.go_live_date.strftime('%d %b %Y')}")
        return "  ·  ".join(p for p in parts if p)
