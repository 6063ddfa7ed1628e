"""The demo project's completed options appraisal and funding-model answers (all invented)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from mutual_checklist.domain.appraisal import (
    Appraisal,
    LegalForm,
    OptionKind,
    Score,
    default_appraisal,
)

# Scores on: outcomes, finance, staff, risk, time_cost, social_value, fit (5 = best, lowest risk,
# quickest), each with the evidence the panel recorded.
_SCORES: dict[OptionKind, tuple[tuple[int, str], ...]] = {
    OptionKind.KEEP_AS_IS: (
        (2, "Waiting lists growing; no money to redesign sessions."),
        (3, "Budget holds for two years, then the council's savings target bites."),
        (2, "Staff survey: 61 % feel they have no say in how centres run."),
        (4, "Known risks only, but the savings target may close a centre."),
        (5, "No change needed."),
        (2, "Little scope for volunteering or local buying."),
        (2, "The council's plan asks every service for new delivery models."),
    ),
    OptionKind.IMPROVE_IN_HOUSE: (
        (3, "Redesign helps, but council rules limit evening and weekend sessions."),
        (3, "Some savings from sharing transport; overheads stay."),
        (3, "Staff would join design groups but own nothing."),
        (4, "Low risk: the council keeps every liability."),
        (4, "About six months of redesign work."),
        (2, "As now."),
        (4, "Fits the council's plan for the next two years."),
    ),
    OptionKind.SHARED_SERVICE: (
        (3, "Westmere runs a similar service; users would travel further."),
        (3, "Shared management saves about £80,000 a year."),
        (2, "Two councils' HR rules; staff voice diluted."),
        (3, "Governance across two councils is untested here."),
        (2, "Needs both cabinets to agree; about 18 months."),
        (2, "No change."),
        (3, "Neutral: Westmere is lukewarm."),
    ),
    OptionKind.MUTUAL: (
        (5, "Staff co-designed evening, weekend and carers' sessions with families."),
        (3, "Business plan breaks even in year 2 if the five-year contract is agreed."),
        (5, "Indicative staff vote: 78 % in favour of a staff-owned mutual."),
        (2, "Pension bond and irrecoverable VAT are the big open risks."),
        (2, "About 20 months; advice costs £95,000, partly grant funded."),
        (5, "Volunteers, local suppliers and a community café in the plan."),
        (4, "Members' seminar supportive; fits the council's social value policy."),
    ),
    OptionKind.JOINT_VENTURE: (
        (3, "Provider's model is centre-based only."),
        (4, "Provider's back office cuts overheads."),
        (2, "Staff would hold a minority stake at best."),
        (2, "Partner's priorities could change; exit terms are complex."),
        (2, "Partner selection needs a full procurement."),
        (3, "Some local spend."),
        (3, "Members split on a private partner."),
    ),
    OptionKind.TRANSFER: (
        (3, "Two local charities interested; both smaller than this service."),
        (3, "Their reserves are thin."),
        (2, "Staff join an existing culture and board."),
        (2, "TUPE into a small charity strains its HR and pensions."),
        (3, "About a year."),
        (3, "Charities bring volunteers."),
        (2, "Members wary of losing the service's name."),
    ),
    OptionKind.OUTSOURCE: (
        (2, "Market offers standard centre-based care only."),
        (4, "Lowest price, based on neighbouring councils' tenders."),
        (1, "Unions opposed; staff fear worse terms for new starters."),
        (2, "Bidders may not come forward for a service this size."),
        (3, "About 12 months for a full tender."),
        (2, "Social value only as the tender requires."),
        (2, "Against the council's stated preference for local providers."),
    ),
}

FUNDING_ANSWERS = {"specification": "commissioner", "outcomes": "partly", "market": "few",
                   "demand_risk": "shared", "stability": "multi_year", "working_capital": "yes"}


def demo_appraisal(make_id: Callable[[str], str], now: str) -> Appraisal:
    """A completed appraisal: the mutual (a CIC limited by guarantee) leads, risk is the test."""
    names = iter(f"appraisal-option-{n}" for n in range(100))
    appraisal = default_appraisal(lambda: make_id(next(names)), now)
    for option in appraisal.options:
        if option.kind is OptionKind.MUTUAL:
            appraisal = appraisal.with_option(replace(option, legal_form=LegalForm.CIC_GUARANTEE))
        for criterion, (score, note) in zip(appraisal.criteria, _SCORES[option.kind]):
            appraisal = appraisal.with_cell(Score(option.id, criterion.id, score, note))
    return replace(appraisal, funding_answers=dict(FUNDING_ANSWERS))

