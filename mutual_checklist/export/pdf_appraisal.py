"""The "Options appraisal and funding model" section of the PDF report (called from pdf_report).

Everything the leader typed goes through ``report.u``/``report.c`` (escaped, cut, invisible
characters shown), like the rest of the report.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from mutual_checklist.export.pdf_style import ACCENT, data_table, WIDTH

if TYPE_CHECKING:
    from mutual_checklist.export.pdf_report import Report


def section(report: Report) -> list[Flowable]:
    summary = report.s.appraisal
    st = report.st
    if summary is None:  # no appraisal started: nothing to say, no empty section
        return []
    parts: list[Flowable] = [report.h1("Options appraisal and funding model")]
    parts.append(report.p(f"<b>{report.u(summary.verdict, 800)}</b>", st.lead))
    parts.append(report.p("Each option is scored 1 to 5 on each criterion (5 is best: for risk, "
                          "the lowest risk; for time and cost, the quickest and cheapest). The "
                          "total is the weighted average, out of 5. Options not scored on every "
                          "criterion are not ranked.", st.note))
    parts += _score_table(report)
    if summary.sensitivity:
        parts.append(report.h2("How firm is the result"))
        parts += report.bullets([report.u(s, 600) for s in summary.sensitivity])
    if summary.leader_evidence:
        parts.append(report.h2(f"Why “{report.u(summary.leader, 200)}” scored as it did"))
        rows: list[list[object]] = [["Criterion", "Score", "Evidence"]]
        rows += [[report.c(e.criterion), "–" if e.score is None else str(e.score),
                  report.c(e.evidence or "No note recorded.", st.cell if e.evidence
                           else st.cell_muted)] for e in summary.leader_evidence]
        parts.append(data_table(rows, [52 * mm, 14 * mm, WIDTH - 66 * mm], numeric_cols=(1,)))
    parts.append(report.h2("Funding model"))
    parts.append(report.p(f"<b>Suggested: {report.u(summary.funding_label, 200)}</b>"))
    parts += report.bullets([report.u(r, 600) for r in summary.funding_reasons])
    if summary.funding_answers:
        rows = [["Question", "Answer"]]
        rows += [[report.c(q), report.c(a)] for q, a in summary.funding_answers]
        parts.append(data_table(rows, [WIDTH * 0.62, WIDTH * 0.38]))
    if summary.sources:
        parts.append(report.p("Sources behind these suggestions: " + "; ".join(
            f"{report.u(title, 300)} ({report.u(url, 300)})" for title, url in summary.sources)
            + ". A starting point for talking with the commissioner, not financial advice.",
            st.note))
    return parts


def _score_table(report: Report) -> list[Flowable]:
    summary, st = report.s.appraisal, report.st
    n = len(summary.criteria)
    name_w, total_w, rank_w = 46 * mm, 13 * mm, 11 * mm
    score_w = (WIDTH - name_w - total_w - rank_w) / max(n, 1)
    head: list[object] = ["Option"]
    head += [Paragraph(f"{report.u(_first_word(name), 30)}<br/>{share:g} %", _head_small(st))
             for name, share in summary.criteria]
    head += ["Total", "Rank"]
    rows: list[list[object]] = [head]
    extra = []
    for i, option in enumerate(summary.options, start=1):
        label = report.u(option.name, 200)
        if option.legal_form:
            label += f"<br/><font size=7 color='#5F6B7A'>{report.u(option.legal_form, 120)}</font>"
        if option.baseline:
            label += "<br/><font size=7 color='#5F6B7A'>Baseline: doing nothing</font>"
        rows.append([Paragraph(label, st.cell)]
                    + ["–" if s is None else str(s) for s in option.scores]
                    + ["–" if option.total is None else f"{option.total:.2f}",
                       "–" if option.rank is None else str(option.rank)])
        if option.rank == 1:
            extra.append(("TEXTCOLOR", (n + 1, i), (n + 2, i), ACCENT))
            extra.append(("FONT", (n + 1, i), (n + 2, i), "MC-Sans-Bold", 8, 10.2))
    cols = tuple(range(1, n + 3))
    key = "; ".join(f"{report.u(_first_word(name), 30)}: {report.u(name, 200)}"
                    for name, _ in summary.criteria if _first_word(name) != name)
    table = data_table(rows, [name_w] + [score_w] * n + [total_w, rank_w], numeric_cols=cols,
                       extra=extra)
    return [table, report.p(f"Columns: {key}.", st.note)] if key else [table]


def _first_word(name: str) -> str:
    return name.split()[0] if name.split() else name


def _head_small(st: object) -> object:
    from reportlab.lib.colors import white
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("appraisal_head", parent=st.head,  # type: ignore[attr-defined]
                          fontSize=7.2, leading=8.6, textColor=white, splitLongWords=0,
                          alignment=2)
