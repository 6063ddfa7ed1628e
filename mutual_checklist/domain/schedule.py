"""The plan: a schedule from the project's start to go-live over the checklist's dependencies.

Pure functions (no Qt, no SQL). The core, `schedule()`, works on plain `Task`s so it can be tested
on random graphs; `plan_for()` builds the tasks from a template and a project's data.

How the plan is made:

* Every step before go-live has a typical and a minimum duration (from the template, or derived
  from its timing window: the window's length, and half of it). A lead time raises both: a step
  never takes less than its lead time. A deadline (days before go-live) must be met as well.
* A forward pass from the start gives each step its earliest start and finish. When the typical
  durations do not fit before go-live, the steps on the critical path are shortened first (the
  one with most room first), step by step, towards their minimums until the plan fits or no
  critical step can be shortened any more.
* A backward pass from go-live (or from the plan's own end when even that does not fit) gives the
  latest start; float is how long a step can slip from its planned start before go-live moves.
* Steps are placed where the checklist's timing windows put them, scaled to the time there is,
  but never before their dependencies finish and never later than their latest start (so in a
  plan with no time to spare the critical path starts as early as it can).
* Steps done move their successors (their finish is the day they were done); dates set by hand
  are fixed finishes; not applicable steps take no time. Steps after go-live (timing starting at
  week 0 or later) are placed after go-live and do not count towards fitting it.
* Whether go-live can be met is judged from today: steps not yet started cannot start in the
  past, so a team that is behind sees it.
* A dependency that the checklist's own windows overlap (the later step's window ends before the
  earlier one's) is read as "can run alongside": the later step may start once the earlier one
  has started. This is how continuous activities such as staff communications are written.
"""
from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mutual_checklist.domain.models import (
    ChecklistTemplate,
    ProjectData,
    StepStatus,
    TemplateStep,
)

WEEK = 7
_MAX_ROUNDS = 20_000  # compression rounds; each shortens a step by at least a day


@dataclass(frozen=True)
class Task:
    """One step as the scheduler sees it; durations in days."""

    id: str
    typical_days: int
    minimum_days: int
    depends_on: tuple[str, ...] = ()
    alongside: tuple[str, ...] = ()  # dependencies read as "may start once these have started"
    position: float = 0.0  # where the checklist places its start, 0 (start) .. 1 (go-live)
    deadline_days: int = 0  # must finish this many days before go-live
    done_on: dt.date | None = None  # finished on this day
    fixed_due: dt.date | None = None  # due date set by hand
    skipped: bool = False  # not applicable: takes no time
    started: bool = False  # in progress or blocked
    after_go_live_weeks: int | None = None  # after go-live: earliest start, weeks after go-live


@dataclass(frozen=True)
class PlannedStep:
    """Where one step sits in the plan."""

    step_id: str
    start: dt.date
    due: dt.date
    float_days: int | None  # None for done, not applicable and after-go-live steps
    critical: bool
    typical_days: int
    planned_days: int  # typical, or shortened to fit

    @property
    def compressed(self) -> bool:
        return self.planned_days < self.typical_days


@dataclass(frozen=True)
class Schedule:
    """A fitted plan and the answer to "can we make this date?"."""

    start: dt.date
    go_live: dt.date
    steps: Mapping[str, PlannedStep]
    critical_path: tuple[str, ...]
    feasible: bool
    shortest_days: int  # from start: the least time the work needs (judged from today)
    today: dt.date
    plan_finish: dt.date  # where the fitted plan ends (after go-live when it cannot fit)
    baseline: Mapping[str, PlannedStep] = field(default_factory=dict)

    @property
    def days_available(self) -> int:
        return (self.go_live - self.start).days

    @property
    def weeks_available(self) -> float:
        return round(self.days_available / WEEK, 1)

    @property
    def shortest_weeks(self) -> float:
        return round(self.shortest_days / WEEK, 1)

    @property
    def compressed(self) -> bool:
        return any(step.compressed for step in self.steps.values())

    def due(self, step_id: str) -> dt.date | None:
        found = self.steps.get(step_id)
        return found.due if found else None


