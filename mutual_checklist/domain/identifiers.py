"""Finding a contact in free text, however it is written, and scrubbing them out.

The one matcher behind every redaction (export/redaction.py), erasure and subject access
(storage/erasure.py). Pure text work: no files, no SQL.

What counts as a contact's identifier: the full name in any case, with or without a title
("Cllr", "Dr", "Mrs"…), "first last" and "initial last"; a first name or surname on its own (in
any case, except names that are also ordinary words such as "Green", which count only when
capitalised); the email in any case; the phone in any usual form (spaces, brackets, dashes,
`+44`, `+44 (0)`, `0044`).
"""
from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from mutual_checklist.domain.models import Contact

# String fields that hold ids, codes or timestamps, never free text: left as they are.
STRUCTURAL = frozenset({
    "id", "uuid", "step_id", "barrier_id", "contact_id", "target_id", "entity", "entity_id",
    "field", "category", "phase_id", "template_id", "template_version", "created_at",
    "updated_at", "at", "assessed_at", "added_at", "stakeholder_type", "kind", "stance",
    "owner_contact_id", "blocked_by", "status", "rag", "trend", "treatment", "rating",
    "suggested_rating", "readiness_verdict", "generated_at", "app_version", "project_uuid",
    "sections"})
HONORIFICS = ("cllr", "councillor", "dr", "mr", "mrs", "ms", "miss", "mx", "prof",
              "professor", "sir", "dame", "rev", "lord", "lady")
# Names that are also ordinary words: on their own they count only when capitalised, so "a
# green belt" survives a contact called Amy Green while "Green" and "amy green" do not.
COMMON_WORDS = frozenset("""
    will may mark bill rob pat grace hope joy dawn faith summer frank rose ruby jack sue don
    art guy ray sandy holly ivy iris jean june april august sky star angel chance chase drew
    green brown white black gray grey hall wood woods young king hill ward page bell cook baker
    long short rich little fox lamb wolf sharp best moss lane field fields marsh stone west
    north south east price cross clay wells hunt hunter mason porter carter fisher shepherd
    cole day dean may bond banks rivers ford bush bird swan nash gold silver steel low high
    small large major pope bishop knight read reid rice salt sand shaw street strong sweet
    wise french english walker chamber chambers parsons church house power powers law lord
    love joy noble park parks pink red rose reading sage spring winter snow frost brook brooks
    hay hart hope key keys lock mann miles mills moor more moore new newman oak oakes page
    pool post rose rush scott sharpe short sims slater smart spencer steward stewart stone
    temple tiller tower turner vale vine wall walls ware waters webb well wells wheeler wild
    wright
""".split())
_WORD = re.compile(r"\w+")
_PHONE_RUN = re.compile(r"\+?\d[\d ().\-\u00a0\u2010-\u2015/]*\d")
_TRUNKS = ("00440", "0044", "440", "44", "0")  # what may stand before a UK national number
MIN_PHONE_DIGITS = 5
MAX_NAME_TOKENS = 6
AMBIGUOUS = "a contact"


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive form of one word ("Zoë" and "ZOE" both give "zoe")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def phone_keys(phone: str) -> set[str]:
    """The digit strings a phone number is recognised by, whatever prefix it is written with.

    A UK number is keyed by its national number without the trunk 0 ("1614960000" for
    "+44 (0)161 496 0000", "0161-496-0000" or "00441614960000"); any other long international
    number also by its last nine digits.
    """
    digits = "".join(ch for ch in phone if ch.isascii() and ch.isdigit())
    text = phone.strip()
    international = text.startswith("+") or digits.startswith("00")
    if digits.startswith("0044"):
        digits = digits[4:]
    elif text.startswith("+44"):
        digits = digits[2:]
    national = digits[1:] if digits.startswith("0") else digits
    keys = {national} if len(national) >= MIN_PHONE_DIGITS else set()
    if international and not text.startswith("+44") and not digits.startswith("44") \
            and len(digits) > 9:
        keys.add(digits[-9:])
    return keys


