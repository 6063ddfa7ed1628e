"""The Dashboard view: where the project stands, on one scrollable page of cards.

Every figure comes from the domain functions the report and the ``status`` command use, over one
``repo.load_all()``, so the dashboard can never disagree with them. The page recomputes when the
session says something changed (at once if it is on screen, else the next time it is shown), and
every step, barrier and contact on it clicks through, by mouse or keyboard, to where it lives.
"""
from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import (
    Qt,
    QTimer,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain.dates import long_date
from mutual_checklist.domain.models import (
    Rating,
)
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.ui.dialogs_rating import RATING_COLOURS, RatingDialog, save_rating
from mutual_checklist.ui.session import ProjectSession
from mutual_checklist.ui.views.dashboard_parts import (  # noqa: F401 - tests import some
    MAX_ROWS,
    TRENDS,
    VERDICTS,
    BarrierColumns,
    Card,
    ContactColumns,
    DashboardFigures,
    GateColumns,
    ItemIdRole,
    ItemTable,
    ItemTableModel,
    ListCard,
    Row,
    StepColumns,
    _label,
    barrier_rows,
    compute,
    contact_rows,
    gate_rows,
    set_text,
    set_visible,
    slip_words,
    span,
    step_rows,
    week_rows,
    visible_text,
)
from mutual_checklist.ui.widgets.mini_heat_map import (
    ColourChip,
    MiniHeatMap,
)
from mutual_checklist.ui.widgets.progress_bars import PhaseProgressBars


def today() -> dt.date:
    """The dashboard's idea of today; tests monkeypatch this one function."""
    return dt.date.today()


# --- the view ------------------------------------------------------------------------------------


class DashboardView(QWidget):
    """The dashboard page. ``figures`` holds what is on screen; ``refresh()`` recomputes it."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.figures: DashboardFigures | None = None
        self.last_refresh_ms = 0.0
        self._dirty = True
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)
        scroll = QScrollArea(self, widgetResizable=True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._build_page())
        self.scroll = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        for signal in (session.project_changed, session.steps_changed, session.barriers_changed,
                       session.contacts_changed, session.interactions_changed):
            signal.connect(self._on_changed)

    # --- public ----------------------------------------------------------------------------------

    def show_item(self, item_id: str) -> None:
        """Click-through to the dashboard: "rating" puts focus on the Set rating button."""
        if item_id == "rating":
            self.scroll.ensureWidgetVisible(self.rating_button)
            self.rating_button.setFocus()

    def refresh(self) -> None:
        """Recompute every figure from the file and show it; records how long that took."""
        started = time.perf_counter()
        data = self.session.repo.load_all(history=False)
        self.figures = compute(self.session.template, data, today())
        self._show(self.figures)
        self._dirty = False
        self.last_refresh_ms = (time.perf_counter() - started) * 1000

    # --- building --------------------------------------------------------------------------------

    def _build_page(self) -> QWidget:
        page = QWidget(objectName="dashboard-page")
        page.setStyleSheet("QFrame[card=\"true\"] { background: palette(base); "
                           "border: 1px solid palette(mid); border-radius: 6px; }"
                           "QFrame[card=\"true\"] QLabel { border: none; background: transparent; }")
        grid = QGridLayout(page)
        grid.setContentsMargins(12, 8, 12, 12)
        grid.setSpacing(12)
        self.title = _label(scale=1.5, bold=True, name="dashboard-title")
        self.as_of = _label(name="dashboard-as-of")
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.as_of, 1, 0, 1, 2)
        grid.addWidget(self._build_go_live(), 2, 0)
        grid.addWidget(self._build_progress(), 2, 1)
        grid.addWidget(self._build_readiness(), 3, 0, 1, 2)
        self.plan_card = ListCard(
            "Plan to go-live and this week", "plan-card", StepColumns,
            "Nothing is planned to be in progress this week.",
            "…and {n} more this week. The Timeline shows the whole plan.")
        self.plan_line = _label(name="plan-verdict")
        self.plan_card.body.insertWidget(1, self.plan_line)
        self.plan_card.body.insertWidget(2, _label("What the plan has in progress this week:",
                                                   name="plan-this-week"))
        self.overdue_card = ListCard(
            "Overdue steps", "overdue-card", StepColumns, "Nothing is overdue.",
            "…and {n} more overdue. Open the Checklist to see every step.")
        self.due_soon_card = ListCard(
            "Due in the next four weeks", "due-soon-card", StepColumns,
            "Nothing is due in the next four weeks.", "…and {n} more due in the next four weeks.")
        self.gates_card = ListCard(
            "Decision gates ahead", "gates-card", GateColumns, "No decision gates are left.",
            "…and {n} more gates later on.")
        self.phases_card = Card("Progress by phase", "phases-card")
        self.phase_bars = PhaseProgressBars()
        self.phases_card.body.addWidget(self.phase_bars)
        self.phases_card.body.addStretch(1)
        self.contacts_card = ListCard(
            "Contacts due for contact", "contacts-card", ContactColumns,
            "No one is due for contact.", "…and {n} more. Open Stakeholders to see everyone.")
        self.heat_card = Card("Barrier heat map", "heat-card")
        self.heat_map = MiniHeatMap()
        self.heat_card.body.addWidget(self.heat_map)
        self.heat_card.body.addStretch(1)
        self.barriers_card = ListCard(
            "Top barriers", "barriers-card", BarrierColumns,
            "No barriers are open or being mitigated.", "")
        grid.addWidget(self.plan_card, 4, 0, 1, 2)
        grid.addWidget(self.overdue_card, 5, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.due_soon_card, 5, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.gates_card, 6, 0, 1, 2)
        grid.addWidget(self.phases_card, 7, 0)
        grid.addWidget(self.contacts_card, 7, 1)
        grid.addWidget(self.heat_card, 8, 0)
        grid.addWidget(self.barriers_card, 8, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(9, 1)
        for card, view in ((self.plan_card, "checklist"),
                           (self.overdue_card, "checklist"), (self.due_soon_card, "checklist"),
                           (self.gates_card, "checklist"), (self.barriers_card, "barriers"),
                           (self.contacts_card, "stakeholders")):
            card.table.item_chosen.connect(
                lambda item_id, v=view: self.session.navigate_requested.emit(v, item_id))
        return page

    def _build_go_live(self) -> QWidget:
        card, self.days_big, self.days_caption, self.go_live_line, self.baseline_line = \
            _headline_card("Go-live", "go-live-card", "days", "",
                           ("go-live-line", "baseline-line"))
        return card

    def _build_progress(self) -> QWidget:
        card, self.percent_big, self.percent_caption, self.steps_line, self.status_line = \
            _headline_card("Steps done", "progress-card", "percent",
                           "of the steps that apply are done", ("steps-line", "status-line"))
        return card

    def _build_readiness(self) -> QWidget:
        card = Card("Go-live readiness", "readiness-card")
        row = QHBoxLayout()
        self.verdict_chip = ColourChip(size=22)
        self.verdict_word = _label(scale=1.6, bold=True, wrap=False, name="verdict-word")
        self.verdict_headline = _label(name="verdict-headline")
        row.addWidget(self.verdict_chip)
        row.addWidget(self.verdict_word)
        row.addSpacing(10)
        row.addWidget(self.verdict_headline, 1)
        card.body.addLayout(row)
        self.verdict_reasons = _label(name="verdict-reasons")
        card.body.addWidget(self.verdict_reasons)

        line = QFrame(objectName="card-rule")
        line.setFixedHeight(1)
        line.setStyleSheet("background: palette(mid);")
        card.body.addSpacing(4)
        card.body.addWidget(line)
        card.body.addWidget(_label("Delivery confidence", scale=1.15, bold=True))
        ratings = QHBoxLayout()
        ratings.setSpacing(8)
        self.rating_chip = ColourChip(size=18)
        self.rating_text = _label(name="rating-text")
        self.suggested_chip = ColourChip(size=18)
        self.suggested_text = _label(name="suggested-text")
        self.rating_button = QPushButton("Set &rating…", objectName="set-rating")
        self.rating_button.setAccessibleName("Set delivery confidence rating")
        self.rating_button.clicked.connect(self._on_set_rating)
        ratings.addWidget(self.rating_chip, 0, Qt.AlignmentFlag.AlignTop)
        ratings.addWidget(self.rating_text, 3, Qt.AlignmentFlag.AlignTop)
        ratings.addSpacing(16)
        ratings.addWidget(self.suggested_chip, 0, Qt.AlignmentFlag.AlignTop)
        ratings.addWidget(self.suggested_text, 2, Qt.AlignmentFlag.AlignTop)
        ratings.addWidget(self.rating_button, 0, Qt.AlignmentFlag.AlignTop)
        card.body.addLayout(ratings)
        self.comparison = _label(name="rating-comparison")
        self.suggested_reasons = _label(name="suggested-reasons")
        self.rating_error = _label(name="rating-error")
        self.rating_error.setStyleSheet("color: #B71C1C; font-weight: bold;")
        for label in (self.comparison, self.suggested_reasons, self.rating_error):
            card.body.addWidget(label)
        return card

    # --- showing ---------------------------------------------------------------------------------

    def _show(self, fig: DashboardFigures) -> None:
        project = fig.project
        set_text(self.title, visible_text(project.name, 150))
        set_text(self.as_of, f"Where the project stands today, {fig.today.strftime('%A')} "
                           f"{long_date(fig.today)}. Click any step, barrier or contact to open it.")
        self._show_headline(fig)
        self._show_readiness(fig)
        phase_titles = {phase.id: phase.title for phase, _ in fig.phases}
        self.overdue_card.set_rows(step_rows(fig.overdue, fig.today, phase_titles),
                                   len(fig.overdue))
        self.due_soon_card.set_rows(step_rows(fig.due_soon, fig.today, phase_titles),
                                    len(fig.due_soon))
        self.gates_card.set_rows(gate_rows(fig.gates), len(fig.gates))
        set_text(self.plan_line, fig.plan_verdict or "Set a go-live date to see a plan.")
        self.plan_line.setStyleSheet("" if fig.plan_feasible else "color: #C62828; font-weight: bold;")
        self.plan_card.set_rows(week_rows(fig.this_week, fig.today), len(fig.this_week))
        self.phase_bars.set_progress([(visible_text(p.title, 90), c) for p, c in fig.phases])
        self.contacts_card.set_rows(contact_rows(fig.contacts), len(fig.contacts))
        titles = {key: [visible_text(t) for t in names] for key, names in fig.heat_titles.items()}
        self.heat_map.set_counts(fig.heat, titles)
        self.barriers_card.set_rows(barrier_rows(fig.top), len(fig.top))
        if self.rating_button.isEnabled() == self.session.read_only:
            self.rating_button.setEnabled(not self.session.read_only)
            self.rating_button.setToolTip(
                "This project is open read-only." if self.session.read_only
                else "Choose your delivery-confidence rating.")

    def _show_headline(self, fig: DashboardFigures) -> None:
        project, days = fig.project, fig.forecast_days
        if days is None or project.go_live_date is None:
            set_text(self.days_big, "—")
            set_text(self.days_caption, "No go-live date is set yet.")
            set_text(self.go_live_line, "Set a target go-live date so due dates can be suggested.")
            set_text(self.baseline_line, "")
        else:
            set_text(self.days_big, "Today" if days == 0 else f"{abs(days):,}")
            set_text(self.days_caption, "is go-live day" if days == 0 else
                                      (f"day{'s' if abs(days) != 1 else ''} to go-live" if days > 0
                                       else f"day{'s' if abs(days) != 1 else ''} since go-live"))
            set_text(self.go_live_line, f"Go-live (forecast): {long_date(project.go_live_date)}"
                                      f"{', ' + span(days) + ' away' if days > 0 else ''}.")
            slip = slip_words(project.go_live_baseline, project.go_live_date)
            if slip:
                set_text(self.baseline_line, 
                    f"That is {slip} ({long_date(project.go_live_baseline)})."
                    if project.go_live_baseline != project.go_live_date
                    else "That is the first agreed date.")
            else:
                set_text(self.baseline_line, "")
        overall = fig.overall
        set_text(self.percent_big, f"{overall.percent}%" if overall.applicable else "—")
        na = (f" ({overall.not_applicable} not applicable, left out of the count)"
              if overall.not_applicable else "")
        set_text(self.steps_line, f"{overall.done} of {overall.applicable} steps done{na}.")
        set_text(self.status_line, 
            f"{overall.in_progress} in progress, {overall.blocked} blocked, "
            f"{overall.not_started} not started.")

    def _show_readiness(self, fig: DashboardFigures) -> None:
        word, colour = VERDICTS[fig.verdict.verdict]
        self.verdict_chip.set_colour(colour)
        set_text(self.verdict_word, word)
        headline = fig.verdict.headline
        prefix = f"{word}: "
        if headline.startswith(prefix):
            headline = headline[len(prefix):]
            headline = headline[:1].upper() + headline[1:]
        set_text(self.verdict_headline, visible_text(headline, 400))
        set_text(self.verdict_reasons, _bullets(fig.verdict.reasons))
        project = fig.project
        if project.rating is None:
            self.rating_chip.set_colour("#FFFFFF")
            set_text(self.rating_text, "Your rating: not set yet.")
        else:
            self.rating_chip.set_colour(RATING_COLOURS[project.rating])
            reason = f"\nYour reason: {visible_text(project.rating_reason, 400)}" \
                if project.rating_reason else ""
            set_text(self.rating_text, f"Your rating: {project.rating.label}{reason}")
        self.suggested_chip.set_colour(RATING_COLOURS[fig.suggested])
        set_text(self.suggested_text, f"The evidence suggests: {fig.suggested.label}")
        set_text(self.comparison, _comparison(project.rating, fig.suggested))
        if fig.suggested_reasons == fig.verdict.reasons:
            set_text(self.suggested_reasons, "")
        else:
            set_text(self.suggested_reasons, 
                f"Why the evidence suggests {fig.suggested.label}:\n"
                + _bullets(fig.suggested_reasons))
        set_visible(self.suggested_reasons, bool(self.suggested_reasons.text()))
        set_visible(self.rating_error, bool(self.rating_error.text()))

    # --- reacting --------------------------------------------------------------------------------

    def _on_changed(self, *_args: object) -> None:
        if self.isVisible():
            self._timer.start()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.figures is None:
            # First showing: let the window paint first, then fill in the figures, so a big
            # project's window appears at once rather than after its numbers are worked out.
            self._waiting_for_paint = True
            self.update()
        elif self._dirty or self.figures.today != today():
            self.refresh()

    _waiting_for_paint = False

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().paintEvent(event)
        if self._waiting_for_paint:
            self._waiting_for_paint = False
            QTimer.singleShot(0, self._first_refresh)

    def _first_refresh(self) -> None:
        if self.isVisible() and self.figures is None:  # the window may have closed meanwhile
            self.refresh()

    def _on_set_rating(self) -> None:
        self.refresh()  # judge against the file as it is now
        fig = self.figures
        assert fig is not None
        reasons = [visible_text(r, 400) for r in fig.suggested_reasons]
        answer = RatingDialog.ask(self, fig.project.rating, fig.suggested, reasons,
                                  fig.project.rating_reason)
        if answer is None:
            return
        rating, reason = answer
        try:
            save_rating(self.session, rating, reason, fig.suggested)
        except (RuleViolation, StorageError) as error:
            self.rating_error.setText(f"The rating was not saved: {error}")
        else:
            self.rating_error.setText("")
        self.rating_error.setVisible(bool(self.rating_error.text()))


def _headline_card(title: str, name: str, figure: str, caption: str,
                   line_names: tuple[str, str]) -> tuple[Card, QLabel, QLabel, QLabel, QLabel]:
    """A card with one big figure, its caption, and two lines of detail underneath."""
    card = Card(title, name)
    row = QHBoxLayout()
    big = _label(scale=2.6, bold=True, wrap=False, name=f"{figure}-big")
    caption_label = _label(caption, name=f"{figure}-caption")
    row.addWidget(big)
    row.addWidget(caption_label, 1)
    card.body.addLayout(row)
    first, second = (_label(name=line) for line in line_names)
    card.body.addWidget(first)
    card.body.addWidget(second)
    card.body.addStretch(1)
    return card, big, caption_label, first, second


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"• {visible_text(line, 400)}" for line in lines)


def _comparison(chosen: Rating | None, suggested: Rating) -> str:
    if chosen is None:
        return "Set your own rating: the report shows it beside the one the evidence suggests."
    if chosen is suggested:
        return "Your rating matches the evidence."
    direction = "more hopeful" if chosen.rank < suggested.rank else "more cautious"
    return (f"Your rating is {direction} than the evidence suggests; "
            "your reason appears in reports.")
