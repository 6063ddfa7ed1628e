"""Due dates, completion counts (N/A out of the denominator), overdue, due soon and gates ahead."""
from __future__ import annotations

import datetime as dt

import pytest
from tests.unit.domain.factories import TODAY, custom, data, day, phase, project, state, step, template

from mutual_checklist.domain import schedule
from mutual_checklist.domain.models import Gate, StepStatus, Timing
from mutual_checklist.domain.progress import (
    ProgressCounts,
    all_steps,
    due_soon_steps,
    effective_due_date,
    gates_ahead,
    overall_progress,
    overdue_steps,
    phase_progress,
    suggested_due_date,
)

DONE = StepStatus.DONE
NA = StepStatus.NOT_APPLICABLE
BLOCKED = StepStatus.BLOCKED
IN_PROGRESS = StepStatus.IN_PROGRESS
GO_LIVE = dt.date(2025, 10, 1)


# --- due dates -----------------------------------------------------------------------------------


def test_suggested_due_date_is_go_live_plus_to_week_weeks() -> None:
    assert suggested_due_date(Timing(-12, -8), GO_LIVE) == dt.date(2025, 8, 6)
    assert suggested_due_date(Timing(0, 4), GO_LIVE) == dt.date(2025, 10, 29)
    assert suggested_due_date(Timing(-2, 0), GO_LIVE) == GO_LIVE


def test_suggested_due_date_without_go_live_is_none() -> None:
    assert suggested_due_date(Timing(-12, -8), None) is None


def test_manual_due_date_wins_over_suggestion() -> None:
    s = step("a", to_week=-8)
    manual = state("a", due_date=dt.date(2025, 1, 1), due_date_manual=True)
    assert effective_due_date(s, manual, GO_LIVE) == dt.date(2025, 1, 1)


def test_manual_cleared_due_date_stays_empty() -> None:
    s = step("a", to_week=-8)
    assert effective_due_date(s, state("a", due_date_manual=True), GO_LIVE) is None


def test_stored_due_date_used_before_suggestion() -> None:
    s = step("a", to_week=-8)
    stored = dt.date(2025, 5, 5)
    assert effective_due_date(s, state("a", due_date=stored), GO_LIVE) == stored


def test_plan_used_when_nothing_stored() -> None:
    s = step("a", to_week=-8, from_week=-12)
    d = data(project(go_live=GO_LIVE, plan_start=GO_LIVE - dt.timedelta(weeks=12)))
    plan = schedule.plan_for(template(phase("p1", s)), d, TODAY)
    assert effective_due_date(s, state("a"), plan) == GO_LIVE - dt.timedelta(weeks=8)
    assert effective_due_date(s, state("a"), None) is None


def test_custom_step_has_only_its_stored_due_date() -> None:
    assert effective_due_date(None, state("c"), GO_LIVE) is None
    assert effective_due_date(None, state("c", due_date=GO_LIVE), GO_LIVE) == GO_LIVE


# --- counts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "applicable", "percent"),
    [(0, 3, 0), (1, 3, 33), (2, 3, 67), (3, 3, 100), (1, 8, 13), (1, 200, 1), (0, 0, 0)],
)
def test_percent_rounds_half_up(done: int, applicable: int, percent: int) -> None:
    assert ProgressCounts(total=applicable, done=done).percent == percent


def test_four_steps_one_done_one_na_is_33_percent() -> None:
    t = template(phase("p1", step("a"), step("b"), step("c"), step("d")))
    counts = overall_progress(t, data(None, state("a", DONE), state("b", NA)))
    assert (counts.total, counts.done, counts.not_applicable, counts.applicable) == (4, 1, 1, 3)
    assert counts.not_started == 2
    assert counts.percent == 33


def test_all_na_is_zero_percent_without_crashing() -> None:
    t = template(phase("p1", step("a"), step("b")))
    counts = overall_progress(t, data(None, state("a", NA), state("b", NA)))
    assert counts.applicable == 0
    assert counts.done == 0
    assert counts.percent == 0


