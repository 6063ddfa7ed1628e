"""About this checklist: what it is based on, how firm each step is, sources and disclaimer."""
from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain.models import Basis, ChecklistTemplate


def about_text(template: ChecklistTemplate) -> str:
    """Markdown describing the checklist; template text is escaped before it becomes Markdown."""
    counts = Counter(step.basis for step in template.steps)
    lines = [f"# {template.title}", f"Version {template.version}", "", template.summary, "",
             "## Disclaimer", "", template.disclaimer, "", "## How firm each step is", ""]
    lines += [f"- **{basis.label}**: {counts.get(basis, 0)} steps" for basis in Basis]
    lines += ["", "## Sources", ""]
    for source in template.sources:
        note = f" {source.note}" if source.note else ""
        lines.append(f"- {source.title}, {source.organisation}, {source.year}.{note}")
    return "\n".join(lines)


class AboutChecklistDialog(QDialog):
    def __init__(self, template: ChecklistTemplate, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("About this checklist")
        self.resize(720, 640)
        self.text = QTextBrowser(objectName="about-checklist")
        self.text.setOpenLinks(False)
        self.text.setMarkdown(about_text(template))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


