"""The look of the PDF report: fonts, colours, paragraph styles, tables and the page frame.

Kept apart from the section code so every table and heading in the report shares one set of
measures. The font is DejaVu Sans (open licence, ``export/fonts/LICENSE-DejaVu.txt``), shipped in
``export/fonts`` with the wheel and the frozen build and embedded in every PDF the app writes: it
covers Latin with its extensions (Welsh ŵ ŷ, Polish ą ę ń ś ź ż), Greek and Cyrillic, so text
stays searchable and copyable and renders the same on any machine. A character it still lacks is
shown as a visible ``[U+XXXX]`` marker and listed at the end of the report (`pdf_text`), never as
an empty box.
"""
from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from mutual_checklist.domain import risk

# Paragraph markup may name images and links; never let it reach the network (P17).
rl_config.trustedHosts = None
rl_config.trustedSchemes = []

PAGE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
WIDTH = PAGE[0] - 2 * MARGIN_X

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#CBD2D9")
HEAD_BG = colors.HexColor("#243B53")
ZEBRA = colors.HexColor("#F4F6F8")
ACCENT = colors.HexColor("#0B6E72")
RAG_STRONG = {band: colors.HexColor(colour) for band, colour in risk.RAG_HEX.items()}
RAG_TINT = {band: colors.HexColor(colour) for band, colour in risk.RAG_TINT_HEX.items()}
RATING_COLOURS = risk.RATING_HEX  # the app's colours: one amber on screen and on paper
RATING_INK = risk.RATING_INK
# chart marks: each at least 3:1 against white (WCAG 1.4.11); not started 3.7:1
STATUS_COLOURS = {"done": colors.HexColor("#0B6E72"), "in_progress": colors.HexColor("#3E7BE0"),
                  "blocked": colors.HexColor("#B42318"),
                  "not_started": colors.HexColor("#7B8794")}

SANS, BOLD, ITALIC = "MC-Sans", "MC-Sans-Bold", "MC-Sans-Italic"


FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
              "DejaVuSans-BoldOblique.ttf")


def _font_files() -> tuple[Path, Path, Path, Path]:
    return tuple(FONTS / name for name in FONT_FILES)  # type: ignore[return-value]


_COVERED: set[int] = set()


