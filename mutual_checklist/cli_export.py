"""Command-line exports: the ``report`` subcommand and the csv and ics export formats.

``report FILE -o OUT.pdf`` issues a progress report: it renders the PDF from a frozen snapshot
and then stores that snapshot in the project (unless ``--no-snapshot``), so the next report can
say what changed since this one.

``export FILE --format xlsx -o OUT.xlsx`` writes one Excel workbook with the same four tables
as sheets (real dates, text typed as text, frozen filtered headers).

``export FILE --format csv -o OUT`` writes four files side by side, ``OUT-steps.csv``,
``OUT-barriers.csv``, ``OUT-contacts.csv`` and ``OUT-interactions.csv`` (a trailing ``.csv`` on
OUT is dropped first); with ``--table NAME`` it writes only that table, to OUT exactly. Four
plain files rather than a zip, because the people who use them open them straight in Excel.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from mutual_checklist import cli
from mutual_checklist.export import csv_export, ics_export, redaction
from mutual_checklist.export.pdf_report import write_pdf
from mutual_checklist.export.snapshot import OPTIONAL_SECTIONS, ReportOptions, build_snapshot
from mutual_checklist.storage.repository import ProjectRepository


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = sub.add_parser("report", help="write the progress report (PDF, or Word .docx)")
    report.add_argument("file", type=Path)
    report.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf|OUT.docx")
    report.add_argument("--redact", action="store_true",
                        help="leave out people's names and free-text notes")
    report.add_argument("--include-names", action="store_true",
                        help="name the contacts who are due for contact")
    report.add_argument("--author", default="", help="author shown on the report")
    report.add_argument("--only", action="append", default=[], metavar="SECTION",
                        choices=sorted(OPTIONAL_SECTIONS),
                        help="include only these optional sections (repeat the option); the "
                             "cover, summary and progress are always included")
    report.add_argument("--no-snapshot", action="store_true",
                        help="do not record this report in the project (a draft)")
    report.add_argument("--today", type=cli._date, help=argparse.SUPPRESS)
    report.add_argument("--invariant", action="store_true", help=argparse.SUPPRESS)
    report.set_defaults(handler=cmd_report)

    export = sub.choices["export"]
    export.add_argument("--remind-days", type=_remind_days, default=ics_export.DEFAULT_REMIND_DAYS,
                        metavar="N", help="ics only: a reminder at 09:00 N days before each "
                                          "event (0: on the day; default 3)")
    export.add_argument("--no-reminders", action="store_true", help="ics only: no reminders")
    cli.EXPORT_FORMATS["csv"] = export_csv
    cli.EXPORT_FORMATS["ics"] = export_ics
    cli.EXPORT_FORMATS["xlsx"] = export_xlsx


def _remind_days(text: str) -> int:
    if not (text.isascii() and text.isdigit() and int(text) <= 60):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days from 0 to 60")
    return int(text)


def export_csv(repo: ProjectRepository, args: argparse.Namespace) -> str:
    """Four CSV files beside OUT, or just one table written to OUT itself (`--table`)."""
    if args.table and args.table not in csv_export.TABLES:
        raise cli.CommandFailed(f"There is no table {args.table!r}; choose one of "
                                f"{', '.join(csv_export.TABLES)}.")
    written = csv_export.write_tables(cli.project_template(repo), repo.load_all(), args.output,
                                      args.table)
    if args.table:
        return f"Exported the {args.table} of {args.file} to {args.output}."
    return f"Exported {args.file} to " + ", ".join(str(p) for p in written) + "."


def export_ics(repo: ProjectRepository, args: argparse.Namespace) -> str:
    ics_export.write_calendar(cli.project_template(repo), repo.load_all(), args.output,
                              remind_days=None if args.no_reminders else args.remind_days)
    return f"Exported {args.file} to {args.output}."


def export_xlsx(repo: ProjectRepository, args: argparse.Namespace) -> str:
    """One Excel workbook: steps, barriers, contacts and interactions as sheets."""
    from mutual_checklist.export import xlsx_export

    output = args.output if args.output.suffix.lower() == ".xlsx" else \
        args.output.with_name(args.output.name + ".xlsx")
    xlsx_export.write_workbook(cli.project_template(repo), repo.load_all(), output)
    return f"Exported {args.file} to {output}."


def _previous_period_end(payload: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(json.loads(payload)["period_end"])
    except (ValueError, KeyError, TypeError):
        return None


def cmd_report(args: argparse.Namespace) -> None:
    if args.redact and args.include_names:
        raise cli.CommandFailed("--redact and --include-names contradict each other; "
                                "choose one.")
    word = args.output.suffix.lower() == ".docx"
    if args.output.suffix.lower() != ".pdf" and not word:
        raise cli.CommandFailed(f"{args.output} should end in .pdf (or .docx for Word).")
    today = args.today or dt.date.today()
    with cli.open_project(args.file, read_only=args.no_snapshot,
                          take_over=args.edit_anyway) as repo:
        template = cli.project_template(repo)
        previous = repo.latest_snapshot()
        payload = previous[1] if previous else None
        options = ReportOptions(redact=args.redact, include_names=args.include_names,
                                author=args.author, sections=tuple(args.only),
                                period_start=_previous_period_end(payload) if payload else None)
        stamp = ("2000-01-01T00:00:00+00:00" if args.invariant else
                 dt.datetime.now().astimezone().isoformat(timespec="minutes"))
        data = repo.load_all()
        snap = build_snapshot(template, data, today, options, stamp, payload)
        if word:
            from mutual_checklist.export.docx_report import write_docx

            headings = write_docx(snap, args.output)
        else:
            pages = write_pdf(snap, args.output, invariant=args.invariant)
        if args.redact:
            redaction.check_written([args.output], data.contacts)
        stored = not args.no_snapshot and not repo.read_only
        if stored:
            repo.add_snapshot(snap.to_json(), options.period_start, today)
    note = (" Recorded in the project, so the next report can say what changed."
            if stored else " Not recorded in the project (draft).")
    size = f"{headings} headings" if word else f"{pages} pages"
    print(f"Wrote {args.output} ({size}).{note}")
