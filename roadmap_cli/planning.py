"""Planning inputs: a valid project, its assumptions and the user's what-ifs, as units of work.

This module turns recommendations into the *units* the planner orders and schedules: one unit
per recommendation, except that the members of a work item (R18+R04, R12+R15) form one unit.
It resolves every planning value to a number and records where it came from (the data, an
assumption marked in ``planning.yaml``, a scenario file or a command-line option), so that every
output can label what rests on an assumption. Pure Python: no I/O, no clock.

Precedence of values, weakest first: ``planning.yaml`` defaults, the recommendation's own value,
the scenario file, the command line. Time runs in whole months from the plan start: month 0
starts on the plan start day, month ``m`` on the same day ``m`` months later.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from roadmap_cli.calendar import DatedSession, dated_sessions
from roadmap_cli.model import (
    PlanningFile,
    Priority,
    Project,
    Recommendation,
    ScenarioFile,
    Session,
    Status,
    recommendation_sort_key,
)
from roadmap_cli.problems import KeyPath, Problem, Severity
from roadmap_cli.validate import default_effort_rule

PRIORITY_RANK: Mapping[Priority | None, int] = MappingProxyType(
    {Priority.HIGH: 3, Priority.MEDIUM: 2, Priority.LOW: 1, None: 0}
)
"""Higher ranks go first; no priority at all ranks below low."""


class Source(enum.StrEnum):
    """Where a planning value comes from."""

    DATA = "data"
    """Given in the data files and not marked as an assumption."""
    ASSUMED = "assumed"
    """A planning assumption, marked ``assumed`` in the data files."""
    SCENARIO = "scenario"
    """The ``--scenario`` file."""
    OPTION = "option"
    """A command-line option."""


LAST_PLANNABLE_YEAR = 9900
"""A plan must end before this year: Python's dates stop at 9999-12-31 and the planner still adds
sessions (a year or two) and chart margins past the plan's end. The data's dates end in 2199
(`validate.LAST_YEAR`), so only a chain of thousands of long efforts gets here (issue #12)."""


class PastTheCalendar(ValueError):
    """The plan (or a day asked for) runs past the dates the planner can count."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"the plan runs past the calendar: it would reach the year {year}, and the planner "
            f"counts up to {LAST_PLANNABLE_YEAR}"
        )
        self.year = year


@dataclass(frozen=True, slots=True)
class MonthCalendar:
    """Whole months counted from the plan start day."""

    start: dt.date

    def date_of(self, month: int) -> dt.date:
        """The first day of plan month ``month`` (days past the month's end are clamped)."""
        year, month0 = divmod(self.start.year * 12 + self.start.month - 1 + month, 12)
        if not 1 <= year <= LAST_PLANNABLE_YEAR:
            raise PastTheCalendar(year)
        return _clamped(year, month0 + 1, self.start.day)

    def end_of(self, finish: int) -> dt.date:
        """The last day of work that finishes when plan month ``finish`` begins."""
        return self.date_of(finish) - dt.timedelta(days=1)

    def month_on_or_after(self, day: dt.date) -> int:
        """The first plan month that starts on or after ``day`` (may be negative)."""
        month = (day.year - self.start.year) * 12 + day.month - self.start.month
        while self.date_of(month) < day:
            month += 1
        while self.date_of(month - 1) >= day:
            month -= 1
        return month

    def last_finish_by(self, day: dt.date) -> int:
        """The latest finish month whose work ends on or before ``day``."""
        return self.month_on_or_after(day + dt.timedelta(days=2)) - 1


def _clamped(year: int, month: int, day: int) -> dt.date:
    for candidate in (day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day, candidate))
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class Milestone:
    """A ``not_before`` or ``deadline`` resolved to a day."""

    text: str
    """As written: ``CWS/11`` or ``2023-06-30``."""
    date: dt.date
    """``not_before``: the first day work may start (the day after a session ends).
    ``deadline``: the last day work may end (the day before a session starts)."""
    assumed: bool
    """True when it is a session whose dates are assumed."""
    recommendation: str
    """The recommendation that gives it (for a work item, the member with the binding one)."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of scheduled work: a recommendation, or all members of a work item together."""

    id: str
    """The recommendation id, or the work item id."""
    members: tuple[str, ...]
    """The recommendations it carries out, in id order."""
    title: str | None = None
    depends_on: tuple[str, ...] = ()
    """Units that must finish before it starts (settled ones left out), sorted."""
    priority: Priority | None = None
    """Its own priority: the highest of its members' adopted (else computed) priorities."""
    priority_source: str | None = None
    """``adopted`` or ``computed`` (from the survey); None when it has no priority."""
    months: int = 1
    """Months of work still to do (at least 1: finished work is settled, not scheduled)."""
    effort_months: int = 1
    """Months of work in all."""
    effort_source: Source = Source.DATA
    owner: str | None = None
    """Who carries it out; None: no capacity limit applies."""
    owner_source: Source = Source.DATA
    release: int = 0
    """The first month it may start: the plan start (or --as-of), or its ``not_before``."""
    due: int | None = None
    """The latest finish month its ``deadline`` allows; None: no deadline."""
    not_before: Milestone | None = None
    deadline: Milestone | None = None
    in_progress: bool = False
    status: Status | None = None
    """Where its open members stand: ``in-progress`` when one is, else None when one has no
    recorded status (it is planned as though not started, and every output says "status not
    known"), else the first open member's status."""
    sort_id: tuple[int, str] = field(init=False)
    """The id part of the order's tie-break: the numeric order of the (first member's) id.
    Computed once here: parsing ids was the slowest step of ordering 2,000 units."""

    def __post_init__(self) -> None:
        first = self.members[0] if self.members else self.id
        object.__setattr__(self, "sort_id", recommendation_sort_key(first))  # frozen: set once

    @property
    def label(self) -> str:
        """How people name it: ``R09``, or a work item's members, ``R04+R18``."""
        return "+".join(self.members) if self.members else self.id


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the planner warns about, placed at a recommendation's field."""

    code: str
    recommendation: str
    where: KeyPath
    """The path inside the recommendation's block, e.g. ``("deadline",)``."""
    message: str
    hint: str = ""
    severity: Severity = Severity.WARNING


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """What the user asks for on top of the data (the CLI's options), all optional."""

    start: dt.date | None = None
    """Start the plan on this day (``--start``)."""
    as_of: dt.date | None = None
    """Plan the remaining work from this day: nothing starts before it (``--as-of``)."""
    capacities: Mapping[str, int | None] = field(default_factory=dict)
    """Owner id -> how many at once (``--capacity``); None: no limit."""
    scenario: ScenarioFile | None = None
    computed_priorities: Mapping[str, Priority] | None = None
    """Recommendation id -> the priority computed from the survey, for recommendations that
    have no adopted one. This is the seam for ``roadmap_cli.priorities`` (another branch):
    the CLI will pass its levels here; until then no computed priority is used."""


@dataclass(frozen=True, slots=True)
class Settled:
    """A recommendation left out of the schedule, and why."""

    recommendation: str
    status: Status


@dataclass(frozen=True, slots=True)
class PlanInput:
    """Everything the ordering and the timeline need, resolved."""

    units: tuple[Unit, ...]
    """The open units, in id order."""
    calendar: MonthCalendar
    start_source: Source
    first_month: int
    """The month the remaining work may start (0, or the month of --as-of)."""
    as_of: dt.date | None
    capacities: Mapping[str, int | None]
    capacity_sources: Mapping[str, Source]
    sessions: tuple[Session, ...]
    settled: tuple[Settled, ...] = ()
    findings: tuple[Finding, ...] = ()
    scenario_note: str | None = None


def plan_input(project: Project, settings: PlanSettings | None = None) -> PlanInput:
    """The project's open work as units, with every planning value resolved.

    Needs ``project.planning`` (the CLI reports its absence first). Dropped recommendations and
    done ones are settled, not scheduled; a dependency on a dropped one is ignored with a warning.
    """
    settings = settings or PlanSettings()
    planning = project.planning
    if planning is None:
        raise ValueError("the project has no planning.yaml")
    scenario = settings.scenario or ScenarioFile()
    start, start_source = _plan_start(planning, scenario, settings)
    calendar = MonthCalendar(start)
    first_month = max(0, calendar.month_on_or_after(settings.as_of)) if settings.as_of else 0
    sessions = dated_sessions(project.sessions, through=start)
    capacities, capacity_sources = _capacities(planning, scenario, settings)

    settled = tuple(
        Settled(r.id, r.status)
        for r in project.recommendations
        if r.status in (Status.DONE, Status.DROPPED)
    )
    dropped = {s.recommendation for s in settled if s.status is Status.DROPPED}
    done = {s.recommendation for s in settled if s.status is Status.DONE}
    findings = list(_settled_dependency_findings(project, dropped, done))

    key_of = {r.id: recommendation_sort_key(r.id) for r in project.recommendations}
    groups = _unit_members(project, dropped, key_of)
    unit_of = {m: unit_id for unit_id, members in groups.items() for m in members}
    builder = _UnitBuilder(
        planning=planning,
        scenario=scenario,
        computed=settings.computed_priorities or {},
        calendar=calendar,
        sessions=sessions,
        first_month=first_month,
        unit_of=unit_of,
        open_units=frozenset(u for u, ms in groups.items() if any(m not in done for m in ms)),
        done=frozenset(done),
        titles={w.id: w.title for w in project.work_items},
    )
    units = tuple(
        builder.build(unit_id, [project.recommendations_by_id[m] for m in groups[unit_id]])
        for unit_id in sorted(builder.open_units, key=lambda u: key_of[groups[u][0]])
    )
    return PlanInput(
        units=units,
        calendar=calendar,
        start_source=start_source,
        first_month=first_month,
        as_of=settings.as_of,
        capacities=MappingProxyType(capacities),
        capacity_sources=MappingProxyType(capacity_sources),
        sessions=project.sessions,
        settled=settled,
        findings=tuple(findings),
        scenario_note=settings.scenario.note if settings.scenario else None,
    )


def _plan_start(
    planning: PlanningFile, scenario: ScenarioFile, settings: PlanSettings
) -> tuple[dt.date, Source]:
    if settings.start is not None:
        return settings.start, Source.OPTION
    if scenario.plan_start is not None:
        return scenario.plan_start, Source.SCENARIO
    start = planning.plan_start
    return start.date, Source.ASSUMED if start.assumed else Source.DATA


def _capacities(
    planning: PlanningFile, scenario: ScenarioFile, settings: PlanSettings
) -> tuple[dict[str, int | None], dict[str, Source]]:
    capacities: dict[str, int | None] = {}
    sources: dict[str, Source] = {}
    for owner in planning.owners:
        capacities[owner.id] = owner.capacity
        sources[owner.id] = Source.ASSUMED if owner.capacity_assumed else Source.DATA
    layers = ((scenario.capacity, Source.SCENARIO), (settings.capacities, Source.OPTION))
    for layer, source in layers:
        for owner_id, capacity in layer.items():
            capacities[owner_id] = capacity
            sources[owner_id] = source
    return capacities, sources


def _unit_members(
    project: Project, dropped: set[str], key_of: Mapping[str, tuple[int, str]]
) -> dict[str, tuple[str, ...]]:
    """Unit id -> its members still in play, in id order."""
    groups: dict[str, list[str]] = {}
    for rec in project.recommendations:
        if rec.id not in dropped:
            item = project.work_item_by_member.get(rec.id)
            groups.setdefault(item.id if item else rec.id, []).append(rec.id)
    return {u: tuple(sorted(ms, key=key_of.__getitem__)) for u, ms in groups.items()}


def _settled_dependency_findings(
    project: Project, dropped: set[str], done: set[str]
) -> Iterable[Finding]:
    for rec in project.recommendations:
        for j, dep in enumerate(rec.depends_on):
            if dep in dropped and rec.id not in dropped:
                yield Finding(
                    "depends-on-dropped",
                    rec.id,
                    ("depends_on", j),
                    f"{rec.id} depends on {dep}, which is dropped",
                    "the dependency is ignored; remove it or pick up the work elsewhere",
                )
            elif rec.id in done and dep not in done and dep not in dropped:
                yield Finding(
                    "done-before-prerequisite",
                    rec.id,
                    ("depends_on", j),
                    f"{rec.id} is done but its prerequisite {dep} is not",
                    "check the status of both",
                )


@dataclass(frozen=True, slots=True)
class _UnitBuilder:
    """What building a unit needs to know about the whole plan."""

    planning: PlanningFile
    scenario: ScenarioFile
    computed: Mapping[str, Priority]
    calendar: MonthCalendar
    sessions: tuple[DatedSession, ...]
    first_month: int
    unit_of: Mapping[str, str]
    """Recommendation id -> its unit id (dropped ones have none)."""
    open_units: frozenset[str]
    done: frozenset[str]
    titles: Mapping[str, str]
    """Work item id -> title."""

    def build(self, unit_id: str, members: list[Recommendation]) -> Unit:
        """One unit; a work item takes its members' largest effort and tightest dates."""
        open_members = [m for m in members if m.id not in self.done]
        efforts = [(_effort(m, self.planning, self.scenario), m) for m in open_members]
        (effort, effort_source), _ = max(efforts, key=lambda e: e[0][0])
        priorities = [
            (m.priority, "adopted") if m.priority else (self.computed.get(m.id), "computed")
            for m in members
        ]
        priority, priority_source = max(priorities, key=lambda p: PRIORITY_RANK[p[0]])
        owner, owner_source = _owner(members, self.planning)
        not_befores = [_milestone(m, "not_before", self.sessions) for m in members if m.not_before]
        deadlines = [_milestone(m, "deadline", self.sessions) for m in members if m.deadline]
        not_before = max(not_befores, key=lambda s: s.date, default=None)
        deadline = min(deadlines, key=lambda s: s.date, default=None)
        release = self.first_month
        if not_before is not None:
            release = max(release, self.calendar.month_on_or_after(not_before.date))
        depends_on = {
            self.unit_of[d]
            for m in members
            for d in m.depends_on
            if self.unit_of.get(d, unit_id) != unit_id and self.unit_of[d] in self.open_units
        }
        return Unit(
            id=unit_id,
            members=tuple(m.id for m in members),
            title=self.titles.get(unit_id, members[0].title),
            depends_on=tuple(sorted(depends_on)),
            priority=priority,
            priority_source=priority_source if priority else None,
            months=max(_remaining(months, m) for (months, _), m in efforts),
            effort_months=effort,
            effort_source=effort_source,
            owner=owner,
            owner_source=owner_source,
            release=release,
            due=self.calendar.last_finish_by(deadline.date) if deadline else None,
            not_before=not_before,
            deadline=deadline,
            in_progress=any(
                m.status is Status.IN_PROGRESS or 0 < (m.percent_complete or 0) < 100
                for m in open_members
            ),
            status=_unit_status(open_members),
        )


def _unit_status(members: list[Recommendation]) -> Status | None:
    statuses = [m.status for m in members]
    if Status.IN_PROGRESS in statuses:
        return Status.IN_PROGRESS
    if None in statuses or not statuses:
        return None
    return statuses[0]


def _effort(
    rec: Recommendation, planning: PlanningFile, scenario: ScenarioFile
) -> tuple[int, Source]:
    if rec.id in scenario.effort_months:
        return scenario.effort_months[rec.id], Source.SCENARIO
    if rec.effort_months is not None:
        return rec.effort_months, Source.DATA
    if scenario.default_effort_months is not None:
        return scenario.default_effort_months, Source.SCENARIO
    default = planning.default_effort
    rule = default_effort_rule(default.rules if default else (), rec.priority, rec.group)
    if default is None or rule is None:  # validation (check_efforts) rules this out
        raise ValueError(f"{rec.id} has no effort")
    return rule.effort_months, Source.ASSUMED if default.assumed else Source.DATA


def _remaining(effort: int, rec: Recommendation) -> int:
    """Months still to do: the effort less the part complete, rounded up; at least 1."""
    done = rec.percent_complete or 0
    return max(1, -(-effort * (100 - done) // 100))


def _owner(members: list[Recommendation], planning: PlanningFile) -> tuple[str | None, Source]:
    given = next((m.owner for m in members if m.owner), None)
    if given:
        return given, Source.DATA
    default = planning.default_owner
    if default is None:
        return None, Source.DATA
    return default.owner, Source.ASSUMED if default.assumed else Source.DATA


def _milestone(rec: Recommendation, name: str, sessions: tuple[DatedSession, ...]) -> Milestone:
    text: str = getattr(rec, name)
    if not text.startswith("CWS/"):
        return Milestone(text, dt.date.fromisoformat(text), False, rec.id)
    session = next(s for s in sessions if s.id == text)  # validation: it is in the calendar
    one_day = dt.timedelta(days=1)
    day = session.end + one_day if name == "not_before" else session.start - one_day
    return Milestone(text, day, session.assumed, rec.id)


def finding_problems(findings: Iterable[Finding], project: Project, file: str) -> list[Problem]:
    """The planner's findings as Problems in the recommendations file, ready to be located."""
    index_by_id = {r.id: i for i, r in enumerate(project.recommendations)}
    return [
        Problem(
            file,
            f.code,
            f.message,
            f.hint,
            f.severity,
            path=("recommendations", index_by_id[f.recommendation], *f.where),
        )
        for f in findings
    ]
