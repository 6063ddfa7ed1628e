"""`appraisal FILE [--json]`: the result, sensitivity and funding model, without a display."""
from __future__ import annotations

import json

import pytest

from mutual_checklist import cli


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.mutual"
    assert cli.run(["demo", str(path)]) == 0
    return path


def test_json_names_options_criteria_winner_margin_sensitivity_and_funding(demo_file, capsys):
    capsys.readouterr()
    assert cli.run(["appraisal", str(demo_file), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {"id", "name", "total", "rank"} <= set(report["options"][0])
    assert report["options"][0]["rank"] == 1 and report["options"][0]["total"] == 3.8
    assert report["winner"]["name"] == "Employee-owned mutual"
    assert report["margin"] == 0.6 and report["close"] is False
    assert [c["weight"] for c in report["criteria"]] == [25, 20, 15, 15, 10, 10, 5]
    risk = next(s for s in report["sensitivity"] if s["criterion"] == "risk")
    assert risk["weight_at_change"] == 34.6 and risk["direction"] == "above"
    outcomes = next(s for s in report["sensitivity"] if s["criterion"] == "outcomes")
    assert outcomes["weight_at_change"] is None and "cannot change" in outcomes["text"]
    fund = report["funding_model"]
    assert fund["recommendation"] == "mix" and fund["reasons"]
    assert all(s["url"].startswith("http") for r in fund["reasons"] for s in r["sources"])


def test_text_output_reads_as_sentences(demo_file, capsys):
    capsys.readouterr()
    assert cli.run(["appraisal", str(demo_file)]) == 0
    out = capsys.readouterr().out
    assert "“Employee-owned mutual” leads with 3.80 out of 5" in out
    assert "The result changes only if risk weighs more than 34.6 %" in out
    assert "Funding model: A mix" in out


def test_a_project_without_an_appraisal_says_so(tmp_path, capsys):
    path = tmp_path / "new.mutual"
    assert cli.run(["new", str(path), "--name", "Fresh"]) == 0
    capsys.readouterr()
    assert cli.run(["appraisal", str(path), "--json"]) == 1
    err = capsys.readouterr().err
    assert "no options appraisal yet" in err and "Traceback" not in err
