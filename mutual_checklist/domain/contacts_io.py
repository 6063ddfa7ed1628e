"""Contacts in and out of the app as vCard and CSV: pure parsing and writing, no Qt.

Imported files are untrusted. The size is checked before the file is read (``MAX_BYTES``, 5 MB,
for CSV; ``MAX_VCARD_BYTES`` for vCards, whose photos are dropped unread). The text may be UTF-8
(with or without a byte-order mark), UTF-16 with a byte-order mark, or a Windows code page as
Outlook and Excel write it; anything else is recognised with charset-normalizer. A file may hold
at most ``MAX_CONTACTS`` (10,000) contacts; no field may be longer than its limit (``MAX_FIELD``,
notes ``MAX_NOTES``) or hold a NUL or other control character except tab and line breaks. A file
that breaks any of these, or whose values cannot be read (an influence of 9, a date of 31/02,
digits that are not 0-9), is refused whole with an ``ImportRejected`` that names the line. Rows
and cards without a name are left out and listed. Everything else is kept literally: markup,
formulas (``=HYPERLINK(...)``) and bidi characters are data, shown as text by the app.

CSV: the delimiter (comma, semicolon, tab or bar) is taken from the header row; the columns of
Outlook, Outlook.com, Google (both layouts), Thunderbird and the app's own export are recognised
(see `contact_columns`), the first non-empty of several alternatives winning on each row. The
app's own columns, in the order ``write_csv`` writes them:

| column                   | meaning                                                        |
| ------------------------ | -------------------------------------------------------------- |
| name (full name)         | the person's name; or ``first name`` + ``last name`` columns   |
| organisation (company)   | their organisation                                             |
| role (job title)         | their role                                                     |
| stakeholder type (type)  | a stakeholder type id or title from the checklist              |
| email (e-mail address)   | email address                                                  |
| phone (telephone)        | phone number                                                   |
| influence, interest      | 1–5 (blank: 3)                                                 |
| stance                   | champion, supportive, neutral, sceptical, opposed or unknown   |
| notes                    | free text (personal data: keep it factual)                     |
| contact every days       | keep-in-touch interval in days (1 to 3,650)                    |
| next contact             | date, 2025-03-31 or 31/03/2025                                 |
| lawful basis, data source| why and where from the data is held                            |
| retention review         | date to review whether to keep the contact                     |

vCard: see `contacts_vcard` (2.1, 3.0 and 4.0 read; 4.0 written).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from mutual_checklist.domain import contact_columns as columns
from mutual_checklist.domain import contacts_vcard
from mutual_checklist.domain.contact_limits import (
    MAX_BYTES,
    MAX_CONTACTS,
    MAX_EVERY_DAYS,
    MAX_FIELD,
    MAX_NOTES,
    MAX_VCARD_BYTES,
    ImportRejected,
    ImportResult,
    check_value,
)
from mutual_checklist.domain.csv_cells import protect, unprotect
from mutual_checklist.domain.models import Contact, StakeholderType, Stance

__all__ = ["MAX_BYTES", "MAX_CONTACTS", "MAX_FIELD", "MAX_NOTES", "MAX_VCARD_BYTES",
           "ImportRejected", "ImportResult", "read_file", "read_contacts", "parse_csv",
           "parse_vcard", "write_csv", "write_vcard", "find_duplicates", "type_lookup"]

CSV_COLUMNS = ("name", "organisation", "role", "stakeholder_type", "email", "phone", "influence",
               "interest", "stance", "notes", "contact_every_days", "next_contact_date",
               "lawful_basis", "data_source", "retention_review_date")
CSV_HEADERS = ("Name", "Organisation", "Role", "Stakeholder type", "Email", "Phone", "Influence",
               "Interest", "Stance", "Notes", "Contact every days", "Next contact",
               "Lawful basis", "Data source", "Retention review")
_DELIMITERS = (",", ";", "\t", "|")
# Code pages tried when a file is not UTF-8: Windows Western first (the UK's), then Central
# European, Greek and Cyrillic, as Outlook and Excel write them.
_CODE_PAGES = ("cp1252", "cp1250", "cp1253", "cp1251", "mac_roman")
# What Outlook writes in columns left empty; not data worth reporting as left out.
_PLACEHOLDERS = {"0/0/00", "00/00/0000", "unspecified", "normal", "false"}
_CODE_PAGE_NAMES = {"cp1252": "Windows Western (cp1252)",
                    "cp1250": "Windows Central European (cp1250)",
                    "cp1253": "Windows Greek (cp1253)", "cp1251": "Windows Cyrillic (cp1251)",
                    "mac_roman": "Mac Roman"}


@dataclass(frozen=True)
class Duplicate:
    """An imported contact that looks like one already known (or earlier in the same file)."""

    index: int
    reason: str


# --- reading files -------------------------------------------------------------------------------


def is_vcard(name: str, data: bytes) -> bool:
    suffix = Path(name).suffix.lower()
    if suffix in (".vcf", ".vcard"):
        return True
    head = data[:64].lstrip(b"\xef\xbb\xbf\xff\xfe \r\n").replace(b"\x00", b"").upper()
    return suffix != ".csv" and head.startswith(b"BEGIN:VCARD")


def read_file(path: Path, known_types: Mapping[str, str] | None = None,
              new_id: Callable[[], str] | None = None) -> ImportResult:
    """Read a .vcf or .csv file (untrusted) into contacts not yet saved.

    The size is checked before anything is read, and no more than the limit is ever read. Each
    contact's data source says where it came from. Raises ImportRejected (or OSError).
    """
    path = Path(path)
    vcard = path.suffix.lower() in (".vcf", ".vcard")
    limit = MAX_VCARD_BYTES if vcard else MAX_BYTES
    _check_size(path.stat().st_size, limit, path.name)
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    _check_size(len(data), limit, path.name)
    result = read_contacts(data, path.name, known_types, new_id or _new_id)
    source = f"Imported from {path.name} on {dt.date.today():%d/%m/%Y}"
    result.contacts = [c if c.data_source else replace(c, data_source=source)
                       for c in result.contacts]
    return result


def _check_size(size: int, limit: int, name: str) -> None:
    if size > limit:
        kind = "vCard" if limit == MAX_VCARD_BYTES else "CSV"
        raise ImportRejected(f"{name} is {size / 1048576:.1f} MB; the limit is "
                             f"{limit // 1048576} MB for a {kind} file. Nothing was imported.")


def read_contacts(data: bytes, name: str, known_types: Mapping[str, str] | None = None,
                  new_id: Callable[[], str] | None = None) -> ImportResult:
    """Contacts from a file's bytes; `name` (the file name) tells vCard from CSV."""
    new_id = new_id or _new_id
    if is_vcard(name, data):
        _check_size(len(data), MAX_VCARD_BYTES, name)
        text, encoding = decode(data, "vCard")
        return contacts_vcard.read_vcard(text, encoding, new_id)
    return read_csv(data, known_types, new_id)


