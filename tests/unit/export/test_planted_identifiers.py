"""Planted identifiers: every output with a "leave out personal data" choice, read back whole.

Contacts' names (any case, with titles), emails (any case) and phones (UK forms) are planted in
every free-text field a leader can type into. Each redacted output is then read as a recipient
would read it (raw bytes, and for PDF the extracted text, metadata and bookmarks) and searched
for every planted spelling: none may be found. The same outputs made without redaction must show
the markers, so the search is shown to work.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import stat

import pytest

from mutual_checklist import app
from mutual_checklist.domain.models import (
    Barrier,
    Comment,
    CommentTarget,
    Contact,
    CustomStep,
    Interaction,
)
from mutual_checklist.export import redaction
from mutual_checklist.storage.repository import ProjectRepository

TODAY = dt.date(2025, 3, 3)
PRIYA = Contact("c-priya", "Priya Venkataraman", role="Head of HR",
                email="P.Venkataraman@Example.org", phone="0161 496 0000")
SIOBHAN = Contact("c-siobhan", "Cllr Siobhan Quigley", role="Portfolio holder",
                  email="siobhan.quigley@council.example.gov.uk", phone="07700 900123")
GARETH = Contact("c-gareth", "Gareth Lloyd-Jones", role="Finance lead",
                 email="g.lloyd-jones@example.org", phone="+44 (0)20 7946 0999")
CONTACTS = (PRIYA, SIOBHAN, GARETH)

# Every spelling a leader might type: full names in any case and with titles, lone surnames,
# emails in any case, phones in the usual UK forms.
MARKERS = (
    "Priya Venkataraman", "PRIYA VENKATARAMAN", "priya venkataraman", "Dr Venkataraman",
    "Mrs Priya Venkataraman", "venkataraman", "P.VENKATARAMAN@EXAMPLE.ORG",
    "p.venkataraman@example.org", "+44 (0)161 496 0000", "0161-496-0000", "01614960000",
    "0044 161 496 0000", "Siobhan Quigley", "Cllr Quigley", "SIOBHAN QUIGLEY", "quigley",
    "Siobhan.Quigley@Council.Example.Gov.UK", "07700 900123", "+44 7700 900123",
    "07700900123", "Gareth Lloyd-Jones", "Mr Lloyd-Jones", "gareth lloyd-jones",
    "G.Lloyd-Jones@example.org", "020 7946 0999", "+44 20 7946 0999", "(020) 7946-0999",
)


def _marker(n: int) -> str:
    return MARKERS[n % len(MARKERS)]


def _plant(repo: ProjectRepository) -> int:
    """Plant the markers in every free-text field; returns how many fields were planted."""
    n = 0

    def m() -> str:
        nonlocal n
        n += 1
        return f"see {_marker(n - 1)} re this"

    for contact in CONTACTS:
        repo.save_contact(contact)
    repo.update_project(name=f"Leisure mutual for {m()}", service=m(), organisation=m(),
                        author=m())
    repo.set_go_live(TODAY + dt.timedelta(days=300), m())
    repo.set_go_live(TODAY + dt.timedelta(days=320), m())
    repo.update_project(rating_reason=m())
    for step_id in ("S1-01", "S1-02", "S2-01"):
        state = repo.step_state(step_id)
        repo.save_step_state(dataclasses.replace(state, notes=m(), owner=m(),
                                                 due_date=TODAY + dt.timedelta(days=10)))
    state = repo.step_state("S1-03")
    repo.save_step_state(dataclasses.replace(state, status=state.status.NOT_APPLICABLE,
                                             na_reason=m()))
    for k in range(3):
        repo.save_barrier(Barrier(
            id=f"b-planted-{k}", title=m(), category="pensions", likelihood=5, impact=5,
            description=m(), owner=m(), mitigation=m(), linked_steps=("S1-01",)))
    state = repo.step_state("S1-04")
    repo.save_step_state(dataclasses.replace(state, status=state.status.BLOCKED,
                                             blocked_by="b-planted-0"))
    repo.save_custom_step(CustomStep(id="custom-planted", phase_id="legal-tax-transfer",
                                     title=m(), guidance=m(), owner=m()))
    repo.add_comments([Comment("c-planted", CommentTarget.OVERALL, "", m(), m(),
                               "2025-03-01T10:00:00Z")])
    repo.add_evidence("S1-01", f"{m()}.pdf", b"%PDF evidence " + m().encode())
    repo.log_interaction(Interaction("i-planted", PRIYA.id, TODAY - dt.timedelta(days=40),
                                     summary=m(), follow_up_date=TODAY + dt.timedelta(days=5),
                                     follow_up_action=m()))
    repo.save_contact(dataclasses.replace(repo.contact(SIOBHAN.id), notes=m(),
                                          contact_every_days=30,
                                          next_contact_date=TODAY + dt.timedelta(days=3)))
    return n


@pytest.fixture(scope="module")
def planted_master(tmp_path_factory):
    from mutual_checklist import resources
    from mutual_checklist.demo import build_demo

    folder = tmp_path_factory.mktemp("planted")
    path = folder / "planted.mutual"
    template = resources.find_bundled_template("mutual-2011")
    with build_demo(path, template, resources.template_text("mutual-2011"), TODAY) as repo:
        fields = _plant(repo)
    # An earlier report issued with names, then a planted barrier removed: the redacted
    # report's "since the last report" must not bring its title back.
    assert _cli(["report", str(path), "-o", str(folder / "first.pdf"), "--include-names",
                 "--today", "2025-02-01"]) == 0
    with ProjectRepository.open(path) as repo:
        repo.remove_barrier("b-planted-2")
    return path, fields


@pytest.fixture
def planted(tmp_path, planted_master):
    master, fields = planted_master
    path = tmp_path / "planted.mutual"
    shutil.copyfile(master, path)
    return path, fields


def _cli(argv: list[str]) -> int:
    try:
        return app.main(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


def found_markers(paths) -> set[str]:
    """Planted spellings readable in the files: as typed (any case, any spacing), plus every
    contact's identifiers as the redaction check finds them."""
    text = "\n".join(redaction.readable_text(p.read_bytes(), p.suffix) for p in paths)
    for pdf in (p for p in paths if p.suffix == ".pdf"):  # a second reader, as a check on PDFium
        import pypdf

        reader = pypdf.PdfReader(pdf)
        text += "\n".join([page.extract_text() for page in reader.pages]
                          + [str(v) for v in reader.metadata.values()])
    flat, digits = _squash(text), re.sub(r"[^\d\n]", "", text)
    hits = {m for m in MARKERS if _squash(m) in flat}
    hits |= {m for m in MARKERS if re.search(r"\d{5}", m)
             and re.sub(r"\D", "", m)[-9:] in digits}
    hits |= {f"check:{label}" for label in redaction.leaks(text.encode(), CONTACTS)}
    return hits


