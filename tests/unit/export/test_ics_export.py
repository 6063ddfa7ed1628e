"""The .ics calendar: RFC 5545 structure, folding, escaping and stable UIDs."""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace

import icalendar
import pytest

from mutual_checklist import __version__, cli, resources
from mutual_checklist.demo import build_demo
from mutual_checklist.domain import progress, schedule
from mutual_checklist.domain.models import Contact, Interaction, StepState, StepStatus
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
                                                  schedule.plan_for(template, data))]
    cal = icalendar.Calendar.from_ical(text)
    steps = [e for e in cal.walk("VEVENT") if "Step" in str(e.get("categories").to_ical())]
    assert sum(1 for e in steps if e["status"] == "CONFIRMED") == len(open_dated)
    finished = [s for s in progress.all_steps(template, data)
                if data.state(s.step_id).status in (StepStatus.DONE, StepStatus.NOT_APPLICABLE)
                and progress.effective_due_date(s.template_step, data.state(s.step_id),
                                                schedule.plan_for(template, data))]
    assert sum(1 for e in steps if e["status"] == "CANCELLED") == len(finished) > 0
    assert any(line.startswith("SUMMARY:Follow up with Tom Reilly: Share the draft measures")
               for line in lines)
    assert any(line.startswith("SUMMARY:Keep in touch: Helen Marsh") for line in lines)


def test_text_is_escaped(demo):
    _, template, data = demo
    lines = unfold(ics_export.calendar_text(template, data, STAMP))
    start = lines.index("UID:step-S6-01-" + data.project.uuid + "@mutual-checklist.invalid")
    description = next(line for line in lines[start:] if line.startswith("DESCRIPTION:"))
    assert "Owner: Ann\\; Bob\\, and\\nCarol \\\\ é" in description
    assert ics_export.clean_text("a\u202eb\x00c") == "abc"


def test_uids_are_stable_and_command_writes_crlf(tmp_path, demo):
    path, template, data = demo
    later = STAMP + dt.timedelta(days=9)
    uids = lambda text: [l for l in unfold(text) if l.startswith("UID:")]
    assert uids(ics_export.calendar_text(template, data, STAMP)) == \
        uids(ics_export.calendar_text(template, data, later))
    out = tmp_path / "cal.ics"
    assert cli.run(["export", str(path), "--format", "ics", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")


def test_long_lines_fold_at_75_octets_without_splitting_a_character(demo):
    _, template, data = demo
    data = replace(data, project=replace(data.project, name="é" * 100))
    raw = ics_export.calendar_text(template, data, STAMP).encode()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert "X-WR-CALNAME:" + "é" * 100 + " (Mutual Checklist)" in unfold(raw.decode())


def test_open_events_have_reminders_and_finished_steps_are_cancelled(tmp_path, demo):
    path, template, data = demo
    out = tmp_path / "cal.ics"
    assert cli.run(["export", str(path), "--format", "ics", "-o", str(out),
                    "--remind-days", "7"]) == 0
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    done = next(e for e in events if str(e["uid"]).startswith("step-S1-01-"))
    assert data.state("S1-01").status == StepStatus.DONE
    assert done["status"] == "CANCELLED" and not done.walk("VALARM")
    for event in events:
        alarms = event.walk("VALARM")
        if event["status"] == "CONFIRMED":
            [alarm] = alarms
            assert alarm["action"] == "DISPLAY"
            assert alarm["trigger"].dt == dt.timedelta(days=-7, hours=9)
        assert len(str(event["uid"])) <= 75
    assert cli.run(["export", str(path), "--format", "ics", "-o", str(out),
                    "--no-reminders"]) == 0
    assert b"VALARM" not in out.read_bytes()


def test_sequence_grows_when_a_step_is_finished(tmp_path):
    template = resources.find_bundled_template("mutual-2011")
    path = tmp_path / "seq.mutual"
    with build_demo(path, template, resources.template_text("mutual-2011"), TODAY) as repo:
        before = ics_export.calendar(template, repo.load_all(), STAMP)
        open_step = next(e for e in before.walk("VEVENT") if e["status"] == "CONFIRMED"
                         and str(e["uid"]).startswith("step-"))
        step_id = str(open_step["uid"]).split("-")[1] + "-" + str(open_step["uid"]).split("-")[2]
        same = ics_export.calendar(template, repo.load_all(), STAMP + dt.timedelta(days=1))
        again = next(e for e in same.walk("VEVENT") if e["uid"] == open_step["uid"])
        assert again["sequence"] == open_step["sequence"]  # nothing changed: same sequence
        time.sleep(1.1)  # timestamps have whole seconds
        repo.save_step_state(replace(repo.load_all().state(step_id), status=StepStatus.DONE,
                                     completed_on=TODAY))
        after = ics_export.calendar(template, repo.load_all(), STAMP + dt.timedelta(days=1))
    event = next(e for e in after.walk("VEVENT") if e["uid"] == open_step["uid"])
    assert event["status"] == "CANCELLED"
    assert event["sequence"] > open_step["sequence"]


def test_uids_stay_distinct_and_short_for_awkward_ids(demo):
    _, template, data = demo
    people = [Contact(id=cid, name=f"P{n}", next_contact_date=TODAY)
              for n, cid in enumerate(["dup a", "dup_a", "dup/a", "x" * 200, "y" * 200])]
    data = replace(data, contacts=people, interactions=[])
    cal = ics_export.calendar(template, data, STAMP)
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert max(len(u) for u in uids) <= 75
    contact_uids = [u for u in uids if u.startswith("contact-")]
    assert len(contact_uids) == 5


def test_anonymised_contacts_and_overtaken_follow_ups_are_cancelled(demo):
    _, template, data = demo
    contact = Contact(id="c1", name="Helen Marsh", next_contact_date=TODAY)
    first = Interaction(id="i1", contact_id="c1", occurred_on=TODAY,
                        follow_up_date=TODAY + dt.timedelta(days=3), created_at="2025-03-03T10:00:00")
    second = Interaction(id="i2", contact_id="c1", occurred_on=TODAY + dt.timedelta(days=1),
                         follow_up_date=TODAY + dt.timedelta(days=9),
                         created_at="2025-03-04T10:00:00")
    live = ics_export.calendar(template, replace(data, contacts=[contact],
                                                 interactions=[first, second]), STAMP)
    status = {str(e["uid"]).split("-")[0] + str(e["uid"]).split("-")[2 if "follow" in
              str(e["uid"]) else 1]: e["status"] for e in live.walk("VEVENT")
              if not str(e["uid"]).startswith("step-")}
    assert status == {"followi1": "CANCELLED", "followi2": "CONFIRMED",
                      "contactc1": "CONFIRMED"}
    gone = replace(contact, name="Anonymised contact (x)", anonymised=True)
    anonymised = ics_export.calendar(template, replace(data, contacts=[gone],
                                                       interactions=[first, second]), STAMP)
    others = [e for e in anonymised.walk("VEVENT") if not str(e["uid"]).startswith("step-")]
    assert len(others) == 3 and all(e["status"] == "CANCELLED" for e in others)
    assert not any("Helen" in str(e["summary"]) for e in others)
