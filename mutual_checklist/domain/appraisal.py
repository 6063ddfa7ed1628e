"""The options appraisal: options, weighted criteria, scores 1-5 with evidence, ranking and
sensitivity. Plain data and arithmetic: no Qt, no SQL.

Every appraisal is against doing nothing, so the "Keep as is" option is always there. Weights are
points (0-100); each criterion's *share* is its points over the sum of all points, so weights
that do not add up to 100 still work. A weighted total is the share-weighted mean of the scores,
on the same 1-5 scale. Only options scored on every weighted criterion are ranked.

Sensitivity is the usual one-way test: move one criterion's share from 0 % to 100 %, scaling the
others in proportion, and find where another option would take the lead.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace

from mutual_checklist.domain.rules import RuleViolation, check_text

EPSILON = 1e-9


class OptionKind(str, enum.Enum):
    KEEP_AS_IS = "keep_as_is"
    IMPROVE_IN_HOUSE = "improve_in_house"
    SHARED_SERVICE = "shared_service"
    MUTUAL = "mutual"
    JOINT_VENTURE = "joint_venture"
    TRANSFER = "transfer"
    OUTSOURCE = "outsource"
    OTHER = "other"


class LegalForm(str, enum.Enum):
    """Legal forms an employee-owned mutual commonly takes (reference: checklists/reference)."""

    CIC_GUARANTEE = "cic_guarantee"
    CIC_SHARES = "cic_shares"
    COOPERATIVE_SOCIETY = "cooperative_society"
    COMMUNITY_BENEFIT_SOCIETY = "community_benefit_society"
    COMPANY_GUARANTEE = "company_guarantee"
    EOT_COMPANY = "eot_company"

    @property
    def label(self) -> str:
        return LEGAL_FORM_LABELS[self]


LEGAL_FORM_LABELS = {
    LegalForm.CIC_GUARANTEE: "Community interest company limited by guarantee",
    LegalForm.CIC_SHARES: "Community interest company limited by shares",
    LegalForm.COOPERATIVE_SOCIETY: "Co-operative society",
    LegalForm.COMMUNITY_BENEFIT_SOCIETY: "Community benefit society",
    LegalForm.COMPANY_GUARANTEE: "Company limited by guarantee",
    LegalForm.EOT_COMPANY: "Company owned by an employee ownership trust",
}


@dataclass(frozen=True)
class Option:
    id: str
    name: str
    kind: OptionKind = OptionKind.OTHER
    legal_form: LegalForm | None = None
    description: str = ""
    position: int = 0

    @property
    def removable(self) -> bool:
        return self.kind is not OptionKind.KEEP_AS_IS


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    weight: int
    description: str = ""
    position: int = 0


@dataclass(frozen=True)
class Score:
    option_id: str
    criterion_id: str
    score: int | None = None
    evidence: str = ""


@dataclass(frozen=True)
class Appraisal:
    options: tuple[Option, ...]
    criteria: tuple[Criterion, ...]
    scores: tuple[Score, ...] = ()
    funding_answers: dict[str, str] = field(default_factory=dict)
    started_at: str = ""
    updated_at: str = ""

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def cell(self, option_id: str, criterion_id: str) -> Score:
        return next((s for s in self.scores if (s.option_id, s.criterion_id) ==
                     (option_id, criterion_id)), Score(option_id, criterion_id))

    def with_cell(self, cell: Score) -> Appraisal:
        """A copy with one cell replaced (an empty cell is dropped altogether)."""
        others = tuple(s for s in self.scores
                       if (s.option_id, s.criterion_id) != (cell.option_id, cell.criterion_id))
        keep = cell.score is not None or cell.evidence.strip()
        return replace(self, scores=_ordered_scores(self, others + ((cell,) if keep else ())))

    def with_option(self, option: Option) -> Appraisal:
        """Add or replace an option (kept in position order)."""
        options = [o for o in self.options if o.id != option.id] + [option]
        return replace(self, options=tuple(sorted(options, key=lambda o: (o.position, o.id))))

    def without_option(self, option_id: str) -> Appraisal:
        option = self.option(option_id)
        if option is not None and not option.removable:
            raise RuleViolation("“Keep as is” cannot be removed: every appraisal is measured "
                                "against doing nothing.")
        return replace(self, options=tuple(o for o in self.options if o.id != option_id),
                       scores=tuple(s for s in self.scores if s.option_id != option_id))

    def with_criterion(self, criterion: Criterion) -> Appraisal:
        criteria = [c for c in self.criteria if c.id != criterion.id] + [criterion]
        return replace(self, criteria=tuple(sorted(criteria, key=lambda c: (c.position, c.id))))

    def without_criterion(self, criterion_id: str) -> Appraisal:
        return replace(self, criteria=tuple(c for c in self.criteria if c.id != criterion_id),
                       scores=tuple(s for s in self.scores if s.criterion_id != criterion_id))

    def next_position(self, items: tuple[Option, ...] | tuple[Criterion, ...]) -> int:
        return max((i.position for i in items), default=-1) + 1


def _ordered_scores(appraisal: Appraisal, scores: tuple[Score, ...]) -> tuple[Score, ...]:
    o_pos = {o.id: (o.position, o.id) for o in appraisal.options}
    c_pos = {c.id: (c.position, c.id) for c in appraisal.criteria}
    return tuple(sorted(scores, key=lambda s: (o_pos.get(s.option_id, (0, s.option_id)),
                                               c_pos.get(s.criterion_id, (0, s.criterion_id)))))


# --- defaults ------------------------------------------------------------------------------------

DEFAULT_OPTIONS: tuple[tuple[str, OptionKind, str], ...] = (
    ("Keep the service in-house as it is", OptionKind.KEEP_AS_IS,
     "Carry on as now: the baseline every other option is measured against."),
    ("Improve the service in-house", OptionKind.IMPROVE_IN_HOUSE,
     "Stay with the parent body but redesign how the service works."),
    ("Share the service with another public body", OptionKind.SHARED_SERVICE,
     "Run it jointly with a neighbouring council or NHS body."),
    ("Employee-owned mutual", OptionKind.MUTUAL,
     "Staff set up their own organisation and the parent contracts with it."),
    ("Joint venture with an existing provider", OptionKind.JOINT_VENTURE,
     "A new body owned jointly by the parent, or the staff, and an established provider."),
    ("Transfer to an existing social enterprise or charity", OptionKind.TRANSFER,
     "Staff and service move to an organisation that already exists."),
    ("Outsource to the market", OptionKind.OUTSOURCE,
     "Put the service out to tender to any provider."),
)

DEFAULT_CRITERIA: tuple[tuple[str, str, int, str], ...] = (
    ("outcomes", "Outcomes for service users", 25,
     "How much better would things be for the people who use the service? 5 = much better."),
    ("finance", "Financial sustainability", 20,
     "Could the service pay its way for the next five years? 5 = clearly yes."),
    ("staff", "Staff engagement and ownership", 15,
     "How far would staff shape and own the service? 5 = fully."),
    ("risk", "Risk", 15,
     "How safe is this option? Score so that 5 = lowest risk."),
    ("time_cost", "Time and cost to get there", 10,
     "How quick and cheap is the change? Score so that 5 = quickest and cheapest."),
    ("social_value", "Social value", 10,
     "Wider benefits to the local community and economy. 5 = the most."),
    ("fit", "Fit with the parent's priorities", 5,
     "How well does it match what the council or NHS body wants? 5 = very well."),
)


def default_appraisal(new_id, now: str = "") -> Appraisal:  # noqa: ANN001 - id factory
    """The options and criteria a leader recognises, unscored. `new_id()` gives fresh ids."""
    options = tuple(Option(new_id(), name, kind, LegalForm.CIC_GUARANTEE
                           if kind is OptionKind.MUTUAL else None, description, n)
                    for n, (name, kind, description) in enumerate(DEFAULT_OPTIONS))
    criteria = tuple(Criterion(key, name, weight, description, n)
                     for n, (key, name, weight, description) in enumerate(DEFAULT_CRITERIA))
    return Appraisal(options, criteria, started_at=now, updated_at=now)


# --- checks --------------------------------------------------------------------------------------

MAX_OPTIONS = 30
MAX_CRITERIA = 30
MAX_NAME = 2000


def check_appraisal(appraisal: Appraisal) -> None:
    """Raise RuleViolation (plain words) when the appraisal breaks a rule."""
    if not any(o.kind is OptionKind.KEEP_AS_IS for o in appraisal.options):
        raise RuleViolation("The appraisal needs its “Keep as is” option: every appraisal is "
                            "measured against doing nothing.")
    if sum(o.kind is OptionKind.KEEP_AS_IS for o in appraisal.options) > 1:
        raise RuleViolation("Only one option can be “Keep as is”.")
    if len(appraisal.options) > MAX_OPTIONS or len(appraisal.criteria) > MAX_CRITERIA:
        raise RuleViolation(f"An appraisal can have at most {MAX_OPTIONS} options and "
                            f"{MAX_CRITERIA} criteria.")
    for kind, items in (("option", appraisal.options), ("criterion", appraisal.criteria)):
        ids = [i.id for i in items]
        if len(set(ids)) != len(ids):
            raise RuleViolation(f"Two of the appraisal's {kind} entries share an id.")
        for item in items:
            if not item.name.strip():
                raise RuleViolation(f"Every {kind} needs a name.")
            if len(item.name) > MAX_NAME:
                raise RuleViolation(f"The {kind} name “{item.name[:40]}…” is too long; keep it "
                                    f"under {MAX_NAME:,} characters.")
            check_text(f"The {kind} name", item.name)
            check_text(f"The {kind} description", item.description)
    for option in appraisal.options:
        if option.legal_form is not None and option.kind is not OptionKind.MUTUAL:
            raise RuleViolation("Only the employee-owned mutual option carries a legal form.")
    for criterion in appraisal.criteria:
        if not 0 <= criterion.weight <= 100:
            raise RuleViolation(f"The weight of “{criterion.name}” must be between 0 and 100.")
    options = {o.id for o in appraisal.options}
    criteria = {c.id for c in appraisal.criteria}
    seen: set[tuple[str, str]] = set()
    for cell in appraisal.scores:
        key = (cell.option_id, cell.criterion_id)
        if cell.option_id not in options or cell.criterion_id not in criteria:
            raise RuleViolation("A score refers to an option or criterion that is not there.")
        if key in seen:
            raise RuleViolation("An option is scored twice on the same criterion.")
        seen.add(key)
        if cell.score is not None and not 1 <= cell.score <= 5:
            raise RuleViolation("Scores run from 1 to 5.")
        check_text("The evidence note", cell.evidence)


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    option: Option
    total: float | None  # share-weighted mean score, 1-5; None while not fully scored
    rank: int | None  # 1 = best; tied options share a rank
    missing: int  # weighted criteria not yet scored


@dataclass(frozen=True)
class Result:
    ranking: tuple[Ranked, ...]  # ranked options best first, then unranked in position order
    leaders: tuple[Option, ...]  # options sharing the top total (two or more means a tie)
    margin: float | None  # leader's total minus the next best; 0 for a tie
    close: bool
    missing: int  # empty cells that stop options being ranked

    @property
    def winner(self) -> Option | None:
        return self.leaders[0] if len(self.leaders) == 1 else None

    @property
    def tied(self) -> bool:
        return len(self.leaders) > 1

    def total(self, option_id: str) -> float | None:
        return next((r.total for r in self.ranking if r.option.id == option_id), None)


def shares(appraisal: Appraisal) -> dict[str, float]:
    """Each criterion's share of the total weight (0-1); all zero when no weight is set."""
    total = sum(c.weight for c in appraisal.criteria)
    return {c.id: (c.weight / total if total else 0.0) for c in appraisal.criteria}


