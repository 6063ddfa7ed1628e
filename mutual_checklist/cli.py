"""The command-line subcommands: scriptable, no display needed, plain-words errors.

Exit codes: 0 success, 1 failure (message on stderr), 2 usage error. Never a traceback: every
expected failure is a StorageError, RuleViolation, ImportRejected or TemplateError with a message
written for the user; anything else is logged and reported in one line.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import uuid
from pathlib import Path
from typing import Any

from mutual_checklist import __version__, resources
from mutual_checklist.domain import progress, readiness, risk
from mutual_checklist.domain.models import Project, Rating
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.domain.templates import TemplateError, validate_template_text
from mutual_checklist.export import interchange
from mutual_checklist.storage import atomic
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.use_cases import (  # noqa: F401 - re-exported for the cli_* modules
    CommandFailed,
    open_project,
    project_template,
    template_lookup,
)
from mutual_checklist.use_cases import template_for as _template_for

PROG = "mutual-checklist"
SUBCOMMANDS = ("new", "demo", "import", "export", "status", "templates", "report",
               "review-copy", "review-file", "import-review", "comment", "changes", "portfolio",
               "import-contacts", "plan", "contacts", "erase-contact", "subject-access",
               "appraisal")
WRITING_COMMANDS = ("report", "import-contacts", "erase-contact", "comment", "import-review")
"""Commands that change an existing project: they take the lock beside it, as the window does
(`use_cases.open_project`); new, demo and import write only new files."""
log = logging.getLogger("mutual_checklist.cli")


class _Parser(argparse.ArgumentParser):
    """argparse that says what went wrong in one line and exits 2, with the usage."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{PROG}: {message}", file=sys.stderr)
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Mutual Checklist command line.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    new = sub.add_parser("new", help="create a new project file")
    new.add_argument("file", type=Path)
    new.add_argument("--name", required=True)
    new.add_argument("--organisation", default="")
    new.add_argument("--service", default="")
    new.add_argument("--go-live", type=_date, help="target go-live date, YYYY-MM-DD")
    new.add_argument("--template", default="mutual-2011", help="checklist template id")
    new.add_argument("--start", type=_date, help="the day the plan starts, YYYY-MM-DD (default: "
                                                 "today)")
    new.add_argument("--profile", type=_profile, default=None,
                     help="e.g. nation=wales,parent=nhs,regulated_care=yes,runs_vehicles=no")

    demo = sub.add_parser("demo", help="write a fresh copy of the demo project")
    demo.add_argument("file", type=Path)

    imp = sub.add_parser("import", help="create a project file from interchange JSON")
    imp.add_argument("source", type=Path)
    imp.add_argument("file", type=Path)

    exp = sub.add_parser("export", help="export a project")
    exp.add_argument("file", type=Path)
    exp.add_argument("--format", choices=["json", "csv", "ics", "xlsx"], required=True)
    exp.add_argument("-o", "--output", type=Path, required=True)
    exp.add_argument("--redact", action="store_true",
                     help="leave out personal data: contacts numbered, no names, emails, "
                          "phones or notes, no evidence files")
    exp.add_argument("--table", metavar="TABLE",
                     help="csv only: write just this table (steps, barriers, contacts or "
                          "interactions) to OUT itself, instead of four files beside it")

    status = sub.add_parser("status", help="show where a project stands")
    status.add_argument("file", type=Path)
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument("--today", type=_date, help=argparse.SUPPRESS)

    templates = sub.add_parser("templates", help="list bundled checklists or check one")
    templates.add_argument("--validate", type=Path, metavar="PATH")
    for name, handler in (("new", _cmd_new), ("demo", _cmd_demo), ("import", _cmd_import),
                          ("export", _cmd_export), ("status", _cmd_status),
                          ("templates", _cmd_templates)):
        sub.choices[name].set_defaults(handler=handler)
    _add_optional_commands(sub)
    for name in WRITING_COMMANDS:
        if name in sub.choices:
            sub.choices[name].add_argument(
                "--edit-anyway", action="store_true",
                help="write even though the lock beside the file says someone else is editing "
                     "it (only if you are sure they have left)")
    return parser


