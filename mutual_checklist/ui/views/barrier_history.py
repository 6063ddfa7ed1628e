"""The selected barrier's facts, linked steps and re-assessment history, with the trend in words."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain import risk
from mutual_checklist.domain.models import Barrier, BarrierAssessment
from mutual_checklist.ui.models.barriers_model import (
    IMPACT_WORDS,
    LIKELIHOOD_WORDS,
    STATUS_WORDS,
    TREATMENT_WORDS,
    TREND_WORDS,
    BarriersModel,
    review_text,
)
from mutual_checklist.ui.session import ProjectSession


def _isolate(text: str, limit: int = 300) -> str:
    """User text for a label: shortened, and wrapped in a bidi isolate so an RTL override
    inside it cannot reorder the words around it."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"\u2068{text}\u2069"


def _assessed_on(assessed_at: str) -> str:
    try:
        return dt.date.fromisoformat(assessed_at[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return assessed_at


def trend_sentence(barrier: Barrier, assessments: list[BarrierAssessment]) -> str:
    """The trend in words, e.g. "Falling: score 20 on 01/01/2025, now 15 (03/02/2025)"."""
    ordered = sorted(assessments, key=lambda a: (a.assessed_at, a.id))
    word = TREND_WORDS[risk.trend(ordered)]
    if len(ordered) < 2:
        return f"Trend: {word} – assessed once so far (score {barrier.score})."
    previous, latest = ordered[-2:]
    return (f"Trend: {word} – score {risk.score(previous)} on "
            f"{_assessed_on(previous.assessed_at)}, now {risk.score(latest)} "
            f"(re-assessed {_assessed_on(latest.assessed_at)}); "
            f"{len(ordered)} assessments in all.")


class BarrierHistory(QGroupBox):
    """The selected barrier: what it is, its linked steps, every re-assessment and the trend.

    Signals: step_activated(str): the user asked to open a linked step in the checklist.
    """

    step_activated = Signal(str)

    def __init__(self, session: ProjectSession, model: BarriersModel,
                 parent: QWidget | None = None):
        super().__init__("Selected barrier", parent)
        self._session = session
        self._model = model
        self.title = self._label("barrier-detail-title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.facts = self._label("barrier-detail-facts")
        self.trend = self._label("barrier-detail-trend")
        self.table = QTableWidget(0, 5, objectName="barrier-history")
        self.table.setAccessibleName("Re-assessment history of the selected barrier")
        self.table.setHorizontalHeaderLabels(["Assessed", "Likelihood", "Impact", "Score",
                                              "Note"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((84, 96, 90, 64)):
            self.table.horizontalHeader().resizeSection(column, width)
        self.steps = QComboBox(objectName="barrier-detail-steps")
        self.steps.setAccessibleName("Linked steps: choose one to open it in the checklist")
        self.steps.activated.connect(self._on_step_chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.steps)
        layout.addWidget(self.trend)
        layout.addWidget(self.table, 1)

    def _label(self, name: str) -> QLabel:
        label = QLabel(objectName=name)
        label.setTextFormat(Qt.TextFormat.PlainText)  # user text is never markup
        label.setWordWrap(True)
        return label

    def show_barrier(self, barrier: Barrier | None) -> None:
        self.steps.clear()
        self.table.setRowCount(0)
        if barrier is None:
            self.title.setText("Choose a barrier in the table to see its history.")
            self.facts.clear()
            self.trend.clear()
            self.steps.setVisible(False)
            self.table.setVisible(False)
            return
        self.title.setText(_isolate(barrier.title))
        self.title.setToolTip(barrier.title[:2000])
        owner = self._model.owner_text(barrier) or "no owner"
        review = review_text(barrier, dt.date.today()) or "no review date"
        self.facts.setText(f"{self._model.category_title(barrier.category)} · "
                           f"{STATUS_WORDS[barrier.status]} · "
                           f"{TREATMENT_WORDS[barrier.treatment].lower()} · owner "
                           f"{_isolate(owner, 80)} · review by {review}\n"
                           f"Mitigation: {_isolate(barrier.mitigation or 'none recorded', 400)}")
        self.steps.setVisible(True)
        self.table.setVisible(True)
        count = len(barrier.linked_steps)
        self.steps.addItem(f"Linked steps: {count}" + (" – choose one to open it" if count
                                                        else ""), "")
        for step_id in barrier.linked_steps:
            self.steps.addItem(f"{step_id}  {self._session.step_title(step_id)}", step_id)
        assessments = self._model.assessments(barrier.id)
        self.trend.setText(trend_sentence(barrier, assessments))
        ordered = sorted(assessments, key=lambda a: (a.assessed_at, a.id), reverse=True)
        self.table.setRowCount(len(ordered))
        for row, assessment in enumerate(ordered):
            value = risk.score(assessment)
            cells = [_assessed_on(assessment.assessed_at),
                     f"{assessment.likelihood} {LIKELIHOOD_WORDS[assessment.likelihood]}",
                     f"{assessment.impact} {IMPACT_WORDS[assessment.impact]}",
                     f"{value} {risk.RAG_LABELS[risk.rag(value)]}", assessment.note]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def _on_step_chosen(self, index: int) -> None:
        step_id = self.steps.itemData(index)
        if step_id:
            self.step_activated.emit(step_id)
            self.steps.setCurrentIndex(0)
