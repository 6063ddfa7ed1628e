"""The Reports view (placeholder until it is built)."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mutual_checklist.ui.session import ProjectSession
from mutual_checklist.ui.views.placeholder import PlaceholderView


class ReportsView(PlaceholderView):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__("Reports", parent)
        self.session = session
