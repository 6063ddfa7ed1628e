"""A small JSON Schema checker for the subset our interchange schema uses.

The schema file is the single source of truth for the interchange format; this module applies it
to untrusted input without a third-party dependency and names the path of the first bad field.
The schema is compiled once into nested validator functions (one call per checked value, paths
built only when something fails), because a large project file has hundreds of thousands of
values to check.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,),
    "null": (type(None),), "integer": (int,), "number": (int, float),
}
_DESCRIBE = {"object": "an object", "array": "a list", "string": "text",
             "integer": "a whole number", "boolean": "true or false", "null": "null",
             "number": "a number"}

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates
_UNSTORABLE_MESSAGE = "contains characters that cannot be stored (NUL or a lone surrogate)"

Validator = Callable[[Any], None]


class SchemaViolation(ValueError):
    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class _Fail(Exception):
    """A failure on its way up: each container adds its step to `parts` (innermost first)."""

    def __init__(self, message: str, part: str | None = None):
        super().__init__(message)
        self.message = message
        self.parts: list[str] = [] if part is None else [part]

    def relative(self) -> str:
        return "".join(reversed(self.parts))


def check(instance: Any, schema: dict[str, Any]) -> None:
    """Raise SchemaViolation for the first place `instance` breaks `schema`."""
    try:
        compile_schema(schema)(instance)
    except _Fail as failure:
        raise SchemaViolation("$" + failure.relative(), failure.message) from None


_COMPILED: dict[str, Validator] = {}


def compile_schema(schema: dict[str, Any]) -> Validator:
    """The validator for `schema`, compiled on first use and kept (keyed by its content)."""
    key = json.dumps(schema, sort_keys=True)
    found = _COMPILED.get(key)
    if found is None:
        if len(_COMPILED) > 16:
            _COMPILED.clear()
        found = _COMPILED[key] = _Compiler(schema).compile(schema)
    return found


def _is_type(value: Any, name: str) -> bool:
    if name in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[name])


def _string_part(schema: dict[str, Any]) -> Callable[[str], None]:
    """Checks every string meets: length, pattern, and storable characters."""
    min_length = schema.get("minLength", 0)
    max_length = schema.get("maxLength")
    pattern = re.compile(schema["pattern"]).search if "pattern" in schema else None
    too_long = f"is longer than {max_length} characters"

    def string_part(value: str) -> None:
        if len(value) < min_length:
            raise _Fail("must not be empty")
        if max_length is not None and len(value) > max_length:
            raise _Fail(too_long)
        if pattern is not None and not pattern(value):
            raise _Fail("is not in the expected form (dates are YYYY-MM-DD)")
        # isascii() is O(1) in CPython, so the regex runs only on non-ASCII text.
        if "\x00" in value or (not value.isascii() and _UNSTORABLE.search(value)):
            raise _Fail(_UNSTORABLE_MESSAGE)
    return string_part


class _Compiler:
    def __init__(self, root: dict[str, Any]):
        self.root = root
        self.done: dict[int, Validator] = {}

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            ref = schema["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"only local references are supported, not {ref}")
            node: Any = self.root
            for part in ref[2:].split("/"):
                node = node[part]
            schema = node
        return schema

    def compile(self, schema: dict[str, Any]) -> Validator:
        schema = self.resolve(schema)
        key = id(schema)
        if key not in self.done:
            cell: list[Validator] = []
            self.done[key] = lambda value: cell[0](value)  # stands in while compiling (cycles)
            cell.append(self._build(schema))
            self.done[key] = cell[0]
        return self.done[key]

    def _build(self, schema: dict[str, Any]) -> Validator:
        if "oneOf" in schema:
            return self._one_of([self.compile(option) for option in schema["oneOf"]],
                                schema["oneOf"])
        plain = "const" not in schema and "enum" not in schema
        expected = schema.get("type")
        if plain and expected == "string":
            return self._string(schema)
        if plain and expected == "object":
            return self._object(schema)
        if plain and expected == "array":
            return self._array(schema)
        return self._general(schema)

    def _one_of(self, options: list[Validator], raw: list[Any]) -> Validator:
        null_first = bool(raw) and self.resolve(raw[0]) == {"type": "null"}
        rest = options[1:] if null_first else options

        def one_of(value: Any) -> None:
            if null_first:
                if value is None:
                    return
                errors = [_Fail("must be null")]
            else:
                errors = []
            for option in rest:
                try:
                    option(value)
                    return
                except _Fail as error:
                    errors.append(error)
            raise max(errors, key=lambda e: len(e.relative()))
        return one_of

    def _string(self, schema: dict[str, Any]) -> Validator:
        part = _string_part(schema)

        def string(value: Any) -> None:
            if not isinstance(value, str):
                raise _Fail("must be text")
            part(value)
        return string

    def _object_part(self, schema: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
        required = list(schema.get("required", []))
        required_set = frozenset(required)
        properties = [(key, self.compile(sub))
                      for key, sub in schema.get("properties", {}).items()]
        known = frozenset(key for key, _ in properties)
        closed = schema.get("additionalProperties") is False

        def object_part(value: dict[str, Any]) -> None:
            if not required_set <= value.keys():
                for key in required:
                    if key not in value:
                        raise _Fail("is missing", f".{key}")
            if closed and not value.keys() <= known:
                for key in value:
                    if key not in known:
                        raise _Fail("is not a known field", f".{key}")
            key = ""
            try:
                for key, sub in properties:
                    if key in value:
                        sub(value[key])
            except _Fail as failure:
                failure.parts.append(f".{key}")
                raise
        return object_part

    def _object(self, schema: dict[str, Any]) -> Validator:
        part = self._object_part(schema)

        def obj(value: Any) -> None:
            if not isinstance(value, dict):
                raise _Fail("must be an object")
            part(value)
        return obj

    def _array_part(self, schema: dict[str, Any]) -> Callable[[list[Any]], None]:
        max_items = schema.get("maxItems")
        too_many = f"has more than {max_items} items"
        item = self.compile(schema["items"]) if "items" in schema else None

        def array_part(value: list[Any]) -> None:
            if max_items is not None and len(value) > max_items:
                raise _Fail(too_many)
            if item is not None:
                index = 0
                try:
                    for index, element in enumerate(value):
                        item(element)
                except _Fail as failure:
                    failure.parts.append(f"[{index}]")
                    raise
        return array_part

    def _array(self, schema: dict[str, Any]) -> Validator:
        part = self._array_part(schema)

        def array(value: Any) -> None:
            if not isinstance(value, list):
                raise _Fail("must be a list")
            part(value)
        return array

    def _general(self, schema: dict[str, Any]) -> Validator:
        """Any other node, checked in the same order as the keywords are listed here."""
        has_const, const = "const" in schema, schema.get("const")
        enum = schema.get("enum")
        allowed = (", ".join("null" if v is None else str(v) for v in enum)
                   if enum is not None else "")
        expected = schema.get("type")
        string_part = _string_part(schema)
        minimum, maximum = schema.get("minimum"), schema.get("maximum")
        array_part = self._array_part(schema)
        object_part = self._object_part(schema)

        def general(value: Any) -> None:
            if has_const and value != const:
                raise _Fail(f"must be {const!r}")
            if enum is not None and (value not in enum or isinstance(value, bool)):
                raise _Fail(f"must be one of: {allowed}")
            if expected and not _is_type(value, expected):
                raise _Fail(f"must be {_DESCRIBE[expected]}")
            if isinstance(value, str):
                string_part(value)
            elif isinstance(value, int) and not isinstance(value, bool):
                if minimum is not None and value < minimum:
                    raise _Fail(f"must be at least {minimum}")
                if maximum is not None and value > maximum:
                    raise _Fail(f"must be at most {maximum}")
            elif isinstance(value, list):
                array_part(value)
            elif isinstance(value, dict):
                object_part(value)
        return general
