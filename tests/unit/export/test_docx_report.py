"""The Word report, opened with python-docx: real headings, header rows, alt text, en-GB."""
from __future__ import annotations

import datetime as dt

import docx
import pytest
from docx.oxml.ns import qn

from mutual_checklist import cli, resources
from mutual_checklist.demo import build_demo

TODAY = dt.date(2025, 3, 3)


@pytest.fixture(scope="module")
def word(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docx")
    path = folder / "demo.mutual"
    template = resources.find_bundled_template("mutual-2011")
    with build_demo(path, template, resources.template_text("mutual-2011"), TODAY):
        pass
    out = folder / "report.docx"
    assert cli.run(["report", str(path), "-o", str(out), "--no-snapshot",
                    "--today", TODAY.isoformat()]) == 0
    pdf = folder / "report.pdf"
    assert cli.run(["report", str(path), "-o", str(pdf), "--no-snapshot",
                    "--today", TODAY.isoformat()]) == 0
    return docx.Document(out), pdf


def test_sections_are_real_headings_like_the_pdf(word):
    document, pdf = word
    import pypdf

    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0][0] == "Title"
    level1 = [text for style, text in headings if style == "Heading 1"]
    assert level1[:2] == ["1. Executive summary", "2. Progress by phase"]
    outline = [item.title for item in pypdf.PdfReader(pdf).outline
               if not isinstance(item, list) and not item.title.startswith("Cover: ")]
    assert level1 == outline
    assert any(style == "Heading 2" for style, _ in headings)
    assert any(p.style.name == "List Bullet" for p in document.paragraphs)


def test_tables_have_marked_header_rows(word):
    document, _ = word
    marked = [t for t in document.tables
              if t.rows[0]._tr.trPr is not None
              and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(marked) >= 3
    phase_table = next(t for t in marked if t.rows[-1].cells[0].text == "All phases")
    assert phase_table.rows[0].cells[0].text == "Phase"
    assert all(run.bold for run in phase_table.rows[0].cells[0].paragraphs[0].runs)


def test_charts_have_alt_text_and_the_document_is_en_gb_with_a_title(word):
    document, _ = word
    alts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert alts and all(alt.startswith("Chart") for alt in alts)
    assert any("Options appraisal" in alt and "%" in alt for alt in alts)
    assert document.core_properties.title.startswith("Progress report: ")
    assert document.core_properties.language == "en-GB"
    lang = document.styles["Normal"].element.find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
