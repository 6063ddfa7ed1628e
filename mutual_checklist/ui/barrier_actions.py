"""Barrier intents (add, add typical, edit, remove), each one undoable action on the session.

Redo and undo put back exactly what was there: the barrier row, its linked steps, its whole
assessment history and, for a removal, the steps it blocked (`ProjectRepository.restore_barrier`).
So undoing an edit does not leave a stray re-assessment behind, and redo does not invent one.
"""
from __future__ import annotations

from mutual_checklist.domain.models import (
    Barrier,
    BarrierAssessment,
    BarrierStatus,
    StepState,
    Treatment,
    TypicalBarrier,
)
from mutual_checklist.storage.repository import new_id
from mutual_checklist.ui.session import ProjectSession, SeenVersion


def short(text: str, limit: int = 50) -> str:
    """Shorten user text for menu entries such as "Undo Add barrier ‘…’"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Snapshot:
    """A barrier as stored, with its assessments, to write back on undo or redo."""

    def __init__(self, session: ProjectSession, barrier_id: str):
        self.barrier: Barrier | None = session.repo.barrier(barrier_id)
        self.assessments: list[BarrierAssessment] = session.repo.assessments(barrier_id)


def _links(*barriers: Barrier | None) -> set[str]:
    return {step for b in barriers if b is not None for step in b.linked_steps}


def _announce(session: ProjectSession, barrier_id: str, step_ids: set[str]) -> None:
    """Tell the views: the barrier changed, and which steps' links or states changed with it."""
    session.barriers_changed.emit([barrier_id])
    if step_ids:
        session.reload_steps(sorted(step_ids))


def _put_back(session: ProjectSession, snapshot: _Snapshot, barrier_id: str, seen: SeenVersion,
              steps: list[StepState] | None = None) -> None:
    current = session.repo.barrier(barrier_id)
    with session.reloading_if_stale(barriers=[barrier_id]):
        if snapshot.barrier is None:
            session.repo.remove_barrier(barrier_id, expected_version=seen.value)
            seen.value = 0
        else:
            session.repo.restore_barrier(snapshot.barrier, snapshot.assessments, steps or [],
                                         expected_version=seen.value)
            seen.value += 1
    touched = _links(current) ^ _links(snapshot.barrier) | {s.step_id for s in steps or []}
    _announce(session, barrier_id, touched)


def save_barrier(session: ProjectSession, barrier: Barrier, note: str = "",
                 version: int | None = None) -> Barrier:
    """Add a new barrier or save an edited one as one undoable action.

    A changed likelihood or impact adds a re-assessment (with `note`) to the history.
    `version` is the row version of the barrier as the window showed it (0 for a new one): if
    it changed elsewhere since, nothing is written and the barrier is shown again as it is now.

    Raises:
        RuleViolation, StorageError (StaleData among them): nothing was written and nothing
            was pushed.
    """
    seen = SeenVersion.shown(session.repo, "barriers", barrier.id, version)
    before = _Snapshot(session, barrier.id)
    verb = "Edit" if before.barrier else "Add"
    after: list[_Snapshot] = []

    def apply() -> None:
        if after:  # redo: the same row and the same assessment as the first time
            _put_back(session, after[0], barrier.id, seen)
            return
        with session.reloading_if_stale(barriers=[barrier.id]):
            session.repo.save_barrier(barrier, note=note, expected_version=seen.value)
        seen.value += 1
        after.append(_Snapshot(session, barrier.id))
        _announce(session, barrier.id, _links(before.barrier) ^ _links(barrier))

    def revert() -> None:
        _put_back(session, before, barrier.id, seen)

    session.push_change(f"{verb} barrier ‘{short(barrier.title)}’", apply, revert)
    return after[0].barrier or barrier


def barrier_from_typical(typical: TypicalBarrier) -> Barrier:
    """A new open barrier with the typical barrier's wording, suggested score and treatment."""
    try:
        treatment = Treatment(typical.treatment)
    except ValueError:
        treatment = Treatment.TREAT
    return Barrier(id=new_id(), title=typical.title, category=typical.category,
                   likelihood=typical.likelihood, impact=typical.impact,
                   description=typical.description, mitigation=typical.mitigation,
                   treatment=treatment, status=BarrierStatus.OPEN)


def add_typical(session: ProjectSession, typicals: list[TypicalBarrier]) -> list[Barrier]:
    """Add typical barriers as they are; several at once make one undoable step."""
    added: list[Barrier] = []
    if len(typicals) > 1:
        session.undo_stack.beginMacro(f"Add {len(typicals)} typical barriers")
    try:
        for typical in typicals:
            added.append(save_barrier(session, barrier_from_typical(typical),
                                      note="Suggested score from the checklist", version=0))
    finally:
        if len(typicals) > 1:
            session.undo_stack.endMacro()
    return added


def blocked_steps(session: ProjectSession, barrier_id: str) -> list[StepState]:
    return [s for s in session.repo.step_states().values() if s.blocked_by == barrier_id]


def remove_barrier(session: ProjectSession, barrier_id: str, version: int | None = None) -> None:
    """Remove a barrier; the steps it blocked go back to in progress. Undo restores them all.

    `version`: as in `save_barrier`; a barrier changed elsewhere since it was shown is not
    removed (it is shown again as it is now).
    """
    seen = SeenVersion.shown(session.repo, "barriers", barrier_id, version)
    before = _Snapshot(session, barrier_id)
    if before.barrier is None:
        if seen.value:  # shown here, removed elsewhere meanwhile: say so, show the list again
            with session.reloading_if_stale(barriers=[barrier_id]):
                session.repo.remove_barrier(barrier_id, expected_version=seen.value)
        return
    steps = blocked_steps(session, barrier_id)

    def apply() -> None:
        with session.reloading_if_stale(barriers=[barrier_id]):
            session.repo.remove_barrier(barrier_id, expected_version=seen.value)
        seen.value = 0
        _announce(session, barrier_id, _links(before.barrier) | {s.step_id for s in steps})

    def revert() -> None:
        _put_back(session, before, barrier_id, seen, steps)

    session.push_change(f"Remove barrier ‘{short(before.barrier.title)}’", apply, revert)

