"""The bundled 2011 checklist is complete: stages, gates, guidance, timing, basis, glossary."""
from __future__ import annotations

import re

import pytest

from mutual_checklist import resources
from mutual_checklist.domain.glossary import acronyms_in, find_terms
from mutual_checklist.domain.models import Basis, ChecklistTemplate

ALLOWED_UNDEFINED = {"UK"}  # understood by every reader


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
    expected = {"S1": 14, "S2": 14, "S3": 15, "S4": 24, "S5": 11, "S6": 11}
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
        "users_community", "regulation"}
    assert len(checklist.typical_barriers) >= 25
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
    texts = [s.guidance + " " + s.title + " " + s.evidence + " " + s.timing.note
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
