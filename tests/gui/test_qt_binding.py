"""Guard against a Qt binding that leaks references to None (PySide6 6.12.0 on Python 3.11).

With that build every Qt call that returns nothing dropped one reference to None, and the app
aborted with "none_dealloc" after a few thousand clicks. pyproject.toml excludes it; this test
fails if a leaking build is ever installed again.
"""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_do_not_leak_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setEnabled(True)
        label.setText("x")
    assert sys.getrefcount(None) >= before - 50