def test_na_is_never_counted_as_done() -> None:
    t = template(phase("p1", step("a"), step("b")))
    counts = overall_progress(t, data(None, state("a", DONE), state("b", NA)))
    assert counts.done == 1
    assert counts.percent == 100  # 1 of the 1 applicable step, not 2 of 2


def test_empty_template_is_zero_percent() -> None:
    counts = overall_progress(template(), data())
    assert counts == ProgressCounts()
    assert counts.percent == 0


def test_every_status_is_counted() -> None:
    t = template(phase("p1", *(step(x) for x in "abcde")))
    d = data(None, state("a", DONE), state("b", IN_PROGRESS), state("c", BLOCKED), state("e", NA))
    assert overall_progress(t, d) == ProgressCounts(5, 1, 1, 1, 1, 1)


def test_phase_progress_counts_custom_steps_in_their_phase() -> None:
    t = template(phase("p1", step("a"), step("b")), phase("p2", step("c")))
    customs = (custom("x", "p2"), custom("y", "p2"))
    d = data(None, state("a", DONE), state("x", DONE), custom=customs)
    result = phase_progress(t, d)
    assert [p.id for p, _ in result] == ["p1", "p2"]
    assert result[0][1] == ProgressCounts(total=2, done=1, not_started=1)
    assert result[1][1] == ProgressCounts(total=3, done=1, not_started=2)
    assert result[1][1].percent == 33
    assert overall_progress(t, d) == result[0][1] + result[1][1]


def test_custom_step_in_unknown_phase_gets_stand_in_phase_last() -> None:
    t = template(phase("p1", step("a")))
    d = data(None, state("z", DONE), custom=(custom("z", "retired"),))
    result = phase_progress(t, d)
    assert [p.id for p, _ in result] == ["p1", "retired"]
    assert result[1][1] == ProgressCounts(total=1, done=1)
    assert overall_progress(t, d).total == 2


def test_states_of_unknown_steps_are_ignored() -> None:
    t = template(phase("p1", step("a")))
    counts = overall_progress(t, data(None, state("gone", DONE)))
    assert counts == ProgressCounts(total=1, not_started=1)


def test_phase_with_no_steps_has_zero_counts() -> None:
    t = template(phase("p1"), phase("p2", step("a")))
    assert phase_progress(t, data())[0][1] == ProgressCounts()


def test_all_steps_puts_custom_steps_after_their_phase_by_position() -> None:
    t = template(phase("p1", step("a")), phase("p2", step("b")))
    customs = (custom("y", "p1", position=2), custom("x", "p1", position=1), custom("o", "zz"))
    d = data(custom=customs)
    assert [r.step_id for r in all_steps(t, d)] == ["a", "x", "y", "b", "o"]


# --- overdue and due soon ------------------------------------------------------------------------


def _dated(*offsets: int):
    """A template whose step ``sN`` is manually due ``offsets[N]`` days from TODAY."""
    t = template(phase("p1", *(step(f"s{i}") for i in range(len(offsets)))))
    states = [state(f"s{i}", due_date=day(o), due_date_manual=True) for i, o in enumerate(offsets)]
    return t, states


def test_due_yesterday_is_overdue_but_due_today_is_not() -> None:
    t, states = _dated(-1, 0)
    assert [s.step_id for s in overdue_steps(t, data(None, *states), TODAY)] == ["s0"]


def test_done_and_na_steps_are_never_overdue_or_due_soon() -> None:
    t = template(phase("p1", step("a"), step("b"), step("c")))
    past = {"due_date": day(-30), "due_date_manual": True}
    soon = {"due_date": day(3), "due_date_manual": True}
    d = data(None, state("a", DONE, **past), state("b", NA, **past), state("c", BLOCKED, **past))
    assert [s.step_id for s in overdue_steps(t, d, TODAY)] == ["c"]
    d2 = data(None, state("a", DONE, **soon), state("b", NA, **soon))
    assert due_soon_steps(t, d2, TODAY) == []


