"""The report's options appraisal section, read back from the PDF."""
from __future__ import annotations

import dataclasses

from mutual_checklist.domain.appraisal import Score
from mutual_checklist.export.pdf_report import render_pdf
from mutual_checklist.export.snapshot import ReportOptions, ReportSnapshot, build_snapshot
from tests.unit.export.test_pdf_report import (  # noqa: F401 - shared fixtures
    STAMP,
    TODAY,
    demo_data,
    squash,
    template,
    text_of,
)


def test_section_shows_ranking_sensitivity_evidence_and_funding(template, demo_data):  # noqa: F811
    snap = build_snapshot(template, demo_data, TODAY, ReportOptions(sections=("appraisal",)),
                          STAMP)
    text = squash(text_of(render_pdf(snap, invariant=True)))
    for expected in ("Options appraisal and funding model",
                     "“Employee-owned mutual” leads with 3.80 out of 5, 0.60 ahead",
                     "Community interest company limited by guarantee",
                     "Baseline: doing nothing",
                     "The result changes only if risk weighs more than 34.6 %",
                     "“Social value” cannot change the result",
                     "Indicative staff vote: 78 % in favour",
                     "Suggested: A mix: a contract with part of the payment on results",
                     "National Audit Office"):
        assert squash(expected) in text, expected
    assert ReportSnapshot.from_json(snap.to_json()) == snap


def test_redacted_report_leaves_out_evidence_notes(template, demo_data):  # noqa: F811
    snap = build_snapshot(template, demo_data, TODAY, ReportOptions(redact=True), STAMP)
    text = squash(text_of(render_pdf(snap)))
    assert squash("leads with 3.80") in text
    assert squash("78 % in favour of a staff-owned mutual") not in text


def test_hostile_option_names_and_notes_are_shown_literally(template, demo_data):  # noqa: F811
    appraisal = demo_data.appraisal
    mutual = appraisal.options[3]
    hostile = "<b>bold</b> & <img src='x.png'/> =HYPERLINK(1)"
    appraisal = appraisal.with_option(dataclasses.replace(mutual, name=hostile))
    appraisal = appraisal.with_cell(Score(mutual.id, "risk", 2, "<a href='http://x'>\u202eevil"))
    data = dataclasses.replace(demo_data, appraisal=appraisal)
    snap = build_snapshot(template, data, TODAY, ReportOptions(sections=("appraisal",)), STAMP)
    text = squash(text_of(render_pdf(snap)))
    assert squash(hostile) in text and squash("<a href='http://x'>[U+202E]evil") in text


def test_no_section_without_an_appraisal(template, demo_data):  # noqa: F811
    data = dataclasses.replace(demo_data, appraisal=None)
    snap = build_snapshot(template, data, TODAY, ReportOptions(), STAMP)
    assert snap.appraisal is None
    assert "Options appraisal and funding model" not in text_of(render_pdf(snap))


def test_old_snapshots_without_the_section_still_load(template, demo_data):  # noqa: F811
    import json

    snap = build_snapshot(template, demo_data, TODAY, ReportOptions(), STAMP)
    old = json.loads(snap.to_json())
    del old["appraisal"]
    assert ReportSnapshot.from_json(json.dumps(old)).appraisal is None
