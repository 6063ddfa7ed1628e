"""ProjectSession: the open project as the GUI sees it, with its undo stack and change signals.

Views never write to the repository themselves: they ask the session, which pushes an undoable
command; the command writes through the repository and the session announces what changed.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from mutual_checklist.domain import rules, schedule
from mutual_checklist.domain.models import (
    ChecklistTemplate,
    CustomStep,
    ProjectData,
    StepState,
    StepStatus,
)
from mutual_checklist.storage.errors import StaleData
from mutual_checklist.storage.repository import ProjectRepository


class ProjectSession(QObject):
    """One open project.

    Signals (each sent after the write has been committed to the file):
        project_changed(): name, organisation, go-live date or rating changed.
        steps_changed(list): step ids whose state (or custom step) was written.
        barriers_changed(list): barrier ids added, edited or removed.
        contacts_changed(list): contact ids added, edited, anonymised or erased.
        interactions_changed(list): interaction ids logged, edited or removed.
        comments_changed(): review comments were added.
        template_changed(): the project moved to a newer version of its checklist.
        appraisal_changed(): the options appraisal or the funding answers were written.
        navigate_requested(str, str): a view asks the window to show an item
            (view name: "dashboard", "checklist", "barriers", "stakeholders", "reports"; item id).
    """

    project_changed = Signal()
    steps_changed = Signal(list)
    barriers_changed = Signal(list)
    contacts_changed = Signal(list)
    interactions_changed = Signal(list)
    comments_changed = Signal()
    template_changed = Signal()
    appraisal_changed = Signal()
    navigate_requested = Signal(str, str)

    def __init__(self, repo: ProjectRepository, template: ChecklistTemplate,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.repo = repo
        self.template = template
        self.undo_stack = QUndoStack(self)
        self._states = repo.step_states()
        self._versions = repo.step_versions()  # what this window read: writes check against it
        self._custom_versions = repo.custom_step_versions()
        self._custom_steps = repo.custom_steps()
        self.project = repo.project()
        self._plan: tuple[dt.date, schedule.Schedule | None] | None = None

    def available_update(self) -> tuple[ChecklistTemplate, str] | None:
        """A newer bundled version of this project's checklist, with its text, if there is one."""
        from mutual_checklist import resources
        from mutual_checklist.domain.template_diff import is_newer

        bundled = resources.find_bundled_template(self.template.id)
        if bundled is None or not is_newer(bundled.version, self.template.version):
            return None
        return bundled, resources.template_text(bundled.id)

    def adopt_template(self, new: ChecklistTemplate, text: str) -> Path:
        """Move to a newer checklist version after a backup; returns the backup's path.

        Not undoable (the whole checklist changes), so a verified backup is taken first.
        """
        from mutual_checklist import paths
        from mutual_checklist.domain.template_diff import (
            diff_templates,
            retired_steps_to_keep,
        )

        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        backup = paths.backups_dir() / f"{self.repo.path.stem}-{stamp}-before-checklist-update.mutual"
        self.repo.copy_to(backup)
        diff = diff_templates(self.template, new)
        kept = retired_steps_to_keep(diff, self.repo.load_all())
        self.project = self.repo.adopt_template(new.version, text, kept)
        self.template = new
        self.undo_stack.clear()
        self._states = self.repo.step_states()
        self._versions = self.repo.step_versions()
        self._custom_versions = self.repo.custom_step_versions()
        self._custom_steps = self.repo.custom_steps()
        self._plan = None
        self.template_changed.emit()
        self.project_changed.emit()
        return backup

    @property
    def read_only(self) -> bool:
        return self.repo.read_only

    lock = None  # the ProjectLock beside the file that marks it as being edited here, if any

    def close(self) -> None:
        self.undo_stack.clear()
        self.repo.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # --- reading ---------------------------------------------------------------------------------

    @property
    def plan(self) -> schedule.Schedule | None:
        """The fitted plan (start to go-live), worked out again after each change."""
        today = dt.date.today()
        if self._plan is None or self._plan[0] != today:
            data = ProjectData(self.project, step_states=dict(self._states),
                               custom_steps=tuple(self._custom_steps))
            self._plan = (today, schedule.plan_for(self.template, data, today))
        return self._plan[1]

    def _replanned(self) -> list[str]:
        """Forget the plan; return the steps whose planned dates moved (none if never shown)."""
        if self._plan is None:
            return []
        old = self._plan[1]
        self._plan = None
        new = self.plan
        if old is None or new is None:
            return [] if old is new else self.all_step_ids()
        return [step_id for step_id, placed in new.steps.items()
                if old.steps.get(step_id) != placed]

    def step_state(self, step_id: str) -> StepState:
        return self._states.get(step_id) or StepState(step_id)

    def custom_step(self, step_id: str) -> CustomStep:
        return next(c for c in self._custom_steps if c.id == step_id)

    def custom_steps(self, phase_id: str) -> list[CustomStep]:
        return [c for c in self._custom_steps if c.phase_id == phase_id]

    def barriers(self):  # noqa: ANN201 - list[Barrier]
        return self.repo.barriers()

    def all_step_ids(self) -> list[str]:
        return [s.id for s in self.template.steps] + [c.id for c in self._custom_steps]

    def step_title(self, step_id: str) -> str:
        step = self.template.step(step_id)
        if step:
            return step.title
        return next((c.title for c in self._custom_steps if c.id == step_id), step_id)

    # --- intents ---------------------------------------------------------------------------------

    def set_step_status(self, step_id: str, status: StepStatus, *, reason: str = "",
                        blocked_by: str | None = None, today: dt.date | None = None) -> None:
        """Change a step's status as one undoable action.

        Raises:
            RuleViolation: e.g. not applicable without a reason (nothing is written).
        """
        from mutual_checklist.ui.commands import SetStepStateCommand

        old = self.step_state(step_id)
        new = rules.change_status(old, status, today or dt.date.today(), reason=reason,
                                  blocked_by=blocked_by)
        if new == old:
            return
        text = f"Mark ‘{_short(self.step_title(step_id))}’ {status.label.lower()}"
        self.write_step_state(new)  # raises before anything is pushed if the write fails
        self.undo_stack.push(SetStepStateCommand(self, old, new, text))

    def update_step(self, step_id: str, text: str, **changes: object) -> None:
        """Change fields of a step's state (owner, due date, notes, sign-off) as one action."""
        from dataclasses import replace

        from mutual_checklist.ui.commands import SetStepStateCommand

        old = self.step_state(step_id)
        new = replace(old, **changes)  # type: ignore[arg-type]
        rules.check_step_state(new)
        if new == old:
            return
        self.write_step_state(new)
        self.undo_stack.push(SetStepStateCommand(self, old, new, text))

    def save_custom_step(self, step: CustomStep) -> None:
        """Add or edit a step the team added to its own checklist."""
        old = next((c for c in self._custom_steps if c.id == step.id), None)

        def apply() -> None:
            self._write_custom_step(step)

        def revert() -> None:
            if old is None:
                self.repo.remove_custom_step(step.id)
                self.reload_steps([step.id])
            else:
                self._write_custom_step(old)

        verb = "Edit" if old else "Add"
        self.push_change(f"{verb} step ‘{_short(step.title)}’", apply, revert)

    def remove_custom_step(self, step_id: str) -> None:
        step = next(c for c in self._custom_steps if c.id == step_id)
        state = self.step_state(step_id)
        evidence = [(e, self.repo.evidence_content(e.id)) for e in self.repo.evidence(step_id)]

        def apply() -> None:
            self.repo.remove_custom_step(step_id)
            self.reload_steps([step_id])

        def revert() -> None:
            self.repo.save_custom_step(step)
            if state.updated_at:
                self.repo.save_step_state(state)
            for info, content in evidence:
                self.repo.add_evidence(step_id, info.name, content, info.link, info.id)
            self.reload_steps([step_id])

        self.push_change(f"Remove step ‘{_short(step.title)}’", apply, revert)

    def add_evidence(self, step_id: str, name: str, content: bytes | None, link: str = "") -> None:
        from mutual_checklist.storage.repository import new_id

        evidence_id = new_id()

        def apply() -> None:
            self.repo.add_evidence(step_id, name, content, link, evidence_id)
            self.steps_changed.emit([step_id])

        def revert() -> None:
            self.repo.remove_evidence(evidence_id)
            self.steps_changed.emit([step_id])

        self.push_change(f"Add evidence ‘{_short(name)}’", apply, revert)

    def remove_evidence(self, step_id: str, evidence_id: str) -> None:
        info = next(e for e in self.repo.evidence(step_id) if e.id == evidence_id)
        content = self.repo.evidence_content(evidence_id)

        def apply() -> None:
            self.repo.remove_evidence(evidence_id)
            self.steps_changed.emit([step_id])

        def revert() -> None:
            self.repo.add_evidence(step_id, info.name, content, info.link, evidence_id)
            self.steps_changed.emit([step_id])

        self.push_change(f"Remove evidence ‘{_short(info.name)}’", apply, revert)

    def move_go_live(self, new_date: dt.date, reason: str) -> None:
        """Move the target go-live date; suggested due dates follow it, hand-set ones do not."""
        old = self.project

        def apply() -> None:
            self.repo.set_go_live(new_date, reason)
            self.refresh_project()
            self.steps_changed.emit(self.all_step_ids())

        def revert() -> None:
            if old.go_live_date is not None:
                self.repo.set_go_live(old.go_live_date, f"Undo: {reason}")
            self.refresh_project()
            self.steps_changed.emit(self.all_step_ids())

        self.push_change(f"Move go-live to {new_date.strftime('%d/%m/%Y')}", apply, revert)

    def push_change(self, text: str, apply: Callable[[], object],
                    revert: Callable[[], object]) -> None:
        """Do one user action now and keep it on the undo stack.

        `apply` and `revert` each write through the repository and emit the right signal. A
        failed `apply` raises here and nothing is pushed, so the stack never holds a change that
        did not happen.
        """
        from mutual_checklist.ui.commands import FunctionCommand

        apply()
        self.undo_stack.push(FunctionCommand(text, apply, revert))

    def edit_details(self, values: dict[str, object]) -> None:
        """Change project details and profile as one undoable action.

        A profile change marks the steps it rules out "not applicable" (with the checklist's
        reason) and gives back the ones it no longer rules out, if nobody has touched them.
        """
        from dataclasses import replace

        from mutual_checklist.domain.profile import ProjectProfile, profile_step_changes

        old = {key: getattr(self.project, key) for key in values}
        if old == values:
            return
        profile = ProjectProfile.of(replace(self.project, **values))
        changes = profile_step_changes(self.template, profile, self._states)
        before = [self.step_state(state.step_id) for state in changes]
        ids = [state.step_id for state in changes]

        def write(details: dict[str, object], states: list[StepState]) -> None:
            self.repo.update_details(details, states)
            self.refresh_project()
            if ids:
                self.reload_steps(ids)

        self.push_change("Edit project details", lambda: write(values, changes),
                         lambda: write(old, before))

    def refresh_project(self) -> None:
        self.project = self.repo.project()
        self._plan = None
        self.project_changed.emit()

    def reload_steps(self, step_ids: list[str]) -> None:
        """Re-read step states and custom steps after a write elsewhere; announce the ids."""
        self._states = self.repo.step_states()
        self._versions = self.repo.step_versions()
        self._custom_versions = self.repo.custom_step_versions()
        self._custom_steps = self.repo.custom_steps()
        moved = [i for i in self._replanned() if i not in step_ids]
        self.steps_changed.emit(step_ids + moved)

    @contextlib.contextmanager
    def reloading_if_stale(self, *, barriers: Sequence[str] = (), contacts: Sequence[str] = (),
                           interactions: Sequence[str] = ()) -> Iterator[None]:
        """Around a write checked against what this window showed (barriers, contacts,
        interactions): if it is refused because the rows changed elsewhere, announce them so
        the views read them again, and empty the undo stack, whose entries rest on what was
        shown before. The StaleData goes on to the caller, whose message says so."""
        try:
            yield
        except StaleData:
            if barriers:
                self.barriers_changed.emit(list(barriers))
            if contacts:
                self.contacts_changed.emit(list(contacts))
            if interactions or contacts:
                self.interactions_changed.emit(list(interactions))
            QTimer.singleShot(0, self.undo_stack, self.undo_stack.clear)  # not inside an undo
            raise

    def _write_custom_step(self, step: CustomStep) -> None:
        """Write a custom step unless it changed elsewhere since this window read it."""
        try:
            self.repo.save_custom_step(step, self._custom_versions.get(step.id, 0))
        except StaleData:
            self.reload_steps([step.id])
            QTimer.singleShot(0, self.undo_stack, self.undo_stack.clear)
            raise
        self.reload_steps([step.id])

    # --- called by commands ----------------------------------------------------------------------

    def write_step_state(self, state: StepState) -> None:
        """Write one step's state, unless someone else changed it since this window read it.

        Raises:
            StaleData: it changed elsewhere; the steps are reloaded (and announced) first, and
                the undo stack is emptied, since its entries rest on what was shown before.
        """
        try:
            saved, version = self.repo.save_step_state_checked(
                state, self._versions.get(state.step_id, 0))
        except StaleData:
            self.reload_steps([state.step_id])
            QTimer.singleShot(0, self.undo_stack, self.undo_stack.clear)  # not inside an undo
            raise
        self._states[saved.step_id] = saved
        self._versions[saved.step_id] = version
        moved = [i for i in self._replanned() if i != saved.step_id]
        self.steps_changed.emit([saved.step_id] + moved)


class SeenVersion:
    """The row version an undoable action last read or wrote for one row (barrier, contact,
    interaction): each checked write passes it and moves it on, so an undo or redo is refused
    as well if someone else changed the row in between."""

    def __init__(self, value: int):
        self.value = value

    @classmethod
    def shown(cls, repo: ProjectRepository, table: str, row_id: str,
              version: int | None) -> SeenVersion:
        """The version the window showed; None (a caller that read nothing) reads it now."""
        if version is None:
            version = repo.row_versions(table, [row_id])[row_id]
        return cls(version)


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