def _score_table(appraisal: Appraisal) -> dict[tuple[str, str], int]:
    return {(s.option_id, s.criterion_id): s.score for s in appraisal.scores
            if s.score is not None}


def evaluate(appraisal: Appraisal) -> Result:
    """Weighted totals, ranking (ties share a rank), leader(s), margin and closeness."""
    weight = shares(appraisal)
    weighted = [c for c in appraisal.criteria if weight[c.id] > 0]
    table = _score_table(appraisal)
    totals: dict[str, float] = {}
    missing: dict[str, int] = {}
    for option in appraisal.options:
        gaps = sum((option.id, c.id) not in table for c in weighted)
        missing[option.id] = gaps
        if weighted and not gaps:
            totals[option.id] = sum(weight[c.id] * table[(option.id, c.id)] for c in weighted)
    ordered = sorted(totals, key=lambda oid: -totals[oid])
    ranks: dict[str, int] = {}
    for index, oid in enumerate(ordered):
        tied_above = index and abs(totals[oid] - totals[ordered[index - 1]]) < EPSILON
        ranks[oid] = ranks[ordered[index - 1]] if tied_above else index + 1
    by_id = {o.id: o for o in appraisal.options}
    ranking = tuple(Ranked(by_id[oid], round(totals[oid], 6), ranks[oid], 0) for oid in ordered)
    ranking += tuple(Ranked(o, None, None, missing[o.id]) for o in appraisal.options
                     if o.id not in totals)
    leaders = tuple(by_id[oid] for oid in ordered if ranks[oid] == 1)
    margin = None
    if len(ordered) >= 2:
        margin = 0.0 if len(leaders) > 1 else round(totals[ordered[0]] - totals[ordered[1]], 6)
    close = margin is not None and (margin < EPSILON or _one_point_could_overturn(
        appraisal, weight, table, ordered[0], ordered[1], margin))
    return Result(ranking, leaders if len(ordered) >= 1 else (), margin, close,
                  sum(missing[o.id] for o in appraisal.options if o.id not in totals))


