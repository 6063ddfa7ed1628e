"""The bundled 2011 checklist is complete: stages, gates, guidance, timing, basis, glossary."""
from __future__ import annotations

import re

import pytest

from mutual_checklist import resources
from mutual_checklist.domain.glossary import acronyms_in, find_terms
from mutual_checklist.domain.models import Basis, ChecklistTemplate

ALLOWED_UNDEFINED = {"UK", "EU"}  # understood by every reader


@pytest.fixture(scope="module")
def checklist() -> ChecklistTemplate:
    template = resources.find_bundled_template("mutual-2011")
    assert template is not None
    return template


def test_six_stages_in_order(checklist):
    assert [p.id for p in checklist.phases] == [
        "options-appraisal", "business-case", "planning-engagement", "legal-tax-transfer",
        "ownership-governance", "looking-ahead"]
    assert all(p.purpose.strip() for p in checklist.phases)


def test_every_outline_action_is_a_step(checklist):
    # the 89 outline actions, plus the 2026 edition's equality step (S2-15) and its regulator,
    # NHS pensions, automatic-enrolment and passenger-transport steps (S4-25 to S4-28)
    expected = {"S1": 14, "S2": 15, "S3": 15, "S4": 28, "S5": 11, "S6": 11}
    for prefix, count in expected.items():
        ids = [s.id for s in checklist.steps if s.id.startswith(prefix + "-")]
        assert len(ids) == count, prefix


def test_eleven_gates_each_with_criteria_and_a_step(checklist):
    assert [g.id for g in checklist.gates] == [f"G{n}" for n in range(1, 12)]
    gated = sorted((s.gate for s in checklist.steps if s.gate), key=lambda g: int(g[1:]))
    assert gated == [f"G{n}" for n in range(1, 12)]
    assert all(len(g.criteria) >= 3 and g.decider for g in checklist.gates)


def test_every_step_is_complete(checklist):
    for step in checklist.steps:
        words = len(step.guidance.split())
        assert 80 <= words <= 250, f"{step.id}: {words} words"
        assert step.barriers, step.id
        assert isinstance(step.basis, Basis), step.id
        assert step.timing.from_week <= step.timing.to_week, step.id
        assert step.evidence, step.id


def test_gate_steps_say_what_is_decided(checklist):
    for step in checklist.steps:
        if step.gate:
            assert re.search(r"decid|decision|approv|vote|sign", step.guidance, re.I), step.id


def test_real_time_limits_are_kept(checklist):
    eli = checklist.step("S4-06")
    assert eli.timing.to_week <= -4 and "28 days" in eli.timing.note
    pension = checklist.step("S4-10")
    assert pension.timing.to_week < 0 and pension.gate == "G6"


def test_stages_three_to_five_run_in_parallel(checklist):
    parallel = {p.id for p in checklist.phases if p.parallel}
    assert parallel == {"planning-engagement", "legal-tax-transfer", "ownership-governance"}


def test_barrier_catalogue_and_typical_barriers(checklist):
    categories = {c.id for c in checklist.barrier_categories}
    assert categories == {
        "pensions", "vat_tax", "procurement", "finance", "tupe_hr", "legal_form", "governance",
        "staff_engagement", "commissioner", "politics", "assets_property", "back_office",
        "contract", "it_data", "insurance", "subsidy_control", "leadership_capacity",
        "users_community", "regulation", "legal_challenge", "law_change", "safeguarding"}
    assert len(checklist.typical_barriers) >= 60
    assert {t.category for t in checklist.typical_barriers} == categories
    assert all(c.goes_wrong and c.mitigations and c.stages for c in checklist.barrier_categories)


def test_stakeholder_types_say_what_they_need(checklist):
    ids = {s.id for s in checklist.stakeholder_types}
    assert {"commissioner", "elected_members", "staff", "unions", "pension_fund"} <= ids
    assert all(s.needs.strip() for s in checklist.stakeholder_types)


