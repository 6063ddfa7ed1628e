"""Find the line of an item in a checklist template's TOML text, for error messages.

`tomllib` returns plain values without positions, so the validator names items by path
(`phases[1].steps[3].barriers[0]`) and this module maps a path back to a line. It scans the text for
table headers (`[[phases]]`, `[[phases.steps]]`, `[[glossary]]`...), numbers each array item the
way `tomllib` does (steps counted within their phase) and records the `key =` lines inside each
block. Text inside strings and multi-line values is skipped, so a Markdown line in a guidance
string that looks like a header does not confuse it.
"""
from __future__ import annotations

import re

_HEADER_RE = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_RE = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_LAST_PART_RE = re.compile(r"(\[\d+\]|\.[^.\[\]]+)$")


def parent_path(path: str) -> str:
    """Return the path one level up: `a[1].b[2].c` -> `a[1].b[2]` -> `a[1].b` ... -> ``."""
    match = _LAST_PART_RE.search(path)
    return path[: match.start()] if match else ""


class TemplateLocator:
    """Maps item paths in one template text to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._lines: dict[str, int] = {}
        self._current_items: dict[tuple[str, ...], str] = {}  # array header -> its latest item
        self._counts: dict[str, int] = {}  # concrete array path -> items seen so far
        self._table = ""
        for number, line in _lines_outside_values(text):
            self._read_line(number, line)

    def line_of(self, path: str) -> int | None:
        """Return the line of `path`, else of its nearest enclosing item, else None."""
        while path:
            if path in self._lines:
                return self._lines[path]
            path = parent_path(path)
        return None

    def _read_line(self, number: int, line: str) -> None:
        header = _HEADER_RE.match(line)
        if header:
            parts = _split_key(header.group(2))
            is_array = header.group(1) == "[["
            self._table = self._open_table(parts, is_array)
            self._lines.setdefault(self._table, number)
            return
        key = _KEY_RE.match(line)
        if key:
            path = self._table
            for part in _split_key(key.group(1)):
                path = f"{path}.{part}" if path else part
                self._lines.setdefault(path, number)

    def _open_table(self, parts: list[str], is_array: bool) -> str:
        path = ""
        for depth, part in enumerate(parts[:-1]):
            prefix = tuple(parts[: depth + 1])
            if prefix in self._current_items:
                path = self._current_items[prefix]
            else:
                path = f"{path}.{part}" if path else part
        name = f"{path}.{parts[-1]}" if path else parts[-1]
        if not is_array:
            return name
        index = self._counts.get(name, 0)
        self._counts[name] = index + 1
        item = f"{name}[{index}]"
        self._current_items[tuple(parts)] = item
        return item


def _split_key(dotted: str) -> list[str]:
    return [part.strip().strip("\"'") for part in dotted.split(".")]


def _lines_outside_values(text: str) -> list[tuple[int, str]]:
    """Return (line number, line) for each line that starts outside any string, array or table.

    Only those lines can hold a table header or a new `key =`.
    """
    result: list[tuple[int, str]] = []
    open_string: str | None = None  # '"""' or "'''" while inside a multi-line string
    depth = 0  # nesting of [ ] and { } inside a value
    for number, line in enumerate(text.split("\n"), start=1):
        if open_string is None and depth == 0:
            result.append((number, line))
            if _HEADER_RE.match(line):
                continue
        open_string, depth = _scan(line.rstrip("\r"), open_string, depth)
    return result


def _scan(line: str, open_string: str | None, depth: int) -> tuple[str | None, int]:
    """Follow one line's strings, comments and brackets; return the state at its end."""
    i = 0
    while i < len(line):
        if open_string is not None:
            end = line.find(open_string, i)
            if end < 0:
                return open_string, depth
            i, open_string = end + 3, None
            continue
        char = line[i]
        if char == "#":
            break
        if line.startswith('"""', i) or line.startswith("'''", i):
            open_string, i = line[i : i + 3], i + 3
        elif char == '"':
            i = _end_of_basic_string(line, i + 1)
        elif char == "'":
            end = line.find("'", i + 1)
            i = end + 1 if end >= 0 else len(line)
        else:
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth = max(0, depth - 1)
            i += 1
    return open_string, depth


def _end_of_basic_string(line: str, i: int) -> int:
    while i < len(line):
        if line[i] == "\\":
            i += 2
        elif line[i] == '"':
            return i + 1
        else:
            i += 1
    return len(line)
