"""The funding-model aid: six questions about the service, a recommended way to pay for it
(grant, contract, payment by results, a mix, or social investment alongside a contract) and the
reasons, each rule naming the sources behind it. No Qt, no SQL.

The sources are keys into the reference data (`checklists/reference/appraisal.toml`, loaded by
`mutual_checklist.resources.appraisal_reference`), where their titles and addresses live. The
rules are deliberately few and visible: the aid supports a conversation with the commissioner,
it does not decide for them.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass


class FundingModel(str, enum.Enum):
    GRANT = "grant"
    CONTRACT = "contract"
    PAYMENT_BY_RESULTS = "payment_by_results"
    MIX = "mix"
    SOCIAL_INVESTMENT = "social_investment"

    @property
    def label(self) -> str:
        return MODEL_LABELS[self]


MODEL_LABELS = {
    FundingModel.GRANT: "Grant",
    FundingModel.CONTRACT: "Contract",
    FundingModel.PAYMENT_BY_RESULTS: "Payment by results",
    FundingModel.MIX: "A mix: a contract with part of the payment on results",
    FundingModel.SOCIAL_INVESTMENT: "Social investment alongside a payment-by-results contract",
}


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    help: str
    answers: tuple[tuple[str, str], ...]  # (value, label)


QUESTIONS: tuple[Question, ...] = (
    Question("specification", "Who decides what the service must deliver?",
             "A contract buys something the commissioner has specified; a grant supports work "
             "the provider has proposed.",
             (("commissioner", "The commissioner sets out what it wants"),
              ("provider", "The provider proposes what it will do"))),
    Question("outcomes", "Can the results the commissioner wants be measured, and put down to "
             "this provider's work?",
             "Paying for results only works when results can be counted and credited fairly.",
             (("yes", "Yes, clearly"), ("partly", "Partly, or only some of them"),
              ("no", "No, or not within the contract's life"))),
    Question("market", "Are there other providers who could run this service?",
             "Competition tests value for money; without it a contract is negotiated, not won.",
             (("several", "Several"), ("few", "One or two"), ("none", "None that we know of"))),
    Question("demand_risk", "Who should carry the risk that demand turns out higher or lower "
             "than planned?", "Whoever carries it needs the means to absorb it.",
             (("commissioner", "The commissioner"), ("shared", "Shared between both"),
              ("provider", "The provider"))),
    Question("stability", "How settled is the money for this service?",
             "Long commitments need money that will still be there.",
             (("multi_year", "Agreed for several years"), ("annual", "Agreed year by year"),
              ("uncertain", "Uncertain or short-term"))),
    Question("working_capital", "Will the provider need working capital before payments arrive?",
             "A new mutual rarely has reserves to fund months of work in advance.",
             (("no", "No"), ("yes", "Yes"))),
)

QUESTION_BY_ID = {q.id: q for q in QUESTIONS}


@dataclass(frozen=True)
class Reason:
    rule: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Recommendation:
    model: FundingModel | None  # None until every question is answered
    reasons: tuple[Reason, ...]
    unanswered: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model.label if self.model else "Answer every question to see a suggestion"


# One place for each rule's wording and sources (keys into the reference data).
RULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "provider_led": ("The provider proposes the work, so this is support for its aims rather "
                     "than a purchase: that is what grants are for.", ("NAO-GRANT-CONTRACT",
                                                                      "NAO-TSO")),
    "thin_market": ("There is little or no competition to test value, so a grant or a "
                    "negotiated arrangement is more realistic than a competitive contract.",
                    ("NAO-GRANT-PROCUREMENT",)),
    "uncertain_money": ("The money is not settled, so avoid long commitments: a time-limited "
                        "grant, or a short contract with break points.",
                        ("NAO-GRANT-PROCUREMENT",)),
    "specified": ("The commissioner specifies what it wants, and a contract makes that "
                  "enforceable on both sides.", ("NAO-GRANT-CONTRACT",)),
    "measurable": ("Results can be measured and credited to the provider, which payment by "
                   "results needs.", ("NAO-PBR-2015",)),
    "partly_measurable": ("Only some results can be measured and credited, so pay for those on "
                          "results and the rest as an ordinary contract.", ("NAO-PBR-2015",)),
    "not_measurable": ("Results cannot be measured or credited reliably, so payment by results "
                       "would be guesswork: pay for the service instead.", ("NAO-PBR-2015",)),
    "provider_risk": ("The provider is to carry the demand risk, which fits paying per result "
                      "rather than a fixed block sum.", ("NAO-PBR-2015",)),
    "shared_risk": ("Demand risk is to be shared, which a mix of fixed and results-based "
                    "payment does.", ("NAO-PBR-2015",)),
    "commissioner_risk": ("The commissioner keeps the demand risk, which fits a block contract "
                          "or a grant with a fixed sum.", ("NAO-PAYMENT-MODEL",)),
    "competition": ("Several providers could run it, so a contract can be tested in open "
                    "competition.", ("NAO-GRANT-PROCUREMENT",)),
    "settled_money": ("The money is agreed for several years, so a contract of matching length "
                      "lets the new body plan, borrow and invest.", ("NAO-GRANT-PROCUREMENT",)),
    "investment_needed": ("Payment after results would leave the provider short of cash, so "
                          "social investors can fund the work up front and are repaid from the "
                          "results payments.", ("NAO-PAYMENT-MODEL", "GOLAB-SIB")),
    "advance_payment": ("The provider needs working capital: ask for payment in advance, at "
                        "milestones or on a fixed schedule rather than in arrears.",
                        ("NAO-PAYMENT-MODEL",)),
}


def _reason(rule: str) -> Reason:
    text, sources = RULES[rule]
    return Reason(rule, text, sources)


def recommend(answers: dict[str, str]) -> Recommendation:
    """Suggest a funding model from the answers (question id -> answer value)."""
    valid = {q.id: {v for v, _ in q.answers} for q in QUESTIONS}
    given = {k: v for k, v in answers.items() if k in valid and v in valid[k]}
    unanswered = tuple(q.id for q in QUESTIONS if q.id not in given)
    if unanswered:
        return Recommendation(None, (), unanswered)
    spec, outcomes, market = given["specification"], given["outcomes"], given["market"]
    risk, money, cash = given["demand_risk"], given["stability"], given["working_capital"] == "yes"
    rules: list[str] = []
    if spec == "provider" and (market != "several" or money == "uncertain"):
        model = FundingModel.GRANT
        rules += ["provider_led", "thin_market" if market != "several" else "uncertain_money"]
        if risk == "commissioner":
            rules.append("commissioner_risk")
    elif outcomes == "yes" and risk == "provider":
        model = FundingModel.SOCIAL_INVESTMENT if cash else FundingModel.PAYMENT_BY_RESULTS
        rules += ["measurable", "provider_risk"] + (["investment_needed"] if cash else [])
    elif outcomes in ("yes", "partly") and risk != "commissioner":
        model = FundingModel.MIX
        rules += ["partly_measurable" if outcomes == "partly" else "measurable", "shared_risk"
                  if risk == "shared" else "provider_risk"]
        if cash:
            rules.append("advance_payment")
    elif spec == "provider":
        model = FundingModel.GRANT
        rules += ["provider_led"]
    else:
        model = FundingModel.CONTRACT
        rules.append("specified")
        if outcomes == "no":
            rules.append("not_measurable")
        if risk == "commissioner":
            rules.append("commissioner_risk")
        rules.append("competition" if market == "several" else "thin_market")
        if cash:
            rules.append("advance_payment")
    if model is not FundingModel.GRANT:
        rules.append("settled_money" if money == "multi_year" else "uncertain_money")
    return Recommendation(model, tuple(_reason(r) for r in dict.fromkeys(rules)))


def answer_label(question_id: str, value: str) -> str:
    question = QUESTION_BY_ID.get(question_id)
    return dict(question.answers).get(value, value) if question else value