def test_every_acronym_used_is_in_the_glossary(checklist):
    defined = set()
    for term in checklist.glossary:
        defined.update(name for name in (term.term, *term.aliases))
    texts = [" ".join([s.guidance, s.title, s.evidence, s.timing.note, s.not_applicable,
                       *(v.guidance for v in s.variants)])
             for s in checklist.steps] + [p.purpose for p in checklist.phases]
    used = set().union(*(acronyms_in(t) for t in texts))
    assert used - defined - ALLOWED_UNDEFINED == set()


def test_glossary_terms_are_found_in_guidance(checklist):
    text = checklist.step("S4-06").guidance
    found = {m.term.term for m in find_terms(text, checklist.glossary)}
    assert any("TUPE" in t or "liability" in t.lower() for t in found)
    assert not any(m.term.term == "IT" for m in find_terms("Put it on the agenda.",
                                                           checklist.glossary))


def test_disclaimer_and_sources(checklist):
    assert "not" in checklist.disclaimer and "advice" in checklist.disclaimer
    assert "reconstructed" in checklist.disclaimer or "rebuilt" in checklist.disclaimer
    assert len(checklist.sources) >= 20
    assert all(s.title and s.organisation and s.year for s in checklist.sources)


# --- the 2026 edition ----------------------------------------------------------------------------

# Steps that state the law: each must carry its sources and the date they were last checked.
LEGAL_STEPS = {"S1-02", "S1-06", "S2-04", "S2-10", "S2-11", "S2-15", "S3-08", "S3-14", "S4-03",
               "S4-04", "S4-05", "S4-06", "S4-07", "S4-08", "S4-09", "S4-10", "S4-11", "S4-14",
               "S4-20", "S4-25", "S4-26", "S4-27", "S4-28", "S5-02", "S5-08", "S5-11", "S6-07"}


def test_it_is_the_2026_major_version_checked_within_the_year(checklist):
    assert checklist.version.startswith("2.")
    assert checklist.checked_on is not None
    assert "England" in checklist.disclaimer and "Wales" in checklist.disclaimer
    assert "Scotland" in checklist.disclaimer


def test_legal_steps_are_sourced_and_dated(checklist):
    legal = {s.id for s in checklist.steps if s.legal}
    assert LEGAL_STEPS <= legal
    keys = {source.key for source in checklist.sources}
    for step in checklist.steps:
        if step.legal:
            assert step.references and set(step.references) <= keys, step.id
            assert step.checked_on is not None and step.checked_on <= checklist.checked_on, step.id
    # every source a legal step leans on for a 2025-26 fact can be looked up
    for key in ("PA2023-S33", "PSR", "LGPS-FAIRDEAL-2025", "NHSPS-ACCESS", "VAT-WELFARE",
                "ERA-2025", "ECCTA-IDV", "PSED", "CQC-REG", "AUTO-ENROL"):
        source = next(s for s in checklist.sources if s.key == key)
        assert source.url.startswith("http"), key


def test_the_2023_act_is_stated_not_only_reg_77(checklist):
    renewal = checklist.step("S6-07")
    assert "five years" in renewal.timing.note and "reg 77" not in renewal.timing.note
    test = checklist.step("S5-08").guidance
    assert "management and control of its employees" in test and "three years" in test
    assert "competitive flexible procedure" in checklist.step("S2-10").guidance
    assert "Provider Selection Regime" in " ".join(
        v.guidance for v in checklist.step("S2-10").variants)


def test_pension_fair_deal_reform_is_marked_as_a_proposal(checklist):
    text = checklist.step("S4-08").guidance
    assert "October 2025" in text and "not yet law" in text and "22 December 2025" in text


def test_vat_does_not_assume_exemption_or_sell_charity_status(checklist):
    text = checklist.step("S2-04").guidance
    assert "go either way" in text and "not a general fix" in text


