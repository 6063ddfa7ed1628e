"""The report's two pictures: progress bars per phase and the 5×5 barrier heat map.

Both carry their meaning in words and numbers as well as colour (black-and-white printing,
colour blindness): every bar has its percentage beside it and a legend, every heat-map cell its
count and band name.
"""
from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from mutual_checklist.domain import risk
from mutual_checklist.export import pdf_text as pt
from mutual_checklist.export.pdf_style import (
    BOLD,
    INK,
    MUTED,
    RAG_STRONG,
    RAG_TINT,
    RULE,
    SANS,
    STATUS_COLOURS,
    WIDTH,
    Styles,
)
from mutual_checklist.export.snapshot_rows import PhaseRow

LIKELIHOOD = risk.LIKELIHOOD_WORDS  # one vocabulary with the app's heat maps
IMPACT = risk.IMPACT_WORDS
_SEGMENTS = (("done", "Done"), ("in_progress", "In progress"), ("blocked", "Blocked"),
             ("not_started", "Not started"))


def _fit(text: str, width: float, size: float) -> str:
    """Cut a label to fit ``width`` points, with an ellipsis."""
    if stringWidth(text, SANS, size) <= width:
        return text
    while text and stringWidth(text + "…", SANS, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def phase_chart(phases: tuple[PhaseRow, ...], st: Styles) -> Drawing:
    """Horizontal stacked bars, one per phase, of applicable steps by status."""
    label_w, pct_w, row_h, bar_h = 66 * mm, 13 * mm, 7.2 * mm, 4.2 * mm
    legend_h = 8 * mm
    bar_w = WIDTH - label_w - pct_w
    height = legend_h + row_h * max(len(phases), 1)
    drawing = Drawing(WIDTH, height)
    x = label_w
    for key, label in _SEGMENTS:  # legend along the top
        drawing.add(Rect(x, height - 4 * mm, 3 * mm, 3 * mm, fillColor=STATUS_COLOURS[key],
                         strokeColor=None))
        drawing.add(String(x + 4.2 * mm, height - 3.6 * mm, label, fontName=SANS, fontSize=7.5,
                           fillColor=MUTED))
        x += 4.5 * mm + stringWidth(label, SANS, 7.5) + 6 * mm
    for index, ph in enumerate(phases):
        y = height - legend_h - (index + 1) * row_h + (row_h - bar_h) / 2
        title = _fit(f"{index + 1}. {pt.clean(ph.title)}", label_w - 3 * mm, 8)
        drawing.add(String(0, y + 1.1 * mm, title, fontName=SANS, fontSize=8, fillColor=INK))
        drawing.add(Rect(label_w, y, bar_w, bar_h, fillColor=colors.white, strokeColor=RULE,
                         strokeWidth=0.4))
        start = label_w
        total = max(ph.applicable, 1)
        for key, _ in _SEGMENTS:
            count = getattr(ph, key)
            if count:
                width = bar_w * count / total
                drawing.add(Rect(start, y, width, bar_h, fillColor=STATUS_COLOURS[key],
                                 strokeColor=None))
                start += width
        drawing.add(String(WIDTH, y + 1.1 * mm, f"{ph.percent}%", fontName=BOLD, fontSize=8,
                           fillColor=INK, textAnchor="end"))
    return drawing


def heat_map_table(cells: tuple[tuple[int, int, int], ...], st: Styles) -> Table:
    """The 5×5 likelihood × impact grid: count of live barriers and band in every cell."""
    counts = {(lk, im): n for lk, im, n in cells}
    centre = ParagraphStyle("heat", parent=st.cell_center, leading=13)
    side = (WIDTH - 34 * mm) / 5
    rows: list[list[object]] = []
    style = [("FONT", (0, 0), (-1, -1), SANS, 7.5), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("ALIGN", (1, 0), (-1, -1), "CENTER"), ("TEXTCOLOR", (0, 0), (0, -1), MUTED)]
    for r, likelihood in enumerate(range(5, 0, -1)):
        row: list[object] = [Paragraph(f"<b>{likelihood}</b> {LIKELIHOOD[likelihood]}",
                                       st.cell_muted)]
        for c, impact in enumerate(range(1, 6), start=1):
            band = risk.rag(likelihood * impact)
            n = counts.get((likelihood, impact), 0)
            shown = (f"<font name='{BOLD}' size='12'>{n}</font>" if n
                     else "<font color='#9AA5B1'>–</font>")
            row.append(Paragraph(f"{shown}<br/><font size='6.5' color='#52606D'>"
                                 f"{risk.RAG_LABELS[band]}</font>", centre))
            style.append(("BACKGROUND", (c, r), (c, r), RAG_TINT[band]))
            if n:
                style.append(("BOX", (c, r), (c, r), 1.2, RAG_STRONG[band]))
        rows.append(row)
    rows.append([Paragraph("<b>Likelihood</b> (rows) by <b>impact</b> (columns)",
                           st.cell_muted)]
                + [Paragraph(f"<b>{i}</b> {IMPACT[i]}", st.cell_center) for i in range(1, 6)])
    style += [("GRID", (1, 0), (-1, 4), 1.5, colors.white),
              ("LINEABOVE", (1, 5), (-1, 5), 0.5, RULE)]
    table = Table(rows, colWidths=[34 * mm] + [side] * 5, rowHeights=[12 * mm] * 5 + [8 * mm],
                  hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table