def covered() -> set[int]:
    """The code points the report font (regular face) can draw."""
    if not _COVERED:
        register_fonts()
        _COVERED.update(pdfmetrics.getFont(SANS).face.charToGlyph)
    return _COVERED


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, italic, bold italic) and make it the default for
    table cells too, so no PDF the app writes ever names an unembedded base-14 font."""
    if SANS in pdfmetrics.getRegisteredFontNames():
        return
    regular, bold, italic, bold_italic = _font_files()
    for name, path in ((SANS, regular), (BOLD, bold), (ITALIC, italic),
                       ("MC-Sans-BoldItalic", bold_italic)):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=BOLD, italic=ITALIC,
                                  boldItalic="MC-Sans-BoldItalic")
    from reportlab.graphics import shapes
    from reportlab.platypus import tables

    tables.CellStyle.fontname = SANS  # reportlab's defaults are Helvetica
    shapes.STATE_DEFAULTS["fontName"] = SANS


def _style(name: str, **kw: object) -> ParagraphStyle:
    base = {"fontName": SANS, "bulletFontName": SANS, "fontSize": 9, "leading": 12.5,
            "textColor": INK, "splitLongWords": 1,
                "wordWrap": None, "allowWidows": 0, "allowOrphans": 0}
    base.update(kw)
    return ParagraphStyle(name, **base)  # type: ignore[arg-type]


class Styles:
    """Every paragraph style of the report, built once per report."""

    def __init__(self) -> None:
        register_fonts()
        self.body = _style("body", spaceAfter=5)
        self.lead = _style("lead", fontSize=10, leading=14.5, spaceAfter=6)
        self.small = _style("small", fontSize=7.8, leading=10.2, textColor=MUTED)
        self.note = _style("note", fontSize=8.2, leading=11, textColor=MUTED, spaceAfter=4)
        self.bullet = _style("bullet", leftIndent=11, bulletIndent=2, spaceAfter=2.5)
        self.kicker = _style("kicker", fontName=BOLD, fontSize=8.5, leading=11,
                             textColor=ACCENT, spaceAfter=2)
        self.title = _style("title", fontName=BOLD, fontSize=21, leading=25, spaceAfter=4)
        self.subtitle = _style("subtitle", fontSize=11, leading=15, textColor=MUTED,
                               spaceAfter=10)
        self.h1 = _style("h1", fontName=BOLD, fontSize=14, leading=18, spaceBefore=14,
                         spaceAfter=7, textColor=HEAD_BG)
        self.h2 = _style("h2", fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=9,
                         spaceAfter=4, textColor=INK)
        self.cell = _style("cell", fontSize=8, leading=10.2)
        self.cell_bold = _style("cell_bold", fontName=BOLD, fontSize=8, leading=10.2)
        self.cell_muted = _style("cell_muted", fontSize=7.4, leading=9.4, textColor=MUTED)
        self.cell_right = _style("cell_right", fontSize=8, leading=10.2, alignment=TA_RIGHT)
        self.cell_center = _style("cell_center", fontSize=8, leading=10.2, alignment=TA_CENTER)
        self.head = _style("head", fontName=BOLD, fontSize=7.8, leading=9.6,
                           textColor=colors.white)
        self.head_right = _style("head_right", fontName=BOLD, fontSize=7.8, leading=9.6,
                                 textColor=colors.white, alignment=TA_RIGHT)
        self.figure = _style("figure", fontName=BOLD, fontSize=17, leading=20,
                             alignment=TA_LEFT, textColor=HEAD_BG)
        self.figure_label = _style("figure_label", fontSize=7.6, leading=9.5, textColor=MUTED)
        self.rating = _style("rating", fontName=BOLD, fontSize=12, leading=15,
                             textColor=colors.white, alignment=TA_CENTER)


class CellParagraph(Paragraph):
    """A Paragraph that remembers its last line breaking.

    A table wraps each cell several times at the same width (to measure rows, again for each
    page split and again when drawing); breaking lines is most of the cost of a long report, so
    repeat calls at the width already measured return the stored size. Nothing else changes:
    the lines drawn are the ones the first wrap worked out.
    """

    _last_wrap: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        last = self._last_wrap
        if last is not None and last[0] == availWidth:
            return last[1]
        size = super().wrap(availWidth, availHeight)
        self._last_wrap = (availWidth, size)
        return size


def _remember_wraps(cell: object) -> object:
    """Give a plain Paragraph cell the remembering wrap (same object, same text and style)."""
    if type(cell) is Paragraph:
        cell.__class__ = CellParagraph
    return cell


_HEADS: list[ParagraphStyle] = []


def _head_styles() -> list[ParagraphStyle]:
    if not _HEADS:
        register_fonts()
        _HEADS.append(_style("th", fontName=BOLD, fontSize=7.8, leading=9.6,
                             textColor=colors.white))
        _HEADS.append(_style("th_right", fontName=BOLD, fontSize=7.8, leading=9.6,
                             textColor=colors.white, alignment=TA_RIGHT))
    return _HEADS


def data_table(rows: list[list[object]], widths: list[float], *, header_rows: int = 1,
               numeric_cols: tuple[int, ...] = (), extra: list[tuple] | None = None,
               zebra: bool = True) -> Table:
    """A report table: dark header, light zebra rows, hairline rules, repeated header.

    Header texts become wrapping paragraphs, so a long column name never runs into the next.
    """
    head_left, head_right = _head_styles()
    for r in range(header_rows):
        rows[r] = [CellParagraph(v, head_right if c in numeric_cols else head_left)
                   if isinstance(v, str) else v for c, v in enumerate(rows[r])]
    rows = [[_remember_wraps(v) for v in row] for row in rows]
    table = Table(rows, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), SANS, 8, 10.2),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.35, RULE),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
            ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white),
            ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 7.8, 9.6),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
        ]
    if zebra and len(rows) > header_rows + 2:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA]))
    for col in numeric_cols:
        commands.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    table.setStyle(TableStyle(commands + (extra or [])))
    return table


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt>
   </dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def describe(canvas: Canvas, outlines: bool = False) -> None:
    """Give the PDF an XMP metadata stream (title, author, subject, language, as in its
    document information) and open it with the bookmarks shown when it has any."""
    from xml.sax.saxutils import escape

    from reportlab.pdfbase.pdfdoc import XMP

    doc = canvas._doc
    if getattr(doc.Catalog, "Metadata", None) is not None:
        return

    def xml(pdf_doc: object) -> bytes:
        info = doc.info
        lang = getattr(doc.Catalog, "Lang", None)
        return _XMP.format(**{key: escape(str(value or "")) for key, value in {
            "title": info.title, "author": info.author, "subject": info.subject,
            "lang": str(lang).strip("()") if lang else "en-GB", "producer": info.producer,
            "creator": info.creator}.items()}).encode("utf-8")

    doc.Catalog.Metadata = XMP(creator=xml)
    if outlines:
        doc.Catalog.PageMode = PDFName("UseOutlines")


class NumberedCanvas(Canvas):
    """A canvas that knows the page count at the end, for "Page 3 of 12" footers."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._saved_pages: list[dict] = []

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self.setFont(SANS, 7.5)
            self.setFillColor(MUTED)
            self.drawRightString(PAGE[0] - MARGIN_X, MARGIN_BOTTOM - 9 * mm,
                                 f"Page {self._pageNumber} of {total}")
            super().showPage()
        super().save()


class ReportDoc(BaseDocTemplate):
    """A4 document that turns headings into PDF bookmarks (the outline) as they are placed."""

    def __init__(self, target: object, header_left: str, header_right: str,
                 footer_left: str, **kw: object) -> None:
        super().__init__(target, pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, **kw)
        self.header_left, self.header_right, self.footer_left = (header_left, header_right,
                                                                 footer_left)
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, WIDTH, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM,
                      id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])
        self._bookmarks = 0

    def _decorate(self, canvas: Canvas, doc: object) -> None:
        canvas.saveState()
        canvas.setFont(SANS, 7.5)
        canvas.setFillColor(MUTED)
        top = PAGE[1] - MARGIN_TOP + 8 * mm
        if canvas.getPageNumber() > 1:
            canvas.drawString(MARGIN_X, top, self.header_left)
            canvas.drawRightString(PAGE[0] - MARGIN_X, top, self.header_right)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(MARGIN_X, top - 2.5 * mm, PAGE[0] - MARGIN_X, top - 2.5 * mm)
        canvas.drawString(MARGIN_X, MARGIN_BOTTOM - 9 * mm, self.footer_left)
        canvas.restoreState()
        describe(canvas, outlines=True)

    def afterFlowable(self, flowable: object) -> None:
        mark = getattr(flowable, "bookmark", None)
        if mark is None:
            return
        title, level = mark
        self._bookmarks += 1
        key = f"section-{self._bookmarks}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
