"""The report's plan page: the same timeline as the app's Timeline view, drawn with reportlab.

Meaning is carried by words and shapes as well as colour: the critical path's labels are bold,
gates are diamonds, done steps say so in the legend colour and the verdict is printed above.
"""
from __future__ import annotations

import datetime as dt

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from mutual_checklist.domain.dates import MONTHS
from mutual_checklist.domain.timeline import TimelinePicture, TimelineRow
from mutual_checklist.export.pdf_charts import _fit
from mutual_checklist.export.pdf_style import BOLD, MUTED, SANS, WIDTH

CRITICAL, DONE, PLANNED = (colors.HexColor(c) for c in ("#C62828", "#2E7D32", "#1E63B4"))
FLOAT, BASELINE, TODAY, GATE = (colors.HexColor(c) for c in
                                ("#9DB9DE", "#8A8F98", "#E65100", "#6A1B9A"))
LEGEND = (("Critical path", CRITICAL), ("Planned", PLANNED), ("Done", DONE), ("Float", FLOAT),
          ("First agreed plan", BASELINE), ("Decision gate", GATE), ("Today", TODAY))


def timeline_drawing(pic: TimelinePicture, max_height: float = 200 * mm) -> Drawing:
    """Phases and steps as bars between the plan's first date and go-live."""
    label_w, head_h, legend_h = 62 * mm, 9 * mm, 7 * mm
    row_h = min(4.2 * mm, (max_height - head_h - legend_h) / max(len(pic.rows), 1))
    size = max(4.2, min(6.5, row_h * 0.75))
    height = legend_h + head_h + row_h * len(pic.rows)
    drawing = Drawing(WIDTH, height)
    first, last = pic.first, pic.last + dt.timedelta(days=7)
    span = max((last - first).days, 1)
    chart_w = WIDTH - label_w - 2 * mm

    def x_of(day: dt.date) -> float:
        return label_w + (day - first).days / span * chart_w

    x = 0.0  # legend along the top
    for label, colour in LEGEND:
        drawing.add(Rect(x, height - 3.5 * mm, 3 * mm, 2.6 * mm, fillColor=colour,
                         strokeColor=None))
        drawing.add(String(x + 4 * mm, height - 3.2 * mm, label, fontName=SANS, fontSize=7,
                           fillColor=MUTED))
        x += 4 * mm + len(label) * 1.35 * mm + 5 * mm
    axis_y = height - legend_h - head_h + 1 * mm
    month = first.replace(day=1)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = 1 if months <= 14 else 2 if months <= 28 else 3
    while month <= last:
        if month >= first:
            mx = x_of(month)
            drawing.add(Line(mx, 0, mx, axis_y + 2 * mm, strokeColor=colors.HexColor("#E3E6EA"),
                             strokeWidth=0.4))
            if (month.month - 1) % step == 0:
                text = MONTHS[month.month - 1][:3] + (f" {month.year % 100:02d}"
                                                      if month.month == 1 or step > 1 else "")
                drawing.add(String(mx + 0.8 * mm, axis_y + 2.5 * mm, text, fontName=SANS,
                                   fontSize=6.5, fillColor=MUTED))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    for index, row in enumerate(pic.rows):
        _row(drawing, row, axis_y - (index + 1) * row_h, row_h, size, label_w, x_of, pic.today)
    for day, colour, text in ((pic.today, TODAY, "Today"),
                              (pic.go_live, CRITICAL if not pic.feasible else DONE, "Go-live")):
        lx = x_of(day)
        drawing.add(Line(lx, 0, lx, axis_y + 1 * mm, strokeColor=colour, strokeWidth=0.9,
                         strokeDashArray=[2, 1.5]))
        drawing.add(String(lx + 0.8 * mm, axis_y - 0.2 * mm, text, fontName=BOLD, fontSize=6.5,
                           fillColor=colour))
    return drawing


def _row(drawing: Drawing, row: TimelineRow, y: float, h: float, size: float, label_w: float,
         x_of, today: dt.date) -> None:  # noqa: ANN001 - a date-to-x function
    phase = row.kind == "phase"
    font = BOLD if phase or row.critical else SANS
    indent = 0 if phase else 2.5 * mm
    drawing.add(String(indent, y + h * 0.25, _fit(row.label, label_w - indent - 2 * mm, size),
                       fontName=font, fontSize=size,
                       fillColor=CRITICAL if row.critical else colors.black))
    if row.start is None or row.due is None:
        return
    x0, x1 = x_of(row.start), max(x_of(row.due), x_of(row.start) + 0.8)
    if phase:
        drawing.add(Rect(x0, y + h * 0.35, x1 - x0, h * 0.25, fillColor=BASELINE.clone(),
                         strokeColor=None))
        return
    if row.baseline_start and row.baseline_due:
        bx = x_of(row.baseline_start)
        drawing.add(Rect(bx, y + h * 0.05, max(0.8, x_of(row.baseline_due) - bx), h * 0.12,
                         fillColor=BASELINE, strokeColor=None))
    if row.float_days:
        end = x_of(row.due + dt.timedelta(days=row.float_days))
        drawing.add(Rect(x1, y + h * 0.42, end - x1, h * 0.16, fillColor=FLOAT, strokeColor=None))
    colour = DONE if row.status == "done" else CRITICAL if row.critical else PLANNED
    if row.status == "not_applicable":
        colour = colors.HexColor("#D5D8DC")
    late = row.status not in ("done", "not_applicable") and row.due < today
    drawing.add(Rect(x0, y + h * 0.25, x1 - x0, h * 0.5, fillColor=colour,
                     strokeColor=CRITICAL if late else None, strokeWidth=0.8))
    if row.gate:
        cy, r = y + h * 0.5, h * 0.42
        drawing.add(Polygon([x1, cy + r, x1 + r, cy, x1, cy - r, x1 - r, cy], fillColor=GATE,
                            strokeColor=colors.white, strokeWidth=0.3))
