"""Commands that change a project honour the lock beside it, as the window does: a live holder
(whatever their data folder) refuses the command in one plain line; a holder that has provably
gone is taken over; --edit-anyway is the window's "Edit anyway"."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from mutual_checklist import app
from mutual_checklist.storage import atomic
from mutual_checklist.storage.project_lock import lock_path, read_holder
from tests.unit.test_cli import run as run_cli

SOMEONE_ELSE = {"app": "Mutual Checklist", "host": "LAPTOP-7", "host_tag": "0123456789abcdef",
                "user": "sam", "pid": 4242, "since": "2026-12-01T09:14:00+00:00"}


def run(argv, capsys):
    return run_cli([str(a) for a in argv], capsys)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A demo project, a review copy with one comment, its review file and a contacts CSV."""
    folder = tmp_path_factory.mktemp("cli-lock")
    project, copy, review = folder / "team.mutual", folder / "copy.mutual", folder / "r.json"
    assert app.main(["demo", str(project)]) == 0
    assert app.main(["review-copy", str(project), "-o", str(copy)]) == 0
    assert app.main(["comment", str(copy), "--on", "overall", "--author", "Ada",
                     "--text", "Looks sound"]) == 0
    assert app.main(["review-file", str(copy), "-o", str(review)]) == 0
    people = folder / "people.csv"
    people.write_text("Name,Email\nKit Moss,kit@example.org\n", encoding="utf-8")
    return folder


def _contact_id(project, capsys):
    code, out, _ = run(["contacts", project, "--json"], capsys)
    assert code == 0
    return json.loads(out)[0]["id"]


def _commands(folder, tmp_path, capsys):
    project, copy = tmp_path / "team.mutual", tmp_path / "copy.mutual"
    for name in ("team.mutual", "copy.mutual", "r.json", "people.csv"):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    return {
        "report": (project, ["report", project, "-o", tmp_path / "r.pdf", "--invariant"]),
        "import-contacts": (project, ["import-contacts", project, tmp_path / "people.csv"]),
        "erase-contact": (project, ["erase-contact", project, _contact_id(project, capsys),
                                    "--yes"]),
        "comment": (copy, ["comment", copy, "--on", "overall", "--author", "Ada",
                           "--text", "One more"]),
        "import-review": (project, ["import-review", project, tmp_path / "r.json"]),
    }


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_writing_command_is_covered_here():
    from mutual_checklist.cli import WRITING_COMMANDS

    assert set(WRITING_COMMANDS) == {"report", "import-contacts", "erase-contact", "comment",
                                     "import-review"}


@pytest.mark.parametrize("command", ["report", "import-contacts", "erase-contact", "comment",
                                     "import-review"])
def test_a_live_holder_elsewhere_refuses_the_command_and_nothing_changes(command, made,
                                                                        tmp_path, capsys):
    target, argv = _commands(made, tmp_path, capsys)[command]
    lock_path(target).write_text(json.dumps(SOMEONE_ELSE))
    before = _digest(target)
    code, out, err = run(argv, capsys)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "sam on LAPTOP-7" in lines[0] and "nothing was changed" in lines[0]
    assert "Traceback" not in err
    assert _digest(target) == before
    assert read_holder(target).user == "sam"  # their lock is left as it was

    code, out, err = run([*argv, "--edit-anyway"], capsys)  # the window's "Edit anyway"
    assert code == 0, err
    assert not lock_path(target).exists()  # taken over, then given back when done


@pytest.mark.parametrize("command", ["erase-contact", "import-review"])
def test_a_lock_left_by_a_process_that_has_ended_is_taken_over(command, made, tmp_path, capsys):
    target, argv = _commands(made, tmp_path, capsys)[command]
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    lock_path(target).write_text(json.dumps({**SOMEONE_ELSE, "host_tag": atomic.host_tag(),
                                             "pid": ended.pid}))
    code, _, err = run(argv, capsys)
    assert code == 0, err
    assert not lock_path(target).exists()


def test_reading_commands_do_not_need_the_lock(made, tmp_path, capsys):
    commands = _commands(made, tmp_path, capsys)
    project = tmp_path / "team.mutual"
    lock_path(project).write_text(json.dumps(SOMEONE_ELSE))
    before = _digest(project)
    for argv in (["status", project], ["contacts", project],
                 ["export", project, "--format", "json", "-o", tmp_path / "out.json"],
                 ["report", project, "-o", tmp_path / "look.pdf", "--no-snapshot"],
                 ["import-contacts", project, tmp_path / "people.csv", "--dry-run"]):
        code, _, err = run(argv, capsys)
        assert code == 0, (argv, err)
    assert _digest(project) == before and commands


def test_a_window_with_another_data_folder_holds_off_the_command_line(made, tmp_path, qtbot):
    """The window in this process (its own data folder); the command line in another process
    with a different data folder, as a colleague on a shared drive would run it."""
    from mutual_checklist.ui.application import open_session

    project = tmp_path / "team.mutual"
    project.write_bytes((made / "team.mutual").read_bytes())
    env = {**os.environ, "MUTUAL_CHECKLIST_DATA_DIR": str(tmp_path / "colleague-data")}
    argv = [sys.executable, "-m", "mutual_checklist", "import-review", str(project),
            str(made / "r.json")]
    session = open_session(project)
    try:
        assert not session.read_only
        refused = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
        assert refused.returncode == 1
        assert "is editing team.mutual, so nothing was changed" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
        assert read_holder(project).is_this_process  # the window keeps its lock
    finally:
        session.close()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_a_missing_project_is_reported_as_missing_and_no_lock_is_left(tmp_path, capsys):
    missing = tmp_path / "gone.mutual"
    code, _, err = run(["erase-contact", missing, "c1", "--yes"], capsys)
    assert code == 1 and "There is no file" in err
    assert not lock_path(missing).exists()
