"""The PDF progress report, read back with pypdf and checked against the project it came from."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import time
import uuid

import pypdf
import pytest

from mutual_checklist import cli, resources
from mutual_checklist.demo import build_demo
from mutual_checklist.domain import progress, readiness, risk
from mutual_checklist.domain.models import (
    Barrier,
    Contact,
    Project,
    StepState,
    StepStatus,
)
from mutual_checklist.export.pdf_report import render_pdf
from mutual_checklist.export.snapshot import (
    ReportOptions,
    ReportSnapshot,
    build_snapshot,
)
from mutual_checklist.storage.repository import ProjectRepository

TODAY = dt.date(2025, 3, 3)
STAMP = "2025-03-03T10:00:00+00:00"


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    """Text without whitespace, so words wrapped across lines still match."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def template():
    return resources.find_bundled_template("mutual-2011")


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory, template):
    path = tmp_path_factory.mktemp("demo") / "demo.mutual"
    with build_demo(path, template, resources.template_text("mutual-2011"), TODAY) as repo:
        return repo.load_all()


@pytest.fixture(scope="module")
def demo_pdf(template, demo_data):
    snap = build_snapshot(template, demo_data, TODAY, ReportOptions(), STAMP)
    return snap, render_pdf(snap, invariant=True)


def test_sections_and_figures_match_the_project(template, demo_data, demo_pdf):
    _, pdf = demo_pdf
    text = text_of(pdf)
    flat = squash(text)
    for heading in ("Executive summary", "Progress by phase", "Since the last report",
                    "Overdue and due in the next four weeks", "Decision gates",
                    "Barriers and risks", "What blocks what", "Decisions and asks",
                    "Stakeholders", "Appendix A. Full checklist status",
                    "Appendix B. Full barrier register", "Appendix C. Definitions"):
        assert squash(heading) in flat, heading
    overall = progress.overall_progress(template, demo_data)
    overdue = progress.overdue_steps(template, demo_data, TODAY)
    assert squash(f"{overall.percent}% of applicable steps are done ({overall.done} of "
                  f"{overall.applicable})") in flat
    assert squash(f"done ({overall.done} of {overall.applicable} steps)") in flat
    assert f"Overdue ({len(overdue)})" in text
    assert squash(overdue[0].title) in flat
    for barrier in risk.live(demo_data.barriers):
        assert squash(barrier.title) in flat
    chosen = demo_data.project.rating
    suggested, reasons = readiness.suggested_rating(template, demo_data, TODAY)
    assert f"delivery confidence as {chosen.label}." in text  # the leader's rating
    if suggested is chosen:
        assert f"The evidence agrees: {suggested.label}" in text
    else:
        assert f"The evidence suggests {suggested.label}" in text
    assert squash(reasons[0]) in flat
    assert "This is the first report issued" in text
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_metadata_outline_and_language(demo_pdf):
    _, pdf = demo_pdf
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Progress report: Northbrook Day Opportunities spin-out"
    assert reader.metadata.author == "Sam Carter"
    assert reader.metadata.subject == "Transition progress report, 3 March 2025"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "1. Executive summary" in titles and "Appendix C. Definitions" in titles
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4


def test_invariant_builds_are_byte_identical(template, demo_data):
    snap = build_snapshot(template, demo_data, TODAY, ReportOptions(), STAMP)
    assert render_pdf(snap, invariant=True) == render_pdf(snap, invariant=True)


def test_snapshot_survives_json(demo_pdf):
    snap, _ = demo_pdf
    assert ReportSnapshot.from_json(snap.to_json()) == snap
    with pytest.raises(ValueError):
        ReportSnapshot.from_json("[1, 2]")


def test_no_contact_details_by_default(demo_data, demo_pdf, template):
    _, pdf = demo_pdf
    text = text_of(pdf)
    for contact in demo_data.contacts:
        for value in (contact.name, contact.email, contact.phone):
            assert value not in text and squash(value) not in squash(text), value
    named = build_snapshot(template, demo_data, TODAY, ReportOptions(include_names=True), STAMP)
    assert "Helen Marsh" in text_of(render_pdf(named))  # the check above can fail


def test_redacted_report_drops_people_and_notes(template, demo_data):
    snap = build_snapshot(template, demo_data, TODAY,
                          ReportOptions(redact=True, include_names=True, author="Report Writer"),
                          STAMP)
    text = text_of(render_pdf(snap))
    assert "Sam Carter" not in text  # barrier owners are people's names: left out
    assert "Report Writer" in text  # the leader who wrote the report still signs it
    assert "GP practices still to be written to" not in text  # a step note
    assert "redacted" in text


HOSTILE = ['<b>bold', '<img src=/etc/passwd>', '<a href="javascript:x">link</a>', 'Tom & Jerry',
           '=HYPERLINK("http://x","y")']


