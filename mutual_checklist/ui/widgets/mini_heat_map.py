"""A small 5×5 barrier heat map for the dashboard, plus the RAG colours and a colour chip.

Each cell shows how many live barriers sit at that likelihood and impact. Colour never carries
meaning alone: a cell with barriers says "Red", "Amber" or "Green" in words, every cell has an
accessible name, and a legend says which scores each colour covers.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from mutual_checklist.domain import risk

# Strong colours for cells with barriers (text colour chosen for contrast), pale ones for empty.
RAG_COLOURS: dict[str, tuple[str, str]] = {
    band: (colour, risk.RAG_INK[band]) for band, colour in risk.RAG_HEX.items()}
RAG_TINTS: dict[str, str] = risk.RAG_TINT_HEX

LIKELIHOOD_WORDS = risk.LIKELIHOOD_WORDS
IMPACT_WORDS = risk.IMPACT_WORDS
MAX_TIP_TITLES = 8
MAX_TIP_CHARS = 120


def rich_tooltip(lines: list[str]) -> str:
    """A tooltip that shows user text literally: Qt renders tooltips as rich text if it can."""
    shown = [html.escape(line[:MAX_TIP_CHARS] + ("…" if len(line) > MAX_TIP_CHARS else ""))
             for line in lines]
    return "<qt>" + "<br>".join(shown) + "</qt>"


class ColourChip(QFrame):
    """A small square of colour shown beside a word that says what the colour means."""

    def __init__(self, colour: str = "#888888", size: int = 16, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFixedSize(size, size)
        self.set_colour(colour)

    def set_colour(self, colour: str) -> None:
        if getattr(self, "colour", None) == QColor(colour):
            return  # unchanged: skip the Qt calls (see dashboard_view.set_text)
        self.colour = QColor(colour)
        self.setStyleSheet(f"background: {self.colour.name()}; border: 1px solid #555555;"
                           "border-radius: 3px;")


class MiniHeatMap(QWidget):
    """Counts of live barriers by likelihood (rows, 5 at the top) and impact (columns)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Barrier heat map")
        self.cells: dict[tuple[int, int], QLabel] = {}
        self._shown: dict[tuple[int, int], tuple[int, tuple[str, ...]]] = {}
        grid = QGridLayout()
        grid.setSpacing(3)
        across = QLabel("Impact: how bad it would be →", alignment=Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(across, 0, 1, 1, 5)
        corner = QLabel("Likelihood ↑", alignment=Qt.AlignmentFlag.AlignBottom)
        grid.addWidget(corner, 1, 0)
        for impact in risk.SCALE:
            head = QLabel(f"{impact}\n{IMPACT_WORDS[impact]}", alignment=Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(head, 1, impact)
        for row, likelihood in enumerate(reversed(risk.SCALE), start=2):
            side = QLabel(f"{likelihood} {LIKELIHOOD_WORDS[likelihood]}")
            grid.addWidget(side, row, 0)
            for impact in risk.SCALE:
                cell = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
                cell.setTextFormat(Qt.TextFormat.PlainText)
                cell.setMinimumSize(58, 40)
                cell.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # screen readers can reach it
                self.cells[(likelihood, impact)] = cell
                grid.addWidget(cell, row, impact)
        grid.setColumnStretch(0, 0)
        legend = QLabel(
            "Score = likelihood × impact.  Red: 15 to 25.  Amber: 5 to 14.  Green: 1 to 4.  "
            "Counts open and mitigating barriers only.", wordWrap=True)
        legend.setObjectName("heat-map-legend")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(legend)
        self.set_counts({key: 0 for key in self.cells}, {})

    def set_counts(self, counts: dict[tuple[int, int], int],
                   titles: dict[tuple[int, int], list[str]]) -> None:
        """Show ``risk.heat_map`` counts; ``titles`` (barrier titles per cell) go in tooltips."""
        for (likelihood, impact), cell in self.cells.items():
            count = counts.get((likelihood, impact), 0)
            names = titles.get((likelihood, impact), [])
            if self._shown.get((likelihood, impact)) == (count, tuple(names)):
                continue  # unchanged: skip the Qt calls
            self._shown[(likelihood, impact)] = (count, tuple(names))
            band = risk.rag(likelihood * impact)
            label = risk.RAG_LABELS[band]
            if count:
                background, foreground = RAG_COLOURS[band]
                cell.setText(f"{count}\n{label}")
                weight = "bold"
            else:
                background, foreground = RAG_TINTS[band], "#555555"
                cell.setText("")
                weight = "normal"
            cell.setStyleSheet(f"background: {background}; color: {foreground};"
                               f"font-weight: {weight}; border-radius: 3px;")
            noun = "barrier" if count == 1 else "barriers"
            cell.setAccessibleName(
                f"Likelihood {likelihood}, impact {impact}: {count} {noun}, {label} zone")
            lines = [(f"Likelihood {likelihood} × impact {impact} = score {likelihood * impact} "
                     f"({label}): {count} {noun}")]
            lines += [f"• {t}" for t in names[:MAX_TIP_TITLES]]
            if len(names) > MAX_TIP_TITLES:
                lines.append(f"and {len(names) - MAX_TIP_TITLES} more")
            cell.setToolTip(rich_tooltip(lines))

    def cell_text(self, likelihood: int, impact: int) -> str:
        return self.cells[(likelihood, impact)].text()