def _add_optional_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Subcommands that live in their own modules (reports, review copies, portfolio).

    Each module has `add_parsers(sub)`, which adds its parsers and sets `handler=` on each.
    """
    import importlib

    for module_name in ("mutual_checklist.cli_export", "mutual_checklist.cli_review",
                        "mutual_checklist.cli_formats", "mutual_checklist.cli_plan",
                        "mutual_checklist.cli_people", "mutual_checklist.cli_appraisal"):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.add_parsers(sub)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def run(argv: list[str]) -> int:
    """Run one subcommand; returns the exit code."""
    args = build_parser().parse_args(argv)
    atomic.clean_data_folder()
    try:
        args.handler(args)
    except (CommandFailed, StorageError, RuleViolation, interchange.ImportRejected) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    except TemplateError as error:
        print(f"{PROG}: the checklist template has problems:\n{error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{PROG}: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 1
    except Exception as error:  # last line of defence: one plain line, details in the log
        from mutual_checklist.log import error_without_content

        error_without_content(log, f"unexpected error in {args.command}", error)
        print(f"{PROG}: {args.command} could not finish: something in the file is not as this "
              "version expects. Nothing was changed; details are in the log.", file=sys.stderr)
        return 1
    return 0


# --- helpers -------------------------------------------------------------------------------------


def write_text_atomically(path: Path, text: str) -> None:
    atomic.write_text_atomically(path, text)


# --- subcommands ---------------------------------------------------------------------------------


def _profile(text: str):  # noqa: ANN202 - ProjectProfile
    from mutual_checklist.domain.profile import parse_profile

    try:
        return parse_profile(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _cmd_new(args: argparse.Namespace) -> None:
    template, text = _template_for(args.template)
    project = Project(uuid=uuid.uuid4().hex, name=args.name, template_id=template.id,
                      template_version=template.version, organisation=args.organisation,
                      service=args.service, plan_start=args.start)
    if not args.name.strip():
        raise CommandFailed("A project needs a name.")
    if args.start and args.go_live and args.start >= args.go_live:
        raise CommandFailed("The start date must come before the go-live date.")
    with ProjectRepository.create(args.file, project, text) as repo:
        if args.go_live:
            repo.set_go_live(args.go_live)
        if args.profile is not None:
            repo.apply_profile(template, args.profile)
    print(f"Created {args.file} from “{template.title}” ({len(template.steps)} steps).")


def _cmd_demo(args: argparse.Namespace) -> None:
    from mutual_checklist.demo import DEMO_TEMPLATE_ID, build_demo

    template, text = _template_for(DEMO_TEMPLATE_ID)
    with build_demo(args.file, template, text):
        pass
    print(f"Wrote the demo project to {args.file}.")


def _cmd_import(args: argparse.Namespace) -> None:
    with interchange.import_file(args.source, args.file, template_lookup) as repo:
        name = repo.project().name
    print(f"Imported “{name}” into {args.file}.")


EXPORT_FORMATS: dict[str, Any] = {}
"""format name -> function(repo, args) that writes the export and returns what it did.

