"""Erase and subject access: the person gone from every byte of the live file, and everything
held on them handed over on request."""
from __future__ import annotations

import json
import os
import re
import shutil
import stat

import pytest

from mutual_checklist import app, evidence_files, paths
from mutual_checklist.storage.repository import ProjectRepository
from tests.unit.export.test_planted_identifiers import GARETH, PRIYA, SIOBHAN, TODAY, _plant


def _cli(argv):
    try:
        return app.main(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)


@pytest.fixture(scope="module")
def master(tmp_path_factory):
    from mutual_checklist import resources
    from mutual_checklist.demo import build_demo

    path = tmp_path_factory.mktemp("erase") / "p.mutual"
    template = resources.find_bundled_template("mutual-2011")
    with build_demo(path, template, resources.template_text("mutual-2011"), TODAY) as repo:
        _plant(repo)
        repo.save_contact(type(PRIYA)("c-other", "Anita Venkat", role="Clerk"))  # not Priya
    # A report naming people is stored in the project as a snapshot.
    assert _cli(["report", str(path), "-o", str(path.with_suffix(".pdf")), "--include-names",
                 "--today", "2025-03-03"]) == 0
    return path


@pytest.fixture
def project(tmp_path, master):
    path = tmp_path / "p.mutual"
    shutil.copyfile(master, path)
    return path


def traces(raw: bytes) -> list[str]:
    """Priya in any spelling: name parts in any case, email, phone in any grouping."""
    text = raw.decode("latin-1").casefold().replace(PRIYA.id, "")  # an id, not a name
    found = [w for w in ("venkataraman", "priya", "p.venkataraman@example.org") if w in text]
    if re.search(r"161\D{0,3}496\D{0,3}0000", text):
        found.append("phone")
    return found


def test_erase_leaves_no_byte_of_the_person(project, capsys):
    before = project.read_bytes()
    assert set(traces(before)) == {"venkataraman", "priya", "p.venkataraman@example.org",
                                   "phone"}
    with ProjectRepository.open(project, read_only=True) as repo:
        assert '"Priya Venkataraman"' in repo.latest_snapshot()[1] or \
            "Priya" in repo.latest_snapshot()[1]
    copy = evidence_files.write_for_opening(paths.data_dir(), "ev", "minutes.pdf", b"%PDF")
    assert _cli(["erase-contact", str(project), PRIYA.id]) == 1  # no --yes: nothing done
    assert traces(project.read_bytes())
    assert _cli(["erase-contact", str(project), PRIYA.id, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "backups" in out and "exports" in out
    leftovers = [p for p in project.parent.iterdir() if p.name.startswith(project.name)]
    for path in leftovers:  # the file and anything SQLite keeps beside it
        assert traces(path.read_bytes()) == [], path.name
    assert not copy.exists()  # opened/ emptied too
    with ProjectRepository.open(project, read_only=True) as repo:
        names = {c.name for c in repo.contacts()}
        assert PRIYA.name not in names
        assert {SIOBHAN.name, GARETH.name, "Anita Venkat"} <= names  # no one else touched
        assert repo.integrity_ok()
        json.loads(repo.latest_snapshot()[1])  # the snapshot is still a snapshot
        assert "[erased contact]" in repo.latest_snapshot()[1]
        history = repo.history()
    assert any(h.field == "erased" for h in history)


def test_subject_access_gives_everything_held(project, tmp_path, capsys):
    out = tmp_path / "request"
    assert _cli(["subject-access", str(project), SIOBHAN.id, "-o", str(out)]) == 0
    found = json.loads((out / f"subject-access-{SIOBHAN.id}.json").read_text(encoding="utf-8"))
    assert found["contact"]["email"] == SIOBHAN.email
    tables = {m["table"] for m in found["mentions"]}
    assert {"barriers", "step_states", "history", "report_snapshots"} <= tables
    assert all("quigley" in m["text"].casefold() or "07700" in m["text"].replace(" ", "")
               or "900123" in m["text"].replace(" ", "") for m in found["mentions"])
    table = (out / f"subject-access-{SIOBHAN.id}.csv").read_text(encoding="utf-8-sig")
    assert table.startswith("Section,Item,Field,Value") and "Named in barriers" in table
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o700
        for path in out.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _cli(["subject-access", str(project), "nobody", "-o", str(out)]) == 1
    assert "no contact" in capsys.readouterr().err


def test_contacts_lists_ids(project, capsys):
    assert _cli(["contacts", str(project), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"id": PRIYA.id, "name": PRIYA.name} .items() <= next(
        c for c in listed if c["id"] == PRIYA.id).items()
    assert _cli(["contacts", str(project)]) == 0
    assert f"{PRIYA.id}  {PRIYA.name} (Head of HR)" in capsys.readouterr().out
