"""Long exports run here, off the GUI thread, so the window never freezes.

A worker never touches the GUI's SQLite connection (a connection must stay on the thread that
made it): `with_project` opens the worker's own read-only `ProjectRepository` on the same file.
Results and errors come back through signals, which Qt delivers on the GUI thread; anything that
must be written to the project (a report's snapshot) is written there, by the GUI's connection,
after the worker has finished, so two connections never write at once.
"""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from mutual_checklist import log
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.storage import atomic
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.storage.repository import ProjectRepository

logger = logging.getLogger("mutual_checklist.ui.export")

Report = Callable[[str], None]
"""Called by a task with a short plain-words line ("Building the PDF…")."""

Task = Callable[[Report], Any]

_RUNNING: set[ExportWorker] = set()


class ExportWorker(QThread):
    """Runs one task on its own thread.

    Signals (delivered on the GUI thread):
        progressed(str): a step of the work began.
        succeeded(object): the task's result.
        failed(str): a plain-words message saying what went wrong.
    """

    progressed = Signal(str)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, task: Task, parent: QObject | None = None):
        # No Qt parent by default: if the window closes mid-export the thread must not be
        # destroyed while running (Qt aborts); it is kept here until it has finished.
        super().__init__(parent)
        self._task = task
        _RUNNING.add(self)
        self.finished.connect(lambda: _RUNNING.discard(self))

    def run(self) -> None:
        try:
            result = self._task(self.progressed.emit)
        except (StorageError, RuleViolation, ValueError) as error:
            self.failed.emit(str(error))
        except OSError as error:
            self.failed.emit(f"The file could not be written: {error.strerror or error}.")
        except Exception as error:
            log.error_without_content(logger, "export failed", error)
            self.failed.emit(f"Something went wrong ({type(error).__name__}); the details "
                             "are in the log.")
        else:
            self.succeeded.emit(result)


def with_project(path: Path, work: Callable[[ProjectRepository, Report], Any]) -> Task:
    """A task that opens its own read-only repository on `path`, runs `work`, closes it."""
    def task(report: Report) -> Any:
        report("Reading the project…")
        with ProjectRepository.open(Path(path), read_only=True) as repo:
            return work(repo, report)
    return task


def replace_atomically(target: Path, write: Callable[[Path], object]) -> Any:
    """Let `write` fill a temporary file beside `target`, then rename it into place.

    A failure (or a crash) leaves any earlier file at `target` untouched and no partial file.
    """
    with atomic.replacing(Path(target)) as tmp:
        return write(tmp)


write_bytes_atomically = atomic.write_bytes_atomically
write_text_atomically = atomic.write_text_atomically


# --- the Reports view's tasks (each runs on the worker thread with its own repository) ----------

def _template(repo: ProjectRepository):
    from mutual_checklist.use_cases import project_template

    return project_template(repo)


def report_snapshot(repo: ProjectRepository, options: Any, today: Any,
                    generated_at: str = "") -> Any:
    """The snapshot a report issued now would show (as the `report` command builds it)."""
    import datetime as dt

    from mutual_checklist.export.snapshot import build_snapshot

    previous = repo.latest_snapshot()
    stamp = generated_at or dt.datetime.now().astimezone().isoformat(timespec="minutes")
    return build_snapshot(_template(repo), repo.load_all(), today, options, stamp,
                          previous[1] if previous else None)


class ReportResult:
    """What a finished PDF report hands back to the GUI thread, which stores the snapshot."""

    def __init__(self, path: Path, pages: int, snapshot_json: str, period_start: Any,
                 period_end: Any):
        self.path, self.pages = path, pages
        self.snapshot_json = snapshot_json
        self.period_start, self.period_end = period_start, period_end


def pdf_report_task(project: Path, target: Path, options: Any, today: Any) -> Task:
    from mutual_checklist.export.pdf_report import write_pdf

    def work(repo: ProjectRepository, report: Report) -> ReportResult:
        from mutual_checklist.export import redaction

        report("Working out the figures…")
        snap = report_snapshot(repo, options, today)
        report("Laying out the PDF pages…")
        pages = write_pdf(snap, target)  # writes a temporary file and renames it
        if options.redact:
            report("Checking that no personal data is left…")
            redaction.check_written([target], repo.contacts())
        return ReportResult(Path(target), pages, snap.to_json(), options.period_start, today)
    return with_project(project, work)


