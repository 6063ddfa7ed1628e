"""The stakeholders part of ProjectRepository: contacts, interactions, anonymise and erase."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from mutual_checklist.domain import rules
from mutual_checklist.domain.models import (
    Contact,
    Interaction,
)
from mutual_checklist.storage.rows import from_row, storable_text, to_row


class PeopleStore:
    """Mixed into ProjectRepository; every write is one transaction through `_write`, and
    `_db`, `_now`, `_record` and `_record_diff` come from there too."""

    # --- contacts and interactions ---------------------------------------------------------------

    def contacts(self) -> list[Contact]:
        return [from_row(Contact, row)
                for row in self._db["contacts"].rows_where(order_by="name, id")]

    def contact(self, contact_id: str) -> Contact | None:
        row = next(iter(self._db["contacts"].rows_where("id = ?", [contact_id])), None)
        return from_row(Contact, row) if row else None

    def save_contact(self, contact: Contact, expected_version: int | None = None) -> Contact:
        """Add or replace a contact; with `expected_version` (the row version the caller read,
        see `row_versions`; 0 for a new contact) a contact changed, erased or removed since is
        refused with StaleData and nothing is written (an erased person is never re-created)."""
        rules.check_contact(contact)
        with self._write():
            version = self._row_version("contacts", "id", contact.id, expected_version)
            old = self.contact(contact.id)
            now = self._now()
            new = replace(contact, created_at=old.created_at if old else (contact.created_at or now),
                          updated_at=now)
            self._db["contacts"].upsert({**to_row(new), "row_version": version + 1}, pk="id")
            self._record_diff("contact", new.id, old, new)
            return new

    def erase_contact(self, contact_id: str) -> None:
        """Erase a contact for good: the row, their interactions, what history says of them, and
        their name, email and phone wherever typed (free text, its history, evidence names,
        comments, stored report snapshots: see `storage.erasure`).

        `secure_delete` overwrites the freed pages and the checkpoint empties the WAL, so the
        erased text does not linger in the file.
        """
        with self._write():
            person = self.contact(contact_id)
            interaction_ids = [r["id"] for r in
                               self._db["interactions"].rows_where("contact_id = ?", [contact_id])]
            self._unlinking_contacts([contact_id])
            self._db["contacts"].delete_where("id = ?", [contact_id])
            if person is not None:  # their name, email or phone typed anywhere else
                from mutual_checklist.storage import erasure

                erasure.scrub_everywhere(self._db.conn, person)
            self._db["history"].delete_where("entity = 'contact' AND entity_id = ?", [contact_id])
            for interaction_id in interaction_ids:
                self._db["history"].delete_where("entity = 'interaction' AND entity_id = ?",
                                                 [interaction_id])
            self._record("contact", contact_id, "erased", None, None)
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def subject_access(self, contact_id: str) -> dict | None:
        """Everything held on one contact, as plain data (see `storage.erasure`)."""
        from mutual_checklist.storage import erasure

        return erasure.subject_access(self._db.conn, contact_id)

    def anonymise_contact(self, contact_id: str) -> Contact:
        """Keep the contact's role and history of meetings, drop what identifies the person."""
        with self._write():
            old = self.contact(contact_id)
            if old is None:
                raise rules.RuleViolation("That contact no longer exists.")
            new = replace(old, name=f"Anonymised contact ({old.role or old.stakeholder_type or 'no role'})",
                          email="", phone="", notes="", anonymised=True, updated_at=self._now())
            self._db["contacts"].update(contact_id, to_row(new))
            self._bump("contacts", "id = ?", [contact_id])
            self._db["history"].delete_where("entity = 'contact' AND entity_id = ?", [contact_id])
            self._record("contact", contact_id, "anonymised", None, None)
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return new

    def interactions(self, contact_id: str | None = None) -> list[Interaction]:
        where, args = ("contact_id = ?", [contact_id]) if contact_id else (None, None)
        return [from_row(Interaction, row) for row in
                self._db["interactions"].rows_where(where, args, order_by="occurred_on, id")]

    def log_interaction(self, interaction: Interaction,
                        expected_version: int | None = None) -> Interaction:
        """Record a meeting or call; the contact's next-contact date moves on from it.

        With `expected_version` (0 for a new entry) an entry changed or removed since the
        caller read it is refused with StaleData (see `save_contact`).
        """
        rules.check_interaction(interaction)
        with self._write():
            contact = self.contact(interaction.contact_id)
            if contact is None:
                raise rules.RuleViolation("That contact no longer exists.")
            version = self._row_version("interactions", "id", interaction.id, expected_version)
            existing = next(iter(self._db["interactions"].rows_where(
                "id = ?", [interaction.id])), None)
            old = from_row(Interaction, existing) if existing else None
            new = replace(interaction, created_at=interaction.created_at or self._now())
            self._db["interactions"].upsert({**to_row(new), "row_version": version + 1},
                                            pk="id")
            self._record_diff("interaction", new.id, old, new)
            next_date = new.follow_up_date
            if next_date is None and contact.contact_every_days:
                next_date = new.occurred_on + dt.timedelta(days=contact.contact_every_days)
            if next_date != contact.next_contact_date and new.occurred_on >= (
                    self._latest_interaction_date(contact.id, exclude=new.id) or dt.date.min):
                updated = replace(contact, next_contact_date=next_date, updated_at=self._now())
                self._db["contacts"].update(contact.id, to_row(updated))
                self._bump("contacts", "id = ?", [contact.id])
                self._record_diff("contact", contact.id, contact, updated)
            return new

    def restore_next_contact(self, contact_id: str, next_date: dt.date | None) -> None:
        """Put back a contact's next-contact date alone (undo of logging an interaction), so
        whatever else someone changed on the contact meanwhile stays."""
        with self._write():
            old = self.contact(contact_id)
            if old is None or old.next_contact_date == next_date:
                return
            new = replace(old, next_contact_date=next_date, updated_at=self._now())
            self._db["contacts"].update(contact_id, to_row(new))
            self._bump("contacts", "id = ?", [contact_id])
            self._record_diff("contact", contact_id, old, new, note="undone")

    def _latest_interaction_date(self, contact_id: str, exclude: str) -> dt.date | None:
        row = self._db.execute(
            "SELECT max(occurred_on) FROM interactions WHERE contact_id = ? AND id != ?",
            [contact_id, exclude]).fetchone()
        return dt.date.fromisoformat(row[0]) if row and row[0] else None

    def remove_interaction(self, interaction_id: str,
                           expected_version: int | None = None) -> None:
        """Delete one logged entry; with `expected_version` an entry changed or removed since
        the caller read it is refused with StaleData."""
        with self._write():
            self._row_version("interactions", "id", interaction_id, expected_version)
            self._db["interactions"].delete_where("id = ?", [interaction_id])
            self._record("interaction", interaction_id, "removed", None, None)

    # --- stakeholders (import, undo of adds, last contact) ---------------------------------------

    def save_contacts(self, contacts: list[Contact]) -> list[Contact]:
        """Save several contacts as one action (an import): all of them or none.

        New contacts are written in bulk (10,000 in well under a second); contacts that already
        exist go through `save_contact`, which records each changed field.
        """
        for contact in contacts:
            rules.check_contact(contact)
        with self._write():
            known = self._existing_ids("contacts", [c.id for c in contacts])
            now = self._now()
            fresh = [replace(c, created_at=c.created_at or now, updated_at=now)
                     for c in contacts if c.id not in known]
            self._db["contacts"].insert_all((to_row(c) for c in fresh), pk="id",
                                            batch_size=500)
            self._db["history"].insert_all(
                ({"at": now, "entity": "contact", "entity_id": c.id, "field": "created",
                  "old": None, "new": storable_text(c.name), "note": ""} for c in fresh),
                batch_size=500)
            saved = {c.id: c for c in fresh}
            saved.update((c.id, self.save_contact(c)) for c in contacts if c.id in known)
            return [saved[c.id] for c in contacts]

    def _existing_ids(self, table: str, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(row[0] for row in self._db.execute(
                f"SELECT id FROM [{table}] WHERE id IN ({marks})", chunk).fetchall())
        return found

    def remove_contacts(self, contact_ids: list[str],
                        expected_versions: dict[str, int] | None = None) -> None:
        """Take back contacts just added (undo of an add or import), with their interactions.

        Unlike `erase_contact` the history keeps its record of the addition; this is not erasure.
        With `expected_versions` (id -> version read) nothing is removed if any of those
        contacts changed since (StaleData).
        """
        with self._write():
            if expected_versions:
                now_at = self.row_versions("contacts", list(expected_versions))
                for contact_id, version in expected_versions.items():
                    if now_at[contact_id] != version:  # says which way it changed
                        self._row_version("contacts", "id", contact_id, version)
            now = self._now()
            for start in range(0, len(contact_ids), 500):
                chunk = contact_ids[start:start + 500]
                marks = ",".join("?" * len(chunk))
                self._unlinking_contacts(chunk)
                self._db.execute(f"DELETE FROM contacts WHERE id IN ({marks})", chunk)
            self._db["history"].insert_all(
                ({"at": now, "entity": "contact", "entity_id": contact_id, "field": "removed",
                  "old": None, "new": None, "note": ""} for contact_id in contact_ids),
                batch_size=500)

    def _unlinking_contacts(self, contact_ids: list[str]) -> None:
        """Barriers and steps naming contacts about to go lose the link (ON DELETE SET NULL):
        give them new versions, so no window writes the old link back."""
        marks = ",".join("?" * len(contact_ids))
        self._bump("barriers", f"owner_contact_id IN ({marks})", contact_ids)
        self._bump("step_states", f"contact_id IN ({marks})", contact_ids)

    def last_interaction_dates(self) -> dict[str, dt.date]:
        """Contact id -> date of their latest interaction, in one query."""
        rows = self._db.execute(
            "SELECT contact_id, max(occurred_on) FROM interactions GROUP BY contact_id").fetchall()
        return {contact_id: dt.date.fromisoformat(day) for contact_id, day in rows if day}

