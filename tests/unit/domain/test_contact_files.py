"""Contacts files shaped like each address book's real export: every field must land.

The fixtures in tests/fixtures/contacts were written from each program's documented export
format (column headers, encodings, vCard versions): Outlook for Windows CSV in the Windows code
page, Outlook.com CSV with a byte-order mark, Google's current and older CSV layouts (the older in
UTF-16), Thunderbird CSV, an Excel CSV saved with semicolons, Apple and Google vCard 3.0 with
photos, Outlook vCard 2.1 with quoted-printable Windows-1252 and in plain Windows-1252, and a
vCard 4.0 file. What each file must yield is in expected.json beside them.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import vobject

from mutual_checklist.domain import contacts_io as cio
from mutual_checklist.domain.models import Contact, StakeholderType, Stance

FILES = Path(__file__).resolve().parents[2] / "fixtures" / "contacts"
FIELDS = ("name", "organisation", "role", "email", "phone", "notes")


def ids():
    counter = iter(range(100_000))
    return lambda: f"id{next(counter)}"


def read(name: str, types=None) -> cio.ImportResult:
    return cio.read_file(FILES / name, types, new_id=ids())


def landed(result: cio.ImportResult) -> list[tuple[str, ...]]:
    return [tuple(getattr(c, f) for f in FIELDS) for c in result.contacts]


# For each fixture file, every contact it holds with the fields that must land (file order).
EXPECTED = json.loads((FILES / "expected.json").read_text(encoding="utf-8"))


def test_every_fixture_file_has_its_expected_contacts():
    assert sorted(EXPECTED) == sorted(p.name for p in FILES.glob("*") if p.suffix in
                                      (".csv", ".vcf"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_field_lands(name):
    assert landed(read(name)) == [tuple(c[f] for f in FIELDS) for c in EXPECTED[name]]


def test_outlook_title_is_the_honorific_not_the_role_and_is_listed():
    result = read("outlook-desktop.csv")
    assert result.encoding == "Windows Western (cp1252)"
    assert ("Job Title", "Role") in result.mapping
    assert not any(column == "Title" for column, _ in result.mapping)
    assert "Title (honorific such as Dr or Ms) (filled on 2 rows)" in result.not_imported
    # an empty first choice does not hide a filled alternative
    assert ("Mobile Phone", "Phone (when the columns before are empty)") in result.mapping
    # Outlook's placeholders for empty dates and choices are not reported as data
    assert not any(line.startswith(("Birthday", "Gender", "Priority"))
                   for line in result.not_imported)
    assert "Business Street (filled on 1 row)" in result.not_imported


def test_a_home_made_title_column_is_the_role():
    result = cio.read_csv(b"Name,Title\r\nAnn Lee,Head of HR\r\n")
    assert result.contacts[0].role == "Head of HR"


def test_google_layouts_report_what_is_left_out():
    new = read("google-new.csv")
    assert new.skipped == ["Line 4: no name, so it was left out."]
    assert "Photo (filled on 1 row)" in new.not_imported
    assert "Birthday (filled on 1 row)" in new.not_imported
    old = read("google-old.csv")
    assert old.encoding == "UTF-16"
    assert ("Organization 1 - Title", "Role") in old.mapping
    assert ("Occupation", "Role (when the columns before are empty)") in old.mapping


def test_semicolon_file_with_the_apps_own_columns():
    types = cio.type_lookup([StakeholderType("staff", "Staff (all affected employees)")])
    [rene] = read("excel-semicolon.csv", types).contacts
    assert (rene.stakeholder_type, rene.influence, rene.interest, rene.stance,
            rene.contact_every_days, rene.next_contact_date, rene.lawful_basis, rene.data_source,
            rene.retention_review_date) == (
        "staff", 5, 4, Stance.SUPPORTIVE, 30, dt.date(2026, 3, 31), "Public task",
        "Council directory", dt.date(2027, 3, 31))


def test_vcards_list_photos_and_other_properties_left_out():
    apple = read("apple.vcf")
    assert apple.mapping == [("FN", "Name"), ("N", "Name (when FN is empty)"),
                             ("ORG", "Organisation"), ("TITLE", "Role"), ("EMAIL", "Email"),
                             ("TEL", "Phone"), ("NOTE", "Notes")]
    assert "Photos, logos and sounds (on 1 card)" in apple.not_imported
    assert "Postal addresses (on 1 card)" in apple.not_imported
    assert "Birthdays (on 1 card)" in apple.not_imported
    google = read("google.vcf")
    assert google.skipped == ["Card 2: no name (FN or N), so it was left out."]
    assert read("outlook-2.1-ansi.vcf").encoding == "Windows Western (cp1252)"


def test_apple_export_with_many_large_photos_is_read(tmp_path):
    card = (FILES / "apple.vcf").read_text(encoding="utf-8").split("END:VCARD")[0]
    big = card.replace("PHOTO;ENCODING=b;TYPE=JPEG:",
                       "PHOTO;ENCODING=b;TYPE=JPEG:" + "QUJD" * 15_000 + "\r\n ")
    path = tmp_path / "apple-200.vcf"
    path.write_text((big + "END:VCARD\r\n") * 200, encoding="utf-8")
    assert path.stat().st_size > 10 * 1024 * 1024
    result = cio.read_file(path, new_id=ids())
    assert len(result.contacts) == 200
    assert "Photos, logos and sounds (on 200 cards)" in result.not_imported


def test_vcard_export_is_read_back_by_vobject_field_for_field():
    people = [
        Contact(id="1", name="Siân Jones", organisation="Cyngor Sir Ynys Môn; Cyllid",
                role="Head of Finance", email="sian@example.org", phone="+44 1632 960123",
                notes="Two lines,\nwith a comma\\backslash"),
        Contact(id="2", name="Dr Aoife van der Berg", organisation="Council"),
        Contact(id="3", name="Dafydd ap Rhys"),
        Contact(id="4", name="Prince"),
    ]
    text = cio.write_vcard(people)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cards = list(vobject.readComponents(text))
    assert [c.version.value for c in cards] == ["4.0"] * 4
    sian, aoife, dafydd, prince = cards
    assert (sian.fn.value, sian.n.value.given, sian.n.value.family) == (
        "Siân Jones", "Siân", "Jones")
    assert sian.org.value == ["Cyngor Sir Ynys Môn; Cyllid"]
    assert (sian.title.value, sian.email.value, sian.tel.value, sian.note.value) == (
        "Head of Finance", "sian@example.org", "+44 1632 960123",
        "Two lines,\nwith a comma\\backslash")
    assert (aoife.n.value.prefix, aoife.n.value.given, aoife.n.value.family) == (
        "Dr", "Aoife", "van der Berg")
    assert (dafydd.n.value.given, dafydd.n.value.family) == ("Dafydd", "ap Rhys")
    assert (prince.n.value.given, prince.n.value.family) == ("Prince", "")
    back = cio.parse_vcard(text.encode(), new_id=ids())
    assert [tuple(getattr(c, f) for f in FIELDS) for c in back] == [
        tuple(getattr(c, f) for f in FIELDS) for c in people]


def test_csv_export_round_trip_keeps_phones_and_formulas_exactly():
    people = [Contact(id="1", name="=HYPERLINK(\"http://x\")", phone="+44 20 7946 0958",
                      notes="- first point", email="@me")]
    text = cio.write_csv(people)
    assert ",+44 20 7946 0958," in text  # a phone number shows as typed in a spreadsheet
    assert "'=HYPERLINK" in text and "'- first point" in text and "'@me" in text
    [back] = cio.parse_csv(text.encode(), new_id=ids())
    assert (back.name, back.phone, back.notes, back.email) == (
        people[0].name, "+44 20 7946 0958", "- first point", "@me")


def test_ten_thousand_csv_rows_are_read():
    rows = "".join(f"P{n},Org {n},p{n}@example.org\r\n" for n in range(10_000))
    data = ("Name,Company,E-mail Address\r\n" + rows).encode()
    result = cio.read_csv(data, new_id=ids())
    assert len(result.contacts) == 10_000
    assert result.contacts[-1].email == "p9999@example.org"
