"""The review loop end to end through the command line, and untrusted review files rejected whole."""
from __future__ import annotations

import json
import shutil

import pytest

from mutual_checklist import cli
from mutual_checklist.export import review_file
from mutual_checklist.export.interchange import ImportRejected
from mutual_checklist.storage.repository import ProjectRepository

HOSTILE = "<img src=x onerror=alert(1)> & =HYPERLINK(\"http://evil\") \u202egnp.exe"


def run(argv, capsys):
    code = cli.run([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def loop_master(tmp_path_factory):
    """A leader's project, a redacted review copy with three adviser comments, its review file."""
    folder = tmp_path_factory.mktemp("loop")
    leader, copy, review = folder / "leader.mutual", folder / "copy.mutual", folder / "r.json"
    assert cli.run(["demo", str(leader)]) == 0
    assert cli.run(["review-copy", str(leader), "-o", str(copy), "--redact"]) == 0
    with ProjectRepository.open(leader, read_only=True) as repo:
        barrier_id = repo.barriers()[0].id
    for target, text in (("overall", "Escalate the bond."), ("step:S4-09", HOSTILE),
                         (f"barrier:{barrier_id}", "Ask for a council guarantee.")):
        assert cli.run(["comment", str(copy), "--on", target, "--author", "Priya Shah",
                        "--text", text]) == 0
    assert cli.run(["review-file", str(copy), "-o", str(review)]) == 0
    return leader, copy, review, barrier_id


@pytest.fixture
def loop(loop_master, tmp_path, capsys):
    """A private copy of the loop's files (closed single-file projects, safe to copy)."""
    *paths, barrier_id = loop_master
    copies = [tmp_path / p.name for p in paths]
    for source, dest in zip(paths, copies):
        shutil.copyfile(source, dest)
    capsys.readouterr()
    return (*copies, barrier_id)


def test_comment_and_review_file_say_what_they_did(tmp_path, capsys):
    leader, copy = tmp_path / "leader.mutual", tmp_path / "copy.mutual"
    run(["demo", leader], capsys)
    run(["review-copy", leader, "-o", copy, "--redact"], capsys)
    code, out, _ = run(["comment", copy, "--on", "step:S4-09", "--author", "Priya",
                        "--text", "Chase."], capsys)
    assert code == 0 and out.strip() == f"Added a comment on step S4-09 to {copy}."
    code, out, _ = run(["review-file", copy, "-o", tmp_path / "r.json"], capsys)
    assert code == 0 and out.strip() == f"Wrote 1 comment(s) to {tmp_path / 'r.json'}."


def _leader_comments(path):
    with ProjectRepository.open(path, read_only=True) as repo:
        return repo.comments()


def test_review_loop_end_to_end(loop, capsys):
    leader, copy, review, barrier_id = loop
    before = _leader_comments(leader)
    document = json.loads(review.read_text(encoding="utf-8"))
    assert document["format"] == "mutual-checklist-review" and document["reviewer"] == "Priya Shah"
    assert len(document["comments"]) == 3  # only the adviser's new ones, not the demo's own

    code, out, _ = run(["import-review", leader, review], capsys)
    assert code == 0 and "Added 3 comment(s) from Priya Shah" in out
    code, out, _ = run(["import-review", leader, review], capsys)
    assert code == 0
    assert "Added 0 comment(s)" in out and "3 were already there" in out

    after = _leader_comments(leader)
    assert len(after) == len(before) + 3
    new = {(c.target.value, c.target_id): c for c in after if c.author == "Priya Shah"}
    assert new[("step", "S4-09")].body == HOSTILE  # stored literally
    assert new[("barrier", barrier_id)].body == "Ask for a council guarantee."
    assert new[("overall", "")].created_at.endswith("Z")


def test_comment_refuses_what_it_cannot_do(loop, capsys):
    leader, copy, _, _ = loop
    code, _, err = run(["comment", copy, "--on", "step:NOPE", "--author", "P", "--text", "x"],
                       capsys)
    assert code == 1 and "There is no step 'NOPE'" in err
    code, _, err = run(["comment", copy, "--on", "everything", "--author", "P", "--text", "x"],
                       capsys)
    assert code == 1 and "overall, step:ID or barrier:ID" in err
    code, _, err = run(["comment", leader, "--on", "overall", "--author", "P", "--text", "x"],
                       capsys)
    assert code == 1 and "not a review copy" in err
    code, _, err = run(["comment", copy, "--on", "overall", "--author", "P", "--text", "a\x00b"],
                       capsys)
    assert code == 1 and "NUL" in err


def test_review_file_needs_new_comments_in_a_review_copy(tmp_path, capsys):
    leader, copy = tmp_path / "leader.mutual", tmp_path / "copy.mutual"
    run(["demo", leader], capsys)
    run(["review-copy", leader, "-o", copy], capsys)
    code, _, err = run(["review-file", copy, "-o", tmp_path / "r.json"], capsys)
    assert code == 1 and "no new comments" in err
    code, _, err = run(["review-file", leader, "-o", tmp_path / "r.json"], capsys)
    assert code == 1 and "not a review copy" in err
    assert not (tmp_path / "r.json").exists()


def test_import_refuses_another_project_and_a_review_copy(loop, tmp_path, capsys):
    leader, copy, review, _ = loop
    other = tmp_path / "other.mutual"
    run(["new", other, "--name", "Another service"], capsys)
    code, _, err = run(["import-review", other, review], capsys)
    assert code == 1 and "for a different project" in err and "Another service" in err
    assert _leader_comments(other) == []
    code, _, err = run(["import-review", copy, review], capsys)
    assert code == 1 and "is a review copy" in err


def _mutated(review_path, mutate) -> bytes:
    document = json.loads(review_path.read_text(encoding="utf-8"))
    mutate(document)
    return json.dumps(document).encode()


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["comments"][1].update(target="contact"), "$.comments[1].target"),
    (lambda d: d["comments"][0].update(body=""), "$.comments[0].body"),
    (lambda d: d["comments"][0].update(body="a\x00b"), "$.comments[0].body"),
    (lambda d: d["comments"][2].pop("author"), "$.comments[2].author"),
    (lambda d: d["comments"][0].update(created_at="yesterday"), "$.comments[0].created_at"),
    (lambda d: d["comments"][0].update(id="../../etc"), "$.comments[0].id"),
    (lambda d: d.update(extra=1), "$.extra"),
    (lambda d: d.update(comments={}), "$.comments"),
    (lambda d: d["comments"].append(dict(d["comments"][0])), "appears twice"),
    (lambda d: d["comments"][0].update(target="overall", target_id="S1"), "$.comments[0]"),
    (lambda d: d.update(format="mutual-checklist-project"), "not a Mutual Checklist review"),
    (lambda d: d.update(format_version=2), "newer version"),
])
def test_bad_review_files_are_rejected_whole_with_the_field_named(loop, mutate, expected):
    leader, _, review, _ = loop
    with pytest.raises(ImportRejected) as caught:
        review_file.parse(_mutated(review, mutate))
    assert expected in str(caught.value)


@pytest.mark.parametrize("raw, expected", [
    (b"\xff\xfe not utf-8", "not UTF-8"),
    (b"[" * 100_000, "nested too deeply"),
    (b'{"format": NaN}', "not valid JSON"),
    (b'{"format": 1, "format": 2}', "appears twice"),
    (b" " * (review_file.MAX_REVIEW_BYTES + 1), "too large"),
])
def test_garbage_is_rejected_with_a_plain_message(raw, expected):
    with pytest.raises(ImportRejected, match=expected):
        review_file.parse(raw)


def test_a_rejected_review_adds_nothing(loop, capsys):
    leader, _, review, _ = loop
    before = _leader_comments(leader)
    review.write_bytes(_mutated(review, lambda d: d["comments"][2].update(target="nope")))
    code, _, err = run(["import-review", leader, review], capsys)
    assert code == 1 and "$.comments[2].target" in err
    assert _leader_comments(leader) == before
