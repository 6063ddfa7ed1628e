"""Everything a project file holds on one person: found for a subject-access request, removed
for erasure.

A person is held in their contact row and interactions, in what the history says of them, and
wherever someone typed their name, email or phone: step notes and owners, barriers, custom steps,
comments, evidence names, go-live reasons, other contacts' notes, the stored report snapshots and
the history of all of those. The search is not a list of columns kept by hand: every text
column of every table is read (tables added by later migrations included), except columns that
hold ids, codes and timestamps. Matching is `domain.identifiers` (the same as redaction), with
single names in any case.

Evidence files that are plain UTF-8 text are searched and scrubbed like any text. What it
cannot reach: the inside of other evidence files (PDF, Word, images…), backups made before the
erasure, and exports or copies already sent. The erase dialog says so.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from mutual_checklist.domain.identifiers import Identifiers
from mutual_checklist.domain.models import Contact

ERASED = "erased contact"
"""What an erased person's name, email or phone becomes in free text: "[erased contact]"."""

# Columns that never hold typed text: ids, codes, dates and numbers kept as text.
_SKIP_COLUMNS = frozenset({
    "id", "uuid", "step_id", "barrier_id", "contact_id", "target_id", "entity", "entity_id",
    "field", "category", "phase_id", "template_id", "template_version", "version",
    "created_at", "updated_at", "at", "assessed_at", "added_at", "occurred_on",
    "stakeholder_type", "kind", "stance", "owner_contact_id", "blocked_by", "status",
    "treatment", "rating", "target", "due_date", "completed_on", "review_date", "period_start",
    "period_end", "old_date", "new_date", "go_live_date", "go_live_baseline",
    "next_contact_date", "follow_up_date", "retention_review_date", "link", "barriers"})
_SKIP_TABLES = frozenset({"template_source", "_sqlite_migrations"})
_APPEND_ONLY = "history"  # refuses UPDATE by trigger: rows are deleted and written again


@dataclass(frozen=True)
class Mention:
    """One place that holds the person: table, row key, column and the text there."""

    table: str
    key: str
    column: str
    text: str


def identifiers(contact: Contact, label: str = ERASED) -> Identifiers:
    """The person's identifiers (none for an anonymised contact: its name is a made-up label)."""
    return Identifiers([(contact, label)])


def _single_tokens(table: str, column: str) -> bool:
    """Another contact's own name may share a first name or surname: there only the full name,
    email or phone counts, so erasing one person never renames another."""
    return not (table == "contacts" and column in ("name", "email", "phone"))


def _text_columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    found = {}
    for table in tables:
        if table in _SKIP_TABLES or table.startswith("_"):
            continue
        columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')
                   if row[1] not in _SKIP_COLUMNS and not row[1].endswith(("_id", "_at"))
                   and row[2].upper() in ("TEXT", "", "BLOB")]
        if columns:
            found[table] = columns
    return found


def _rows(conn: sqlite3.Connection, table: str, columns: list[str]):
    names = ", ".join(f'"{c}"' for c in columns)
    return conn.execute(f'SELECT rowid, {names} FROM "{table}"')


def mentions(conn: sqlite3.Connection, contact: Contact) -> list[Mention]:
    """Every text value in the file that names the person (their own contact row excluded)."""
    ids = identifiers(contact)
    found = []
    for table, columns in _text_columns(conn).items():
        for row in _rows(conn, table, columns):
            if table == "contacts" and _contact_row_is(conn, row[0], contact.id):
                continue
            for column, value in zip(columns, row[1:]):
                value = _as_text(value)
                if value and ids.spans(
                        value, single_tokens=_single_tokens(table, column)):
                    found.append(Mention(table, str(row[0]), column, value))
    return found


