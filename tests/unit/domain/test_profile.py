"""The project profile: parsing, which steps apply, variant guidance and automatic marking."""
from __future__ import annotations

import pytest

from mutual_checklist import resources
from mutual_checklist.domain.models import StepState, StepStatus
from mutual_checklist.domain.profile import (
    ProjectProfile,
    auto_reason,
    parse_profile,
    profile_step_changes,
    step_applies,
    variant_guidance,
)

NHS_WALES = ProjectProfile("wales", "nhs", True, False)
COUNCIL_ENGLAND = ProjectProfile("england", "council", False, True)


@pytest.fixture(scope="module")
def checklist():
    return resources.find_bundled_template("mutual-2011")


def test_parse_profile_reads_any_subset_and_says_plainly_what_is_wrong():
    assert parse_profile("nation=wales,parent=nhs") == ProjectProfile("wales", "nhs")
    assert parse_profile(" Nation = Northern Ireland , regulated-care=Yes, runs_vehicles=no") \
        == ProjectProfile("northern_ireland", "", True, False)
    assert parse_profile("") == ProjectProfile()
    for bad, says in (("nation=mars", "nation must be one of"), ("parent=charity", "parent must"),
                      ("regulated_care=maybe", "yes or no"), ("colour=red", "not a profile"),
                      ("wales", "not a profile")):
        with pytest.raises(ValueError, match=says):
            parse_profile(bad)


def test_which_steps_apply(checklist):
    actuary, nhs_access = checklist.step("S4-09"), checklist.step("S4-26")
    regulator, transport = checklist.step("S4-25"), checklist.step("S4-28")
    assert not step_applies(actuary, NHS_WALES) and step_applies(nhs_access, NHS_WALES)
    assert step_applies(actuary, COUNCIL_ENGLAND) and not step_applies(nhs_access, COUNCIL_ENGLAND)
    assert step_applies(regulator, NHS_WALES) and not step_applies(regulator, COUNCIL_ENGLAND)
    assert step_applies(transport, COUNCIL_ENGLAND) and not step_applies(transport, NHS_WALES)
    unknown = ProjectProfile()  # nothing said: nothing is ruled out
    assert all(step_applies(step, unknown) for step in checklist.steps)


def test_variant_guidance_fits_the_profile_and_names_welsh_and_scottish_differences(checklist):
    route = checklist.step("S1-06")
    welsh_nhs = variant_guidance(route, NHS_WALES)
    assert welsh_nhs.startswith("**For your project**")
    assert "Provider Selection Regime" in welsh_nhs and "does not apply in Wales" in welsh_nhs
    assert "Scotland" not in welsh_nhs
    english_council = variant_guidance(route, COUNCIL_ENGLAND)
    assert english_council == ""  # nothing different for an English council
    open_profile = variant_guidance(route, ProjectProfile())
    assert open_profile.startswith("**If it applies to you**")
    assert "In Wales" in open_profile and "In Scotland" in open_profile
    pensions = variant_guidance(checklist.step("S4-08"), ProjectProfile("scotland", "council"))
    assert "Scotland has its own LGPS" in pensions and "NHS" not in pensions


def test_profile_marks_untouched_steps_and_gives_them_back(checklist):
    marked = profile_step_changes(checklist, NHS_WALES, {})
    by_id = {s.step_id: s for s in marked}
    assert set(by_id) == {"S4-09", "S4-28"}
    assert by_id["S4-09"].status is StepStatus.NOT_APPLICABLE
    assert by_id["S4-09"].na_reason == auto_reason(checklist.step("S4-09"))
    assert "NHS Pension Scheme" in by_id["S4-09"].na_reason
    # a step the team already worked on is never marked
    worked = {"S4-28": StepState("S4-28", StepStatus.IN_PROGRESS, notes="permit applied for")}
    assert {s.step_id for s in profile_step_changes(checklist, NHS_WALES, worked)} == {"S4-09"}
    # back to a council: the marked step returns, one marked by the team stays
    states = {**by_id, "S4-26": StepState("S4-26", StepStatus.NOT_APPLICABLE,
                                          na_reason="We decided this ourselves.")}
    back = {s.step_id: s for s in profile_step_changes(checklist, COUNCIL_ENGLAND, states)}
    assert back["S4-09"].status is StepStatus.NOT_STARTED and back["S4-09"].na_reason == ""
    assert back["S4-28"].status is StepStatus.NOT_STARTED  # this council runs minibuses
    assert "S4-26" not in back
    assert back["S4-25"].status is StepStatus.NOT_APPLICABLE


def test_describe_is_plain():
    assert NHS_WALES.describe() == ("Wales · parent: an NHS body · regulated care: yes · "
                                    "runs vehicles: no")
    assert ProjectProfile().describe().startswith("nation not said")
