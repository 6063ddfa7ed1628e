"""The .ics calendar: RFC 5545 structure, folding, escaping and stable UIDs."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from mutual_checklist import __version__, cli, resources
from mutual_checklist.demo import build_demo
from mutual_checklist.domain import progress
from mutual_checklist.domain.models import StepState, StepStatus
from mutual_checklist.export import ics_export

TODAY = dt.date(2025, 3, 3)
STAMP = dt.datetime(2025, 3, 3, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    template = resources.find_bundled_template("mutual-2011")
    path = tmp_path_factory.mktemp("ics") / "demo.mutual"
    with build_demo(path, template, resources.template_text("mutual-2011"), TODAY) as repo:
        repo.save_step_state(StepState("S6-01", StepStatus.NOT_STARTED,
                                       notes="", owner="Ann; Bob, and\nCarol \\ é" * 6))
        return path, template, repo.load_all()


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_structure_line_lengths_and_required_properties(demo):
    _, template, data = demo
    text = ics_export.calendar_text(template, data, STAMP)
    raw = text.encode("utf-8")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends CRLF
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # folding never splits a character
    lines = unfold(text)
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0",
                         f"PRODID:-//Mutual Checklist//Mutual Checklist {__version__}//EN"]
    events = text.count("BEGIN:VEVENT")
    assert events == text.count("END:VEVENT") > 0
    for name in ("UID:", "DTSTAMP:20250303T093000Z", "DTSTART;VALUE=DATE:", "DTEND;VALUE=DATE:",
                 "SUMMARY:"):
        assert sum(1 for line in lines if line.startswith(name)) == events, name
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == events
    open_dated = [s for s in progress.all_steps(template, data)
                  if data.state(s.step_id).status not in (StepStatus.DONE,
                                                          StepStatus.NOT_APPLICABLE)
                  and progress.effective_due_date(s.template_step, data.state(s.step_id),
                                                  data.project.go_live_date)]
    assert sum(1 for u in uids if u.startswith("UID:step-")) == len(open_dated)
    assert any(line.startswith("SUMMARY:Follow up with Tom Reilly: Share the draft measures")
               for line in lines)
    assert any(line.startswith("SUMMARY:Keep in touch: Helen Marsh") for line in lines)


def test_text_is_escaped(demo):
    _, template, data = demo
    lines = unfold(ics_export.calendar_text(template, data, STAMP))
    start = lines.index("UID:step-S6-01-" + data.project.uuid + "@mutual-checklist.invalid")
    description = next(line for line in lines[start:] if line.startswith("DESCRIPTION:"))
    assert "Owner: Ann\\; Bob\\, and\\nCarol \\\\ é" in description
    assert ics_export.escape_text("a\u202eb\x00c") == "abc"


def test_uids_are_stable_and_command_writes_crlf(tmp_path, demo):
    path, template, data = demo
    later = STAMP + dt.timedelta(days=9)
    uids = lambda text: [l for l in unfold(text) if l.startswith("UID:")]
    assert uids(ics_export.calendar_text(template, data, STAMP)) == \
        uids(ics_export.calendar_text(template, data, later))
    out = tmp_path / "cal.ics"
    assert cli.run(["export", str(path), "--format", "ics", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")


def test_fold_counts_octets_not_characters():
    line = "SUMMARY:" + "é" * 100
    folded = ics_export.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    assert re.fullmatch(r"[^\r\n]*(\r\n [^\r\n]*)*", folded)