OUTPUTS = {
    "pdf": (["report", "{file}", "-o", "{out}/r.pdf", "--today", "2025-03-03"], "r.pdf"),
    "csv": (["export", "{file}", "--format", "csv", "-o", "{out}/t.csv"], "t-*.csv"),
    "ics": (["export", "{file}", "--format", "ics", "-o", "{out}/d.ics"], "d.ics"),
    "json": (["export", "{file}", "--format", "json", "-o", "{out}/p.json"], "p.json"),
    "xlsx": (["export", "{file}", "--format", "xlsx", "-o", "{out}/w.xlsx"], "w.xlsx"),
    "review-copy": (["review-copy", "{file}", "-o", "{out}/copy.mutual"], "copy.mutual"),
}


def _make(kind: str, file, out, redact: bool):
    argv, pattern = OUTPUTS[kind]
    argv = [a.format(file=file, out=out) for a in argv] + (["--redact"] if redact else [])
    assert _cli(argv) == 0
    written = sorted(out.glob(pattern))
    assert written
    return written


@pytest.mark.parametrize("kind", sorted(OUTPUTS))
def test_no_planted_identifier_reaches_a_redacted_output(kind, planted, tmp_path, capsys):
    path, fields = planted
    full, redacted = tmp_path / "full", tmp_path / "redacted"
    full.mkdir()
    redacted.mkdir()
    previous = os.umask(0o022)  # the usual umask: files would be 0644 by default
    try:
        shown = found_markers(_make(kind, path, full, redact=False))
        leaked = found_markers(_make(kind, path, redacted, redact=True))
    finally:
        os.umask(previous)
    print(f"\n{kind}: {fields} fields planted with {len(MARKERS)} spellings; without "
          f"redaction {len(shown)} found, redacted {len(leaked)} leaked {sorted(leaked)}")
    assert len(shown) >= 10  # the search sees them when they are there
    assert leaked == set()
    if os.name == "posix":  # files holding (or derived from) personal data: owner-only
        for written in [*full.iterdir(), *redacted.iterdir()]:
            assert stat.S_IMODE(written.stat().st_mode) == 0o600, written.name


def test_redacted_pdf_metadata_and_bookmarks_are_clean(planted, tmp_path):
    import pypdf

    path, _ = planted
    (pdf,) = _make("pdf", path, tmp_path, redact=True)
    reader = pypdf.PdfReader(pdf)
    meta = " ".join(str(v) for v in reader.metadata.values())
    assert "Progress report" in meta and "[Contact" in meta
    assert redaction.leaks(meta.encode(), CONTACTS) == []
    text = redaction.readable_text(pdf.read_bytes(), ".pdf")
    assert "[Contact" in text  # scrubbed, not just dropped: the reader sees where
    assert "Leisure mutual for" in text


def test_portfolio_of_full_copies_leaves_people_out(planted, tmp_path):
    path, _ = planted
    folder = tmp_path / "copies"
    folder.mkdir()
    assert _cli(["review-copy", str(path), "-o", str(folder / "Venkataraman copy.mutual")]) == 0
    for out in ("folio.csv", "folio.pdf"):
        assert _cli(["portfolio", str(folder), "-o", str(tmp_path / out)]) == 0
        assert found_markers([tmp_path / out]) == set()
        text = redaction.readable_text((tmp_path / out).read_bytes(), out[-4:])
        assert "Leisure mutual for" in text


def test_a_leak_deletes_every_file_of_the_export(tmp_path):
    written = [tmp_path / "a-steps.csv", tmp_path / "a-contacts.csv"]
    written[0].write_text("fine\n")
    written[1].write_text("Ring PRIYA VENKATARAMAN\n")
    with pytest.raises(redaction.PersonalDataLeak):
        redaction.check_written(written, CONTACTS)
    assert not any(p.exists() for p in written)


def test_a_leak_in_a_zip_member_is_found(tmp_path):
    import zipfile

    book = tmp_path / "t.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "<t>call 07700900123</t>")
    assert redaction.leaks(book.read_bytes(), CONTACTS, ".xlsx") == [SIOBHAN.id]


def test_the_redacted_json_is_still_a_project(planted, tmp_path):
    path, _ = planted
    (out,) = _make("json", path, tmp_path, redact=True)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["project"]["redacted"] is True
    names = {c["name"] for c in document["contacts"]}
    assert any(re.fullmatch(r"Contact \d+ \(Head of HR\)", name) for name in names)
    assert all(e["content_base64"] is None for e in document["evidence"])
    assert _cli(["import", str(out), str(tmp_path / "back.mutual")]) == 0
