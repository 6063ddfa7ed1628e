"""The options-appraisal part of ProjectRepository: options, criteria, scores, funding answers."""
from __future__ import annotations

from dataclasses import replace

from mutual_checklist.domain.appraisal import Appraisal, Criterion, Option, Score, check_appraisal
from mutual_checklist.storage.rows import from_row, storable_text, to_row


class AppraisalStore:
    """Mixed into ProjectRepository; every write is one transaction through `_write`, and
    `_db`, `_now`, `_record` and `_record_diff` come from there too."""

    def appraisal(self) -> Appraisal | None:
        """The project's appraisal, or None if the leader has not started one."""
        head = next(iter(self._db["appraisal"].rows_where("id = 1")), None)
        if head is None:
            return None
        return Appraisal(
            options=tuple(from_row(Option, r) for r in self._db["appraisal_options"]
                          .rows_where(order_by="position, id")),
            criteria=tuple(from_row(Criterion, r) for r in self._db["appraisal_criteria"]
                           .rows_where(order_by="position, id")),
            scores=tuple(from_row(Score, r) for r in self._db.query(
                "SELECT s.* FROM appraisal_scores s "
                "JOIN appraisal_options o ON o.id = s.option_id "
                "JOIN appraisal_criteria c ON c.id = s.criterion_id "
                "ORDER BY o.position, o.id, c.position, c.id")),
            funding_answers={r["question_id"]: r["answer"] for r in self._db["appraisal_funding"]
                             .rows_where(order_by="question_id")},
            started_at=head["started_at"], updated_at=head["updated_at"])

    def save_appraisal(self, appraisal: Appraisal, note: str = "") -> Appraisal:
        """Store the whole appraisal as one action; history records what changed, item by item."""
        check_appraisal(appraisal)
        with self._write():
            old = self.appraisal()
            now = self._now()
            new = replace(appraisal, started_at=(old.started_at if old else
                                                 appraisal.started_at or now), updated_at=now)
            self._write_appraisal(new)
            self._record_appraisal_changes(old, new, note)
            return new

    def remove_appraisal(self) -> None:
        """Start again: the appraisal and the funding answers go (recorded in history)."""
        with self._write():
            for table in ("appraisal_scores", "appraisal_options", "appraisal_criteria",
                          "appraisal_funding", "appraisal"):
                self._db[table].delete_where()
            self._record("appraisal", "appraisal", "removed", None, None)

    def _write_appraisal(self, appraisal: Appraisal | None) -> None:
        """Replace the stored appraisal with `appraisal` exactly (ids and timestamps kept)."""
        for table in ("appraisal_scores", "appraisal_options", "appraisal_criteria",
                      "appraisal_funding", "appraisal"):
            self._db[table].delete_where()
        if appraisal is None:
            return
        self._db["appraisal"].insert({"id": 1, "started_at": appraisal.started_at,
                                      "updated_at": appraisal.updated_at})
        self._insert_rows("appraisal_options", [to_row(o) for o in appraisal.options])
        self._insert_rows("appraisal_criteria", [to_row(c) for c in appraisal.criteria])
        self._insert_rows("appraisal_scores", [to_row(s) for s in appraisal.scores])
        self._insert_rows("appraisal_funding", [
            {"question_id": storable_text(k), "answer": storable_text(v)}
            for k, v in sorted(appraisal.funding_answers.items())])

    def _record_appraisal_changes(self, old: Appraisal | None, new: Appraisal, note: str) -> None:
        if old is None:
            self._record("appraisal", "appraisal", "started", None,
                         f"{len(new.options)} options, {len(new.criteria)} criteria", note)
            old = Appraisal((), ())
        for kind, before, after in (("appraisal_option", old.options, new.options),
                                    ("appraisal_criterion", old.criteria, new.criteria)):
            was = {i.id: i for i in before}
            now = {i.id: i for i in after}
            for key in now:
                self._record_diff(kind, key, was.get(key), now[key], note=note)
            for key in was.keys() - now.keys():
                self._record(kind, key, "removed", was[key].name, None, note)
        cells_before = {(s.option_id, s.criterion_id): s for s in old.scores}
        cells_after = {(s.option_id, s.criterion_id): s for s in new.scores}
        for key in cells_after:
            previous = cells_before.get(key) or Score(*key)
            self._record_diff("appraisal_score", ":".join(key), previous, cells_after[key],
                              note=note)
        for key in cells_before.keys() - cells_after.keys():
            if key[0] in {o.id for o in new.options} and key[1] in {c.id for c in new.criteria}:
                self._record("appraisal_score", ":".join(key), "cleared", None, None, note)
        for question in sorted(old.funding_answers.keys() | new.funding_answers.keys()):
            before_answer = old.funding_answers.get(question)
            after_answer = new.funding_answers.get(question)
            if before_answer != after_answer:
                self._record("appraisal_funding", question, "answer", before_answer,
                             after_answer, note)
