"""Read a JSON file someone sent us: size, encoding, strict syntax, format name, version, schema.

Shared by the project import and the review-file import, so both refuse bad input the same way
and name the first bad field.
"""
from __future__ import annotations

import json
from typing import Any

from mutual_checklist.export import schema_check


class ImportRejected(ValueError):
    """The file cannot be imported; the message names the first bad field."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a project file")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


MAX_DEPTH = 100
"""Far deeper than any file this app writes (about 6 levels), far shallower than a crash."""


def _deeper_than(document: Any, limit: int) -> bool:
    """True if lists and objects nest more than `limit` levels (no recursion, so no crash)."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))
    return False


def load_checked(raw: bytes, *, max_bytes: int, format_name: str, format_version: int,
                 schema: dict[str, Any], what: str) -> dict[str, Any]:
    """Parse `raw` and check it against `schema`; `what` names the kind ("project export").

    Raises:
        ImportRejected: with a plain message naming the first problem and where it is.
    """
    if len(raw) > max_bytes:
        raise ImportRejected(f"The file is too large to be a {what} ({len(raw):,} bytes; the "
                             f"limit is {max_bytes:,}).")
    try:
        document = json.loads(raw.decode("utf-8-sig"), parse_constant=_reject_constant,
                              object_pairs_hook=_no_duplicate_keys)
    except UnicodeDecodeError:
        raise ImportRejected(f"The file is not UTF-8 text, so it is not a {what}.") from None
    except RecursionError:
        raise ImportRejected(f"The file is nested too deeply to be a {what}.") from None
    except ValueError as error:
        raise ImportRejected(f"The file is not valid JSON: {error}.") from None
    if _deeper_than(document, MAX_DEPTH):  # Python 3.13's parser no longer stops at ~1,000
        raise ImportRejected(f"The file is nested too deeply to be a {what}.")
    if not isinstance(document, dict) or document.get("format") != format_name:
        raise ImportRejected(f"The file is not a Mutual Checklist {what} "
                             f"($.format should be {format_name!r}).")
    version = document.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > format_version:
        raise ImportRejected(f"The file was written by a newer version of Mutual Checklist "
                             f"(format version {version}); install the newer version to open it.")
    try:
        schema_check.check(document, schema)
    except schema_check.SchemaViolation as error:
        raise ImportRejected(f"The file has a problem at {error.path}: {error.message}.") from None
    return document
