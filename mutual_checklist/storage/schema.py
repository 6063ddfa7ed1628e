"""Does a project file hold exactly the tables, indexes and triggers its migrations made?

A received file may carry triggers or views that run on the user's ordinary edits, or may miss a
table that sqlite-utils would then recreate without its constraints. The expected schema is never
written down by hand: it is made by applying the file's own applied migrations to an empty
in-memory database, so every new migration is covered the moment it is added.
"""
from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from mutual_checklist.storage.migrations import MIGRATIONS

MIGRATIONS_TABLE = MIGRATIONS.migrations_table
Schema = dict[tuple[str, str], str]  # (type, name) -> normalised SQL


def _normalise(sql: str | None) -> str:
    return re.sub(r"\s+", " ", (sql or "").strip()).lower()


def objects(conn: sqlite3.Connection) -> Schema:
    """Every table, index, trigger and view in `conn`'s main database, SQLite's own left out."""
    rows = conn.execute("SELECT type, name, sql FROM main.sqlite_master").fetchall()
    return {(kind, name): _normalise(sql) for kind, name, sql in rows
            if not str(name).startswith("sqlite_")}


def expected(applied: tuple[str, ...]) -> Schema:
    """The schema a file gets from the named migrations, applied in the order it applied them
    (a file may have got a lower-numbered migration after a higher one)."""
    functions = {m.name: m.fn for m in MIGRATIONS._migrations}
    return _made_by(tuple(functions[name] for name in applied if name in functions))


@functools.cache
def _made_by(functions: tuple[Callable[[Database], None], ...]) -> Schema:
    conn = sqlite3.connect(":memory:")
    try:
        db = Database(conn)
        Migrations(MIGRATIONS.name).apply(db)  # only the bookkeeping table and its index
        for function in functions:
            function(db)
        result = objects(conn)
    finally:
        conn.close()
    return result


def problems(conn: sqlite3.Connection, applied: list[str]) -> list[str]:
    """What differs from the expected schema, as short technical lines for the log (no content).

    The migrations' own bookkeeping table and its index must exist, but their definitions (which
    belong to sqlite-migrate) are not compared.
    An empty list means the file is exactly as the app made it.
    """
    found = objects(conn)
    wanted = expected(tuple(applied))
    lines = []
    for key in sorted(set(found) | set(wanted)):
        kind, name = key
        bookkeeping = kind in ("table", "index") and MIGRATIONS_TABLE in name
        if key not in wanted:
            lines.append(f"unexpected {kind} {name[:40]!r}")
        elif key not in found:
            lines.append(f"missing {kind} {name!r}")
        elif found[key] != wanted[key] and not bookkeeping:
            lines.append(f"changed {kind} {name!r}")
    return lines
