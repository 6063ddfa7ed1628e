"""Checklist template validation (every problem with line, path and message), parsing and the
bundled templates."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from mutual_checklist import resources
from mutual_checklist.domain.models import Basis, ChecklistTemplate
from mutual_checklist.domain.template_locator import TemplateLocator
from mutual_checklist.domain.templates import (
    TemplateError,
    TemplateProblem,
    load_template,
    parse_template_text,
    validate_template_text,
)

FILE = "checklists/mini.toml"

MINI = '''\
format_version = 1
id = "mini"
version = "1.0.0"
title = "Mini template"
short_title = "Mini"
source = "Written for the tests."
summary = "A tiny template."
disclaimer = "Not advice."

[[sources]]
key = "SRC"
title = "A source"
organisation = "An organisation"
year = 2011

[[owner_roles]]
id = "leader"
title = "Leader"

[[owner_roles]]
id = "finance_adviser"
title = "Finance adviser"

[[barrier_categories]]
id = "finance"
title = "Finance"
goes_wrong = "Money runs out."
mitigations = "Plan the cash."
stages = ["one"]

[[typical_barriers]]
id = "tb-cash"
category = "finance"
title = "No cash"
description = "Cash runs out."
likelihood = 3
impact = 4
mitigation = "Find working capital."
treatment = "treat"

[[stakeholder_types]]
id = "staff"
title = "Staff"
needs = "Honest information."
stages = ["two"]

[[gates]]
id = "G1"
title = "Go ahead"
decider = "The board"
criteria = ["The plan is ready"]

[[glossary]]
term = "EOI"
definition = "An expression of interest."
aliases = ["expression of interest"]

[[phases]]
id = "one"
title = "Phase one"
purpose = "Get started."

[[phases.steps]]
id = "S1-01"
title = "Do the first thing"
guidance = """
The first thing.

[[phases]]
A Markdown line above that looks like a header must not confuse the line finder.
"""
barriers = ["finance"]
owner = "leader"
timing = { from_week = -10, to_week = -8 }
basis = "inferred"

[[phases.steps]]
id = "S1-02"
title = "Do the second thing"
guidance = "The second thing."
barriers = ["finance"]
owner = "leader"
co_owners = ["finance_adviser"]
gate = "G1"
depends_on = ["S1-01"]
references = ["SRC"]
timing = { from_week = -8, to_week = -6 }
timing_note = "At least 28 days before go-live."
basis = "other_guide"
evidence = "Board minutes."

[[phases]]
id = "two"
title = "Phase two"
purpose = "Finish."
parallel = true

[[phases.steps]]
id = "S2-01"
title = "Do the third thing"
guidance = "The third thing."
barriers = ["finance"]
owner = "finance_adviser"
depends_on = ["S1-02"]
timing = { from_week = -6, to_week = 0 }
basis = "guide"
'''


def edit(old: str, new: str, text: str = MINI) -> str:
    """Replace one unique piece of the mini template."""
    assert text.count(old) == 1, f"{old!r} is not unique"
    return text.replace(old, new)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing `needle` (found independently of the locator)."""
    hits = [number for number, line in enumerate(text.split("\n"), 1) if needle in line]
    return hits[nth - 1]


def only_problem(text: str) -> TemplateProblem:
    problems = validate_template_text(text, FILE)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def assert_problem(text: str, line: int | None, path: str, message: str) -> None:
    assert only_problem(text) == TemplateProblem(FILE, line, path, message)


# --- the valid template --------------------------------------------------------------------------


def test_mini_template_is_valid() -> None:
    assert validate_template_text(MINI, FILE) == []


def test_parse_builds_the_whole_template() -> None:
    template = parse_template_text(MINI, FILE)

    assert (template.id, template.version, template.format_version) == ("mini", "1.0.0", 1)
    assert [phase.id for phase in template.phases] == ["one", "two"]
    assert template.phases[1].parallel is True and template.phases[0].parallel is False
    second = template.step("S1-02")
    assert second is not None
    assert second.phase_id == "one"
    assert second.gate == "G1"
    assert second.co_owners == ("finance_adviser",)
    assert second.depends_on == ("S1-01",)
    assert second.references == ("SRC",)
    assert (second.timing.from_week, second.timing.to_week) == (-8, -6)
    assert second.timing.note == "At least 28 days before go-live."
    assert second.basis is Basis.OTHER_GUIDE
    assert second.evidence == "Board minutes."
    assert template.step("S1-01").guidance.startswith("The first thing.")  # type: ignore[union-attr]
    assert template.typical_barriers[0].likelihood == 3
    assert template.gate("G1").criteria == ("The plan is ready",)  # type: ignore[union-attr]
    assert template.glossary[0].aliases == ("expression of interest",)
    assert template.sources[0].year == 2011
    assert template.owner_title("finance_adviser") == "Finance adviser"


