"""vCard files in and out, through vobject (versions 2.1, 3.0 and 4.0).

vobject parses and writes the format; this module adds what real exports need on top:

* a pre-pass for vCard 2.1 as Outlook and older phones write it: quoted-printable values whose
  soft line breaks (``=`` at the end of a line) continue on the next line, decoded with their
  ``CHARSET`` (Windows code pages included), so "Si=E2n" becomes "Siân" and a long note is kept
  whole;
* photos, logos, sounds and keys are dropped unread before parsing (Apple and Google put large
  photos in their exports; the app keeps no pictures of people), and the preview says so;
* the structure is checked first (every BEGIN:VCARD has its END:VCARD, at most ``MAX_CONTACTS``
  cards), so a cut-short file is refused whole with the line it went wrong on.

The export is vCard 4.0 with the name split into its parts (``N:Jones;Siân;;;``), so address books
sort and show it properly; vobject reads it back field for field.
"""
from __future__ import annotations

import quopri
import re
from collections import Counter
from collections.abc import Callable, Iterable

import vobject
from vobject.base import ParseError, VObjectError

from mutual_checklist.domain import contact_limits as limits
from mutual_checklist.domain.contact_limits import ImportRejected, ImportResult
from mutual_checklist.domain.models import Contact

_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_HEAD = re.compile(r'^((?:[^:"]|"[^"]*")*):(.*)$', re.S)
_LINES = re.compile(r"\r\n|\r|\n")
_QP_PARAMS = re.compile(r";(?:ENCODING=)?QUOTED-PRINTABLE|;CHARSET=[^;:]*", re.I)
_CHARSET = re.compile(r";CHARSET=([^;:]*)", re.I)
_READ = {"version", "fn", "n", "org", "title", "role", "email", "tel", "note"}
_QUIET = {"prodid", "rev", "uid", "kind", "class", "x-abuid", "sort-string", "x-ms-ol-design",
          "x-ms-ol-default-postal-address", "x-ms-carddav", "x-phonetic-first-name",
          "x-phonetic-last-name", "label", "mailer", "tz", "geo", "source", "name", "profile"}
_LABELS = {"adr": "Postal addresses", "bday": "Birthdays", "anniversary": "Anniversaries",
           "url": "Web pages", "nickname": "Nicknames", "categories": "Groups",
           "impp": "Instant messaging names", "x-socialprofile": "Social media profiles",
           "related": "Related people", "gender": "Gender", "lang": "Languages",
           "member": "Group members", "caladruri": "Calendar addresses",
           "fburl": "Free/busy addresses", "x-aim": "Instant messaging names",
           "x-skype": "Instant messaging names"}
_PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "la", "le", "du", "da", "di",
              "dos", "das", "ap", "ab", "ó", "o", "mac", "mc", "st", "st.", "bin", "ibn", "al",
              "ten", "ter", "y", "nic", "ní", "ni", "uí"}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "cllr", "sir", "dame", "rev",
               "revd", "lord", "lady"}


# --- reading -------------------------------------------------------------------------------------


def read_vcard(text: str, encoding: str, new_id: Callable[[], str]) -> ImportResult:
    """Contacts from the text of a vCard file (already decoded; see `contacts_io.decode`)."""
    lines, numbers, dropped = _prepare(text)
    try:
        cards = list(vobject.readComponents("\r\n".join(lines) + "\r\n", ignoreUnreadable=True))
    except (ParseError, VObjectError, ValueError, TypeError) as error:
        number = getattr(error, "lineNumber", None)
        where = f"Line {numbers[number - 1]}: " if isinstance(number, int) and \
            0 < number <= len(numbers) else ""
        raise ImportRejected(f"{where}the vCard cannot be read. Nothing was imported.") from None
    result = ImportResult(kind="vCard", encoding=encoding)
    unused: Counter[str] = Counter()
    present: set[str] = set()
    for position, card in enumerate(c for c in cards if c.name.upper() == "VCARD"):
        where = f"Card {position + 1}"
        found = _card_fields(card, unused, present)
        for field, value in found.items():
            limits.check_value(field, value, where)
        if not found.get("name", "").strip():
            result.skipped.append(f"{where}: no name (FN or N), so it was left out.")
            continue
        result.contacts.append(Contact(
            id=new_id(), name=found["name"].strip(), organisation=found.get("organisation", ""),
            role=found.get("role", ""), email=found.get("email", ""),
            phone=found.get("phone", ""), notes=found.get("notes", "")))
        result.where.append(where)
    if not result.contacts and not result.skipped:
        raise ImportRejected("The file holds no vCards (BEGIN:VCARD ... END:VCARD). Nothing was "
                             "imported.")
    order = (("FN", "name"), ("N", "name"), ("ORG", "organisation"), ("TITLE", "role"),
             ("ROLE", "role"), ("EMAIL", "email"), ("TEL", "phone"), ("NOTE", "notes"))
    result.mapping = [(prop, limits.label(field) + (" (when FN is empty)" if prop == "N" else "")
                       + (" (when TITLE is empty)" if prop == "ROLE" else ""))
                      for prop, field in order if prop in present]
    if dropped:
        unused["Photos, logos and sounds"] += dropped
    result.not_imported = [f"{what} (on {count} card{'s' if count != 1 else ''})"
                           for what, count in sorted(unused.items())]
    return result