def _one_point_could_overturn(appraisal: Appraisal, weight: dict[str, float],
                              table: dict[tuple[str, str], int], first: str, second: str,
                              margin: float) -> bool:
    """Close means: moving one score by one point could tie or reverse the top two."""
    for c in appraisal.criteria:
        lower_first = table.get((first, c.id), 1) > 1
        raise_second = table.get((second, c.id), 5) < 5
        if (lower_first or raise_second) and weight[c.id] >= margin - EPSILON:
            return True
    return False


# --- sensitivity ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sensitivity:
    criterion: Criterion
    share: float  # current share, 0-1
    above: float | None  # the leader changes if the share rises past this (0-1)
    above_leader: Option | None
    below: float | None  # ... or falls below this
    below_leader: Option | None

    @property
    def can_flip(self) -> bool:
        return self.above is not None or self.below is not None

    @property
    def nearest(self) -> tuple[float, str, Option] | None:
        """(share at which the leader changes, "above"/"below", the new leader) nearest now."""
        found = [(t, d, o) for t, d, o in ((self.above, "above", self.above_leader),
                                           (self.below, "below", self.below_leader))
                 if t is not None and o is not None]
        return min(found, key=lambda x: abs(x[0] - self.share)) if found else None

    def sentence(self, leader: Option) -> str:
        name = self.criterion.name
        lowered = name[:1].lower() + name[1:]
        if not self.can_flip:
            return (f"“{name}” cannot change the result: “{leader.name}” stays ahead whatever "
                    "weight it is given.")
        parts = []
        if self.above is not None and self.above_leader is not None:
            parts.append(f"weighs more than {percent(self.above)} (then “{self.above_leader.name}” "
                         "leads)")
        if self.below is not None and self.below_leader is not None:
            parts.append(f"weighs less than {percent(self.below)} (then "
                         f"“{self.below_leader.name}” leads)")
        return (f"The result changes only if {lowered} " + " or if it ".join(parts)
                + f"; it weighs {percent(self.share)} now.")


