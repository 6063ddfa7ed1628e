"""Changes between two copies of one project: real edits between two review copies, via the CLI."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil

import pytest

from mutual_checklist import cli, resources
from mutual_checklist.domain import changes
from mutual_checklist.domain.models import Barrier, BarrierStatus, Contact, Rating, StepStatus
from mutual_checklist.export.review_copy import write_review_copy
from mutual_checklist.storage.repository import ProjectRepository

TODAY = dt.date(2025, 3, 3)


@pytest.fixture(scope="module")
def two_copies(tmp_path_factory):
    """A review copy, a month of edits to the leader's project, then a second review copy."""
    from mutual_checklist.demo import build_demo

    folder = tmp_path_factory.mktemp("changes")
    template = resources.find_bundled_template("mutual-2011")
    with build_demo(folder / "leader.mutual", template, resources.template_text("mutual-2011"),
                    TODAY) as repo:
        for redacted in (False, True):
            write_review_copy(repo, folder / f"march{'-redacted' * redacted}.mutual",
                              redacted=redacted)
        barriers = {b.title.split()[0]: b for b in repo.barriers()}
        repo.save_step_state(dataclasses.replace(repo.step_state("S4-08"),
                                                 status=StepStatus.DONE, completed_on=TODAY))
        repo.save_step_state(dataclasses.replace(repo.step_state("S3-11"),
                                                 due_date=dt.date(2025, 4, 30), owner="Aisha"))
        repo.save_barrier(dataclasses.replace(barriers["Pension"], likelihood=2))
        repo.save_barrier(dataclasses.replace(barriers["Self-funders"],
                                              status=BarrierStatus.RESOLVED))
        repo.remove_barrier(barriers["Lease"].id)
        repo.save_barrier(Barrier("new-b", "Board chair <b>not</b> found", "governance", 4, 4))
        repo.save_contact(Contact("new-c", "Nadia Hussain", role="Non-executive director"))
        repo.set_go_live(repo.project().go_live_date + dt.timedelta(weeks=4), "Board delay")
        repo.set_rating(Rating.AMBER_RED, "Pension bond still open")
        for redacted in (False, True):
            write_review_copy(repo, folder / f"april{'-redacted' * redacted}.mutual",
                              redacted=redacted)
    return folder


def _load(path):
    with ProjectRepository.open(path, read_only=True) as repo:
        return repo.load_all()


def test_changes_between_two_review_copies(two_copies):
    template = resources.find_bundled_template("mutual-2011")
    found = changes.compare(_load(two_copies / "march.mutual"), _load(two_copies / "april.mutual"),
                            template)
    steps = {s.step_id: {f.field: (f.old, f.new) for f in s.changes} for s in found.step_changes}
    assert steps["S4-08"] == {"status": ("in_progress", "done")}
    assert steps["S3-11"]["owner"][1] == "Aisha"
    assert steps["S3-11"]["due_date"][1] == "2025-04-30"
    assert [s.step_id for s in found.done_since] == ["S4-08"]
    assert [b.title for b in found.barriers_opened] == ["Board chair <b>not</b> found"]
    assert sorted((b.title.split()[0], b.new_status) for b in found.barriers_closed) == [
        ("Lease", "removed"), ("Self-funders", "resolved")]
    assert [(b.title.split()[0], b.old_score, b.new_score) for b in found.barriers_rescored] == [
        ("Pension", 20, 10)]
    assert found.contacts_added == ("Nadia Hussain",) and found.contacts_added_count == 1
    assert (found.rating.old, found.rating.new) == ("amber", "amber_red")
    old_go_live = dt.date.fromisoformat(found.go_live.old)
    assert dt.date.fromisoformat(found.go_live.new) - old_go_live == dt.timedelta(weeks=4)


def test_cli_text_and_json(two_copies, capsys):
    code = cli.run(["changes", str(two_copies / "march.mutual"), str(two_copies / "april.mutual")])
    out = capsys.readouterr().out
    assert code == 0
    assert "Steps done (1):\n  - S4-08 " in out
    assert "Delivery confidence: Amber → Amber/Red" in out
    assert ("due 19 February 2025 → 30 April 2025; owner Transition leader (service head) → "
            "Aisha") in out
    assert "Board chair <b>not</b> found (score 16, Red)" in out  # literal, never markup
    assert "Pension fund asks for a bond the new mutual cannot afford: 20 → 10" in out
    assert "1 added: Nadia Hussain" in out
    code = cli.run(["changes", str(two_copies / "march.mutual"), str(two_copies / "april.mutual"),
                    "--json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0 and document["contacts"]["added_names"] == ["Nadia Hussain"]
    assert [s["step"] for s in document["steps_done"]] == ["S4-08"]


def test_redacted_copies_report_contact_counts_only(two_copies, capsys):
    code = cli.run(["changes", str(two_copies / "march-redacted.mutual"),
                    str(two_copies / "april-redacted.mutual"), "--json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0
    assert document["contacts"] == {"added": 1, "removed": 0, "added_names": [],
                                    "removed_names": []}
    assert "Nadia" not in json.dumps(document)


def test_copies_of_different_projects_are_refused(two_copies, tmp_path, capsys):
    other = tmp_path / "other.mutual"
    cli.run(["new", str(other), "--name", "Another service"])
    capsys.readouterr()
    code = cli.run(["changes", str(two_copies / "march.mutual"), str(other)])
    err = capsys.readouterr().err
    assert code == 1 and "different projects" in err and "Another service" in err


def test_same_copy_twice_has_nothing_to_report(two_copies, tmp_path, capsys):
    shutil.copyfile(two_copies / "april.mutual", tmp_path / "same.mutual")
    assert cli.run(["changes", str(two_copies / "april.mutual"), str(tmp_path / "same.mutual")]) \
        == 0
    assert "Nothing has changed" in capsys.readouterr().out