def schedule(tasks: Iterable[Task], start: dt.date, go_live: dt.date,
             today: dt.date | None = None) -> Schedule:
    """Fit `tasks` between `start` and `go_live` (see the module docstring).

    Raises:
        ValueError: if the dependencies form a cycle.
    """
    today = today or start
    by_id = {task.id: task for task in tasks}
    order = _topological(by_id)
    pre = [t for t in order if by_id[t].after_go_live_weeks is None]
    durations = {t: _typical(by_id[t]) for t in order}
    rank = {t: i for i, t in enumerate(order)}
    go = _day(start, go_live)
    for _ in range(_MAX_ROUNDS):
        early = _forward(by_id, pre, durations, start)
        end = _finish(by_id, pre, early)
        if end <= go:
            break
        late = _backward(by_id, pre, durations, early, end)
        room = [t for t in pre if _open(by_id[t]) and late[t] == early[t][0]
                and durations[t] > by_id[t].minimum_days]
        if not room:
            break
        chosen = max(room, key=lambda t: (durations[t] - by_id[t].minimum_days, -rank[t]))
        durations[chosen] -= min(end - go, durations[chosen] - by_id[chosen].minimum_days)
    early = _forward(by_id, pre, durations, start)
    finish = _finish(by_id, pre, early)
    end = max(finish, go)
    late = _backward(by_id, pre, durations, early, end)
    # The critical path is the chain that decides the earliest finish; with time to spare its
    # steps share that spare time as float.
    tight = late if finish == end else _backward(by_id, pre, durations, early, finish)
    path = _critical_path(by_id, pre, durations, early, tight, finish)
    placed = _place(by_id, order, durations, early, late, start, go, end)
    steps = {}
    for task_id in order:
        task = by_id[task_id]
        begin, due = placed[task_id]
        float_days = late[task_id] - begin if task_id in late and _open(task) else None
        steps[task_id] = PlannedStep(task_id, _date(start, begin), _date(start, due),
                                     float_days, task_id in path, _typical(task),
                                     durations[task_id])
    shortest = _shortest(by_id, pre, start, today)
    return Schedule(start, go_live, steps, tuple(path), shortest <= go, shortest, today,
                    _date(start, finish))


# --- passes --------------------------------------------------------------------------------------


def _typical(task: Task) -> int:
    return 0 if task.skipped else max(task.typical_days, task.minimum_days, 0)


def _minimum(task: Task) -> int:
    return 0 if task.skipped else max(task.minimum_days, 0)


def _open(task: Task) -> bool:
    return task.done_on is None and task.fixed_due is None and not task.skipped


def _day(start: dt.date, date: dt.date) -> int:
    return (date - start).days


def _date(start: dt.date, day: int) -> dt.date:
    return start + dt.timedelta(days=day)


def _topological(by_id: dict[str, Task]) -> list[str]:
    """Ids in dependency order, ties in the order given; unknown dependencies are ignored."""
    index = {task_id: i for i, task_id in enumerate(by_id)}
    waiting = {t: {d for d in _preds(task) if d in by_id and d != t} for t, task in by_id.items()}
    followers: dict[str, list[str]] = {t: [] for t in by_id}
    for task_id, preds in waiting.items():
        for pred in preds:
            followers[pred].append(task_id)
    ready = [(index[t], t) for t, preds in waiting.items() if not preds]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, task_id = heapq.heappop(ready)
        order.append(task_id)
        for follower in followers[task_id]:
            waiting[follower].discard(task_id)
            if not waiting[follower]:
                heapq.heappush(ready, (index[follower], follower))
    if len(order) != len(by_id):
        raise ValueError("the steps' dependencies form a cycle")
    return order


def _preds(task: Task) -> tuple[str, ...]:
    return task.depends_on + task.alongside


