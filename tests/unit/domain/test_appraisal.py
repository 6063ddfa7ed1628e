"""Options appraisal arithmetic: totals, ranking, ties, closeness and sensitivity in words."""
from __future__ import annotations

import itertools

import pytest

from mutual_checklist.domain import appraisal as ap
from mutual_checklist.domain.appraisal import (
    Appraisal,
    Criterion,
    LegalForm,
    Option,
    OptionKind,
    Score,
)
from mutual_checklist.domain.rules import RuleViolation


def build(weights: dict[str, int], scores: dict[str, dict[str, int]]) -> Appraisal:
    """Options named by the keys of `scores` (the first is "Keep as is")."""
    options = tuple(Option(name, name, OptionKind.KEEP_AS_IS if n == 0 else OptionKind.OTHER,
                           position=n) for n, name in enumerate(scores))
    criteria = tuple(Criterion(cid, cid.capitalize(), w, position=n)
                     for n, (cid, w) in enumerate(weights.items()))
    cells = tuple(Score(o, c, v) for o, row in scores.items() for c, v in row.items())
    return Appraisal(options, criteria, cells)


def test_defaults_are_the_ones_a_leader_recognises():
    counter = itertools.count()
    appraisal = ap.default_appraisal(lambda: f"id{next(counter)}")
    kinds = [o.kind for o in appraisal.options]
    assert kinds[0] is OptionKind.KEEP_AS_IS and OptionKind.MUTUAL in kinds
    assert len(appraisal.options) == 7
    mutual = next(o for o in appraisal.options if o.kind is OptionKind.MUTUAL)
    assert mutual.legal_form is LegalForm.CIC_GUARANTEE
    assert [c.name for c in appraisal.criteria] == [
        "Outcomes for service users", "Financial sustainability",
        "Staff engagement and ownership", "Risk", "Time and cost to get there", "Social value",
        "Fit with the parent's priorities"]
    assert sum(c.weight for c in appraisal.criteria) == 100
    ap.check_appraisal(appraisal)


def test_keep_as_is_cannot_be_removed():
    appraisal = build({"a": 1}, {"keep": {"a": 3}, "mutual": {"a": 4}})
    with pytest.raises(RuleViolation, match="Keep as is"):
        appraisal.without_option("keep")
    assert [o.id for o in appraisal.without_option("mutual").options] == ["keep"]
    bare = Appraisal((Option("m", "Mutual", OptionKind.MUTUAL),), ())
    with pytest.raises(RuleViolation, match="doing nothing"):
        ap.check_appraisal(bare)


def test_only_the_mutual_carries_a_legal_form():
    appraisal = build({"a": 1}, {"keep": {}, "x": {}})
    odd = appraisal.with_option(Option("x", "Outsource", OptionKind.OUTSOURCE,
                                       LegalForm.CIC_SHARES, position=1))
    with pytest.raises(RuleViolation, match="legal form"):
        ap.check_appraisal(odd)


def test_weighted_totals_and_ranking_use_weight_shares():
    # weights 30/10 -> shares 75 % / 25 %, so weights need not add up to 100
    appraisal = build({"outcomes": 30, "cost": 10},
                      {"keep": {"outcomes": 2, "cost": 5}, "mutual": {"outcomes": 5, "cost": 2},
                       "outsource": {"outcomes": 3, "cost": 3}})
    result = ap.evaluate(appraisal)
    assert [(r.option.id, r.total, r.rank) for r in result.ranking] == [
        ("mutual", 4.25, 1), ("outsource", 3.0, 2), ("keep", 2.75, 3)]
    assert result.winner.id == "mutual" and result.margin == 1.25 and not result.close
    assert "“mutual” leads with 4.25 out of 5, 1.25 ahead of “outsource”" in ap.verdict(appraisal)


def test_a_tie_shares_the_rank_and_names_no_winner():
    appraisal = build({"a": 50, "b": 50},
                      {"keep": {"a": 1, "b": 1}, "x": {"a": 4, "b": 2}, "y": {"a": 2, "b": 4}})
    result = ap.evaluate(appraisal)
    assert [(r.option.id, r.rank) for r in result.ranking] == [("x", 1), ("y", 1), ("keep", 3)]
    assert result.winner is None and result.tied and result.margin == 0 and result.close
    assert ap.verdict(appraisal).startswith("Tied: “x” and “y” share the top score (3.00")
    assert ap.sensitivity(appraisal) == ()  # no single leader to overturn


def test_options_not_fully_scored_are_not_ranked():
    appraisal = build({"a": 1, "b": 1}, {"keep": {"a": 3}, "x": {"a": 5, "b": 5},
                                         "y": {"a": 1, "b": 2}})
    result = ap.evaluate(appraisal)
    keep = next(r for r in result.ranking if r.option.id == "keep")
    assert keep.total is None and keep.rank is None and keep.missing == 1
    assert "score it too" in ap.verdict(appraisal)


def test_a_criterion_with_no_weight_needs_no_scores():
    appraisal = build({"a": 1, "unused": 0}, {"keep": {"a": 2}, "x": {"a": 4}})
    assert ap.evaluate(appraisal).winner.id == "x"


