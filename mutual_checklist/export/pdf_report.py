"""The PDF progress report: an A4 document a transition board can read in ten minutes.

Rendered from a ``ReportSnapshot`` only (never from the live project), so every figure is the
one that was frozen when the report was issued. User text goes through ``pdf_text`` before it
reaches reportlab; text stays text (searchable, copyable) and each section is a PDF bookmark.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from mutual_checklist.export import pdf_appendix, pdf_appraisal, pdf_timeline
from mutual_checklist.export import pdf_text as pt
from mutual_checklist.export.pdf_charts import phase_chart
from mutual_checklist.export.pdf_style import (
    HEAD_BG,
    RAG_TINT,
    RATING_COLOURS,
    RATING_INK,
    WIDTH,
    NumberedCanvas,
    ReportDoc,
    Styles,
    data_table,
)
from mutual_checklist.export.snapshot import ReportSnapshot
from mutual_checklist.storage import atomic
from mutual_checklist.export.snapshot_rows import QUADRANT_LABELS, QUADRANTS, STANCES

STATUS_LABELS = {"not_started": "Not started", "in_progress": "In progress",
                 "blocked": "Blocked", "done": "Done", "not_applicable": "Not applicable"}
RATING_LABELS = {"green": "Green", "amber_green": "Amber/Green", "amber": "Amber",
                 "amber_red": "Amber/Red", "red": "Red"}
TREND_LABELS = {"rising": "Rising", "falling": "Falling", "steady": "Steady", "new": "New"}
VERDICT_LABELS = {"ready": "Ready", "on_track": "On track", "at_risk": "At risk",
                  "not_ready": "Not ready"}


from mutual_checklist.domain.dates import long_date  # noqa: E402 - shared UK date format


def short_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _when(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return "today"
    span = f"{abs(days) // 7} weeks" if abs(days) >= 14 else f"{abs(days)} days"
    return f"in {span}" if days > 0 else f"{span} ago"


def _generated(stamp: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return pt.clean(stamp) or "not recorded"
    return f"{long_date(moment.date())}, {moment:%H:%M}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {plural or word + 's'}"


LIST_LIMIT = 25
"""Rows shown in a list in the body of the report; the appendices and CSV have the rest."""


class _Heading(Paragraph):
    """A heading that becomes a PDF bookmark when placed."""

    def __init__(self, text: str, style: object, level: int) -> None:
        super().__init__(text, style)
        self.bookmark = (text, level)


class Report:
    """Builds the flowables of the report from one snapshot."""

    def __init__(self, snap: ReportSnapshot) -> None:
        self.s = snap
        self.st = Styles()
        self.section = 0

    # --- small helpers --------------------------------------------------------------------------

    def h1(self, title: str, numbered: bool = True) -> Flowable:
        if numbered:
            self.section += 1
            title = f"{self.section}. {title}"
        return _Heading(title, self.st.h1, 0)

    def h2(self, title: str) -> Flowable:
        return _Heading(title, self.st.h2, 1)

    def p(self, markup: str, style: object = None) -> Paragraph:
        return Paragraph(markup, style or self.st.body)

    def u(self, text: object, limit: int = pt.CELL_LIMIT) -> str:
        """Escaped untrusted text for inline use."""
        return pt.markup(text, limit)

    def bullets(self, items: list[str]) -> list[Flowable]:
        return [Paragraph(item, self.st.bullet, bulletText="•") for item in items]

    def more(self, total: int, shown: int, where: str = "Appendix A") -> list[Flowable]:
        if total <= shown:
            return []
        where = f"{where} and the CSV export" if self.s.includes("appendices") else \
            "the CSV export"
        return [self.p(f"… and {total - shown:,} more, listed in {where}.", self.st.note)]

    def c(self, text: object, style: object = None, limit: int = pt.CELL_LIMIT) -> Paragraph:
        return pt.cell(text, style or self.st.cell, limit)

    # --- the document ---------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        parts: list[Flowable] = []
        for section in (self.cover, self.summary, self.progress, self.since_last, self.plan,
                        self.due,
                        self.gates, self.risks, self.blocks, self.asks, self.stakeholders):
            if section.__name__ in ("cover", "summary", "progress") or \
                    self.s.includes(section.__name__):
                parts += section()
        if self.s.includes("appraisal"):
            parts += pdf_appraisal.section(self)
        if self.s.includes("appendices"):
            parts += pdf_appendix.appendices(self)
        # A heading never sits alone at the foot of a page: start a new page when little room
        # is left (cheaper and steadier than keepWithNext, which moves whole tables).
        spaced: list[Flowable] = []
        for part in parts:
            if isinstance(part, _Heading):
                spaced.append(CondPageBreak(45 * mm if part.bookmark[1] == 0 else 30 * mm))
            spaced.append(part)
        return spaced

    def cover(self) -> list[Flowable]:
        s, st = self.s, self.st
        subtitle = " · ".join(self.u(x, 200) for x in (s.organisation, s.service) if x)
        period = (f"{long_date(s.period_start)} to {long_date(s.period_end)}" if s.period_start
                  else f"Up to {long_date(s.period_end)}")
        forecast = long_date(s.go_live_forecast)
        if s.days_to_go_live is not None:
            forecast += f" ({_when(s.days_to_go_live)})"
        facts = [
            ("Reporting period", period),
            ("Author", self.u(s.author, 200) if s.author else
             ("left out (redacted)" if s.redacted else "not recorded")),
            ("Generated", _generated(s.generated_at)),
            ("Checklist", f"{self.u(s.template_title, 200)}, version {self.u(s.template_version)}"),
            ("Go-live baseline", long_date(s.go_live_baseline)),
            ("Go-live forecast", forecast),
            ("App", f"Mutual Checklist {self.u(s.app_version)}"),
        ]
        rows = [[Paragraph(label, st.cell_muted), Paragraph(value, st.cell)]
                for label, value in facts]
        table = Table(rows, colWidths=[34 * mm, WIDTH - 34 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
            ("LINEABOVE", (0, 0), (-1, 0), 0.6, HEAD_BG),
            ("LINEBELOW", (0, -1), (-1, -1), 0.6, HEAD_BG)]))
        title = Paragraph(self.u(s.project_name, 300), st.title)
        title.bookmark = ("Cover: " + pt.shorten(pt.clean(s.project_name), 80), 0)  # type: ignore[attr-defined]
        parts: list[Flowable] = [Paragraph("PROGRESS REPORT", st.kicker), title]
        if subtitle:
            parts.append(Paragraph(subtitle, st.subtitle))
        parts += [Spacer(1, 2 * mm), table, Spacer(1, 5 * mm), self.figures()]
        if s.redacted:
            parts.append(self.p("This copy is redacted: people's names and free-text notes "
                                "are left out.", st.note))
        return parts

    def figures(self) -> Flowable:
        """The key numbers in a strip across the page."""
        s, st = self.s, self.st
        red = sum(1 for b in s.live_barriers if b.rag == "red")
        days = "—" if s.days_to_go_live is None else f"{s.days_to_go_live:,}"
        items = [(f"{s.overall.percent}%", (f"done ({s.overall.done:,} of "
                                           f"{s.overall.applicable:,} steps)")),
                 (f"{len(s.overdue):,}", "steps overdue"),
                 (f"{len(s.due_soon):,}", "due in the next four weeks"),
                 (f"{red:,}", "red barriers open"),
                 (days, "days to go-live")]
        # each figure and its label share a cell, so they are read out together
        cells = [[[Paragraph(big, st.figure), Paragraph(label, st.figure_label)]
                  for big, label in items]]
        table = Table(cells, colWidths=[WIDTH / len(items)] * len(items), hAlign="LEFT")
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#F0F4F8")),
            ("LINEBEFORE", (1, 0), (-1, -1), 0.6, colors.white),
            ("LEFTPADDING", (0, 0), (-1, -1), 7), ("TOPPADDING", (0, 0), (-1, -1), 7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return table

    def summary(self) -> list[Flowable]:
        s, st = self.s, self.st
        parts: list[Flowable] = [self.h1("Executive summary")]
        chosen = RATING_LABELS.get(s.rating or "", "Not set")
        colour = colors.HexColor(RATING_COLOURS.get(s.rating or "", "#5F6B7A"))
        ink = colors.HexColor(RATING_INK.get(s.rating or "", "#FFFFFF"))
        badge = Table([[Paragraph(chosen, ParagraphStyle("rating_ink", parent=st.rating,
                                                         textColor=ink))],
                       [Paragraph("Delivery confidence", _white_small(st, ink))]],
                      colWidths=[38 * mm], hAlign="LEFT")
        badge.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colour),
                                   ("TOPPADDING", (0, 0), (-1, 0), 7),
                                   ("BOTTOMPADDING", (0, -1), (-1, -1), 7)]))
        reason = (self.u(s.rating_reason, 1200) if s.rating_reason
                  else "No reason was recorded with this rating.")
        text = [self.p(f"<b>The transition leader rates delivery confidence as {chosen}.</b> "
                       f"{reason}", st.lead)]
        text.append(self.p(self.narrative(), st.body))
        row = Table([[badge, text]], colWidths=[42 * mm, WIDTH - 42 * mm], hAlign="LEFT")
        row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        parts.append(row)
        suggested = RATING_LABELS[s.suggested_rating]
        if s.rating != s.suggested_rating:
            parts.append(self.h2(f"The evidence suggests {suggested}"))
            parts.append(self.p(f"Worked out from the checklist and barrier register, the "
                                f"evidence points to <b>{suggested}</b>, not {chosen}. Why:"))
        else:
            parts.append(self.h2(f"The evidence agrees: {suggested}"))
        parts += self.bullets([self.u(r, 800) for r in s.suggested_reasons])
        verdict = VERDICT_LABELS.get(s.readiness_verdict, s.readiness_verdict)
        parts.append(self.h2(f"Go-live readiness: {verdict}"))
        parts.append(self.p(self.u(s.readiness_headline, 800)))
        reasons = [r for r in s.readiness_reasons if r not in s.suggested_reasons]
        parts += self.bullets([self.u(r, 800) for r in reasons])
        return parts

    def narrative(self) -> str:
        s = self.s
        o = s.overall
        red = sum(1 for b in s.live_barriers if b.rag == "red")
        sentences = [(f"{o.percent}% of applicable steps are done ({o.done:,} of "
                     f"{o.applicable:,}); {o.in_progress:,} in progress and "
                     f"{o.blocked:,} blocked.")]
        sentences.append(f"{_plural(len(s.overdue), 'step')} "
                         f"{'is' if len(s.overdue) == 1 else 'are'} overdue and "
                         f"{len(s.due_soon):,} fall due in the next four weeks.")
        sentences.append(f"{_plural(len(s.live_barriers), 'barrier')} "
                         f"{'is' if len(s.live_barriers) == 1 else 'are'} live, "
                         f"{red:,} of them red.")
        if s.go_live_forecast:
            slip = ""
            if s.go_live_baseline and s.go_live_baseline != s.go_live_forecast:
                weeks = (s.go_live_forecast - s.go_live_baseline).days // 7
                slip = (f", {abs(weeks)} weeks {'later' if weeks >= 0 else 'earlier'} than the "
                        f"baseline of {long_date(s.go_live_baseline)}")
            sentences.append(f"Go-live is forecast for {long_date(s.go_live_forecast)} "
                             f"({_when(s.days_to_go_live)}){slip}.")
        else:
            sentences.append("No go-live date is set yet.")
        return " ".join(sentences)

    def progress(self) -> list[Flowable]:
        s, st = self.s, self.st
        parts: list[Flowable] = [KeepTogether([
            self.h1("Progress by phase"),
            self.p("Percentages leave out steps marked not applicable. The bars show each "
                   "phase's applicable steps by status.", st.note),
            phase_chart(s.phases, st)]), Spacer(1, 4 * mm)]
        head = ["Phase", "Done", "In progress", "Blocked", "Not started", "N/A", "% done"]
        rows: list[list[object]] = [head]
        for number, ph in enumerate(s.phases, start=1):
            rows.append([self.c(f"{number}. {ph.title}"), f"{ph.done:,}", f"{ph.in_progress:,}",
                         f"{ph.blocked:,}", f"{ph.not_started:,}", f"{ph.not_applicable:,}",
                         f"{ph.percent}%"])
        o = s.overall
        rows.append([Paragraph("<b>All phases</b>", st.cell), f"{o.done:,}", f"{o.in_progress:,}",
                     f"{o.blocked:,}", f"{o.not_started:,}", f"{o.not_applicable:,}",
                     f"{o.percent}%"])
        widths = [WIDTH - 6 * 17.5 * mm] + [17.5 * mm] * 6
        parts.append(data_table(rows, widths, numeric_cols=(1, 2, 3, 4, 5, 6), extra=[
            ("FONT", (0, -1), (-1, -1), "MC-Sans-Bold", 8, 10.2),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, HEAD_BG)]))
        return parts

    def since_last(self) -> list[Flowable]:
        s, st, ch = self.s, self.st, self.s.changes
        parts: list[Flowable] = [self.h1("Since the last report")]
        if ch.first_report:
            note = ("This is the first report issued for this project, so there is nothing to "
                    "compare with.")
            if ch.unreadable:
                note = "The last report's snapshot could not be read, so nothing is compared."
            parts.append(self.p(note + " Steps completed in the last four weeks:"))
        else:
            was = (f" (then {ch.previous_percent}% done; now {s.overall.percent}%)"
                   if ch.previous_percent is not None else "")
            parts.append(self.p(f"Compared with the report issued "
                                f"{_generated(ch.previous_generated_at)}{was}."))
            facts = []
            if ch.rating_changed:
                facts.append(f"Delivery confidence changed from "
                             f"{RATING_LABELS.get(ch.rating_before or '', 'not set')} to "
                             f"{RATING_LABELS.get(s.rating or '', 'not set')}.")
            if ch.go_live_changed:
                facts.append(f"The go-live forecast moved from {long_date(ch.go_live_before)} "
                             f"to {long_date(s.go_live_forecast)}.")
            for label, items in (("New barrier", ch.new_barriers),
                                 ("Closed barrier", ch.closed_barriers)):
                facts += [f"{label}: {self.u(b.title, 300)}" for b in items]
            facts += [f"Re-scored: {self.u(b.title, 300)} ({b.before} → {b.after})"
                      for b in ch.rescored]
            facts += [f"Reopened: {self.u(r.title, 300)}" for r in ch.reopened]
            parts += self.bullets(facts)
            parts.append(self.h2(f"Steps done since the last report ({len(ch.done):,})"))
        if ch.done:
            rows: list[list[object]] = [["Step", "Completed"]]
            rows += [[self.c(d.title), short_date(d.completed_on)]
                     for d in ch.done[:LIST_LIMIT * 2]]
            parts.append(data_table(rows, [WIDTH - 28 * mm, 28 * mm]))
            parts += self.more(len(ch.done), LIST_LIMIT * 2)
        else:
            parts.append(self.p("None.", st.note))
        return parts

    def plan(self) -> list[Flowable]:
        pic = self.s.plan
        if pic is None:
            return []
        verdict = self.u(pic.verdict.replace(" → ", " > "), 800)  # the font has no arrow
        return [KeepTogether([self.h1("Plan to go-live"),
                self.p(f"<b>{verdict}</b>" if not pic.feasible else verdict, self.st.lead),
                self.p(f"The plan runs from {long_date(pic.start)} to go-live on "
                       f"{long_date(pic.go_live)}. Each bar is a step from its planned start to "
                       "its due date; the thin grey line under it is the first agreed plan, the "
                       "pale tail is its float (how long it can slip before go-live moves). Bold "
                       "red steps are the critical path. "
                       f"{pic.later_steps} steps after go-live are not shown.", self.st.note),
                pdf_timeline.timeline_drawing(pic)])]

    def _due_table(self, items: tuple, empty: str) -> Flowable:
        if not items:
            return self.p(empty, self.st.note)
        rows: list[list[object]] = [["Due", "Step", "Phase", "Status", "Owner"]]
        for d in items[:LIST_LIMIT]:
            title = ("<b>Gate:</b> " if d.is_gate else "") + self.u(d.title)
            rows.append([short_date(d.due), Paragraph(title, self.st.cell),
                         self.c(d.phase, self.st.cell_muted), STATUS_LABELS[d.status],
                         self.c(d.owner or "—", self.st.cell_muted, 120)])
        table = data_table(rows, [19 * mm, WIDTH - 19 * mm - 50 * mm - 20 * mm - 32 * mm,
                                  50 * mm, 20 * mm, 32 * mm])
        return KeepTogether([table, *self.more(len(items), LIST_LIMIT)])

    def due(self) -> list[Flowable]:
        s = self.s
        return [self.h1("Overdue and due in the next four weeks"),
                self.h2(f"Overdue ({len(s.overdue):,})"),
                self._due_table(s.overdue, "Nothing is overdue."),
                self.h2(f"Due by {long_date(s.today + dt.timedelta(days=28))} "
                        f"({len(s.due_soon):,})"),
                self._due_table(s.due_soon, "Nothing falls due in the next four weeks.")]

    def gates(self) -> list[Flowable]:
        s, st = self.s, self.st
        parts: list[Flowable] = [self.h1("Decision gates")]
        parts.append(self.p("Baseline dates come from the first agreed go-live date and are "
                            "never overwritten; forecast dates follow the current go-live date "
                            "and any date set by hand.", st.note))
        rows: list[list[object]] = [["Gate", "Baseline", "Forecast", "Slip", "Status"]]
        extra = []
        for i, g in enumerate(s.gates, start=1):
            slip = g.slip_days
            slip_text = "—" if slip is None else ("on plan" if slip == 0 else
                                                   f"{'+' if slip > 0 else '−'}{abs(slip) // 7} wk")
            status = STATUS_LABELS[g.status]
            if g.closed and g.completed_on:
                status += f" {short_date(g.completed_on)}"
            elif g.overdue:
                status = "Overdue"
                extra.append(("TEXTCOLOR", (4, i), (4, i), colors.HexColor("#B42318")))
            rows.append([Paragraph(f"<b>{self.u(g.gate)}</b><br/>"
                                   f"<font size=7.4 color='#5F6B7A'>Step: {self.u(g.title)} · "
                                   f"Decided by: {self.u(g.decider)}</font>", st.cell),
                         short_date(g.baseline_due), short_date(g.forecast_due), slip_text,
                         Paragraph(status, st.cell)])
        parts.append(data_table(rows, [WIDTH - 90 * mm, 20 * mm, 20 * mm, 17 * mm, 33 * mm],
                                extra=extra) if s.gates else self.p("This checklist has no "
                                                                    "gates.", st.note))
        return parts

    def risks(self) -> list[Flowable]:
        from mutual_checklist.export.pdf_charts import heat_map_table

        s, st = self.s, self.st
        live = len(s.live_barriers)
        parts: list[Flowable] = [KeepTogether([
            self.h1("Barriers and risks"),
            self.p(f"{_plural(live, 'barrier')} open or being mitigated; resolved and accepted "
                   "barriers stay in the register"
                   f"{' (Appendix B)' if s.includes('appendices') else ''} but leave these "
                   "figures. Score = likelihood × impact."),
            Paragraph("Heat map of open barriers", st.h2), heat_map_table(s.heat_map, st)])]
        parts.append(self.h2("Top risks"))
        if not s.top_risks:
            parts.append(self.p("No barriers are open.", st.note))
            return parts
        rows: list[list[object]] = [["Score", "Barrier and treatment", "Trend", "Owner",
                                     "Review"]]
        extra = []
        for i, b in enumerate(s.top_risks, start=1):
            detail = (f"<b>{self.u(b.title)}</b><br/><font size=7.4 color='#5F6B7A'>"
                      f"{self.u(b.category, 120)} · {b.treatment.capitalize()} · "
                      f"{STATUS_LABELS.get(b.status, b.status.capitalize())}</font>")
            if b.mitigation:
                detail += f"<br/>{self.u(b.mitigation, 400)}"
            rows.append([Paragraph(f"<b>{b.score}</b> {b.rag.capitalize()}", st.cell), Paragraph(
                detail, st.cell), TREND_LABELS.get(b.trend, b.trend),
                self.c(b.owner or "—", st.cell_muted, 120), short_date(b.review_date)])
            extra.append(("BACKGROUND", (0, i), (0, i), RAG_TINT[b.rag]))
            if b.review_date and b.review_date <= s.today:
                extra += [("TEXTCOLOR", (4, i), (4, i), colors.HexColor("#B42318")),
                          ("FONT", (4, i), (4, i), "MC-Sans-Bold", 8, 10.2)]
        parts.append(data_table(rows, [19 * mm, WIDTH - 19 * mm - 16 * mm - 28 * mm - 20 * mm,
                                       16 * mm, 28 * mm, 20 * mm], extra=extra, zebra=False))
        return parts

    def blocks(self) -> list[Flowable]:
        s, st = self.s, self.st
        parts: list[Flowable] = [self.h1("What blocks what")]
        blocked = s.blocked_steps
        if blocked:
            rows: list[list[object]] = [["Blocked step", "Blocked by"]]
            rows += [[self.c(b.title), self.c(b.blocked_by or "No barrier named", st.cell)]
                     for b in blocked[:LIST_LIMIT]]
            parts.append(data_table(rows, [WIDTH / 2, WIDTH / 2]))
            parts += self.more(len(blocked), LIST_LIMIT)
        else:
            parts.append(self.p("No step is marked blocked.", st.note))
        open_titles = {x.title for x in s.steps if x.status not in ("done", "not_applicable")}
        holding = [(b, [t for t in b.linked_steps if t in open_titles]) for b in s.live_barriers
                   if b.rag in ("red", "amber")]
        holding = [(b, ts) for b, ts in holding if ts][:12]
        if holding:
            parts.append(self.h2("Red and amber barriers and the open steps they put at risk"))
            rows = [["Barrier", "Score", "Open steps at risk"]]
            rows += [[self.c(b.title), f"{b.score} {b.rag.capitalize()}",
                      Paragraph("<br/>".join(self.u(t, 200) for t in ts[:8])
                                + (f"<br/>… and {len(ts) - 8} more" if len(ts) > 8 else ""),
                                st.cell)] for b, ts in holding]
            parts.append(data_table(rows, [WIDTH * 0.42, 20 * mm, WIDTH * 0.58 - 20 * mm]))
        return parts

    def asks(self) -> list[Flowable]:
        s = self.s
        parts: list[Flowable] = [self.h1("Decisions and asks")]
        items = []
        for g in [g for g in s.gates_ahead if g.overdue]:
            items.append(f"<b>Overdue decision:</b> {self.u(g.gate)} — was due "
                         f"{long_date(g.forecast_due)}; decided by {self.u(g.decider)}.")
        upcoming = [g for g in s.gates_ahead if not g.overdue][:3]
        for g in upcoming:
            items.append(f"<b>Decision due {long_date(g.forecast_due)}:</b> {self.u(g.gate)}; "
                         f"decided by {self.u(g.decider)}.")
        for b in [b for b in s.top_risks if b.rag == "red"]:
            items.append(f"<b>Help needed with a red barrier:</b> {self.u(b.title)} "
                         f"(score {b.score}, {b.treatment}).")
        for step in s.blocked_steps[:5]:
            items.append(f"<b>Unblock:</b> {self.u(step.title)}"
                         + (f" — held up by {self.u(step.blocked_by)}." if step.blocked_by
                            else "."))
        parts += self.bullets(items) or [self.p("No decisions are pending.", self.st.note)]
        return parts

    def stakeholders(self) -> list[Flowable]:
        s, st, sh = self.s, self.st, self.s.stakeholders
        parts: list[Flowable] = [self.h1("Stakeholders")]
        names = ("Names are included at the leader's request." if s.include_names
                 else "No names or contact details are included in this report.")
        parts.append(self.p(f"{_plural(sh.total, 'contact')} and "
                            f"{_plural(sh.interactions, 'logged interaction')}. {names}"))
        quad = [["Power/interest grid", "Contacts"]]
        quad += [[QUADRANT_LABELS[q], f"{sh.quadrants.get(q, 0):,}"] for q in QUADRANTS]
        stance = [["Stance", "Contacts"]]
        stance += [[x.capitalize(), f"{sh.stances.get(x, 0):,}"] for x in STANCES]
        left = data_table(quad, [70 * mm, 18 * mm], numeric_cols=(1,), zebra=False)
        right = data_table(stance, [40 * mm, 18 * mm], numeric_cols=(1,), zebra=False)
        both = Table([[left, right]], colWidths=[WIDTH - 62 * mm, 62 * mm], hAlign="LEFT")
        both.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        parts.append(both)
        parts.append(self.h2(f"Due for contact ({len(sh.due):,})"))
        if not sh.due:
            parts.append(self.p("Nobody is due for contact.", st.note))
            return parts
        if s.include_names:
            rows: list[list[object]] = [["Name and role", "Stakeholder type", "Due", "Last met"]]
            rows += [[self.c(f"{d.name}\n{d.role}" if d.role else d.name),
                      self.c(d.kind, st.cell_muted), short_date(d.due),
                      short_date(d.last_contact)] for d in sh.due[:LIST_LIMIT]]
            widths = [55 * mm, WIDTH - 55 * mm - 44 * mm, 22 * mm, 22 * mm]
        else:
            rows = [["Stakeholder type", "Due", "Last met"]]
            rows += [[self.c(d.kind), short_date(d.due), short_date(d.last_contact)]
                     for d in sh.due[:LIST_LIMIT]]
            widths = [WIDTH - 44 * mm, 22 * mm, 22 * mm]
        parts.append(data_table(rows, widths))
        if len(sh.due) > LIST_LIMIT:
            parts.append(self.p(f"… and {len(sh.due) - LIST_LIMIT:,} more due; the Contacts "
                                "view lists them all.", st.note))
        return parts


def _white_small(st: Styles, ink: object = colors.white) -> object:
    from reportlab.lib.enums import TA_CENTER

    return ParagraphStyle("badge_label", parent=st.small, textColor=ink,
                          alignment=TA_CENTER)


def render_pdf(snap: ReportSnapshot, invariant: bool = False) -> bytes:
    """The report as PDF bytes; ``invariant`` makes the bytes repeatable for tests."""
    report = Report(snap)
    buffer = io.BytesIO()
    name = pt.shorten(pt.clean(snap.project_name), 70)
    doc = ReportDoc(
        buffer, header_left=name, header_right=f"Progress report · {long_date(snap.today)}",
        footer_left=("Mutual Checklist progress report · redacted copy" if snap.redacted else
                     "Mutual Checklist progress report"),
        title=f"Progress report: {pt.shorten(pt.clean(snap.project_name), 200)}",
        author=pt.shorten(pt.clean(snap.author), 200) or "Mutual Checklist",
        subject=f"Transition progress report, {long_date(snap.today)}",
        creator=f"Mutual Checklist {snap.app_version}", keywords="",
        lang="en-GB", invariant=1 if invariant else 0, initialFontName="MC-Sans")
    with pt.collect_uncovered() as missing:
        story = report.story()
    if missing:
        story.append(uncovered_note(missing))
    doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


def uncovered_note(missing: set[str]) -> Paragraph:
    """The closing note that lists characters the report font cannot draw."""
    shown = ", ".join(f"U+{ord(ch):04X}" for ch in sorted(missing)[:60])
    more = f" and {len(missing) - 60} more" if len(missing) > 60 else ""
    return Paragraph(f"Some characters cannot be shown in this report's font and appear as "
                     f"[U+…] markers: {shown}{more}.", Styles().note)


def write_pdf(snap: ReportSnapshot, path: Path, invariant: bool = False) -> int:
    """Write the report to ``path`` atomically; returns the page count."""
    data = render_pdf(snap, invariant)
    atomic.write_bytes_atomically(Path(path), data)
    return len(re.findall(rb"/Type /Page\b(?!s)", data))
