"""CSV export: fixed columns, BOM, stable order, and no formula a spreadsheet would run."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from mutual_checklist import cli, resources
from mutual_checklist.export import csv_export
from tests.unit.export.projects import demo, project_with_texts

FORMULAS = ['=HYPERLINK("http://x","y")', "@SUM(1+1)", "+44 20 7946 0000", "-", "\tTAB",
            "\rCR", "  =1+1"]


def read(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    assert b"\r\n" in raw
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.fixture
def hostile(tmp_path):
    return project_with_texts(tmp_path / "h.mutual", FORMULAS)


def test_formula_cells_are_neutralised(tmp_path, hostile):
    assert cli.run(["export", str(hostile), "--format", "csv", "-o", str(tmp_path / "out.csv")]) \
        == 0
    barriers = read(tmp_path / "out-barriers.csv")
    header = barriers[0]
    assert tuple(header) == csv_export.BARRIER_COLUMNS
    titles = {row[header.index("title")] for row in barriers[1:]}
    assert titles == {f if f.startswith("+44") else "'" + f for f in FORMULAS}
    for row in barriers[1:]:
        assert row[header.index("score")] == "6"  # numeric columns untouched
    contacts = read(tmp_path / "out-contacts.csv")
    phones = {row[contacts[0].index("phone")] for row in contacts[1:]}
    assert "+44 20 7946 0000" in phones  # a phone number cannot run: no apostrophe shows
    steps = read(tmp_path / "out-steps.csv")
    notes = {row[0]: row[steps[0].index("notes")] for row in steps[1:]}
    assert notes["S1-01"] == "'" + FORMULAS[0]
    for table in csv_export.TABLES:  # no cell anywhere starts a formula
        for row in read(tmp_path / f"out-{table}.csv")[1:]:
            for cell in row:
                assert cell == "+44 20 7946 0000" or not cell.lstrip(" ").startswith(
                    ("=", "+", "@", "\t", "\r")), (table, cell)


def test_demo_tables_have_documented_columns_and_stable_order(tmp_path):
    template = resources.find_bundled_template("mutual-2011")
    with demo(tmp_path / "demo.mutual") as repo:
        data = repo.load_all()
    first = {name: csv_export.table_csv(name, template, data) for name in csv_export.TABLES}
    again = {name: csv_export.table_csv(name, template, data) for name in csv_export.TABLES}
    assert first == again
    steps = list(csv.reader(io.StringIO(first["steps"].lstrip("\ufeff"))))
    assert tuple(steps[0]) == csv_export.STEP_COLUMNS
    assert len(steps) - 1 == len(template.steps) + len(data.custom_steps)
    assert steps[1][0] == template.steps[0].id
    s311 = next(r for r in steps if r[0] == "S3-11")
    assert s311[steps[0].index("due_date_source")] == "manual"
    assert s311[steps[0].index("due_date")] == "2025-02-19"
    text = (Path(__file__).resolve().parents[3] / "docs" / "csv-columns.md").read_text(
        encoding="utf-8")
    for columns in (csv_export.STEP_COLUMNS, csv_export.BARRIER_COLUMNS,
                    csv_export.CONTACT_COLUMNS, csv_export.INTERACTION_COLUMNS):
        for column in columns:
            assert f"`{column}`" in text, column


def test_single_table_goes_to_the_named_file(tmp_path, hostile):
    out = tmp_path / "just-barriers.csv"
    assert cli.run(["export", str(hostile), "--format", "csv", "--table", "barriers",
                    "-o", str(out)]) == 0
    assert read(out)[0][0] == "barrier_id"
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == ["just-barriers.csv"]


def test_one_protection_rule_for_every_csv():
    from mutual_checklist.domain.csv_cells import protect, unprotect

    for value in ("=1", "  @x", "-1+1", "- first point", "+cmd|' /C calc'!A0", "\tx", "\rx",
                  "+44 (0)20 x"):
        assert protect(value) == "'" + value and unprotect(protect(value)) == value
    for value in ("plain - text", "", "-2", "+3.5", "+44 20 7946 0958", "+44 (0)161-496-0000",
                  "'quoted", "a=b"):
        assert protect(value) == value and unprotect(value) == value
    assert unprotect("'+44 1632 960123") == "+44 1632 960123"  # files from older versions
