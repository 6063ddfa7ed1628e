"""Suggested rating (one test per rule), readiness verdicts, days to go-live, contacts due."""
from __future__ import annotations

import datetime as dt

import pytest
from tests.unit.domain.factories import (
    TODAY,
    barrier,
    contact,
    custom,
    data,
    day,
    interaction,
    phase,
    project,
    state,
    step,
    template,
)

from mutual_checklist.domain.models import BarrierStatus, Rating, StepState, StepStatus
from mutual_checklist.domain.readiness import (
    contacts_due,
    days_to_go_live,
    readiness,
    suggested_rating,
)

DONE = StepStatus.DONE
NA = StepStatus.NOT_APPLICABLE
BLOCKED = StepStatus.BLOCKED
FAR = day(30 * 7)  # go-live 30 weeks away
PENSION = "Sign the pension admission agreement"


def _template(fillers: int = 20, gate_week: int = -4):
    """``fillers`` ordinary steps due 2 weeks before go-live, plus gate step ``g``."""
    steps = [step(f"f{i}", to_week=-2) for i in range(fillers)]
    return template(phase("p1", step("g", PENSION, to_week=gate_week, gate="G5"), *steps))


def _late(step_id: str, status: StepStatus = StepStatus.NOT_STARTED, days: int = -7) -> StepState:
    return state(step_id, status, due_date=day(days), due_date_manual=True)


def _rate(t, d) -> tuple[Rating, list[str]]:
    return suggested_rating(t, d, TODAY)


# --- suggested rating ----------------------------------------------------------------------------


def test_green_when_nothing_is_off_track() -> None:
    rating, reasons = _rate(_template(), data(project(go_live=FAR)))
    assert rating is Rating.GREEN
    assert reasons == [
        "No steps are overdue, no red barriers are open and progress is in line with the plan."
    ]


def test_no_go_live_date_is_amber() -> None:
    rating, reasons = _rate(_template(), data(project()))
    assert rating is Rating.AMBER
    assert reasons == ["No go-live date is set, so progress cannot be judged against time."]


def test_one_overdue_step_is_amber_green() -> None:
    d = data(project(go_live=FAR), _late("f0"))
    rating, reasons = _rate(_template(), d)
    assert rating is Rating.AMBER_GREEN
    assert reasons == ["1 step is overdue; the earliest is 'Step f0', due 24 February 2025."]


def test_overdue_gate_is_amber_red_and_named() -> None:
    d = data(project(go_live=FAR), _late("g"), _late("f0", days=-3), _late("f1", days=-1))
    rating, reasons = _rate(_template(fillers=40), d)  # 3 of 41 late: under 10 points behind
    assert rating is Rating.AMBER_RED
    assert reasons == [f"3 steps are overdue, including the gate '{PENSION}'."]


def test_several_overdue_gates_are_listed() -> None:
    t = template(phase("p1", *(step(f"g{i}", f"Gate step {i}", gate=f"G{i}") for i in range(5)),
                       *(step(f"f{i}") for i in range(60))))
    d = data(project(go_live=FAR), *(_late(f"g{i}", days=-i - 1) for i in range(5)))
    rating, reasons = _rate(t, d)
    assert rating is Rating.AMBER_RED
    assert reasons == [
        "5 steps are overdue, including 5 gates: 'Gate step 4', 'Gate step 3', 'Gate step 2'"
        " and 2 more."
    ]


def test_blocked_gate_far_from_go_live_is_amber() -> None:
    rating, reasons = _rate(_template(), data(project(go_live=FAR), state("g", BLOCKED)))
    assert rating is Rating.AMBER
    assert reasons == [f"The gate '{PENSION}' is blocked."]


def test_blocked_gate_names_its_barrier() -> None:
    bond = barrier("bond", 2, 2, title="Pension fund bond")
    d = data(project(go_live=FAR), state("g", BLOCKED, blocked_by="bond"), barriers=(bond,))
    assert _rate(_template(), d)[1] == [f"The gate '{PENSION}' is blocked by 'Pension fund bond'."]


