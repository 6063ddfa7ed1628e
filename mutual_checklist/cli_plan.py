"""The `plan` subcommand: the fitted plan from start to go-live, and whether go-live can be met."""
from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from mutual_checklist.cli import CommandFailed, _date, open_project, project_template
from mutual_checklist.domain import plan_words, schedule
from mutual_checklist.domain.dates import uk_date


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    plan = sub.add_parser("plan", help="the plan from start to go-live and its critical path")
    plan.add_argument("file", type=Path)
    plan.add_argument("--json", action="store_true", help="machine-readable output")
    plan.add_argument("--today", type=_date, help=argparse.SUPPRESS)
    plan.set_defaults(handler=cmd_plan)


def plan_report(file: Path, today: dt.date) -> dict[str, Any]:
    """The plan as plain data (printed as text or JSON)."""
    with open_project(file) as repo:
        template = project_template(repo)
        data = repo.load_all()
    fitted = schedule.plan_for(template, data, today)
    if fitted is None:
        raise CommandFailed("This project has no go-live date yet, so there is no plan. "
                            "Set one in the app (Project ▸ Move go-live…).")
    return {
        "start": fitted.start.isoformat(),
        "go_live": fitted.go_live.isoformat(),
        "feasible": fitted.feasible,
        "weeks_available": fitted.weeks_available,
        "shortest_weeks": fitted.shortest_weeks,
        "critical_path": list(fitted.critical_path),
        "verdict": plan_words.verdict(template, fitted),
        "steps": {step_id: {"start": placed.start.isoformat(), "due": placed.due.isoformat(),
                            "float_days": placed.float_days, "critical": placed.critical}
                  for step_id, placed in fitted.steps.items()},
    }


def cmd_plan(args: argparse.Namespace) -> None:
    report = plan_report(args.file, args.today or dt.date.today())
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    lines = [f"Plan: {uk_date(dt.date.fromisoformat(report['start']))} to go-live on "
             f"{uk_date(dt.date.fromisoformat(report['go_live']))}", report["verdict"], "",
             "Step    Start       Due         Float  Critical"]
    for step_id, step in report["steps"].items():
        float_text = "" if step["float_days"] is None else f"{step['float_days'] // 7} wk"
        lines.append(f"{step_id:<7} {uk_date(dt.date.fromisoformat(step['start']))}  "
                     f"{uk_date(dt.date.fromisoformat(step['due']))}  {float_text:>5}  "
                     f"{'yes' if step['critical'] else ''}")
    print("\n".join(lines))
