"""Every PDF the app writes uses the bundled DejaVu Sans, embedded: Welsh, Polish, Greek and
Cyrillic text comes back out intact; what the font cannot draw is marked and listed."""
from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pypdf
import pytest

from mutual_checklist import cli, resources
from mutual_checklist.domain.models import Barrier, Contact, Project
from mutual_checklist.export import pdf_style
from mutual_checklist.storage.repository import ProjectRepository

WELSH = "Gwasanaeth Dydd Ŵyn a Ŷr — ŵ ŷ"
POLISH = "Zażółć gęślą jaźń: ą ę ń ś ź ż Ł"
GREEK = "Συμβούλιο Αθηνών"
CYRILLIC = "Городской совет Київ"
TODAY = dt.date(2025, 3, 3)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    template = resources.find_bundled_template("mutual-2011")
    path = tmp_path_factory.mktemp("fonts") / "cymraeg.mutual"
    project = Project(uuid=uuid.uuid4().hex, name=WELSH, template_id=template.id,
                      template_version=template.version, organisation=POLISH, service=GREEK)
    with ProjectRepository.create(path, project, resources.template_text(template.id)) as repo:
        repo.save_barrier(Barrier(id="b1", title=CYRILLIC, category="pensions", likelihood=4,
                                  impact=4, mitigation=GREEK))
        repo.save_barrier(Barrier(id="b2", title="Unusual 漢字 title", category="pensions",
                                  likelihood=2, impact=2))
        repo.save_contact(Contact(id="c1", name="Łukasz Nowak", organisation=POLISH))
    return path


def fonts(reader: pypdf.PdfReader) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
    return found


def embedded(font: dict) -> bool:
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_report_keeps_every_script_and_embeds_every_font(project, tmp_path):
    out = tmp_path / "report.pdf"
    assert cli.run(["report", str(project), "-o", str(out), "--no-snapshot",
                    "--today", TODAY.isoformat()]) == 0
    reader = pypdf.PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for sample in (WELSH, POLISH, GREEK, CYRILLIC):
        assert sample in text, sample
    used = fonts(reader)
    assert used and all(embedded(f) for f in used.values()), list(used)
    assert all("DejaVu" in name or "MC-Sans" in name for name in used), list(used)
    # what the font cannot draw is a visible marker, and the report lists it
    assert "Unusual [U+6F22][U+5B57] title" in text
    assert "U+5B57, U+6F22" in text.replace("\n", " ")
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.dc_title["x-default"].startswith("Progress report")
    assert xmp.dc_language == ["en-GB"]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_portfolio_pdf_embeds_its_fonts(project, tmp_path):
    folder = tmp_path / "copies"
    folder.mkdir()
    assert cli.run(["review-copy", str(project), "-o", str(folder / "copy.mutual")]) == 0
    out = tmp_path / "portfolio.pdf"
    assert cli.run(["portfolio", str(folder), "-o", str(out)]) == 0
    reader = pypdf.PdfReader(out)
    used = fonts(reader)
    assert used and all(embedded(f) for f in used.values()), list(used)
    assert WELSH in reader.pages[0].extract_text()
    assert reader.xmp_metadata is not None


def contrast(colour) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in colour.rgb())
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_chart_colours_stand_out_from_white():
    assert {k: round(contrast(c), 2) >= 3 for k, c in pdf_style.STATUS_COLOURS.items()} == {
        k: True for k in pdf_style.STATUS_COLOURS}


def test_font_files_and_licence_ship_inside_the_package():
    for name in pdf_style.FONT_FILES:
        assert (pdf_style.FONTS / name).stat().st_size > 100_000
    assert "Bitstream" in (pdf_style.FONTS / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
