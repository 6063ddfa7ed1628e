"""The portfolio: one row per review copy in a folder, worst first, as CSV or a landscape PDF.

An adviser points this at the folder where leaders' review copies land. Every file is untrusted:
one that is not a project, is damaged, or is a leader's own project (not a review copy) is listed
as skipped with the reason and never stops the rest. Figures come from the same domain functions
as the app's dashboard and the `status` command, so they always agree.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.sax.saxutils import escape

from mutual_checklist.domain import progress, readiness, risk
from mutual_checklist.domain.csv_cells import protect
from mutual_checklist.domain.models import ChecklistTemplate, Contact, ProjectData, Rating
from mutual_checklist.export.redaction import Identifiers
from mutual_checklist.domain.templates import TemplateError, parse_template_text
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.storage.repository import ProjectRepository

ROWS_PER_PAGE = 25
_SIDECARS = ("-wal", "-shm", "-journal")  # SQLite's own files beside a database, not projects
MAX_CELL = 120
CSV_COLUMNS = ("Project", "Organisation", "Complete %", "Rating (leader)", "Rating (suggested)",
               "Overdue steps", "Red barriers", "Days to go-live", "Last updated",
               "Top barrier categories", "File")


@dataclass(frozen=True)
class PortfolioRow:
    file: str
    name: str
    organisation: str
    percent: int
    rating: Rating | None
    suggested: Rating
    overdue: int
    red_barriers: int
    days_to_go_live: int | None
    last_updated: str
    top_categories: tuple[str, ...]

    @property
    def worst_rating(self) -> Rating:
        return self.suggested if self.rating is None or self.suggested.rank > self.rating.rank \
            else self.rating


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str


@dataclass(frozen=True)
class Portfolio:
    folder: Path
    today: dt.date
    rows: tuple[PortfolioRow, ...]
    skipped: tuple[Skipped, ...]
    contacts: tuple[Contact, ...] = field(default=(), repr=False)
    """Contacts of the copies that were not redacted: scrubbed from the rows, and what
    `redaction.check_written` looks for in a written portfolio."""


def project_row(file: str, data: ProjectData, template: ChecklistTemplate, today: dt.date,
                last_updated: str) -> PortfolioRow:
    """One portfolio row from a project's data (pure).

    `data` needs only the project, step states, custom steps and barriers.
    """
    live = risk.live(data.barriers)
    counts = Counter(b.category for b in live)
    top = sorted(counts, key=lambda c: (-counts[c], template.category_title(c).casefold()))[:3]
    suggested, _ = readiness.suggested_rating(template, data, today)
    return PortfolioRow(
        file=file, name=data.project.name, organisation=data.project.organisation,
        percent=progress.overall_progress(template, data).percent, rating=data.project.rating,
        suggested=suggested, overdue=len(progress.overdue_steps(template, data, today)),
        red_barriers=sum(1 for b in live if risk.rag(b.score) == "red"),
        days_to_go_live=readiness.days_to_go_live(data.project, today)[1],
        last_updated=last_updated,
        top_categories=tuple(template.category_title(c) for c in top))


def concern_key(row: PortfolioRow) -> tuple[int, int, int, str, str]:
    """Worst rating (leader's or suggested, whichever is worse), then red barriers, then overdue."""
    return (-row.worst_rating.rank, -row.red_barriers, -row.overdue, row.name.casefold(),
            row.file)


def build_portfolio(folder: Path, today: dt.date,
                    fallback_template: Callable[[str], ChecklistTemplate | None] = lambda _: None,
                    ignore: frozenset[str] = frozenset()) -> Portfolio:
    """Read every file in `folder` (not sub-folders, hidden files or names in `ignore`)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise StorageError(f"{folder} is not a folder.")
    templates: dict[str, ChecklistTemplate] = {}
    rows, skipped, people = [], [], []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.name in ignore or path.name.endswith(_SIDECARS) \
                or not path.is_file():
            continue
        try:
            row, contacts = _read_one(path, today, templates, fallback_template)
            rows.append(row)
            people += contacts
        except _Skip as skip:
            skipped.append(Skipped(path.name, str(skip)))
        except StorageError as error:
            skipped.append(Skipped(path.name, str(error)))
        except Exception as error:  # a hostile file must never stop the portfolio
            skipped.append(Skipped(path.name, f"could not be read ({type(error).__name__})."))
    return Portfolio(folder, today, tuple(sorted(rows, key=concern_key)), tuple(skipped),
                     tuple(people))


class _Skip(Exception):
    pass


def _read_one(path: Path, today: dt.date, templates: dict[str, ChecklistTemplate],
              fallback: Callable[[str], ChecklistTemplate | None]
              ) -> tuple[PortfolioRow, list[Contact]]:
    """The row of one copy, scrubbed of its contacts' identifiers, and those contacts (none
    for a redacted copy, which holds no identifiers to find)."""
    with ProjectRepository.open(path, read_only=True) as repo:
        project = repo.project()
        if not project.is_review_copy:
            raise _Skip("a leader's own project file, not a review copy (ask for a review "
                        "copy instead).")
        text = repo.template_text()
        # Only what the row needs: history, contacts and interactions are the bulk of a file.
        data = ProjectData(project=project, step_states=repo.step_states(),
                           custom_steps=tuple(repo.custom_steps()),
                           barriers=tuple(repo.barriers()))
        changed = repo.last_change_at()
        contacts = [] if project.redacted else repo.contacts()
    template = None
    if text:
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if key not in templates:
            try:
                templates[key] = parse_template_text(text, f"{path.name} (stored checklist)")
            except TemplateError:
                raise _Skip("its stored checklist is damaged.") from None
        template = templates[key]
    template = template or fallback(project.template_id)
    if template is None:
        raise _Skip(f"it uses the checklist {project.template_id!r}, which is not available.")
    row = project_row(path.name, data, template, today, changed)
    if contacts:
        ids = Identifiers.for_contacts(contacts)
        row = replace(row, name=ids.scrub(row.name), organisation=ids.scrub(row.organisation),
                      file=ids.scrub(row.file))
    return row, contacts


# --- CSV -----------------------------------------------------------------------------------------


def neutralise(value: object) -> str:
    """A cell a spreadsheet shows as text (`csv_cells.protect`, the app's one CSV rule)."""
    return protect("" if value is None else str(value).replace("\x00", ""))


def _rating(rating: Rating | None) -> str:
    return rating.label if rating else "Not set"


def _uk_datetime(stamp: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return ""  # not a timestamp: untrusted text is not shown in a figure column
    return moment.strftime("%d/%m/%Y")


def _cells(row: PortfolioRow) -> list[object]:
    return [row.name, row.organisation, row.percent, _rating(row.rating), _rating(row.suggested),
            row.overdue, row.red_barriers,
            "" if row.days_to_go_live is None else row.days_to_go_live,
            _uk_datetime(row.last_updated), "; ".join(row.top_categories), row.file]


def to_csv(portfolio: Portfolio) -> str:
    """UTF-8 text with a BOM (Excel reads it as UTF-8), CRLF rows, every text cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in portfolio.rows:
        writer.writerow([c if isinstance(c, int) else neutralise(c) for c in _cells(row)])
    return "\ufeff" + buffer.getvalue()


# --- PDF -----------------------------------------------------------------------------------------

_RATING_COLOURS = {Rating.GREEN: "#c8e6c9", Rating.AMBER_GREEN: "#e6ee9c",
                   Rating.AMBER: "#ffe0b2", Rating.AMBER_RED: "#ffccbc", Rating.RED: "#ef9a9a"}
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def pdf_text(value: object, limit: int = MAX_CELL) -> str:
    """User text made safe for a reportlab Paragraph: no control or bidi characters, capped,
    then XML-escaped so markup shows literally."""
    text = "" if value is None else str(value)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
                   for ch in text[: limit * 4]
                   if unicodedata.category(ch) not in ("Cf", "Cs", "Co") and ch not in _INVISIBLE)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    from mutual_checklist.export import pdf_text as pt

    return escape(pt.cover(text))


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def to_pdf(portfolio: Portfolio, generated_at: dt.datetime | None = None) -> bytes:
    """A landscape A4 table, about 25 projects a page, skipped files listed at the end."""
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import (LongTable, PageBreak, Paragraph, SimpleDocTemplate, Spacer,
                                    TableStyle)

    from mutual_checklist.export.pdf_style import BOLD, SANS, describe, register_fonts

    rl_config.trustedHosts = None
    rl_config.trustedSchemes = []
    generated_at = generated_at or dt.datetime.now()
    register_fonts()  # the report's embedded DejaVu Sans, never the unembedded base 14 fonts
    styles = getSampleStyleSheet()
    for name in ("Title", "BodyText", "Heading2"):
        styles[name].fontName = BOLD if name != "BodyText" else SANS
        styles[name].bulletFontName = SANS
    cell = ParagraphStyle("cell", parent=styles["BodyText"], fontSize=7.5, leading=9,
                          wordWrap="CJK", fontName=SANS)
    head = ParagraphStyle("head", parent=cell, fontName=BOLD, wordWrap=None)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
        topMargin=14 * mm, bottomMargin=12 * mm, title="Portfolio of mutual transitions",
        author="Mutual Checklist", subject=_count(len(portfolio.rows), "project"), lang="en-GB",
        initialFontName=SANS)
    story = [Paragraph("Portfolio of mutual transitions", styles["Title"]),
             Paragraph(escape(f"{_count(len(portfolio.rows), 'project')} from review copies, "
                              "worst first "
                              f"(rating, then red barriers, then overdue steps). As of "
                              f"{portfolio.today:%d/%m/%Y}; generated "
                              f"{generated_at:%d/%m/%Y %H:%M}."), styles["BodyText"]),
             Spacer(1, 4 * mm)]
    header = ["Project", "Organisation", "Done", "Rating", "Suggested", "Overdue steps",
              "Red barriers", "Days to go-live", "Last updated", "Top barrier categories"]
    widths = [58, 44, 12, 20, 20, 16, 15, 17, 21, 50]
    style = TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde3ea")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa5b1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), SANS, 7.5, 9),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ])
    body = []
    for row in portfolio.rows:
        days = "—" if row.days_to_go_live is None else str(row.days_to_go_live)
        # Figures we produced ourselves are plain cells (drawn as is, and much faster);
        # the user's text goes through pdf_text into wrapping paragraphs.
        body.append([Paragraph(pdf_text(row.name, 80), cell),
                     Paragraph(pdf_text(row.organisation, 60), cell), f"{row.percent}%",
                     _rating(row.rating), _rating(row.suggested), str(row.overdue),
                     str(row.red_barriers), days, _uk_datetime(row.last_updated),
                     Paragraph(pdf_text("; ".join(row.top_categories), 110), cell)])
    top = [Paragraph(escape(h), head) for h in header]
    if not body:
        story.append(Paragraph("No review copies were found in this folder.", styles["BodyText"]))
    for start in range(0, len(body), ROWS_PER_PAGE):
        if start:
            story.append(PageBreak())
        grid = LongTable([top, *body[start:start + ROWS_PER_PAGE]],
                         colWidths=[w * mm for w in widths], repeatRows=1)
        grid.setStyle(style)
        for offset, row in enumerate(portfolio.rows[start:start + ROWS_PER_PAGE], start=1):
            for column, rating in ((3, row.rating), (4, row.suggested)):
                if rating is not None:
                    grid.setStyle([("BACKGROUND", (column, offset), (column, offset),
                                    colors.HexColor(_RATING_COLOURS[rating]))])
        story.append(grid)
    if portfolio.skipped:
        story += [Spacer(1, 6 * mm), Paragraph("Files skipped", styles["Heading2"])]
        story += [Paragraph(f"{pdf_text(s.file, 100)}: {pdf_text(s.reason, 300)}", cell)
                  for s in portfolio.skipped]

    def footer(canvas, document) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(SANS, 7.5)
        canvas.drawRightString(landscape(A4)[0] - 12 * mm, 7 * mm, f"Page {document.page}")
        canvas.drawString(12 * mm, 7 * mm, "Mutual Checklist — portfolio")
        canvas.restoreState()
        describe(canvas)

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