def decode(data: bytes, kind: str) -> tuple[str, str]:
    """The text of a file and the encoding it was read in, in words.

    A byte-order mark decides; else UTF-8 if the bytes are valid UTF-8; else charset-normalizer
    chooses among the Windows code pages (Western preferred when it reads as well as another).
    """
    for bom, codec, label in ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
                              (b"\xff\xfe", "utf-16", "UTF-16"),
                              (b"\xfe\xff", "utf-16", "UTF-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError:
                raise ImportRejected(f"The {kind} file says it is {label} but is not. Nothing "
                                     "was imported.") from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    codec = _guess_code_page(data)
    if codec is None:
        raise ImportRejected(f"The {kind} file is not text in an encoding the app knows. Save "
                             "it as UTF-8 and try again. Nothing was imported.")
    return data.decode(codec), _CODE_PAGE_NAMES[codec]


def _guess_code_page(data: bytes) -> str | None:
    import charset_normalizer

    matches = [m for m in charset_normalizer.from_bytes(data, cp_isolation=list(_CODE_PAGES))
               if m.encoding in _CODE_PAGES]
    if not matches:
        return None
    best = min(matches, key=lambda m: (round(m.chaos, 2), -m.coherence,
                                       _CODE_PAGES.index(m.encoding)))
    western = next((m for m in matches if m.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos + 0.01 and \
            western.coherence >= best.coherence - 0.05:
        return "cp1252"
    return best.encoding


# --- CSV -----------------------------------------------------------------------------------------


def parse_csv(data: bytes, known_types: Mapping[str, str] | None = None,
              new_id: Callable[[], str] | None = None) -> list[Contact]:
    """Contacts from a CSV file (see `read_csv`), in file order, not yet saved."""
    return read_csv(data, known_types, new_id).contacts


def read_csv(data: bytes, known_types: Mapping[str, str] | None = None,
             new_id: Callable[[], str] | None = None) -> ImportResult:
    """Contacts from a CSV file, with the column mapping and what is left out.

    Args:
        data: The raw file.
        known_types: Casefolded stakeholder type id or title -> type id.
        new_id: Makes the id of each new contact.

    Raises:
        ImportRejected: The file breaks a limit or a value cannot be read; nothing is returned.
    """
    new_id = new_id or _new_id
    _check_size(len(data), MAX_BYTES, "The CSV file")
    text, encoding = decode(data, "CSV")
    delimiter = _delimiter(text)
    try:
        rows = list(_limited_rows(csv.reader(io.StringIO(text, newline=""),
                                             delimiter=delimiter)))
    except csv.Error as error:
        raise ImportRejected(f"The CSV file cannot be read: {error}. Nothing was imported.") \
            from None
    if not rows:
        raise ImportRejected("The CSV file is empty. Nothing was imported.")
    header, body = rows[0], rows[1:]
    sources = _sources(header, body)
    if "name" not in sources and "first_name" not in sources and "last_name" not in sources:
        raise ImportRejected("The CSV file has no 'Name' column (or 'First name' and 'Last name'"
                             " columns) in its first row. Nothing was imported.")
    result = ImportResult(kind="CSV", encoding=encoding)
    used = {index for indexes in sources.values() for index in indexes}
    for field, indexes in sources.items():
        for rank, index in enumerate(indexes):
            what = columns.FIELD_LABELS[field] + (" (when the columns before are empty)"
                                                  if rank else "")
            result.mapping.append((header[index], what))
    result.mapping.sort(key=lambda pair: header.index(pair[0]))
    result.not_imported = _left_out(header, body, used)
    for number, row in enumerate(body, start=2):
        where = f"Line {number}"
        values = {field: check_value(field, value, where)
                  for field, value in _row_values(row, sources).items()}
        if not any(v.strip() for v in values.values()):
            continue
        contact = _contact_from(values, known_types or {}, new_id, where)
        if contact is None:
            result.skipped.append(f"{where}: no name, so it was left out.")
        else:
            result.contacts.append(contact)
            result.where.append(where)
    return result


def _delimiter(text: str) -> str:
    """The delimiter of the header row: the one of , ; tab | that occurs most outside quotes."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    outside = "".join(part for n, part in enumerate(first.split('"')) if n % 2 == 0)
    counts = {d: outside.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _sources(header: list[str], body: list[list[str]]) -> dict[str, list[int]]:
    """Field -> column indexes in order of preference."""
    found: dict[str, list[int]] = {}
    title: int | None = None
    for index, name in enumerate(header):
        field = columns.field_for(name)
        if field is not None:
            found.setdefault(field, []).append(index)
        elif columns.normal(name) == columns.TITLE and title is None:
            title = index
    if title is not None and "role" not in found and not any(
            len(row) > title and columns.is_honorific(row[title]) for row in body):
        found["role"] = [title]  # a home-made file's "Title" column is the job
    for field, indexes in found.items():
        if field != "role" or title not in indexes:
            indexes.sort(key=lambda i: (columns.preference(field, header[i]), i))
    return found


def _row_values(row: list[str], sources: dict[str, list[int]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for field, indexes in sources.items():
        for index in indexes:
            cell = row[index] if index < len(row) else ""
            if field in ("email", "phone"):
                cell = next((p for p in columns.MULTI_VALUE.split(cell) if p.strip()), "")
            cell = unprotect(cell)
            if cell.strip():
                values[field] = cell
                break
    return values


def _left_out(header: list[str], body: list[list[str]], used: set[int]) -> list[str]:
    lines = []
    for index, name in enumerate(header):
        if index in used:
            continue
        filled = sum(1 for row in body if index < len(row) and row[index].strip()
                     and row[index].strip().casefold() not in _PLACEHOLDERS)
        if filled:
            what = name.strip() or f"Column {index + 1} (no heading)"
            if columns.normal(name) == columns.TITLE:
                what += " (honorific such as Dr or Ms)"
            lines.append(f"{what} (filled on {filled} row{'s' if filled != 1 else ''})")
    return lines


def _limited_rows(reader: Iterable[list[str]]) -> Iterable[list[str]]:
    for count, row in enumerate(reader):
        if count > MAX_CONTACTS:
            raise ImportRejected(f"The file holds more than {MAX_CONTACTS:,} contacts; split it "
                                 "and import the parts. Nothing was imported.")
        yield row


def _whole_number(value: str) -> int | None:
    """An int from ASCII digits 0-9 only (``²``, ``①`` and Arabic-Indic digits are not)."""
    value = value.strip()
    if value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    return None


def _parse_date(value: str, field: str, where: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    if value.isascii():
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d"):
            try:
                return dt.datetime.strptime(value, pattern).date()
            except ValueError:
                continue
    raise ImportRejected(f"{where}: the {field.replace('_date', '').replace('_', ' ')} "
                         f"'{value[:40]}' is not a date (use 31/03/2025 or 2025-03-31). Nothing "
                         "was imported.")


def _parse_level(value: str, field: str, where: str) -> int:
    if not value.strip():
        return 3
    number = _whole_number(value)
    if number is not None and 1 <= number <= 5:
        return number
    raise ImportRejected(f"{where}: the {field} '{value.strip()[:40]}' must be a whole number "
                         "from 1 to 5. Nothing was imported.")


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


def _contact_from(values: dict[str, str], known_types: Mapping[str, str],
                  new_id: Callable[[], str], where: str) -> Contact | None:
    name = values.get("name", "").strip()
    if not name:
        name = " ".join(values.get(part, "").strip() for part in
                        ("first_name", "middle_name", "last_name") if values.get(part, "").strip())
    if not name:
        return None
    every_text = values.get("contact_every_days", "").strip()
    every = _whole_number(every_text) if every_text else None
    if every_text and (every is None or not 1 <= every <= MAX_EVERY_DAYS):
        raise ImportRejected(f"{where}: 'contact every days' must be a whole number of days "
                             f"from 1 to {MAX_EVERY_DAYS:,}. Nothing was imported.")
    return Contact(
        id=new_id(), name=name, organisation=values.get("organisation", "").strip(),
        role=values.get("role", "").strip(),
        stakeholder_type=_type_id(values.get("stakeholder_type", ""), known_types),
        email=values.get("email", "").strip(), phone=values.get("phone", "").strip(),
        influence=_parse_level(values.get("influence", ""), "influence", where),
        interest=_parse_level(values.get("interest", ""), "interest", where),
        stance=_parse_stance(values.get("stance", ""), where), notes=values.get("notes", ""),
        contact_every_days=every,
        next_contact_date=_parse_date(values.get("next_contact_date", ""), "next_contact_date",
                                      where),
        lawful_basis=values.get("lawful_basis", "").strip(),
        data_source=values.get("data_source", "").strip(),
        retention_review_date=_parse_date(values.get("retention_review_date", ""),
                                          "retention_review_date", where))


def write_csv(contacts: Iterable[Contact]) -> str:
    """CSV text of the contacts, formula-like cells protected (`csv_cells.protect`); reads back
    with ``parse_csv`` exactly."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for contact in contacts:
        writer.writerow([protect(_cell(getattr(contact, f))) for f in CSV_COLUMNS])
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


def parse_vcard(data: bytes, new_id: Callable[[], str] | None = None) -> list[Contact]:
    """Contacts from a vCard file (2.1, 3.0 or 4.0); see `contacts_vcard`."""
    return read_contacts(data, "contacts.vcf", None, new_id).contacts


def write_vcard(contacts: Iterable[Contact]) -> str:
    """vCard 4.0 text of the contacts (name in its parts, organisation, role, email, phone,
    notes)."""
    return contacts_vcard.write_vcard(contacts)


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
