"""GUI fixtures: a real main window on a fresh demo project."""
from __future__ import annotations

import pytest

from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui.application import build_main_window, fresh_demo


@pytest.fixture
def demo_window(qtbot):
    win = build_main_window(fresh_demo())
    qtbot.addWidget(win)
    win.show()
    yield win
    win.session.close()


def stored(win):
    """Open the project file afresh, read-only, as a second program would."""
    return ProjectRepository.open(win.session.repo.path, read_only=True)
