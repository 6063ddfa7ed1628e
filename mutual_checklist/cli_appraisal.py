"""Command line: ``appraisal FILE [--json]``, the options appraisal, its sensitivity and the
suggested funding model, read from a project file without changing it."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from mutual_checklist import cli, resources
from mutual_checklist.domain import appraisal as ap
from mutual_checklist.domain import funding


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("appraisal", help="options appraisal, sensitivity and funding model")
    parser.add_argument("file", type=Path)
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(handler=cmd_appraisal)


def appraisal_report(appraisal: ap.Appraisal) -> dict[str, Any]:
    """The appraisal as plain data (the --json output; also used by other exports)."""
    result = ap.evaluate(appraisal)
    share = ap.shares(appraisal)
    sources = resources.appraisal_reference()["sources"]
    rec = funding.recommend(appraisal.funding_answers)
    leader = result.winner

    def sensitivity(item: ap.Sensitivity) -> dict[str, Any]:
        nearest = item.nearest
        return {"criterion": item.criterion.id, "name": item.criterion.name,
                "weight_now": _pct(item.share),
                "weight_at_change": _pct(nearest[0]) if nearest else None,
                "direction": nearest[1] if nearest else None,
                "new_leader": nearest[2].id if nearest else None,
                "text": item.sentence(leader) if leader else ""}

    return {
        "options": [{"id": r.option.id, "name": r.option.name, "kind": r.option.kind.value,
                     "legal_form": r.option.legal_form.value if r.option.legal_form else None,
                     "total": r.total, "rank": r.rank} for r in result.ranking],
        "criteria": [{"id": c.id, "name": c.name, "weight": c.weight,
                      "weight_percent": _pct(share[c.id])} for c in appraisal.criteria],
        "winner": {"id": leader.id, "name": leader.name} if leader else None,
        "tied": [o.id for o in result.leaders] if result.tied else [],
        "margin": result.margin,
        "close": result.close,
        "verdict": ap.verdict(appraisal, result),
        "sensitivity": [sensitivity(s) for s in ap.sensitivity(appraisal, result)],
        "funding_model": {
            "recommendation": rec.model.value if rec.model else None,
            "label": rec.label,
            "answers": dict(sorted(appraisal.funding_answers.items())),
            "unanswered": list(rec.unanswered),
            "reasons": [{"rule": r.rule, "text": r.text,
                         "sources": [{"key": k, **sources.get(k, {})} for k in r.sources]}
                        for r in rec.reasons]},
    }


def _pct(share: float) -> float:
    return round(share * 100, 1)


def cmd_appraisal(args: argparse.Namespace) -> None:
    with cli.open_project(args.file) as repo:
        appraisal = repo.appraisal()
    if appraisal is None:
        raise cli.CommandFailed(f"{args.file} has no options appraisal yet; start one in the "
                                "app's Options view.")
    report = appraisal_report(appraisal)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print(appraisal_text(report))


def appraisal_text(report: dict[str, Any]) -> str:
    lines = ["Options (weighted score out of 5):"]
    for option in report["options"]:
        total = f"{option['total']:.2f}" if option["total"] is not None else "not fully scored"
        rank = f"{option['rank']}." if option["rank"] else "-"
        lines.append(f"  {rank:>3} {total:>5}  {option['name']}")
    lines.append("")
    lines.append("Criteria and weights:")
    lines += [f"  {c['weight_percent']:>5} %  {c['name']}" for c in report["criteria"]]
    lines += ["", report["verdict"]]
    if report["sensitivity"]:
        lines += ["", "Sensitivity:"] + [f"  - {s['text']}" for s in report["sensitivity"]]
    fund = report["funding_model"]
    lines += ["", f"Funding model: {fund['label']}"]
    lines += [f"  - {r['text']}" for r in fund["reasons"]]
    return "\n".join(lines)
