"""The Portfolio window: one table over a folder of review copies, most worrying first.

For an adviser with several projects. The folder is read on a worker thread (each file is
untrusted and may be slow or damaged); files that are not review copies are listed below the
table with the reason. Opening a row opens that review copy read-only in the main app.
"""
from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist import resources
from mutual_checklist.domain import risk
from mutual_checklist.export import portfolio as portfolio_mod
from mutual_checklist.export import redaction
from mutual_checklist.export.portfolio import Portfolio, PortfolioRow
from mutual_checklist.ui import export_worker as jobs
from mutual_checklist.ui import file_dialogs
from mutual_checklist.ui.models.table_base import TableModel
from mutual_checklist.ui.widgets.columns import fit_columns


class Columns(enum.IntEnum):
    CONCERN = 0
    PROJECT = 1
    ORGANISATION = 2
    RATING = 3
    COMPLETE = 4
    OVERDUE = 5
    RED = 6
    GO_LIVE = 7
    UPDATED = 8
    CATEGORIES = 9
    FILE = 10


HEADERS = {Columns.CONCERN: "Concern", Columns.PROJECT: "Project",
           Columns.ORGANISATION: "Organisation", Columns.RATING: "Rating",
           Columns.COMPLETE: "Complete", Columns.OVERDUE: "Overdue steps",
           Columns.RED: "Red barriers", Columns.GO_LIVE: "Days to go-live",
           Columns.UPDATED: "Last updated", Columns.CATEGORIES: "Most common barriers",
           Columns.FILE: "File"}
SortRole = Qt.ItemDataRole.UserRole + 1
FileRole = Qt.ItemDataRole.UserRole + 2


def ask_folder(parent: QWidget) -> Path | None:
    """Choose the folder of review copies (a seam: tests replace it)."""
    name = QFileDialog.getExistingDirectory(parent, "Choose the folder of review copies",
                                            str(file_dialogs.default_folder()))
    return Path(name) if name else None


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def rating_text(row: PortfolioRow) -> str:
    """RAG in words, never by colour alone: the leader's rating and the evidence's if different."""
    suggested = row.suggested.label
    if row.rating is None:
        return f"Not rated (suggested {suggested})"
    if row.rating is row.suggested:
        return row.rating.label
    return f"{row.rating.label} (suggested {suggested})"


def go_live_text(days: int | None) -> str:
    if days is None:
        return "Not set"
    if days < 0:
        return f"{-days} days ago"
    return "Today" if days == 0 else f"{days}"


