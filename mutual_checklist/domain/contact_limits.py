"""What every contacts import shares: its limits, its result and its plain-words refusal."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from mutual_checklist.domain.models import Contact

MAX_BYTES = 5 * 1024 * 1024
"""Largest CSV file read, checked before reading."""
MAX_VCARD_BYTES = 40 * 1024 * 1024
"""Largest vCard file read: address books put photos in them, which are dropped unread."""
MAX_CONTACTS = 10_000
MAX_FIELD = 1_000
MAX_NOTES = 20_000
MAX_EVERY_DAYS = 3_650
"""Longest keep-in-touch interval accepted (ten years)."""

_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ImportRejected(ValueError):
    """The file cannot be imported; the message says why in plain words (nothing was added)."""


@dataclass
class ImportResult:
    """What a contacts file holds, for the preview and the command line, before anything is
    saved."""

    kind: str
    """"CSV" or "vCard"."""
    encoding: str
    """The text encoding the file was read in, in words ("UTF-8", "Windows Western (cp1252)")."""
    contacts: list[Contact] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    """Where each contact is in the file ("Line 4", "Card 2"), parallel to `contacts`."""
    mapping: list[tuple[str, str]] = field(default_factory=list)
    """(column or property as named in the file, what it fills in the app)."""
    not_imported: list[str] = field(default_factory=list)
    """What the file holds that will not be imported, one plain line each."""
    skipped: list[str] = field(default_factory=list)
    """Rows or cards left out, one plain line each with the reason."""


def label(field_name: str) -> str:
    return {"name": "Name", "organisation": "Organisation", "role": "Role", "email": "Email",
            "phone": "Phone", "notes": "Notes"}.get(field_name, field_name.replace("_", " "))


def check_value(field_name: str, value: str, where: str) -> str:
    """`value`, or ImportRejected when it holds a control character or is too long."""
    words = field_name.replace("_date", "").replace("_", " ")
    if _BAD_CONTROL.search(value):
        kind = "a NUL character" if "\x00" in value else "a control character"
        raise ImportRejected(f"{where}: the {words} contains {kind}. This does not look like a "
                             "contacts file. Nothing was imported.")
    limit = MAX_NOTES if field_name == "notes" else MAX_FIELD
    if len(value) > limit:
        raise ImportRejected(f"{where}: the {words} is {len(value):,} characters long; the "
                             f"limit is {limit:,}. Nothing was imported.")
    return value
