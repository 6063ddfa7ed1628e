"""Turn untrusted user text into safe reportlab paragraph text.

reportlab's Paragraph text is live XML-like markup: an unescaped ``<img src=...>`` embeds a local
file, ``<a href=...>`` makes a link, a stray ``&`` or ``<b>`` fails the whole build, and one huge
paragraph takes quadratic time (reliability-anchors P17–P19). Every user string therefore goes
through ``markup`` (or ``paragraphs`` for long notes) before it reaches a Paragraph:

* control characters and bidi overrides become visible ``[U+202E]`` markers, so they can neither
  garble a line nor hide what the text says (Trojan Source); so does any character the report
  font (DejaVu Sans) cannot draw, and `collect_uncovered` lists those for the report's last page;
* the text is cut to a cap with a visible "(shortened: N characters)" note;
* ``xml.sax.saxutils.escape`` turns ``& < >`` into entities, so markup is shown literally;
* long notes are split into several paragraphs, keeping each one fast to lay out.

Long unbroken runs (URLs, pasted hashes) wrap because every style we use splits long words.
"""
from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterator
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph

from mutual_checklist.export import pdf_style

CELL_LIMIT = 600
"""Characters shown of one table cell; more is cut with a note."""
NOTE_LIMIT = 6000
"""Characters shown of one free-text note outside tables."""
CHUNK = 1200
"""Characters per paragraph when a long note is split."""

_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NOT_SHOWN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufff9-\ufffb\ud800-\udfff"
                        + "".join(sorted(_BIDI)) + "]")


_UNCOVERED: list[set[str]] = []
_KEEP_ALL: list[bool] = []


def _marker(match: re.Match[str]) -> str:
    return f"[U+{ord(match.group()):04X}]"


@contextlib.contextmanager
def collect_uncovered() -> Iterator[set[str]]:
    """Collect the characters `clean` marked because the font cannot draw them."""
    found: set[str] = set()
    _UNCOVERED.append(found)
    try:
        yield found
    finally:
        _UNCOVERED.remove(found)


@contextlib.contextmanager
def every_character() -> Iterator[None]:
    """Keep every character (for outputs other than PDF, such as Word, which has fonts)."""
    _KEEP_ALL.append(True)
    try:
        yield
    finally:
        _KEEP_ALL.pop()


def cover(value: str) -> str:
    """Characters the font lacks become ``[U+XXXX]`` markers (and are collected)."""
    if value.isascii() or _KEEP_ALL:
        return value
    drawable = pdf_style.covered()
    missing = {ch for ch in value if ord(ch) not in drawable and ch not in "\n "}
    if not missing:
        return value
    for found in _UNCOVERED:
        found.update(missing)
    return "".join(f"[U+{ord(ch):04X}]" if ch in missing else ch for ch in value)


def clean(text: object) -> str:
    """Plain text with line breaks normalised and invisible or direction-changing characters
    shown as ``[U+XXXX]`` markers (tab becomes a space)."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    value = unicodedata.normalize("NFC", _NOT_SHOWN.sub(_marker, value))
    return cover(value)


def shorten(text: str, limit: int, total: int | None = None) -> str:
    """Cut ``text`` (already cleaned) to ``limit`` characters, saying how long the original
    (``total`` characters, by default the length of ``text``) really was."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", limit - 40)
    if space > 0:
        cut = cut[:space]
    return f"{cut.rstrip()} … (shortened: {total or len(text):,} characters)"


def markup(text: object, limit: int = CELL_LIMIT) -> str:
    """Safe Paragraph markup for one untrusted string: cleaned, capped, escaped."""
    raw = "" if text is None else str(text)
    value = shorten(clean(raw), limit, len(raw))
    return escape(value).replace("\n", "<br/>")


def cell(text: object, style, limit: int = CELL_LIMIT) -> Paragraph:
    """A table cell that wraps, for untrusted text."""
    return Paragraph(markup(text, limit), style)


def fixed(markup_text: str, style) -> Paragraph:
    """A paragraph of markup we wrote ourselves (trusted; user parts escaped by the caller)."""
    return Paragraph(markup_text, style)


def fit_line(text: object, width: float, font: str, size: float) -> str:
    """Untrusted text for a plain (non-markup) table cell: one cleaned line cut to ``width``
    points with an ellipsis. Plain cells are drawn as is, far faster than a Paragraph."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    value = " ".join(clean(text).split())[:300]
    if stringWidth(value, font, size) <= width:
        return value
    low, high = 0, len(value)
    while low < high:  # longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if stringWidth(value[:mid] + "…", font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return value[:low].rstrip() + "…"


def _chunks(text: str, size: int) -> list[str]:
    """Split at line breaks, then at spaces, so no chunk is much longer than ``size``."""
    pieces: list[str] = []
    for line in text.split("\n"):
        while len(line) > size:
            cut = line.rfind(" ", size // 2, size)
            cut = cut if cut > 0 else size
            pieces.append(line[:cut])
            line = line[cut:].lstrip(" ")
        pieces.append(line)
    # Merge short lines back together so ordinary notes keep their shape in one paragraph.
    merged: list[str] = []
    for piece in pieces:
        if merged and len(merged[-1]) + len(piece) < size:
            merged[-1] = f"{merged[-1]}\n{piece}"
        else:
            merged.append(piece)
    return [m for m in merged if m.strip()] or [""]


def paragraphs(text: object, style, limit: int = NOTE_LIMIT,
               chunk: int = CHUNK) -> list[Paragraph]:
    """Several paragraphs for a long untrusted note: cleaned, capped, escaped, split."""
    raw = "" if text is None else str(text)
    value = shorten(clean(raw), limit, len(raw))
    return [Paragraph(escape(part).replace("\n", "<br/>"), style)
            for part in _chunks(value, chunk)]