# --- one test per kind of problem ----------------------------------------------------------------


def test_toml_syntax_error_gives_tomllib_line() -> None:
    text = edit('title = "Phase two"', "title = Phase two")
    assert_problem(text, line_of(text, "title = Phase two"), "",
                   "TOML syntax error: Invalid value")


def test_toml_syntax_error_at_end_of_document_points_at_last_line() -> None:
    text = MINI + 'evidence = "never closed'
    problem = only_problem(text)
    assert problem.line == len(text.rstrip("\n").split("\n"))
    assert problem.message == "TOML syntax error: Unterminated string"


def test_unsupported_format_version_stops_further_checks() -> None:
    text = edit("format_version = 1", "format_version = 2").replace('title = "Leader"', "")
    assert_problem(text, 1, "format_version", "unsupported format_version 2 (supported: 1)")


def test_missing_required_key_in_a_step_points_at_the_step_header() -> None:
    text = edit('guidance = "The second thing."\n', "")
    assert_problem(text, line_of(text, "[[phases.steps]]", nth=2), "phases[0].steps[1]",
                   "missing required key 'guidance'")


def test_missing_required_top_level_key_has_no_line() -> None:
    assert_problem(edit('short_title = "Mini"\n', ""), None, "",
                   "missing required key 'short_title'")


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        ('title = "Mini template"', "title = 3", "title", "expected a string, got an integer"),
        ("year = 2011", 'year = "2011"', "sources[0].year", "expected an integer, got a string"),
        ("year = 2011", "year = true", "sources[0].year", "expected an integer, got a boolean"),
        ("parallel = true", 'parallel = "yes"', "phases[1].parallel",
         "expected true or false, got a string"),
        ('co_owners = ["finance_adviser"]', 'co_owners = "finance_adviser"',
         "phases[0].steps[1].co_owners", "expected a list of strings, got a string"),
        ('depends_on = ["S1-01"]', 'depends_on = ["S1-01", 3]',
         "phases[0].steps[1].depends_on[1]", "expected a string, got an integer"),
        ("timing = { from_week = -8, to_week = -6 }", 'timing = "soon"',
         "phases[0].steps[1].timing", "expected a table, got a string"),
        ("timing = { from_week = -8, to_week = -6 }", "timing = { from_week = -8.5, to_week = -6 }",
         "phases[0].steps[1].timing.from_week", "expected an integer, got a decimal number"),
    ],
)
def test_wrong_type_is_reported_at_the_key(old: str, new: str, path: str, message: str) -> None:
    text = edit(old, new)
    assert_problem(text, line_of(text, new), path, message)


def test_unknown_keys_are_reported_with_a_suggestion() -> None:
    text = edit('evidence = "Board minutes."', 'evidense = "Board minutes."')
    text = edit('summary = "A tiny template."', 'summary = "A tiny template."\ncolour = "red"',
                text)
    problems = validate_template_text(text, FILE)
    assert problems == [
        TemplateProblem(FILE, line_of(text, "colour ="), "colour", "unknown key 'colour'"),
        TemplateProblem(FILE, line_of(text, "evidense ="), "phases[0].steps[1].evidense",
                        "unknown key 'evidense' (did you mean 'evidence'?)"),
    ]


def test_unknown_key_inside_the_timing_table() -> None:
    text = edit("{ from_week = -6, to_week = 0 }", "{ from_week = -6, to_week = 0, note = 'x' }")
    assert_problem(text, line_of(text, "note = 'x'"), "phases[1].steps[0].timing.note",
                   "unknown key 'note'")


def test_bad_step_id_syntax() -> None:
    text = edit('id = "S2-01"', 'id = "S2 01"')
    assert_problem(text, line_of(text, 'id = "S2 01"'), "phases[1].steps[0].id",
                   "bad step id 'S2 01': use letters, digits, '-' and '_'")


def test_bad_template_id_and_version_syntax() -> None:
    text = edit('id = "mini"', 'id = "Mini_Template"')
    text = edit('version = "1.0.0"', 'version = "1.0"', text)
    assert validate_template_text(text, FILE) == [
        TemplateProblem(FILE, 2, "id",
                        "bad template id 'Mini_Template': use lower-case letters, digits and '-'"),
        TemplateProblem(FILE, 3, "version", "bad version '1.0': use MAJOR.MINOR.PATCH, e.g. 1.0.0"),
    ]


