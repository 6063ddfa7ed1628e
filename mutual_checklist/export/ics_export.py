"""iCalendar (.ics) export of step due dates and contact follow-ups, through icalendar.

The icalendar library writes the format (escaping, folding at 75 octets, CRLF, date values);
this module decides what goes in, so that importing a newer export updates a calendar:

* every step that is not done or not applicable and has a due date ("Due: ..." or "Gate: ...");
  a step that is done or not applicable is exported as cancelled (``STATUS:CANCELLED``), so the
  calendar drops its deadline instead of keeping a stale one;
* each contact's next keep-in-touch date (their own date, else last contact + interval);
* the follow-up of each contact's latest interaction, when it has a date; follow-ups overtaken by
  a later interaction, and the events of anonymised contacts, are exported as cancelled;
* each open event has a reminder (``VALARM``) at 09:00 a number of days before (``remind_days``,
  3 unless chosen; None for none);
* ``SEQUENCE`` is the number of seconds from 2020 to the item's last change, so it grows whenever
  the item (or the project's dates) changes and stays the same when nothing did;
* each item keeps one ``UID`` from export to export, at most 75 characters and different for
  different items (ids that are not plain letters and digits are hashed).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from mutual_checklist import __version__
from mutual_checklist.domain import progress, schedule
from mutual_checklist.domain.models import (
    ChecklistTemplate,
    Contact,
    Interaction,
    ProjectData,
    StepStatus,
)
from mutual_checklist.storage import atomic

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]+")
_DOMAIN = "mutual-checklist.invalid"
_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
MAX_UID = 75
DEFAULT_REMIND_DAYS = 3


def clean_text(value: str) -> str:
    """Text without control and bidi characters, line breaks as LF."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def uid(kind: str, item_id: str, project_id: str) -> str:
    """The stable UID of one item: readable when short and plain, else hashed; ≤ 75 chars."""
    plain = f"{kind}-{item_id}-{project_id}@{_DOMAIN}"
    if _SAFE_ID.fullmatch(item_id) and _SAFE_ID.fullmatch(project_id) and len(plain) <= MAX_UID:
        return plain
    digest = hashlib.sha256(f"{project_id}\x00{kind}\x00{item_id}".encode()).hexdigest()[:32]
    return f"{kind}-h{digest}@{_DOMAIN}"


def sequence(*stamps: str) -> int:
    """Seconds from 2020 to the latest of the timestamps (0 when none can be read)."""
    latest = 0
    for stamp in stamps:
        try:
            moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except (ValueError, AttributeError):
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        latest = max(latest, int((moment - _EPOCH).total_seconds()))
    return min(latest, 2**31 - 1)


@dataclass(frozen=True)
class _Item:
    uid: str
    day: dt.date
    summary: str
    description: str
    category: str
    sequence: int
    cancelled: bool = False


def _event(item: _Item, stamp: dt.datetime, remind_days: int | None, limit: int) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", item.day)
    event.add("dtend", item.day + dt.timedelta(days=1))
    event.add("summary", clean_text(item.summary)[:limit])
    event.add("description", clean_text(item.description))
    event.add("categories", ["Mutual Checklist", item.category])
    event.add("sequence", item.sequence)
    event.add("transp", "TRANSPARENT")
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    if remind_days is not None and not item.cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", clean_text(item.summary)[:limit])
        # all-day events start at midnight: 09:00 on the day, `remind_days` days before
        alarm.add("trigger", dt.timedelta(hours=9) - dt.timedelta(days=remind_days))
        event.add_component(alarm)
    return event


def calendar(template: ChecklistTemplate, data: ProjectData, stamp: dt.datetime,
             remind_days: int | None = DEFAULT_REMIND_DAYS, limit: int = 300) -> Calendar:
    """The whole calendar as an icalendar object.

    Args:
        template: The project's checklist.
        data: The project's data.
        stamp: When the calendar was made (DTSTAMP, written in UTC).
        remind_days: Days before each open event to remind, at 09:00; None for no reminders.
        limit: Longest summary or description line kept, in characters.
    """
    project = data.project
    name = project.name[:limit]
    cal = Calendar()
    cal.add("prodid", f"-//Mutual Checklist//Mutual Checklist {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", clean_text(name + " (Mutual Checklist)"))
    when = stamp.astimezone(dt.UTC)
    for item in [*_step_items(template, data, name, limit), *_contact_items(data, name, limit)]:
        cal.add_component(_event(item, when, remind_days, limit))
    return cal


