"""The Reports view: issue the PDF progress report, preview it, export, share with an adviser.

Every export runs on an `ExportWorker` with its own read-only connection, so the window stays
responsive; the issued report's snapshot is stored afterwards on the GUI thread through the
session's repository, exactly as the `report` command stores it.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain.dates import uk_date
from mutual_checklist.export.snapshot import OPTIONAL_SECTIONS, ReportOptions
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.ui import export_worker as jobs
from mutual_checklist.ui import file_dialogs
from mutual_checklist.ui.comments_panel import CommentsPanel, when_text
from mutual_checklist.ui.session import ProjectSession

LOOKBACK_DAYS = 28  # the period of a first report, as the report itself assumes
NARROW_BELOW = 900  # view width (logical pixels) under which the settings go above the tabs
QWIDGETSIZE_MAX = (1 << 24) - 1


def open_file(path: Path) -> None:
    """Open a file with its usual program (a seam: tests replace it)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def uk(day: dt.date | None) -> str:
    return uk_date(day, "—")


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _button(text: str, name: str, accessible: str, slot) -> QPushButton:
    button = QPushButton(text, objectName=name)
    button.setAccessibleName(accessible)
    button.clicked.connect(lambda _checked=False: slot())
    return button


class ReportsView(QWidget):
    """Signals:
        job_finished(str, bool): an export ended (its kind, and whether it worked); the result
            has been handled (snapshot stored, message shown) by the time it is sent.
    """

    job_finished = Signal(str, bool)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.worker: jobs.ExportWorker | None = None
        self.last_pdf: Path | None = None
        self.last_result: object = None
        self.last_error = ""
        self._build()
        self._set_defaults()
        self.refresh_previous()
        session.project_changed.connect(self._project_changed)

    # --- layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        read_only = self.session.read_only
        review_copy = self.session.project.is_review_copy

        settings = QGroupBox("Progress report")
        form = QFormLayout(settings)
        self.date_from = QDateEdit(calendarPopup=True, objectName="period-from")
        self.date_to = QDateEdit(calendarPopup=True, objectName="period-to")
        for edit, name in ((self.date_from, "Period from"), (self.date_to, "Period to")):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setAccessibleName(name)
            edit.setMaximumDate(_qdate(dt.date.today()))
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel("to"))
        period.addWidget(self.date_to)
        period.addStretch(1)
        period_label = QLabel("Peri&od from:")
        period_label.setBuddy(self.date_from)
        form.addRow(period_label, period)
        self.author = QLineEdit(objectName="author", accessibleName="Author")
        self.author.setPlaceholderText("Your name, as shown on the report")
        form.addRow("&Author:", self.author)

        self.privacy = QButtonGroup(self)
        self.redact = QRadioButton("&Leave out personal data (names, owners, notes)",
                                   objectName="redact", checked=True)
        self.no_names = QRadioButton("Show owners and notes, but &no contact names",
                                     objectName="no-names")
        self.names = QRadioButton("Include contact name&s (who is due for contact)",
                                  objectName="include-names")
        privacy = QVBoxLayout()
        for number, radio in enumerate((self.redact, self.no_names, self.names)):
            radio.setAccessibleName(radio.text().replace("&", ""))
            self.privacy.addButton(radio, number)
            privacy.addWidget(radio)
        form.addRow("Personal data:", privacy)

        self.section_boxes: dict[str, QCheckBox] = {}
        sections = QVBoxLayout()
        sections.setSpacing(2)
        for key, title in OPTIONAL_SECTIONS.items():
            box = QCheckBox(title, objectName=f"section-{key}", checked=True)
            box.setAccessibleName(f"Include the section: {title}")
            self.section_boxes[key] = box
            sections.addWidget(box)
        form.addRow("Sections:", sections)

        self.pdf_button = _button("Create P&DF report…", "create-pdf", "Create PDF report",
                                  self.create_pdf)
        self.pdf_button.setDefault(True)
        self.preview_button = _button("Previe&w", "preview", "Preview the report",
                                      self.preview)
        row = QHBoxLayout()
        row.addWidget(self.pdf_button)
        row.addWidget(self.preview_button)
        row.addStretch(1)
        form.addRow(row)
        self.draft_note = QLabel(wordWrap=True)
        self.draft_note.setTextFormat(Qt.TextFormat.PlainText)
        self.draft_note.setVisible(read_only)
        self.draft_note.setText("This project is read-only: reports made here are drafts and "
                                "are not recorded in the project.")
        form.addRow(self.draft_note)

        share = QGroupBox("Export and share")
        grid = QGridLayout(share)
        self.csv_button = _button("Export &CSV…", "export-csv", "Export CSV", self.export_csv)
        self.ics_button = _button("Export calendar (.&ics)…", "export-ics",
                                  "Export calendar", self.export_ics)
        self.json_button = _button("Export &JSON…", "export-json", "Export JSON",
                                   self.export_json)
        self.xlsx_button = _button("Export E&xcel workbook…", "export-xlsx",
                                   "Export Excel workbook", self.export_xlsx)
        self.copy_button = _button("Make a review cop&y…", "review-copy", "Make a review copy",
                                   self.make_review_copy)
        self.copy_redact = QCheckBox("Leave out personal data from the review copy",
                                     objectName="review-copy-redact", checked=True)
        self.copy_redact.setAccessibleName("Leave out personal data from the review copy")
        self.export_redact = QCheckBox("Leave out personal data from CSV, calendar and JSON",
                                       objectName="export-redact")
        self.export_redact.setAccessibleName(
            "Leave out personal data from CSV, calendar and JSON exports")
        self.review_file_button = _button("Expor&t review file…", "export-review-file",
                                          "Export review file", self.export_review_file)
        self.changes_button = _button("Chan&ges since a copy…", "changes",
                                      "Changes since a previous copy", self.show_changes)
        grid.addWidget(self.csv_button, 0, 0)
        grid.addWidget(self.ics_button, 0, 1)
        grid.addWidget(self.json_button, 1, 0)
        grid.addWidget(self.changes_button, 1, 1)
        grid.addWidget(self.copy_button, 2, 0)
        grid.addWidget(self.copy_redact, 3, 0, 1, 2)
        grid.addWidget(self.review_file_button, 2, 1)
        grid.addWidget(self.export_redact, 4, 0, 1, 2)
        grid.addWidget(self.xlsx_button, 5, 0)
        self.copy_button.setVisible(not review_copy)
        self.copy_redact.setVisible(not review_copy)
        self.review_file_button.setVisible(review_copy)

        self.busy = QProgressBar(objectName="busy", accessibleName="Export in progress")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(10)
        self.busy.hide()
        self.status = QLabel(objectName="report-status", wordWrap=True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Export result")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = _button("&Open the PDF", "open-pdf", "Open the PDF", self.open_pdf)
        self.open_button.hide()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(settings)
        left_layout.addWidget(share)
        left_layout.addWidget(self.busy)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addStretch(1)
        scroll = QScrollArea(widgetResizable=True, objectName="report-settings")
        scroll.setWidget(left)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.settings_scroll = scroll

        self.tabs = QTabWidget(objectName="report-tabs")
        self.tabs.setAccessibleName("Comments, preview and previous reports")
        self.comments = CommentsPanel(self.session, self)
        self.comments.message.connect(self.say)
        self.session.comments_changed.connect(self._update_tab_titles)
        self.preview_text = QPlainTextEdit(readOnly=True, objectName="preview-text")
        self.preview_text.setAccessibleName("Report preview")
        self.preview_text.setPlaceholderText("Press “Preview” to see what the report will say, "
                                             "section by section, before you create the PDF.")
        self.previous = QListWidget(objectName="previous-reports")
        self.previous.setAccessibleName("Previous reports")
        self.tabs.addTab(self.comments, "Review comments")
        self.tabs.addTab(self.preview_text, "Preview")
        self.tabs.addTab(self.previous, "Previous reports")

        self.tabs.setMinimumHeight(260)
        self.main_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.main_layout.addWidget(scroll)
        self.main_layout.addWidget(self.tabs, 1)
        self.setTabOrder(self.date_from, self.date_to)
        self.setTabOrder(self.date_to, self.author)
        self._update_tab_titles()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        """Side by side when there is room; the settings above the tabs when narrow. Never
        sideways scrolling: long messages wrap and the settings scroll only up and down."""
        super().resizeEvent(event)
        narrow = self.width() < NARROW_BELOW
        scroll = self.settings_scroll
        if narrow:
            self.main_layout.setDirection(QBoxLayout.Direction.TopToBottom)
            scroll.setMaximumWidth(QWIDGETSIZE_MAX)
            scroll.setMinimumWidth(0)
            scroll.setMinimumHeight(scroll.widget().minimumSizeHint().height())
        else:
            self.main_layout.setDirection(QBoxLayout.Direction.LeftToRight)
            scroll.setMinimumHeight(0)
            width = max(scroll.widget().minimumSizeHint().width() + 24, self.width() * 2 // 5)
            scroll.setMinimumWidth(min(width, 560))
            scroll.setMaximumWidth(min(width, 560))

    def _set_defaults(self) -> None:
        today = dt.date.today()
        start = self.last_period_end() or today - dt.timedelta(days=LOOKBACK_DAYS)
        self.date_to.setDate(_qdate(today))
        self.date_from.setDate(_qdate(min(start, today)))
        self.author.setText(self.session.project.author)

    def _project_changed(self) -> None:
        if not self.author.text():
            self.author.setText(self.session.project.author)

    def _update_tab_titles(self) -> None:
        count = self.comments.model.rowCount()
        self.tabs.setTabText(0, f"Review comments ({count})" if count else "Review comments")

    def show_item(self, item_id: str) -> None:
        """Asked to show a step or barrier: offer it first when adding a comment."""
        self.comments.current_item = item_id
        self.tabs.setCurrentWidget(self.comments)

    # --- previous reports ------------------------------------------------------------------------

    def last_period_end(self) -> dt.date | None:
        latest = self.session.repo.latest_snapshot()
        if not latest:
            return None
        try:
            return dt.date.fromisoformat(json.loads(latest[1])["period_end"])
        except (ValueError, KeyError, TypeError):
            return None

    def refresh_previous(self) -> None:
        self.previous.clear()
        for _id, created, start, end in self.session.repo.report_snapshots():
            covers = (f"covers {uk(dt.date.fromisoformat(start))} to "
                      f"{uk(dt.date.fromisoformat(end))}" if start and end else
                      f"up to {uk(dt.date.fromisoformat(end))}" if end else "")
            self.previous.addItem(f"Issued {when_text(created)}" + (f" · {covers}" if covers
                                                                    else ""))
        if self.previous.count() == 0:
            self.previous.addItem("No report has been issued yet. The first one will cover the "
                                  "last four weeks.")
        self.tabs.setTabText(2, f"Previous reports ({len(self.session.repo.report_snapshots())})")

    # --- choices ---------------------------------------------------------------------------------

    def options(self) -> ReportOptions:
        start = _pydate(self.date_from.date())
        chosen = tuple(key for key, box in self.section_boxes.items() if box.isChecked())
        return ReportOptions(redact=self.redact.isChecked(),
                             include_names=self.names.isChecked(),
                             author=self.author.text().strip(), period_start=start,
                             sections=chosen if len(chosen) < len(OPTIONAL_SECTIONS) else ())

    def period_end(self) -> dt.date:
        return _pydate(self.date_to.date())

    def _check_period(self) -> bool:
        if _pydate(self.date_from.date()) > self.period_end():
            self.say("The period starts after it ends; choose a ‘from’ date before the ‘to’ "
                     "date.")
            return False
        return True

    def _suggested(self, kind: str, suffix: str) -> str:
        name = file_dialogs.safe_file_name(self.session.project.name)[:60]
        return f"{name} {kind} {self.period_end().isoformat()}{suffix}"

    # --- running jobs ----------------------------------------------------------------------------

    @property
    def busy_now(self) -> bool:
        return self.worker is not None

    def _action_buttons(self) -> list[QPushButton]:
        return [self.pdf_button, self.preview_button, self.csv_button, self.ics_button,
                self.json_button, self.copy_button, self.review_file_button, self.xlsx_button]

    def run(self, kind: str, task: jobs.Task, done) -> None:
        """Start `task` on a worker; `done(result)` runs on the GUI thread when it succeeds."""
        if self.busy_now:
            self.say("Please wait: an export is still running.")
            return
        self.open_button.hide()
        worker = jobs.ExportWorker(task)
        self.worker = worker
        worker.progressed.connect(self.say)
        worker.succeeded.connect(lambda result: self._succeeded(kind, done, result))
        worker.failed.connect(lambda message: self._failed(kind, message))
        worker.finished.connect(worker.deleteLater)
        for button in self._action_buttons():
            button.setEnabled(False)
        self.busy.show()
        worker.start()

    def _finish(self) -> None:
        if self.worker is not None:
            self.worker.wait()
        self.worker = None
        self.busy.hide()
        for button in self._action_buttons():
            button.setEnabled(True)

    def _succeeded(self, kind: str, done, result: object) -> None:
        self._finish()
        self.last_result = result
        try:
            done(result)
        except StorageError as error:
            self._failed(kind, str(error))
            return
        self.job_finished.emit(kind, True)

    def _failed(self, kind: str, message: str) -> None:
        self._finish()
        self.last_error = message
        self.say(f"That did not work. {message}")
        self.job_finished.emit(kind, False)

    def say(self, text: str) -> None:
        """Show a result; a long file path may break after any folder separator."""
        self.status.setText(re.sub(r"([/\\])", "\\1\u200b", text))

    # --- the report ------------------------------------------------------------------------------

    def create_pdf(self) -> None:
        if not self._check_period():
            return
        target = file_dialogs.ask_save_path(self, "Create PDF report",
                                            self._suggested("progress report", ".pdf"),
                                            "PDF documents (*.pdf)")
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        self.run("pdf", jobs.pdf_report_task(self.session.repo.path, target, self.options(),
                                             self.period_end()), self._pdf_done)

    def _pdf_done(self, result: jobs.ReportResult) -> None:
        self.last_pdf = result.path
        if self.session.read_only:
            note = "It is a draft: this project is read-only, so it was not recorded."
        else:
            self.session.repo.add_snapshot(result.snapshot_json, result.period_start,
                                           result.period_end)
            self.refresh_previous()
            self.date_from.setDate(_qdate(result.period_end))  # the next report starts here
            note = "It is recorded in the project, so the next report can say what changed."
        self.say(f"Created the report ({result.pages} pages): {result.path}. {note}")
        self.open_button.show()
        self.open_button.setFocus()

    def open_pdf(self) -> None:
        if self.last_pdf is not None:
            open_file(self.last_pdf)

    def preview(self) -> None:
        if not self._check_period():
            return
        self.run("preview", jobs.preview_task(self.session.repo.path, self.options(),
                                              self.period_end()), self._preview_done)

    def _preview_done(self, text: str) -> None:
        self.preview_text.setPlainText(text)
        self.tabs.setCurrentWidget(self.preview_text)
        self.say("Preview ready: this is what the report will say. Nothing has been recorded.")

    # --- exports ---------------------------------------------------------------------------------

    def _exported(self, what: str):
        def done(paths: list[Path]) -> None:
            self.say(f"Exported {what} to " + ", ".join(str(p) for p in paths) + ".")
        return done

    def export_csv(self) -> None:
        target = file_dialogs.ask_save_path(self, "Export CSV", self._suggested("export", ".csv"),
                                            "CSV files (*.csv)")
        if target is not None:
            self.run("csv", jobs.csv_task(self.session.repo.path, target,
                                                     self.export_redact.isChecked()),
                     self._exported("four CSV tables (steps, barriers, contacts, interactions)"))

    def export_ics(self) -> None:
        target = file_dialogs.ask_save_path(self, "Export calendar",
                                            self._suggested("calendar", ".ics"),
                                            "Calendar files (*.ics)")
        if target is not None:
            if target.suffix.lower() != ".ics":
                target = target.with_name(target.name + ".ics")
            self.run("ics", jobs.ics_task(self.session.repo.path, target,
                                                     self.export_redact.isChecked()),
                     self._exported("the due dates and follow-ups"))

    def export_xlsx(self) -> None:
        target = file_dialogs.ask_save_path(self, "Export Excel workbook",
                                            self._suggested("export", ".xlsx"),
                                            "Excel workbooks (*.xlsx)")
        if target is not None:
            if target.suffix.lower() != ".xlsx":
                target = target.with_name(target.name + ".xlsx")
            self.run("xlsx", jobs.xlsx_task(self.session.repo.path, target,
                                            self.export_redact.isChecked()),
                     self._exported("a workbook (steps, barriers, contacts, interactions)"))

    def export_json(self) -> None:
        target = file_dialogs.ask_save_path(self, "Export JSON",
                                            self._suggested("export", ".json"),
                                            "JSON files (*.json)")
        if target is not None:
            self.run("json", jobs.json_task(self.session.repo.path, target,
                                                       self.export_redact.isChecked()),
                     self._exported("the whole project as JSON"))

    def make_review_copy(self) -> None:
        redacted = self.copy_redact.isChecked()
        target = file_dialogs.ask_save_path(
            self, "Make a review copy",
            self._suggested("review copy" + (" (redacted)" if redacted else ""), ".mutual"),
            file_dialogs.PROJECT_FILTER)
        if target is None:
            return
        if target.resolve() == self.session.repo.path.resolve():
            self.say("Choose another name: a review copy cannot replace the project itself.")
            return
        self.run("review-copy", jobs.review_copy_task(self.session.repo.path, target, redacted),
                 self._copy_done)

    def _copy_done(self, result) -> None:
        if result.redacted:
            extra = (f"; {result.evidence_files_left_out} evidence file(s) left out"
                     if result.evidence_files_left_out else "")
            self.say(f"Made a redacted review copy: {result.path}. Contacts are shown without "
                     f"names, emails, phones or notes{extra}. It opens read-only.")
        else:
            self.say(f"Made a review copy: {result.path}. It includes contacts' personal data. "
                     "It opens read-only.")

    def export_review_file(self) -> None:
        target = file_dialogs.ask_save_path(self, "Export review file",
                                            self._suggested("review", ".json"),
                                            "Review files (*.json)")
        if target is not None:
            self.run("review-file", jobs.review_file_task(self.session.repo.path, target),
                     lambda n: self.say(f"Wrote {n} comment(s) to {target}. Send this file to "
                                        "the project leader to import."))

    def show_changes(self) -> None:
        from mutual_checklist.ui.changes_dialog import show_changes

        show_changes(self.session, self)