def _hostile_data(tmp_path, template):
    path = tmp_path / "hostile.mutual"
    project = Project(uuid=uuid.uuid4().hex, name=" ".join(HOSTILE), template_id=template.id,
                      template_version=template.version, organisation="<i>Org</i> & co",
                      author="\u202eevil")
    with ProjectRepository.create(path, project, resources.template_text(template.id)) as repo:
        repo.set_go_live(TODAY + dt.timedelta(weeks=20))
        for n, title in enumerate(HOSTILE):
            repo.save_barrier(Barrier(id=f"b{n}", title=title, category="pensions",
                                      likelihood=5, impact=4, mitigation="x" * 100_000,
                                      linked_steps=("S1-01",)))
        repo.save_step_state(StepState("S1-01", StepStatus.BLOCKED, blocked_by="b1",
                                       notes="A" * 100_000))
        repo.save_step_state(StepState("S1-02", StepStatus.IN_PROGRESS,
                                       notes=("word " * 40_000) + "\n" + "\u202eRTL"))
        repo.save_contact(Contact(id="c1", name="<script>Ann</script>", stakeholder_type="x",
                                  next_contact_date=TODAY - dt.timedelta(days=3)))
        data = repo.load_all()
    # NUL cannot be stored, but reaches exports from other paths (imports, future fields).
    return dataclasses.replace(data, project=dataclasses.replace(
        data.project, service="before\x00after"))


def test_hostile_text_is_literal_and_fast(tmp_path, template):
    data = _hostile_data(tmp_path, template)
    started = time.perf_counter()
    snap = build_snapshot(template, data, TODAY, ReportOptions(include_names=True), STAMP)
    pdf = render_pdf(snap)
    elapsed = time.perf_counter() - started
    text = text_of(pdf)
    flat = squash(text)
    for value in HOSTILE + ["<script>Ann</script>", "<i>Org</i> & co"]:
        assert squash(value) in flat, value
    assert "before[U+0000]after" in flat
    assert "[U+202E]evil" in flat and "[U+202E]RTL" not in flat  # note cut before the end
    assert squash("(shortened: 100,000 characters)") in flat
    assert squash("(shortened: 200,005 characters)") in flat
    for marker in (b"/URI", b"/Annots", b"/JavaScript", b"/JS ", b"/Launch"):
        assert marker not in pdf, marker  # no link or action made from user text
    assert b"/Subtype /Image" not in pdf
    assert elapsed < 5, f"hostile report took {elapsed:.1f} s"


def test_second_report_lists_what_was_done_in_between(tmp_path, template):
    path = tmp_path / "demo.mutual"
    with build_demo(path, template, resources.template_text("mutual-2011"), TODAY):
        pass
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    assert cli.run(["report", str(path), "-o", str(first), "--today", "2025-03-03"]) == 0
    with ProjectRepository.open(path) as repo:
        assert repo.latest_snapshot() is not None
        state = repo.step_state("S4-03")
        repo.save_step_state(dataclasses.replace(state, status=StepStatus.DONE,
                                                 completed_on=dt.date(2025, 3, 10)))
    assert cli.run(["report", str(path), "-o", str(second), "--today", "2025-03-17"]) == 0
    text = text_of(second.read_bytes())
    since = text[text.index("Since the last report"):text.index("Overdue and due in")]
    assert "Steps done since the last report (1)" in since
    assert squash("Incorporate or register the new body and set up its accounts") in \
        squash(since)
    assert "first report" not in since
    assert "3 March 2025 to 17 March 2025" in text_of(second.read_bytes())


def test_draft_report_is_not_recorded(tmp_path, template):
    path = tmp_path / "demo.mutual"
    with build_demo(path, template, resources.template_text("mutual-2011"), TODAY):
        pass
    out = tmp_path / "draft.pdf"
    assert cli.run(["report", str(path), "-o", str(out), "--no-snapshot"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    with ProjectRepository.open(path, read_only=True) as repo:
        assert repo.latest_snapshot() is None
    assert cli.run(["report", str(path), "-o", str(out), "--redact", "--include-names"]) == 1


def test_report_says_when_the_evidence_disagrees(template, demo_data):
    from mutual_checklist.domain.models import Rating

    data = dataclasses.replace(demo_data, project=dataclasses.replace(
        demo_data.project, rating=Rating.GREEN, rating_reason="All fine."))
    suggested, _ = readiness.suggested_rating(template, data, TODAY)
    assert suggested is not Rating.GREEN
    text = text_of(render_pdf(build_snapshot(template, data, TODAY, ReportOptions(), STAMP)))
    assert "delivery confidence as Green. All fine." in text
    assert f"The evidence suggests {suggested.label}" in text


def test_leaving_out_optional_sections(template, demo_data):
    full = text_of(render_pdf(build_snapshot(template, demo_data, TODAY, ReportOptions(), STAMP)))
    titles = ("Executive summary", "Progress by phase", "Since the last report",
              "Overdue and due in the next four weeks", "Decision gates", "Barriers and risks",
              "What blocks what", "Decisions and asks", "Stakeholders")

    def headings(text: str) -> list[str]:
        return [line.split(". ", 1)[1] for line in text.splitlines()
                if re.match(r"^\d+\. ", line) and line.split(". ", 1)[1] in titles]

    assert headings(full) == list(titles)
    snap = build_snapshot(template, demo_data, TODAY,
                          ReportOptions(sections=("risks", "gates")), STAMP)
    short = text_of(render_pdf(snap))
    assert headings(short) == ["Executive summary", "Progress by phase", "Decision gates",
                               "Barriers and risks"]
    assert len(short) < len(full) / 2  # no appendices
    assert "Appendix" not in short  # and nothing points to them
    assert snap.sections == ("risks", "gates")
    assert type(snap).from_json(snap.to_json()).sections == ("risks", "gates")
