"""About this checklist: what it is based on, how firm each step is, sources and disclaimer."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain.dates import uk_date
from mutual_checklist.domain.models import Basis, ChecklistTemplate


def checked_text(template: ChecklistTemplate, today: dt.date | None = None) -> str:
    """When the content was last checked against its sources, plainly, with a warning if old."""
    if template.checked_on is None:
        return "This checklist does not say when its content was last checked."
    today = today or dt.date.today()
    text = f"The content was last checked against its sources on {uk_date(template.checked_on)}."
    if (today - template.checked_on).days > 365:
        text += (" **That is more than 12 months ago: laws, limits and schemes may have changed "
                 "since. Check each legal point with an adviser before you rely on it, or look "
                 "for a newer version of the checklist.**")
    return text


def about_text(template: ChecklistTemplate, today: dt.date | None = None) -> str:
    """Markdown describing the checklist; template text is escaped before it becomes Markdown."""
    counts = Counter(step.basis for step in template.steps)
    legal = sum(1 for step in template.steps if step.legal)
    lines = [f"# {template.title}", f"Version {template.version}", "",
             checked_text(template, today), "", template.summary, "",
             "## Disclaimer", "", template.disclaimer, "", "## How firm each step is", ""]
    lines += [f"- **{basis.label}**: {counts.get(basis, 0)} steps" for basis in Basis]
    if legal:
        lines += ["", f"{legal} steps state the law; each lists its sources and the date they "
                      "were last checked."]
    lines += ["", "## Sources", ""]
    for source in template.sources:
        note = f" {source.note}" if source.note else ""
        where = f" <{source.url}>" if source.url else ""
        lines.append(f"- {source.title}, {source.organisation}, {source.year}.{note}{where}")
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


