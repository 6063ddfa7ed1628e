"""vCard and CSV parsing and writing: what is read, what is refused whole, what is neutralised."""
from __future__ import annotations

import datetime as dt
from dataclasses import fields

import pytest

from mutual_checklist.domain import contacts_io as cio
from mutual_checklist.domain.models import Contact, StakeholderType, Stance

TYPES = cio.type_lookup([StakeholderType("unions", "Trade unions"),
                         StakeholderType("staff", "Staff (all affected employees)")])


def ids():
    counter = iter(range(1000))
    return lambda: f"id{next(counter)}"


# --- CSV -----------------------------------------------------------------------------------------


def test_csv_columns_aliases_bom_and_dates():
    text = ("\ufeffFull Name,Company,Job-Title,Stakeholder_Type,E-mail Address,Mobile,Influence,"
            "interest,Stance,Notes,Contact every days,Next contact,Lawful basis,Data source,"
            "Retention review,Unknown column\r\n"
            "Jo Green,Unison,Organiser,trade UNIONS,jo@example.org,07700 900001,4,5,Supportive,"
            "\"Line one\nline two\",30,31/03/2026,Consent,Event sign-up,2027-01-31,ignored\r\n"
            ",,,,,,,,,,,,,,,\r\n")
    [jo] = cio.parse_csv(text.encode("utf-8"), TYPES, new_id=ids())
    assert jo == Contact(
        id="id0", name="Jo Green", organisation="Unison", role="Organiser",
        stakeholder_type="unions", email="jo@example.org", phone="07700 900001", influence=4,
        interest=5, stance=Stance.SUPPORTIVE, notes="Line one\nline two", contact_every_days=30,
        next_contact_date=dt.date(2026, 3, 31), lawful_basis="Consent",
        data_source="Event sign-up", retention_review_date=dt.date(2027, 1, 31))


def test_csv_first_and_last_name_and_defaults():
    data = "First name;Last name\n".replace(";", ",").encode() + b"Ann,Lee\n"
    [ann] = cio.parse_csv(data)
    assert (ann.name, ann.influence, ann.interest, ann.stance) == ("Ann Lee", 3, 3, Stance.UNKNOWN)
    assert ann.stakeholder_type == ""


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"Email\r\na@b.c\r\n", "no 'Name' column"),
    (b"Name,Influence\r\nA,9\r\n", "Line 2: the influence '9' must be a whole number from 1 to 5"),
    (b"Name,Stance\r\nA,hostile\r\n", "the stance 'hostile' is not one of"),
    (b"Name,Next contact\r\nA,31/02/2026\r\n", "Line 2: the next contact '31/02/2026' is not a"),
    (b"Name,Contact every days\r\nA,-3\r\n", "whole number of days"),
    (b"Name\r\nA\x00B\r\n", "NUL character"),
    (b"Name\r\nA\x1bB\r\n", "control character"),
    (b"Name,Influence\r\nA,\xc2\xb2\r\n", "the influence '\u00b2' must be a whole number"),
    ("Name,Influence\r\nA,\u2460\r\n".encode(), "the influence '\u2460' must be a whole"),
    (b"Name,Contact every days\r\nA,1234567890123456789\r\n", "from 1 to 3,650"),
    ("Name,Contact every days\r\nA,\u0661\u0664\r\n".encode(), "whole number of days"),
    ("Name,Next contact\r\nA,\u0662\u0660\u0662\u0666-01-01\r\n".encode(), "is not a date"),
])
def test_csv_bad_files_are_rejected_whole(data, message):
    with pytest.raises(cio.ImportRejected, match="Nothing was imported") as error:
        cio.parse_csv(data)
    assert message in str(error.value)


def test_limits_size_count_and_field_length():
    with pytest.raises(cio.ImportRejected, match="limit is 5 MB"):
        cio.parse_csv(b"Name\n" + b"a" * cio.MAX_BYTES)
    many = "Name\n" + "".join(f"P{n}\n" for n in range(cio.MAX_CONTACTS + 1))
    with pytest.raises(cio.ImportRejected, match="more than 10,000 contacts"):
        cio.parse_csv(many.encode())
    assert len(cio.parse_csv(("Name\n" + "P\n" * cio.MAX_CONTACTS).encode())) == cio.MAX_CONTACTS
    with pytest.raises(cio.ImportRejected, match="Line 2: the name is 100,000 characters long"):
        cio.parse_csv(b"Name\n" + b"x" * 100_000 + b"\n")
    with pytest.raises(cio.ImportRejected, match="the notes is 20,001 characters"):
        cio.parse_csv(b"Name,Notes\nA," + b"x" * 20_001 + b"\n")
    with pytest.raises(cio.ImportRejected, match="cannot be read"):
        cio.parse_csv(b"Name,Notes\nA," + b"x" * 200_000 + b"\n")  # beyond csv's own limit


def test_hostile_text_is_kept_literally_on_import():
    data = ('Name,Organisation,Role\n"=HYPERLINK(""http://x"",""y"")",<b>Org</b> & co,'
            "\u202eevil\n").encode()
    [c] = cio.parse_csv(data)
    assert (c.name, c.organisation, c.role) == ('=HYPERLINK("http://x","y")', "<b>Org</b> & co",
                                               "\u202eevil")


def test_a_row_without_a_name_is_left_out_and_listed():
    result = cio.read_csv(b"Name,Email\r\nAnn,a@b.c\r\n,b@b.c\r\n", new_id=ids())
    assert [c.name for c in result.contacts] == ["Ann"]
    assert result.skipped == ["Line 3: no name, so it was left out."]