def percent(share: float) -> str:
    value = share * 100
    text = f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
    return f"{text} %"


def sensitivity(appraisal: Appraisal, result: Result | None = None) -> tuple[Sensitivity, ...]:
    """For each criterion, the share at which another option would overtake the leader.

    Empty while there is no single leader (a tie, or fewer than two ranked options). Only the
    fully scored options take part. A share is raised or lowered with the other criteria keeping
    their proportions; an option that only draws level at 0 % or 100 % never takes the lead.
    """
    result = result or evaluate(appraisal)
    leader = result.winner
    ranked = [r.option for r in result.ranking if r.total is not None]
    if leader is None or len(ranked) < 2:
        return ()
    weight = shares(appraisal)
    table = _score_table(appraisal)
    out = []
    for c in appraisal.criteria:
        p0 = weight[c.id]
        rest = 1 - p0
        if rest <= EPSILON or (leader.id, c.id) not in table:
            continue  # the only weighted criterion, or one the leader was not scored on

        def line(oid: str) -> tuple[float, float]:
            """(score on c, weighted mean of the other criteria) for option `oid`."""
            own = table.get((oid, c.id))
            others = (sum(weight[k.id] * table[(oid, k.id)] for k in appraisal.criteria
                          if k.id != c.id and weight[k.id] > 0) / rest)
            return (own or 0), others

        la, ra = line(leader.id)
        above: tuple[float, Option] | None = None
        below: tuple[float, Option] | None = None
        for other in ranked:
            if other.id == leader.id:
                continue
            lb, rb = line(other.id)
            if (other.id, c.id) not in table:  # unweighted criterion, never scored
                continue
            # leader - other at share p: (1 - p) * (ra - rb) + p * (la - lb)
            d0, d1 = ra - rb, la - lb
            if abs(d1 - d0) < EPSILON:
                continue  # parallel: the gap is the same at every weight
            p = d0 / (d0 - d1)
            if p > p0 + EPSILON and p < 1 - EPSILON and d1 < 0:
                if above is None or p < above[0] - EPSILON:
                    above = (p, other)
            elif p < p0 - EPSILON and p > EPSILON and d0 < 0:
                if below is None or p > below[0] + EPSILON:
                    below = (p, other)
        out.append(Sensitivity(c, p0, above[0] if above else None, above[1] if above else None,
                               below[0] if below else None, below[1] if below else None))
    return tuple(out)


def verdict(appraisal: Appraisal, result: Result | None = None) -> str:
    """One plain sentence about the result, for the view, the report and the command line."""
    result = result or evaluate(appraisal)
    ranked = [r for r in result.ranking if r.total is not None]
    if not any(c.weight > 0 for c in appraisal.criteria):
        return "Give at least one criterion a weight to see a result."
    if len(ranked) < 2:
        return ("Score at least two options on every criterion, including “Keep as is”, to see "
                "a result.")
    if result.tied:
        names = " and ".join(f"“{o.name}”" for o in result.leaders)
        return f"Tied: {names} share the top score ({ranked[0].total:.2f} out of 5)."
    leader = result.winner
    assert leader is not None
    text = (f"“{leader.name}” leads with {ranked[0].total:.2f} out of 5, "
            f"{result.margin:.2f} ahead of “{ranked[1].option.name}”.")
    if result.close:
        text += " The result is close: one score moved by one point could change it."
    keep = next(o for o in appraisal.options if o.kind is OptionKind.KEEP_AS_IS)
    if result.total(keep.id) is None:
        text += " “Keep as is” is not fully scored yet: score it too."
    elif result.missing:
        text += f" {result.missing} score(s) still empty."
    return text