def _prepare(text: str) -> tuple[list[str], list[int], int]:
    """Lines for vobject with the original line number of each, and the number of binary
    properties dropped. Checks the BEGIN/END structure and the card count."""
    raw = _LINES.split(text)
    out: list[str] = []
    numbers: list[int] = []
    dropped = depth = cards = start = 0
    skipping = False
    index = 0
    while index < len(raw):
        line, number = raw[index], index + 1
        index += 1
        if line[:1] in (" ", "\t") or (skipping and not line.strip()):
            if not skipping and out:
                out.append(line)
                numbers.append(number)
            continue
        skipping = False
        if not line.strip():
            continue
        match = _HEAD.match(line)
        if match is None:
            out.append(line)
            numbers.append(number)
            continue
        head, value = match.groups()
        name = head.split(";", 1)[0].rpartition(".")[2].strip().upper()
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            if depth:
                raise ImportRejected(f"Line {number}: a vCard starts before the previous one "
                                     "ended. Nothing was imported.")
            depth, start, cards = 1, number, cards + 1
            if cards > limits.MAX_CONTACTS:
                raise ImportRejected(f"The file holds more than {limits.MAX_CONTACTS:,} "
                                     "contacts; split it and import the parts. Nothing was "
                                     "imported.")
        elif name == "END" and value.strip().upper() == "VCARD":
            if not depth:
                raise ImportRejected(f"Line {number}: END:VCARD without BEGIN:VCARD. Nothing "
                                     "was imported.")
            depth = 0
        elif name in _BINARY:
            dropped += 1
            skipping = True
            continue
        elif "QUOTED-PRINTABLE" in head.upper():
            while value.endswith("=") and index < len(raw):  # a soft line break
                value = value[:-1] + raw[index]
                index += 1
            line = _QP_PARAMS.sub("", head) + ":" + _escape(_qp_decode(value, head))
        out.append(line)
        numbers.append(number)
    if depth:
        raise ImportRejected(f"Line {start}: the last vCard has no END:VCARD; the file may be "
                             "cut short. Nothing was imported.")
    return out, numbers, dropped


