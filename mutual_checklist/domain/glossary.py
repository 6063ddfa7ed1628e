"""Find glossary terms in guidance text, so the app can explain them where they appear.

Terms match as whole words. Terms written in capitals (TUPE, IT, VAT) match only in capitals, so
the ordinary word "it" is never mistaken for IT; other terms match in any case.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from mutual_checklist.domain.models import GlossaryTerm


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    term: GlossaryTerm


def _is_acronym(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


@cache
def _pattern(glossary: tuple[GlossaryTerm, ...]) -> tuple[re.Pattern[str], dict[str, GlossaryTerm]]:
    names: dict[str, GlossaryTerm] = {}
    for term in glossary:
        for name in (term.term, *term.aliases):
            key = name if _is_acronym(name) else name.lower()
            names.setdefault(key, term)
    # Longest first, so "Community Right to Challenge" wins over "Right to Challenge".
    ordered = sorted(names, key=len, reverse=True)
    alternatives = "|".join(
        re.escape(n) if _is_acronym(n) else f"(?i:{re.escape(n)})" for n in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), names


def find_terms(text: str, glossary: tuple[GlossaryTerm, ...]) -> list[TermMatch]:
    """Every glossary term or alias in `text`, left to right, without overlaps."""
    if not glossary:
        return []
    pattern, names = _pattern(glossary)
    matches = []
    for found in pattern.finditer(text):
        word = found.group(0)
        term = names.get(word) or names.get(word.lower())
        if term is not None:
            matches.append(TermMatch(found.start(), found.end(), term))
    return matches


def acronyms_in(text: str) -> set[str]:
    """Words of two or more capitals (with an optional plural s): the terms a reader may not know."""
    return {m.rstrip("s") if m.endswith("s") and m[:-1].isupper() else m
            for m in re.findall(r"\b[A-Z]{2,}s?\b", text)}
