"""The Reports view: PDF report, exports, review copies and the review loop, through the GUI."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdf
import pytest

from mutual_checklist.domain.models import CommentTarget, StepStatus
from mutual_checklist.export.review_copy import find_identifiers
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui import changes_dialog, comments_panel, file_dialogs
from mutual_checklist.ui.application import build_main_window, fresh_demo
from mutual_checklist.ui.comments_panel import NewComment
from mutual_checklist.ui.views import reports_view

from .conftest import stored


def save_to(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *a, **k: path)


def run_job(qtbot, view, action, kind: str) -> None:
    with qtbot.waitSignal(view.job_finished, timeout=30000) as blocker:
        action()
    assert blocker.args == [kind, True], view.last_error


@pytest.fixture
def view(demo_window):
    return demo_window.views["reports"]


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_create_pdf_report_stores_the_snapshot_and_offers_to_open(
        demo_window, view, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "march report.pdf"
    save_to(monkeypatch, target)
    opened = []
    monkeypatch.setattr(reports_view, "open_file", opened.append)
    with stored(demo_window) as repo:
        assert repo.report_snapshots() == []
        data = repo.load_all()
    assert view.redact.isChecked()  # personal data left out unless the leader chooses
    run_job(qtbot, view, view.pdf_button.click, "pdf")

    text = pdf_text(target)
    assert data.project.name in text
    from mutual_checklist.cli import project_template
    from mutual_checklist.domain import progress
    with stored(demo_window) as repo:
        percent = progress.overall_progress(project_template(repo), data).percent
        snapshots = repo.report_snapshots()
        payload = json.loads(repo.latest_snapshot()[1])
    assert f"{percent}%" in text
    assert len(snapshots) == 1 and payload["redacted"] is True
    assert payload["period_end"] == dt.date.today().isoformat()
    assert "Previous reports (1)" in view.tabs.tabText(2)
    assert "Issued" in view.previous.item(0).text()
    assert "recorded in the project" in view.status.text()
    assert view.busy.isHidden()
    assert not view.open_button.isHidden()
    view.open_button.click()
    assert opened == [target]
    # the next report's period starts where this one ended
    assert reports_view._pydate(view.date_from.date()) == dt.date.today()


def test_preview_outlines_the_sections_without_recording(view, qtbot, demo_window):
    run_job(qtbot, view, view.preview_button.click, "preview")
    text = view.preview_text.toPlainText()
    assert demo_window.session.project.name in text
    for heading in ("SUMMARY", "PROGRESS BY PHASE", "TOP RISKS", "STAKEHOLDERS"):
        assert heading in text
    with stored(demo_window) as repo:
        assert repo.report_snapshots() == []


def test_csv_ics_and_json_exports_land(view, qtbot, tmp_path, monkeypatch):
    save_to(monkeypatch, tmp_path / "out.csv")
    run_job(qtbot, view, view.csv_button.click, "csv")
    for table in ("steps", "barriers", "contacts", "interactions"):
        assert (tmp_path / f"out-{table}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    save_to(monkeypatch, tmp_path / "dates")
    run_job(qtbot, view, view.ics_button.click, "ics")
    ics = (tmp_path / "dates.ics").read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in ics
    save_to(monkeypatch, tmp_path / "all.json")
    run_job(qtbot, view, view.json_button.click, "json")
    assert json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["project"]
    save_to(monkeypatch, tmp_path / "book")
    run_job(qtbot, view, view.xlsx_button.click, "xlsx")
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "book.xlsx")
    assert book.sheetnames[:4] == ["Steps", "Barriers", "Contacts", "Interactions"]
    assert not list(tmp_path.glob(".*partial"))


def test_a_failed_export_says_so_and_leaves_the_window_usable(view, qtbot, tmp_path,
                                                              monkeypatch):
    save_to(monkeypatch, tmp_path / "no such folder" / "x.ics")
    with qtbot.waitSignal(view.job_finished, timeout=10000) as blocker:
        view.ics_button.click()
    assert blocker.args == ["ics", False]
    assert view.status.text().startswith("That did not work.")
    assert view.ics_button.isEnabled()


def test_exports_can_leave_personal_data_out(demo_window, view, qtbot, tmp_path, monkeypatch):
    with stored(demo_window) as repo:
        contacts = repo.contacts()
    assert not view.export_redact.isChecked()  # the leader's own exports are whole by default
    view.export_redact.setChecked(True)
    for kind, button, name in (("csv", view.csv_button, "out.csv"),
                               ("ics", view.ics_button, "dates.ics"),
                               ("json", view.json_button, "all.json")):
        save_to(monkeypatch, tmp_path / name)
        run_job(qtbot, view, button.click, kind)
    written = sorted(tmp_path.glob("out-*.csv")) + [tmp_path / "dates.ics", tmp_path / "all.json"]
    assert len(written) == 6
    for path in written:
        assert find_identifiers(path.read_bytes(), contacts) == [], path.name
    assert "Contact 1" in (tmp_path / "out-contacts.csv").read_text(encoding="utf-8-sig")


def make_copy(qtbot, view, monkeypatch, target: Path) -> None:
    save_to(monkeypatch, target)
    assert view.copy_redact.isChecked()
    run_job(qtbot, view, view.copy_button.click, "review-copy")


def test_review_copy_is_redacted_and_opens_read_only(demo_window, view, qtbot, tmp_path,
                                                     monkeypatch):
    copy = tmp_path / "copy.mutual"
    make_copy(qtbot, view, monkeypatch, copy)
    with stored(demo_window) as repo:
        contacts = repo.contacts()
    assert contacts and any(c.email for c in contacts)
    raw = copy.read_bytes()
    assert find_identifiers(raw, contacts) == []
    for contact in contacts:
        if contact.email:
            assert contact.email.encode() not in raw
    win = build_main_window(copy)
    qtbot.addWidget(win)
    try:
        assert win.session.read_only and win.session.project.is_review_copy
        reports = win.views["reports"]
        assert reports.copy_button.isHidden()
        assert reports.comments.add_button.isHidden() is False
    finally:
        win.session.close()


def adviser_comments(qtbot, win, monkeypatch, on: NewComment) -> None:
    monkeypatch.setattr(comments_panel.CommentDialog, "ask",
                        classmethod(lambda cls, *a, **k: on))
    with qtbot.waitSignal(win.session.comments_changed):
        win.views["reports"].comments.add_button.click()


def test_review_loop_through_the_gui(demo_window, view, qtbot, tmp_path, monkeypatch):
    copy = tmp_path / "copy.mutual"
    make_copy(qtbot, view, monkeypatch, copy)
    barrier = demo_window.session.barriers()[0]
    with stored(demo_window) as repo:
        before = len(repo.comments())
    adviser = build_main_window(copy)
    qtbot.addWidget(adviser)
    try:
        assert adviser.session.read_only
        adviser_comments(qtbot, adviser, monkeypatch, NewComment(
            CommentTarget.BARRIER, barrier.id, "Priya Shah", "<b>Check</b> the bond & terms"))
        adviser_comments(qtbot, adviser, monkeypatch, NewComment(
            CommentTarget.OVERALL, "", "Priya Shah", "Good progress overall."))
        panel = adviser.views["reports"].comments
        assert panel.model.rowCount() == before + 2
        assert adviser.session.read_only  # the session never became writable
        review = tmp_path / "review.json"
        save_to(monkeypatch, review)
        reports = adviser.views["reports"]
        run_job(qtbot, reports, reports.review_file_button.click, "review-file")
    finally:
        adviser.session.close()
    assert len(json.loads(review.read_text(encoding="utf-8"))["comments"]) == 2

    # the leader imports it twice: added once
    monkeypatch.setattr(file_dialogs, "ask_open_path", lambda *a, **k: review)
    panel = view.comments
    with qtbot.waitSignal(demo_window.session.comments_changed):
        panel.import_button.click()
    assert "2 added, 0 already here" in view.status.text()
    panel.import_button.click()
    assert "0 added, 2 already here" in view.status.text()
    with stored(demo_window) as repo:
        assert len(repo.comments()) == before + 2
    model = panel.model
    assert model.rowCount() == before + 2
    cells = [model.index(r, comments_panel.Columns.ON).data() for r in range(before + 2)]
    assert f"Barrier: {barrier.title}" in cells
    bodies = [model.index(r, comments_panel.Columns.COMMENT).data() for r in range(before + 2)]
    assert "<b>Check</b> the bond & terms" in bodies  # literal, never markup
    assert view.tabs.tabText(0) == f"Review comments ({before + 2})"
    row = cells.index(f"Barrier: {barrier.title}")
    with qtbot.waitSignal(demo_window.session.navigate_requested) as nav:
        panel.table.activated.emit(model.index(row, 0))
    assert nav.args == ["barriers", barrier.id]


def test_comments_model_passes_the_model_tester(view, qtmodeltester):
    qtmodeltester.check(view.comments.model)


def test_changes_dialog_shows_a_step_done_between_two_copies(
        demo_window, view, qtbot, tmp_path, monkeypatch):
    earlier = tmp_path / "february.mutual"
    make_copy(qtbot, view, monkeypatch, earlier)
    session = demo_window.session
    step_id = next(s for s in session.all_step_ids()
                   if session.step_state(s).status is StepStatus.NOT_STARTED)
    session.set_step_status(step_id, StepStatus.DONE)
    shown = []
    monkeypatch.setattr(file_dialogs, "ask_open_path", lambda *a, **k: earlier)
    monkeypatch.setattr(changes_dialog, "present", shown.append)
    view.changes_button.click()
    text = shown[0].text.toPlainText()
    assert "Steps done (1):" in text and session.step_title(step_id) in text


def test_changes_dialog_refuses_another_project(view, tmp_path, monkeypatch):
    other = tmp_path / "other.mutual"
    ProjectRepository.create(other, _other_project()).close()
    errors = []
    monkeypatch.setattr(file_dialogs, "ask_open_path", lambda *a, **k: other)
    monkeypatch.setattr(changes_dialog, "show_error", lambda parent, text: errors.append(text))
    view.changes_button.click()
    assert "different project" in errors[0]


def _other_project():
    from mutual_checklist.domain.models import Project

    return Project(uuid="another-project", name="Somewhere else", template_id="mutual-2011",
                   template_version="1")


def test_second_window_on_fresh_demo_has_no_reports(qtbot):
    win = build_main_window(fresh_demo())
    qtbot.addWidget(win)
    try:
        assert "No report has been issued yet" in win.views["reports"].previous.item(0).text()
    finally:
        win.session.close()


def test_report_sections_can_be_left_out_in_the_view(qtbot, tmp_path):
    from mutual_checklist.ui.application import build_main_window, fresh_demo

    win = build_main_window(fresh_demo())
    qtbot.addWidget(win)
    view = win.views["reports"]
    assert view.options().sections == ()  # everything by default
    view.section_boxes["appendices"].setChecked(False)
    view.section_boxes["stakeholders"].setChecked(False)
    assert "appendices" not in view.options().sections
    assert "gates" in view.options().sections
    win.session.close()