def _qp_decode(value: str, head: str) -> str:
    data = quopri.decodestring(value.encode("latin-1", "replace"))
    charset = _CHARSET.search(head)
    for codec in ([charset.group(1).strip('"')] if charset else []) + ["utf-8", "cp1252"]:
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def _escape(value: str) -> str:
    """A decoded 2.1 value written the 3.0 way (separators ``;`` kept as they were)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace("\n", "\\n")


def _text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(_text(v) for v in value if _text(v))
    return "" if value is None else str(value)


def _kinds(line: vobject.base.ContentLine) -> set[str]:
    kinds = {p.upper() for p in getattr(line, "singletonparams", [])}
    for key, values in line.params.items():
        if key.upper() in ("TYPE", "PREF"):
            kinds |= {v.upper() for v in values} | ({"PREF"} if key.upper() == "PREF" else set())
    return kinds


def _preferred(lines: list, order: tuple[str, ...]) -> str:
    """The first non-empty value, preferring lines marked PREF, then the kinds in `order`."""
    def rank(item: tuple[int, vobject.base.ContentLine]) -> tuple[int, int]:
        kinds = _kinds(item[1])
        if "PREF" in kinds:
            return (0, item[0])
        return (1 + next((n for n, k in enumerate(order) if k in kinds), len(order)), item[0])

    for _, line in sorted(enumerate(lines), key=rank):
        value = _text(line.value).strip()
        for scheme in ("mailto:", "tel:"):
            if value.lower().startswith(scheme):
                value = value[len(scheme):]
        if value:
            return value
    return ""


def _card_fields(card: vobject.base.Component, unused: Counter[str],
                 present: set[str]) -> dict[str, str]:
    contents = card.contents
    found: dict[str, str] = {}
    for key, lines in contents.items():
        if key in _READ:
            present.add(key.upper())
        elif key not in _QUIET and not (key.startswith("x-ms-") or key.startswith("x-abl")):
            label = _LABELS.get(key, "Other program-specific fields" if key.startswith("x-")
                                else f"{key.upper()} entries")
            unused[label] += 1
    name = next((_text(line.value).strip() for line in contents.get("fn", [])
                 if _text(line.value).strip()), "")
    if not name and contents.get("n"):
        n = contents["n"][0].value
        parts = [getattr(n, attr, "") for attr in ("prefix", "given", "additional", "family",
                                                    "suffix")]
        name = " ".join(_text(p) for p in parts if _text(p).strip())
    found["name"] = name
    for key in ("org",):
        for line in contents.get(key, []):
            value = line.value
            first = value[0] if isinstance(value, (list, tuple)) and value else value
            if _text(first).strip():
                found["organisation"] = _text(first).strip()
                break
    role = next((_text(line.value).strip() for key in ("title", "role")
                 for line in contents.get(key, []) if _text(line.value).strip()), "")
    if role:
        found["role"] = role
    email = _preferred(contents.get("email", []), ("WORK", "INTERNET", "HOME"))
    phone = _preferred(contents.get("tel", []), ("WORK", "CELL", "MAIN", "VOICE", "HOME"))
    if email:
        found["email"] = email
        if len(contents.get("email", [])) > 1:
            unused["Further email addresses (the preferred one is kept)"] += 1
    if phone:
        found["phone"] = phone
        if len(contents.get("tel", [])) > 1:
            unused["Further phone numbers (the preferred one is kept)"] += 1
    note = next((_text(line.value) for line in contents.get("note", [])
                 if _text(line.value).strip()), "")
    if note:
        found["notes"] = note
    return found


# --- writing -------------------------------------------------------------------------------------


def name_parts(name: str) -> vobject.vcard.Name:
    """A display name split into vCard name parts: honorifics in front are the prefix, the last
    word is the family name (with particles such as "van der", "ap" or "Ó" before it), the first
    word the given name, any others additional names."""
    words = name.split()
    prefix: list[str] = []
    while len(words) > 1 and words[0].rstrip(".").casefold() in _HONORIFICS:
        prefix.append(words.pop(0))
    if len(words) <= 1:
        return vobject.vcard.Name(given=" ".join(words), prefix=" ".join(prefix))
    family = [words.pop()]
    while len(words) > 1 and words[-1].casefold() in _PARTICLES:
        family.insert(0, words.pop())
    return vobject.vcard.Name(family=" ".join(family), given=words[0],
                              additional=" ".join(words[1:]), prefix=" ".join(prefix))


def write_vcard(contacts: Iterable[Contact]) -> str:
    """vCard 4.0 text of the contacts: FN and N, ORG, TITLE, EMAIL, TEL and NOTE."""
    parts: list[str] = []
    for contact in contacts:
        card = vobject.vCard()
        card.add("version").value = "4.0"
        card.add("fn").value = contact.name
        card.add("n").value = name_parts(contact.name)
        for key, value in (("org", [contact.organisation] if contact.organisation else None),
                           ("title", contact.role), ("email", contact.email),
                           ("tel", contact.phone), ("note", contact.notes)):
            if value:
                card.add(key).value = value
        parts.append(card.serialize())
    return _refold("".join(parts))


def _refold(text: str) -> str:
    """Lines folded at 75 octets, never inside a character (RFC 6350 3.2); vobject folds at 75
    characters, which is too long for text outside ASCII."""
    lines = text.replace("\r\n ", "").split("\r\n")
    return "\r\n".join(_fold(line) for line in lines)


def _fold(line: str, limit: int = 75) -> str:
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)
