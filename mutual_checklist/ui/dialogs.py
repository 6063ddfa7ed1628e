"""Small modal questions, each behind one function so tests can replace it with monkeypatch."""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from mutual_checklist.domain.models import Barrier


def ask_not_applicable_reason(parent: QWidget) -> str | None:
    """Ask why a step does not apply; None when cancelled or left empty."""
    text, ok = QInputDialog.getMultiLineText(
        parent, "Not applicable", "Why does this step not apply to your project?\n"
        "(The reason appears in reports.)")
    return text.strip() if ok and text.strip() else None


def ask_blocking_barrier(parent: QWidget, barriers: list[Barrier]) -> str | None:
    """Ask which barrier blocks a step; returns its id, or None when cancelled."""
    labels = [f"{b.title} (score {b.score})" for b in barriers]
    choice, ok = QInputDialog.getItem(parent, "Blocked", "Which barrier blocks this step?",
                                      labels, 0, False)
    return barriers[labels.index(choice)].id if ok and choice in labels else None