def test_windows_code_page_file_is_read():
    result = cio.read_csv("Name,Notes\r\nJos\xe9 Ruiz,Caf\xe9 \u2013 \xa35\r\n".encode("cp1252"))
    assert (result.contacts[0].name, result.contacts[0].notes) == ("José Ruiz", "Café – £5")
    assert result.encoding == "Windows Western (cp1252)"


def test_write_csv_neutralises_every_cell_and_reads_back():
    contacts = [Contact(id="1", name="=HYPERLINK(\"x\")", organisation="Org, \"quoted\"",
                        email="@me", notes="line\nbreak", influence=5, stance=Stance.OPPOSED,
                        next_contact_date=dt.date(2026, 4, 1), contact_every_days=14)]
    text = cio.write_csv(contacts)
    assert text.splitlines()[0] == ",".join(cio.CSV_HEADERS)
    assert "'=HYPERLINK" in text and "'@me" in text
    [back] = cio.parse_csv(text.encode(), new_id=lambda: "1")
    assert back.name == "=HYPERLINK(\"x\")"  # the protecting quote comes off again
    assert back.organisation == "Org, \"quoted\"" and back.notes == "line\nbreak"
    assert (back.influence, back.stance, back.next_contact_date, back.contact_every_days) == (
        5, Stance.OPPOSED, dt.date(2026, 4, 1), 14)


def test_csv_columns_are_contact_fields():
    assert set(cio.CSV_COLUMNS) <= {f.name for f in fields(Contact)}
    assert len(cio.CSV_COLUMNS) == len(cio.CSV_HEADERS)


# --- vCard ---------------------------------------------------------------------------------------

VCARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Marsh;Helen;;;\r\nFN:Helen Marsh\r\n"
    "ORG:Northbrook Council;Adults\r\nTITLE:Head of Commissioning\r\n"
    "EMAIL;TYPE=INTERNET,WORK:helen@example.org\r\nEMAIL:second@example.org\r\n"
    "TEL;TYPE=CELL:07700 900002\r\nNOTE:Met at forum\\, keen\\nSecond line that is long and is\r\n"
    "  folded here\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nN:Okafor;David;;;\r\nitem1.EMAIL:d@example.org\r\n"
    "TEL;VALUE=uri:tel:+44-1632-960001\r\nROLE:s151 officer\r\nEND:VCARD\r\n"
)


def test_vcard_3_and_4():
    helen, david = cio.parse_vcard(VCARDS.encode(), new_id=ids())
    assert (helen.name, helen.organisation, helen.role, helen.email, helen.phone) == (
        "Helen Marsh", "Northbrook Council", "Head of Commissioning", "helen@example.org",
        "07700 900002")
    assert helen.notes == "Met at forum, keen\nSecond line that is long and is folded here"
    assert (david.name, david.email, david.phone, david.role) == (
        "David Okafor", "d@example.org", "+44-1632-960001", "s151 officer")


def test_vcard_bom_lf_line_endings_and_quoted_printable():
    data = ("\ufeffBEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 Ruiz\n"
            "END:VCARD\n").encode()
    [c] = cio.parse_vcard(data)
    assert c.name == "José Ruiz"


@pytest.mark.parametrize(("data", "message"), [
    (b"hello", "holds no vCards"),
    (b"BEGIN:VCARD\nFN:A\n", "has no END:VCARD"),
    (b"BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nEND:VCARD\n", "starts before the previous one ended"),
    (b"END:VCARD\n", "without BEGIN"),
    (b"BEGIN:VCARD\nFN:A\x00B\nEND:VCARD\n", "NUL character"),
    (b"BEGIN:VCARD\nFN:" + b"x" * 100_000 + b"\nEND:VCARD\n", "100,000 characters"),
])
def test_vcard_bad_files_are_rejected_whole(data, message):
    with pytest.raises(cio.ImportRejected) as error:
        cio.parse_vcard(data)
    assert message in str(error.value)


def test_write_vcard_escapes_folds_and_reads_back():
    contacts = [Contact(id="1", name="Smith, Jo; Jr \\ 日本語" * 3, organisation="A;B",
                        email="jo@example.org", phone="+44 1632", notes="Two\nlines")]
    text = cio.write_vcard(contacts)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    [back] = cio.parse_vcard(text.encode(), new_id=lambda: "1")
    assert (back.name, back.organisation, back.email, back.phone, back.notes) == (
        contacts[0].name, "A;B", "jo@example.org", "+44 1632", "Two\nlines")


# --- duplicates ----------------------------------------------------------------------------------


def test_find_duplicates_by_email_or_name_and_organisation():
    existing = [Contact(id="a", name="Helen Marsh", organisation="Council",
                        email="Helen@Example.org"),
                Contact(id="b", name="Anonymised contact (x)", anonymised=True)]
    new = [Contact(id="1", name="H Marsh", email="helen@example.org "),
           Contact(id="2", name="helen  marsh", organisation="COUNCIL"),
           Contact(id="3", name="Helen Marsh", organisation="Other body"),
           Contact(id="4", name="Jo", email="jo@x.org"),
           Contact(id="5", name="Joanne", email="JO@x.org"),
           Contact(id="6", name="Anonymised contact (x)")]
    found = cio.find_duplicates(new, existing)
    assert [d.index for d in found] == [0, 1, 4]
    assert found[0].reason == "Same email as a contact already in the project as ‘Helen Marsh’"
    assert found[1].reason.startswith("Same name and organisation")
    assert found[2].reason.endswith("earlier in this file (row 4)")