@pytest.mark.parametrize("count", [1, 2])
def test_one_or_two_red_barriers_are_amber(count: int) -> None:
    reds = tuple(barrier(f"r{i}", 5, 3 + i, title=f"Red {i}") for i in range(count))
    others = (barrier("a", 3, 4), barrier("closed", 5, 5, status=BarrierStatus.RESOLVED))
    rating, reasons = _rate(_template(), data(project(go_live=FAR), barriers=reds + others))
    assert rating is Rating.AMBER
    expected = {
        1: "1 red barrier is open: 'Red 0' (score 15).",
        2: "2 red barriers are open: 'Red 1' (score 20) and 'Red 0' (score 15).",
    }
    assert reasons == [expected[count]]


def test_amber_barriers_alone_leave_green() -> None:
    ambers = (barrier("a", 2, 5), barrier("b", 3, 4), barrier("c", 4, 3))
    d = data(project(go_live=FAR), barriers=ambers)
    assert _rate(_template(), d)[0] is Rating.GREEN


def test_overdue_and_behind_plan_compound() -> None:
    d = data(project(go_live=FAR), _late("g"), _late("f0", days=-3), _late("f1", days=-1))
    rating, reasons = _rate(_template(fillers=20), d)  # 3 of 21 late: 14 points behind
    assert rating is Rating.RED
    assert reasons[-1].startswith("0% of steps are done, but the plan expected 14% by today")


def test_three_red_barriers_are_red() -> None:
    mitigating = BarrierStatus.MITIGATING
    reds = tuple(barrier(f"r{i}", 5, 5, title=f"Red {i}", status=mitigating) for i in range(3))
    rating, reasons = _rate(_template(), data(project(go_live=FAR), barriers=reds))
    assert rating is Rating.RED
    assert reasons == [
        "3 red barriers are open: 'Red 0' (score 25), 'Red 1' (score 25) and 'Red 2' (score 25)."
    ]


@pytest.mark.parametrize(
    ("days", "expected"), [(56, Rating.RED), (57, Rating.AMBER), (-3, Rating.RED)]
)
def test_blocked_gate_within_eight_weeks_of_go_live_is_red(days: int, expected: Rating) -> None:
    gate = state("g", BLOCKED, due_date=day(days), due_date_manual=True)
    d = data(project(go_live=day(days)), gate)
    rating, reasons = _rate(_template(fillers=0), d)
    assert rating is expected
    assert any("blocked or overdue" in r for r in reasons) is (expected is Rating.RED)


def test_overdue_gate_within_eight_weeks_of_go_live_is_red() -> None:
    fillers_done = [state(f"f{i}", DONE) for i in range(20)]
    d = data(project(go_live=day(35)), _late("g"), *fillers_done)
    rating, reasons = _rate(_template(), d)
    assert rating is Rating.RED
    assert reasons[-1] == f"Go-live is in 5 weeks and 1 gate is blocked or overdue: '{PENSION}'."


def _plan(due_today: int, total: int, done_early: int = 0):
    """``total`` steps, the first ``due_today`` due today (not yet overdue), ``done_early`` done."""
    t = template(phase("p1", *(step(f"s{i}", to_week=-2) for i in range(total))))
    states = [state(f"s{i}", due_date=TODAY, due_date_manual=True) for i in range(due_today)]
    states += [state(f"s{total - 1 - i}", DONE) for i in range(done_early)]
    return t, data(project(go_live=FAR), *states)


