"""Small modal questions, each behind one function so tests can replace it with monkeypatch."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from mutual_checklist.domain.models import Barrier, ChecklistTemplate, CustomStep
from mutual_checklist.ui.widgets.buttons import ok_cancel


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


def ask_custom_step(parent: QWidget, template: ChecklistTemplate,
                    initial: CustomStep | None = None,
                    phase_id: str | None = None) -> CustomStep | None:
    """Ask for the phase, title and guidance of a step the team adds itself."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Edit step" if initial else "Add a step")
    phase = QComboBox()
    phase.setAccessibleName("Phase")
    for p in template.phases:
        phase.addItem(p.title, p.id)
    wanted = initial.phase_id if initial else phase_id
    if wanted and phase.findData(wanted) >= 0:
        phase.setCurrentIndex(phase.findData(wanted))
    title = QLineEdit(initial.title if initial else "")
    title.setAccessibleName("Step title")
    guidance = QPlainTextEdit(initial.guidance if initial else "")
    guidance.setAccessibleName("Guidance")
    buttons = ok_cancel(dialog)
    form = QFormLayout(dialog)
    form.addRow("&Phase:", phase)
    form.addRow("&Title:", title)
    form.addRow("&What to do:", guidance)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted or not title.text().strip():
        return None
    from mutual_checklist.storage.repository import new_id

    return CustomStep(id=initial.id if initial else f"custom-{new_id()[:12]}",
                      phase_id=phase.currentData(), title=title.text().strip(),
                      guidance=guidance.toPlainText(),
                      barriers=initial.barriers if initial else (),
                      owner=initial.owner if initial else "",
                      position=initial.position if initial else 0)


def confirm(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


def offer_save_instead(parent: QWidget, name: str) -> bool:
    """Evidence of a kind that could run a program: say so, offer "Save as…" (True) or cancel."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Not opened",
                      f"“{name}” is a kind of file the app does not open, because it could run "
                      "a program on this computer. You can save a copy and open it yourself, "
                      "but only if you trust where it came from.", parent=parent)
    save = box.addButton("Sa&ve as…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is save


def ask_evidence_link(parent: QWidget) -> tuple[str, str] | None:
    """A name and a web address (https or http) for evidence kept elsewhere, e.g. SharePoint."""
    link, ok = QInputDialog.getText(parent, "Add a link", "Web address of the evidence "
                                    "(starting https://):")
    link = link.strip()
    if not ok or not link:
        return None
    if not link.lower().startswith(("https://", "http://")):
        QMessageBox.information(parent, "Add a link", "Only web addresses starting https:// or "
                                "http:// can be added as links. Add files with “Add file…”.")
        return None
    name, ok = QInputDialog.getText(parent, "Add a link", "A short name for it:", text=link[:80])
    return (name.strip() or link[:80], link) if ok else None
