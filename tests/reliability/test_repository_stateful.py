"""Random sequences of edits, removals and reopenings: the file always says what the model says.

Text includes markup, formulas, bidi controls and lone surrogates (which are dropped on the way
in, as the repository promises), so odd input never breaks a write or a read.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from mutual_checklist.domain.models import Barrier, StepState, StepStatus
from mutual_checklist.domain.rules import clean_text
from mutual_checklist.storage.repository import ProjectRepository
from tests.unit.storage.test_repository import make_project

STEPS = ["S1-01", "S1-02", "S2-05", "S4-10"]
TEXT = st.text(st.characters(exclude_categories=(), exclude_characters="\x00"), max_size=40) | \
    st.sampled_from(["<b>x</b>", "=HYPERLINK(\"http://x\")", "\u202eevil", "Tom & Jerry",
                     "half \ud800 a pair"])


class ProjectFileMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.path = self.folder / "model.mutual"
        self.repo = ProjectRepository.create(self.path, make_project())
        self.states: dict[str, tuple[StepStatus, str]] = {}
        self.barriers: dict[str, tuple[int, int]] = {}
        self.counter = 0

    @rule(step=st.sampled_from(STEPS), done=st.booleans(), notes=TEXT)
    def save_step(self, step: str, done: bool, notes: str) -> None:
        status = StepStatus.DONE if done else StepStatus.IN_PROGRESS
        self.repo.save_step_state(StepState(step, status, notes=notes))
        self.states[step] = (status, clean_text(notes))

    @rule(title=TEXT.filter(lambda t: clean_text(t).strip() != ""),
          likelihood=st.integers(1, 5), impact=st.integers(1, 5))
    def add_barrier(self, title: str, likelihood: int, impact: int) -> None:
        self.counter += 1
        barrier_id = f"b{self.counter}"
        self.repo.save_barrier(Barrier(barrier_id, title, "pensions", likelihood, impact,
                                       mitigation=title))
        self.barriers[barrier_id] = (likelihood, impact, clean_text(title))

    @precondition(lambda self: self.barriers)
    @rule(data=st.data())
    def remove_barrier(self, data: st.DataObject) -> None:
        barrier_id = data.draw(st.sampled_from(sorted(self.barriers)))
        self.repo.remove_barrier(barrier_id)
        del self.barriers[barrier_id]

    @rule()
    def reopen(self) -> None:
        self.repo.close()
        self.repo = ProjectRepository.open(self.path)

    @invariant()
    def file_matches_model(self) -> None:
        stored = {k: (v.status, v.notes) for k, v in self.repo.step_states().items()}
        assert stored == self.states
        assert {b.id: (b.likelihood, b.impact, b.title) for b in self.repo.barriers()} == \
            self.barriers

    def teardown(self) -> None:
        assert self.repo.integrity_ok()
        self.repo.close()


ProjectFileMachine.TestCase.settings = settings(
    max_examples=25, stateful_step_count=12, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
test_project_file_matches_its_model = ProjectFileMachine.TestCase
