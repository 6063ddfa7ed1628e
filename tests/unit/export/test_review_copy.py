"""Review copies: redaction checked on the file's raw bytes, read-only opening, comments only."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import time

import pytest

from mutual_checklist.domain.models import Comment, CommentTarget, Contact, CustomStep
from mutual_checklist.export import review_copy
from mutual_checklist.export.review_copy import Identifiers, write_review_copy
from mutual_checklist.storage.errors import ReadOnlyProject, StorageError
from mutual_checklist.storage.repository import ProjectRepository

TODAY = dt.date(2025, 3, 3)
PLANTED_NOTE = ("Spoke to David Okafor (david.okafor@example.org, 01632 960001) about the bond; "
                "Mr Okafor wants the risk-share paper. Ring him on +44 1632 960001.")
HOSTILE = "<b>bold</b> & =HYPERLINK(\"http://x\") \u202eevil\u202c " + "x" * 100_000


@pytest.fixture(scope="module")
def leader_master(tmp_path_factory):
    """The demo project with contact identifiers planted in every kind of free text."""
    from mutual_checklist import resources
    from mutual_checklist.demo import build_demo

    path = tmp_path_factory.mktemp("leader") / "leader.mutual"
    template = resources.find_bundled_template("mutual-2011")
    with build_demo(path, template, resources.template_text("mutual-2011"), TODAY) as repo:
        state = repo.step_state("S4-09")
        repo.save_step_state(dataclasses.replace(state, notes=PLANTED_NOTE))
        hostile = repo.step_state("S4-08")
        repo.save_step_state(dataclasses.replace(hostile, notes=HOSTILE))
        barrier = repo.barriers()[0]
        repo.save_barrier(dataclasses.replace(
            barrier, mitigation="Helen Marsh to take it to cabinet; copy helen.marsh@example.org",
            owner="Cllr Margaret Ellis"))
        repo.save_custom_step(CustomStep(id="custom-x", phase_id="legal-tax-transfer",
                                         title="Meet D. Okafor and Aisha Khan", owner="Tom Reilly"))
        repo.add_comments([Comment("c-planted", CommentTarget.OVERALL, "", "Sam Carter",
                                   "Graham Pike (01632960005) says the actuary is late.",
                                   "2025-03-01T10:00:00Z")])
        repo.add_evidence("S1-14", "Letter to Sarah Lloyd.pdf", b"%PDF secret-evidence-bytes")
        repo.update_project(rating_reason="Mark Benson's legal opinion is awaited.")
        contacts = repo.contacts()
    return path, contacts


@pytest.fixture
def leader(tmp_path, leader_master):
    master, contacts = leader_master
    path = tmp_path / "leader.mutual"
    shutil.copyfile(master, path)  # a closed, single-file project: safe to copy as a file
    return path, contacts


def _identifiers(contact: Contact) -> list[str]:
    digits = "".join(ch for ch in contact.phone if ch.isdigit())
    return [contact.name, contact.name.removeprefix("Cllr "), contact.email, contact.phone,
            digits, "+44 " + contact.phone[1:], contact.email.split("@")[0]]


def test_redacted_copy_has_no_contact_identifier_in_its_raw_bytes(tmp_path, leader):
    path, contacts = leader
    with ProjectRepository.open(path, read_only=True) as repo:
        write_review_copy(repo, tmp_path / "review.mutual", redacted=True)
    raw = (tmp_path / "review.mutual").read_bytes().lower()
    assert len(contacts) == 8
    for contact in contacts:
        for identifier in _identifiers(contact):
            assert identifier.lower().encode() not in raw, identifier
        assert contact.name.split()[-1].lower().encode() not in raw  # the surname alone
    assert b"secret-evidence-bytes" not in raw
    assert not list(tmp_path.glob("review.mutual-*"))  # no WAL or journal beside it
    # ...while the leader's own file still has them (so the scan could have found them).
    assert contacts[0].email.encode() in path.read_bytes()


def test_redacted_copy_keeps_what_the_adviser_needs(tmp_path, leader):
    path, contacts = leader
    with ProjectRepository.open(path, read_only=True) as repo:
        original = repo.load_all()
        write_review_copy(repo, tmp_path / "review.mutual", redacted=True)
    with ProjectRepository.open(tmp_path / "review.mutual", read_only=True) as copy:
        data = copy.load_all()
    assert data.project.is_review_copy and data.project.redacted
    assert data.project.uuid == original.project.uuid
    finance = next(c for c in data.contacts if "Director of Finance" in c.role)
    assert finance.name == "Contact 2 (Director of Finance (s151 officer))"
    assert (finance.email, finance.phone, finance.notes, finance.organisation) == ("", "", "", "")
    assert (finance.stance.value, finance.influence, finance.interest) == ("sceptical", 5, 3)
    assert len(data.interactions) == len(original.interactions)
    assert {i.summary for i in data.interactions} == {""}
    assert data.state("S4-09").notes == (
        "Spoke to [Contact 2] ([Contact 2], [Contact 2]) about the bond; [Contact 2] wants "
        "the risk-share paper. Ring him on [Contact 2].")
    assert data.state("S4-08").notes == HOSTILE  # hostile text is kept literally
    assert data.barriers[0].owner == "[Contact 3]"
    assert next(c for c in data.comments if c.id == "c-planted").body == \
        "[Contact 6] ([Contact 6]) says the actuary is late."
    assert data.evidence[0].name == "Letter to [Contact 7].pdf"
    assert data.project.rating_reason == "[Contact 8]'s legal opinion is awaited."
    assert not [h for h in data.history if h.entity in ("contact", "interaction")]
    assert [h.new for h in data.history if h.field == "review_copy"] == ["redacted"]
    assert data.state("S1-01") == original.state("S1-01")


def test_full_review_copy_keeps_personal_data_and_evidence(tmp_path, leader):
    path, contacts = leader
    with ProjectRepository.open(path, read_only=True) as repo:
        result = write_review_copy(repo, tmp_path / "full.mutual", redacted=False)
    assert not result.redacted
    with ProjectRepository.open(tmp_path / "full.mutual", read_only=True) as copy:
        data = copy.load_all()
        assert copy.evidence_content(data.evidence[0].id) == b"%PDF secret-evidence-bytes"
    assert data.project.is_review_copy and not data.project.redacted
    assert {c.name for c in data.contacts} == {c.name for c in contacts}


def test_review_copy_refuses_to_overwrite(tmp_path, leader):
    path, _ = leader
    dest = tmp_path / "exists.mutual"
    dest.write_bytes(b"keep me")
    with ProjectRepository.open(path, read_only=True) as repo, pytest.raises(StorageError):
        write_review_copy(repo, dest, redacted=True)
    assert dest.read_bytes() == b"keep me"


def test_a_redaction_that_misses_something_is_caught_and_deleted(tmp_path, leader, monkeypatch):
    path, _ = leader
    monkeypatch.setattr(review_copy, "redact", lambda data: data)  # a broken redactor
    with ProjectRepository.open(path, read_only=True) as repo, \
            pytest.raises(StorageError, match="still contained personal data"):
        write_review_copy(repo, tmp_path / "leaky.mutual", redacted=True)
    assert not (tmp_path / "leaky.mutual").exists()


def test_review_copy_is_opened_for_comments_only(tmp_path, leader):
    path, _ = leader
    with ProjectRepository.open(path, read_only=True) as repo:
        write_review_copy(repo, tmp_path / "review.mutual", redacted=True)
    with ProjectRepository.open_for_review(tmp_path / "review.mutual") as copy:
        assert copy.read_only and copy.read_only_reason.startswith("This is a review copy")
        with pytest.raises(ReadOnlyProject, match="review copy"):
            copy.save_step_state(copy.step_state("S1-01"))
        with pytest.raises(ReadOnlyProject):
            copy.update_project(name="Renamed")
        added = copy.add_review_comments([Comment("adv-1", CommentTarget.STEP, "S4-09",
                                                  "Priya", "Chase the actuary.",
                                                  "2025-03-04T09:00:00Z")])
        assert added == 1
    with ProjectRepository.open(tmp_path / "review.mutual", read_only=True) as copy:
        assert "adv-1" in {c.id for c in copy.comments()}
        assert copy.project().name == "Northbrook Day Opportunities spin-out"
    with pytest.raises(StorageError, match="not a review copy"):
        ProjectRepository.open_for_review(path)


def test_the_guard_reopens_a_review_copy_read_only(tmp_path, leader):
    path, _ = leader
    with ProjectRepository.open(path, read_only=True) as repo:
        write_review_copy(repo, tmp_path / "review.mutual", redacted=False)
    guarded = ProjectRepository.open(tmp_path / "review.mutual")._guard_review_copy()
    with guarded:
        assert guarded.read_only
        assert guarded.read_only_reason == ProjectRepository.REVIEW_COPY_REASON
        with pytest.raises(ReadOnlyProject, match="review copy"):
            guarded.update_project(name="Renamed")
    with ProjectRepository.open(path)._guard_review_copy() as own:
        assert not own.read_only  # the leader's own project stays editable


def test_open_makes_a_review_copy_read_only(tmp_path, leader):
    path, _ = leader
    with ProjectRepository.open(path, read_only=True) as repo:
        write_review_copy(repo, tmp_path / "review.mutual", redacted=True)
    with ProjectRepository.open(tmp_path / "review.mutual") as copy:
        assert copy.read_only and "review copy" in copy.read_only_reason


def test_identifiers_catch_the_usual_ways_of_writing_a_person():
    people = [(Contact("1", "Cllr Margaret Ellis", email="m.ellis@example.org",
                       phone="01632 960002"), "Contact 1"),
              (Contact("2", "Jo Ng", phone="+44 1632 960003"), "Contact 2")]
    ids = Identifiers(people)
    text = ("Margaret Ellis, cllr margaret ellis, M. Ellis, Ellis, M.ELLIS@EXAMPLE.ORG, "
            "01632960002, (01632) 960 002, 07700 900000, Jo Ng, 016329600030, Ellison, ellis, "
            "+44 (0)1632 960002, 0044 1632-960-002; Mrs Ellis, a green belt")
    assert ids.scrub(text) == (
        "[Contact 1], [Contact 1], [Contact 1], [Contact 1], [Contact 1], [Contact 1], "
        "([Contact 1], 07700 900000, [Contact 2], [Contact 2]0, Ellison, [Contact 1], "
        "[Contact 1], [Contact 1]; [Contact 1], a green belt")


def test_scrubbing_stays_fast_with_many_contacts():
    people = [(Contact(str(n), f"Person{n} Surname{n}", email=f"p{n}@example.org",
                       phone=f"01632 {n:06d}"), f"Contact {n}") for n in range(5000)]
    ids = Identifiers(people)
    text = "Met Person4999 Surname4999 and p17@example.org on 01632 000123. " * 2000
    started = time.perf_counter()
    scrubbed = ids.scrub(text)
    assert time.perf_counter() - started < 2.0
    assert "Person4999" not in scrubbed and "p17@" not in scrubbed and "000123" not in scrubbed
