"""The demo project: a fictional council day-opportunities service about eight months from go-live.

Everything here is invented: the council, the people, their emails (on the reserved example.org
and example.com domains) and their phone numbers (Ofcom's ranges kept for drama). Dates are set
relative to `today`, so the demo always looks part-way through.
"""
from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from mutual_checklist.demo_appraisal import demo_appraisal
from mutual_checklist.domain.models import (
    Barrier,
    BarrierStatus,
    ChecklistTemplate,
    Comment,
    CommentTarget,
    Contact,
    CustomStep,
    Interaction,
    Project,
    Rating,
    Stance,
    StepState,
    StepStatus,
    Treatment,
)
from mutual_checklist.domain import schedule
from mutual_checklist.domain.profile import ProjectProfile
from mutual_checklist.storage.repository import ProjectRepository

DEMO_TEMPLATE_ID = "mutual-2011"
_NAMESPACE = uuid.UUID("6f1c3f9e-4b0a-4c55-9a51-1d2f3e4a5b6c")

WEEKS_TO_GO_LIVE = 35
FIRST_TARGET_WEEKS = 26


def _id(name: str) -> str:
    return uuid.uuid5(_NAMESPACE, name).hex


class _Clock:
    """A settable clock so the demo's history reads as if written over many months."""

    def __init__(self, moment: dt.datetime):
        self.moment = moment

    def at(self, day: dt.date, hour: int = 10) -> None:
        self.moment = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=dt.timezone.utc)

    def __call__(self) -> str:
        self.moment += dt.timedelta(minutes=3)
        return self.moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# Steps that are not simply "done if well past, in progress if near": the demo's story.
_STORY: dict[str, tuple[StepStatus, str]] = {
    "S1-06": (StepStatus.DONE, "Council-led externalisation agreed; no Right to Challenge needed."),
    "S2-11": (StepStatus.DONE, "Legal advice: minibuses transfer at market value."),
    "S3-12": (StepStatus.IN_PROGRESS, "Two managers on the finance-for-non-finance course."),
    "S3-14": (StepStatus.NOT_APPLICABLE, ""),
    "S4-01": (StepStatus.DONE, "Board agreed a CIC limited by guarantee with an employee "
                               "membership; see options paper."),
    "S4-08": (StepStatus.IN_PROGRESS, "Closed admission to the county fund requested."),
    "S4-09": (StepStatus.BLOCKED, "Actuary's bond figure is far above what the plan allows."),
    "S4-14": (StepStatus.IN_PROGRESS, "VAT adviser's first note received; HMRC query drafted."),
    "S5-01": (StepStatus.DONE, "Indirect ownership: all staff are members of the CIC."),
    "S5-05": (StepStatus.IN_PROGRESS, "Skills matrix drafted; recruiting two non-executives."),
}
_NA_REASON = ("Our care is given at the day centres, not where people live, so it is outside the "
              "regulated activity of personal care and needs no CQC registration. Confirmed with "
              "the CQC registration team by phone.")


def build_demo(path: Path, template: ChecklistTemplate, template_text: str,
               today: dt.date | None = None) -> ProjectRepository:
    """Write a fresh demo project to `path` (which must not exist) and return it open."""
    today = today or dt.date.today()
    go_live = today + dt.timedelta(weeks=WEEKS_TO_GO_LIVE)
    first_target = today + dt.timedelta(weeks=FIRST_TARGET_WEEKS)
    start = today - dt.timedelta(weeks=70)
    clock = _Clock(dt.datetime.combine(start, dt.time(9, 0), tzinfo=dt.timezone.utc))

    def fill(repo: ProjectRepository) -> None:
        repo._now = clock  # the demo writes its history as if over many months
        project = Project(
            uuid=_id("project"), name="Northbrook Day Opportunities spin-out",
            template_id=template.id, template_version=template.version,
            organisation="Northbrook Borough Council (fictional)",
            service="Adult day opportunities (60 staff, 4 centres)", author="Sam Carter")
        repo._insert_project(project, template_text)
        clock.at(start + dt.timedelta(weeks=30))
        repo.set_go_live(first_target)
        contacts = _add_contacts(repo, clock, today)
        barriers = _add_barriers(repo, clock, today, contacts)
        _add_step_progress(repo, clock, template, today, start, go_live, barriers)
        # England, a council parent, day care outside CQC registration, and four minibuses
        repo.apply_profile(template, ProjectProfile("england", "council", False, True))
        _add_interactions(repo, clock, today, contacts)
        clock.at(start + dt.timedelta(weeks=10))
        repo.save_appraisal(demo_appraisal(_id, clock()))
        clock.at(today - dt.timedelta(weeks=3))
        repo.set_go_live(go_live, "The pension fund's actuary needs until spring to report; "
                                  "the transition board agreed a later transfer date.")
        repo.save_custom_step(CustomStep(
            id=_id("custom-minibus"), phase_id="legal-tax-transfer",
            title="Agree who insures and maintains the four day-centre minibuses",
            guidance="The council fleet team maintains the minibuses today. Decide whether they "
                     "transfer, are leased back, or stay with the council under a service "
                     "agreement.", barriers=("assets_property", "insurance"), owner="leader"))
        clock.at(today - dt.timedelta(days=2))
        repo.set_rating(Rating.AMBER, "Pension bond and the procurement route are unresolved; "
                                      "everything else is on plan.")
        repo.add_comments([Comment(
            id=_id("comment-overall"), target=CommentTarget.OVERALL, target_id="",
            author="Support adviser", body="Good progress on engagement. Escalate the pension "
                                           "bond to the finance director this month.",
            created_at=clock())])

    return ProjectRepository.create_with(path, fill)


