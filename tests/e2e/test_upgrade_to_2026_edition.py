"""A project made with the 1.0.0 checklist moves to the 2026 edition and keeps all its progress."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from mutual_checklist import resources
from mutual_checklist.domain.models import Barrier, CustomStep, StepState, StepStatus
from mutual_checklist.domain.templates import parse_template_text
from mutual_checklist.storage.ids import new_id
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui import project_dialogs
from mutual_checklist.ui.application import build_main_window
from tests.unit.storage.test_repository import make_project

OLD_TEXT = (Path(__file__).parents[1] / "unit" / "checklists" / "mutual-2011-1.0.0.toml"
            ).read_text(encoding="utf-8")
STATUSES = [StepStatus.DONE, StepStatus.IN_PROGRESS, StepStatus.BLOCKED, StepStatus.NOT_STARTED,
            StepStatus.NOT_APPLICABLE]


def _project_on_1_0_0(path: Path) -> dict[str, StepState]:
    old = parse_template_text(OLD_TEXT, "1.0.0")
    assert old.version == "1.0.0"
    with ProjectRepository.create(path, make_project(go_live_date=dt.date(2027, 9, 1)),
                                  OLD_TEXT) as repo:
        barrier = repo.save_barrier(Barrier(new_id(), "Pension bond", "pensions", 3, 4))
        for n, step in enumerate(old.steps):
            status = STATUSES[n % len(STATUSES)]
            repo.save_step_state(StepState(
                step.id, status=status, notes=f"note on {step.id}", owner=f"owner {n}",
                na_reason="done elsewhere" if status is StepStatus.NOT_APPLICABLE else "",
                completed_on=dt.date(2026, 1, 5) if status is StepStatus.DONE else None,
                signed_off_by="Sam" if status is StepStatus.DONE else "",
                blocked_by=barrier.id if status is StepStatus.BLOCKED else None))
        repo.save_custom_step(CustomStep(new_id(), "business-case", "Our own step"))
        repo.add_evidence("S4-06", "eli-letter.txt", b"sent")
        return repo.step_states()


def test_a_1_0_0_project_adopts_2_0_0_keeping_every_bit_of_progress(qtbot, tmp_path,
                                                                     monkeypatch):
    path = tmp_path / "old.mutual"
    before = _project_on_1_0_0(path)
    assert len(before) == 89
    window = build_main_window(path)
    qtbot.addWidget(window)
    view = window.checklist
    assert not view.update_banner.isHidden()
    seen = []
    monkeypatch.setattr(project_dialogs, "ask_adopt_template",
                        lambda parent, diff: seen.append(diff) or True)
    view.update_button.click()
    diff = seen[0]
    assert (diff.old_version, diff.new_version) == ("1.0.0", "2.0.0")
    assert diff.retired == ()  # no step of 1.0.0 is retired, so nothing moves to custom steps
    assert {s.id for s in diff.added} == {"S2-15", "S4-25", "S4-26", "S4-27", "S4-28"}
    assert {"S2-10", "S4-08", "S4-11", "S4-23"} <= {c.step_id for c in diff.changed}
    with ProjectRepository.open(path, read_only=True) as repo:
        assert repo.project().template_version == "2.0.0"
        after = repo.step_states()
        assert [c.title for c in repo.custom_steps()] == ["Our own step"]
        assert [e.name for e in repo.evidence("S4-06")] == ["eli-letter.txt"]
    for step_id, state in before.items():
        kept = after[step_id]
        assert (kept.status, kept.notes, kept.owner, kept.na_reason, kept.completed_on,
                kept.signed_off_by, kept.blocked_by) == (
            state.status, state.notes, state.owner, state.na_reason, state.completed_on,
            state.signed_off_by, state.blocked_by), step_id
    assert window.session.template.version == "2.0.0"
    assert view.steps_model.step_index("S4-25").isValid()
    window.session.close()
    assert resources.find_bundled_template("mutual-2011").version == "2.0.0"