def test_duplicate_step_ids_are_found_across_phases() -> None:
    text = edit('id = "S2-01"', 'id = "S1-01"').replace('depends_on = ["S1-02"]', "")
    assert_problem(text, line_of(text, 'id = "S1-01"', nth=2), "phases[1].steps[0].id",
                   "duplicate step id 'S1-01' (first at phases[0].steps[0].id)")


def test_duplicate_owner_role_id() -> None:
    text = edit('id = "finance_adviser"', 'id = "leader"')
    text = text.replace('co_owners = ["finance_adviser"]', "")
    text = text.replace('owner = "finance_adviser"', 'owner = "leader"')
    assert_problem(text, line_of(text, 'id = "leader"', nth=2), "owner_roles[1].id",
                   "duplicate owner role id 'leader' (first at owner_roles[0].id)")


def test_duplicate_glossary_terms_ignore_case_and_include_aliases() -> None:
    text = MINI + '\n[[glossary]]\nterm = "Expression of Interest"\ndefinition = "Again."\n'
    assert_problem(text, line_of(text, 'term = "Expression of Interest"'), "glossary[1].term",
                   "duplicate glossary term 'Expression of Interest' "
                   "(first at glossary[0].aliases[0])")


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        ('barriers = ["finance"]\nowner = "finance_adviser"', 'barriers = ["finance", "vatt"]\n'
         'owner = "finance_adviser"', "phases[1].steps[0].barriers[1]",
         "unknown barrier category 'vatt'"),
        ('owner = "finance_adviser"', 'owner = "boss"', "phases[1].steps[0].owner",
         "unknown owner role 'boss'"),
        ('co_owners = ["finance_adviser"]', 'co_owners = ["lawyer"]',
         "phases[0].steps[1].co_owners[0]", "unknown owner role 'lawyer'"),
        ('references = ["SRC"]', 'references = ["SRC", "NOPE"]',
         "phases[0].steps[1].references[1]", "unknown source key 'NOPE'"),
        ('depends_on = ["S1-02"]', 'depends_on = ["S9-99"]', "phases[1].steps[0].depends_on[0]",
         "unknown step 'S9-99'"),
        ('category = "finance"', 'category = "money"', "typical_barriers[0].category",
         "unknown barrier category 'money'"),
        ('stages = ["two"]', 'stages = ["three"]', "stakeholder_types[0].stages[0]",
         "unknown phase 'three'"),
        ('stages = ["one"]', 'stages = ["two", "zero"]', "barrier_categories[0].stages[1]",
         "unknown phase 'zero'"),
    ],
)
def test_unknown_reference(old: str, new: str, path: str, message: str) -> None:
    text = edit(old, new)
    assert_problem(text, line_of(text, new.split("\n")[0]), path, message)


def test_unknown_gate_is_reported_and_the_real_gate_is_then_unused() -> None:
    text = edit('gate = "G1"', 'gate = "G9"')
    assert validate_template_text(text, FILE) == [
        TemplateProblem(FILE, line_of(text, "[[gates]]"), "gates[0]",
                        "gate 'G1' is not used by any step"),
        TemplateProblem(FILE, line_of(text, 'gate = "G9"'), "phases[0].steps[1].gate",
                        "unknown gate 'G9'"),
    ]


def test_gate_used_by_two_steps() -> None:
    text = edit('basis = "guide"', 'basis = "guide"\ngate = "G1"')
    assert_problem(text, line_of(text, 'gate = "G1"', nth=2), "phases[1].steps[0].gate",
                   "gate 'G1' is already used by step S1-02; each gate belongs to exactly one step")


def test_dependency_cycle_is_reported_once_with_its_steps() -> None:
    text = edit('depends_on = ["S1-01"]', 'depends_on = ["S1-01", "S2-01"]')
    assert_problem(text, line_of(text, 'depends_on = ["S1-01", "S2-01"]'),
                   "phases[0].steps[1].depends_on", "dependency cycle: S1-02 -> S2-01 -> S1-02")


def test_a_step_depending_on_itself_is_a_cycle() -> None:
    text = edit('depends_on = ["S1-02"]', 'depends_on = ["S2-01"]')
    assert_problem(text, line_of(text, 'depends_on = ["S2-01"]'), "phases[1].steps[0].depends_on",
                   "dependency cycle: S2-01 -> S2-01")


