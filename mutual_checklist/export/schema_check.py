"""JSON documents checked against their published JSON Schema by jsonschema (draft 2020-12).

The app validates with the same library, the same draft and the same schema other programs use,
so it never disagrees with them: format checks are on (``"format": "date"`` means a real calendar
date), and integers have bounds in the schema. Every failure becomes a `SchemaViolation` naming
the field as a path (``$.barriers[3].likelihood``) with a short plain message.

One check goes beyond the schema, because the project file cannot store it: text holding a NUL
or a lone surrogate is refused (`SchemaViolation` too, with the field named).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_DESCRIBE = {"object": "an object", "array": "a list", "string": "text",
             "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "null": "null"}
_CHECKER = FormatChecker()


@_CHECKER.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    """A real calendar date written YYYY-MM-DD (ASCII digits, nothing after)."""
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    dt.date.fromisoformat(value)
    return True


class SchemaViolation(ValueError):
    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


_VALIDATORS: dict[str, Draft202012Validator] = {}


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    key = json.dumps(schema, sort_keys=True)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = Draft202012Validator(schema, format_checker=_CHECKER)
    return _VALIDATORS[key]


def check(instance: Any, schema: dict[str, Any]) -> None:
    """Raise SchemaViolation for the place `instance` breaks `schema` (the most relevant one
    when there are several), or for text the project file cannot store."""
    error = best_match(validator(schema).iter_errors(instance))
    if error is not None:
        raise SchemaViolation(*_describe(error))
    where = _unstorable(instance, "$")
    if where is not None:
        raise SchemaViolation(where, "contains characters that cannot be stored (NUL or a lone "
                                     "surrogate)")


def _path(parts: Any) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


def _describe(error: ValidationError) -> tuple[str, str]:
    path, kind, expected = _path(error.absolute_path), error.validator, error.validator_value
    value = error.instance
    if kind == "required":
        missing = next((k for k in expected if isinstance(value, dict) and k not in value), "?")
        return f"{path}.{missing}", "is missing"
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = next((k for k in value if k not in allowed), "?")
        return f"{path}.{extra}", "is not a field of this format"
    if kind == "type":
        names = expected if isinstance(expected, list) else [expected]
        return path, "must be " + " or ".join(_DESCRIBE.get(n, n) for n in names)
    if kind == "const":
        return path, f"must be {json.dumps(expected)}"
    if kind == "enum":
        return path, "must be one of " + ", ".join(json.dumps(v) for v in expected)
    if kind == "format":
        return path, f"is not a valid {expected}"
    if kind == "pattern":
        return path, "does not have the expected form"
    if kind in ("minimum", "exclusiveMinimum"):
        return path, f"must be at least {expected}"
    if kind in ("maximum", "exclusiveMaximum"):
        return path, f"must be at most {expected}"
    if kind == "minLength":
        return path, "must not be empty" if expected == 1 else f"is shorter than {expected}"
    if kind == "maxLength":
        return path, f"is longer than {expected:,} characters"
    if kind == "maxItems":
        return path, f"has more than {expected:,} entries"
    if kind == "minItems":
        return path, f"has fewer than {expected} entries"
    if kind == "uniqueItems":
        return path, "lists the same entry twice"
    if kind in ("oneOf", "anyOf"):
        return path, "does not match any of the allowed forms"
    return path, "is not valid here"


def _unstorable(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if _UNSTORABLE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _unstorable(key, path) or _unstorable(item, f"{path}.{key}")
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _unstorable(item, f"{path}[{index}]")
            if found:
                return found
    return None
