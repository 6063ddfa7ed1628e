"""Barrier score, RAG bands at every boundary, top risks, heat map, trend and reviews due."""
from __future__ import annotations

import pytest
from tests.unit.domain.factories import TODAY, assessment, barrier, day

from mutual_checklist.domain.models import BarrierStatus
from mutual_checklist.domain.risk import (
    RAG_LABELS,
    barriers_past_review,
    heat_map,
    rag,
    score,
    top_barriers,
    trend,
)

RESOLVED = BarrierStatus.RESOLVED
ACCEPTED = BarrierStatus.ACCEPTED
MITIGATING = BarrierStatus.MITIGATING


def test_score_is_likelihood_times_impact() -> None:
    assert score(barrier("b", 4, 5)) == 20
    assert score(barrier("b", 1, 3)) == 3
    assert score(assessment("a", "2025-01-01", 2, 5)) == 10


@pytest.mark.parametrize(
    ("value", "band"),
    [(1, "green"), (4, "green"), (5, "amber"), (12, "amber"), (14, "amber"), (15, "red"),
     (16, "red"), (25, "red")],
)
def test_rag_boundaries(value: int, band: str) -> None:
    assert rag(value) == band


def test_every_possible_score_has_a_band_and_a_label() -> None:
    bands = {rag(likelihood * impact) for likelihood in range(1, 6) for impact in range(1, 6)}
    assert bands == {"red", "amber", "green"}
    assert RAG_LABELS == {"red": "Red", "amber": "Amber", "green": "Green"}


def test_top_barriers_live_only_by_score_then_title() -> None:
    barriers = (
        barrier("1", 2, 2, title="zeta"),
        barrier("2", 5, 5, title="closed", status=RESOLVED),
        barrier("3", 3, 4, title="Beta"),
        barrier("4", 4, 3, title="alpha", status=MITIGATING),
        barrier("5", 5, 4, title="accepted", status=ACCEPTED),
        barrier("6", 5, 4, title="pension bond"),
    )
    assert [b.id for b in top_barriers(barriers, 10)] == ["6", "4", "3", "1"]
    assert [b.id for b in top_barriers(barriers, 2)] == ["6", "4"]
    assert top_barriers(barriers, 0) == []


def test_heat_map_counts_live_barriers_in_a_full_grid() -> None:
    barriers = (
        barrier("1", 4, 5),
        barrier("2", 4, 5, status=MITIGATING),
        barrier("3", 1, 2),
        barrier("4", 4, 5, status=RESOLVED),
    )
    cells = heat_map(barriers)
    assert len(cells) == 25
    assert cells[(4, 5)] == 2
    assert cells[(1, 2)] == 1
    assert cells[(5, 4)] == 0
    assert sum(cells.values()) == 3


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([], "new"),
        ([(2, 2)], "new"),
        ([(2, 2), (3, 3)], "rising"),
        ([(3, 3), (2, 2)], "falling"),
        ([(2, 3), (3, 2)], "steady"),
        ([(5, 5), (1, 1), (1, 2)], "rising"),  # only the last two count
    ],
)
def test_trend_from_last_two_assessments(scores: list[tuple[int, int]], expected: str) -> None:
    items = [
        assessment(f"a{i}", f"2025-01-0{i + 1}T10:00:00", likelihood, impact)
        for i, (likelihood, impact) in enumerate(scores)
    ]
    assert trend(items) == expected


def test_trend_orders_by_assessment_time_not_input_order() -> None:
    older = assessment("a1", "2025-01-01T09:00:00", 1, 1)
    newer = assessment("a2", "2025-02-01T09:00:00", 5, 5)
    assert trend([newer, older]) == "rising"


def test_barriers_past_review() -> None:
    barriers = (
        barrier("late", 2, 2, review_date=day(-10)),
        barrier("today", 2, 2, review_date=TODAY),
        barrier("tomorrow", 2, 2, review_date=day(1)),
        barrier("none", 2, 2),
        barrier("closed", 2, 2, review_date=day(-30), status=RESOLVED),
        barrier("mitigating", 2, 2, review_date=day(-20), status=MITIGATING),
    )
    assert [b.id for b in barriers_past_review(barriers, TODAY)] == ["mitigating", "late", "today"]