def _forward(by_id: dict[str, Task], order: list[str], durations: dict[str, int],
             start: dt.date, today: int | None = None) -> dict[str, tuple[int, int]]:
    """Earliest (start, finish) in days from the start; `today` forbids open work in the past."""
    early: dict[str, tuple[int, int]] = {}
    for task_id in order:
        task = by_id[task_id]
        ready = max([0] + [early[p][1] for p in task.depends_on if p in early]
                    + [early[p][0] for p in task.alongside if p in early])
        length = durations[task_id]
        if task.done_on is not None or task.fixed_due is not None:
            finish = _day(start, task.done_on or task.fixed_due)  # type: ignore[arg-type]
            early[task_id] = (max(min(ready, finish), finish - length), finish)
            continue
        if today is not None and not task.started:
            ready = max(ready, today)
        finish = ready + length
        if today is not None and task.started:
            finish = max(finish, today)
        early[task_id] = (ready, finish)
    return early


def _finish(by_id: dict[str, Task], order: list[str], early: dict[str, tuple[int, int]]) -> int:
    """The earliest go-live the plan allows (deadlines included), in days from the start."""
    return max([0] + [early[t][1] + by_id[t].deadline_days for t in order])


def _backward(by_id: dict[str, Task], order: list[str], durations: dict[str, int],
              early: dict[str, tuple[int, int]], end: int) -> dict[str, int]:
    """Latest start of every step so that go-live (`end`) holds."""
    latest_finish = {t: end - by_id[t].deadline_days for t in order}
    latest_start: dict[str, int] = {}
    for task_id in reversed(order):
        task = by_id[task_id]
        if _open(task):
            latest_start[task_id] = latest_finish[task_id] - durations[task_id]
        else:
            latest_start[task_id] = early[task_id][0]
        for pred in task.depends_on:
            if pred in latest_finish:
                latest_finish[pred] = min(latest_finish[pred], latest_start[task_id])
        for pred in task.alongside:
            if pred in latest_finish:
                latest_finish[pred] = min(latest_finish[pred],
                                          latest_start[task_id] + durations[pred])
    return latest_start


def _critical_path(by_id: dict[str, Task], order: list[str], durations: dict[str, int],
                   early: dict[str, tuple[int, int]], late: dict[str, int], end: int) -> list[str]:
    """The chain of open steps that decides the earliest go-live, first step first."""
    def tight(task_id: str) -> bool:
        return _open(by_id[task_id]) and late[task_id] == early[task_id][0]

    last = [t for t in order if tight(t) and early[t][1] + by_id[t].deadline_days == end]
    if not last:
        return []
    chain = [max(last, key=lambda t: (durations[t], -order.index(t)))]
    while True:
        task = by_id[chain[-1]]
        begin = early[chain[-1]][0]
        before = [p for p in task.depends_on if p in early and tight(p) and early[p][1] == begin]
        before += [p for p in task.alongside if p in early and tight(p) and early[p][0] == begin
                   and p not in before]
        if not before:
            break
        chain.append(max(before, key=lambda p: (durations[p], -order.index(p))))
    return list(reversed(chain))


def _place(by_id: dict[str, Task], order: list[str], durations: dict[str, int],
           early: dict[str, tuple[int, int]], late: dict[str, int],
           start: dt.date, go: int, end: int) -> dict[str, tuple[int, int]]:
    """Planned (start, finish): where the checklist puts the step, within what the plan allows."""
    placed: dict[str, tuple[int, int]] = {}
    for task_id in order:
        task = by_id[task_id]
        length = durations[task_id]
        ready = max([0] + [placed[p][1] for p in task.depends_on if p in placed]
                    + [placed[p][0] for p in task.alongside if p in placed])
        if not _open(task):
            finish = early[task_id][1] if task_id in early else _day(
                start, task.done_on or task.fixed_due or start)
            placed[task_id] = early.get(task_id, (finish - length, finish))
        elif task.after_go_live_weeks is not None:
            begin = max(ready, go + task.after_go_live_weeks * WEEK)
            placed[task_id] = (begin, begin + length)
        else:
            wanted = round(task.position * end)
            begin = min(max(wanted, ready), max(late[task_id], ready))
            placed[task_id] = (begin, begin + length)
    return placed