def _as_text(value: object) -> str | None:
    """Text, or a blob that is UTF-8 text (a .txt evidence file); other blobs are not searched."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def _contact_row_is(conn: sqlite3.Connection, rowid: int, contact_id: str) -> bool:
    row = conn.execute("SELECT id FROM contacts WHERE rowid = ?", [rowid]).fetchone()
    return bool(row) and row[0] == contact_id


def _scrubbed(ids: Identifiers, table: str, column: str, value: str) -> str:
    if table == "report_snapshots" and column == "payload":
        try:
            document = json.loads(value)
        except ValueError:
            return ids.scrub(value)
        return json.dumps(ids.scrub_value(document, frozenset()), ensure_ascii=False,
                          sort_keys=True, separators=(",", ":"))
    return ids.scrub(value, single_tokens=_single_tokens(table, column))


def scrub_everywhere(conn: sqlite3.Connection, contact: Contact) -> int:
    """Replace the person's identifiers in every text value; returns how many values changed.

    Runs inside the caller's transaction. Rows of the append-only history are deleted and
    written again with the same id; rows with a `row_version` get a new version, so a window
    holding an older read reloads instead of writing the old text back.
    """
    ids = identifiers(contact)
    changed = 0
    for mention in mentions(conn, contact):
        new = _scrubbed(ids, mention.table, mention.column, mention.text)
        if new == mention.text:
            continue
        changed += 1
        if mention.table == _APPEND_ONLY:
            row = conn.execute(f'SELECT * FROM "{_APPEND_ONLY}" WHERE rowid = ?',
                               [mention.key]).fetchone()
            names = [d[1] for d in conn.execute(f'PRAGMA table_info("{_APPEND_ONLY}")')]
            values = dict(zip(names, row))
            values[mention.column] = new
            conn.execute(f'DELETE FROM "{_APPEND_ONLY}" WHERE rowid = ?', [mention.key])
            conn.execute(f'INSERT INTO "{_APPEND_ONLY}" ({", ".join(names)}) VALUES '
                         f'({", ".join("?" for _ in names)})', [values[n] for n in names])
            continue
        bump = ", row_version = row_version + 1" if _has_column(
            conn, mention.table, "row_version") else ""
        stored: str | bytes = new
        if mention.column == "content":  # a text evidence file: stays a file of bytes
            stored = new.encode("utf-8")
            if _has_column(conn, mention.table, "size"):
                bump += f", size = {len(stored)}"
        conn.execute(f'UPDATE "{mention.table}" SET "{mention.column}" = ?{bump} '
                     "WHERE rowid = ?", [stored, mention.key])
    return changed


def _has_column(conn: sqlite3.Connection, table: str, column: str) -> bool:
    return any(row[1] == column for row in conn.execute(f'PRAGMA table_info("{table}")'))


# --- subject access -------------------------------------------------------------------------------


def subject_access(conn: sqlite3.Connection, contact_id: str) -> dict[str, Any] | None:
    """Everything held on one person, as plain data (None when there is no such contact)."""
    conn.row_factory = sqlite3.Row
    try:
        row = conn.execute("SELECT * FROM contacts WHERE id = ?", [contact_id]).fetchone()
        if row is None:
            return None
        record = dict(row)
        interactions = [dict(r) for r in conn.execute(
            "SELECT * FROM interactions WHERE contact_id = ? ORDER BY occurred_on, id",
            [contact_id])]
        ids = [contact_id] + [i["id"] for i in interactions]
        history = [dict(r) for r in conn.execute(
            "SELECT * FROM history WHERE (entity = 'contact' AND entity_id = ?) OR "
            "(entity = 'interaction' AND entity_id IN (%s)) ORDER BY id"
            % ",".join("?" for _ in ids[1:]) if len(ids) > 1 else
            "SELECT * FROM history WHERE entity = 'contact' AND entity_id = ? ORDER BY id",
            ids)]
        links = [{"what": "barrier owner", "id": r["id"], "title": r["title"]} for r in
                 conn.execute("SELECT id, title FROM barriers WHERE owner_contact_id = ?",
                              [contact_id])]
        if _has_column(conn, "step_states", "contact_id"):
            links += [{"what": "step depends on them", "id": r["step_id"], "title": ""}
                      for r in conn.execute(
                          "SELECT step_id FROM step_states WHERE contact_id = ?", [contact_id])]
    finally:
        conn.row_factory = None
    contact = Contact(id=record["id"], name=record["name"], email=record.get("email") or "",
                      phone=record.get("phone") or "")
    found = [m for m in mentions(conn, contact)
             if not (m.table == "history" and _history_is_theirs(history, m.key))]
    return {
        "format": "mutual-checklist-subject-access", "format_version": 1,
        "contact": record, "interactions": interactions, "history": history, "links": links,
        "mentions": [{"table": m.table, "row": m.key, "field": m.column, "text": m.text}
                     for m in found],
        "not_searched": ["the inside of evidence files other than plain text", "backups made earlier",
                         "exports, reports and copies already shared"],
    }


def _history_is_theirs(history: list[dict[str, Any]], rowid: str) -> bool:
    return any(str(h["id"]) == rowid for h in history)
