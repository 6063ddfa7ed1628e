"""Rules every change to a project must keep, checked before anything is written."""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace

from mutual_checklist.domain.models import (
    Barrier,
    Contact,
    Interaction,
    StepState,
    StepStatus,
)

MAX_TEXT = 1_000_000  # characters in one field: megabyte notes are kept, runaway pastes are not


class RuleViolation(ValueError):
    """A change breaks a project rule; the message says what to do in plain words."""


def check_text(label: str, value: str) -> None:
    if len(value) > MAX_TEXT:
        raise RuleViolation(
            f"{label} is too long ({len(value):,} characters); the limit is {MAX_TEXT:,}.")
    if "\x00" in value:
        raise RuleViolation(f"{label} contains a NUL character, which cannot be stored.")


def clean_text(value: str) -> str:
    """Drop NUL and lone surrogates that SQLite cannot store; keep everything else literally."""
    value = value.replace("\x00", "")
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cs")


def change_status(state: StepState, status: StepStatus, today: dt.date, *,
                  reason: str = "", blocked_by: str | None = None) -> StepState:
    """Return `state` moved to `status`, keeping the completion date in step with it."""
    completed_on = state.completed_on
    if status is StepStatus.DONE and completed_on is None:
        completed_on = today
    elif status is not StepStatus.DONE:
        completed_on = None
    new = replace(state, status=status, completed_on=completed_on,
                  na_reason=reason if status is StepStatus.NOT_APPLICABLE else "",
                  blocked_by=blocked_by if status is StepStatus.BLOCKED else None)
    check_step_state(new)
    return new


def check_step_state(state: StepState) -> None:
    if state.status is StepStatus.NOT_APPLICABLE and not state.na_reason.strip():
        raise RuleViolation("A step marked not applicable needs a reason.")
    if state.status is StepStatus.BLOCKED and not state.blocked_by:
        raise RuleViolation("A blocked step must name the barrier that blocks it.")
    for label, value in (("The notes", state.notes), ("The reason", state.na_reason),
                         ("The owner", state.owner), ("Signed off by", state.signed_off_by)):
        check_text(label, value)


def check_barrier(barrier: Barrier) -> None:
    if not barrier.title.strip():
        raise RuleViolation("A barrier needs a title.")
    for label, value in (("Likelihood", barrier.likelihood), ("Impact", barrier.impact)):
        if not 1 <= value <= 5:
            raise RuleViolation(f"{label} must be between 1 and 5.")
    for label, value in (("The title", barrier.title), ("The description", barrier.description),
                         ("The mitigation", barrier.mitigation), ("The owner", barrier.owner)):
        check_text(label, value)


def check_contact(contact: Contact) -> None:
    if not contact.name.strip():
        raise RuleViolation("A contact needs a name.")
    for label, value in (("Influence", contact.influence), ("Interest", contact.interest)):
        if not 1 <= value <= 5:
            raise RuleViolation(f"{label} must be between 1 and 5.")
    if contact.contact_every_days is not None and contact.contact_every_days < 1:
        raise RuleViolation("Keep-in-touch interval must be at least one day.")
    for label, value in (("The name", contact.name), ("The notes", contact.notes),
                         ("The email", contact.email), ("The phone", contact.phone)):
        check_text(label, value)


def check_interaction(interaction: Interaction) -> None:
    check_text("The summary", interaction.summary)
    check_text("The follow-up", interaction.follow_up_action)
