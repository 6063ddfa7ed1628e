"""iCalendar (.ics) export of step due dates and contact follow-ups, for Outlook and others.

RFC 5545 as Outlook, Google Calendar and Apple Calendar import it: CRLF line ends, lines folded
at 75 octets (never inside a UTF-8 character), TEXT values escaped (backslash, semicolon, comma,
newline), all-day events as ``VALUE=DATE`` with an exclusive end date, and a UID per item that
stays the same from one export to the next, so re-importing updates events instead of doubling
them. What is exported:

* every step that is not done or not applicable and has a due date ("Due: ..." or "Gate: ...");
* each contact's next keep-in-touch date (their own date, else last contact + interval);
* the follow-up of each contact's latest interaction, when it has a date.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from mutual_checklist import __version__
from mutual_checklist.domain import progress
from mutual_checklist.storage import atomic
from mutual_checklist.domain.models import (
    ChecklistTemplate,
    Interaction,
    ProjectData,
    StepStatus,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_DOMAIN = "mutual-checklist.invalid"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11); control and bidi characters are dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold one content line into pieces of at most 75 octets joined by CRLF + space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    pieces: list[str] = []
    start, limit = 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # not inside a character
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with a space
    return "\r\n ".join(pieces)


def _event(uid: str, day: dt.date, summary: str, description: str, stamp: str,
           categories: tuple[str, ...]) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        "CATEGORIES:" + ",".join(escape_text(c) for c in categories),
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _uid_part(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", value)[:120]


def calendar_text(template: ChecklistTemplate, data: ProjectData, stamp: dt.datetime,
                  limit: int = 300) -> str:
    """The whole calendar as text with CRLF line ends.

    Args:
        template: The project's checklist.
        data: The project's data.
        stamp: When the calendar was made (DTSTAMP, written in UTC).
        limit: Longest summary or description kept, in characters.
    """
    project = data.project
    when = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    pid = _uid_part(project.uuid)
    phases = {p.id: p.title for p in template.phases}
    name = project.name[:limit]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:-//Mutual Checklist//Mutual Checklist {__version__}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(name + ' (Mutual Checklist)')}"]
    for ref in progress.all_steps(template, data):
        state = data.state(ref.step_id)
        if state.status in (StepStatus.DONE, StepStatus.NOT_APPLICABLE):
            continue
        due = progress.effective_due_date(ref.template_step, state, project.go_live_date)
        if due is None:
            continue
        label = "Gate" if ref.is_gate else "Due"
        details = [f"Project: {name}", f"Phase: {phases.get(ref.phase_id, ref.phase_id)}",
                   f"Status: {state.status.label}"]
        if state.owner:
            details.append(f"Owner: {state.owner[:limit]}")
        lines += _event(f"step-{_uid_part(ref.step_id)}-{pid}@{_DOMAIN}", due,
                        f"{label}: {ref.title[:limit]}", "\n".join(details), when,
                        ("Mutual Checklist", "Step"))
    lines += _contact_events(data, when, pid, name, limit)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _contact_events(data: ProjectData, when: str, pid: str, name: str,
                    limit: int) -> list[str]:
    latest: dict[str, Interaction] = {}
    for i in sorted(data.interactions, key=lambda i: (i.occurred_on, i.created_at, i.id)):
        latest[i.contact_id] = i
    lines: list[str] = []
    for contact in sorted(data.contacts, key=lambda c: (c.name.casefold(), c.id)):
        if contact.anonymised:
            continue
        last = latest.get(contact.id)
        next_date = contact.next_contact_date
        if next_date is None and last is not None and contact.contact_every_days:
            next_date = last.occurred_on + dt.timedelta(days=contact.contact_every_days)
        who = contact.name[:limit]
        about = f"Project: {name}" + (f"\nRole: {contact.role[:limit]}" if contact.role else "")
        if next_date is not None:
            lines += _event(f"contact-{_uid_part(contact.id)}-{pid}@{_DOMAIN}", next_date,
                            f"Keep in touch: {who}", about, when, ("Mutual Checklist", "Contact"))
        if last is not None and last.follow_up_date:
            action = last.follow_up_action or "Follow up"
            lines += _event(f"follow-up-{_uid_part(last.id)}-{pid}@{_DOMAIN}",
                            last.follow_up_date,
                            f"Follow up with {who}: {action[:limit]}", about, when,
                            ("Mutual Checklist", "Follow-up"))
    return lines


def write_calendar(template: ChecklistTemplate, data: ProjectData, output: Path,
                   stamp: dt.datetime | None = None) -> None:
    """Write the calendar atomically (bytes, so the CRLF line ends stay as they are)."""
    text = calendar_text(template, data, stamp or dt.datetime.now(dt.UTC))
    atomic.write_bytes_atomically(Path(output), text.encode("utf-8"))