def _shortest(by_id: dict[str, Task], pre: list[str], start: dt.date, today: dt.date) -> int:
    """The least time, in days from the start, the work before go-live needs (from today on)."""
    minimums = {t: _minimum(by_id[t]) for t in by_id}
    now = _day(start, today)
    early = _forward(by_id, pre, minimums, start, today=now if now > 0 else None)
    return _finish(by_id, pre, early)


# --- from a project --------------------------------------------------------------------------------


def step_durations(step: TemplateStep) -> tuple[int, int]:
    """(typical, minimum) in days: from the template, or from the timing window when absent."""
    if step.duration is not None:
        typical, minimum = step.duration.typical, step.duration.minimum
    else:
        typical = max(1, step.timing.to_week - step.timing.from_week)
        minimum = typical / 2
    lead = step.lead_time.weeks if step.lead_time else 0
    minimum = max(minimum, lead)
    typical = max(typical, minimum)
    return round(typical * WEEK), round(minimum * WEEK)


def plan_tasks(template: ChecklistTemplate, data: ProjectData | None = None,
               start: dt.date | None = None) -> list[Task]:
    """The template's steps as tasks; with `data`, progress and hand-set dates included.

    A step marked done without a date counts as done on `start`.
    """
    steps = {step.id: step for step in template.steps}
    before = [s.timing.from_week for s in steps.values() if s.timing.from_week < 0]
    earliest = min(before, default=-1)
    tasks = []
    for step in steps.values():
        typical, minimum = step_durations(step)
        finish_to_start, alongside = [], []
        for dep in step.depends_on:
            other = steps.get(dep)
            if other is not None and step.timing.to_week < other.timing.to_week:
                alongside.append(dep)
            else:
                finish_to_start.append(dep)
        after = step.timing.from_week if step.timing.from_week >= 0 else None
        task = Task(step.id, typical, minimum, tuple(finish_to_start), tuple(alongside),
                    position=min(1.0, max(0.0, 1 - step.timing.from_week / earliest)),
                    deadline_days=step.deadline.before_go_live_days if step.deadline else 0,
                    after_go_live_weeks=after)
        if data is not None:
            state = data.state(step.id)
            task = Task(**{**task.__dict__,
                           "done_on": (state.completed_on or start)
                           if state.status is StepStatus.DONE else None,
                           "fixed_due": state.due_date if state.due_date_manual
                           or state.due_date is not None else None,
                           "skipped": state.status is StepStatus.NOT_APPLICABLE,
                           "started": state.status in (StepStatus.IN_PROGRESS,
                                                       StepStatus.BLOCKED)})
        tasks.append(task)
    return tasks


def plan_start(template: ChecklistTemplate, data: ProjectData) -> dt.date | None:
    """Where a project's plan starts: the date chosen, else the day the project was created,
    else (a project with neither) where the checklist's timing windows begin."""
    project = data.project
    if project.plan_start is not None:
        return project.plan_start
    try:
        return dt.date.fromisoformat(project.created_at[:10])
    except ValueError:
        if project.go_live_date is None:
            return None
        earliest = min((s.timing.from_week for s in template.steps), default=0)
        return project.go_live_date + dt.timedelta(weeks=min(earliest, 0))


_cache: list[tuple[object, object, dt.date, Schedule | None]] = []


def plan_for(template: ChecklistTemplate, data: ProjectData,
             today: dt.date | None = None) -> Schedule | None:
    """The project's fitted plan with its baseline, or None when it has no go-live date.

    The last answer is kept, so the many callers that ask about the same data pay once.
    """
    today = today or dt.date.today()
    if _cache and _cache[0][0] is data and _cache[0][1] is template and _cache[0][2] == today:
        return _cache[0][3]
    project = data.project
    result = None
    if project.go_live_date is not None:
        start = min(plan_start(template, data) or today, project.go_live_date)
        result = schedule(plan_tasks(template, data, start), start, project.go_live_date, today)
        if project.go_live_baseline is not None:
            baseline = schedule(plan_tasks(template), start,
                                max(project.go_live_baseline, start), today)
            result = Schedule(**{**result.__dict__, "baseline": baseline.steps})
    _cache[:] = [(data, template, today, result)]
    return result