@pytest.mark.parametrize(("key", "value"), [("likelihood", 0), ("impact", 6)])
def test_scores_outside_one_to_five(key: str, value: int) -> None:
    old = "likelihood = 3" if key == "likelihood" else "impact = 4"
    text = edit(old, f"{key} = {value}")
    assert_problem(text, line_of(text, f"{key} = {value}"), f"typical_barriers[0].{key}",
                   f"{key} must be from 1 to 5, not {value}")


def test_unknown_treatment() -> None:
    text = edit('treatment = "treat"', 'treatment = "ignore"')
    assert_problem(text, line_of(text, "treatment ="), "typical_barriers[0].treatment",
                   "treatment 'ignore' is not one of: treat, tolerate, transfer, terminate")


def test_unknown_basis() -> None:
    text = edit('basis = "inferred"', 'basis = "hunch"')
    assert_problem(text, line_of(text, 'basis = "hunch"'), "phases[0].steps[0].basis",
                   "basis 'hunch' is not one of: guide, guide_summary, other_guide, inferred")


def test_timing_window_must_not_run_backwards() -> None:
    text = edit("{ from_week = -10, to_week = -8 }", "{ from_week = -2, to_week = -8 }")
    assert_problem(text, line_of(text, "from_week = -2"), "phases[0].steps[0].timing",
                   "from_week (-2) is after to_week (-8)")


def test_step_without_barriers() -> None:
    text = edit('barriers = ["finance"]\nowner = "finance_adviser"',
                'barriers = []\nowner = "finance_adviser"')
    assert_problem(text, line_of(text, "barriers = []"), "phases[1].steps[0].barriers",
                   "a step needs at least one barrier category")


def test_empty_guidance() -> None:
    text = edit('guidance = "The third thing."', 'guidance = """\n   \n"""')
    assert_problem(text, line_of(text, 'guidance = """', nth=2), "phases[1].steps[0].guidance",
                   "'guidance' is empty")


def test_phase_without_steps() -> None:
    start = MINI.index("[[phases.steps]]\nid = \"S2-01\"")
    text = MINI[:start]
    assert_problem(text, line_of(text, 'id = "two"') - 1, "phases[1]", "phase 'two' has no steps")


def test_template_without_phases() -> None:
    text = MINI[: MINI.index("[[phases]]")].replace('gate = "G1"', "")
    text = text.replace('stages = ["one"]', "stages = []")
    text = text.replace('stages = ["two"]', "stages = []")
    problems = validate_template_text(text, FILE)
    assert TemplateProblem(FILE, None, "phases", "the template has no phases") in problems


# --- reporting -----------------------------------------------------------------------------------


def test_every_problem_is_reported_in_line_order() -> None:
    text = edit('title = "Mini template"', "title = 3")
    text = edit("likelihood = 3", "likelihood = 9", text)
    text = edit('basis = "inferred"', 'basis = "hunch"', text)
    text = edit('evidence = "Board minutes."', 'evidense = "x"', text)
    problems = validate_template_text(text, FILE)
    assert [p.path for p in problems] == [
        "title",
        "typical_barriers[0].likelihood",
        "phases[0].steps[0].basis",
        "phases[0].steps[1].evidense",
    ]
    lines = [p.line for p in problems]
    assert lines == sorted(lines) and None not in lines


def test_problem_text_format() -> None:
    problem = TemplateProblem("checklists/x.toml", 120, "phases[1].steps[3].barriers[0]",
                              "unknown barrier category 'vatt'")
    assert str(problem) == ("checklists/x.toml:120: phases[1].steps[3].barriers[0]: "
                            "unknown barrier category 'vatt'")
    assert str(TemplateProblem("x.toml", None, "title", "oops")) == "x.toml: title: oops"
    assert str(TemplateProblem("x.toml", 3, "", "oops")) == "x.toml:3: oops"


def test_parse_raises_template_error_listing_all_problems() -> None:
    text = edit('basis = "inferred"', 'basis = "hunch"')
    text = edit("impact = 4", "impact = 0", text)
    with pytest.raises(TemplateError) as caught:
        parse_template_text(text, FILE)
    assert len(caught.value.problems) == 2
    assert str(caught.value).split("\n") == [str(p) for p in caught.value.problems]


def test_load_template_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "mini.toml"
    path.write_text(MINI, encoding="utf-8")
    assert load_template(path).id == "mini"


