"""One progress bar per phase, each saying its figure in words: "57% (8/14)".

Not applicable steps are already out of the counts (see ``domain/progress.py``), so the bar and
its text always agree with the report and the ``status`` command.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget

from mutual_checklist.domain.progress import ProgressCounts

MAX_PHASE_TITLE = 90


def bar_text(counts: ProgressCounts) -> str:
    """The words on a bar: percent done with done/applicable, or why there is no figure."""
    if counts.applicable <= 0:
        return "No steps apply"
    return f"{counts.percent}% ({counts.done}/{counts.applicable})"


def detail_text(counts: ProgressCounts) -> str:
    """What else is going on in a phase: in progress, blocked, not applicable."""
    parts = []
    if counts.in_progress:
        parts.append(f"{counts.in_progress} in progress")
    if counts.blocked:
        parts.append(f"{counts.blocked} blocked")
    if counts.not_applicable:
        parts.append(f"{counts.not_applicable} not applicable")
    return ", ".join(parts)


class PhaseProgressBars(QWidget):
    """A grid of phase title, bar and detail, rebuilt whenever the figures change."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Progress by phase")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(3)
        self._grid.setColumnStretch(0, 1)
        self.bars: list[QProgressBar] = []
        self.titles: list[QLabel] = []
        self._details: list[QLabel] = []
        self._shown: list[tuple[str, ProgressCounts]] | None = None

    def set_progress(self, rows: list[tuple[str, ProgressCounts]]) -> None:
        """Show ``(phase title, counts)`` rows in order, reusing widgets where possible."""
        if rows == self._shown:
            return  # unchanged: skip the Qt calls
        self._shown = list(rows)
        while len(self.bars) < len(rows):
            self._add_row(len(self.bars))
        for index, (bar, title) in enumerate(zip(self.bars, self.titles)):
            shown = index < len(rows)
            bar.setVisible(shown)
            title.setVisible(shown)
            self._details[index].setVisible(shown)
            if not shown:
                continue
            name, counts = rows[index]
            if len(name) > MAX_PHASE_TITLE:
                name = name[: MAX_PHASE_TITLE - 1] + "…"
            title.setText(name)
            bar.setValue(counts.percent if counts.applicable > 0 else 0)
            bar.setFormat(bar_text(counts))
            detail = detail_text(counts)
            self._details[index].setText(detail)
            bar.setAccessibleName(f"{name}: {bar_text(counts)} steps done")
            bar.setAccessibleDescription(detail)

    def _add_row(self, index: int) -> None:
        """Each phase takes two grid rows: title and detail, then a full-width bar."""
        title = QLabel(wordWrap=True)
        title.setTextFormat(Qt.TextFormat.PlainText)
        bar = QProgressBar(minimum=0, maximum=100, textVisible=True)
        bar.setMinimumHeight(22)
        detail = QLabel(alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        detail.setTextFormat(Qt.TextFormat.PlainText)
        if index:
            title.setContentsMargins(0, 8, 0, 0)
        self._grid.addWidget(title, 2 * index, 0)
        self._grid.addWidget(detail, 2 * index, 1)
        self._grid.addWidget(bar, 2 * index + 1, 0, 1, 2)
        self.titles.append(title)
        self.bars.append(bar)
        self._details.append(detail)
