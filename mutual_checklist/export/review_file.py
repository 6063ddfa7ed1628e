"""The review file: the small JSON document an adviser sends back with their comments.

```
{"format": "mutual-checklist-review", "format_version": 1, "project_uuid": "...",
 "created_at": "2025-03-03T10:00:00Z", "reviewer": "Priya Shah",
 "comments": [{"id", "target", "target_id", "author", "body", "created_at"}, ...]}
```

A review file is untrusted input: it is size-capped, parsed strictly (no duplicate keys, no
NaN), checked field by field (the first bad field is named by its path) and rejected whole when
anything is wrong or when it belongs to another project. Comment ids are kept, so importing the
same file twice adds nothing twice.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mutual_checklist.domain.models import Comment, CommentTarget, ProjectData
from mutual_checklist.domain.rules import MAX_TEXT
from mutual_checklist.export.untrusted_json import ImportRejected, load_checked
from mutual_checklist.export.review_copy import HISTORY_FIELD
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.storage.rows import from_row

FORMAT_NAME = "mutual-checklist-review"
FORMAT_VERSION = 1
MAX_REVIEW_BYTES = 20 * 1024 * 1024
MAX_COMMENTS = 10_000
_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
_SHORT = {"type": "string", "maxLength": 200}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["format", "format_version", "project_uuid", "created_at", "reviewer",
                 "comments"],
    "properties": {
        "format": {"const": FORMAT_NAME},
        "format_version": {"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION},
        "project_uuid": {"type": "string", "minLength": 1, "maxLength": 64,
                         "pattern": r"^[A-Za-z0-9-]+$"},
        "created_at": {"type": "string", "pattern": _TIMESTAMP},
        "reviewer": _SHORT,
        "comments": {"type": "array", "maxItems": MAX_COMMENTS, "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "target", "target_id", "author", "body", "created_at"],
            "properties": {
                "id": {"type": "string", "minLength": 1, "maxLength": 64,
                       "pattern": r"^[A-Za-z0-9_-]+$"},
                "target": {"enum": [t.value for t in CommentTarget]},
                "target_id": _SHORT,
                "author": {"type": "string", "minLength": 1, "maxLength": 200},
                "body": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
                "created_at": {"type": "string", "pattern": _TIMESTAMP},
            }}},
    },
}


@dataclass(frozen=True)
class ReviewFile:
    project_uuid: str
    created_at: str
    reviewer: str
    comments: tuple[Comment, ...]


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_present: int
    on_missing_items: int
    reviewer: str


# --- writing (adviser side) ----------------------------------------------------------------------


def new_comments(data: ProjectData) -> list[Comment]:
    """Comments added to a review copy after it was made (all of them if that is unknown)."""
    marks = [h.id for h in data.history if h.entity == "project" and h.field == HISTORY_FIELD]
    if not marks:
        return list(data.comments)
    since = marks[-1]
    added = {h.entity_id for h in data.history
             if h.entity == "comment" and h.field == "created" and h.id > since}
    return [c for c in data.comments if c.id in added]


def to_document(project_uuid: str, comments: list[Comment], created_at: str) -> dict[str, Any]:
    reviewers = sorted({c.author for c in comments})
    return {
        "format": FORMAT_NAME, "format_version": FORMAT_VERSION, "project_uuid": project_uuid,
        "created_at": created_at, "reviewer": ", ".join(reviewers)[:200],
        "comments": [{"id": c.id, "target": c.target.value, "target_id": c.target_id,
                      "author": c.author, "body": c.body, "created_at": c.created_at}
                     for c in comments],
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


# --- reading (leader side) -----------------------------------------------------------------------


def parse(raw: bytes) -> ReviewFile:
    """Check untrusted bytes and return the review; ImportRejected names the first bad field."""
    document = load_checked(raw, max_bytes=MAX_REVIEW_BYTES, format_name=FORMAT_NAME,
                            format_version=FORMAT_VERSION, schema=SCHEMA, what="review file")
    seen: set[str] = set()
    for index, item in enumerate(document["comments"]):
        if item["id"] in seen:
            raise ImportRejected(f"The review file has a problem at $.comments[{index}].id: "
                                 f"{item['id']!r} appears twice.")
        seen.add(item["id"])
        if item["target"] == CommentTarget.OVERALL.value and item["target_id"]:
            raise ImportRejected(f"The review file has a problem at $.comments[{index}]."
                                 "target_id: an overall comment has no target id.")
        if item["target"] != CommentTarget.OVERALL.value and not item["target_id"].strip():
            raise ImportRejected(f"The review file has a problem at $.comments[{index}]."
                                 "target_id: a comment on a step or barrier needs its id.")
    return ReviewFile(document["project_uuid"], document["created_at"], document["reviewer"],
                      tuple(from_row(Comment, c) for c in document["comments"]))


def read(path: Path) -> ReviewFile:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_REVIEW_BYTES + 1)
    except OSError as error:
        raise ImportRejected(f"Could not read {path}: {error.strerror or error}.") from None
    return parse(raw)


def import_review(repo: ProjectRepository, review: ReviewFile,
                  known_steps: set[str]) -> ImportResult:
    """Write the review's comments into the leader's project; duplicates (same id) are skipped.

    Raises:
        ImportRejected: the review belongs to another project, or the target is a review copy.
    """
    project = repo.project()
    if project.is_review_copy:
        raise ImportRejected(f"{repo.path.name} is a review copy. Import the review into the "
                             "leader's own project file.")
    if review.project_uuid != project.uuid:
        raise ImportRejected(
            f"This review file is for a different project (id {review.project_uuid}), not "
            f"“{project.name}”. Import it into the project the review copy was made from.")
    barriers = {b.id for b in repo.barriers()}
    missing = sum(1 for c in review.comments
                  if (c.target is CommentTarget.STEP and c.target_id not in known_steps)
                  or (c.target is CommentTarget.BARRIER and c.target_id not in barriers))
    added = repo.add_comments(list(review.comments))
    return ImportResult(added, len(review.comments) - added, missing, review.reviewer)
