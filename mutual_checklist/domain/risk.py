"""Barrier scoring: score, RAG band, top risks, the 5×5 heat map, trend and reviews due.

Pure functions so the barriers table, the heat map, the PDF report and the portfolio all band a
barrier the same way. Only *live* barriers (open or mitigating) count as risks to the project;
resolved and accepted ones stay in the register for the record but leave every figure here.

RAG bands on score = likelihood × impact (each 1–5, so 1–25):

| band  | score   |
| ----- | ------- |
| red   | 15–25   |
| amber | 5–14    |
| green | 1–4     |

Colour must never carry meaning alone (accessibility and black-and-white printing), so every
band has a text label in ``RAG_LABELS`` to show beside the colour.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Literal

from mutual_checklist.domain.models import Barrier, BarrierAssessment

RagBand = Literal["red", "amber", "green"]
Trend = Literal["rising", "falling", "steady", "new"]

RED_FROM = 15
AMBER_FROM = 5

RAG_LABELS: dict[str, str] = {"red": "Red", "amber": "Amber", "green": "Green"}

# One vocabulary and one set of colours for every heat map, table and report (app and PDF).
LIKELIHOOD_WORDS: dict[int, str] = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely",
                                    5: "Almost certain"}
IMPACT_WORDS: dict[int, str] = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major",
                                5: "Severe"}
RAG_HEX: dict[str, str] = {"red": "#C62828", "amber": "#F9A825", "green": "#2E7D32"}
"""Strong RAG colours; `RAG_INK` is the text colour that reads on each."""
RAG_INK: dict[str, str] = {"red": "#FFFFFF", "amber": "#000000", "green": "#FFFFFF"}
RAG_TINT_HEX: dict[str, str] = {"red": "#F6D5D3", "amber": "#FCEBC0", "green": "#D5EBD6"}
"""Pale RAG colours for empty heat-map cells and table backgrounds (dark text on each)."""
RATING_HEX: dict[str, str] = {"green": RAG_HEX["green"], "amber_green": "#9CCC65",
                              "amber": RAG_HEX["amber"], "amber_red": "#EF6C00",
                              "red": RAG_HEX["red"]}
"""Delivery-confidence colours by `Rating` value; `RATING_INK` is the text colour on each."""
RATING_INK: dict[str, str] = {"green": "#FFFFFF", "amber_green": "#000000", "amber": "#000000",
                              "amber_red": "#000000", "red": "#FFFFFF"}

SCALE = range(1, 6)


def score(barrier: Barrier | BarrierAssessment) -> int:
    """Score a barrier or one assessment of it.

    Args:
        barrier: A barrier, or a re-assessment with its own likelihood and impact.

    Returns:
        Likelihood × impact (1–25 for valid ratings).
    """
    return barrier.likelihood * barrier.impact


def rag(value: int) -> RagBand:
    """Band a score red, amber or green.

    Args:
        value: A score as returned by ``score``.

    Returns:
        ``"red"`` from 15, ``"amber"`` from 5 to 14, ``"green"`` up to 4.
    """
    if value >= RED_FROM:
        return "red"
    if value >= AMBER_FROM:
        return "amber"
    return "green"


def live(barriers: Iterable[Barrier]) -> list[Barrier]:
    """Keep the barriers still threatening the project (open or mitigating).

    Args:
        barriers: Any barriers.

    Returns:
        The live ones, in the order given.
    """
    return [b for b in barriers if b.status.is_live]


def top_barriers(barriers: Iterable[Barrier], n: int = 5) -> list[Barrier]:
    """The ``n`` worst live barriers.

    Ordered by score (highest first), then title (case-insensitive), then id, so two reports of
    the same data always list the same barriers in the same order.

    Args:
        barriers: Any barriers; resolved and accepted ones are skipped.
        n: How many to return at most.

    Returns:
        Up to ``n`` live barriers, worst first.
    """
    ranked = sorted(live(barriers), key=lambda b: (-score(b), b.title.casefold(), b.id))
    return ranked[: max(n, 0)]


def heat_map(barriers: Iterable[Barrier]) -> dict[tuple[int, int], int]:
    """Count live barriers in each cell of the 5×5 likelihood/impact grid.

    Every cell of the grid is present (zero when empty) so a renderer needs no defaults.

    Args:
        barriers: Any barriers; resolved and accepted ones are skipped.

    Returns:
        ``{(likelihood, impact): count}``.
    """
    cells = {(likelihood, impact): 0 for likelihood in SCALE for impact in SCALE}
    for barrier in live(barriers):
        key = (barrier.likelihood, barrier.impact)
        cells[key] = cells.get(key, 0) + 1
    return cells


def trend(assessments: Sequence[BarrierAssessment]) -> Trend:
    """Say whether a barrier is getting worse, judged on its last two assessments.

    Assessments are ordered by when they were made (ISO timestamps sort as text), then id, so
    the answer does not depend on the order the caller loaded them in.

    Args:
        assessments: The assessments of one barrier, in any order.

    Returns:
        ``"new"`` with fewer than two assessments, else ``"rising"`` if the latest score is
        higher than the one before, ``"falling"`` if lower, ``"steady"`` if equal.
    """
    if len(assessments) < 2:
        return "new"
    previous, latest = sorted(assessments, key=lambda a: (a.assessed_at, a.id))[-2:]
    if score(latest) > score(previous):
        return "rising"
    if score(latest) < score(previous):
        return "falling"
    return "steady"


def barriers_past_review(barriers: Iterable[Barrier], today: dt.date) -> list[Barrier]:
    """Live barriers whose review date has come: on or before today.

    A review due today is included so the guided review that runs today picks it up. Barriers
    with no review date are never listed; resolved and accepted ones need no review.

    Args:
        barriers: Any barriers.
        today: The date to judge against.

    Returns:
        The barriers due for review, longest overdue first, then by title.
    """
    due = [b for b in live(barriers) if b.review_date is not None and b.review_date <= today]
    return sorted(due, key=lambda b: (b.review_date or today, b.title.casefold(), b.id))
