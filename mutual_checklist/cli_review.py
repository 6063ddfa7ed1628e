"""Subcommands for the review loop between a leader and an adviser, and the adviser's portfolio.

review-copy (leader) → comment (adviser, on the copy) → review-file (adviser) → import-review
(leader); changes compares two copies; portfolio summarises a folder of review copies.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from mutual_checklist import resources
from mutual_checklist.cli import (
    CommandFailed,
    _date,
    open_project,
    project_template,
    write_text_atomically,
)
from mutual_checklist.domain import changes as changes_mod
from mutual_checklist.domain.models import Comment, CommentTarget
from mutual_checklist.export import portfolio as portfolio_mod
from mutual_checklist.export import redaction
from mutual_checklist.export import review_file
from mutual_checklist.export.review_copy import write_review_copy
from mutual_checklist.storage import atomic
from mutual_checklist.storage.repository import ProjectRepository, new_id, utc_now
from mutual_checklist.use_cases import writing_lock


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    copy = sub.add_parser("review-copy", help="write a review copy of a project for an adviser")
    copy.add_argument("file", type=Path)
    copy.add_argument("-o", "--output", type=Path, required=True)
    copy.add_argument("--redact", action="store_true",
                      help="leave out contacts' names, emails, phones and notes about people")
    copy.set_defaults(handler=cmd_review_copy)

    comment = sub.add_parser("comment", help="add an adviser's comment to a review copy")
    comment.add_argument("file", type=Path)
    comment.add_argument("--on", required=True, metavar="overall|step:ID|barrier:ID")
    comment.add_argument("--author", required=True)
    comment.add_argument("--text", required=True)
    comment.set_defaults(handler=cmd_comment)

    rfile = sub.add_parser("review-file", help="write the adviser's comments as a review file")
    rfile.add_argument("file", type=Path)
    rfile.add_argument("-o", "--output", type=Path, required=True)
    rfile.set_defaults(handler=cmd_review_file)

    imp = sub.add_parser("import-review", help="import an adviser's review file into a project")
    imp.add_argument("file", type=Path)
    imp.add_argument("review", type=Path)
    imp.set_defaults(handler=cmd_import_review)

    diff = sub.add_parser("changes", help="what changed between two copies of one project")
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    diff.add_argument("--json", action="store_true", help="machine-readable output")
    diff.set_defaults(handler=cmd_changes)

    folio = sub.add_parser("portfolio", help="one table over a folder of review copies")
    folio.add_argument("folder", type=Path)
    folio.add_argument("-o", "--output", type=Path, required=True,
                       help="OUT.csv or OUT.pdf")
    folio.add_argument("--today", type=_date, help=argparse.SUPPRESS)
    folio.set_defaults(handler=cmd_portfolio)


def cmd_review_copy(args: argparse.Namespace) -> None:
    with open_project(args.file) as repo:
        result = write_review_copy(repo, args.output, redacted=args.redact)
    if result.redacted:
        extra = (f"; {result.evidence_files_left_out} evidence file(s) left out"
                 if result.evidence_files_left_out else "")
        print(f"Wrote a redacted review copy to {result.path} ({result.contacts} contact(s) "
              f"shown without names, emails, phones or notes{extra}).")
    else:
        print(f"Wrote a review copy to {result.path}. It includes contacts' personal data; use "
              "--redact to leave it out.")


def _target(text: str) -> tuple[CommentTarget, str]:
    if text == "overall":
        return CommentTarget.OVERALL, ""
    kind, _, target_id = text.partition(":")
    if kind in ("step", "barrier") and target_id.strip():
        return CommentTarget(kind), target_id.strip()
    raise CommandFailed(f"--on {text!r} is not understood: use overall, step:ID or barrier:ID.")


def _step_ids(repo: ProjectRepository) -> set[str]:
    template = project_template(repo)
    return {s.id for s in template.steps} | {c.id for c in repo.custom_steps()}


def cmd_comment(args: argparse.Namespace) -> None:
    target, target_id = _target(args.on)
    if not args.author.strip():
        raise CommandFailed("A comment needs the name of its author (--author).")
    if not args.text.strip():
        raise CommandFailed("The comment is empty (--text).")
    with writing_lock(args.file, args.edit_anyway), \
            ProjectRepository.open_for_review(args.file) as repo:
        if target is CommentTarget.STEP and target_id not in _step_ids(repo):
            raise CommandFailed(f"There is no step {target_id!r} in this project.")
        if target is CommentTarget.BARRIER and repo.barrier(target_id) is None:
            raise CommandFailed(f"There is no barrier {target_id!r} in this project.")
        repo.add_review_comments([Comment(new_id(), target, target_id, args.author.strip(),
                                          args.text, utc_now())])
    where = "the project overall" if target is CommentTarget.OVERALL else \
        f"{target.value} {target_id}"
    print(f"Added a comment on {where} to {args.file}.")


def cmd_review_file(args: argparse.Namespace) -> None:
    with open_project(args.file) as repo:
        data = repo.load_all()
    if not data.project.is_review_copy:
        raise CommandFailed(f"{args.file.name} is not a review copy; review files are made from "
                            "the review copy the comments were added to.")
    comments = review_file.new_comments(data)
    if not comments:
        raise CommandFailed(f"There are no new comments in {args.file.name}; add some with "
                            "'comment' first.")
    document = review_file.to_document(data.project.uuid, comments, utc_now())
    write_text_atomically(args.output, review_file.dumps(document))
    print(f"Wrote {len(comments)} comment(s) to {args.output}.")


def cmd_import_review(args: argparse.Namespace) -> None:
    review = review_file.read(args.review)
    with open_project(args.file, read_only=False, take_over=args.edit_anyway) as repo:
        result = review_file.import_review(repo, review, _step_ids(repo))
    who = f" from {result.reviewer}" if result.reviewer else ""
    line = f"Added {result.added} comment(s){who} to {args.file}."
    if result.already_present:
        line += f" {result.already_present} were already there and were not added again."
    if result.on_missing_items:
        line += (f" {result.on_missing_items} are about steps or barriers no longer in the "
                 "project; they are kept with the other comments.")
    print(line)


def cmd_changes(args: argparse.Namespace) -> None:
    with open_project(args.old) as old_repo:
        old = old_repo.load_all()
    with open_project(args.new) as new_repo:
        new = new_repo.load_all()
        template = project_template(new_repo)
    try:
        found = changes_mod.compare(old, new, template)
    except changes_mod.DifferentProjects as error:
        raise CommandFailed(str(error)) from None
    if args.json:
        print(json.dumps(changes_mod.to_dict(found), indent=2, ensure_ascii=False))
    else:
        print(changes_mod.render_text(found))


def cmd_portfolio(args: argparse.Namespace) -> None:
    suffix = args.output.suffix.lower()
    if suffix not in (".csv", ".pdf"):
        raise CommandFailed("The portfolio is written as .csv or .pdf; name the output "
                            "accordingly.")
    same_folder = args.output.resolve().parent == args.folder.resolve()
    found = portfolio_mod.build_portfolio(  # an earlier run's output is not a project to read
        args.folder, args.today or dt.date.today(), resources.find_bundled_template,
        ignore=frozenset({args.output.name} if same_folder else ()))
    if suffix == ".csv":
        write_text_atomically(args.output, portfolio_mod.to_csv(found))
    else:
        _write_bytes_atomically(args.output, portfolio_mod.to_pdf(found))
    redaction.check_written([args.output], found.contacts)
    print(f"Wrote a portfolio of {len(found.rows)} project(s) to {args.output}.")
    for skipped in found.skipped:
        print(f"Skipped {skipped.file}: {skipped.reason}")


def _write_bytes_atomically(path: Path, payload: bytes) -> None:
    atomic.write_bytes_atomically(path, payload)
