"""Subcommands for the people in a project: list contacts, erase one, answer a subject-access
request.

``contacts FILE [--json]``        the contacts with their ids (the id is what the others take)
``erase-contact FILE ID --yes``   erase for good, wherever the person was written (storage/erasure)
``subject-access FILE ID -o DIR`` everything held on one person: a JSON file and a readable CSV
"""
from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path
from typing import Any

from mutual_checklist import cli, evidence_files
from mutual_checklist.storage import atomic

ERASE_LEFTOVERS = (
    "Older automatic backups of this project and any exports, reports or copies made before "
    "now still hold them: delete those too if they must go. The inside of evidence files is "
    "not searched.")


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    contacts = sub.add_parser("contacts", help="list the contacts of a project with their ids")
    contacts.add_argument("file", type=Path)
    contacts.add_argument("--json", action="store_true", help="machine-readable output")
    contacts.set_defaults(handler=cmd_contacts)

    erase = sub.add_parser("erase-contact", help="erase a contact for good, wherever named")
    erase.add_argument("file", type=Path)
    erase.add_argument("contact_id", metavar="ID")
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    erase.set_defaults(handler=cmd_erase)

    access = sub.add_parser("subject-access",
                            help="everything held on one contact (JSON and CSV) for a request")
    access.add_argument("file", type=Path)
    access.add_argument("contact_id", metavar="ID")
    access.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    access.set_defaults(handler=cmd_subject_access)


def cmd_contacts(args: argparse.Namespace) -> None:
    with cli.open_project(args.file) as repo:
        people = repo.contacts()
    if args.json:
        keys = ("id", "name", "role", "organisation", "stakeholder_type", "email", "phone",
                "anonymised")
        print(json.dumps([{k: getattr(c, k) for k in keys} for c in people], indent=2,
                         ensure_ascii=False))
        return
    if not people:
        print(f"{args.file} has no contacts.")
        return
    for c in people:
        role = " — ".join(x for x in (c.role, c.organisation) if x)
        print(f"{c.id}  {c.name}" + (f" ({role})" if role else ""))


def cmd_erase(args: argparse.Namespace) -> None:
    if not args.yes:
        raise cli.CommandFailed("Erasing a contact cannot be undone; add --yes to confirm.")
    with cli.open_project(args.file, read_only=False, take_over=args.edit_anyway) as repo:
        if repo.contact(args.contact_id) is None:
            raise cli.CommandFailed(f"There is no contact {args.contact_id!r} in {args.file}; "
                                    "'contacts FILE' lists them.")
        repo.erase_contact(args.contact_id)
    evidence_files.empty_opened_folder()
    print(f"Erased contact {args.contact_id} from {args.file}: their details, meetings, "
          f"history and every place their name, email or phone was written. {ERASE_LEFTOVERS}")


def cmd_subject_access(args: argparse.Namespace) -> None:
    with cli.open_project(args.file) as repo:
        found = repo.subject_access(args.contact_id)
    if found is None:
        raise cli.CommandFailed(f"There is no contact {args.contact_id!r} in {args.file}; "
                                "'contacts FILE' lists them.")
    from mutual_checklist.paths import ensure_private

    folder = ensure_private(Path(args.output))
    stem = f"subject-access-{_safe(args.contact_id)}"
    atomic.write_text_atomically(folder / f"{stem}.json",
                                 json.dumps(found, indent=2, ensure_ascii=False) + "\n")
    atomic.write_text_atomically(folder / f"{stem}.csv", subject_access_csv(found), newline="")
    print(f"Wrote everything held on contact {args.contact_id} to {folder / stem}.json and "
          f".csv ({len(found['interactions'])} meeting(s), {len(found['mentions'])} other "
          "place(s) naming them). Share them only with the person who asked.")


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)[:60] or "contact"


def subject_access_csv(found: dict[str, Any]) -> str:
    """One readable table: section, item, field, value (opens in any spreadsheet)."""
    from mutual_checklist.domain.csv_cells import protect

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Section", "Item", "Field", "Value"])
    for key, value in found["contact"].items():
        writer.writerow(["Contact details", found["contact"]["id"], key, _cell(value, protect)])
    for meeting in found["interactions"]:
        for key, value in meeting.items():
            writer.writerow(["Meeting", meeting["id"], key, _cell(value, protect)])
    for entry in found["history"]:
        writer.writerow(["History", entry["at"], entry["field"],
                         _cell(f"{entry.get('old') or ''} → {entry.get('new') or ''}", protect)])
    for link in found["links"]:
        writer.writerow(["Linked to", link["id"], link["what"], _cell(link["title"], protect)])
    for mention in found["mentions"]:
        writer.writerow([f"Named in {mention['table']}", mention["row"], mention["field"],
                         _cell(mention["text"], protect)])
    writer.writerow(["Not searched", "", "", "; ".join(found["not_searched"])])
    return "\ufeff" + out.getvalue()


def _cell(value: Any, protect: Any) -> str:
    text = "" if value is None else str(value)
    return protect(text)