def _all_prerequisites(checklist, step_id):
    seen, todo = set(), [step_id]
    while todo:
        for dep in checklist.step(todo.pop()).depends_on:
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def test_award_and_signing_follow_the_final_decision_and_incorporation(checklist):
    award, signing = checklist.step("S4-11"), checklist.step("S4-23")
    assert award.gate == "G7" and signing.gate == "G8"
    for step in (award, signing):
        needs = _all_prerequisites(checklist, step.id)
        assert {"S3-15", "S4-03"} <= needs, step.id  # G4 final decision, G5 incorporation
        for before in ("S3-15", "S4-03"):
            assert step.timing.from_week >= checklist.step(before).timing.from_week, step.id
    assert "S5-08" in award.depends_on  # the bidder must qualify before it bids
    assert "S4-11" in signing.depends_on


def test_the_staff_vote_depends_on_conversations_not_on_all_communications(checklist):
    assert checklist.step("S3-07").depends_on == ("S1-09",)


def test_no_adviser_owns_work_before_advisers_are_appointed(checklist):
    appointed = checklist.step("S3-04").timing.from_week
    for step in checklist.steps:
        if step.timing.from_week < appointed:
            assert step.owner not in ("legal_adviser", "finance_adviser"), step.id


def test_every_step_has_a_duration_and_planning_fields_cite_sources(checklist):
    import tomllib

    raw = tomllib.loads(resources.template_text("mutual-2011"))
    keys = {source["key"] for source in raw["sources"]}
    for phase in raw["phases"]:
        for step in phase["steps"]:
            duration = step["duration"]
            assert 1 <= duration["minimum"] <= duration["typical"], step["id"]
            for field in ("lead_time", "deadline"):
                if field in step:
                    assert step[field]["source"] in keys and step[field]["why"], step["id"]
    by_id = {s["id"]: s for p in raw["phases"] for s in p["steps"]}
    assert by_id["S4-06"]["deadline"]["before_go_live_days"] == 28
    assert by_id["S4-25"]["lead_time"]["weeks"] == 10


def test_barriers_rank(checklist):
    scores = [b.likelihood * b.impact for b in checklist.typical_barriers]
    middling = sum(1 for score in scores if 8 <= score <= 12)
    assert middling / len(scores) < 0.5
    assert max(scores) >= 20 and min(scores) <= 4
    treatments = {b.treatment for b in checklist.typical_barriers}
    assert treatments == {"treat", "tolerate", "transfer", "terminate"}
    ids = {b.id for b in checklist.typical_barriers}
    assert {"tb-procurement-challenge", "tb-judicial-review", "tb-law-changes-midway",
            "tb-nhs-pension-access-late", "tb-dspt-not-ready", "tb-s33-control-fails",
            "tb-director-idv-missing", "tb-auto-enrolment-missed", "tb-bank-account-late",
            "tb-transport-permit-missing", "tb-dbs-checks-late"} <= ids


def test_glossary_explains_the_terms_the_review_found_unexplained(checklist):
    from mutual_checklist.domain.glossary import find_terms

    for text in ("Best Value Direction 2007", "minimal financial assistance",
                 "recognised trade union", "elected representatives", "non-executive director",
                 "skills matrix", "warranties", "model rules", "registered manager",
                 "past-service deficit", "fund valuation", "portfolio holder", "scrutiny chair",
                 "standstill period", "public service mission", "participatory basis",
                 "closed admission", "balance sheet", "income and expenditure", "direct award",
                 "terms of reference", "change control", "measures", "Provider Selection Regime",
                 "vertical arrangements", "competitive flexible procedure", "deemed employer",
                 "automatic enrolment", "identity verification", "DSPT", "PSED",
                 "Better Society Capital", "qualifying public service mutual"):
        assert find_terms(text, checklist.glossary), text


def test_go_live_waits_for_registration_and_permits(checklist):
    go_live = checklist.step("S4-24")
    assert {"S4-10", "S4-23", "S4-25", "S4-28", "S5-11"} <= set(go_live.depends_on)
    regulator = checklist.step("S4-25")
    assert "S4-03" in regulator.depends_on  # only the new legal body can apply
    assert regulator.applies is not None and regulator.applies.regulated_care is True