def preview_task(project: Path, options: Any, today: Any) -> Task:
    """The report's sections as plain text (PySide6-Essentials has no QtPdf to draw pages)."""
    def work(repo: ProjectRepository, report: Report) -> str:
        report("Working out the figures…")
        return outline_text(report_snapshot(repo, options, today))
    return with_project(project, work)


def redacted_export(project: Path, redacted: bool,
                    work: Callable[[Any, Report], list[Path]]) -> Task:
    """`work(repo, report)` writes an export and returns its paths; with `redacted` it reads
    the project through the one redaction (export/redaction.py) and what it wrote is scanned
    afterwards (deleted, with an error, if a contact's name, email or phone is found)."""
    from mutual_checklist.export import redaction

    def run(repo: ProjectRepository, report: Report) -> list[Path]:
        if not redacted:
            return work(repo, report)
        report("Leaving out personal data…")
        view = redaction.RedactedProject(repo)
        written = work(view, report)
        report("Checking that no personal data is left…")
        redaction.check_written(written, view.real_contacts)
        return written
    return with_project(project, run)


def csv_task(project: Path, target: Path, redacted: bool = False) -> Task:
    from mutual_checklist.export import csv_export

    def work(repo: Any, report: Report) -> list[Path]:
        report("Writing the CSV files…")
        return csv_export.write_tables(_template(repo), repo.load_all(), target)
    return redacted_export(project, redacted, work)


def ics_task(project: Path, target: Path, redacted: bool = False) -> Task:
    from mutual_checklist.export import ics_export

    def work(repo: Any, report: Report) -> list[Path]:
        report("Writing the calendar…")
        ics_export.write_calendar(_template(repo), repo.load_all(), target)
        return [Path(target)]
    return redacted_export(project, redacted, work)


def xlsx_task(project: Path, target: Path, redacted: bool = False) -> Task:
    from mutual_checklist.export import xlsx_export

    def work(repo: Any, report: Report) -> list[Path]:
        report("Writing the Excel workbook…")
        return [xlsx_export.write_workbook(_template(repo), repo.load_all(), target)]
    return redacted_export(project, redacted, work)


def json_task(project: Path, target: Path, redacted: bool = False) -> Task:
    from mutual_checklist.export import interchange

    def work(repo: Any, report: Report) -> list[Path]:
        report("Writing the JSON file…")
        write_text_atomically(target, interchange.export_text(repo))
        return [Path(target)]
    return redacted_export(project, redacted, work)


def review_copy_task(project: Path, target: Path, redacted: bool) -> Task:
    """A review copy, written under a temporary name and renamed (write_review_copy needs a
    name that does not exist yet, and the user may have chosen to replace an older copy)."""
    from mutual_checklist.export.review_copy import write_review_copy

    def work(repo: ProjectRepository, report: Report) -> Any:
        report("Writing the review copy…" + (" Leaving out personal data…" if redacted else ""))
        target_path = Path(target)
        with atomic.replacing(target_path) as tmp:
            result = write_review_copy(repo, tmp, redacted=redacted)
        return dataclasses.replace(result, path=target_path)
    return with_project(project, work)


def review_file_task(project: Path, target: Path) -> Task:
    """The adviser's new comments on a review copy, as a small review file."""
    from mutual_checklist.export import review_file
    from mutual_checklist.storage.repository import utc_now

    def work(repo: ProjectRepository, report: Report) -> int:
        data = repo.load_all()
        if not data.project.is_review_copy:
            raise ValueError("This project is not a review copy; review files are made from the "
                             "review copy the comments were added to.")
        comments = review_file.new_comments(data)
        if not comments:
            raise ValueError("There are no new comments in this review copy yet; add some "
                             "first.")
        report("Writing the review file…")
        document = review_file.to_document(data.project.uuid, comments, utc_now())
        write_text_atomically(target, review_file.dumps(document))
        return len(comments)
    return with_project(project, work)


# --- the preview: the report's sections as plain text ---------------------------------------------

