"""The command line: what a script or a leader at a terminal sees, exit codes included."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mutual_checklist import app

ROOT = Path(__file__).resolve().parents[2]


def run(argv, capsys):
    try:
        code = app.main(argv)
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_templates_lists_the_bundled_checklists(capsys):
    code, out, _ = run(["templates"], capsys)
    assert code == 0
    assert "mutual-2011" in out and "right-to-challenge" in out


def test_validate_good_and_bad_template(tmp_path, capsys):
    code, out, _ = run(["templates", "--validate", str(ROOT / "checklists/mutual-2011.toml")],
                       capsys)
    assert code == 0 and "OK" in out
    bad = tmp_path / "bad.toml"
    bad.write_text('format_version = 1\nid = "x"\nversion = "1.0.0"\ntitle = "T"\n'
                   "[[phases]]\nid = 'p'\ntitle = 'P'\npurpose = 'x'\n"
                   "[[phases.steps]]\nid = 'A'\ntitle = 'A'\nguidance = 'g'\n"
                   "barriers = ['nope']\nowner = 'leader'\nbasis = 'inferred'\n"
                   "timing = { from_week = -2, to_week = -1 }\n")
    code, _, err = run(["templates", "--validate", str(bad)], capsys)
    assert code == 1
    assert f"{bad}:" in err and "nope" in err


def test_new_demo_status_and_json_status(tmp_path, capsys):
    path = tmp_path / "p.mutual"
    code, out, _ = run(["new", str(path), "--name", "Day services", "--organisation",
                        "Anytown Council", "--go-live", "2027-09-01"], capsys)
    assert code == 0 and path.exists()
    code, out, _ = run(["status", str(path), "--today", "2026-11-22"], capsys)
    assert code == 0
    assert "Day services" in out and "Progress: 0%" in out and "01 Sep 2027" in out
    demo = tmp_path / "demo.mutual"
    assert run(["demo", str(demo)], capsys)[0] == 0
    code, out, _ = run(["status", str(demo), "--json"], capsys)
    report = json.loads(out)
    assert code == 0
    assert 0 < report["progress"]["percent"] < 100
    assert len(report["phases"]) == 6
    assert report["overdue"] and report["top_barriers"][0]["rag"] == "red"


def test_export_then_import_round_trip(tmp_path, capsys):
    demo, exported = tmp_path / "demo.mutual", tmp_path / "demo.json"
    run(["demo", str(demo)], capsys)
    assert run(["export", str(demo), "--format", "json", "-o", str(exported)], capsys)[0] == 0
    assert run(["import", str(exported), str(tmp_path / "copy.mutual")], capsys)[0] == 0
    again = tmp_path / "again.json"
    run(["export", str(tmp_path / "copy.mutual"), "--format", "json", "-o", str(again)], capsys)
    assert again.read_bytes() == exported.read_bytes()


@pytest.mark.parametrize("argv", [
    ["export"], ["export", "x.mutual", "--format", "xml", "-o", "y"], ["new", "x.mutual"],
    ["new", "x.mutual", "--name", "N", "--go-live", "next spring"], ["frobnicate"],
])
def test_usage_errors_exit_2(argv, capsys):
    code, _, err = run(argv, capsys)
    assert code == 2 and err and "Traceback" not in err


def test_foreign_file_is_reported_and_untouched(tmp_path, capsys):
    foreign = tmp_path / "photo.mutual"
    foreign.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)
    before = foreign.read_bytes()
    code, _, err = run(["status", str(foreign)], capsys)
    assert code == 1 and "not a Mutual Checklist project file" in err
    assert foreign.read_bytes() == before


def test_missing_file_and_existing_target(tmp_path, capsys):
    code, _, err = run(["status", str(tmp_path / "nowhere.mutual")], capsys)
    assert code == 1 and "There is no file" in err
    existing = tmp_path / "exists.mutual"
    existing.write_text("keep me")
    code, _, err = run(["new", str(existing), "--name", "X"], capsys)
    assert code == 1 and "already exists" in err and existing.read_text() == "keep me"


def test_unknown_template_is_explained(tmp_path, capsys):
    code, _, err = run(["new", str(tmp_path / "x.mutual"), "--name", "X", "--template", "zz"],
                       capsys)
    assert code == 1 and "no checklist template 'zz'" in err


def test_module_entry_point_and_no_display_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                           "QT_QPA_PLATFORM")}
    env["MUTUAL_CHECKLIST_DATA_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "mutual_checklist", "--demo"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "needs a desktop display" in result.stderr and "Traceback" not in result.stderr
    result = subprocess.run([sys.executable, "-m", "mutual_checklist", "templates"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "mutual-2011" in result.stdout


def test_table_option_is_for_csv_only(tmp_path, capsys):
    demo = tmp_path / "demo.mutual"
    run(["demo", str(demo)], capsys)
    code, _, err = run(["export", str(demo), "--format", "json", "--table", "steps", "-o",
                        str(tmp_path / "x.json")], capsys)
    assert code == 1 and "only applies to --format csv" in err
    code, _, err = run(["export", str(demo), "--format", "csv", "--table", "nope", "-o",
                        str(tmp_path / "x.csv")], capsys)
    assert code == 1 and "no table 'nope'" in err
    code, out, _ = run(["export", str(demo), "--format", "csv", "-o", str(tmp_path / "all")],
                       capsys)
    assert code == 0 and (tmp_path / "all-steps.csv").exists()


def test_new_with_a_profile_marks_the_steps_it_rules_out(tmp_path, capsys):
    from mutual_checklist.domain.models import StepStatus
    from mutual_checklist.storage.repository import ProjectRepository

    path = tmp_path / "nhs.mutual"
    code, _, _ = run(["new", str(path), "--name", "Community nursing",
                      "--profile", "nation=wales,parent=nhs"], capsys)
    assert code == 0
    with ProjectRepository.open(path, read_only=True) as repo:
        project, states = repo.project(), repo.step_states()
    assert (project.profile_nation, project.profile_parent) == ("wales", "nhs")
    assert project.profile_regulated_care is None  # not said, so nothing ruled out by it
    assert [s for s, st in states.items() if st.status is StepStatus.NOT_APPLICABLE] == ["S4-09"]
    code, out, _ = run(["status", str(path)], capsys)
    assert "Profile: Wales · parent: an NHS body · regulated care: not said" in out
    code, _, err = run(["new", str(tmp_path / "x.mutual"), "--name", "X",
                        "--profile", "nation=mars"], capsys)
    assert code == 2 and "nation must be one of: england, wales" in err
    assert "Traceback" not in err and not (tmp_path / "x.mutual").exists()