def _add_contacts(repo: ProjectRepository, clock: _Clock, today: dt.date) -> dict[str, Contact]:
    clock.at(today - dt.timedelta(weeks=60))
    people = [
        ("commissioner", "Helen Marsh", "Head of Commissioning, Adults", "commissioner",
         Stance.SUPPORTIVE, 5, 4, 30),
        ("finance", "David Okafor", "Director of Finance (s151 officer)", "parent_officers",
         Stance.SCEPTICAL, 5, 3, 30),
        ("member", "Cllr Margaret Ellis", "Cabinet Member for Adult Social Care",
         "elected_members", Stance.SUPPORTIVE, 5, 4, 60),
        ("union", "Tom Reilly", "Union branch secretary", "unions", Stance.NEUTRAL, 3, 5, 21),
        ("staff", "Aisha Khan", "Chair, staff reference group", "staff", Stance.CHAMPION, 2, 5, 14),
        ("pension", "Graham Pike", "Employer liaison, county pension fund", "pension_fund",
         Stance.NEUTRAL, 4, 2, 30),
        ("carers", "Sarah Lloyd", "Chair, Northbrook carers' forum", "service_users",
         Stance.SUPPORTIVE, 2, 4, 45),
        ("lawyer", "Mark Benson", "Solicitor, Example Law LLP", "lawyers", Stance.SUPPORTIVE,
         2, 3, None),
    ]
    contacts = {}
    for number, (key, name, role, kind, stance, influence, interest, every) in enumerate(people):
        organisation = {"lawyer": "Example Law LLP", "pension": "County Pension Fund",
                        "carers": "Northbrook Carers' Forum"}.get(key, "Northbrook Borough Council")
        email_name = name.replace("Cllr ", "").lower().replace(" ", ".")
        contacts[key] = repo.save_contact(Contact(
            id=_id(f"contact-{key}"), name=name, organisation=organisation, role=role,
            stakeholder_type=kind, email=f"{email_name}@example.org",
            phone=f"01632 960{number:03d}", influence=influence, interest=interest, stance=stance,
            contact_every_days=every, lawful_basis="Public task",
            data_source="Council staff directory", notes="",
            retention_review_date=today + dt.timedelta(weeks=WEEKS_TO_GO_LIVE + 52)))
    return contacts


_BARRIERS = [
    ("pension-bond", "Pension fund asks for a bond the new mutual cannot afford", "pensions",
     [(3, 5, 40), (4, 5, 6)], Treatment.TREAT, BarrierStatus.OPEN,
     "Ask the council to guarantee the bond or agree a pass-through arrangement; model both.",
     ("S4-09", "S4-10"), "finance"),
    ("procurement", "No lawful route yet agreed for awarding the first contract", "procurement",
     [(4, 5, 30), (3, 5, 8)], Treatment.TREAT, BarrierStatus.MITIGATING,
     "Legal opinion on a reserved contract under the Procurement Act 2023 due next month.",
     ("S4-11",), "commissioner"),
    ("vat", "Self-funders may have to pay VAT on top of our charges", "vat_tax",
     [(3, 3, 35)], Treatment.TOLERATE, BarrierStatus.OPEN,
     "VAT adviser: as a CIC that is not a charity and not regulated, our supplies are probably "
     "taxable. Once registered we reclaim VAT on purchases, but self-funders and people on "
     "direct payments would pay VAT on top; the council can recover it. Raised with the "
     "commissioner; HMRC ruling to be sought.",
     ("S4-14",), None),
    ("working-capital", "Cash gap in the first three months after go-live", "finance",
     [(3, 4, 20)], Treatment.TREAT, BarrierStatus.OPEN,
     "Ask for monthly payment in advance in the contract; talk to two social investors.",
     ("S2-07",), "finance"),
    ("payroll", "Payroll and HR system may not be ready for day one", "it_data",
     [(2, 3, 12)], Treatment.TRANSFER, BarrierStatus.MITIGATING,
     "Buy payroll from the council under a 12-month service agreement.", ("S4-19",), None),
    ("engagement", "Staff interest fading during a long transition", "staff_engagement",
     [(3, 3, 30), (2, 2, 4)], Treatment.TREAT, BarrierStatus.MITIGATING,
     "Monthly open sessions, a newsletter and staff design groups.", (), "staff"),
    ("premises", "Lease for the Riverside centre not yet agreed", "assets_property",
     [(3, 2, 10)], Treatment.TREAT, BarrierStatus.OPEN,
     "Draft licence from the council's property team in review.", ("S4-18",), None),
    ("members", "Cabinet support uncertain before the May elections", "politics",
     [(3, 4, 50), (1, 4, 26)], Treatment.TOLERATE, BarrierStatus.RESOLVED,
     "Cross-party briefing held; decision to spin out taken before the election.", (), "member"),
]


