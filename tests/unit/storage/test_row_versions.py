"""Barriers, contacts and interactions carry row versions (m007): a change made from an
out-of-date read is refused with StaleData and nothing is overwritten."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

from mutual_checklist.domain.models import Barrier, Contact, Interaction, StepState, StepStatus
from mutual_checklist.storage.errors import StaleData
from mutual_checklist.storage.repository import ProjectRepository
from tests.unit.storage.test_repository import make_project

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def two(tmp_path):
    """Two connections to one file, as two people (or two data folders) editing at once."""
    path = tmp_path / "shared.mutual"
    ProjectRepository.create(path, make_project()).close()
    first, second = ProjectRepository.open(path), ProjectRepository.open(path)
    yield first, second
    second.close()
    first.close()


def test_a_barrier_edited_elsewhere_is_not_overwritten_and_a_removed_one_not_revived(two):
    mine, theirs = two
    mine.save_barrier(Barrier("b1", "Pension deficit", "pensions", 3, 3), expected_version=0)
    seen = theirs.row_versions("barriers")["b1"]
    shown = theirs.barrier("b1")
    mine.save_barrier(replace(mine.barrier("b1"), mitigation="Actuary booked"),
                      expected_version=seen)
    with pytest.raises(StaleData, match="changed elsewhere"):
        theirs.save_barrier(replace(shown, likelihood=5), expected_version=seen)
    with pytest.raises(StaleData):
        theirs.remove_barrier("b1", expected_version=seen)
    assert (mine.barrier("b1").mitigation, mine.barrier("b1").likelihood) == ("Actuary booked", 3)
    mine.remove_barrier("b1", expected_version=seen + 1)
    with pytest.raises(StaleData, match="removed elsewhere"):
        theirs.save_barrier(replace(shown, likelihood=5), expected_version=seen)
    with pytest.raises(StaleData, match="removed elsewhere"):
        theirs.restore_barrier(shown, [], expected_version=seen + 1)
    assert mine.barrier("b1") is None


def test_undoing_a_removal_keeps_a_step_someone_changed_since(two):
    mine, theirs = two
    mine.save_barrier(Barrier("b1", "VAT", "finance", 3, 3), expected_version=0)
    blocked = mine.save_step_state(StepState("S1-01", StepStatus.BLOCKED, blocked_by="b1",
                                             notes="Waiting"))
    other = mine.save_step_state(StepState("S1-02", StepStatus.BLOCKED, blocked_by="b1"))
    third = mine.save_step_state(StepState("S1-03", StepStatus.BLOCKED, blocked_by="b1"))
    barrier, assessments = mine.barrier("b1"), mine.assessments("b1")
    mine.remove_barrier("b1", expected_version=1)
    theirs.save_step_state(replace(theirs.step_state("S1-01"), notes="HMRC replied"))
    theirs.save_step_state(replace(theirs.step_state("S1-02"), status=StepStatus.DONE,
                                   completed_on=DAY))
    mine.restore_barrier(barrier, assessments, [blocked, other, third], expected_version=0)
    assert (mine.step_state("S1-01").status, mine.step_state("S1-01").notes) == (
        StepStatus.BLOCKED, "HMRC replied")
    assert mine.step_state("S1-02").status is StepStatus.DONE
    assert mine.step_state("S1-03") == third  # untouched since: exactly as it was


def test_contacts_and_interactions_refuse_stale_changes(two):
    mine, theirs = two
    mine.save_contact(Contact("c1", "Dana Finch"), expected_version=0)
    mine.log_interaction(Interaction("i1", "c1", DAY, summary="Met"), expected_version=0)
    contact_version = theirs.row_versions("contacts", ["c1"])["c1"]
    entry_version = theirs.row_versions("interactions", contact_id="c1")["i1"]
    shown, entry = theirs.contact("c1"), theirs.interactions("c1")[0]
    mine.save_contact(replace(mine.contact("c1"), phone="0161 496 0000"),
                      expected_version=contact_version)
    mine.log_interaction(replace(entry, summary="Met, agreed TUPE list"),
                         expected_version=entry_version)
    with pytest.raises(StaleData):
        theirs.save_contact(replace(shown, role="Union rep"), expected_version=contact_version)
    with pytest.raises(StaleData):
        theirs.log_interaction(replace(entry, kind="call"), expected_version=entry_version)
    with pytest.raises(StaleData):
        theirs.remove_interaction("i1", expected_version=entry_version)
    assert mine.contact("c1").phone == "0161 496 0000"
    assert mine.interactions("c1")[0].summary == "Met, agreed TUPE list"


def test_logging_an_interaction_moves_the_contact_on_and_undo_keeps_other_changes(two):
    mine, theirs = two
    mine.save_contact(Contact("c1", "Dana Finch", contact_every_days=30), expected_version=0)
    before = mine.row_versions("contacts")["c1"]
    mine.log_interaction(Interaction("i1", "c1", DAY), expected_version=0)
    assert mine.row_versions("contacts")["c1"] == before + 1  # next-contact date moved
    theirs.save_contact(replace(theirs.contact("c1"), phone="0161 496 0000"))
    mine.remove_interaction("i1", expected_version=1)
    mine.restore_next_contact("c1", None)
    assert (mine.contact("c1").next_contact_date, mine.contact("c1").phone) == (
        None, "0161 496 0000")


def test_an_erased_contact_is_never_recreated_by_a_window_that_still_shows_them(two):
    mine, theirs = two
    mine.save_contact(Contact("c1", "Dana Finch", email="dana@example.org"), expected_version=0)
    mine.save_barrier(Barrier("b1", "Union ballot", "people", 3, 3, owner_contact_id="c1"),
                      expected_version=0)
    shown = theirs.contact("c1")
    barrier_version = theirs.row_versions("barriers")["b1"]
    mine.erase_contact("c1")
    with pytest.raises(StaleData, match="removed elsewhere"):
        theirs.save_contact(replace(shown, role="Steward"), expected_version=1)
    with pytest.raises(StaleData):  # the barrier lost its owner link: not written back
        theirs.save_barrier(replace(theirs.barrier("b1"), owner_contact_id="c1",
                                    mitigation="Ask Dana"), expected_version=barrier_version)
    assert mine.contact("c1") is None and mine.barrier("b1").owner_contact_id is None


def test_taking_back_an_added_contact_someone_has_edited_since_is_refused(two):
    mine, theirs = two
    mine.save_contact(Contact("c1", "Dana Finch"), expected_version=0)
    theirs.save_contact(replace(theirs.contact("c1"), phone="0161 496 0000"),
                        expected_version=1)
    with pytest.raises(StaleData):
        mine.remove_contacts(["c1"], {"c1": 1})  # undo of the add, after their edit
    assert mine.contact("c1").phone == "0161 496 0000"
    mine.remove_contacts(["c1"], {"c1": 2})
    assert mine.contact("c1") is None

    imported = [Contact(f"n{n}", f"Person {n}") for n in range(1200)]
    mine.save_contacts(imported)  # an import: all new, each at version 1
    theirs.save_contact(replace(theirs.contact("n700"), role="Steward"), expected_version=1)
    with pytest.raises(StaleData):  # undo of the import after one of them was edited
        mine.remove_contacts([c.id for c in imported], dict.fromkeys(
            (c.id for c in imported), 1))
    assert len(mine.contacts()) == 1200


@pytest.mark.parametrize("seed", range(6))
def test_random_interleavings_of_two_editors_never_lose_an_update(two, seed):
    """Each editor appends its token to a text it last read; on StaleData it reads again and
    makes the change again. Every token ends up in the file."""
    rng = random.Random(seed)
    first = two[0]
    first.save_barrier(Barrier("b1", "Pensions", "pensions", 3, 3), expected_version=0)
    first.save_contact(Contact("c1", "Dana Finch"), expected_version=0)
    first.log_interaction(Interaction("i1", "c1", DAY), expected_version=0)

    def read(repo):
        versions = {kind: repo.row_versions(kind) for kind in ("barriers", "contacts",
                                                             "interactions")}
        return versions, {"barriers": repo.barrier("b1"), "contacts": repo.contact("c1"),
                          "interactions": repo.interactions("c1")[0]}

    def write(repo, kind, shown, version, token):
        if kind == "barriers":
            repo.save_barrier(replace(shown, mitigation=f"{shown.mitigation}|{token}"),
                              expected_version=version)
        elif kind == "contacts":
            repo.save_contact(replace(shown, notes=f"{shown.notes}|{token}"),
                              expected_version=version)
        else:
            repo.log_interaction(replace(shown, summary=f"{shown.summary}|{token}"),
                                 expected_version=version)

    views = [read(repo) for repo in two]
    conflicts = 0
    for token in range(60):
        who = rng.randrange(2)
        if rng.random() < 0.2:
            views[who] = read(two[who])
        kind = rng.choice(["barriers", "contacts", "interactions"])
        versions, shown = views[who]
        try:
            write(two[who], kind, shown[kind], versions[kind][shown[kind].id], token)
        except StaleData:
            conflicts += 1
            views[who] = read(two[who])
            versions, shown = views[who]
            write(two[who], kind, shown[kind], versions[kind][shown[kind].id], token)
        views[who] = read(two[who])
    final = read(first)[1]
    texts = [final["barriers"].mitigation, final["contacts"].notes,
             final["interactions"].summary]
    tokens = sorted(int(t) for text in texts for t in text.split("|") if t)
    assert tokens == list(range(60))
    assert conflicts > 0
