"""The funding-model aid: each rule, its reasons, and the sources behind them."""
from __future__ import annotations

import itertools

import pytest

from mutual_checklist import resources
from mutual_checklist.domain import funding
from mutual_checklist.domain.funding import FundingModel

BASE = {"specification": "commissioner", "outcomes": "no", "market": "several",
        "demand_risk": "commissioner", "stability": "multi_year", "working_capital": "no"}


def suggest(**changes: str) -> funding.Recommendation:
    return funding.recommend({**BASE, **changes})


def rules(rec: funding.Recommendation) -> list[str]:
    return [r.rule for r in rec.reasons]


def test_nothing_is_suggested_until_every_question_is_answered():
    rec = funding.recommend({"outcomes": "yes", "market": "maybe"})
    assert rec.model is None and rec.reasons == ()
    assert set(rec.unanswered) == {q.id for q in funding.QUESTIONS} - {"outcomes"}
    assert rec.label.startswith("Answer every question")


def test_a_specified_service_without_measurable_results_is_a_contract():
    rec = suggest()
    assert rec.model is FundingModel.CONTRACT
    assert rules(rec) == ["specified", "not_measurable", "commissioner_risk", "competition",
                          "settled_money"]


def test_provider_led_work_in_a_thin_market_is_a_grant():
    rec = suggest(specification="provider", market="none")
    assert rec.model is FundingModel.GRANT
    assert rules(rec)[:2] == ["provider_led", "thin_market"]


def test_provider_led_work_with_uncertain_money_is_a_grant_even_with_a_market():
    rec = suggest(specification="provider", stability="uncertain")
    assert rec.model is FundingModel.GRANT and "uncertain_money" in rules(rec)


def test_measurable_results_with_the_provider_carrying_demand_risk_is_payment_by_results():
    rec = suggest(outcomes="yes", demand_risk="provider")
    assert rec.model is FundingModel.PAYMENT_BY_RESULTS
    assert rules(rec) == ["measurable", "provider_risk", "settled_money"]


def test_payment_by_results_needing_working_capital_brings_in_social_investment():
    rec = suggest(outcomes="yes", demand_risk="provider", working_capital="yes")
    assert rec.model is FundingModel.SOCIAL_INVESTMENT
    assert "investment_needed" in rules(rec)
    assert rec.label == "Social investment alongside a payment-by-results contract"


def test_partly_measurable_results_with_shared_risk_is_a_mix():
    rec = suggest(outcomes="partly", demand_risk="shared", working_capital="yes")
    assert rec.model is FundingModel.MIX
    assert rules(rec) == ["partly_measurable", "shared_risk", "advance_payment", "settled_money"]


def test_results_are_not_paid_for_when_the_commissioner_keeps_demand_risk():
    rec = suggest(outcomes="yes", demand_risk="commissioner", stability="annual")
    assert rec.model is FundingModel.CONTRACT
    assert "uncertain_money" in rules(rec)


def test_every_combination_gets_a_model_and_reasons_with_known_sources():
    known = set(resources.appraisal_reference()["sources"])
    options = [[(q.id, v) for v, _ in q.answers] for q in funding.QUESTIONS]
    for combo in itertools.product(*options):
        rec = funding.recommend(dict(combo))
        assert rec.model is not None and rec.reasons
        for reason in rec.reasons:
            assert reason.sources and set(reason.sources) <= known
        if dict(combo)["outcomes"] == "no":
            assert rec.model not in (FundingModel.PAYMENT_BY_RESULTS, FundingModel.MIX,
                                     FundingModel.SOCIAL_INVESTMENT)


@pytest.mark.parametrize("question", funding.QUESTIONS, ids=lambda q: q.id)
def test_answer_labels_read_back(question):
    value, label = question.answers[0]
    assert funding.answer_label(question.id, value) == label