@pytest.mark.parametrize(
    ("due_today", "total", "expected"),
    [
        (1, 11, Rating.GREEN),  # 9 points behind
        (1, 10, Rating.AMBER_GREEN),  # 10 points behind: one notch
        (6, 25, Rating.AMBER_GREEN),  # 24 points behind: one notch
        (1, 4, Rating.AMBER),  # 25 points behind: two notches
    ],
)
def test_behind_plan_steps_down(due_today: int, total: int, expected: Rating) -> None:
    rating, reasons = _rate(*_plan(due_today, total))
    assert rating is expected
    if expected is not Rating.GREEN:
        assert reasons[-1].startswith("0% of steps are done, but the plan expected")
        assert reasons[-1].endswith("points behind), with go-live in 30 weeks.")


def test_behind_plan_wording() -> None:
    rating, reasons = _rate(*_plan(1, 4))
    assert reasons == [
        "0% of steps are done, but the plan expected 25% by today (25 points behind), "
        "with go-live in 30 weeks."
    ]


def test_work_done_early_offsets_work_due() -> None:
    assert _rate(*_plan(1, 4, done_early=1))[0] is Rating.GREEN


def test_step_down_never_goes_past_red() -> None:
    t, d = _plan(1, 4)
    reds = tuple(barrier(f"r{i}", 5, 5) for i in range(3))
    d = data(d.project, *d.step_states.values(), barriers=reds)
    assert _rate(t, d)[0] is Rating.RED


def test_worst_floor_wins_and_reasons_keep_rule_order() -> None:
    d = data(project(go_live=FAR), _late("g"), barriers=(barrier("r", 5, 5, title="Bond"),))
    rating, reasons = _rate(_template(), d)
    assert rating is Rating.AMBER_RED
    assert reasons == [
        f"1 step is overdue, including the gate '{PENSION}'.",
        "1 red barrier is open: 'Bond' (score 25).",
    ]


def test_rating_is_deterministic() -> None:
    d = data(project(go_live=FAR), _late("g"), _late("f1"), state("f2", BLOCKED))
    assert _rate(_template(), d) == _rate(_template(), d)


def test_long_titles_are_cut_short_in_reasons() -> None:
    fillers = (step(f"f{i}") for i in range(20))
    t = template(phase("p1", step("g", "x" * 10_000, gate="G1"), *fillers))
    _, reasons = _rate(t, data(project(go_live=FAR), state("g", BLOCKED)))
    assert len(reasons[0]) < 120
    assert "…" in reasons[0]


# --- readiness verdict ---------------------------------------------------------------------------


def test_no_go_live_is_at_risk() -> None:
    result = readiness(_template(), data(project()), TODAY)
    assert result.verdict == "at_risk"
    assert "no go-live date" in result.headline


@pytest.mark.parametrize(
    ("days", "verdict"), [(28, "not_ready"), (29, "on_track"), (0, "not_ready"), (-10, "not_ready")]
)
def test_open_gate_in_final_four_weeks_is_not_ready(days: int, verdict: str) -> None:
    d = data(project(go_live=day(days)), state("g", due_date=day(days - 1), due_date_manual=True))
    result = readiness(_template(fillers=0), d, TODAY)
    assert result.verdict == verdict


def test_not_ready_headline_and_reasons() -> None:
    d = data(project(go_live=day(21)), state("g", BLOCKED))
    result = readiness(_template(fillers=2), d, TODAY)
    assert result.verdict == "not_ready"
    assert result.headline == (
        "Not ready: go-live is 24 March 2025 (in 3 weeks) and 1 gate before it is not done."
    )
    assert result.reasons == [f"The gate '{PENSION}' is blocked, due 24 February 2025."]


def test_gate_after_go_live_does_not_make_not_ready() -> None:
    d = data(project(go_live=day(14)), *(state(f"f{i}", DONE) for i in range(3)))
    result = readiness(_template(fillers=3, gate_week=6), d, TODAY)
    assert result.verdict == "ready"


def test_na_gate_does_not_make_not_ready() -> None:
    d = data(project(go_live=day(14)), state("g", NA), *(state(f"f{i}", DONE) for i in range(3)))
    assert readiness(_template(fillers=3), d, TODAY).verdict == "ready"