def updated_text(stamp: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return _short(stamp, 20)
    return moment.strftime("%d/%m/%Y")


class PortfolioModel(TableModel):
    """One row per project, in concern order (row 0 is the most worrying)."""

    COLUMNS = Columns
    HEADERS = HEADERS

    def row_count(self) -> int:
        return len(self._rows)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: tuple[PortfolioRow, ...] = ()

    def set_rows(self, rows: tuple[PortfolioRow, ...]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> PortfolioRow:
        return self._rows[row]

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], Columns(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                Columns.CONCERN: str(index.row() + 1), Columns.PROJECT: _short(row.name),
                Columns.ORGANISATION: _short(row.organisation),
                Columns.RATING: rating_text(row), Columns.COMPLETE: f"{row.percent}%",
                Columns.OVERDUE: str(row.overdue), Columns.RED: str(row.red_barriers),
                Columns.GO_LIVE: go_live_text(row.days_to_go_live),
                Columns.UPDATED: updated_text(row.last_updated),
                Columns.CATEGORIES: _short(", ".join(row.top_categories), 100),
                Columns.FILE: _short(row.file, 60)}[column]
        if role == SortRole:
            return {
                Columns.CONCERN: index.row(), Columns.PROJECT: row.name.casefold(),
                Columns.ORGANISATION: row.organisation.casefold(),
                Columns.RATING: row.worst_rating.rank, Columns.COMPLETE: row.percent,
                Columns.OVERDUE: row.overdue, Columns.RED: row.red_barriers,
                Columns.GO_LIVE: 10**6 if row.days_to_go_live is None else row.days_to_go_live,
                Columns.UPDATED: row.last_updated,
                Columns.CATEGORIES: ", ".join(row.top_categories).casefold(),
                Columns.FILE: row.file.casefold()}[column]
        if role == FileRole:
            return row.file
        if column == Columns.RATING and role in (Qt.ItemDataRole.BackgroundRole,
                                                 Qt.ItemDataRole.ForegroundRole):
            shown = row.worst_rating.value  # the worse of the leader's and the evidence's
            hexes = risk.RATING_HEX if role == Qt.ItemDataRole.BackgroundRole else risk.RATING_INK
            return QColor(hexes[shown])
        if role == Qt.ItemDataRole.ToolTipRole and column in (
                Columns.PROJECT, Columns.ORGANISATION, Columns.CATEGORIES, Columns.RATING):
            return {Columns.PROJECT: row.name, Columns.ORGANISATION: row.organisation,
                    Columns.RATING: rating_text(row) + " — coloured by the worse of the two",
                    Columns.CATEGORIES: ", ".join(row.top_categories)}[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                Columns.CONCERN, Columns.COMPLETE, Columns.OVERDUE, Columns.RED, Columns.GO_LIVE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def portfolio_task(folder: Path, today: dt.date) -> jobs.Task:
    def task(report: jobs.Report) -> Portfolio:
        report(f"Reading the files in {folder}…")
        return portfolio_mod.build_portfolio(folder, today, resources.find_bundled_template)
    return task


class PortfolioWindow(QMainWindow):
    """Signals:
        loaded(bool): the folder has been read (True) or could not be (False).
        exported(bool): a CSV or PDF export ended.
    """

    loaded = Signal(bool)
    exported = Signal(bool)

    def __init__(self, controller: object = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.portfolio: Portfolio | None = None
        self.worker: jobs.ExportWorker | None = None
        self.setWindowTitle("Portfolio — Mutual Checklist")
        self.resize(1280, 720)
        self.model = PortfolioModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = QTableView(objectName="portfolio-table")
        self.table.setAccessibleName("Projects, most concerning first")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Columns.CONCERN, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.column_fitter = fit_columns(
            self.table, Columns.PROJECT,
            {Columns.CONCERN: 70, Columns.ORGANISATION: 170, Columns.RATING: 200,
             Columns.COMPLETE: 80, Columns.OVERDUE: 105, Columns.RED: 100, Columns.GO_LIVE: 115,
             Columns.UPDATED: 100, Columns.CATEGORIES: 230, Columns.FILE: 160},
            drop=(Columns.FILE, Columns.UPDATED, Columns.ORGANISATION, Columns.GO_LIVE,
                  Columns.CATEGORIES),
            title_min=180, minimums={Columns.RATING: 150, Columns.CONCERN: 64})
        self.setObjectName("portfolio-window")
        for keys in (QKeySequence.StandardKey.Close, QKeySequence(Qt.Key.Key_Escape)):
            QShortcut(keys, self, self.close)
        self.table.activated.connect(self.open_row)

        def button(text: str, name: str, slot) -> QPushButton:
            b = QPushButton(text, objectName=name)
            b.setAccessibleName(text.replace("&", "").rstrip("…"))
            b.clicked.connect(lambda _checked=False: slot())
            return b

        self.folder_button = button("Choose &folder…", "choose-folder", self.choose_folder)
        self.csv_button = button("Export &CSV…", "portfolio-csv", self.export_csv)
        self.pdf_button = button("Export &PDF…", "portfolio-pdf", self.export_pdf)
        self.open_button = button("&Open the selected copy", "open-copy", self.open_selected)
        self.folder_label = QLabel("No folder chosen yet.", objectName="portfolio-folder")
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.busy = QProgressBar(accessibleName="Reading the folder")
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status = QLabel(objectName="portfolio-status", wordWrap=True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setText("Choose the folder where the review copies you receive are kept. "
                            "Each project becomes one row, the most concerning first.")
        self.skipped_label = QLabel("Files skipped:")
        self.skipped = QPlainTextEdit(readOnly=True, objectName="portfolio-skipped")
        self.skipped.setAccessibleName("Files skipped, with the reason")
        self.skipped.setMaximumHeight(80)
        self.skipped_label.setBuddy(self.skipped)

        top = QHBoxLayout()
        top.addWidget(self.folder_button)
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.csv_button)
        top.addWidget(self.pdf_button)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.skipped)
        self.setCentralWidget(central)
        self._enable()

    def _enable(self) -> None:
        has_rows = self.portfolio is not None and bool(self.portfolio.rows)
        running = self.worker is not None
        self.folder_button.setEnabled(not running)
        for b in (self.csv_button, self.pdf_button, self.open_button):
            b.setEnabled(has_rows and not running)
        self.skipped_label.setVisible(bool(self.portfolio and self.portfolio.skipped))
        self.skipped.setVisible(bool(self.portfolio and self.portfolio.skipped))

    # --- reading the folder ----------------------------------------------------------------------

    def choose_folder(self) -> None:
        folder = ask_folder(self)
        if folder is not None:
            self.load(folder)

    def load(self, folder: Path, today: dt.date | None = None) -> None:
        self.folder_label.setText(str(folder))
        self._run(portfolio_task(Path(folder), today or dt.date.today()), self._loaded,
                  self.loaded)

    def _run(self, task: jobs.Task, done, signal) -> None:
        if self.worker is not None:
            return
        worker = jobs.ExportWorker(task)
        self.worker = worker
        worker.progressed.connect(self.status.setText)
        worker.succeeded.connect(lambda result: self._finish(done, signal, result))
        worker.failed.connect(lambda message: self._finish(None, signal, message))
        worker.finished.connect(worker.deleteLater)
        self.busy.show()
        self._enable()
        worker.start()

    def _finish(self, done, signal, result: object) -> None:
        if self.worker is not None:
            self.worker.wait()
        self.worker = None
        self.busy.hide()
        if done is None:
            self.status.setText(f"That did not work. {result}")
            self._enable()
            signal.emit(False)
            return
        done(result)
        self._enable()
        signal.emit(True)

    def _loaded(self, found: Portfolio) -> None:
        self.portfolio = found
        self.model.set_rows(found.rows)
        self.table.sortByColumn(Columns.CONCERN, Qt.SortOrder.AscendingOrder)
        count = len(found.rows)
        self.status.setText(
            f"{count} project{'s' if count != 1 else ''}, most concerning first (worst rating, "
            "then red barriers, then overdue steps). Click a column heading to sort; press "
            "Enter or double-click a row to open that review copy read-only."
            if count else "No review copies were found in this folder.")
        self.skipped.setPlainText("\n".join(f"{s.file}: {s.reason}" for s in found.skipped))
        self.skipped_label.setText(f"Files skipped ({len(found.skipped)}):")

    # --- opening and exporting -------------------------------------------------------------------

    def selected_file(self) -> Path | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.portfolio is None:
            return None
        return self.portfolio.folder / index.data(FileRole)

    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_row(index)

    def open_row(self, index: QModelIndex) -> None:
        if self.portfolio is None or not index.isValid():
            return
        path = self.portfolio.folder / index.data(FileRole)
        if self.controller is not None and hasattr(self.controller, "open_path"):
            self.controller.open_path(path, ask=False, read_only=True)
        else:
            open_copy(path)

    def _export(self, kind: str, suffix: str, render) -> None:
        if self.portfolio is None:
            return
        target = file_dialogs.ask_save_path(self, f"Export the portfolio as {kind}",
                                            f"Portfolio {dt.date.today().isoformat()}{suffix}",
                                            f"{kind} files (*{suffix})")
        if target is None:
            return
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        found = self.portfolio

        def task(report: jobs.Report) -> Path:
            report(f"Writing the {kind}…")
            data = render(found)
            jobs.write_bytes_atomically(target, data if isinstance(data, bytes) else
                                        data.encode("utf-8"))
            redaction.check_written([target], found.contacts)
            return target

        self._run(task, lambda path: self.status.setText(f"Exported the portfolio to {path}."),
                  self.exported)

    def export_csv(self) -> None:
        self._export("CSV", ".csv", portfolio_mod.to_csv)

    def export_pdf(self) -> None:
        self._export("PDF", ".pdf", portfolio_mod.to_pdf)


def open_copy(path: Path) -> None:
    """Without the app's controller (tests, scripts): open the copy in a new read-only window."""
    from mutual_checklist.ui.application import build_main_window

    window = build_main_window(path, read_only=True)
    window.show()
    _open_windows.append(window)


_open_windows: list[QWidget] = []


def open_portfolio(parent: QWidget | None = None) -> PortfolioWindow:
    """Open the Portfolio window (for the main window's menu: File ▸ Portfolio of review copies…)."""
    controller = getattr(parent, "controller", None)
    window = PortfolioWindow(controller)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    window.raise_()
    return window
