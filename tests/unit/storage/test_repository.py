"""The repository: what the user saves is what comes back, and the rules hold."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from mutual_checklist.domain.models import (
    Barrier,
    BarrierStatus,
    Contact,
    Interaction,
    Project,
    StepState,
    StepStatus,
)
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.storage.errors import ReadOnlyProject, StorageError
from mutual_checklist.storage.repository import ProjectRepository, new_id


def make_project(**changes) -> Project:
    values = {"uuid": new_id(), "name": "Test service", "template_id": "mutual-2011",
              "template_version": "1.0.0", **changes}
    return Project(**values)


@pytest.fixture
def repo(tmp_path):
    with ProjectRepository.create(tmp_path / "p.mutual", make_project(), "id = 'x'") as r:
        yield r


def test_created_project_reads_back(repo):
    assert repo.project().name == "Test service"
    assert repo.template_text() == "id = 'x'"


def test_create_refuses_to_overwrite(tmp_path, repo):
    with pytest.raises(StorageError, match="already exists"):
        ProjectRepository.create(repo.path, make_project())


def test_failed_create_leaves_no_file(tmp_path):
    target = tmp_path / "new.mutual"

    def fill(r):
        r._insert_project(make_project(), "")
        raise RuntimeError("crash while filling")

    with pytest.raises(RuntimeError):
        ProjectRepository.create_with(target, fill)
    assert list(tmp_path.iterdir()) == []


def test_step_state_round_trip_and_history(repo):
    repo.save_step_state(StepState("S1-01", StepStatus.IN_PROGRESS, notes="<b>hi</b> & =1+1"))
    repo.save_step_state(StepState("S1-01", StepStatus.DONE, notes="<b>hi</b> & =1+1",
                                   completed_on=dt.date(2026, 11, 1)))
    state = repo.step_state("S1-01")
    assert state.status is StepStatus.DONE and state.notes == "<b>hi</b> & =1+1"
    changes = [(h.field, h.old, h.new) for h in repo.history("step", "S1-01")]
    assert ("status", "in_progress", "done") in changes
    assert ("completed_on", None, "2026-11-01") in changes


def test_not_applicable_needs_a_reason(repo):
    with pytest.raises(RuleViolation, match="needs a reason"):
        repo.save_step_state(StepState("S1-02", StepStatus.NOT_APPLICABLE))
    assert repo.step_states() == {}


def test_database_itself_refuses_na_without_reason(repo):
    with pytest.raises(sqlite3.IntegrityError):
        repo._db.execute("INSERT INTO step_states (step_id, status, updated_at) "
                         "VALUES ('x', 'not_applicable', 'now')")


def test_blocked_needs_a_barrier_and_removing_it_unblocks(repo):
    with pytest.raises(RuleViolation, match="barrier"):
        repo.save_step_state(StepState("S4-09", StepStatus.BLOCKED))
    barrier = repo.save_barrier(Barrier(new_id(), "Pension bond", "pensions", 4, 5))
    repo.save_step_state(StepState("S4-09", StepStatus.BLOCKED, blocked_by=barrier.id))
    repo.remove_barrier(barrier.id)
    state = repo.step_state("S4-09")
    assert state.status is StepStatus.IN_PROGRESS and state.blocked_by is None


def test_barrier_reassessment_history(repo):
    barrier = repo.save_barrier(Barrier(new_id(), "VAT", "vat_tax", 2, 3, linked_steps=("S2-04",)))
    repo.save_barrier(Barrier(**{**barrier.__dict__, "likelihood": 4}), note="HMRC said no")
    repo.save_barrier(Barrier(**{**repo.barrier(barrier.id).__dict__,
                                 "status": BarrierStatus.MITIGATING}))
    scores = [(a.likelihood, a.impact) for a in repo.assessments(barrier.id)]
    assert scores == [(2, 3), (4, 3)]  # a status change is not a re-assessment
    assert repo.barrier(barrier.id).linked_steps == ("S2-04",)


def test_logging_an_interaction_resets_next_contact(repo):
    contact = repo.save_contact(Contact(new_id(), "Jo Bloggs", contact_every_days=30))
    repo.log_interaction(Interaction(new_id(), contact.id, dt.date(2026, 11, 2)))
    assert repo.contact(contact.id).next_contact_date == dt.date(2026, 12, 2)
    repo.log_interaction(Interaction(new_id(), contact.id, dt.date(2026, 11, 10),
                                     follow_up_date=dt.date(2026, 11, 17)))
    assert repo.contact(contact.id).next_contact_date == dt.date(2026, 11, 17)


def test_erasing_a_contact_leaves_no_trace_in_the_file(tmp_path):
    path = tmp_path / "erase.mutual"
    with ProjectRepository.create(path, make_project()) as repo:
        contact = repo.save_contact(Contact(new_id(), "Zebedee Quarrington",
                                            email="zq@example.org", phone="01632 960999"))
        repo.save_contact(Contact(**{**contact.__dict__, "notes": "Met Zebedee at the depot"}))
        repo.log_interaction(Interaction(new_id(), contact.id, dt.date(2026, 1, 1),
                                         summary="Zebedee agreed"))
        repo.erase_contact(contact.id)
        assert repo.contacts() == [] and repo.interactions() == []
    raw = path.read_bytes()
    for identifier in (b"Zebedee", b"Quarrington", b"zq@example.org", b"960999"):
        assert identifier not in raw


def test_go_live_keeps_baseline_and_needs_reason_to_move(repo):
    repo.set_go_live(dt.date(2027, 6, 1))
    with pytest.raises(RuleViolation, match="reason"):
        repo.set_go_live(dt.date(2027, 9, 1))
    project = repo.set_go_live(dt.date(2027, 9, 1), "Pension admission delayed")
    assert project.go_live_baseline == dt.date(2027, 6, 1)
    assert project.go_live_date == dt.date(2027, 9, 1)
    assert [c.reason for c in repo.go_live_changes()][-1] == "Pension admission delayed"


def test_history_is_append_only(repo):
    repo.update_project(name="Renamed")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        repo._db.execute("UPDATE history SET new = 'x'")


def test_read_only_refuses_writes(tmp_path, repo):
    repo.close()
    with ProjectRepository.open(tmp_path / "p.mutual", read_only=True) as ro:
        with pytest.raises(ReadOnlyProject):
            ro.update_project(name="Nope")


def test_a_failed_action_writes_nothing(repo, monkeypatch):
    before = len(repo.history())
    original = repo._record

    def failing_record(*args, **kwargs):
        original(*args, **kwargs)
        raise OSError("disk full")

    monkeypatch.setattr(repo, "_record", failing_record)
    with pytest.raises(OSError):
        repo.save_step_state(StepState("S1-01", StepStatus.DONE))
    monkeypatch.undo()
    assert repo.step_states() == {} and len(repo.history()) == before


def test_closed_project_is_one_file(tmp_path):
    path = tmp_path / "single.mutual"
    with ProjectRepository.create(path, make_project()) as repo:
        repo.save_step_state(StepState("S1-01", StepStatus.DONE))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["single.mutual"]


def test_evidence_is_stored_inside_the_file(repo):
    info = repo.add_evidence("S1-01", "minutes.txt", b"board minutes")
    assert repo.evidence_content(info.id) == b"board minutes"
    assert [e.name for e in repo.evidence("S1-01")] == ["minutes.txt"]
    repo.remove_evidence(info.id)
    assert repo.evidence() == []


def test_review_comments_are_not_added_twice(repo):
    from mutual_checklist.domain.models import Comment, CommentTarget

    comment = Comment("c1", CommentTarget.OVERALL, "", "Adviser", "Looks good", "2026-11-01T10:00Z")
    assert repo.add_comments([comment]) == 1
    assert repo.add_comments([comment]) == 0
    assert len(repo.comments()) == 1


def test_awkward_folder_and_file_names(tmp_path):
    folder = tmp_path / "Sam's files ?#% (2026)"
    folder.mkdir()
    path = folder / "day services: it's ours.mutual"
    with ProjectRepository.create(path, make_project()) as repo:
        repo.save_step_state(StepState("S1-01", StepStatus.DONE))
        copy = repo.copy_to(folder / "copy #1?.mutual")
    with ProjectRepository.open(copy, read_only=True) as again:
        assert again.step_state("S1-01").status is StepStatus.DONE


def test_lone_surrogates_are_dropped_not_fatal(repo):
    barrier = repo.save_barrier(Barrier(new_id(), "Pension\ud800 bond", "pensions", 2, 2))
    assert repo.barrier(barrier.id).title == "Pension bond"
    contact = repo.save_contact(Contact(new_id(), "Jo\udfff Bloggs"))
    assert repo.contact(contact.id).name == "Jo Bloggs"
    assert repo.integrity_ok()
