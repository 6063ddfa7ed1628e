"""Contacts in and out of the app as vCard (3.0/4.0) and CSV: pure parsing and writing, no Qt.

Imported files are untrusted. Before anything is parsed the file must be at most ``MAX_BYTES``
(5 MB) and UTF-8 (a byte-order mark is allowed); it may hold at most ``MAX_CONTACTS`` (10,000)
contacts, no field may be longer than its limit (``MAX_FIELD``, notes ``MAX_NOTES``) and no
field may contain a NUL or other control character except tab and line breaks. A file that breaks
any of these is rejected whole with an ``ImportRejected`` that names the line. Everything else is
kept literally: markup, formulas (``=HYPERLINK(...)``) and bidi characters are data, shown as text
by the app and neutralised again on CSV export.

CSV columns (first row is the header; names are case-insensitive, spaces, hyphens and underscores
are ignored, and the common aliases in brackets are accepted; only ``name`` is required):

| column                   | meaning                                                        |
| ------------------------ | -------------------------------------------------------------- |
| name (full name)         | the person's name; or ``first name`` + ``last name`` columns   |
| organisation (company)   | their organisation                                             |
| role (job title, title)  | their role                                                     |
| stakeholder type (type)  | a stakeholder type id or title from the checklist              |
| email (e-mail address)   | email address                                                  |
| phone (telephone)        | phone number                                                   |
| influence, interest      | 1–5 (blank: 3)                                                 |
| stance                   | champion, supportive, neutral, sceptical, opposed or unknown   |
| notes                    | free text (personal data: keep it factual)                     |
| contact every days       | keep-in-touch interval in days                                 |
| next contact             | date, 2025-03-31 or 31/03/2025                                 |
| lawful basis, data source| why and where from the data is held                            |
| retention review         | date to review whether to keep the contact                     |

``write_csv`` writes exactly these columns (first and last name aside) in this order.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from mutual_checklist.domain.models import Contact, StakeholderType, Stance

MAX_BYTES = 5 * 1024 * 1024
MAX_CONTACTS = 10_000
MAX_FIELD = 1_000
MAX_NOTES = 20_000

CSV_COLUMNS = ("name", "organisation", "role", "stakeholder_type", "email", "phone", "influence",
               "interest", "stance", "notes", "contact_every_days", "next_contact_date",
               "lawful_basis", "data_source", "retention_review_date")
CSV_HEADERS = ("Name", "Organisation", "Role", "Stakeholder type", "Email", "Phone", "Influence",
               "Interest", "Stance", "Notes", "Contact every days", "Next contact",
               "Lawful basis", "Data source", "Retention review")
_ALIASES = {
    "name": "name", "fullname": "name", "displayname": "name", "contactname": "name",
    "firstname": "first_name", "givenname": "first_name",
    "lastname": "last_name", "surname": "last_name", "familyname": "last_name",
    "organisation": "organisation", "organization": "organisation", "company": "organisation",
    "org": "organisation", "employer": "organisation",
    "role": "role", "jobtitle": "role", "title": "role", "position": "role",
    "stakeholdertype": "stakeholder_type", "type": "stakeholder_type",
    "email": "email", "emailaddress": "email", "e-mailaddress": "email", "mail": "email",
    "phone": "phone", "telephone": "phone", "phonenumber": "phone", "mobile": "phone",
    "mobilephone": "phone", "businessphone": "phone",
    "influence": "influence", "interest": "interest", "stance": "stance", "notes": "notes",
    "note": "notes", "contacteverydays": "contact_every_days", "keepintouchdays":
    "contact_every_days", "nextcontact": "next_contact_date", "nextcontactdate":
    "next_contact_date", "lawfulbasis": "lawful_basis", "datasource": "data_source",
    "source": "data_source", "retentionreview": "retention_review_date",
    "retentionreviewdate": "retention_review_date",
}
_DATE_FIELDS = ("next_contact_date", "retention_review_date")
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ImportRejected(ValueError):
    """The file cannot be imported; the message says why in plain words (nothing was added)."""


@dataclass(frozen=True)
class Duplicate:
    """An imported contact that looks like one already known (or earlier in the same file)."""

    index: int
    reason: str


# --- shared checks -------------------------------------------------------------------------------


def decode(data: bytes, kind: str) -> str:
    """Check the size and decode UTF-8 (with or without BOM); reject anything else whole."""
    if len(data) > MAX_BYTES:
        raise ImportRejected(f"The {kind} file is {len(data) / 1048576:.1f} MB; the limit is "
                             f"{MAX_BYTES // 1048576} MB. Nothing was imported.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            f"The {kind} file is not UTF-8 text (byte {error.start + 1}). Save it as UTF-8 "
            "(in Excel: 'CSV UTF-8') and try again. Nothing was imported.") from None


def _check_value(field: str, value: str, where: str) -> str:
    if _BAD_CONTROL.search(value):
        kind = "a NUL character" if "\x00" in value else "a control character"
        raise ImportRejected(f"{where}: the {_label(field)} contains {kind}. This does not look "
                             "like a contacts file. Nothing was imported.")
    limit = MAX_NOTES if field == "notes" else MAX_FIELD
    if len(value) > limit:
        raise ImportRejected(f"{where}: the {_label(field)} is {len(value):,} characters long; "
                             f"the limit is {limit:,}. Nothing was imported.")
    return value


def _label(field: str) -> str:
    return field.replace("_date", "").replace("_", " ")


def _parse_date(value: str, field: str, where: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ImportRejected(f"{where}: the {_label(field)} '{value[:40]}' is not a date "
                         "(use 31/03/2025 or 2025-03-31). Nothing was imported.")


def _parse_level(value: str, field: str, where: str) -> int:
    value = value.strip()
    if not value:
        return 3
    if value.isdigit() and 1 <= int(value) <= 5:
        return int(value)
    raise ImportRejected(f"{where}: the {field} '{value[:40]}' must be a whole number from 1 to "
                         "5. Nothing was imported.")


def _parse_stance(value: str, where: str) -> Stance:
    value = value.strip().casefold()
    if not value:
        return Stance.UNKNOWN
    for stance in Stance:
        if value == stance.value:
            return stance
    choices = ", ".join(s.value for s in Stance)
    raise ImportRejected(f"{where}: the stance '{value[:40]}' is not one of {choices}. "
                         "Nothing was imported.")


def _type_id(value: str, known_types: Mapping[str, str]) -> str:
    """A stakeholder type id from an id or title (case-insensitive); unknown text is kept."""
    value = value.strip()
    return known_types.get(value.casefold(), value)


def _new_id() -> str:
    return uuid.uuid4().hex


# --- CSV -----------------------------------------------------------------------------------------


def parse_csv(data: bytes, known_types: Mapping[str, str] | None = None,
              new_id: Callable[[], str] = _new_id) -> list[Contact]:
    """Contacts from a CSV file (see the module docstring for the columns).

    Args:
        data: The raw file.
        known_types: Casefolded stakeholder type id or title -> type id.
        new_id: Makes the id of each new contact.

    Returns:
        The contacts in file order, not yet saved.

    Raises:
        ImportRejected: The file breaks a limit or a value cannot be read; nothing is returned.
    """
    text = decode(data, "CSV")
    try:
        rows = list(_limited_rows(csv.reader(io.StringIO(text, newline=""))))
    except csv.Error as error:
        raise ImportRejected(f"The CSV file cannot be read: {error}. Nothing was imported.") \
            from None
    if not rows:
        raise ImportRejected("The CSV file is empty. Nothing was imported.")
    columns = [_ALIASES.get(re.sub(r"[\s_\-]", "", h).casefold().lstrip("\ufeff"))
               for h in rows[0]]
    if "name" not in columns and "first_name" not in columns:
        raise ImportRejected("The CSV file has no 'Name' column (or 'First name' and 'Last name'"
                             " columns) in its first row. Nothing was imported.")
    contacts = []
    for number, row in enumerate(rows[1:], start=2):
        where = f"Line {number}"
        values: dict[str, str] = {}
        for column, cell in zip(columns, row):
            if column and column not in values:
                values[column] = _check_value(column, cell, where)
        if not any(v.strip() for v in values.values()):
            continue
        contacts.append(_contact_from(values, known_types or {}, new_id, where))
    return contacts


def _limited_rows(reader: Iterable[list[str]]) -> Iterable[list[str]]:
    for count, row in enumerate(reader):
        if count > MAX_CONTACTS:
            raise ImportRejected(f"The file holds more than {MAX_CONTACTS:,} contacts; split it "
                                 "and import the parts. Nothing was imported.")
        yield row


def _contact_from(values: dict[str, str], known_types: Mapping[str, str],
                  new_id: Callable[[], str], where: str) -> Contact:
    name = values.get("name", "").strip()
    if not name:
        name = " ".join(p for p in (values.get("first_name", "").strip(),
                                    values.get("last_name", "").strip()) if p)
    if not name:
        raise ImportRejected(f"{where}: the contact has no name. Nothing was imported.")
    every = values.get("contact_every_days", "").strip()
    if every and not (every.isdigit() and int(every) >= 1):
        raise ImportRejected(f"{where}: 'contact every days' must be a whole number of days. "
                             "Nothing was imported.")
    return Contact(
        id=new_id(), name=name, organisation=values.get("organisation", "").strip(),
        role=values.get("role", "").strip(),
        stakeholder_type=_type_id(values.get("stakeholder_type", ""), known_types),
        email=values.get("email", "").strip(), phone=values.get("phone", "").strip(),
        influence=_parse_level(values.get("influence", ""), "influence", where),
        interest=_parse_level(values.get("interest", ""), "interest", where),
        stance=_parse_stance(values.get("stance", ""), where), notes=values.get("notes", ""),
        contact_every_days=int(every) if every else None,
        next_contact_date=_parse_date(values.get("next_contact_date", ""), "next_contact_date",
                                      where),
        lawful_basis=values.get("lawful_basis", "").strip(),
        data_source=values.get("data_source", "").strip(),
        retention_review_date=_parse_date(values.get("retention_review_date", ""),
                                          "retention_review_date", where))


def neutralise_cell(value: str) -> str:
    """Stop a spreadsheet running a cell as a formula: prefix a single quote when it starts
    with = + - @ tab or carriage return (OWASP CSV injection advice)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_csv(contacts: Iterable[Contact]) -> str:
    """CSV text of the contacts, every cell neutralised; reads back with ``parse_csv``
    except that neutralised cells keep their leading quote."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for contact in contacts:
        writer.writerow([neutralise_cell(_cell(getattr(contact, f))) for f in CSV_COLUMNS])
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Stance):
        return value.value
    return str(value)


# --- vCard ---------------------------------------------------------------------------------------

_VCARD_FIELDS = {"FN": "name", "ORG": "organisation", "TITLE": "role", "ROLE": "role",
                 "EMAIL": "email", "TEL": "phone", "NOTE": "notes"}


def parse_vcard(data: bytes, new_id: Callable[[], str] = _new_id) -> list[Contact]:
    """Contacts from a vCard file (versions 3.0 and 4.0; 2.1 is read where it agrees).

    Reads FN (or N), ORG, TITLE/ROLE, the first EMAIL and TEL, and NOTE; other properties are
    ignored. Raises ``ImportRejected`` like ``parse_csv``.
    """
    text = decode(data, "vCard")
    contacts: list[Contact] = []
    card: dict[str, str] | None = None
    start = 0
    for number, line in _unfolded(text):
        where = f"Line {number}"
        name, params, value = _split_property(line)
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            if card is not None:
                raise ImportRejected(f"{where}: a vCard starts before the previous one ended. "
                                     "Nothing was imported.")
            card, start = {}, number
            if len(contacts) >= MAX_CONTACTS:
                raise ImportRejected(f"The file holds more than {MAX_CONTACTS:,} contacts; split "
                                     "it and import the parts. Nothing was imported.")
        elif name == "END" and value.strip().upper() == "VCARD":
            if card is None:
                raise ImportRejected(f"{where}: END:VCARD without BEGIN:VCARD. Nothing was "
                                     "imported.")
            contacts.append(_card_contact(card, new_id, f"Line {start}"))
            card = None
        elif card is not None:
            _read_property(card, name, params, value, where)
    if card is not None:
        raise ImportRejected(f"Line {start}: the last vCard has no END:VCARD; the file may be "
                             "cut short. Nothing was imported.")
    if not contacts:
        raise ImportRejected("The file holds no vCards (BEGIN:VCARD ... END:VCARD). Nothing was "
                             "imported.")
    return contacts


def _unfolded(text: str) -> Iterable[tuple[int, str]]:
    """Logical lines with their first physical line number (RFC 6350 folding)."""
    current, first = None, 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line[:1] in (" ", "\t") and current is not None:
            current += line[1:]
            if len(current) > MAX_NOTES * 2:
                raise ImportRejected(f"Line {first}: a value is far too long. Nothing was "
                                     "imported.")
            continue
        if current is not None:
            yield first, current
        current, first = line, number
    if current is not None:
        yield first, current


def _split_property(line: str) -> tuple[str, list[str], str]:
    head, _, value = line.partition(":")
    parts = head.split(";")
    name = parts[0].rpartition(".")[2].strip().upper()  # drop a group prefix such as item1.
    return name, [p.upper() for p in parts[1:]], value


def _read_property(card: dict[str, str], name: str, params: list[str], value: str,
                   where: str) -> None:
    if name == "N" and "N" not in card:
        family, given = (_components(value) + ["", ""])[:2]
        card["N"] = " ".join(p for p in (given, family) if p)
        return
    field = _VCARD_FIELDS.get(name)
    if field is None or field in card:
        return
    if any("QUOTED-PRINTABLE" in p for p in params):
        value = _quoted_printable(value)
    text = _components(value)[0] if name == "ORG" else _unescape(value)
    if name == "EMAIL" and text.lower().startswith("mailto:"):
        text = text[7:]
    if name == "TEL" and text.lower().startswith("tel:"):
        text = text[4:]
    card[field] = _check_value(field, text.strip() if field != "notes" else text, where)


def _components(value: str) -> list[str]:
    """Split a structured value on unescaped semicolons and unescape each part."""
    return [_unescape(p) for p in re.split(r"(?<!\\);", value)]


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _quoted_printable(value: str) -> str:
    import quopri

    return quopri.decodestring(value.encode("latin-1", "replace")).decode("utf-8", "replace")


def _card_contact(card: dict[str, str], new_id: Callable[[], str], where: str) -> Contact:
    name = card.get("name") or card.get("N", "")
    _check_value("name", name, where)
    if not name.strip():
        raise ImportRejected(f"{where}: a vCard has no name (FN or N). Nothing was imported.")
    return Contact(id=new_id(), name=name.strip(), organisation=card.get("organisation", ""),
                   role=card.get("role", ""), email=card.get("email", ""),
                   phone=card.get("phone", ""), notes=card.get("notes", ""))


def write_vcard(contacts: Iterable[Contact]) -> str:
    """vCard 3.0 text of the contacts (name, organisation, role, email, phone, notes)."""
    lines: list[str] = []
    for c in contacts:
        lines += ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_escape(c.name)}",
                  f"N:{_escape(c.name)};;;;"]
        for key, value in (("ORG", c.organisation), ("TITLE", c.role), ("EMAIL", c.email),
                           ("TEL", c.phone), ("NOTE", c.notes)):
            if value:
                lines.append(f"{key}:{_escape(value)}")
        lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str, limit: int = 75) -> str:
    """Fold at 75 octets without splitting a UTF-8 character (RFC 6350 3.2)."""
    parts, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += ch
        size += width
    parts.append(current)
    return "\r\n".join(parts)


# --- duplicates ----------------------------------------------------------------------------------


def find_duplicates(new: list[Contact], existing: Iterable[Contact]) -> list[Duplicate]:
    """Imported contacts that look like someone already known: same email (ignoring case), or
    same name and organisation (ignoring case and spacing). Also catches repeats within `new`."""
    by_email: dict[str, str] = {}
    by_name: dict[tuple[str, str], str] = {}

    def remember(contact: Contact, label: str) -> None:
        if contact.email.strip():
            by_email.setdefault(contact.email.strip().casefold(), label)
        by_name.setdefault(_name_key(contact), label)

    for contact in existing:
        if not contact.anonymised:
            remember(contact, f"already in the project as ‘{contact.name}’")
    found = []
    for index, contact in enumerate(new):
        email = contact.email.strip().casefold()
        if email and email in by_email:
            found.append(Duplicate(index, f"Same email as a contact {by_email[email]}"))
        elif _name_key(contact) in by_name:
            found.append(Duplicate(index, f"Same name and organisation as a contact "
                                          f"{by_name[_name_key(contact)]}"))
        remember(contact, f"earlier in this file (row {index + 1})")
    return found


def _name_key(contact: Contact) -> tuple[str, str]:
    return (" ".join(contact.name.casefold().split()),
            " ".join(contact.organisation.casefold().split()))


def type_lookup(types: Iterable[StakeholderType]) -> dict[str, str]:
    """Casefolded id and title -> id, for the stakeholder types of a checklist template."""
    lookup: dict[str, str] = {}
    for kind in types:
        lookup[kind.title.casefold()] = kind.id
        lookup[kind.id.casefold()] = kind.id
    return lookup
