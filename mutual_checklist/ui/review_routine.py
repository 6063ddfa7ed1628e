"""The monthly review: a guided pass through what needs attention, ending at the report.

Pages: steps that have gone stale, barriers past their review date, contacts due, and the
delivery-confidence rating. Each item can be opened where it lives; the rating is set here.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from mutual_checklist.domain import progress, readiness, risk
from mutual_checklist.domain.models import Rating, StepStatus
from mutual_checklist.ui.session import ProjectSession

STALE_AFTER_DAYS = 30


def today() -> dt.date:
    return dt.date.today()


def stale_steps(session: ProjectSession, on: dt.date) -> list[tuple[str, str]]:
    """(step id, why) for steps in progress or blocked with no change for a month, or overdue."""
    data = session.repo.load_all(history=False)
    found: dict[str, str] = {}
    for due in progress.overdue_steps(session.template, data, on):
        found[due.step_id] = f"overdue since {due.due.strftime('%d/%m/%Y')}"
    for step_id, state in data.step_states.items():
        if state.status in (StepStatus.IN_PROGRESS, StepStatus.BLOCKED) and state.updated_at:
            changed = dt.date.fromisoformat(state.updated_at[:10])
            if (on - changed).days > STALE_AFTER_DAYS and step_id not in found:
                found[step_id] = f"{state.status.label.lower()}, no change since " \
                                 f"{changed.strftime('%d/%m/%Y')}"
    return sorted(found.items())


class _ListPage(QWizardPage):
    """A page listing items; activating one opens it in its view (the wizard stays open)."""

    def __init__(self, title: str, intro: str, empty: str, view: str,
                 items: list[tuple[str, str]], session: ProjectSession):
        super().__init__()
        self.setTitle(title)
        self.list = QListWidget()
        self.list.setAccessibleName(title)
        self.list.setWordWrap(True)  # long items wrap: no sideways scroll
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for item_id, text in items:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, item_id)
            self.list.addItem(item)
        if not items:
            self.list.addItem(empty)
        self.list.itemActivated.connect(
            lambda item: item.data(Qt.ItemDataRole.UserRole) and
            session.navigate_requested.emit(view, item.data(Qt.ItemDataRole.UserRole)))
        label = QLabel(intro, wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)


class _RatingPage(QWizardPage):
    def __init__(self, session: ProjectSession, on: dt.date):
        super().__init__()
        self.session = session
        self.setTitle("Delivery confidence")
        suggested, reasons = readiness.suggested_rating(session.template, session.repo.load_all(history=False),
                                                        on)
        self.suggested = suggested
        why = "\n".join(f"• {r}" for r in reasons)
        evidence = QLabel(f"The evidence suggests: {suggested.label}\n{why}", wordWrap=True)
        evidence.setTextFormat(Qt.TextFormat.PlainText)
        self.rating = QComboBox()
        self.rating.setAccessibleName("Your delivery-confidence rating")
        for rating in Rating:
            self.rating.addItem(rating.label, rating.value)
        current = session.project.rating or suggested
        self.rating.setCurrentIndex(self.rating.findData(current.value))
        self.reason = QPlainTextEdit(session.project.rating_reason)
        self.reason.setAccessibleName("Reason for your rating")
        self.warning = QLabel(wordWrap=True)
        evidence_box = QScrollArea(widgetResizable=True)  # long reasons scroll, never cut
        evidence_box.setFrameShape(QScrollArea.Shape.NoFrame)
        evidence_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        evidence_box.setWidget(evidence)
        evidence_box.setMinimumHeight(evidence.fontMetrics().height() * 3)
        layout = QVBoxLayout(self)
        layout.addWidget(evidence_box, 1)
        layout.addWidget(QLabel("Your rating:"))
        layout.addWidget(self.rating)
        layout.addWidget(QLabel("Why (needed when it differs from the evidence):"))
        layout.addWidget(self.reason)
        layout.addWidget(self.warning)

    def chosen(self) -> tuple[Rating, str]:
        return Rating(self.rating.currentData()), self.reason.toPlainText().strip()

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        rating, reason = self.chosen()
        if rating != self.suggested and not reason:
            self.warning.setText("Please say why your rating differs from the one the evidence "
                                 "suggests.")
            return False
        if self.session.read_only:
            return True
        old = (self.session.project.rating, self.session.project.rating_reason)
        if (rating, reason) != old:
            def apply() -> None:
                self.session.repo.set_rating(rating, reason)
                self.session.refresh_project()

            def revert() -> None:
                self.session.repo.set_rating(*old)
                self.session.refresh_project()

            self.session.push_change(f"Set delivery confidence to {rating.label}", apply, revert)
        return True


class ReviewRoutine(QWizard):
    """Signals: finished_to_report(): the review is done; show the Reports view."""

    finished_to_report = Signal()

    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Monthly review")
        on = today()
        data = session.repo.load_all(history=False)
        steps = [(sid, f"{session.step_title(sid)}: {why}") for sid, why in stale_steps(session, on)]
        barriers = [(b.id, f"{b.title} (score {b.score}, {risk.RAG_LABELS[risk.rag(b.score)]}; "
                           f"review was due {b.review_date.strftime('%d/%m/%Y')})")
                    for b in risk.barriers_past_review(data.barriers, on)]
        contacts = [(d.contact.id, f"{d.contact.name} ({d.contact.role}): due "
                                   f"{d.due.strftime('%d/%m/%Y')}")
                    for d in readiness.contacts_due(data.contacts, data.interactions, on)]
        contacts += [(c.id, f"{c.name}: review whether to keep their details (retention review "
                            f"was due {c.retention_review_date.strftime('%d/%m/%Y')}); "
                            "anonymise or erase them if no longer needed")
                     for c in data.contacts if c.retention_review_date and not c.anonymised
                     and c.retention_review_date <= on]
        self.pages = [
            _ListPage("Steps that need attention", "These steps are overdue or have not moved "
                      "for a month. Open each one (double-click or Enter) and update it.",
                      "Nothing here: every step is moving.", "checklist", steps, session),
            _ListPage("Barriers past their review date", "Re-score each barrier and set its next "
                      "review date.", "Nothing here: every barrier is reviewed.", "barriers",
                      barriers, session),
            _ListPage("People to contact", "These contacts are due a conversation, or their "
                      "personal data is due a retention review.",
                      "Nobody is due for contact or review.", "stakeholders", contacts, session),
        ]
        self.rating_page = _RatingPage(session, on)
        every = [*self.pages, self.rating_page]
        for number, page in enumerate(every, start=1):
            page.setSubTitle(f"Page {number} of {len(every)}")
            self.addPage(page)
        self.resize(680, 520)  # the app-wide fit makes it smaller on a small screen
        self.setButtonText(QWizard.WizardButton.FinishButton, "Finish and go to the report")
        self.accepted.connect(self.finished_to_report.emit)
