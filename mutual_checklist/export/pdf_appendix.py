"""The report's appendices: full checklist status, full barrier register, definitions.

The long tables are cut into blocks of rows so reportlab never has to split one huge table
(splitting is slow on thousands of rows), and user notes are capped per cell.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from mutual_checklist.domain import risk
from mutual_checklist.export import pdf_text as pt
from mutual_checklist.export.pdf_style import MUTED, SANS, WIDTH, data_table

if TYPE_CHECKING:
    from mutual_checklist.export.pdf_report import Report

BLOCK = 45
"""Rows per table block in the long appendices."""
NOTE_IN_CELL = 500
WRAP_ALL_UP_TO = 400
"""Up to this many steps every cell wraps; beyond, short cells are cut to one line for speed."""
_MUTED_COLS = [("FONT", (0, 1), (0, -1), SANS, 7.4), ("FONT", (5, 1), (5, -1), SANS, 7.4),
               ("TEXTCOLOR", (0, 1), (0, -1), MUTED), ("TEXTCOLOR", (5, 1), (5, -1), MUTED)]


def _blocks(head: list[object], rows: list[list[object]], widths: list[float],
            **kw: object) -> list[Flowable]:
    return [data_table([head] + rows[i:i + BLOCK], widths, **kw)  # type: ignore[arg-type]
            for i in range(0, len(rows), BLOCK)]


def appendices(report: Report) -> list[Flowable]:
    # Each appendix starts a page unless most of one is still free (no near-empty pages).
    return [CondPageBreak(150 * mm), *checklist(report), CondPageBreak(150 * mm),
            *register(report), CondPageBreak(150 * mm), *definitions(report)]


def checklist(report: Report) -> list[Flowable]:
    from mutual_checklist.export.pdf_report import STATUS_LABELS, short_date

    s, st = report.s, report.st
    parts: list[Flowable] = [report.h1("Appendix A. Full checklist status", numbered=False)]
    note = ("Every step of the checklist. Steps added for this project (ID “Added”) follow "
            "their phase's checklist steps.")
    if s.redacted:
        note += " Notes and owners are left out of this redacted copy."
    parts.append(report.p(note, st.note))
    phases: dict[str, list] = {}
    for step in s.steps:
        phases.setdefault(step.phase, []).append(step)
    widths = [15 * mm, WIDTH - 15 * mm - 24 * mm - 19 * mm - 19 * mm - 30 * mm, 24 * mm,
              19 * mm, 19 * mm, 30 * mm]
    head = ["ID", "Step", "Status", "Due", "Done on", "Owner"]
    wrap_owner = len(s.steps) <= WRAP_ALL_UP_TO
    for number, (phase, steps) in enumerate(phases.items(), start=1):
        parts.append(report.h2(f"{number}. {phase}"))
        rows = []
        for step in steps:
            text = report.u(step.title)
            if step.is_gate:
                text = f"<b>Gate:</b> {text}"
            extra = []
            if step.blocked_by:
                extra.append(f"Blocked by: {report.u(step.blocked_by, 200)}")
            if step.na_reason:
                extra.append(f"Not applicable because: {report.u(step.na_reason, NOTE_IN_CELL)}")
            if step.notes:
                extra.append(report.u(step.notes, NOTE_IN_CELL))
            if extra:
                text += "<br/><font size='7.4' color='#52606D'>" + "<br/>".join(extra) + "</font>"
            # Only the step cell wraps; the others are plain text cut to fit (fast on
            # thousands of rows).
            ident = "Added" if step.custom else pt.fit_line(step.step_id, 13 * mm, SANS, 7.4)
            rows.append([ident, Paragraph(text, st.cell), STATUS_LABELS[step.status],
                         short_date(step.due), short_date(step.completed_on),
                         report.c(step.owner or "—", st.cell_muted, 120) if wrap_owner
                         else pt.fit_line(step.owner or "—", 28 * mm, SANS, 7.4)])
        parts += _blocks(head, rows, widths, extra=_MUTED_COLS)
    return parts


def register(report: Report) -> list[Flowable]:
    from mutual_checklist.export.pdf_report import short_date

    s, st = report.s, report.st
    parts: list[Flowable] = [report.h1("Appendix B. Full barrier register", numbered=False)]
    parts.append(report.p("Every barrier recorded, live ones first by score; resolved and "
                          "accepted barriers are kept for the record.", st.note))
    if not s.barriers:
        parts.append(report.p("No barriers are recorded.", st.note))
        return parts
    head = ["Barrier", "Category", "L", "I", "Score", "Status", "Review"]
    widths = [WIDTH - 30 * mm - 2 * 7 * mm - 15 * mm - 19 * mm - 19 * mm, 30 * mm, 7 * mm,
              7 * mm, 15 * mm, 19 * mm, 19 * mm]
    rows = []
    for b in s.barriers:
        text = f"<b>{report.u(b.title)}</b>"
        details = []
        if b.description:
            details.append(report.u(b.description, NOTE_IN_CELL))
        if b.mitigation:
            details.append(f"Treatment ({b.treatment}): {report.u(b.mitigation, NOTE_IN_CELL)}")
        if b.linked_steps:
            shown = ", ".join(report.u(t, 120) for t in b.linked_steps[:6])
            more = f" and {len(b.linked_steps) - 6} more" if len(b.linked_steps) > 6 else ""
            details.append(f"Steps: {shown}{more}")
        if b.owner:
            details.append(f"Owner: {report.u(b.owner, 120)}")
        if details:
            text += "<br/><font size='7.4' color='#52606D'>" + "<br/>".join(details) + "</font>"
        category = (report.c(b.category, st.cell_muted, 120) if len(s.barriers) <= WRAP_ALL_UP_TO
                    else pt.fit_line(b.category, 28 * mm, SANS, 7.4))
        rows.append([Paragraph(text, st.cell), category,
                     str(b.likelihood), str(b.impact),
                     f"{b.score} {risk.RAG_LABELS[b.rag]}", b.status.capitalize(),
                     short_date(b.review_date)])
    parts += _blocks(head, rows, widths, numeric_cols=(2, 3, 4), extra=[
        ("FONT", (1, 1), (1, -1), SANS, 7.4), ("TEXTCOLOR", (1, 1), (1, -1), MUTED)])
    return parts


DEFINITIONS = [
    ("Delivery confidence", [
        "<b>Green</b>: successful delivery on time looks highly likely; no major issues.",
        ("<b>Amber/Green</b>: delivery looks probable; constant attention will be needed so "
        "that risks do not become major issues."),
        "<b>Amber</b>: delivery looks feasible but significant issues exist and need managing.",
        ("<b>Amber/Red</b>: delivery is in doubt, with major risks or issues in several areas; "
        "urgent action is needed."),
        ("<b>Red</b>: successful delivery looks unachievable unless the plan, budget or scope "
        "is re-examined."),
        ("The leader sets the rating. The rating the evidence suggests is worked out from "
        "overdue steps and gates, blocked gates, red barriers, how close go-live is and how far "
        "progress is behind plan; the report shows both when they differ.")]),
    ("Barrier scoring and RAG", [
        ("Likelihood and impact are each scored 1 to 5: likelihood 1 Rare, 2 Unlikely, "
        "3 Possible, 4 Likely, 5 Almost certain; impact 1 Negligible, 2 Minor, 3 Moderate, "
        "4 Major, 5 Severe."),
        ("Score = likelihood × impact (1 to 25). <b>Red</b> 15–25, <b>Amber</b> 5–14, "
        "<b>Green</b> 1–4. Only open and mitigating barriers count in the heat map and top risks."),
        ("Trend compares a barrier's last two assessments: Rising (score went up), Falling, "
        "Steady or New (assessed once)."),
        ("Treatment follows the four Ts: Treat (act to reduce it), Tolerate (accept and watch), "
        "Transfer (pass it to someone better placed, such as an insurer or a service "
        "agreement) and Terminate (stop the activity that causes it).")]),
    ("Step statuses", [
        ("<b>Not started</b>, <b>In progress</b>, <b>Blocked</b> (cannot move until something "
        "else happens, often a named barrier), <b>Done</b> and <b>Not applicable</b> (with a "
        "reason)."),
        ("Percentages count done steps against applicable steps: not-applicable steps leave "
        "both sides. A step is overdue when its due date has passed and it is neither done nor "
        "not applicable; a step due today is not yet overdue."),
        ("Due dates are set by hand or suggested from the step's window relative to go-live. "
        "Gates are steps that end in a decision; their baseline date comes from the first "
        "agreed go-live date.")]),
    ("Stakeholders", [
        ("The power/interest grid counts influence and interest of 4 or 5 (on a 1–5 scale) as "
        "high. A contact is due when their next-contact date, or their last contact plus their "
        "keep-in-touch interval, has come. Anonymised contacts are not counted.")]),
]


def definitions(report: Report) -> list[Flowable]:
    parts: list[Flowable] = [report.h1("Appendix C. Definitions", numbered=False)]
    for title, items in DEFINITIONS:
        parts.append(report.h2(title))
        parts += report.bullets(items)
    return parts
