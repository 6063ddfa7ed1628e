"""ProjectRepository: the only code that reads or writes the tables of a project file.

Every public write is one `BEGIN IMMEDIATE` transaction (one user action), records what changed in
the append-only history, and returns domain objects; callers never see SQL or rows.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from mutual_checklist.domain import rules
from mutual_checklist.domain.models import (
    ChecklistTemplate,
    Comment,
    CustomStep,
    EvidenceInfo,
    GoLiveChange,
    HistoryEntry,
    Project,
    ProjectData,
    Rating,
    StepState,
)
from mutual_checklist.domain.profile import ProjectProfile, profile_step_changes
from mutual_checklist.storage import atomic, backup
from mutual_checklist.storage import db as dbmod
from mutual_checklist.storage.appraisal_store import AppraisalStore
from mutual_checklist.storage.barrier_store import BarrierStore
from mutual_checklist.storage.errors import ReadOnlyProject, StaleData, StorageError
from mutual_checklist.storage.ids import new_id, utc_now  # noqa: F401 - re-exported
from mutual_checklist.storage.people_store import PeopleStore
from mutual_checklist.storage.rows import encode, from_row, storable_text, to_row


class ProjectRepository(BarrierStore, PeopleStore, AppraisalStore):
    """One open project file."""

    def __init__(self, opened: dbmod.OpenedDatabase, clock: Callable[[], str] = utc_now):
        self._opened = opened
        self._db = opened.db
        self._now = clock

    # --- opening and closing ---------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, project: Project, template_text: str = "",
               clock: Callable[[], str] = utc_now) -> ProjectRepository:
        """Create a new project file; built under a temporary name so failure leaves nothing."""
        return cls.create_with(path, lambda repo: repo._insert_project(project, template_text),
                               clock)

    @classmethod
    def create_with(cls, path: Path, fill: Callable[[ProjectRepository], None],
                    clock: Callable[[], str] = utc_now) -> ProjectRepository:
        """Create `path`, letting `fill` write its content in one transaction, then rename."""
        path = Path(path)
        if path.exists():
            raise StorageError(f"{path} already exists; choose another name or delete it first.")
        repo = None
        try:
            with atomic.replacing(path) as tmp:
                database = dbmod.create_database(tmp)
                repo = cls(dbmod.OpenedDatabase(database, tmp, read_only=False), clock)
                with repo._write():
                    fill(repo)
                dbmod.close_database(repo._opened)
        except BaseException as error:
            if repo is not None:
                with contextlib.suppress(Exception):
                    repo._db.conn.close()
            if isinstance(error, OSError):
                raise StorageError(
                    f"{path.name} could not be written: {error.strerror or 'the disk refused it'}"
                    ". Nothing was left behind.") from error
            raise
        return cls.open(path, clock=clock)

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, backup_dir: Path | None = None,
             clock: Callable[[], str] = utc_now) -> ProjectRepository:
        repo = cls(dbmod.open_database(Path(path), read_only=read_only, backup_dir=backup_dir),
                   clock)
        try:
            return repo._guard_review_copy()
        except BaseException:
            repo.close()  # e.g. text that is not UTF-8: never leave the connection open
            raise

    def close(self) -> None:
        try:
            dbmod.close_database(self._opened)
        finally:
            for release in getattr(self, "_on_close", ()):
                release()
            self._on_close = []

    def hold_until_closed(self, release: Callable[[], None]) -> None:
        """Run `release` when this repository closes (the command line's project lock)."""
        self._on_close = [*getattr(self, "_on_close", ()), release]

    def __enter__(self) -> ProjectRepository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._opened.path

    @property
    def read_only(self) -> bool:
        return self._opened.read_only

    @property
    def read_only_reason(self) -> str:
        return self._opened.read_only_reason

    def explain_read_only(self, reason: str) -> None:
        """Say why a read-only project is read-only (e.g. another window is editing it)."""
        if self.read_only:
            self._opened.read_only_reason = reason

    @property
    def schema_problems(self) -> tuple[str, ...]:
        """Unexpected or missing tables, indexes, triggers or views (then the file is read-only)."""
        return self._opened.schema_problems

    @property
    def backup_path(self) -> Path | None:
        return self._opened.backup_path

    def copy_to(self, dest: Path) -> Path:
        """Write a consistent copy of this project to `dest` (backup API, verified)."""
        return backup.copy_database(self._db.conn, Path(dest))

    def automatic_backup(self, backup_dir: Path) -> Path | None:
        """A verified backup at most every twelve hours, the last ten kept (see storage.backup)."""
        if self.read_only:
            return None
        return backup.automatic_backup(self._db.conn, self.path, backup_dir)

    def integrity_ok(self) -> bool:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # --- transactions ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One user action: BEGIN IMMEDIATE ... COMMIT, rolled back whole on any error."""
        if self.read_only:
            raise ReadOnlyProject(self.read_only_reason or "This project is open read-only.")
        conn = self._db.conn
        if conn.in_transaction:  # nested call inside an action: join it
            yield
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise dbmod.classify(error, self.path) from error
        try:
            yield
            conn.execute("COMMIT")
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise dbmod.classify(error, self.path) from error
            raise

    def _record(self, entity: str, entity_id: str, field: str, old: Any, new: Any,
                note: str = "") -> None:
        def text(value: Any) -> str | None:
            return None if value is None else storable_text(str(encode(value)))
        self._db["history"].insert({
            "at": self._now(), "entity": entity, "entity_id": entity_id, "field": field,
            "old": text(old), "new": text(new), "note": note})

    def _record_diff(self, entity: str, entity_id: str, old: Any, new: Any,
                     skip: tuple[str, ...] = ("created_at", "updated_at"), note: str = "") -> None:
        if old is None:
            self._record(entity, entity_id, "created", None, getattr(new, "title", None)
                         or getattr(new, "name", None) or entity_id, note)
            return
        for f in fields(new):
            if f.name in skip:
                continue
            before, after = getattr(old, f.name), getattr(new, f.name)
            if before != after:
                self._record(entity, entity_id, f.name, before, after, note)

    # --- project ---------------------------------------------------------------------------------

    def _insert_project(self, project: Project, template_text: str) -> None:
        now = self._now()
        project = replace(project, created_at=project.created_at or now,
                          updated_at=project.updated_at or now)
        columns = self._db["project"].columns_dict  # fields newer than the schema stay out
        self._db["project"].insert({"id": 1, **{key: value for key, value in to_row(project).items()
                                                if key in columns}})
        if template_text:
            self._db["template_source"].insert(
                {"template_id": project.template_id, "version": project.template_version,
                 "text": template_text}, replace=True)
        self._record("project", project.uuid, "created", None, project.name)

    def project(self) -> Project:
        return from_row(Project, self._db["project"].get(1))

    def template_text(self) -> str | None:
        """The checklist template text stored with the project (its own version if kept)."""
        project = self.project()
        rows = list(self._db["template_source"].rows_where(
            "template_id = ?", [project.template_id], order_by="rowid"))
        exact = [r for r in rows if r["version"] == project.template_version]
        chosen = exact or rows
        return chosen[-1]["text"] if chosen else None

    def update_project(self, **changes: Any) -> Project:
        """Change project details (name, organisation, service, author...)."""
        for key in ("name", "organisation", "service", "author", "rating_reason"):
            if key in changes:
                rules.check_text(key, changes[key])
        if "name" in changes and not str(changes["name"]).strip():
            raise rules.RuleViolation("A project needs a name.")
        with self._write():
            old = self.project()
            new = replace(old, **changes, updated_at=self._now())
            self._db["project"].update(1, to_row(new))
            self._record_diff("project", old.uuid, old, new)
            return new

    def update_details(self, changes: dict[str, Any], states: list[StepState]) -> Project:
        """Project details (the profile among them) and the step states they imply, at once."""
        with self._write():
            project = self.update_project(**changes)
            for state in states:
                self.save_step_state(state, note="project profile")
            return project

    def apply_profile(self, template: ChecklistTemplate, profile: ProjectProfile) -> Project:
        """Store the project profile and mark the steps it rules out (see domain/profile.py)."""
        changes = profile_step_changes(template, profile, self.step_states())
        return self.update_details(profile.project_fields(), changes)

    def set_go_live(self, new_date: dt.date, reason: str = "") -> Project:
        """Move the target go-live date; the first agreed date stays as the baseline."""
        old = self.project()
        if old.go_live_date is not None and new_date != old.go_live_date and not reason.strip():
            raise rules.RuleViolation("Moving the go-live date needs a reason.")
        with self._write():
            baseline = old.go_live_baseline or new_date
            self._db["go_live_changes"].insert({
                "at": self._now(), "old_date": encode(old.go_live_date),
                "new_date": encode(new_date), "reason": reason or "First target date agreed"})
            new = replace(old, go_live_date=new_date, go_live_baseline=baseline,
                          updated_at=self._now())
            self._db["project"].update(1, to_row(new))
            self._record_diff("project", old.uuid, old, new, note=reason)
            return new

    def rebaseline(self, new_baseline: dt.date, reason: str) -> Project:
        """Replace the baseline go-live date; allowed only with a recorded reason."""
        if not reason.strip():
            raise rules.RuleViolation("Re-baselining needs a reason.")
        with self._write():
            old = self.project()
            new = replace(old, go_live_baseline=new_baseline, updated_at=self._now())
            self._db["project"].update(1, to_row(new))
            self._record_diff("project", old.uuid, old, new, note=reason)
            return new

    def set_rating(self, rating: Rating | None, reason: str) -> Project:
        return self.update_project(rating=rating, rating_reason=reason)

    def go_live_changes(self) -> list[GoLiveChange]:
        return [from_row(GoLiveChange, row)
                for row in self._db["go_live_changes"].rows_where(order_by="id")]

    # --- steps -----------------------------------------------------------------------------------

    def step_states(self) -> dict[str, StepState]:
        return {row["step_id"]: from_row(StepState, row)
                for row in self._db["step_states"].rows_where(order_by="step_id")}

    def step_state(self, step_id: str) -> StepState:
        row = next(iter(self._db["step_states"].rows_where("step_id = ?", [step_id])), None)
        return from_row(StepState, row) if row else StepState(step_id)

    def save_step_state(self, state: StepState, note: str = "") -> StepState:
        """Store the state of one step; history records each field that changed."""
        return self.save_step_state_checked(state, None, note)[0]

    def save_step_state_checked(self, state: StepState, expected_version: int | None,
                                note: str = "") -> tuple[StepState, int]:
        """Store one step's state unless the stored row changed since it was read.

        `expected_version` is the row version the caller read (0 for a step never saved; None to
        skip the check). Returns the saved state and its new version.

        Raises:
            StaleData: the step was changed elsewhere since (nothing is written).
        """
        state = replace(state, notes=rules.clean_text(state.notes))
        rules.check_step_state(state)
        with self._write():
            version = self._row_version("step_states", "step_id", state.step_id, expected_version)
            old = self.step_state(state.step_id)
            new = replace(state, updated_at=self._now())
            self._db["step_states"].upsert({**to_row(new), "row_version": version + 1},
                                           pk="step_id")
            self._record_diff("step", state.step_id, old, new, note=note)
            return new, version + 1

    def step_versions(self) -> dict[str, int]:
        """The row version of every stored step state (see `save_step_state_checked`)."""
        return dict(self._db.execute("SELECT step_id, row_version FROM step_states").fetchall())

    def custom_step_versions(self) -> dict[str, int]:
        """The row version of every custom step (see `save_custom_step`)."""
        return dict(self._db.execute("SELECT id, row_version FROM custom_steps").fetchall())

    def _row_version(self, table: str, key_column: str, key: str, expected: int | None) -> int:
        row = self._db.execute(f"SELECT row_version FROM {table} WHERE {key_column} = ?",
                               [key]).fetchone()
        current = int(row[0]) if row else 0
        if expected is not None and expected != current:
            if row is None:
                raise StaleData("This was removed elsewhere (another window or another person) "
                                "since it was shown here. The list has been reloaded.")
            raise StaleData("This was changed elsewhere (another window or another person) since "
                            "it was shown here. It has been reloaded; make your change again.")
        return current

    def row_versions(self, table: str, ids: list[str] | None = None, *,
                     contact_id: str | None = None) -> dict[str, int]:
        """Row versions of barriers, contacts or interactions (all, some ids, or one contact's
        interactions). A window reads them *before* the rows it shows and passes the one it
        read back with a change (`expected_version`), so a change made from an out-of-date
        read is refused with StaleData; a missing row counts as version 0."""
        if table not in ("barriers", "contacts", "interactions"):
            raise ValueError(f"no row versions for {table}")
        sql, args = f"SELECT id, row_version FROM {table}", []
        if contact_id is not None:
            sql, args = sql + " WHERE contact_id = ?", [contact_id]
        if ids is None:
            return dict(self._db.execute(sql, args).fetchall())
        found: dict[str, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            where = " AND" if contact_id is not None else " WHERE"
            found.update(self._db.execute(f"{sql}{where} id IN ({marks})",
                                          args + chunk).fetchall())
        return {i: found.get(i, 0) for i in ids}

    def _bump(self, table: str, where: str, args: list[Any]) -> None:
        """A change made in place (not from a caller's read) still gives the rows a new version,
        so a window holding an older read of them reloads instead of writing it back."""
        self._db.execute(f"UPDATE {table} SET row_version = row_version + 1 WHERE {where}", args)

    def custom_steps(self) -> list[CustomStep]:
        return [from_row(CustomStep, row)
                for row in self._db["custom_steps"].rows_where(order_by="position, id")]

    def save_custom_step(self, step: CustomStep, expected_version: int | None = None) -> CustomStep:
        """Add or replace a custom step; with `expected_version` (the row version the caller read,
        0 for a new step) it is refused with StaleData if the step changed since."""
        if not step.title.strip():
            raise rules.RuleViolation("A step needs a title.")
        rules.check_text("The title", step.title)
        rules.check_text("The guidance", step.guidance)
        with self._write():
            version = self._row_version("custom_steps", "id", step.id, expected_version)
            existing = next(iter(self._db["custom_steps"].rows_where("id = ?", [step.id])), None)
            old = from_row(CustomStep, existing) if existing else None
            self._db["custom_steps"].upsert({**to_row(step), "row_version": version + 1}, pk="id")
            self._record_diff("custom_step", step.id, old, step)
            return step

    def remove_custom_step(self, step_id: str) -> None:
        with self._write():
            self._db["custom_steps"].delete_where("id = ?", [step_id])
            self._db["step_states"].delete_where("step_id = ?", [step_id])
            self._db["evidence"].delete_where("step_id = ?", [step_id])
            self._db["barrier_steps"].delete_where("step_id = ?", [step_id])
            self._record("custom_step", step_id, "removed", None, None)

    # --- comments, evidence, snapshots, history ---------------------------------------------------

    def comments(self) -> list[Comment]:
        return [from_row(Comment, row)
                for row in self._db["comments"].rows_where(order_by="created_at, id")]

    def add_comments(self, comments: list[Comment]) -> int:
        """Add review comments, skipping any already present (same id); returns how many added."""
        with self._write():
            known = {row["id"] for row in self._db["comments"].rows}
            fresh = [c for c in comments if c.id not in known]
            for comment in fresh:
                rules.check_text("A comment", comment.body)
            self._db["comments"].insert_all([to_row(c) for c in fresh])
            for comment in fresh:
                self._record("comment", comment.id, "created", None, comment.target.value)
            return len(fresh)

    def evidence(self, step_id: str | None = None) -> list[EvidenceInfo]:
        where, args = ("step_id = ?", [step_id]) if step_id else (None, None)
        return [from_row(EvidenceInfo, row) for row in self._db["evidence"].rows_where(
            where, args, select="id, step_id, name, size, link, added_at", order_by="added_at, id")]

    def add_evidence(self, step_id: str, name: str, content: bytes | None = None,
                     link: str = "", evidence_id: str | None = None) -> EvidenceInfo:
        rules.check_text("The file name", name)
        info = EvidenceInfo(evidence_id or new_id(), step_id, name,
                            len(content) if content else 0, link, self._now())
        with self._write():
            self._db["evidence"].insert({**to_row(info), "content": content})
            self._record("evidence", info.id, "created", None, name)
        return info

    def evidence_content(self, evidence_id: str) -> bytes | None:
        row = self._db.execute("SELECT content FROM evidence WHERE id = ?",
                               [evidence_id]).fetchone()
        return row[0] if row else None

    def remove_evidence(self, evidence_id: str) -> None:
        with self._write():
            self._db["evidence"].delete_where("id = ?", [evidence_id])
            self._record("evidence", evidence_id, "removed", None, None)

    def add_snapshot(self, payload: str, period_start: dt.date | None = None,
                     period_end: dt.date | None = None) -> str:
        snapshot_id = new_id()
        with self._write():
            self._db["report_snapshots"].insert({
                "id": snapshot_id, "created_at": self._now(), "period_start": encode(period_start),
                "period_end": encode(period_end), "payload": payload})
        return snapshot_id

    def latest_snapshot(self) -> tuple[str, str] | None:
        """(created_at, payload) of the last issued report, if any."""
        row = self._db.execute(
            "SELECT created_at, payload FROM report_snapshots ORDER BY created_at DESC, id DESC "
            "LIMIT 1").fetchone()
        return (row[0], row[1]) if row else None

    def history(self, entity: str | None = None, entity_id: str | None = None) -> list[HistoryEntry]:
        clauses, args = [], []
        if entity:
            clauses.append("entity = ?")
            args.append(entity)
        if entity_id:
            clauses.append("entity_id = ?")
            args.append(entity_id)
        where = " AND ".join(clauses) or None
        return [from_row(HistoryEntry, row)
                for row in self._db["history"].rows_where(where, args or None, order_by="id")]

    # --- checklist revisions ----------------------------------------------------------------------

    def adopt_template(self, version: str, text: str, kept_steps: list[CustomStep]) -> Project:
        """Move the project to a newer version of its checklist in one transaction.

        Step progress is keyed by stable step ids, so it carries over; retired steps the team
        worked on are kept as the project's own steps (`kept_steps`).
        """
        with self._write():
            old = self.project()
            self._db["template_source"].insert(
                {"template_id": old.template_id, "version": version, "text": text},
                replace=True)
            for step in kept_steps:
                self._db["custom_steps"].upsert(to_row(step), pk="id")
                self._record("custom_step", step.id, "kept from retired checklist step", None,
                             step.title)
            new = replace(old, template_version=version, updated_at=self._now())
            self._db["project"].update(1, to_row(new))
            self._record_diff("project", old.uuid, old, new, note="checklist updated")
            return new

    # --- everything at once ----------------------------------------------------------------------

    def load_all(self, *, history: bool = True) -> ProjectData:
        """Everything in the project; views that never show history can leave it out."""
        return ProjectData(
            project=self.project(),
            step_states=self.step_states(),
            custom_steps=tuple(self.custom_steps()),
            barriers=tuple(self.barriers()),
            assessments=tuple(self.assessments()),
            contacts=tuple(self.contacts()),
            interactions=tuple(self.interactions()),
            comments=tuple(self.comments()),
            history=tuple(self.history()) if history else (),
            go_live_changes=tuple(self.go_live_changes()),
            evidence=tuple(self.evidence()),
            appraisal=self.appraisal(),
        )

    def write_all(self, data: ProjectData, template_text: str = "",
                  evidence_content: dict[str, bytes] | None = None,
                  template_version: str | None = None) -> None:
        """Fill an empty project file with `data` exactly as given (imports, copies, demo).

        Runs inside the caller's transaction (see `create_with`); rows go in as given, ids and
        timestamps included, so an export of the result reproduces the input.
        """
        content = evidence_content or {}
        with self._write():
            self._db["project"].insert({"id": 1, **to_row(data.project)})
            if template_text:
                self._db["template_source"].insert({
                    "template_id": data.project.template_id,
                    "version": template_version or data.project.template_version,
                    "text": template_text})
            self._insert_rows("contacts", [to_row(c) for c in data.contacts])
            self._insert_rows("barriers",
                              [to_row(b, exclude=("linked_steps",)) for b in data.barriers])
            self._insert_rows("barrier_steps", [{"barrier_id": b.id, "step_id": s}
                                                for b in data.barriers for s in b.linked_steps])
            self._insert_rows("barrier_assessments", [to_row(a) for a in data.assessments])
            self._insert_rows("step_states", [to_row(s) for s in data.step_states.values()])
            self._insert_rows("custom_steps", [to_row(c) for c in data.custom_steps])
            self._insert_rows("interactions", [to_row(i) for i in data.interactions])
            self._insert_rows("comments", [to_row(c) for c in data.comments])
            self._insert_rows("history", [to_row(h) for h in data.history])
            self._insert_rows("go_live_changes", [{"id": n, **to_row(g)} for n, g in
                                                  enumerate(data.go_live_changes, start=1)])
            self._insert_rows("evidence", [{**to_row(e), "content": content.get(e.id)}
                                           for e in data.evidence])
            if data.appraisal is not None:
                self._write_appraisal(data.appraisal)

    def _insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Bulk insert with one prepared statement: the columns are our own dataclass fields,
        never keys from imported data, and values are always parameters."""
        if not rows:
            return
        columns = list(rows[0])
        known = set(self._db[table].columns_dict)
        if not set(columns) <= known:
            raise ValueError(f"unexpected columns for {table}: {sorted(set(columns) - known)}")
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        self._db.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
                                  [tuple(row[c] for c in columns) for row in rows])

    # --- review copies ---------------------------------------------------------------------------

    REVIEW_COPY_REASON = (
        "This is a review copy of the leader's project: it can be read and commented on, but not "
        "changed. Changes belong in the leader's own project file.")

    @classmethod
    def open_for_review(cls, path: Path, *, backup_dir: Path | None = None,
                        clock: Callable[[], str] = utc_now) -> ProjectRepository:
        """Open a review copy so that an adviser can add comments and nothing else.

        The repository reports itself read-only (every ordinary write is refused with
        `REVIEW_COPY_REASON`); only `add_review_comments` may write.

        Raises:
            StorageError: the file is not a review copy, or cannot be written.
        """
        opened = dbmod.open_database(Path(path), read_only=False, backup_dir=backup_dir)
        repo = cls(opened, clock)
        try:
            if opened.read_only:
                raise ReadOnlyProject(opened.read_only_reason)
            if not repo.project().is_review_copy:
                raise StorageError(
                    f"{repo.path.name} is the leader's own project, not a review copy. Comments "
                    "are added to a review copy (made with review-copy).")
            repo._db.execute("PRAGMA journal_mode = DELETE")  # stays one file while open
        except BaseException:
            dbmod.close_database(opened)
            raise
        opened.read_only = True
        opened.read_only_reason = cls.REVIEW_COPY_REASON
        repo._comments_only = True
        return repo

    def add_review_comments(self, comments: list[Comment]) -> int:
        """Add an adviser's comments to a review copy opened with `open_for_review`."""
        if not getattr(self, "_comments_only", False):
            return self.add_comments(comments)
        self._opened.read_only = False
        try:
            return self.add_comments(comments)
        finally:
            self._opened.read_only = True

    def _guard_review_copy(self) -> ProjectRepository:
        """A review copy is never edited in place: reopen it read-only, saying why.

        Meant to be called by `open` on what it returns (see docs/review-and-portfolio.md).
        """
        if getattr(self, "_comments_only", False) or not self.project().is_review_copy:
            return self
        if not self.read_only:
            path, clock = self.path, self._now
            self.close()
            reopened = type(self)(dbmod.open_database(path, read_only=True), clock)
            reopened._opened.read_only_reason = self.REVIEW_COPY_REASON
            return reopened
        self._opened.read_only_reason = self.REVIEW_COPY_REASON
        return self

    def last_change_at(self) -> str:
        """When anything in the project last changed (ISO timestamp; '' for an empty file).

        Review-copy markers are not changes by the leader, so they are left out.
        """
        row = self._db.execute(
            "SELECT max(at) FROM (SELECT max(at) AS at FROM history WHERE field != 'review_copy' "
            "UNION ALL SELECT max(updated_at) FROM step_states "
            "UNION ALL SELECT max(updated_at) FROM barriers "
            "UNION ALL SELECT updated_at FROM project)").fetchone()
        return (row[0] if row else None) or ""

    # --- reports (GUI Reports view) ----------------------------------------------------------------

    def report_snapshots(self) -> list[tuple[str, str, str | None, str | None]]:
        """(id, created_at, period_start, period_end) of every issued report, newest first.

        The payloads are left out: the Reports view lists previous reports without loading them.
        """
        rows = self._db.execute(
            "SELECT id, created_at, period_start, period_end FROM report_snapshots "
            "ORDER BY created_at DESC, id DESC").fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]
