"""What a user can do to contacts and their interactions, each one undoable and saved at once.

Every function writes through `session.push_change`, whose apply and revert write through the
repository and then announce the change (`contacts_changed` / `interactions_changed`). The two
privacy actions are the exception on purpose: anonymising and erasing must not be undone (an
undo would put the person back), so they write directly and then clear the undo stack, whose
older entries hold the person's details and could re-create them.

Errors (`RuleViolation`, `StorageError`) propagate to the caller with a plain message; nothing
is pushed when the first write fails.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from mutual_checklist import evidence_files
from mutual_checklist.domain import contacts_io
from mutual_checklist.domain.models import Contact, Interaction
from mutual_checklist.storage import atomic
from mutual_checklist.ui.session import ProjectSession, SeenVersion

_LIMIT = 40


def _q(text: str) -> str:
    """Quote a name for menu text: one line, cut short, '&' doubled so it is not a mnemonic."""
    line = " ".join(text.split())
    line = line if len(line) <= _LIMIT else line[: _LIMIT - 1] + "…"
    return "‘" + line.replace("&", "&&") + "’"


def _saver(session: ProjectSession, contacts: list[Contact]):
    def save() -> None:
        session.repo.save_contacts(contacts)
        session.contacts_changed.emit([c.id for c in contacts])
    return save


def _remover(session: ProjectSession, contact_ids: list[str]):
    """Take back contacts an import added (each new, so at version 1); if anyone has changed
    one of them since, nothing is taken back and the contacts are shown as they are now."""
    def remove() -> None:
        with session.reloading_if_stale(contacts=contact_ids):
            session.repo.remove_contacts(contact_ids, dict.fromkeys(contact_ids, 1))
        session.contacts_changed.emit(list(contact_ids))
        session.interactions_changed.emit([])
    return remove


def _checked_saver(session: ProjectSession, contact_id: str, contact: Contact | None,
                   seen: SeenVersion):
    """Write `contact` whole, unless the stored one changed since `seen` (then it is shown
    again as it is now and StaleData says so); None takes back the contact just added."""
    def save() -> None:
        with session.reloading_if_stale(contacts=[contact_id]):
            if contact is None:
                session.repo.remove_contacts([contact_id], {contact_id: seen.value})
                seen.value = 0
            else:
                session.repo.save_contact(contact, expected_version=seen.value)
                seen.value += 1
        session.contacts_changed.emit([contact_id])
        if contact is None:
            session.interactions_changed.emit([])
    return save


def add_contact(session: ProjectSession, contact: Contact) -> None:
    """Add a contact (undo removes them again, unless someone has changed them since)."""
    seen = SeenVersion(0)
    session.push_change(f"Add contact {_q(contact.name)}",
                        _checked_saver(session, contact.id, contact, seen),
                        _checked_saver(session, contact.id, None, seen))


def edit_contact(session: ProjectSession, new: Contact, version: int | None = None) -> None:
    """Replace a contact's details with `new` (same id); undo puts the old details back.

    `version` is the row version of the contact as the window showed it: if they were changed,
    erased or removed elsewhere since, nothing is written (an erased person is never brought
    back) and they are shown again as they are now.
    """
    seen = SeenVersion.shown(session.repo, "contacts", new.id, version)
    old = session.repo.contact(new.id)
    if old is None and not seen.value:
        add_contact(session, new)
        return
    if old is not None and _same(old, new):
        return
    session.push_change(f"Edit contact {_q(new.name)}",
                        _checked_saver(session, new.id, new, seen),
                        _checked_saver(session, new.id, old, seen))


def move_on_grid(session: ProjectSession, contact_id: str, influence: int, interest: int,
                 version: int | None = None) -> None:
    """Move a contact on the power/interest grid (new influence and interest, each 1-5)."""
    seen = SeenVersion.shown(session.repo, "contacts", contact_id, version)
    old = session.repo.contact(contact_id)
    if old is None or (old.influence, old.interest) == (influence, interest):
        return
    new = replace(old, influence=influence, interest=interest)
    session.push_change(f"Move {_q(old.name)} on the grid",
                        _checked_saver(session, contact_id, new, seen),
                        _checked_saver(session, contact_id, old, seen))


def import_contacts(session: ProjectSession, contacts: list[Contact]) -> None:
    """Add imported contacts as one action: one undo takes them all back."""
    if not contacts:
        return
    text = (f"Import contact {_q(contacts[0].name)}" if len(contacts) == 1
            else f"Import {len(contacts)} contacts")
    session.push_change(text, _saver(session, contacts),
                        _remover(session, [c.id for c in contacts]))


def _logged(session: ProjectSession, entry: Interaction | None, entry_id: str,
            seen: SeenVersion) -> None:
    """Write one log entry (None removes it), checked against the version last seen."""
    with session.reloading_if_stale(contacts=[entry.contact_id] if entry else [],
                                    interactions=[entry_id]):
        if entry is None:
            session.repo.remove_interaction(entry_id, expected_version=seen.value)
            seen.value = 0
        else:
            session.repo.log_interaction(entry, expected_version=seen.value)
            seen.value += 1


def log_interaction(session: ProjectSession, interaction: Interaction,
                    version: int | None = None) -> None:
    """Log (or edit) an interaction; the repository moves the next-contact date on from it.

    `version`: the row version of the entry as shown (0 for a new one); an entry changed or
    removed elsewhere since is not written and is shown again as it is now. Undo removes the
    new interaction (or puts the edited one back) and restores the contact's next-contact date
    as it was, leaving whatever else changed on the contact.
    """
    contact = session.repo.contact(interaction.contact_id)
    if contact is None:
        from mutual_checklist.domain.rules import RuleViolation

        raise RuleViolation("That contact no longer exists.")
    seen = SeenVersion.shown(session.repo, "interactions", interaction.id, version)
    before = next((i for i in session.repo.interactions(contact.id) if i.id == interaction.id),
                  None)

    def apply() -> None:
        _logged(session, interaction, interaction.id, seen)
        _announce(session, contact.id, interaction.id)

    def revert() -> None:
        _logged(session, before, interaction.id, seen)
        session.repo.restore_next_contact(contact.id, contact.next_contact_date)
        _announce(session, contact.id, interaction.id)

    verb = "Log" if before is None else "Edit"
    kind = interaction.kind if interaction.kind in ("meeting", "call", "email") else "contact"
    session.push_change(f"{verb} {kind} with {_q(contact.name)}", apply, revert)


def remove_interaction(session: ProjectSession, interaction: Interaction,
                       version: int | None = None) -> None:
    """Remove an interaction from the log; undo puts it (and the next-contact date) back.

    `version`: as in `log_interaction`; an entry changed elsewhere since is not removed.
    """
    contact = session.repo.contact(interaction.contact_id)
    if contact is None:
        return
    seen = SeenVersion.shown(session.repo, "interactions", interaction.id, version)

    def apply() -> None:
        _logged(session, None, interaction.id, seen)
        _announce(session, contact.id, interaction.id)

    def revert() -> None:
        _logged(session, interaction, interaction.id, seen)
        session.repo.restore_next_contact(contact.id, contact.next_contact_date)
        _announce(session, contact.id, interaction.id)

    session.push_change(f"Remove {interaction.occurred_on:%d/%m/%Y} entry for {_q(contact.name)}",
                        apply, revert)


def _announce(session: ProjectSession, contact_id: str, interaction_id: str) -> None:
    session.interactions_changed.emit([interaction_id])
    session.contacts_changed.emit([contact_id])


# --- privacy: not undoable -----------------------------------------------------------------------


def anonymise_contact(session: ProjectSession, contact_id: str) -> Contact:
    """Drop the name, email, phone and notes; keep role, type, stance and meetings.

    Not undoable; the undo stack is cleared so no older entry can put the details back.
    """
    contact = session.repo.anonymise_contact(contact_id)
    session.undo_stack.clear()
    session.contacts_changed.emit([contact_id])
    return contact


def erase_contact(session: ProjectSession, contact_id: str) -> None:
    """Erase a contact and their interactions for good, from the file and its history.

    Not undoable; the undo stack is cleared so no older entry can re-create the person.
    """
    session.repo.erase_contact(contact_id)
    session.undo_stack.clear()
    evidence_files.empty_opened_folder()  # evidence copies opened earlier may name them
    session.contacts_changed.emit([contact_id])
    session.interactions_changed.emit([])


def _same(a: Contact, b: Contact) -> bool:
    return replace(a, created_at="", updated_at="") == replace(b, created_at="", updated_at="")


# --- files ---------------------------------------------------------------------------------------


def read_contacts_file(path: Path, known_types: dict[str, str]) -> contacts_io.ImportResult:
    """Parse a .vcf or .csv file (untrusted) into contacts not yet saved, with the column
    mapping and what is left out. The size is checked before the file is read. Raises
    `contacts_io.ImportRejected` (or OSError) with a plain message."""
    return contacts_io.read_file(path, known_types)


def export_contacts(path: Path, contacts: list[Contact], kind: str) -> None:
    """Write contacts to `path` as "csv" (UTF-8 with BOM, cells neutralised) or "vcf".

    Written to a temporary name first, so a failure never leaves half a file.
    """
    if kind == "csv":
        data = contacts_io.write_csv(contacts).encode("utf-8-sig")
    else:
        data = contacts_io.write_vcard(contacts).encode("utf-8")
    atomic.write_bytes_atomically(path, data)
