"""Table and tree columns that always fit their view's width, the title column taking the rest.

`fit_columns(view, stretch, widths, drop=...)` keeps every column but one at its preferred width
and gives the spare width to `stretch` (the title, or a comment's text). When the view is too
narrow for the title to stay readable, the columns in `drop` are hidden one by one (the least
useful first; their content is still in the detail panel) and the rest shrink, so a list never
needs a sideways scroll bar. Widths are in logical pixels, so they hold at any scaling.
"""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView

SMALLEST = 36


class ColumnFitter(QObject):
    def __init__(self, view: QAbstractItemView, stretch: int, widths: dict[int, int],
                 drop: Iterable[int | tuple[int, ...]] = (), title_min: int = 220,
                 minimums: dict[int, int] | None = None):
        super().__init__(view)
        self.view = view
        self.stretch = int(stretch)
        self.widths = {int(c): w for c, w in widths.items() if int(c) != self.stretch}
        self.drop = [tuple(int(c) for c in (g if isinstance(g, tuple) else (g,))) for g in drop]
        self.title_min = title_min
        self.minimums = {int(c): w for c, w in (minimums or {}).items()}
        header = self.header
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(SMALLEST)
        header.setTextElideMode(view.textElideMode())
        for column in self.widths:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.stretch, QHeaderView.ResizeMode.Stretch)
        view.viewport().installEventFilter(self)
        self.refit()

    @property
    def header(self) -> QHeaderView:
        if isinstance(self.view, QTreeView):
            return self.view.header()
        assert isinstance(self.view, QTableView)
        return self.view.horizontalHeader()

    def _set_hidden(self, column: int, hidden: bool) -> None:
        if self.view.model() is not None and column < self.view.model().columnCount():
            self.view.setColumnHidden(column, hidden)  # type: ignore[attr-defined]

    def refit(self) -> None:
        room = self.view.viewport().width()
        if room <= 0:
            return
        shown = dict(self.widths)
        for group in self.drop:
            if room - sum(shown.values()) >= self.title_min:
                break
            for column in group:
                shown.pop(column, None)
        for column in self.widths:
            self._set_hidden(column, column not in shown)
        floors = {c: self.minimums.get(c, SMALLEST) for c in shown}
        give = sum(w - floors[c] for c, w in shown.items())
        short = sum(shown.values()) + self.title_min - room  # pixels the title lacks
        scale = 0.0 if short <= 0 or not give else min(1.0, short / give)
        for column, width in shown.items():
            self.header.resizeSection(column, int(width - (width - floors[column]) * scale))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.refit()
        return False


def fit_columns(view: QAbstractItemView, stretch: int, widths: dict[int, int],
                drop: Iterable[int | tuple[int, ...]] = (), title_min: int = 220,
                minimums: dict[int, int] | None = None) -> ColumnFitter:
    """See the module's doc; `minimums` are the narrowest each column may become."""
    fitter = ColumnFitter(view, stretch, widths, drop, title_min, minimums)
    view.setProperty("columnFitter", True)
    return fitter