class Identifiers:
    """Every way some contacts may be written in free text, how to find it and scrub it out.

    Matching works on word tokens and digit runs (not one huge regex), so it stays linear in
    the length of the text however many contacts there are.
    """

    def __init__(self, contacts: Iterable[tuple[Contact, str]]):
        self.names: dict[tuple[str, ...], str] = {}   # found by scrub and by the check
        self.weak: dict[tuple[str, ...], str] = {}    # "A Green": scrubbed, not checked
        self.single: dict[str, str] = {}
        self.emails: dict[str, str] = {}
        self.phones: dict[str, str] = {}
        for contact, label in contacts:
            if contact.anonymised:
                continue  # its name is already a made-up label with nothing to protect
            tokens = [fold(t) for t in _WORD.findall(contact.name)]
            core = [t for t in tokens if t not in HONORIFICS] or tokens
            strong = {tuple(tokens), tuple(core)}
            if len(core) >= 2:
                strong.add((core[0], core[-1]))
                self.weak[(core[0][0], core[-1])] = label
            if core and core[-1].isalpha() and (len(core) >= 2 or len(core[-1]) >= 3):
                strong |= {(title, core[-1]) for title in HONORIFICS}
                strong |= {(title, *core) for title in HONORIFICS}
            for variant in strong:
                if len(variant) >= 2:
                    self.names[variant] = label
            for token in set(core if len(core) >= 2 else tokens):
                if len(token) >= 3 or len(core) == 1:
                    self.single[token] = AMBIGUOUS if self.single.get(token, label) != label \
                        else label
            if "@" in contact.email:
                self.emails[contact.email.strip().casefold()] = label
            for key in phone_keys(contact.phone):
                self.phones[key] = label
        self._phone_lengths = sorted({len(p) for p in self.phones}, reverse=True)
        self._longest_local = max((e.index("@") for e in self.emails), default=0)
        self._longest_domain = max((len(e) - e.index("@") for e in self.emails), default=0)

    @classmethod
    def for_contacts(cls, contacts: Iterable[Contact], label: str = "") -> Identifiers:
        """Identifiers of `contacts`, each replaced by `label` or else "Contact N" (numbered
        in the order contacts were added, as redacted copies number them)."""
        ordered = sorted(contacts, key=lambda c: (c.created_at, c.id))
        return cls((c, label or f"Contact {n}") for n, c in enumerate(ordered, start=1))

    def __bool__(self) -> bool:
        return bool(self.names or self.single or self.emails or self.phones)

    # --- finding -----------------------------------------------------------------------------

    def spans(self, text: str, *, single_tokens: bool = True) -> list[tuple[int, int, str]]:
        """(start, end, label) of every identifier found in `text`, possibly overlapping.

        `single_tokens=False` is the check after writing: full names, titled names, emails
        and phones only.
        """
        found = self._email_spans(text) if self.emails else []
        if self.phones:
            found += self._phone_spans(text)
        tokens = list(_WORD.finditer(text))
        keys = [fold(m.group()) for m in tokens]
        for i, match in enumerate(tokens):
            for n in range(min(MAX_NAME_TOKENS, len(tokens) - i), 1, -1):
                variant = tuple(keys[i:i + n])
                label = self.names.get(variant) or (single_tokens and self.weak.get(variant))
                if label:
                    found.append((match.start(), tokens[i + n - 1].end(), label))
                    break
            else:
                label = self.single.get(keys[i]) if single_tokens else None
                if label and (keys[i] not in COMMON_WORDS or match.group()[0].isupper()):
                    found.append((match.start(), match.end(), label))
        return found

    def _email_spans(self, text: str) -> list[tuple[int, int, str]]:
        """Expand outwards from each "@" (a regex would be quadratic on long runs of letters)."""
        found = []
        at = text.find("@")
        while at != -1:
            start = at
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._+'-"):
                start -= 1
            end = at + 1
            while end < len(text) and (text[end].isalnum() or text[end] in ".-_"):
                end += 1
            while end > at + 1 and text[end - 1] == ".":
                end -= 1
            if end - at <= self._longest_domain:
                for head in range(max(start, at - self._longest_local), at):
                    label = self.emails.get(text[head:end].casefold())
                    if label:
                        found.append((head, end, label))
                        break
            at = text.find("@", at + 1)
        return found

    def _phone_spans(self, text: str) -> list[tuple[int, int, str]]:
        found = []
        for run in _PHONE_RUN.finditer(text):
            chunk = run.group()
            where = [run.start() + k for k, ch in enumerate(chunk) if ch.isdigit()]
            digits = "".join(ch for ch in chunk if ch.isdigit())
            start = 0
            while start < len(digits):
                for length in self._phone_lengths:
                    label = self.phones.get(digits[start:start + length])
                    if label:
                        head = start
                        for trunk in _TRUNKS:  # take "+44 (0)" or "0" along with the number
                            if digits[:start].endswith(trunk):
                                head = start - len(trunk)
                                break
                        begin = where[head]
                        if begin > 0 and text[begin - 1] == "+":
                            begin -= 1
                        found.append((begin, where[start + length - 1] + 1, label))
                        start += length - 1
                        break
                start += 1
        return found

    def found(self, text: str) -> list[str]:
        """Labels of the contacts whose full name, titled name, email or phone is in `text`
        (also with all white space taken out, for emails and phones broken across lines)."""
        labels = {label for _, _, label in self.spans(text, single_tokens=False)}
        squashed = re.sub(r"\s+", "", text)
        if squashed != text:
            labels |= {label for _, _, label in self._email_spans(squashed)}
            labels |= {label for _, _, label in self._phone_spans(squashed)}
        return sorted(labels)

    # --- scrubbing ---------------------------------------------------------------------------

    def scrub(self, text: str, *, single_tokens: bool = True) -> str:
        """`text` with every identifier replaced by "[label]" (`single_tokens=False`: full
        names, emails and phones only)."""
        if not text:
            return text
        spans = sorted(self.spans(text, single_tokens=single_tokens),
                       key=lambda s: (s[0], -s[1]))
        if not spans:
            return text
        out, pos = [], 0
        for start, end, label in spans:
            if start < pos:
                continue
            out += [text[pos:start], f"[{label}]"]
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def scrub_value(self, value: Any, skip: frozenset[str] = STRUCTURAL) -> Any:
        """Scrub every text inside a dataclass, tuple, list or dict (dict keys and the fields
        named in `skip` are left alone)."""
        if type(value) is str:  # not an enum, which is a str too
            return self.scrub(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: self.scrub_value(getattr(value, f.name), skip)
                       for f in dataclasses.fields(value) if f.name not in skip}
            return replace(value, **changes)
        if isinstance(value, tuple):
            return tuple(self.scrub_value(v, skip) for v in value)
        if isinstance(value, list):
            return [self.scrub_value(v, skip) for v in value]
        if isinstance(value, dict):
            return {k: self.scrub_value(v, skip) for k, v in value.items()}
        return value
