"""The import-contacts command: added, duplicates, skipped and unmapped columns, plainly."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mutual_checklist import app
from mutual_checklist.storage.repository import ProjectRepository

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "contacts"


def run(argv, capsys):
    code = app.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def project(tmp_path, capsys):
    path = tmp_path / "p.mutual"
    assert run(["new", path, "--name", "Test"], capsys)[0] == 0
    return path


def names(path):
    with ProjectRepository.open(path, read_only=True) as repo:
        return sorted(c.name for c in repo.contacts())


def test_dry_run_changes_nothing_then_import_then_duplicates(project, capsys):
    source = FILES / "outlook-desktop.csv"
    code, out, err = run(["import-contacts", project, source, "--dry-run"], capsys)
    assert code == 0 and err == ""
    assert "Would add 3" in out and "nothing was changed" in out
    assert names(project) == []
    code, out, _ = run(["import-contacts", project, source], capsys)
    assert code == 0 and "Added 3" in out
    assert "Title (honorific such as Dr or Ms) (filled on 2 rows)" in out
    assert names(project) == ["Aoife Byrne", "Siân Jones", "Zoë Anne Ó Briain"]
    code, out, _ = run(["import-contacts", project, source, "--json"], capsys)
    report = json.loads(out)
    assert (report["found"], report["added"], len(report["duplicates"])) == (3, 0, 3)
    assert report["duplicates"][0]["where"] == "Line 2"
    assert {"column": "Job Title", "becomes": "Role"} in report["mapping"]
    assert report["encoding"] == "Windows Western (cp1252)"


def test_skipped_and_unmapped_are_reported_in_json(project, capsys):
    code, out, _ = run(["import-contacts", project, FILES / "google-new.csv", "--json"], capsys)
    report = json.loads(out)
    assert code == 0 and report["added"] == 2
    assert report["skipped"] == ["Line 4: no name, so it was left out."]
    assert "Photo (filled on 1 row)" in report["not_imported"]


@pytest.mark.parametrize(("content", "message"), [
    ("Name,Influence\r\nAnn,²\r\n", "the influence '²' must be a whole number from 1 to 5"),
    ("Name,Contact every days\r\nAnn,1234567890123456789\r\n", "from 1 to 3,650"),
    ("Name,Interest\r\nAnn,①\r\n", "the interest '①' must be a whole number"),
])
def test_bad_values_are_refused_plainly_and_nothing_is_added(project, tmp_path, capsys,
                                                             content, message):
    source = tmp_path / "bad.csv"
    source.write_text(content, encoding="utf-8")
    code, out, err = run(["import-contacts", project, source], capsys)
    assert code == 1 and out == ""
    assert message in err and "Nothing was imported" in err and "unexpected" not in err
    assert len(err.strip().splitlines()) == 1
    assert names(project) == []
