"""The Checklist view: filters, the step detail, notes, due dates, evidence, custom steps."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from mutual_checklist.domain.models import StepStatus
from mutual_checklist.ui import dialogs, file_dialogs
from mutual_checklist.ui.models.steps_model import StepIdRole
from mutual_checklist.ui.views import checklist_view
from tests.gui.conftest import stored


def visible_steps(view) -> list[str]:
    model = view.tree_model
    ids = []
    for phase_row in range(model.rowCount()):
        phase = model.index(phase_row, 0)
        ids += [model.index(r, 0, phase).data(StepIdRole) for r in range(model.rowCount(phase))]
    return ids


def test_filters_narrow_the_tree(demo_window):
    view = demo_window.checklist
    everything = len(visible_steps(view))
    view.status_filter.setCurrentIndex(view.status_filter.findData("not_applicable"))
    assert visible_steps(view) == ["S3-14", "S4-25", "S4-26"]  # two by profile
    view.clear_filter()
    assert len(visible_steps(view)) == everything
    view.search.setText("employee liability")
    assert "S4-06" in visible_steps(view) and len(visible_steps(view)) < 10
    view.clear_filter()
    view.category_filter.setCurrentIndex(view.category_filter.findData("pensions"))
    assert "S4-10" in visible_steps(view) and "S1-03" not in visible_steps(view)
    view.clear_filter()
    view.overdue_filter.setChecked(True)
    assert "S3-11" in visible_steps(view)  # the demo's late step
    view.clear_filter()
    view.owner_filter.setText("HR lead")
    assert "S4-06" in visible_steps(view) and "S1-01" not in visible_steps(view)


def test_selected_step_shows_guidance_gate_and_glossary(demo_window):
    view = demo_window.checklist
    view.select_step("S4-10")
    detail = view.detail
    assert "G6" in detail.gate_info.text()
    assert "To pass, all of these must be true" in detail.guidance.toPlainText()
    assert "Basis:" in detail.meta.text()
    assert any("LGPS" in t or "Admitted" in t or "admission" in t.lower()
               for t in detail.guidance.terms_shown)
    view.select_step("S4-06")
    assert "28 days" in detail.meta.text()


def test_notes_owner_and_sign_off_are_saved_and_undoable(demo_window):
    view = demo_window.checklist
    view.select_step("S4-04")
    detail = view.detail
    original_owner = demo_window.session.step_state("S4-04").owner
    detail.notes.setPlainText("Spoke to HR <b>today</b> & =SUM(A1)")
    detail.notes.editing_finished.emit()
    detail.owner_edit.setText("Priya in HR")
    detail.owner_edit.editingFinished.emit()
    with stored(demo_window) as repo:
        state = repo.step_state("S4-04")
    assert state.notes == "Spoke to HR <b>today</b> & =SUM(A1)" and state.owner == "Priya in HR"
    assert demo_window.undo_action.text().endswith("Change owner")
    demo_window.undo_action.trigger()
    with stored(demo_window) as repo:
        assert repo.step_state("S4-04").owner == original_owner
    assert any("notes" in detail.history.item(i).text() for i in range(detail.history.count()))


def test_due_date_by_hand_then_back_to_suggested(demo_window):
    view = demo_window.checklist
    view.select_step("S4-13")
    detail = view.detail
    suggested = detail.due_edit.date().toPython()
    detail.due_edit.setDate(QDate(2030, 1, 31))
    detail.due_edit.editingFinished.emit()
    with stored(demo_window) as repo:
        state = repo.step_state("S4-13")
    assert state.due_date == dt.date(2030, 1, 31) and state.due_date_manual
    assert detail.due_kind.text() == "set by hand"
    detail.use_suggested.click()
    assert detail.due_edit.date().toPython() == suggested
    assert "suggested" in detail.due_kind.text()


def test_evidence_is_stored_in_the_project(demo_window, tmp_path, monkeypatch):
    evidence = tmp_path / "minutes.txt"
    evidence.write_bytes(b"Board minutes: approved")
    monkeypatch.setattr(file_dialogs, "ask_open_files", lambda *a, **k: [evidence])
    view = demo_window.checklist
    view.select_step("S4-23")
    view.detail.add_file_button.click()
    evidence.unlink()  # the original can go: the project keeps its own copy
    with stored(demo_window) as repo:
        [info] = repo.evidence("S4-23")
        assert repo.evidence_content(info.id) == b"Board minutes: approved"
    assert view.detail.evidence_list.count() == 1
    view.detail.evidence_list.setCurrentRow(0)
    view.detail.remove_evidence_button.click()
    with stored(demo_window) as repo:
        assert repo.evidence("S4-23") == []
    demo_window.undo_action.trigger()
    with stored(demo_window) as repo:
        assert [e.name for e in repo.evidence("S4-23")] == ["minutes.txt"]


def test_custom_steps_add_edit_remove_with_undo(demo_window, monkeypatch):
    view = demo_window.checklist
    view.select_step("S6-01")
    from mutual_checklist.domain.models import CustomStep

    monkeypatch.setattr(dialogs, "ask_custom_step", lambda parent, template, initial=None,
                        phase_id=None: CustomStep("custom-party", phase_id or "looking-ahead",
                                                  "Hold a launch day for staff"))
    view.add_step_button.click()
    assert "custom-party" in visible_steps(view)
    assert view.detail.step_id == "custom-party"
    view.detail._on_status_chosen(view.detail.status_combo.findData("done"))
    monkeypatch.setattr(dialogs, "confirm", lambda *a: True)
    view.remove_step_button.click()
    assert "custom-party" not in visible_steps(view)
    demo_window.undo_action.trigger()
    assert "custom-party" in visible_steps(view)
    with stored(demo_window) as repo:
        assert [c.title for c in repo.custom_steps() if c.id == "custom-party"] == [
            "Hold a launch day for staff"]
        assert repo.step_state("custom-party").status is StepStatus.DONE


def test_overdue_filter_uses_today(demo_window, monkeypatch):
    monkeypatch.setattr(checklist_view, "today", lambda: dt.date(2000, 1, 1))
    view = demo_window.checklist
    view.overdue_filter.setChecked(True)
    assert visible_steps(view) == []


def test_filtered_tree_passes_the_model_tester(demo_window, qtmodeltester):
    view = demo_window.checklist
    view.status_filter.setCurrentIndex(view.status_filter.findData("in_progress"))
    qtmodeltester.check(view.proxy)
    view.clear_filter()
    qtmodeltester.check(view.proxy)


def test_evidence_can_be_a_web_link(demo_window, monkeypatch):
    opened = []
    monkeypatch.setattr(dialogs, "ask_evidence_link",
                        lambda parent: ("Board minutes", "https://example.org/minutes"))
    monkeypatch.setattr(file_dialogs, "open_link", lambda link: opened.append(link))
    view = demo_window.checklist
    view.select_step("S4-23")
    view.detail.add_link_button.click()
    with stored(demo_window) as repo:
        [info] = repo.evidence("S4-23")
    assert info.link == "https://example.org/minutes" and info.size == 0
    item = view.detail.evidence_list.item(0)
    assert "link to https://example.org/minutes" in item.text()
    view.detail._on_open_evidence(item)
    assert opened == ["https://example.org/minutes"]


def test_only_web_links_are_opened():
    assert file_dialogs.open_link("file:///etc/passwd") is False
    assert file_dialogs.open_link("javascript:alert(1)") is False


def test_a_step_can_depend_on_a_contact(demo_window):
    from mutual_checklist.ui import contact_actions

    view = demo_window.checklist
    view.select_step("S4-09")
    detail = view.detail
    finance = next(c for c in demo_window.session.repo.contacts() if c.name == "David Okafor")
    index = detail.contact_combo.findData(finance.id)
    detail.contact_combo.setCurrentIndex(index)
    detail.contact_combo.activated.emit(index)
    with stored(demo_window) as repo:
        assert repo.step_state("S4-09").contact_id == finance.id
    links = [detail.links.item(i).text() for i in range(detail.links.count())]
    assert any("Depends on: David Okafor" in t for t in links)
    shown = []
    demo_window.session.navigate_requested.connect(lambda view_name, item: shown.append(item))
    detail._on_link_activated(detail.links.item(0))
    assert shown == [finance.id]
    contact_actions.erase_contact(demo_window.session, finance.id)
    with stored(demo_window) as repo:
        assert repo.step_state("S4-09").contact_id is None
    assert detail.contact_combo.currentData() is None


def test_received_evidence_never_runs_a_program(qtbot, tmp_path, monkeypatch):
    """A full review copy (opened read-only) carrying programs, a shortcut, a script, a desktop
    entry and a right-to-left-override name: none is handed to the system; a PDF is."""
    import os
    import stat

    from mutual_checklist import paths
    from mutual_checklist.export.review_copy import write_review_copy
    from mutual_checklist.storage.repository import ProjectRepository
    from mutual_checklist.ui.application import build_main_window, fresh_demo

    hostile = ["invoice.pdf.exe", "shortcut.lnk", "script.bat", "run-me.desktop",
               "Board minutes\u202efdp.exe", "C:\\Windows\\System32\\evil.exe"]
    source = fresh_demo()
    with ProjectRepository.open(source) as repo:
        for name in hostile + ["minutes.pdf"]:
            repo.add_evidence("S4-23", name, b"MZ payload" if "pdf" not in name[-4:]
                              else b"%PDF-1.4")
    with ProjectRepository.open(source, read_only=True) as repo:
        write_review_copy(repo, tmp_path / "copy.mutual", redacted=False)
    opened, offered, saved = [], [], []

    class Desktop:
        @staticmethod
        def openUrl(url):
            opened.append(url.toLocalFile())
            return True

    monkeypatch.setattr(file_dialogs, "QDesktopServices", Desktop)
    monkeypatch.setattr(dialogs, "offer_save_instead",
                        lambda parent, name: offered.append(name) or name.endswith("evil.exe"))
    monkeypatch.setattr(file_dialogs, "ask_save_path",
                        lambda *a, **k: saved.append(a[2]) or tmp_path / "saved.bin")
    win = build_main_window(tmp_path / "copy.mutual")
    qtbot.addWidget(win)
    try:
        assert win.session.read_only
        view = win.checklist
        view.select_step("S4-23")
        listing = view.detail.evidence_list
        assert listing.count() == 7
        shown = [listing.item(row).text() for row in range(listing.count())]
        assert not any("\u202e" in text or "\\" in text for text in shown)
        for row in range(listing.count()):
            view.detail._on_open_evidence(listing.item(row))
    finally:
        win.session.close()
    assert len(opened) == 1 and opened[0].endswith("minutes.pdf")
    assert sorted(offered) == sorted(["invoice.pdf.exe", "shortcut.lnk", "script.bat",
                                      "run-me.desktop", "Board minutesfdp.exe", "evil.exe"])
    assert saved == ["evil.exe"] and (tmp_path / "saved.bin").read_bytes() == b"MZ payload"
    folder = paths.data_dir() / "opened"
    written = [p for p in folder.rglob("*") if p.is_file()]
    assert [p.name for p in written] == ["minutes.pdf"]
    if os.name == "posix":
        assert stat.S_IMODE(written[0].stat().st_mode) == 0o600


def test_copies_opened_last_time_are_gone_at_start():
    from mutual_checklist import evidence_files, paths
    from mutual_checklist.ui import application

    copy = evidence_files.write_for_opening(paths.data_dir(), "ev", "minutes.pdf", b"%PDF")
    application.evidence_files.empty_opened_folder()
    assert not copy.exists()
