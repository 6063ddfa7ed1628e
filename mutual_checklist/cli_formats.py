"""Command-line file formats: ``import-contacts`` (vCard or CSV into a project).

``import-contacts FILE.mutual CONTACTS.vcf|.csv [--dry-run] [--json]`` reads an address-book
export (Outlook, Outlook.com, Google, Apple, Thunderbird or the app's own), leaves out contacts
that look like someone already in the project (same email, or same name and organisation) and
adds the rest in one transaction. It reports what was added, the duplicates, the rows or cards
skipped (no name) and the columns or properties that hold data the app does not import.
``--dry-run`` reads and reports without changing the project.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from mutual_checklist import cli
from mutual_checklist.domain import contacts_io


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    contacts = sub.add_parser("import-contacts",
                              help="add contacts from a vCard or CSV file to a project")
    contacts.add_argument("file", type=Path, metavar="FILE.mutual")
    contacts.add_argument("contacts", type=Path, metavar="CONTACTS.vcf|.csv")
    contacts.add_argument("--dry-run", action="store_true",
                          help="read and report, change nothing")
    contacts.add_argument("--json", action="store_true", help="machine-readable output")
    contacts.set_defaults(handler=cmd_import_contacts)


def import_contacts(path: Path, source: Path, dry_run: bool,
                    take_over: bool = False) -> dict[str, Any]:
    """Import (or with `dry_run` only read) the contacts; returns the report as plain data."""
    with cli.open_project(path, read_only=dry_run, take_over=take_over) as repo:
        types = contacts_io.type_lookup(cli.project_template(repo).stakeholder_types)
        try:
            result = contacts_io.read_file(source, types)
        except contacts_io.ImportRejected as error:
            raise cli.CommandFailed(f"{source.name} was not imported. {error}") from None
        duplicates = contacts_io.find_duplicates(result.contacts, repo.contacts())
        left_out = {d.index for d in duplicates}
        chosen = [c for n, c in enumerate(result.contacts) if n not in left_out]
        if chosen and not dry_run:
            repo.save_contacts(chosen)
    return {
        "format_version": 1, "file": str(path), "source": str(source), "kind": result.kind,
        "encoding": result.encoding, "dry_run": dry_run, "found": len(result.contacts),
        "added": 0 if dry_run else len(chosen), "would_add": len(chosen),
        "duplicates": [{"where": result.where[d.index], "reason": d.reason}
                       for d in duplicates],
        "skipped": result.skipped, "not_imported": result.not_imported,
        "mapping": [{"column": column, "becomes": what} for column, what in result.mapping]}


def cmd_import_contacts(args: argparse.Namespace) -> None:
    report = import_contacts(args.file, args.contacts, args.dry_run, args.edit_anyway)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    lines = [f"Read {args.contacts.name} ({report['kind']}, {report['encoding']}): "
             f"{report['found']} contact{'s' if report['found'] != 1 else ''} with a name."]
    if args.dry_run:
        lines.append(f"Would add {report['would_add']} to {args.file} (dry run: nothing was "
                     "changed).")
    else:
        lines.append(f"Added {report['added']} to {args.file}.")
    for title, items in (
            ("Duplicates, not added", [f"{d['where']}: {d['reason']}"
                                       for d in report["duplicates"]]),
            ("Skipped", report["skipped"]),
            ("In the file but not imported", report["not_imported"]),
            ("Columns read", [f"{m['column']} -> {m['becomes']}" for m in report["mapping"]])):
        lines.append(f"{title}: {len(items) if items else 'none'}")
        lines += [f"  {item}" for item in items]
    print("\n".join(lines))