def test_load_template_rejects_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(MINI.replace("Mini template", "Caf\xe9").encode("latin-1"))
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert caught.value.problems[0].file == str(path)
    assert caught.value.problems[0].message.startswith("not a UTF-8 text file")


def test_locator_handles_standard_sub_tables_and_falls_back_to_headers() -> None:
    text = '[[phases]]\nid = "a"\n\n[[phases.steps]]\nid = "x"\n\n[phases.steps.timing]\n' \
           'from_week = 1\n\n[[phases]]\nid = "b"\n'
    locator = TemplateLocator(text)
    assert locator.line_of("phases[0].steps[0].timing.from_week") == 8
    assert locator.line_of("phases[0].steps[0].timing") == 7
    assert locator.line_of("phases[0].steps[0].guidance") == 4
    assert locator.line_of("phases[1].id") == 11
    assert locator.line_of("phases[1].steps[0]") == 10
    assert locator.line_of("title") is None


# --- bundled templates ---------------------------------------------------------------------------


BUNDLED = resources.bundled_template_paths()


def test_there_is_at_least_one_bundled_template() -> None:
    assert any(path.name == "right-to-challenge-eoi.toml" for path in BUNDLED)
    assert sorted(BUNDLED) == BUNDLED


@pytest.mark.parametrize("path", BUNDLED, ids=[path.name for path in BUNDLED])
def test_bundled_template_validates(path: Path) -> None:
    problems = validate_template_text(path.read_text(encoding="utf-8"), str(path))
    assert problems == [], "\n".join(map(str, problems))


def test_bundled_template_ids_are_unique() -> None:
    ids = [template.id for template in resources.load_bundled_templates()]
    assert len(ids) == len(set(ids))


@pytest.fixture(scope="module")
def challenge() -> ChecklistTemplate:
    # Loaded on its own, so a problem in another bundled file cannot hide this template's results.
    return load_template(resources.checklists_dir() / "right-to-challenge-eoi.toml")


def test_find_bundled_template_returns_the_parsed_template(challenge: ChecklistTemplate) -> None:
    assert resources.find_bundled_template("right-to-challenge-eoi") == challenge
    assert resources.find_bundled_template("right-to-challenge-eoi") is \
        resources.find_bundled_template("right-to-challenge-eoi")  # parsed once, then cached


def test_right_to_challenge_template_shape(challenge: ChecklistTemplate) -> None:
    assert [phase.id for phase in challenge.phases] == [
        "groundwork", "expression-of-interest", "decision-and-procurement"]
    assert 8 <= len(challenge.steps) <= 12
    decision = challenge.gate("G2")
    assert decision is not None and "expression of interest" in decision.title.lower()
    gate_steps = {step.gate: step.id for step in challenge.steps if step.gate}
    assert gate_steps == {"G1": "RC2-05", "G2": "RC3-01"}
    assert any(source.key == "LOCALISM" for source in challenge.sources)
    assert all(step.timing.to_week <= 0 for step in challenge.steps)
    assert challenge.disclaimer


def test_right_to_challenge_guidance_length(challenge: ChecklistTemplate) -> None:
    for step in challenge.steps:
        words = len(step.guidance.split())
        assert 80 <= words <= 200, f"{step.id} has {words} words of guidance"


def test_right_to_challenge_glossary_defines_every_acronym(challenge: ChecklistTemplate) -> None:
    defined = {term.term for term in challenge.glossary}
    defined |= {alias for term in challenge.glossary for alias in term.aliases}
    texts = [challenge.title, challenge.summary, challenge.disclaimer, challenge.source]
    for step in challenge.steps:
        texts += [step.title, step.guidance, step.evidence, step.timing.note]
    texts += [c.goes_wrong + " " + c.mitigations for c in challenge.barrier_categories]
    texts += [b.description + " " + b.mitigation for b in challenge.typical_barriers]
    texts += [s.needs for s in challenge.stakeholder_types]
    acronyms = {word for text in texts for word in re.findall(r"\b[A-Z]{2,}\b", text)}
    assert acronyms <= defined, f"undefined: {sorted(acronyms - defined)}"


def test_find_bundled_template_unknown_id() -> None:
    assert resources.find_bundled_template("no-such-template") is None


# --- legal steps, profile conditions and planning fields (the 2026 edition) ----------------------

_LEGAL_STEP = 'basis = "other_guide"\nevidence = "Board minutes."'


