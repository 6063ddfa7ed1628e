"""The welcome screen, shown when no project is open: new, open, demo, recent projects."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist import APP_NAME

if TYPE_CHECKING:
    from mutual_checklist.ui.application import AppController


class WelcomeWindow(QWidget):
    def __init__(self, controller: AppController):
        super().__init__()
        self.controller = controller
        self.setWindowTitle(APP_NAME)
        self.resize(560, 480)
        title = QLabel(f"<h2>{APP_NAME}</h2>")
        intro = QLabel("Plan and track your service's move to an employee-owned mutual: what to "
                       "do next, progress against your go-live date, barriers and the people "
                       "who decide. Everything stays on this computer.", wordWrap=True)
        new = QPushButton("&New project…", objectName="welcome-new")
        new.clicked.connect(controller.new_project)
        open_ = QPushButton("&Open a project file…", objectName="welcome-open")
        open_.clicked.connect(controller.choose_and_open)
        demo = QPushButton("Explore the &demo project", objectName="welcome-demo")
        demo.clicked.connect(controller.open_demo)
        self.recent = QListWidget(objectName="welcome-recent")
        self.recent.setAccessibleName("Recent projects")
        for path in controller.recent_files():
            item = QListWidgetItem(path.stem)
            item.setToolTip(str(path))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.recent.addItem(item)
        self.recent.itemActivated.connect(
            lambda item: controller.open_path(item.data(Qt.ItemDataRole.UserRole), ask=False))
        layout = QVBoxLayout(self)
        for widget in (title, intro, new, open_, demo):
            layout.addWidget(widget)
        layout.addWidget(QLabel("&Recent projects:", buddy=self.recent))
        layout.addWidget(self.recent, 1)
