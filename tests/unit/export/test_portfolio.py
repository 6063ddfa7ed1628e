"""The portfolio over a folder of review copies: rows, order, skipped files, CSV and PDF read back."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid

import pytest
from pypdf import PdfReader

from mutual_checklist import cli, resources
from mutual_checklist.domain.models import Barrier, Project, Rating
from mutual_checklist.export import portfolio
from mutual_checklist.export.portfolio import PortfolioRow
from mutual_checklist.export.review_copy import write_review_copy
from mutual_checklist.storage.repository import ProjectRepository

TODAY = dt.date(2025, 3, 3)
HOSTILE_NAME = '=HYPERLINK("http://evil")<b>Bold</b> & Co \u202eSpin-out'


def _project(folder, name, organisation, *, rating=None, red=0):
    template = resources.find_bundled_template("mutual-2011")
    project = Project(uuid=uuid.uuid4().hex, name=name, organisation=organisation,
                      template_id=template.id, template_version=template.version)
    path = folder / f"{uuid.uuid4().hex}.leader"
    with ProjectRepository.create(path, project, resources.template_text("mutual-2011"),
                                  clock=lambda: f"{TODAY.isoformat()}T09:00:00Z") as repo:
        repo.set_go_live(TODAY + dt.timedelta(days=400))
        if rating:
            repo.set_rating(rating, "Board has lost confidence")
        for n in range(red):
            repo.save_barrier(Barrier(f"b{n}", f"Red barrier {n}", "pensions", 5, 4))
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    from mutual_checklist.demo import build_demo

    work, inbox = tmp_path_factory.mktemp("work"), tmp_path_factory.mktemp("inbox")
    template = resources.find_bundled_template("mutual-2011")
    with build_demo(inbox / "northbrook-own.mutual", template,
                    resources.template_text("mutual-2011"), TODAY) as repo:
        write_review_copy(repo, inbox / "northbrook.mutual", redacted=True)
    for name, org, rating, red, file in (
            ("Eastfield Youth Services", "Eastfield Council", Rating.RED, 3, "eastfield.mutual"),
            (HOSTILE_NAME, "@SUM(1)", None, 0, "hostile.mutual")):
        source = _project(work, name, org, rating=rating, red=red)
        with ProjectRepository.open(source, read_only=True) as repo:
            write_review_copy(repo, inbox / file, redacted=False)
    (inbox / "notes.txt").write_text("not a project\n", encoding="utf-8")
    damaged = (inbox / "eastfield.mutual").read_bytes()
    (inbox / "zz-damaged.mutual").write_bytes(damaged[:100] + b"\xff" * 4096 + damaged[4196:])
    return inbox


def test_rows_figures_order_and_skipped_files(folder):
    found = portfolio.build_portfolio(folder, TODAY)
    # Rated Red first, then the demo (Amber, partly late); a project created today with go-live
    # 400 days away has nothing overdue and comes last.
    assert [r.file for r in found.rows] == ["eastfield.mutual", "northbrook.mutual",
                                            "hostile.mutual"]
    east, north, hostile = found.rows
    assert (east.rating, east.red_barriers, east.percent, east.days_to_go_live) == (
        Rating.RED, 3, 0, 400)
    assert east.top_categories == ("Pensions",)
    with ProjectRepository.open(folder / "northbrook-own.mutual", read_only=True) as repo:
        status = cli.status_report(repo, TODAY)
    assert north.percent == status["progress"]["percent"]
    assert north.overdue == len(status["overdue"])
    assert north.suggested.value == status["rating"]["suggested"]
    assert north.red_barriers == sum(1 for b in status["top_barriers"] if b["rag"] == "red")
    assert len(north.top_categories) == 3 and north.last_updated.startswith("2025-03-01")
    assert hostile.name == HOSTILE_NAME
    assert (hostile.rating, hostile.suggested, hostile.overdue) == (None, Rating.GREEN, 0)
    skipped = {s.file: s.reason for s in found.skipped}
    assert set(skipped) == {"northbrook-own.mutual", "notes.txt", "zz-damaged.mutual"}
    assert "not a review copy" in skipped["northbrook-own.mutual"]
    assert "not a Mutual Checklist project" in skipped["notes.txt"]
    assert "damaged" in skipped["zz-damaged.mutual"] or "not a Mutual" in \
        skipped["zz-damaged.mutual"]


def test_concern_order_is_rating_then_red_then_overdue():
    def row(name, rating, suggested, red, overdue):
        return PortfolioRow(name, name, "", 0, rating, suggested, overdue, red, None, "", ())

    rows = [row("a", Rating.GREEN, Rating.GREEN, 0, 9), row("b", Rating.AMBER, Rating.GREEN, 1, 0),
            row("c", Rating.AMBER, Rating.GREEN, 1, 3), row("d", None, Rating.RED, 0, 0),
            row("e", Rating.GREEN, Rating.AMBER_RED, 0, 0)]
    assert [r.name for r in sorted(rows, key=portfolio.concern_key)] == ["d", "e", "c", "b", "a"]


def test_cli_csv(folder, tmp_path, capsys):
    out = tmp_path / "portfolio.csv"
    code = cli.run(["portfolio", str(folder), "-o", str(out), "--today", TODAY.isoformat()])
    printed = capsys.readouterr().out
    assert code == 0 and "Wrote a portfolio of 3 project(s)" in printed
    assert "Skipped notes.txt: " in printed and "Skipped zz-damaged.mutual: " in printed
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(portfolio.CSV_COLUMNS)
    assert [r[0] for r in rows[1:]] == ["Eastfield Youth Services",
                                        "Northbrook Day Opportunities spin-out",
                                        "'" + HOSTILE_NAME]
    assert rows[3][1] == "'@SUM(1)"
    assert rows[1][2:8] + rows[1][9:] == ["0", "Red", "Red", "0", "3", "400", "Pensions",
                                          "eastfield.mutual"]
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", rows[1][8])  # last updated, UK date
    assert rows[3][3] == "Not set"


def test_cli_pdf_reads_back(folder, tmp_path, capsys):
    out = tmp_path / "portfolio.pdf"
    assert cli.run(["portfolio", str(folder), "-o", str(out), "--today", "2025-03-03"]) == 0
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 1
    assert reader.metadata.title == "Portfolio of mutual transitions"
    page = reader.pages[0].mediabox
    assert float(page.width) > float(page.height)  # landscape
    for expected in ("Eastfield Youth Services", "Northbrook Day Opportunities", "<b>Bold</b>",
                     "& Co", "=HYPERLINK", "Files skipped", "notes.txt", "zz-damaged.mutual",
                     "not a review copy", "Amber"):
        assert expected in text, expected
    assert text.index("Eastfield") < text.index("Northbrook Day") < text.index("HYPERLINK")
    assert "\u202e" not in text


def test_pdf_has_about_25_projects_a_page():
    def rows(name):
        return tuple(PortfolioRow(f"f{n}.mutual", name.format(n), "Org", n, Rating.AMBER,
                                  Rating.AMBER, 0, 0, n, "2025-03-01T10:00:00Z", ("Pensions",))
                     for n in range(60))

    def pages(name):
        pdf = portfolio.to_pdf(portfolio.Portfolio(portfolio.Path("."), TODAY, rows(name), ()))
        return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    usual = pages("Project {:02d} day services spin-out")
    assert len(usual) == 3
    assert "Project 24" in usual[0] and "Project 25" not in usual[0]
    huge = pages("Project {:02d} " + "x" * 100_000)  # long names wrap, capped, never overflow
    assert all(f"Project {n:02d}" in "".join(huge) for n in range(60))
    assert "x" * 200 not in "".join(huge).replace("\n", "")


def test_an_empty_or_missing_folder(tmp_path, capsys):
    out = tmp_path / "out" / "p.pdf"
    out.parent.mkdir()
    (tmp_path / "empty").mkdir()
    assert cli.run(["portfolio", str(tmp_path / "empty"), "-o", str(out)]) == 0
    assert "No review copies" in PdfReader(out).pages[0].extract_text()
    assert cli.run(["portfolio", str(tmp_path / "nope"), "-o", str(out)]) == 1
    assert "is not a folder" in capsys.readouterr().err
    assert cli.run(["portfolio", str(tmp_path / "empty"), "-o", str(tmp_path / "p.xlsx")]) == 1
