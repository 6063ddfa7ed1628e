"""Convert domain dataclasses to table rows and back, driven by their type hints.

Dates are stored as ISO text, enums as their value, booleans as 0/1 and tuples of strings as JSON,
so the file stays readable with any SQLite tool.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import json
import operator
import re
import types
import typing
from typing import Any, TypeVar

T = TypeVar("T")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _base_type(hint: Any) -> Any:
    """`date | None` -> date; other hints unchanged."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


def encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def decode(hint: Any, value: Any) -> Any:
    base = _base_type(hint)
    if value is None:
        return None
    if base is dt.date:
        return dt.date.fromisoformat(value)
    if base is bool:
        return bool(value)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return base(value)
    if typing.get_origin(base) is tuple:
        return tuple(json.loads(value)) if isinstance(value, str) else tuple(value)
    return value


_PLAIN = frozenset({str, int, float, bytes, type(None)})
"""Exact types stored as they are (bool, enums and dates are not among them)."""


@functools.cache
def _getter(cls: type, exclude: tuple[str, ...]) -> tuple[tuple[str, ...], Any]:
    """The stored field names of `cls` and one getter returning all their values as a tuple."""
    names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in exclude)
    if not names:
        return names, lambda obj: ()
    if len(names) == 1:
        single = operator.attrgetter(names[0])
        return names, lambda obj: (single(obj),)
    return names, operator.attrgetter(*names)


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable_text(text: str) -> str:
    """SQLite cannot store NUL reliably or lone surrogates at all: drop them, keep the rest."""
    return _UNSTORABLE.sub("", text) if _UNSTORABLE.search(text) else text


def to_row(obj: Any, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    names, values = _getter(type(obj), tuple(exclude))
    plain = _PLAIN
    return {name: (storable_text(value) if type(value) is str else
                   value if type(value) in plain else encode(value))
            for name, value in zip(names, values(obj))}


def _decoder(hint: Any) -> Any:
    """One function per field type, chosen once, so reading 100,000 rows stays quick."""
    base = _base_type(hint)
    if base is dt.date:
        return lambda v: None if v is None else dt.date.fromisoformat(v)
    if base is bool:
        return lambda v: None if v is None else bool(v)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return lambda v: None if v is None else base(v)
    if typing.get_origin(base) is tuple:
        return lambda v: None if v is None else (
            tuple(json.loads(v)) if isinstance(v, str) else tuple(v))
    return None  # stored as is


@functools.cache
def _decoders(cls: type) -> tuple[tuple[str, Any], ...]:
    return tuple((name, _decoder(hint)) for name, hint in _hints(cls).items())


@functools.cache
def _split(cls: type) -> tuple[frozenset[str], tuple[str, ...], tuple[tuple[str, Any], ...]]:
    """All field names, those stored as they are, and those with a decoder."""
    pairs = _decoders(cls)
    return (frozenset(name for name, _ in pairs),
            tuple(name for name, convert in pairs if convert is None),
            tuple((name, convert) for name, convert in pairs if convert is not None))


def from_row(cls: type[T], row: dict[str, Any], **extra: Any) -> T:
    names, plain, converted = _split(cls)
    if names <= row.keys():  # the usual case: every field is in the row
        values = {name: row[name] for name in plain}
        for name, convert in converted:
            values[name] = convert(row[name])
    else:
        values = {name: (convert(row[name]) if convert else row[name])
                  for name, convert in _decoders(cls) if name in row}
    values.update(extra)
    return cls(**values)
