"""Evidence-based delivery confidence, the go-live readiness verdict, days to go-live, contacts due.

The leader sets the project's rating on the government's five-point delivery-confidence scale;
``suggested_rating`` shows beside it what the evidence in the file suggests, with the reasons in
plain English, so a leader (or adviser) can see *why* and the app can ask for a reason when the
two differ. Every rule is deterministic: the same data and ``today`` always give the same rating
and the same sentences in the same order.

Suggested rating: start at Green; each rule that fires sets a floor (the worst floor wins), then
being behind plan moves the result down one or two notches (never past Red).

| rule                                                              | effect                 |
| ----------------------------------------------------------------- | ---------------------- |
| no go-live date                                                   | at least Amber         |
| any step overdue                                                  | at least Amber/Green   |
| a gate step overdue                                               | at least Amber/Red     |
| a gate step blocked                                               | at least Amber         |
| 1–2 red barriers open or mitigating                               | at least Amber         |
| 3 or more red barriers open or mitigating                         | Red                    |
| a gate blocked or overdue with go-live 8 weeks away or less       | Red                    |
| even the shortest realistic plan cannot meet go-live              | at least Amber/Red     |
| % done is 10–24 points behind % of steps due by today             | one notch worse        |
| % done is 25 or more points behind % of steps due by today        | two notches worse      |

"Behind plan" compares the share of applicable steps done with the share due on or before today;
it is skipped without a go-live date, when most steps have no due date.

Readiness verdict (first row that matches wins):

| verdict     | when                                                                              |
| ----------- | --------------------------------------------------------------------------------- |
| at_risk     | no go-live date is set                                                            |
| not_ready   | go-live is 4 weeks away or less (or has passed) and a gate due by then is not done |
| ready       | every applicable step due by go-live is done and no red barrier is live           |
| at_risk     | the suggested rating is Amber or worse                                            |
| on_track    | otherwise                                                                         |
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from mutual_checklist.domain import plan_words, progress, risk, schedule
from mutual_checklist.domain.dates import long_date
from mutual_checklist.domain.models import (
    ChecklistTemplate,
    Contact,
    Interaction,
    Project,
    ProjectData,
    Rating,
    StepStatus,
)

NEAR_GO_LIVE_DAYS = 8 * 7
FINAL_WEEKS_DAYS = 4 * 7
MANY_RED_BARRIERS = 3
BEHIND_ONE_NOTCH = 10
BEHIND_TWO_NOTCHES = 25
MAX_TITLE = 80

_RATINGS = list(Rating)

Verdict = Literal["ready", "on_track", "at_risk", "not_ready"]


# --- wording helpers -----------------------------------------------------------------------------




def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _quote(title: str) -> str:
    """Quote a title, cut short so a megabyte title cannot swamp a report."""
    short = title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"
    return f"'{short}'"


def _listing(items: list[str], limit: int = 3) -> str:
    """Join already-worded items: 'a', 'a and b', 'a, b and c', 'a, b, c and 2 more'."""
    shown = items[:limit]
    if len(items) > limit:
        shown.append(f"{len(items) - limit} more")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _when(days: int) -> str:
    if days == 0:
        return "today"
    span = _plural(abs(days) // 7, "week") if abs(days) >= 14 else _plural(abs(days), "day")
    return f"in {span}" if days > 0 else f"{span} ago"


def _worse(rating: Rating, floor: Rating) -> Rating:
    return rating if rating.rank >= floor.rank else floor


# --- days to go-live and contacts ----------------------------------------------------------------


def days_to_go_live(project: Project, today: dt.date) -> tuple[int | None, int | None]:
    """Days from today to the baseline and forecast go-live dates (negative once passed).

    Args:
        project: The project with its go-live dates.
        today: The date to count from.

    Returns:
        ``(baseline_days, forecast_days)``, each ``None`` when that date is not set.
    """
    base = project.go_live_baseline
    forecast = project.go_live_date
    return (
        (base - today).days if base is not None else None,
        (forecast - today).days if forecast is not None else None,
    )


@dataclass(frozen=True)
class DueContact:
    """A contact due for a keep-in-touch, with when it fell due and when they were last met."""

    contact: Contact
    due: dt.date
    last_contact: dt.date | None


def contacts_due(
    contacts: Iterable[Contact], interactions: Iterable[Interaction], today: dt.date
) -> list[DueContact]:
    """Contacts whose next contact date is on or before today.

    The next contact date is the contact's own ``next_contact_date`` when set, else the last
    interaction plus ``contact_every_days``. A contact with neither is never due. Anonymised
    contacts are skipped: there is no one left to contact.

    Args:
        contacts: All contacts of the project.
        interactions: All interactions of the project.
        today: The date to judge against.

    Returns:
        Contacts due, longest overdue first, then by name.
    """
    last: dict[str, dt.date] = {}
    for interaction in interactions:
        seen = last.get(interaction.contact_id)
        if seen is None or interaction.occurred_on > seen:
            last[interaction.contact_id] = interaction.occurred_on
    due: list[DueContact] = []
    for contact in contacts:
        if contact.anonymised:
            continue
        met = last.get(contact.id)
        next_date = contact.next_contact_date
        if next_date is None and met is not None and contact.contact_every_days:
            next_date = met + dt.timedelta(days=contact.contact_every_days)
        if next_date is not None and next_date <= today:
            due.append(DueContact(contact, next_date, met))
    return sorted(due, key=lambda d: (d.due, d.contact.name.casefold(), d.contact.id))


# --- suggested rating ----------------------------------------------------------------------------


def _titles(items: Iterable[progress.DueStep | progress.GateAhead]) -> list[str]:
    return [_quote(item.title) for item in items]


def _blocker(data: ProjectData, step_id: str) -> str:
    """' by <barrier title>' when the step names a barrier that blocks it, else ''."""
    barrier_id = data.state(step_id).blocked_by
    found = next((b for b in data.barriers if b.id == barrier_id), None)
    return f" by {_quote(found.title)}" if found else ""


def _behind_plan(
    template: ChecklistTemplate, data: ProjectData, today: dt.date
) -> tuple[int, int, int]:
    """Return (percent done, percent planned by today, points behind) over applicable steps."""
    plan = schedule.plan_for(template, data, today)
    done = planned = applicable = 0
    for ref in progress.all_steps(template, data):
        state = data.state(ref.step_id)
        if state.status is StepStatus.NOT_APPLICABLE:
            continue
        applicable += 1
        done += state.status is StepStatus.DONE
        due = progress.effective_due_date(ref.template_step, state, plan)
        planned += due is not None and due <= today
    actual_pct = progress.ProgressCounts(total=applicable, done=done).percent
    planned_pct = progress.ProgressCounts(total=applicable, done=planned).percent
    return actual_pct, planned_pct, planned_pct - actual_pct


def suggested_rating(
    template: ChecklistTemplate, data: ProjectData, today: dt.date
) -> tuple[Rating, list[str]]:
    """Suggest a delivery-confidence rating from the evidence, with the reasons that drove it.

    See the module docstring for the rules.

    Args:
        template: The project's checklist template.
        data: The project's data.
        today: The date to judge against.

    Returns:
        The suggested rating and plain-English reasons, one sentence each, in rule order. A
        Green rating has one reason saying nothing is off track.
    """
    rating = Rating.GREEN
    reasons: list[str] = []
    go_live = data.project.go_live_date
    if go_live is None:
        rating = _worse(rating, Rating.AMBER)
        reasons.append("No go-live date is set, so progress cannot be judged against time.")

    overdue = progress.overdue_steps(template, data, today)
    overdue_gates = [s for s in overdue if s.is_gate]
    if overdue:
        sentence = f"{_plural(len(overdue), 'step')} {'is' if len(overdue) == 1 else 'are'} overdue"
        if len(overdue_gates) == 1:
            sentence += f", including the gate {_quote(overdue_gates[0].title)}"
        elif overdue_gates:
            listed = _listing(_titles(overdue_gates))
            sentence += f", including {len(overdue_gates)} gates: {listed}"
        else:
            sentence += f"; the earliest is {_quote(overdue[0].title)}, due {long_date(overdue[0].due)}"
        reasons.append(sentence + ".")
        rating = _worse(rating, Rating.AMBER_RED if overdue_gates else Rating.AMBER_GREEN)

    gates = progress.gates_ahead(template, data, today)
    blocked_gates = [g for g in gates if g.status is StepStatus.BLOCKED]
    if blocked_gates:
        if len(blocked_gates) == 1:
            blocker = _blocker(data, blocked_gates[0].step_id)
            reasons.append(f"The gate {_quote(blocked_gates[0].title)} is blocked{blocker}.")
        else:
            titles = _listing(_titles(blocked_gates))
            reasons.append(f"{len(blocked_gates)} gates are blocked: {titles}.")
        rating = _worse(rating, Rating.AMBER)

    ranked = risk.top_barriers(data.barriers, len(data.barriers))
    red = [b for b in ranked if risk.rag(risk.score(b)) == "red"]
    if red:
        verb = "is" if len(red) == 1 else "are"
        scored = [f"{_quote(b.title)} (score {risk.score(b)})" for b in red]
        reasons.append(f"{_plural(len(red), 'red barrier')} {verb} open: {_listing(scored)}.")
        rating = _worse(rating, Rating.RED if len(red) >= MANY_RED_BARRIERS else Rating.AMBER)

    if go_live is not None and (go_live - today).days <= NEAR_GO_LIVE_DAYS:
        stuck = [g for g in gates if g.status is StepStatus.BLOCKED or g.overdue]
        if stuck:
            verb = "is" if len(stuck) == 1 else "are"
            reasons.append(
                f"Go-live is {_when((go_live - today).days)} and {_plural(len(stuck), 'gate')} "
                f"{verb} blocked or overdue: {_listing(_titles(stuck))}."
            )
            rating = Rating.RED

    plan = schedule.plan_for(template, data, today)
    if plan is not None and not plan.feasible:
        reasons.append(plan_words.verdict(template, plan))
        rating = _worse(rating, Rating.AMBER_RED)

    if go_live is not None:
        actual, planned, behind = _behind_plan(template, data, today)
        if behind >= BEHIND_ONE_NOTCH:
            notches = 2 if behind >= BEHIND_TWO_NOTCHES else 1
            reasons.append(
                f"{actual}% of steps are done, but the plan expected {planned}% by today "
                f"({behind} points behind), with go-live {_when((go_live - today).days)}."
            )
            rating = _RATINGS[min(rating.rank + notches, Rating.RED.rank)]

    if not reasons:
        reasons.append(
            "No steps are overdue, no red barriers are open and progress is in line with the plan."
        )
    return rating, reasons


# --- readiness verdict ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    """The go-live readiness verdict shown on the dashboard and in the report."""

    verdict: Verdict
    headline: str
    reasons: list[str]


def readiness(template: ChecklistTemplate, data: ProjectData, today: dt.date) -> Readiness:
    """Judge whether the project is ready to go live, with a headline and reasons.

    Gates "due by go-live" are gate steps whose due date is on or before go-live, or that have no
    due date (judged conservatively). See the module docstring for the verdict rules.

    Args:
        template: The project's checklist template.
        data: The project's data.
        today: The date to judge against.

    Returns:
        The verdict, a one-sentence headline and the reasons behind it.
    """
    go_live = data.project.go_live_date
    if go_live is None:
        return Readiness(
            "at_risk",
            "At risk: no go-live date is set, so readiness cannot be judged.",
            ["Set a target go-live date so due dates and readiness can be worked out."],
        )
    days = (go_live - today).days
    when = f"{long_date(go_live)} ({_when(days)})"
    live_red = [b for b in risk.live(data.barriers) if risk.rag(risk.score(b)) == "red"]

    open_gates = [
        g for g in progress.gates_ahead(template, data, today)
        if g.forecast_due is None or g.forecast_due <= go_live
    ]
    if days <= FINAL_WEEKS_DAYS and open_gates:
        reasons = [
            f"The gate {_quote(g.title)} is {g.status.label.lower()}"
            + (f", due {long_date(g.forecast_due)}." if g.forecast_due else ".")
            for g in open_gates
        ]
        if live_red:
            verb = "is" if len(live_red) == 1 else "are"
            reasons.append(f"{_plural(len(live_red), 'red barrier')} {verb} still open.")
        verb = "is" if len(open_gates) == 1 else "are"
        headline = (
            f"Not ready: go-live is {when} and {_plural(len(open_gates), 'gate')} "
            f"before it {verb} not done."
        )
        return Readiness("not_ready", headline, reasons)

    required = [
        data.state(ref.step_id).status
        for ref in progress.all_steps(template, data)
        if _due_by(template, data, ref, go_live)
    ]
    if required and not live_red and all(
        s in (StepStatus.DONE, StepStatus.NOT_APPLICABLE) for s in required
    ) and StepStatus.DONE in required:
        reasons = [
            f"All {_plural(len(required), 'step')} due by go-live are done or not applicable.",
            "No red barriers are open.",
        ]
        return Readiness("ready", f"Ready: everything due by go-live on {when} is done.", reasons)

    rating, reasons = suggested_rating(template, data, today)
    if rating.rank >= Rating.AMBER.rank:
        headline = f"At risk: the evidence suggests {rating.label} for go-live on {when}."
        return Readiness("at_risk", headline, reasons)
    return Readiness("on_track", f"On track for go-live on {when}.", reasons)


def _due_by(template: ChecklistTemplate, data: ProjectData, ref: progress.StepRef,
            go_live: dt.date) -> bool:
    """Whether a step must be finished by go-live: dated on or before it, or an undated gate."""
    plan = schedule.plan_for(template, data)
    due = progress.effective_due_date(ref.template_step, data.state(ref.step_id), plan)
    return due <= go_live if due is not None else ref.is_gate
