"""The options appraisal as frozen report rows (part of ReportSnapshot; no reportlab here)."""
from __future__ import annotations

from dataclasses import dataclass

from mutual_checklist import resources
from mutual_checklist.domain import appraisal as ap
from mutual_checklist.domain import funding


@dataclass(frozen=True)
class AppraisalOptionRow:
    name: str
    legal_form: str
    total: float | None
    rank: int | None
    scores: tuple[int | None, ...]  # in criteria order
    baseline: bool


@dataclass(frozen=True)
class AppraisalEvidenceRow:
    criterion: str
    score: int | None
    evidence: str


@dataclass(frozen=True)
class AppraisalSummary:
    verdict: str
    leader: str
    criteria: tuple[tuple[str, float], ...]  # (name, share in %)
    options: tuple[AppraisalOptionRow, ...]
    sensitivity: tuple[str, ...]
    leader_evidence: tuple[AppraisalEvidenceRow, ...]
    funding_label: str
    funding_reasons: tuple[str, ...]
    funding_answers: tuple[tuple[str, str], ...]  # (question, answer)
    sources: tuple[tuple[str, str], ...]  # (title, url) behind the funding reasons


def summarise(appraisal: ap.Appraisal | None, redact: bool = False) -> AppraisalSummary | None:
    """Report rows for `appraisal`; evidence notes are free text, so `redact` leaves them out."""
    if appraisal is None:
        return None
    result = ap.evaluate(appraisal)
    share = ap.shares(appraisal)
    leader = result.winner
    known = resources.appraisal_reference()["sources"]
    rec = funding.recommend(appraisal.funding_answers)
    keys = list(dict.fromkeys(k for r in rec.reasons for k in r.sources))
    options = tuple(AppraisalOptionRow(
        name=r.option.name, legal_form=r.option.legal_form.label if r.option.legal_form else "",
        total=r.total, rank=r.rank,
        scores=tuple(appraisal.cell(r.option.id, c.id).score for c in appraisal.criteria),
        baseline=r.option.kind is ap.OptionKind.KEEP_AS_IS) for r in result.ranking)
    evidence: tuple[AppraisalEvidenceRow, ...] = ()
    if leader is not None and not redact:
        evidence = tuple(AppraisalEvidenceRow(c.name, appraisal.cell(leader.id, c.id).score,
                                              appraisal.cell(leader.id, c.id).evidence)
                         for c in appraisal.criteria)
    return AppraisalSummary(
        verdict=ap.verdict(appraisal, result), leader=leader.name if leader else "",
        criteria=tuple((c.name, round(share[c.id] * 100, 1)) for c in appraisal.criteria),
        options=options,
        sensitivity=tuple(s.sentence(leader) for s in ap.sensitivity(appraisal, result))
        if leader else (),
        leader_evidence=evidence, funding_label=rec.label,
        funding_reasons=tuple(r.text for r in rec.reasons),
        funding_answers=tuple((q.text, funding.answer_label(q.id, appraisal.funding_answers[q.id]))
                              for q in funding.QUESTIONS if q.id in appraisal.funding_answers),
        sources=tuple((known[k]["title"], known[k]["url"]) for k in keys if k in known))