def _step_items(template: ChecklistTemplate, data: ProjectData, name: str,
                limit: int) -> Iterable[_Item]:
    project = data.project
    phases = {p.id: p.title for p in template.phases}
    plan = schedule.plan_for(template, data)
    for ref in progress.all_steps(template, data):
        state = data.state(ref.step_id)
        due = progress.effective_due_date(ref.template_step, state, plan)
        if due is None:
            continue
        finished = state.status in (StepStatus.DONE, StepStatus.NOT_APPLICABLE)
        label = "Gate" if ref.is_gate else "Due"
        details = [f"Project: {name}", f"Phase: {phases.get(ref.phase_id, ref.phase_id)}",
                   f"Status: {state.status.label}"]
        if state.owner:
            details.append(f"Owner: {state.owner[:limit]}")
        yield _Item(uid("step", ref.step_id, project.uuid), due,
                    f"{state.status.label if finished else label}: {ref.title[:limit]}",
                    "\n".join(details), "Step",
                    sequence(state.updated_at, project.updated_at), cancelled=finished)


def _contact_items(data: ProjectData, name: str, limit: int) -> Iterable[_Item]:
    project = data.project
    history: dict[str, list[Interaction]] = {}
    for i in sorted(data.interactions, key=lambda i: (i.occurred_on, i.created_at, i.id)):
        history.setdefault(i.contact_id, []).append(i)
    for contact in sorted(data.contacts, key=lambda c: (c.name.casefold(), c.id)):
        logged = history.get(contact.id, [])
        last = logged[-1] if logged else None
        changed = sequence(contact.updated_at, *(i.created_at for i in logged))
        if contact.anonymised:
            yield from _anonymised(contact, logged, project.uuid, changed)
            continue
        next_date = contact.next_contact_date
        if next_date is None and last is not None and contact.contact_every_days:
            next_date = last.occurred_on + dt.timedelta(days=contact.contact_every_days)
        who = contact.name[:limit]
        about = f"Project: {name}" + (f"\nRole: {contact.role[:limit]}" if contact.role else "")
        if next_date is not None:
            yield _Item(uid("contact", contact.id, project.uuid), next_date,
                        f"Keep in touch: {who}", about, "Contact", changed)
        for entry in logged:
            if entry.follow_up_date is None:
                continue
            action = (entry.follow_up_action or "Follow up")[:limit]
            yield _Item(uid("follow-up", entry.id, project.uuid), entry.follow_up_date,
                        f"Follow up with {who}: {action}", about, "Follow-up",
                        changed, cancelled=entry is not last)


def _anonymised(contact: Contact, logged: list[Interaction], project_id: str,
                changed: int) -> Iterable[_Item]:
    """Cancellations for an anonymised contact's events, without their details."""
    if contact.next_contact_date is not None or contact.contact_every_days:
        day = contact.next_contact_date or (logged[-1].occurred_on if logged else None)
        if day is not None:
            yield _Item(uid("contact", contact.id, project_id), day, "Keep in touch (cancelled)",
                        "", "Contact", changed, cancelled=True)
    for entry in logged:
        if entry.follow_up_date is not None:
            yield _Item(uid("follow-up", entry.id, project_id), entry.follow_up_date,
                        "Follow up (cancelled)", "", "Follow-up", changed, cancelled=True)


def calendar_text(template: ChecklistTemplate, data: ProjectData, stamp: dt.datetime,
                  remind_days: int | None = DEFAULT_REMIND_DAYS, limit: int = 300) -> str:
    """The whole calendar as text with CRLF line ends (see `calendar`)."""
    return calendar(template, data, stamp, remind_days, limit).to_ical().decode("utf-8")


def write_calendar(template: ChecklistTemplate, data: ProjectData, output: Path,
                   stamp: dt.datetime | None = None,
                   remind_days: int | None = DEFAULT_REMIND_DAYS) -> None:
    """Write the calendar atomically (bytes, so the CRLF line ends stay as they are)."""
    cal = calendar(template, data, stamp or dt.datetime.now(dt.UTC), remind_days)
    atomic.write_bytes_atomically(Path(output), cal.to_ical())
