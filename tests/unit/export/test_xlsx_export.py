"""The Excel workbook, read back with openpyxl: real dates, text as text, frozen filtered headers,
status lists."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from mutual_checklist import cli, resources
from mutual_checklist.domain.models import StepStatus
from mutual_checklist.export import csv_export, xlsx_export
from tests.unit.export.projects import demo, project_with_texts

HOSTILE = ['=HYPERLINK("http://x","y")', "@SUM(1+1)", "+44 20 7946 0000", "-1+1",
           "+cmd|' /C calc'!A0", "  =1+1", "line one\nline two"]


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xlsx")
    path = folder / "demo.mutual"
    with demo(path) as repo:
        data = repo.load_all()
    out = folder / "demo.xlsx"
    assert cli.run(["export", str(path), "--format", "xlsx", "-o", str(out)]) == 0
    return openpyxl.load_workbook(out), data


def column(sheet, name):
    headers = [c.value for c in sheet[1]]
    index = headers.index(xlsx_export.heading(name))
    return [row[index] for row in sheet.iter_rows(min_row=2)]


def test_sheets_headers_freeze_filters_and_widths(demo_book):
    book, data = demo_book
    assert book.sheetnames == ["Steps", "Barriers", "Contacts", "Interactions",
                               "Options appraisal", "Funding model"]
    for (name, title) in xlsx_export.SHEETS:
        sheet = book[title]
        columns = csv_export.TABLE_ROWS[name][0]
        assert [c.value for c in sheet[1]] == [xlsx_export.heading(c) for c in columns]
        assert all(c.font.b for c in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert all(8 <= sheet.column_dimensions[c.column_letter].width <= 60 for c in sheet[1])
    assert book["Steps"].max_row == 1 + len(csv_export.steps_rows(
        resources.find_bundled_template("mutual-2011"), data))
    assert book.properties.language == "en-GB"


def test_dates_are_dates_and_numbers_are_numbers(demo_book):
    book, _ = demo_book
    due = [c for c in column(book["Steps"], "due_date") if c.value is not None]
    assert due and all(c.is_date and isinstance(c.value, dt.datetime) for c in due)
    assert all(c.number_format == "dd/mm/yyyy" for c in due)
    stamps = [c for c in column(book["Steps"], "updated_at") if c.value is not None]
    assert stamps and all(c.is_date for c in stamps)
    occurred = [c for c in column(book["Interactions"], "occurred_on")]
    assert occurred and all(c.is_date for c in occurred)
    scores = column(book["Barriers"], "score")
    assert all(isinstance(c.value, int) for c in scores)


def test_status_is_a_list_of_allowed_values(demo_book):
    book, _ = demo_book
    sheet = book["Steps"]
    [check] = [v for v in sheet.data_validations.dataValidation]
    assert check.type == "list"
    assert check.formula1 == '"' + ",".join(s.value for s in StepStatus) + '"'
    letter = next(c.column_letter for c in sheet[1] if c.value == "Status")
    assert str(check.sqref).startswith(f"{letter}2:")
    assert {v.formula1.count(",") for v in book["Barriers"].data_validations.dataValidation} \
        == {3}


def test_text_is_typed_as_text_with_no_formula_and_no_apostrophe(tmp_path):
    path = project_with_texts(tmp_path / "h.mutual", HOSTILE, name="=Hostile")
    out = tmp_path / "h.xlsx"
    assert cli.run(["export", str(path), "--format", "xlsx", "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    titles = column(book["Barriers"], "title")
    assert sorted(c.value for c in titles) == sorted(HOSTILE)
    assert all(c.data_type == "s" and c.number_format == "@" for c in titles)
    phones = {c.value for c in column(book["Contacts"], "phone")}
    assert "+44 20 7946 0000" in phones
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert not str(cell.value or "").startswith("'")
    # the raw XML holds no formula element at all
    import zipfile

    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_redacted_workbook_holds_no_contact_details(tmp_path):
    path = tmp_path / "demo.mutual"
    with demo(path) as repo:
        people = [c for c in repo.contacts() if not c.anonymised]
    out = tmp_path / "redacted.xlsx"
    assert cli.run(["export", str(path), "--format", "xlsx", "-o", str(out), "--redact"]) == 0
    book = openpyxl.load_workbook(out)
    cells = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row
                     if c.value is not None)
    for person in people:
        assert person.name not in cells
        assert not person.email or person.email not in cells