def test_ready_when_everything_due_by_go_live_is_done() -> None:
    d = data(project(go_live=FAR), *(state(s, DONE) for s in ["g", "f0", "f1"]))
    result = readiness(_template(fillers=2), d, TODAY)
    assert result.verdict == "ready"
    assert result.headline == (
        "Ready: everything due by go-live on 29 September 2025 (in 30 weeks) is done."
    )
    assert result.reasons[0] == "All 3 steps due by go-live are done or not applicable."


def test_undated_custom_step_does_not_block_ready_but_dated_one_does() -> None:
    done = [state(s, DONE) for s in ["g", "f0"]]
    undated = data(project(go_live=FAR), *done, custom=(custom("c", "p1"),))
    assert readiness(_template(fillers=1), undated, TODAY).verdict == "ready"
    dated = data(
        project(go_live=FAR), *done, state("c", due_date=day(7)), custom=(custom("c", "p1"),)
    )
    assert readiness(_template(fillers=1), dated, TODAY).verdict == "on_track"


def test_not_ready_for_a_red_barrier_even_when_steps_are_done() -> None:
    done = (state(s, DONE) for s in ["g", "f0"])
    d = data(project(go_live=FAR), *done, barriers=(barrier("r", 5, 5),))
    result = readiness(_template(fillers=1), d, TODAY)
    assert result.verdict == "at_risk"
    assert result.headline == (
        "At risk: the evidence suggests Amber for go-live on 29 September 2025 (in 30 weeks)."
    )


def test_all_na_is_not_ready_by_default() -> None:
    d = data(project(go_live=FAR), *(state(s, NA) for s in ["g", "f0"]))
    assert readiness(_template(fillers=1), d, TODAY).verdict == "on_track"


def test_on_track_carries_the_rating_reasons() -> None:
    d = data(project(go_live=FAR), _late("f0"))
    result = readiness(_template(), d, TODAY)
    assert result.verdict == "on_track"
    assert result.headline == "On track for go-live on 29 September 2025 (in 30 weeks)."
    assert result.reasons == suggested_rating(_template(), d, TODAY)[1]


# --- days to go-live and contacts due ------------------------------------------------------------


def test_days_to_go_live() -> None:
    assert days_to_go_live(project(go_live=day(100), baseline=day(-5)), TODAY) == (-5, 100)
    assert days_to_go_live(project(), TODAY) == (None, None)
    assert days_to_go_live(project(go_live=TODAY), TODAY) == (None, 0)


def test_contacts_due() -> None:
    contacts = (
        contact("today", "Bea", next_contact_date=TODAY),
        contact("tomorrow", next_contact_date=day(1)),
        contact("cadence", "Al", contact_every_days=30),
        contact("cadence-not-yet", contact_every_days=30),
        contact("never-met", contact_every_days=30),
        contact("nothing"),
        contact("anon", next_contact_date=day(-50), anonymised=True),
        contact("explicit-wins", "Cy", next_contact_date=day(-1), contact_every_days=1000),
    )
    interactions = (
        interaction("i1", "cadence", day(-45)),
        interaction("i2", "cadence", day(-30)),  # latest meeting: due today
        interaction("i3", "cadence-not-yet", day(-29)),
        interaction("i4", "explicit-wins", day(-2)),
        interaction("i5", "anon", day(-100)),
    )
    result = contacts_due(contacts, interactions, TODAY)
    assert [(d.contact.id, d.due) for d in result] == [
        ("explicit-wins", day(-1)),
        ("cadence", TODAY),
        ("today", TODAY),
    ]
    assert result[1].last_contact == day(-30)
    assert result[2].last_contact is None


def test_contacts_due_is_empty_without_contacts() -> None:
    assert contacts_due((), (), TODAY) == []
    assert contacts_due((contact("x", next_contact_date=dt.date(2030, 1, 1)),), (), TODAY) == []
