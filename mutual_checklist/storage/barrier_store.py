"""The barriers register part of ProjectRepository: barriers, links, re-assessments, undo."""
from __future__ import annotations

from dataclasses import replace

from mutual_checklist.domain import rules
from mutual_checklist.domain.models import (
    Barrier,
    BarrierAssessment,
    StepState,
    StepStatus,
)
from mutual_checklist.storage.ids import new_id
from mutual_checklist.storage.rows import from_row, to_row


class BarrierStore:
    """Mixed into ProjectRepository; every write is one transaction through `_write`, and
    `_db`, `_now`, `_record` and `_record_diff` come from there too."""

    # --- barriers --------------------------------------------------------------------------------

    def barriers(self) -> list[Barrier]:
        links: dict[str, list[str]] = {}
        for row in self._db["barrier_steps"].rows_where(order_by="step_id"):
            links.setdefault(row["barrier_id"], []).append(row["step_id"])
        return [from_row(Barrier, row, linked_steps=tuple(links.get(row["id"], ())))
                for row in self._db["barriers"].rows_where(order_by="created_at, id")]

    def barriers_linked_to(self, step_id: str) -> list[Barrier]:
        """Barriers linked to one step, or blocking it: one query, not the whole register."""
        ids = [row[0] for row in self._db.execute(
            "SELECT barrier_id FROM barrier_steps WHERE step_id = ? UNION "
            "SELECT blocked_by FROM step_states WHERE step_id = ? AND blocked_by IS NOT NULL",
            [step_id, step_id]).fetchall()]
        return [b for b in (self.barrier(i) for i in sorted(ids)) if b is not None]

    def barrier(self, barrier_id: str) -> Barrier | None:
        row = next(iter(self._db["barriers"].rows_where("id = ?", [barrier_id])), None)
        if row is None:
            return None
        steps = tuple(r["step_id"] for r in self._db["barrier_steps"].rows_where(
            "barrier_id = ?", [barrier_id], order_by="step_id"))
        return from_row(Barrier, row, linked_steps=steps)

    def save_barrier(self, barrier: Barrier, note: str = "",
                     expected_version: int | None = None) -> Barrier:
        """Add or update a barrier; a new score is kept in its re-assessment history.

        With `expected_version` (the row version the caller read, see `row_versions`; 0 for a
        new barrier) a barrier changed or removed since is refused with StaleData, and nothing
        is written. The saved barrier then has version `expected_version + 1`.
        """
        rules.check_barrier(barrier)
        with self._write():
            version = self._row_version("barriers", "id", barrier.id, expected_version)
            old = self.barrier(barrier.id)
            now = self._now()
            new = replace(barrier, created_at=old.created_at if old else (barrier.created_at or now),
                          updated_at=now)
            self._db["barriers"].upsert({**to_row(new, exclude=("linked_steps",)),
                                         "row_version": version + 1}, pk="id")
            self._db["barrier_steps"].delete_where("barrier_id = ?", [new.id])
            self._db["barrier_steps"].insert_all(
                [{"barrier_id": new.id, "step_id": s} for s in sorted(set(new.linked_steps))])
            if old is None or (old.likelihood, old.impact) != (new.likelihood, new.impact):
                self._db["barrier_assessments"].insert({
                    "id": new_id(), "barrier_id": new.id, "assessed_at": now,
                    "likelihood": new.likelihood, "impact": new.impact, "note": note})
            self._record_diff("barrier", new.id, old, new, note=note)
            return new

    def remove_barrier(self, barrier_id: str, expected_version: int | None = None) -> None:
        """Delete a barrier; steps it blocked go back to in progress (recorded in history).

        With `expected_version` a barrier changed or removed since it was read is refused with
        StaleData (see `save_barrier`).
        """
        with self._write():
            self._row_version("barriers", "id", barrier_id, expected_version)
            blocked = list(self._db["step_states"].rows_where("blocked_by = ?", [barrier_id]))
            for row in blocked:
                old = from_row(StepState, row)
                new = replace(old, status=old.status.IN_PROGRESS, blocked_by=None,
                              updated_at=self._now())
                self._db["step_states"].update(row["step_id"], {
                    **to_row(new), "row_version": row["row_version"] + 1})
                self._record_diff("step", old.step_id, old, new, note="blocking barrier removed")
            self._db["barriers"].delete_where("id = ?", [barrier_id])
            self._record("barrier", barrier_id, "removed", None, None)

    def assessments(self, barrier_id: str | None = None) -> list[BarrierAssessment]:
        where, args = ("barrier_id = ?", [barrier_id]) if barrier_id else (None, None)
        return [from_row(BarrierAssessment, row) for row in self._db["barrier_assessments"]
                .rows_where(where, args, order_by="assessed_at, rowid")]

    # --- barriers register (undo) ----------------------------------------------------------------

    def restore_barrier(self, barrier: Barrier, assessments: list[BarrierAssessment],
                        step_states: tuple[StepState, ...] | list[StepState] = (),
                        expected_version: int | None = None) -> None:
        """Put a barrier back exactly as it was: its row, links, whole assessment history and
        the steps it blocked (undo of a removal or an edit; timestamps and ids are kept).

        With `expected_version` (the version this caller last wrote or read; 0 if it removed
        the barrier) a barrier changed since is refused with StaleData. A blocked step someone
        has changed since is not written back whole: a new status is kept, other changes keep
        their fields and only the block is put back.
        """
        rules.check_barrier(barrier)
        for state in step_states:
            rules.check_step_state(state)
        with self._write():
            version = self._row_version("barriers", "id", barrier.id, expected_version)
            old = self.barrier(barrier.id)
            self._db["barriers"].upsert({**to_row(barrier, exclude=("linked_steps",)),
                                         "row_version": version + 1}, pk="id")
            self._db["barrier_steps"].delete_where("barrier_id = ?", [barrier.id])
            links = sorted(set(barrier.linked_steps))
            self._db["barrier_steps"].insert_all(
                [{"barrier_id": barrier.id, "step_id": s} for s in links])
            self._db["barrier_assessments"].delete_where("barrier_id = ?", [barrier.id])
            self._db["barrier_assessments"].insert_all(
                [to_row(a) for a in assessments if a.barrier_id == barrier.id])
            if old is None:
                self._record("barrier", barrier.id, "restored", None, barrier.title)
            else:
                self._record_diff("barrier", barrier.id, old, barrier, note="undone")
            for state in step_states:
                previous = self.step_state(state.step_id)
                put_back = _unblocked_since(previous, state)
                if put_back is None:
                    continue
                step_version = self._row_version("step_states", "step_id", state.step_id, None)
                self._db["step_states"].upsert({**to_row(put_back),
                                                "row_version": step_version + 1}, pk="step_id")
                self._record_diff("step", state.step_id, previous, put_back,
                                  note="blocking barrier restored")


def _unblocked_since(now: StepState, blocked: StepState) -> StepState | None:
    """What putting back the block on a step gives: `blocked` itself if the step is as removing
    the barrier left it, its current fields with the block again if someone changed other
    fields since, and None (leave it) if someone has given it another status meanwhile."""
    if now.status is not StepStatus.IN_PROGRESS or now.blocked_by is not None:
        return None
    if replace(blocked, status=now.status, blocked_by=None, updated_at=now.updated_at) == now:
        return blocked
    return replace(now, status=blocked.status, blocked_by=blocked.blocked_by)