json is built in; other modules add formats here from their `add_parsers`."""


def _cmd_export(args: argparse.Namespace) -> None:
    if args.table and args.format != "csv":
        raise CommandFailed("--table only applies to --format csv.")
    from mutual_checklist.export import redaction

    started = dt.datetime.now().timestamp() - 1
    with open_project(args.file) as real:
        repo = redaction.RedactedProject(real) if args.redact else real
        if args.format == "json":
            write_text_atomically(args.output, interchange.export_text(repo))
            done = f"Exported {args.file} to {args.output}."
        elif args.format in EXPORT_FORMATS:
            done = EXPORT_FORMATS[args.format](repo, args)
        else:
            raise CommandFailed(f"Export as {args.format} is not available in this version.")
    if args.redact:  # scan every file this export wrote; a leak deletes them all
        redaction.check_written(redaction.written_since(args.output, started), repo.real_contacts)
        done += " Personal data left out."
    print(done)


def _cmd_templates(args: argparse.Namespace) -> None:
    if args.validate:
        path: Path = args.validate
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CommandFailed(f"{path} is not UTF-8 text.") from None
        problems = validate_template_text(text, str(path))
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            raise CommandFailed(f"{path}: {len(problems)} problem(s) found.")
        print(f"{path}: OK")
        return
    templates = resources.load_bundled_templates()
    if not templates:
        raise CommandFailed(f"No checklist was found in {resources.checklists_dir()}: this copy "
                            "of Mutual Checklist is incomplete. Please reinstall it.")
    for template in templates:
        print(f"{template.id}  v{template.version}  {len(template.phases)} phases, "
              f"{len(template.steps)} steps  {template.title}")


def status_report(repo: ProjectRepository, today: dt.date) -> dict[str, Any]:
    """Where a project stands, as plain data (printed as text or JSON)."""
    template = project_template(repo)
    data = repo.load_all()
    project = data.project
    overall = progress.overall_progress(template, data)
    verdict = readiness.readiness(template, data, today)
    rating, reasons = readiness.suggested_rating(template, data, today)
    baseline_days, forecast_days = readiness.days_to_go_live(project, today)
    return {
        "project": {"name": project.name, "organisation": project.organisation,
                    "service": project.service, "template": f"{template.id} {template.version}",
                    "go_live_baseline": _iso(project.go_live_baseline),
                    "go_live_forecast": _iso(project.go_live_date),
                    "days_to_go_live": forecast_days, "days_to_baseline": baseline_days,
                    "profile": _profile_of(project).describe()},
        "progress": {"percent": overall.percent, "done": overall.done,
                     "applicable": overall.applicable,
                     "not_applicable": overall.not_applicable},
        "phases": [{"id": phase.id, "title": phase.title, "percent": counts.percent,
                    "done": counts.done, "applicable": counts.applicable}
                   for phase, counts in progress.phase_progress(template, data)],
        "overdue": [{"step": d.step_id, "title": d.title, "due": d.due.isoformat()}
                    for d in progress.overdue_steps(template, data, today)],
        "top_barriers": [{"title": b.title, "category": b.category, "score": b.score,
                          "rag": risk.rag(b.score)} for b in risk.top_barriers(data.barriers, 5)],
        "rating": {"chosen": project.rating.value if project.rating else None,
                   "suggested": rating.value, "reasons": reasons},
        "readiness": {"verdict": verdict.verdict, "headline": verdict.headline,
                      "reasons": list(verdict.reasons)},
    }


def _profile_of(project: Project):  # noqa: ANN202 - ProjectProfile
    from mutual_checklist.domain.profile import ProjectProfile

    return ProjectProfile.of(project)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _cmd_status(args: argparse.Namespace) -> None:
    today = args.today or dt.date.today()
    with open_project(args.file) as repo:
        report = status_report(repo, today)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print(_status_text(report))


def _status_text(report: dict[str, Any]) -> str:
    p = report["project"]
    lines = [f"{p['name']} — {p['organisation']}".rstrip(" —"), f"Checklist: {p['template']}",
             f"Profile: {p['profile']}"]
    if p["go_live_forecast"]:
        lines.append(f"Go-live: {_uk(p['go_live_forecast'])} ({p['days_to_go_live']} days; "
                     f"baseline {_uk(p['go_live_baseline'])})")
    else:
        lines.append("Go-live: no date set")
    prog = report["progress"]
    lines.append(f"Progress: {prog['percent']}% ({prog['done']} of {prog['applicable']} steps "
                 f"done; {prog['not_applicable']} not applicable)")
    lines.append("")
    lines.append("By phase:")
    lines += [f"  {ph['percent']:>3}%  {ph['title']} ({ph['done']}/{ph['applicable']})"
              for ph in report["phases"]]
    lines.append("")
    lines.append(f"Overdue steps: {len(report['overdue'])}")
    lines += [f"  {_uk(o['due'])}  {o['step']}  {o['title']}" for o in report["overdue"]]
    lines.append("")
    lines.append("Top barriers:")
    lines += [f"  {b['score']:>2} {b['rag'].capitalize():<5}  {b['title']}"
              for b in report["top_barriers"]] or ["  none open"]
    lines.append("")
    rating = report["rating"]
    chosen = Rating(rating["chosen"]).label if rating["chosen"] else "not set"
    lines.append(f"Delivery confidence: {chosen} (the evidence suggests "
                 f"{Rating(rating['suggested']).label})")
    lines += [f"  - {reason}" for reason in rating["reasons"]]
    ready = report["readiness"]
    lines.append(f"Readiness: {ready['headline']}")
    lines += [f"  - {reason}" for reason in ready["reasons"]]
    return "\n".join(lines)


def _uk(iso: str | None) -> str:
    return dt.date.fromisoformat(iso).strftime("%d %b %Y") if iso else "—"