def test_close_when_one_point_on_one_score_could_overturn():
    # margin 0.2 and criterion a carries 50 %: one point there is worth 0.5
    appraisal = build({"a": 50, "b": 50},
                      {"keep": {"a": 3, "b": 3}, "x": {"a": 4, "b": 3}, "y": {"a": 3, "b": 3}})
    result = ap.evaluate(appraisal)
    assert result.margin == 0.5 and result.close
    assert "close" in ap.verdict(appraisal)


def test_sensitivity_says_when_a_weight_would_change_the_leader():
    # Mutual leads on outcomes; keep-as-is is far less risky. Risk share now 20 %.
    appraisal = build({"outcomes": 80, "risk": 20},
                      {"keep": {"outcomes": 2, "risk": 5}, "mutual": {"outcomes": 5, "risk": 2}})
    result = ap.evaluate(appraisal)
    assert result.winner.id == "mutual"  # 4.4 against 2.6
    by_criterion = {s.criterion.id: s for s in ap.sensitivity(appraisal, result)}
    risk = by_criterion["risk"]
    # mutual - keep = (1 - p) * 3 - p * 3, zero at p = 0.5
    assert risk.above == pytest.approx(0.5) and risk.above_leader.id == "keep"
    assert risk.below is None
    assert risk.sentence(result.winner) == (
        "The result changes only if risk weighs more than 50 % (then “keep” leads); "
        "it weighs 20 % now.")
    outcomes = by_criterion["outcomes"]
    assert outcomes.below == pytest.approx(0.5) and outcomes.above is None
    assert "weighs less than 50 %" in outcomes.sentence(result.winner)
    assert risk.nearest == (pytest.approx(0.5), "above", appraisal.option("keep"))


def test_a_criterion_that_can_never_flip_the_result_says_so():
    # The mutual scores at least as well as every rival on every criterion.
    appraisal = build({"outcomes": 60, "cost": 40},
                      {"keep": {"outcomes": 2, "cost": 3}, "mutual": {"outcomes": 4, "cost": 3},
                       "outsource": {"outcomes": 3, "cost": 2}})
    result = ap.evaluate(appraisal)
    for item in ap.sensitivity(appraisal, result):
        assert not item.can_flip and item.nearest is None
    cost = next(s for s in ap.sensitivity(appraisal, result) if s.criterion.id == "cost")
    assert cost.sentence(result.winner) == ("“Cost” cannot change the result: “mutual” stays "
                                            "ahead whatever weight it is given.")


def test_drawing_level_only_at_full_weight_is_not_a_change():
    # At 100 % cost, keep and mutual tie (both 3); anywhere below, the mutual leads.
    appraisal = build({"outcomes": 50, "cost": 50},
                      {"keep": {"outcomes": 2, "cost": 3}, "mutual": {"outcomes": 4, "cost": 3}})
    cost = next(s for s in ap.sensitivity(appraisal) if s.criterion.id == "cost")
    assert not cost.can_flip


def test_the_nearest_of_several_rivals_is_reported():
    appraisal = build({"quality": 70, "price": 30},
                      {"keep": {"quality": 1, "price": 5}, "mutual": {"quality": 5, "price": 1},
                       "outsource": {"quality": 3, "price": 4}})
    result = ap.evaluate(appraisal)
    price = next(s for s in ap.sensitivity(appraisal, result) if s.criterion.id == "price")
    # mutual - outsource = (1-p)*2 - 3p: zero at 0.4; mutual - keep = (1-p)*4 - 4p: zero at 0.5
    assert price.above == pytest.approx(0.4) and price.above_leader.id == "outsource"


def test_sensitivity_thresholds_really_change_the_leader():
    """Totals worked out by hand either side of the reported threshold agree with it."""
    scores = {"keep": {"quality": 1, "price": 5}, "mutual": {"quality": 5, "price": 1},
              "outsource": {"quality": 3, "price": 4}}
    price = next(s for s in ap.sensitivity(build({"quality": 70, "price": 30}, scores))
                 if s.criterion.id == "price")
    for share, leader in ((price.above - 0.01, "mutual"), (price.above + 0.01, "outsource")):
        totals = {o: (1 - share) * row["quality"] + share * row["price"]
                  for o, row in scores.items()}
        assert max(totals, key=totals.get) == leader


def test_cells_keep_evidence_and_empty_cells_are_dropped():
    appraisal = build({"a": 1}, {"keep": {}, "x": {}})
    appraisal = appraisal.with_cell(Score("x", "a", 4, "Finance director's estimate"))
    assert appraisal.cell("x", "a").evidence == "Finance director's estimate"
    appraisal = appraisal.with_cell(Score("x", "a", None, ""))
    assert appraisal.scores == ()


@pytest.mark.parametrize("bad, message", [
    (lambda a: a.with_criterion(Criterion("a", "A", 101)), "between 0 and 100"),
    (lambda a: Appraisal(a.options, a.criteria, (Score("keep", "a", 6),)), "1 to 5"),
    (lambda a: Appraisal(a.options, a.criteria, (Score("ghost", "a", 3),)), "not there"),
    (lambda a: a.with_option(Option("y", "  ", position=5)), "needs a name"),
])
def test_rules_are_checked(bad, message):
    with pytest.raises(RuleViolation, match=message):
        ap.check_appraisal(bad(build({"a": 1}, {"keep": {}, "x": {}})))