def test_overdue_sorted_by_due_date_then_template_order() -> None:
    t, states = _dated(-2, -10, -2, -5)
    result = overdue_steps(t, data(None, *states), TODAY)
    assert [s.step_id for s in result] == ["s1", "s3", "s0", "s2"]
    assert result[0].due == day(-10)
    assert result[0].status is StepStatus.NOT_STARTED


def test_overdue_uses_suggested_dates_from_go_live() -> None:
    t = template(phase("p1", step("a", to_week=-8, gate="G1"), step("b", to_week=-1)))
    d = data(project(go_live=day(7 * 7)))  # 7 weeks away: a (8 weeks before) is 1 week late
    result = overdue_steps(t, d, TODAY)
    assert [(s.step_id, s.due, s.is_gate, s.phase_id) for s in result] == [
        ("a", day(-7), True, "p1")
    ]


def test_without_go_live_nothing_is_overdue_unless_dated_by_hand() -> None:
    t = template(phase("p1", step("a", to_week=-200), step("b")))
    d = data(project(), state("b", due_date=day(-1)))
    assert [s.step_id for s in overdue_steps(t, d, TODAY)] == ["b"]


def test_custom_steps_can_be_overdue() -> None:
    t = template(phase("p1"))
    d = data(None, state("c1", due_date=day(-3)), custom=(custom("c1", "p1", "Book the venue"),))
    result = overdue_steps(t, d, TODAY)
    assert [(s.step_id, s.title, s.is_gate) for s in result] == [("c1", "Book the venue", False)]


def test_due_soon_edges() -> None:
    t, states = _dated(-1, 0, 27, 28, 29)
    result = due_soon_steps(t, data(None, *states), TODAY)
    assert [s.step_id for s in result] == ["s1", "s2", "s3"]


def test_due_soon_window_can_be_changed() -> None:
    t, states = _dated(0, 7, 8)
    result = due_soon_steps(t, data(None, *states), TODAY, days=7)
    assert [s.step_id for s in result] == ["s0", "s1"]


# --- gates ahead ---------------------------------------------------------------------------------


def test_gates_ahead_show_baseline_and_forecast() -> None:
    t = template(
        phase("p1", step("a", to_week=-20, gate="G1"), step("b", to_week=-30)),
        phase("p2", step("c", to_week=-4, gate="G2"), step("d", to_week=-2, gate="G3")),
        gates=(Gate("G2", "Contract awarded", "commissioner", ()),),
    )
    baseline, forecast = dt.date(2025, 9, 1), dt.date(2025, 12, 1)
    d = data(project(go_live=forecast, baseline=baseline), state("d", DONE))
    result = gates_ahead(t, d, TODAY)
    assert [g.step_id for g in result] == ["a", "c"]
    first = result[0]
    # The baseline plan fits the same work into the time to the first agreed date.
    assert first.baseline_due < first.forecast_due == forecast - dt.timedelta(weeks=20)
    assert (first.gate_id, first.gate_title, first.phase_id) == ("G1", "Gate G1", "p1")
    assert result[1].gate_title == "Contract awarded"
    assert result[1].phase_id == "p2"
    assert not first.overdue


def test_gates_ahead_excludes_na_and_flags_overdue() -> None:
    t = template(phase("p1", step("a", to_week=-4, gate="G1"), step("b", to_week=-2, gate="G2")))
    d = data(project(go_live=day(14)), state("b", NA))
    [gate] = gates_ahead(t, d, TODAY)
    assert gate.step_id == "a"
    assert gate.overdue
    assert gate.baseline_due is None


def test_gates_ahead_sorted_by_forecast_with_undated_last() -> None:
    t = template(phase("p1", step("a", to_week=-4, gate="G1"), step("b", to_week=-10, gate="G2"),
                       step("c", to_week=-20, gate="G3")))
    d = data(project(go_live=GO_LIVE), state("c", due_date_manual=True))
    assert [g.step_id for g in gates_ahead(t, d, TODAY)] == ["b", "a", "c"]
