"""The options appraisal in the Excel workbook: an "Options appraisal" sheet (one row per option
and criterion, with the score, its evidence, the option's total and rank) and a "Funding model"
sheet (the answers, the suggestion and its reasons with their sources)."""
from __future__ import annotations

from openpyxl import Workbook

from mutual_checklist import resources
from mutual_checklist.domain import appraisal as ap
from mutual_checklist.domain import funding
from mutual_checklist.export.xlsx_export import add_sheet

APPRAISAL_COLUMNS = ("option", "kind", "legal_form", "option_total", "option_rank", "criterion",
                     "weight_percent", "score", "evidence")
FUNDING_COLUMNS = ("item", "text", "sources")


def add_appraisal_sheets(book: Workbook, appraisal: ap.Appraisal | None) -> None:
    """Nothing when the project has no appraisal."""
    if appraisal is None:
        return
    result = ap.evaluate(appraisal)
    share = ap.shares(appraisal)
    rows = []
    for ranked in result.ranking:
        option = ranked.option
        for criterion in appraisal.criteria:
            cell = appraisal.cell(option.id, criterion.id)
            rows.append({
                "option": option.name, "kind": option.kind.value,
                "legal_form": option.legal_form.label if option.legal_form else "",
                "option_total": f"{ranked.total:.2f}" if ranked.total is not None else "",
                "option_rank": ranked.rank, "criterion": criterion.name,
                "weight_percent": f"{share[criterion.id] * 100:.1f}", "score": cell.score,
                "evidence": cell.evidence})
    add_sheet(book, "Options appraisal", APPRAISAL_COLUMNS, rows)
    sources = resources.appraisal_reference()["sources"]
    rec = funding.recommend(appraisal.funding_answers)
    lines = [{"item": "Result", "text": ap.verdict(appraisal, result)}]
    lines += [{"item": "Sensitivity", "text": s.sentence(result.winner)}
              for s in ap.sensitivity(appraisal, result) if result.winner]
    lines += [{"item": q.text, "text": funding.answer_label(q.id, appraisal.funding_answers[q.id])
               if q.id in appraisal.funding_answers else "Not answered"}
              for q in funding.QUESTIONS]
    lines.append({"item": "Suggested funding model", "text": rec.label})
    lines += [{"item": "Reason", "text": r.text,
               "sources": "; ".join(f"{sources[k]['title']} ({sources[k]['url']})"
                                    for k in r.sources if k in sources)} for r in rec.reasons]
    add_sheet(book, "Funding model", FUNDING_COLUMNS, lines)
