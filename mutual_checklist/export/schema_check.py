"""A small JSON Schema checker for the subset our interchange schema uses.

The schema file is the single source of truth for the interchange format; this module applies it
to untrusted input without a third-party dependency and names the path of the first bad field.
"""
from __future__ import annotations

import functools
import re
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,),
    "null": (type(None),), "integer": (int,), "number": (int, float),
}


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates


class SchemaViolation(ValueError):
    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def check(instance: Any, schema: dict[str, Any]) -> None:
    """Raise SchemaViolation for the first place `instance` breaks `schema`."""
    _check(instance, schema, schema, "$")


def _resolve(root: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in schema:
        return schema
    while "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local references are supported, not {ref}")
        node: Any = root
        for part in ref[2:].split("/"):
            node = node[part]
        schema = node
    return schema


def _is_type(value: Any, name: str) -> bool:
    if name in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[name])


def _describe(name: str) -> str:
    return {"object": "an object", "array": "a list", "string": "text", "integer": "a whole number",
            "boolean": "true or false", "null": "null", "number": "a number"}[name]


def _check(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str) -> None:
    schema = _resolve(root, schema)
    if "oneOf" in schema:
        errors = []
        for option in schema["oneOf"]:
            try:
                _check(value, option, root, path)
                return
            except SchemaViolation as error:
                errors.append(error)
        raise max(errors, key=lambda e: len(e.path))
    if "const" in schema and value != schema["const"]:
        raise SchemaViolation(path, f"must be {schema['const']!r}")
    if "enum" in schema and (value not in schema["enum"] or isinstance(value, bool)):
        allowed = ", ".join("null" if v is None else str(v) for v in schema["enum"])
        raise SchemaViolation(path, f"must be one of: {allowed}")
    expected = schema.get("type")
    if expected and not _is_type(value, expected):
        raise SchemaViolation(path, f"must be {_describe(expected)}")
    if isinstance(value, str):
        _check_string(value, schema, path)
    elif isinstance(value, int) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            raise SchemaViolation(path, f"must be at least {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            raise SchemaViolation(path, f"must be at most {schema['maximum']}")
    elif isinstance(value, list):
        if len(value) > schema.get("maxItems", len(value)):
            raise SchemaViolation(path, f"has more than {schema['maxItems']} items")
        if "items" in schema:
            for index, item in enumerate(value):
                _check(item, schema["items"], root, f"{path}[{index}]")
    elif isinstance(value, dict):
        _check_object(value, schema, root, path)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _check_string(value: str, schema: dict[str, Any], path: str) -> None:
    if len(value) < schema.get("minLength", 0):
        raise SchemaViolation(path, "must not be empty")
    if len(value) > schema.get("maxLength", len(value)):
        raise SchemaViolation(path, f"is longer than {schema['maxLength']} characters")
    if "pattern" in schema and not _compiled(schema["pattern"]).search(value):
        raise SchemaViolation(path, "is not in the expected form (dates are YYYY-MM-DD)")
    if _UNSTORABLE.search(value):
        raise SchemaViolation(path, "contains characters that cannot be stored (NUL or a lone "
                                    "surrogate)")


def _check_object(value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any],
                  path: str) -> None:
    for key in schema.get("required", []):
        if key not in value:
            raise SchemaViolation(f"{path}.{key}", "is missing")
    properties = schema.get("properties", {})
    if schema.get("additionalProperties") is False:
        for key in value:
            if key not in properties:
                raise SchemaViolation(f"{path}.{key}", "is not a known field")
    for key, sub in properties.items():
        if key in value:
            _check(value[key], sub, root, f"{path}.{key}")
