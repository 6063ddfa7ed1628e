"""The progress report as an accessible Word document (.docx, through python-docx).

Council boards paste reports into committee papers, which are Word documents that must pass an
accessibility check. The Word report is made from the very same sections as the PDF (one
`pdf_report.Report` story, so the two never say different things) and turns each piece into its
Word form:

* section headings become real Word headings (Heading 1 and 2), the report title the Title;
* tables become Word tables whose header rows are marked to repeat (``w:tblHeader``) and bold;
* bullet points use the List Bullet style;
* charts become pictures with alternative text that reads out what they show;
* the document's language is en-GB (default run properties and core properties) and its title
  is set, as Word's accessibility checker asks.

Charts are drawn from their reportlab shapes into a PNG by a small rasteriser here (filled and
outlined rectangles); their words are in the alternative text and in the tables beside them.
"""
from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterable
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.platypus import KeepTogether, Paragraph, Table

from mutual_checklist.export import pdf_text as pt
from mutual_checklist.export.pdf_report import Report, _Heading
from mutual_checklist.export.snapshot import ReportSnapshot
from mutual_checklist.storage import atomic

LANGUAGE = "en-GB"
SCALE = 3  # pixels per point in chart pictures


def render_docx(snap: ReportSnapshot) -> bytes:
    """The report as .docx bytes."""
    with pt.every_character():  # Word has fonts for every script: no [U+XXXX] markers
        story = Report(snap).story()
    document = Document()
    _set_language(document)
    props = document.core_properties
    props.title = f"Progress report: {pt.shorten(pt.clean(snap.project_name), 200)}"
    props.author = pt.shorten(pt.clean(snap.author), 200) or "Mutual Checklist"
    props.subject = "Transition progress report"
    props.language = LANGUAGE
    props.comments = f"Written by Mutual Checklist {snap.app_version}"
    for flowable in _flat(story):
        _add(document, flowable)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_docx(snap: ReportSnapshot, path: Path) -> int:
    """Write the report to ``path`` atomically; returns the number of headings."""
    data = render_docx(snap)
    atomic.write_bytes_atomically(Path(path), data)
    return sum(1 for f in _flat(Report(snap).story()) if isinstance(f, _Heading))


def _set_language(document: Document) -> None:
    """en-GB for every run by default (docDefaults) and for the Normal style."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    targets = [document.styles["Normal"].element]
    if defaults is not None:
        r_default = defaults.find(qn("w:rPrDefault"))
        if r_default is not None:
            targets.append(r_default)
    for target in targets:
        rpr = target.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            target.append(rpr)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
        lang.set(qn("w:bidi"), "ar-SA")


def _flat(story: Iterable[object]) -> Iterable[object]:
    for flowable in story:
        if isinstance(flowable, KeepTogether):
            yield from _flat(flowable._content)
        else:
            yield flowable


def _text(value: object) -> str:
    """The words of a table cell or flowable."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Paragraph):
        return value.getPlainText()
    if isinstance(value, (list, tuple)):
        return "\n".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, KeepTogether):
        return _text(value._content)
    if isinstance(value, Table):
        return "\n".join(" · ".join(t for t in (_text(c) for c in row) if t)
                         for row in value._cellvalues)
    if isinstance(value, Drawing):
        return "; ".join(_strings(value))
    return ""