def _add_barriers(repo: ProjectRepository, clock: _Clock, today: dt.date,
                  contacts: dict[str, Contact]) -> dict[str, Barrier]:
    barriers = {}
    for key, title, category, scores, treatment, status, mitigation, steps, owner in _BARRIERS:
        for likelihood, impact, weeks_ago in scores:
            clock.at(today - dt.timedelta(weeks=weeks_ago))
            barriers[key] = repo.save_barrier(Barrier(
                id=_id(f"barrier-{key}"), title=title, category=category, likelihood=likelihood,
                impact=impact, treatment=treatment, status=status, mitigation=mitigation,
                linked_steps=steps, owner="Sam Carter",
                owner_contact_id=contacts[owner].id if owner else None,
                review_date=today + dt.timedelta(weeks=2 if status.is_live else 0) if
                status.is_live else None), note="Re-assessed at the transition board")
    # One review date already passed, so the review routine has something to show.
    stale = barriers["vat"]
    barriers["vat"] = repo.save_barrier(Barrier(**{**stale.__dict__,
                                                   "review_date": today - dt.timedelta(days=10)}))
    return barriers


def _add_step_progress(repo: ProjectRepository, clock: _Clock, template: ChecklistTemplate,
                       today: dt.date, start: dt.date, go_live: dt.date,
                       barriers: dict[str, Barrier]) -> None:
    plan = schedule.schedule(schedule.plan_tasks(template), start, go_live, today)
    for step in template.steps:
        due = plan.due(step.id)
        status, note = _STORY.get(step.id, (None, ""))  # type: ignore[arg-type]
        if status is None:
            starts = plan.steps[step.id].start
            if due is None or (due > today + dt.timedelta(weeks=6) and starts > today):
                continue
            status = StepStatus.DONE if due < today - dt.timedelta(days=3) else \
                StepStatus.IN_PROGRESS
        clock.at(min(due or today, today) - dt.timedelta(days=5))
        state = StepState(
            step.id, status=status, notes=note, owner=template.owner_title(step.owner),
            na_reason=_NA_REASON if status is StepStatus.NOT_APPLICABLE else "",
            blocked_by=barriers["pension-bond"].id if status is StepStatus.BLOCKED else None,
            completed_on=min(due or today, today) - dt.timedelta(days=5)
            if status is StepStatus.DONE else None,
            signed_off_by="Transition board" if status is StepStatus.DONE and step.gate else "")
        repo.save_step_state(state)
    # One step running late: a hand-set due date already passed.
    clock.at(today - dt.timedelta(days=9))
    late = repo.step_state("S3-11")
    repo.save_step_state(StepState(**{**late.__dict__, "status": StepStatus.IN_PROGRESS,
                                      "completed_on": None,
                                      "due_date": today - dt.timedelta(days=12),
                                      "due_date_manual": True,
                                      "notes": "GP practices still to be written to."}))


def _add_interactions(repo: ProjectRepository, clock: _Clock, today: dt.date,
                      contacts: dict[str, Contact]) -> None:
    meetings = [
        ("commissioner", 5, "meeting", "Agreed the outline contract scope and a five-year term "
         "in principle.", None, ""),
        ("finance", 4, "meeting", "Walked through the pension bond figures. Wants a risk-share "
         "paper before committing.", 6, "Send the risk-share options paper"),
        ("finance", 1, "email", "Sent the risk-share options paper.", None, ""),
        ("member", 6, "meeting", "Briefing before the cabinet decision; supportive.", None, ""),
        ("union", 2, "meeting", "Joint consultation forum: TUPE timetable and measures.", 2,
         "Share the draft measures letter"),
        ("staff", 1, "meeting", "Staff reference group: board design options.", 2,
         "Circulate board options to all staff"),
        ("pension", 3, "call", "Fund confirmed it needs the actuary's report before any bond "
         "figure is final.", 4, "Chase the actuary's timetable"),
        ("carers", 7, "meeting", "Carers' forum: questions about continuity of transport.", 10,
         "Write to families about transport"),
        ("lawyer", 2, "call", "Reviewed draft CIC articles; two changes needed.", None, ""),
    ]
    for key, weeks_ago, kind, summary, follow_weeks, action in meetings:
        day = today - dt.timedelta(weeks=weeks_ago)
        clock.at(day, hour=15)
        repo.log_interaction(Interaction(
            id=_id(f"interaction-{key}-{weeks_ago}"), contact_id=contacts[key].id,
            occurred_on=day, kind=kind, summary=summary,
            follow_up_date=day + dt.timedelta(weeks=follow_weeks) if follow_weeks else None,
            follow_up_action=action))
