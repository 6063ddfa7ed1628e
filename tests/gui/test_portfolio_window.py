"""The Portfolio window over a folder of review copies (and one file that is not a project)."""
from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from mutual_checklist.domain.models import BarrierStatus
from mutual_checklist.export.review_copy import write_review_copy
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui import file_dialogs, portfolio_window
from mutual_checklist.ui.application import fresh_demo
from mutual_checklist.ui.portfolio_window import Columns, PortfolioWindow


def make_folder(tmp_path: Path) -> Path:
    """Three review copies of the demo (one renamed with no red barriers, one renamed) + junk."""
    folder = tmp_path / "copies"
    folder.mkdir()
    demo = fresh_demo()
    with ProjectRepository.open(demo) as repo:
        write_review_copy(repo, folder / "a-demo.mutual", redacted=True)
        repo.update_project(name="Third Council")
        write_review_copy(repo, folder / "c-third.mutual", redacted=False)
        repo.update_project(name="Calm Borough")
        for barrier in repo.barriers():
            from dataclasses import replace
            repo.save_barrier(replace(barrier, status=BarrierStatus.RESOLVED))
        write_review_copy(repo, folder / "b-calm.mutual", redacted=True)
    (folder / "notes.txt").write_text("not a project", encoding="utf-8")
    return folder


@pytest.fixture
def window(qtbot, tmp_path):
    win = PortfolioWindow()
    qtbot.addWidget(win)
    folder = make_folder(tmp_path)
    with qtbot.waitSignal(win.loaded, timeout=30000) as blocker:
        win.load(folder)
    assert blocker.args == [True]
    return win


def column(win, col: Columns) -> list[str]:
    return [win.proxy.index(r, col).data() for r in range(win.proxy.rowCount())]


def test_rows_sorted_by_concern_with_rag_in_words_and_skipped_listed(window, qtmodeltester):
    qtmodeltester.check(window.model)
    assert window.proxy.rowCount() == 3
    names = column(window, Columns.PROJECT)
    assert names[-1] == "Calm Borough"  # no live barriers: least concern
    assert column(window, Columns.CONCERN) == ["1", "2", "3"]
    for text in column(window, Columns.RATING):
        assert any(word in text for word in ("Red", "Amber", "Green", "Not rated"))
    assert column(window, Columns.RED)[-1] == "0"
    skipped = window.skipped.toPlainText()
    assert "notes.txt" in skipped and window.skipped_label.text() == "Files skipped (1):"
    assert not window.skipped.isHidden()


def test_sorting_by_a_column(window):
    window.table.sortByColumn(Columns.PROJECT, portfolio_window.Qt.SortOrder.AscendingOrder)
    names = column(window, Columns.PROJECT)
    assert names == sorted(names, key=str.casefold)


def test_opening_a_row_goes_through_the_controller(window):
    opened = []

    class Controller:
        def open_path(self, path, *, ask=True, read_only=False):
            opened.append((path, ask, read_only))

    window.controller = Controller()
    window.table.activated.emit(window.proxy.index(0, 0))
    path, ask, read_only = opened[0]
    assert path.name in {"a-demo.mutual", "c-third.mutual"} and not ask and read_only


def test_export_csv_and_pdf(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *a, **k: tmp_path / "folio.csv")
    with qtbot.waitSignal(window.exported, timeout=30000) as blocker:
        window.csv_button.click()
    assert blocker.args == [True]
    assert "Calm Borough" in (tmp_path / "folio.csv").read_text(encoding="utf-8-sig")
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *a, **k: tmp_path / "folio")
    with qtbot.waitSignal(window.exported, timeout=30000):
        window.pdf_button.click()
    text = "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "folio.pdf").pages)
    assert "Third Council" in text


def test_a_missing_folder_says_so(qtbot, tmp_path):
    win = PortfolioWindow()
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000) as blocker:
        win.load(tmp_path / "nowhere")
    assert blocker.args == [False]
    assert "not a folder" in win.status.text()
    assert not win.csv_button.isEnabled()