def _add(document: Document, flowable: object) -> None:
    if isinstance(flowable, _Heading):
        title, level = flowable.bookmark
        document.add_heading(pt.clean(title), level=level + 1)
    elif isinstance(flowable, Paragraph):
        text = flowable.getPlainText()
        style = getattr(flowable.style, "name", "")
        if not text.strip():
            return
        if style == "title":
            document.add_heading(text, level=0)
        elif style == "subtitle":
            document.add_paragraph(text, style="Subtitle")
        elif getattr(flowable, "bulletText", None):
            document.add_paragraph(text, style="List Bullet")
        else:
            paragraph = document.add_paragraph(text)
            if style in ("note", "small"):
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    elif isinstance(flowable, Table):
        _table(document, flowable)
    elif isinstance(flowable, Drawing):
        _chart(document, flowable)
    elif type(flowable).__name__ == "PageBreak":
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _table(document: Document, table: Table) -> None:
    rows = table._cellvalues
    if not rows or not rows[0]:
        return
    header_rows = table.repeatRows if isinstance(table.repeatRows, int) else 0
    columns = max(len(row) for row in rows)
    if columns == 1 and len(rows) == 1:  # a box around one piece of text: a paragraph
        for line in _text(rows[0][0]).split("\n"):
            if line.strip():
                document.add_paragraph(line)
        return
    grid = document.add_table(rows=len(rows), cols=columns)
    grid.style = "Table Grid"
    for r, row in enumerate(rows):
        for c in range(columns):
            cell = grid.cell(r, c)
            cell.text = _text(row[c]) if c < len(row) else ""
            if r < header_rows:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.bold = True
        if r < header_rows:
            tr_pr = grid.rows[r]._tr.get_or_add_trPr()
            mark = OxmlElement("w:tblHeader")
            mark.set(qn("w:val"), "true")
            tr_pr.append(mark)
    document.add_paragraph()


# --- charts --------------------------------------------------------------------------------------


def _strings(node: object) -> list[str]:
    found: list[str] = []
    for shape in getattr(node, "contents", []):
        if isinstance(shape, String) and shape.text.strip():
            found.append(shape.text.strip())
        elif isinstance(shape, Group):
            found += _strings(shape)
    return found


def _rects(node: object) -> Iterable[Rect]:
    for shape in getattr(node, "contents", []):
        if isinstance(shape, Rect):
            yield shape
        elif isinstance(shape, Group):
            yield from _rects(shape)


def _rgb(colour: object) -> tuple[int, int, int] | None:
    if colour is None or not hasattr(colour, "rgb"):
        return None
    return tuple(round(v * 255) for v in colour.rgb())  # type: ignore[return-value]


def chart_png(drawing: Drawing, scale: int = SCALE) -> bytes:
    """The drawing's rectangles as a PNG on white (text is left to the alternative text)."""
    width, height = max(int(drawing.width * scale), 1), max(int(drawing.height * scale), 1)
    pixels = bytearray(b"\xff" * (width * height * 3))

    def fill(x0: float, y0: float, x1: float, y1: float, rgb: tuple[int, int, int]) -> None:
        left, right = max(int(x0 * scale), 0), min(int(round(x1 * scale)), width)
        top = max(height - int(round(y1 * scale)), 0)
        bottom = min(height - int(y0 * scale), height)
        span = bytes(rgb) * max(right - left, 0)
        for y in range(top, bottom):
            start = (y * width + left) * 3
            pixels[start:start + len(span)] = span

    for rect in _rects(drawing):
        x, y, w, h = rect.x, rect.y, rect.width, rect.height
        inside = _rgb(rect.fillColor)
        if inside is not None:
            fill(x, y, x + w, y + h, inside)
        edge = _rgb(rect.strokeColor)
        if edge is not None and (rect.strokeWidth or 0) > 0:
            line = max(rect.strokeWidth, 1 / scale)
            for box in ((x, y, x + w, y + line), (x, y + h - line, x + w, y + h),
                        (x, y, x + line, y + h), (x + w - line, y, x + w, y + h)):
                fill(*box, edge)
    raw = b"".join(b"\x00" + bytes(pixels[row * width * 3:(row + 1) * width * 3])
                   for row in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                            0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def _chart(document: Document, drawing: Drawing) -> None:
    from docx.shared import Inches

    words = _strings(drawing)
    alt = "Chart: " + "; ".join(words) if words else "Chart"
    document.add_picture(io.BytesIO(chart_png(drawing)),
                         width=Inches(min(drawing.width / 72, 6.3)))
    shape = document.inline_shapes[-1]
    shape._inline.docPr.set("descr", pt.shorten(alt, 2000))
    shape._inline.docPr.set("title", "Chart")
