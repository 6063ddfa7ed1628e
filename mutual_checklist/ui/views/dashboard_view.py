"""The Dashboard view (placeholder until it is built)."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mutual_checklist.ui.session import ProjectSession
from mutual_checklist.ui.views.placeholder import PlaceholderView


class DashboardView(PlaceholderView):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__("Dashboard", parent)
        self.session = session
