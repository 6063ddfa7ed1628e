"""The scheduler: fitting a plan between start and go-live, on hand-made and random graphs."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from mutual_checklist.domain.schedule import Task, schedule

START = dt.date(2026, 12, 1)


def weeks(n: float) -> dt.date:
    return START + dt.timedelta(weeks=n)


def chain() -> list[Task]:
    """a -> b -> c, with a side step s that has room to spare."""
    return [Task("a", 28, 14), Task("b", 56, 28, ("a",)), Task("c", 14, 7, ("b",)),
            Task("s", 14, 7, position=0.5)]


def test_typical_durations_when_they_fit() -> None:
    plan = schedule(chain(), START, weeks(20))
    assert plan.feasible and not plan.compressed
    assert plan.critical_path == ("a", "b", "c")
    assert plan.steps["c"].due <= weeks(20) and plan.steps["b"].start == plan.steps["a"].due
    assert plan.steps["a"].float_days == 42  # six spare weeks before go-live


def test_short_time_compresses_the_critical_path_first() -> None:
    plan = schedule(chain(), START, weeks(10))
    assert plan.feasible and plan.compressed
    assert plan.steps["c"].due == weeks(10)
    assert plan.steps["s"].planned_days == 14  # off the critical path: left at typical
    assert all(plan.steps[t].float_days == 0 for t in plan.critical_path)


def test_not_even_the_minimums_fit() -> None:
    plan = schedule(chain(), START, weeks(4))
    assert not plan.feasible and plan.shortest_weeks == 7.0 and plan.weeks_available == 4.0
    assert plan.critical_path == ("a", "b", "c")
    assert all(plan.steps[t].planned_days == plan.steps[t].typical_days // 2 for t in "abc")


def test_a_step_done_late_moves_its_successors() -> None:
    tasks = chain()
    tasks[0] = Task("a", 28, 14, done_on=weeks(8))
    plan = schedule(tasks, START, weeks(20))
    assert plan.steps["a"].due == weeks(8) and plan.steps["b"].start == weeks(8)
    assert plan.steps["c"].due <= weeks(20)


def test_a_hand_set_date_stays_and_constrains() -> None:
    tasks = chain()
    tasks[1] = Task("b", 56, 28, ("a",), fixed_due=weeks(15))
    plan = schedule(tasks, START, weeks(20))
    assert plan.steps["b"].due == weeks(15) and plan.steps["c"].start >= weeks(15)


def test_deadline_before_go_live_is_kept() -> None:
    tasks = [Task("eli", 14, 7, deadline_days=28, position=0.9)]
    plan = schedule(tasks, START, weeks(20))
    assert plan.steps["eli"].due <= weeks(20) - dt.timedelta(days=28)


def test_behind_today_makes_go_live_unreachable() -> None:
    plan = schedule(chain(), START, weeks(10), today=weeks(6))
    assert not plan.feasible  # nothing started, six weeks gone: 7 weeks of work from week 6


def test_overlapping_dependency_may_run_alongside() -> None:
    tasks = [Task("comms", 200, 100), Task("vote", 14, 7, alongside=("comms",), position=0.3)]
    plan = schedule(tasks, START, weeks(30))
    assert plan.feasible and plan.steps["vote"].due < plan.steps["comms"].due


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[Task], dt.date, dt.date, dt.date]:
    count = draw(st.integers(1, 14))
    tasks = []
    for i in range(count):
        minimum = draw(st.integers(1, 60))
        typical = minimum + draw(st.integers(0, 60))
        deps = tuple(sorted(draw(st.sets(st.sampled_from([f"t{j}" for j in range(i)]),
                                          max_size=3)))) if i else ()
        state = draw(st.sampled_from(["open", "open", "open", "started", "skipped"]))
        tasks.append(Task(f"t{i}", typical, minimum, deps,
                          position=draw(st.floats(0, 1)),
                          deadline_days=draw(st.sampled_from([0, 0, 0, 28])),
                          skipped=state == "skipped", started=state == "started"))
    start = dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 2000)))
    go_live = start + dt.timedelta(days=draw(st.integers(0, 600)))
    today = start + dt.timedelta(days=draw(st.integers(0, 100)))
    return tasks, start, go_live, today


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_random_plans_keep_their_promises(case: tuple[list[Task], dt.date, dt.date,
                                                       dt.date]) -> None:
    tasks, start, go_live, today = case
    plan = schedule(tasks, start, go_live, today)
    for task in tasks:
        placed = plan.steps[task.id]
        assert start <= placed.start <= placed.due  # nothing before the start
        for dep in task.depends_on:  # dependencies respected
            assert placed.start >= plan.steps[dep].due
        assert task.minimum_days <= placed.planned_days <= max(task.typical_days,
                                                               task.minimum_days) \
            or task.skipped
        if plan.feasible:
            assert placed.due <= go_live - dt.timedelta(days=task.deadline_days)
            assert placed.float_days is None or placed.float_days >= 0
    if plan.plan_finish >= go_live:  # a plan with no time to spare: its critical path has no float
        assert all(plan.steps[t].float_days == 0 for t in plan.critical_path), plan
    assert plan.feasible == (plan.shortest_days <= plan.days_available)
    if plan.feasible:
        assert plan.shortest_weeks <= plan.weeks_available
    else:
        assert plan.shortest_weeks >= plan.weeks_available
    ids = set(plan.critical_path)
    assert len(ids) == len(plan.critical_path)
    for before, after in zip(plan.critical_path, plan.critical_path[1:]):
        assert before in next(t for t in tasks if t.id == after).depends_on
