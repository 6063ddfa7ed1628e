"""The one rule for text cells in the CSV files the app writes (and reads back).

A spreadsheet opening a CSV runs any cell that starts with ``= + - @`` (or a tab or carriage
return) as a formula, which can fetch a web page or start a program (OWASP "CSV injection").
`protect` puts a leading apostrophe on such a cell, also when spaces come first. It leaves alone
what cannot run anything: a plain signed number (``-2``, ``+3.5``) and a phone number
(``+44 20 7946 0958``, ``+44 (0)161-496-0000``), so a phone column does not show an apostrophe
on every row. `unprotect` takes the apostrophe off again when the app reads its own CSV back
(also from files written before this rule, which marked phone numbers too), so an export and
re-import keeps the text exactly.

Excel workbooks (``export --format xlsx``) need none of this: their text cells are typed as text.
"""
from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_HARMLESS = re.compile(r"[+-]?\d+(?:[.,]\d+)?|\+\d[\d ()./-]*\d")


def protect(value: str) -> str:
    """`value` with a leading apostrophe when a spreadsheet could run it as a formula."""
    head = value.lstrip(" ")
    if head.startswith(TRIGGERS) and not _HARMLESS.fullmatch(head):
        return "'" + value
    return value


def unprotect(value: str) -> str:
    """The text `protect` was given: a leading apostrophe it added is removed."""
    if value.startswith("'") and value[1:].lstrip(" ").startswith(TRIGGERS):
        return value[1:]
    return value
