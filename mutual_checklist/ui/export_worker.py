"""Long exports run here, off the GUI thread, so the window never freezes.

A worker never touches the GUI's SQLite connection (a connection must stay on the thread that
made it): `with_project` opens the worker's own read-only `ProjectRepository` on the same file.
Results and errors come back through signals, which Qt delivers on the GUI thread; anything that
must be written to the project (a report's snapshot) is written there, by the GUI's connection,
after the worker has finished, so two connections never write at once.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.storage.repository import ProjectRepository

logger = logging.getLogger("mutual_checklist.ui.export")

Report = Callable[[str], None]
"""Called by a task with a short plain-words line ("Building the PDF…")."""

Task = Callable[[Report], Any]


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
        super().__init__(parent)
        self._task = task

    def run(self) -> None:  # noqa: D401 - Qt override, runs on the worker thread
        try:
            result = self._task(self.progressed.emit)
        except (StorageError, RuleViolation, ValueError) as error:
            self.failed.emit(str(error))
        except OSError as error:
            self.failed.emit(f"The file could not be written: {error.strerror or error}.")
        except Exception as error:  # noqa: BLE001 - report it, never crash the window
            logger.exception("export failed")
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
    target = Path(target)
    tmp = target.with_name(f".{target.name}.partial")
    tmp.unlink(missing_ok=True)
    try:
        result = write(tmp)
        os.replace(tmp, target)
        return result
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes_atomically(target: Path, data: bytes) -> None:
    replace_atomically(target, lambda tmp: tmp.write_bytes(data))


def write_text_atomically(target: Path, text: str) -> None:
    replace_atomically(target, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))


# --- the Reports view's tasks (each runs on the worker thread with its own repository) ----------

def _template(repo: ProjectRepository):  # noqa: ANN202 - ChecklistTemplate
    from mutual_checklist.cli import project_template

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
        report("Working out the figures…")
        snap = report_snapshot(repo, options, today)
        report("Laying out the PDF pages…")
        pages = write_pdf(snap, target)  # writes a temporary file and renames it
        return ReportResult(Path(target), pages, snap.to_json(), options.period_start, today)
    return with_project(project, work)


def preview_task(project: Path, options: Any, today: Any) -> Task:
    def work(repo: ProjectRepository, report: Report) -> Any:
        report("Working out the figures…")
        return report_snapshot(repo, options, today)
    return with_project(project, work)


def csv_task(project: Path, target: Path) -> Task:
    from mutual_checklist.export import csv_export

    def work(repo: ProjectRepository, report: Report) -> list[Path]:
        report("Writing the CSV files…")
        return csv_export.write_tables(_template(repo), repo.load_all(), target)
    return with_project(project, work)


def ics_task(project: Path, target: Path) -> Task:
    from mutual_checklist.export import ics_export

    def work(repo: ProjectRepository, report: Report) -> list[Path]:
        report("Writing the calendar…")
        ics_export.write_calendar(_template(repo), repo.load_all(), target)
        return [Path(target)]
    return with_project(project, work)


def json_task(project: Path, target: Path) -> Task:
    from mutual_checklist.export import interchange

    def work(repo: ProjectRepository, report: Report) -> list[Path]:
        report("Writing the JSON file…")
        write_text_atomically(target, interchange.export_text(repo))
        return [Path(target)]
    return with_project(project, work)


def review_copy_task(project: Path, target: Path, redacted: bool) -> Task:
    """A review copy, written under a temporary name and renamed (write_review_copy needs a
    name that does not exist yet, and the user may have chosen to replace an older copy)."""
    from mutual_checklist.export.review_copy import write_review_copy

    def work(repo: ProjectRepository, report: Report) -> Any:
        report("Writing the review copy…" + (" Leaving out personal data…" if redacted else ""))
        target_path = Path(target)
        tmp = target_path.with_name(f".{target_path.name}.partial")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        try:
            result = write_review_copy(repo, tmp, redacted=redacted)
            os.replace(tmp, target_path)
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        return result.__class__(target_path, result.redacted, result.contacts,
                                result.evidence_files_left_out)
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