def outline_text(snap: Any, limit: int = 8) -> str:
    """What the PDF will say, section by section, in the PDF's own words and order.

    Plain text only (shown in a plain-text box), so user text can never act as markup.
    """
    from mutual_checklist.export import pdf_report as pr

    def clip(text: str, width: int = 120) -> str:
        flat = " ".join(str(text).split())
        return flat if len(flat) <= width else flat[: width - 1] + "…"

    def listed(rows: list[str], total: int) -> list[str]:
        more = [f"  … and {total - limit} more"] if total > limit else []
        return [f"  • {clip(r)}" for r in rows[:limit]] + more

    rating = pr.RATING_LABELS.get(snap.rating or "", "Not set")
    suggested = pr.RATING_LABELS.get(snap.suggested_rating, snap.suggested_rating)
    lines = [f"PROGRESS REPORT: {clip(snap.project_name)}",
             f"{clip(snap.organisation)}" + (f" · {clip(snap.service)}" if snap.service else ""),
             (f"Period: {pr.long_date(snap.period_start) if snap.period_start else 'start'} to "
              f"{pr.long_date(snap.period_end)}"),
             "Author: " + (clip(snap.author) or ("left out with the personal data"
                                                 if snap.redacted else "not named")),
             f"Checklist: {clip(snap.template_title)} version {clip(snap.template_version, 20)}",
             (f"Go-live: baseline {pr.long_date(snap.go_live_baseline)}, forecast "
              f"{pr.long_date(snap.go_live_forecast)}"),
             "Personal data: " + ("left out (redacted)" if snap.redacted else
                                  "contact names included" if snap.include_names else
                                  "owners and notes shown, no contact names"),
             "", "1. SUMMARY",
             f"  Delivery confidence: {rating}" + (f" (the evidence suggests {suggested})"
                                                   if snap.rating != snap.suggested_rating
                                                   else ""),
             f"  Readiness: {clip(snap.readiness_headline)}",
             (f"  Overall: {snap.overall.percent}% complete ({snap.overall.done} of "
              f"{snap.overall.applicable} steps done)"),
             "", "2. PROGRESS BY PHASE"]
    lines += [f"  {clip(p.title, 60)}: {p.percent}% ({p.done} of {p.applicable} done"
              + (f", {p.blocked} blocked" if p.blocked else "") + ")" for p in snap.phases]
    changes = snap.changes
    lines += ["", "3. DONE SINCE THE LAST REPORT"]
    if changes.first_report:
        lines.append("  This is the first report: no previous report to compare with.")
    lines += listed([c.title for c in changes.done], len(changes.done)) or \
        ([] if changes.first_report else ["  No steps were completed."])
    lines += ["", (f"4. OVERDUE ({len(snap.overdue)}) AND DUE IN THE NEXT FOUR WEEKS "
                   f"({len(snap.due_soon)})")]
    lines += listed([f"Overdue since {pr.short_date(d.due)}: {d.title}" for d in snap.overdue],
                    len(snap.overdue))
    lines += listed([f"Due {pr.short_date(d.due)}: {d.title}" for d in snap.due_soon],
                    len(snap.due_soon))
    gates = snap.gates_ahead
    lines += ["", f"5. GATES AHEAD ({len(gates)})"]
    lines += listed([f"{g.gate}: forecast {pr.short_date(g.forecast_due)}"
                     + (" (overdue)" if g.overdue else "") for g in gates], len(gates))
    lines += ["", (f"6. TOP RISKS ({len(snap.top_risks)} of {len(snap.live_barriers)} live "
                   "barriers)")]
    lines += listed([(f"{b.rag.capitalize()} {b.score}: {b.title} "
                      f"({pr.TREND_LABELS.get(b.trend, b.trend).lower()})")
                     for b in snap.top_risks], len(snap.top_risks))
    lines += ["", f"7. WHAT BLOCKS WHAT ({len(snap.blocked_steps)} blocked steps)"]
    lines += listed([f"{s.title} — blocked by {s.blocked_by or 'not recorded'}"
                     for s in snap.blocked_steps], len(snap.blocked_steps))
    people = snap.stakeholders
    lines += ["", "8. STAKEHOLDERS",
              (f"  {people.total} contacts, {people.interactions} interactions logged, "
               f"{len(people.due)} due for contact")]
    lines += ["", "APPENDICES: full checklist status, full barrier register, definitions."]
    return "\n".join(lines)