def test_a_legal_step_without_sources_or_checked_date_is_refused() -> None:
    text = edit('references = ["SRC"]\n', "", edit(_LEGAL_STEP, _LEGAL_STEP + "\nlegal = true"))
    messages = sorted(p.message for p in validate_template_text(text, FILE))
    assert messages == ["a legal step needs a 'checked_on' date (YYYY-MM-DD)",
                        "a legal step needs its sources in 'references'"]
    dated = edit(_LEGAL_STEP, _LEGAL_STEP + '\nlegal = true\nchecked_on = "2026-12-01"')
    step = parse_template_text(dated, FILE).step("S1-02")
    assert step.legal and str(step.checked_on) == "2026-12-01"


def test_checked_on_must_be_a_real_date() -> None:
    text = edit(_LEGAL_STEP, _LEGAL_STEP + '\nchecked_on = "1 Dec 2026"')
    problem = only_problem(text)
    assert problem.path == "phases[0].steps[1].checked_on"
    assert "not a date" in problem.message


def test_profile_condition_needs_a_reason_and_known_values() -> None:
    text = edit(_LEGAL_STEP, _LEGAL_STEP + '\napplies = { parent = ["nhs"] }')
    assert "go together" in only_problem(text).message
    text = edit(_LEGAL_STEP, _LEGAL_STEP + '\napplies = { nation = ["mars"] }\n'
                'not_applicable = "Only for NHS spin-outs."')
    assert only_problem(text).message == "unknown nation 'mars'"
    good = edit(_LEGAL_STEP, _LEGAL_STEP + '\napplies = { regulated_care = true }\n'
                'not_applicable = "No regulated care."\n\n[[phases.steps.variants]]\n'
                'when = { nation = ["wales"] }\nguidance = "Welsh rules differ."')
    step = parse_template_text(good, FILE).step("S1-02")
    assert step.applies.regulated_care is True and step.not_applicable == "No regulated care."
    assert step.variants[0].when.nation == ("wales",)


def test_right_to_challenge_decision_period_and_staff_ground(challenge: ChecklistTemplate) -> None:
    decision = challenge.step("RC3-01")
    assert "six months" in decision.timing.note
    assert "two or more of its own staff propose to set up" in decision.guidance  # ground 8
    assert "National Health Service" in decision.guidance  # ground 5
    assert decision.legal and decision.checked_on is not None
    assert "RTC-REGS" in decision.references
    assert "England" in challenge.disclaimer


# --- planning fields: duration, lead time, deadline ----------------------------------------------

PLANNED = edit('timing_note = "At least 28 days before go-live."',
               'timing_note = "At least 28 days before go-live."\n'
               'duration = { typical = 6, minimum = 2.5 }\n'
               'lead_time = { weeks = 3, source = "SRC", why = "The board meets monthly." }\n'
               'deadline = { before_go_live_days = 28, source = "SRC", why = "The law says so." }')


def test_planning_fields_are_read() -> None:
    assert validate_template_text(PLANNED, FILE) == []
    step = parse_template_text(PLANNED, FILE).step("S1-02")
    assert step is not None and step.duration is not None and step.lead_time is not None
    assert (step.duration.typical, step.duration.minimum) == (6, 2.5)
    assert (step.lead_time.weeks, step.lead_time.source) == (3, "SRC")
    assert step.deadline is not None and step.deadline.before_go_live_days == 28
    assert parse_template_text(MINI, FILE).step("S1-02").duration is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        ("typical = 6, minimum = 2.5", "typical = 2, minimum = 4", "duration",
         "minimum (4) is more than typical (2)"),
        ("weeks = 3", "weeks = 0", "lead_time.weeks", "weeks must be more than 0, not 0"),
        ('source = "SRC", why = "The law', 'source = "NOPE", why = "The law',
         "deadline.source", "unknown source key 'NOPE'"),
        ("typical = 6", 'typical = "six"', "duration.typical", "expected a number, got a string"),
    ],
)
def test_planning_fields_are_checked(old: str, new: str, path: str, message: str) -> None:
    text = edit(old, new, PLANNED)
    table = path.split(".")[0]  # the problem is reported on the line of its inline table
    assert_problem(text, line_of(text, f"{table} ="), f"phases[0].steps[1].{path}", message)


def test_planning_field_missing_a_key() -> None:
    text = edit('why = "The board meets monthly." ', 'wy = "x" ', PLANNED)
    problems = [p.message for p in validate_template_text(text, FILE)]
    assert "missing required key 'why'" in problems and any("'wy'" in p for p in problems)
