"""The timeline view: a computed plan as the rows, links and markers of a Gantt chart, built once.

The matplotlib chart (`render.gantt`), the Mermaid block (`render.mermaid`), the report and the
roadmap draft all draw this `GanttView` and nothing else, so they cannot disagree. Everything a
chart needs is decided here: the sections (by group, by default), the order of the rows in
them (start date, then the place in the priority order), each row's wrapped label, the date
range of the axis (whole quarters), the sessions inside it, the dependency links, the critical
path and the notes on what is assumed.

One row per *unit*: a recommendation, or the members of a work item together (R04+R18), as the
planner schedules them. A bar spans the work still to do, from its first day to its last.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from roadmap_cli.calendar import DatedSession, dated_sessions
from roadmap_cli.model import Group, Priority, Project, Status

if TYPE_CHECKING:  # `roadmap gantt --help` need not load the planner
    from roadmap_cli.planning import Unit
    from roadmap_cli.schedule import Plan, Slot

LABEL_WIDTH = 44
"""Characters per line of a row label; longer titles wrap onto more lines, never cut."""
PRIORITY_ORDER: tuple[Priority | None, ...] = (Priority.HIGH, Priority.MEDIUM, Priority.LOW, None)


class GroupBy(enum.StrEnum):
    """How the rows are gathered into sections."""

    GROUP = "group"
    PRIORITY = "priority"
    OWNER = "owner"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Bar:
    """One unit of work on the timeline."""

    id: str
    """The unit id: a recommendation (``R09``) or a work item (``xml-conversion-tool``)."""
    label: str
    """How people name it: ``R09`` or ``R04+R18``."""
    title: str | None
    lines: tuple[str, ...]
    """The row label: the label and the title, wrapped at `LABEL_WIDTH` characters."""
    start: dt.date
    end: dt.date
    """The last day of work."""
    finish: dt.date
    """The day after the last one: where the bar ends on a time axis."""
    priority: Priority | None
    priority_computed: bool
    """True when the priority is computed from a survey rather than adopted by the CWS."""
    percent_complete: int
    """How much of the unit's work is done (its least advanced open member), 0 to 100."""
    critical: bool
    on_critical_path: bool
    """One of the chain of units that sets the end of the plan (`Plan.critical_path`)."""
    session: DatedSession | None
    """The first CWS session after it ends: where its result can first be reported."""
    depends_on: tuple[str, ...]
    position: int
    """Its place in the priority order, 1-based."""
    slack: int
    """Months it can slip without delaying the end of the plan."""
    assumed: tuple[str, ...]
    """What its dates rest on that is assumed (`schedule.ASSUMPTION_LABELS`)."""
    status_known: bool = True
    """False when the data records no status for one of its open members: the chart must not
    show it as work not started (it is drawn hatched, "status not known")."""


@dataclass(frozen=True, slots=True)
class Section:
    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A dependency: ``after`` cannot start before ``before`` has finished."""

    before: str
    after: str
    critical: bool
    """Both ends are on the critical path, one after the other."""


@dataclass(frozen=True, slots=True)
class GanttView:
    """A plan ready to be drawn."""

    title: str
    as_of: dt.date
    start: dt.date
    """The first day of the axis: the start of a quarter."""
    end: dt.date
    """The day after the axis ends: the start of a quarter."""
    sections: tuple[Section, ...]
    links: tuple[Link, ...]
    sessions: tuple[DatedSession, ...]
    """The CWS sessions that start inside the axis range, in order."""
    critical_path: tuple[str, ...]
    """Unit ids, first to last."""
    plan_start: dt.date
    plan_start_assumed: bool
    plan_end: dt.date
    priorities: tuple[Priority | None, ...]
    """The priorities that occur, in legend order (high, medium, low, none)."""
    has_computed_priority: bool
    notes: tuple[str, ...]
    """What the plan rests on that is assumed, one sentence each."""
    not_scheduled: tuple[str, ...]
    """Recommendations left out because they are done or dropped, e.g. ``done: R01, R02``."""
    group_by: GroupBy

    @property
    def bars(self) -> tuple[Bar, ...]:
        """Every bar, top to bottom."""
        return tuple(bar for section in self.sections for bar in section.bars)

    @property
    def has_assumed_session(self) -> bool:
        return any(session.assumed for session in self.sessions)

    @property
    def has_unknown_status(self) -> bool:
        return any(not bar.status_known for bar in self.bars)


MAX_BARS = 80
"""Bars drawn at most: the first units of the priority order. A chart of thousands of bars is
unreadable and takes minutes and gigabytes to draw; the title says how many are shown."""


def gantt_view(
    project: Project, plan: Plan, *, as_of: dt.date, group_by: GroupBy = GroupBy.GROUP
) -> GanttView:
    """The chart of ``plan`` (made from ``project``), with its as-of line on ``as_of``."""
    from roadmap_cli.planning import Source
    from roadmap_cli.views.plan import assumption_notes

    critical_path = set(plan.critical_path)
    slots = plan.slots[:MAX_BARS]
    bars = [_bar(project, slot, slot.unit.id in critical_path) for slot in slots]
    sections = _sections(project, {s.unit.id: s.unit for s in slots}, bars, group_by)
    ids = {bar.id for bar in bars}
    critical_links = {pair for chain in plan.critical_chains for pair in itertools.pairwise(chain)}
    links = tuple(
        Link(before, bar.id, (before, bar.id) in critical_links)
        for bar in sorted(bars, key=lambda b: b.position)
        for before in bar.depends_on
        if before in ids
    )
    first = min([as_of, *(bar.start for bar in bars)])
    last = max([as_of, *(bar.finish for bar in bars)])
    start, end = _quarter_start(first), _next_quarter_start(last)
    sessions = tuple(
        s for s in dated_sessions(project.sessions, through=end) if start <= s.start < end
    )
    inp = plan.input
    return GanttView(
        title=f"CWS Task No. 58 strategic roadmap: the planned work as of {as_of.isoformat()}"
        + (
            f" (the first {MAX_BARS} of {len(plan.slots):,} units in the priority order; the "
            "schedule table holds them all)"
            if len(plan.slots) > MAX_BARS
            else ""
        ),
        as_of=as_of,
        start=start,
        end=end,
        sections=sections,
        links=links,
        sessions=sessions,
        critical_path=plan.critical_path,
        plan_start=inp.calendar.start,
        plan_start_assumed=inp.start_source is Source.ASSUMED,
        plan_end=plan.end_date,
        priorities=tuple(p for p in PRIORITY_ORDER if any(b.priority is p for b in bars)),
        has_computed_priority=any(bar.priority_computed for bar in bars),
        notes=tuple(assumption_notes(plan, shown=sessions)),
        not_scheduled=_not_scheduled(plan),
        group_by=group_by,
    )


def _bar(project: Project, slot: Slot, on_path: bool) -> Bar:
    unit = slot.unit
    open_members = [
        project.recommendations_by_id[m]
        for m in unit.members
        if project.recommendations_by_id[m].status is not Status.DONE
    ]
    percent = min((m.percent_complete or 0 for m in open_members), default=0)
    return Bar(
        id=unit.id,
        label=unit.label,
        title=unit.title,
        lines=wrap_label(unit.label, unit.title),
        start=slot.start_date,
        end=slot.end_date,
        finish=slot.end_date + dt.timedelta(days=1),
        priority=unit.priority,
        priority_computed=unit.priority_source == "computed",
        percent_complete=percent,
        critical=slot.critical,
        on_critical_path=on_path,
        session=slot.session,
        depends_on=unit.depends_on,
        position=slot.position,
        slack=slot.slack,
        assumed=slot.assumed,
        status_known=all(m.status is not None for m in open_members),
    )


def wrap_label(label: str, title: str | None, width: int = LABEL_WIDTH) -> tuple[str, ...]:
    """``R09 Sharing information ...`` on lines of at most ``width`` characters; nothing is cut
    (a single word longer than a line is split across lines)."""
    text = f"{label}  {title}" if title else label
    return tuple(textwrap.wrap(text, width=width, break_on_hyphens=False)) or (label,)


def _sections(
    project: Project, units: Mapping[str, Unit], bars: list[Bar], group_by: GroupBy
) -> tuple[Section, ...]:
    owners = _owner_names(project)
    keyed: dict[tuple[int, str], list[Bar]] = {}
    for bar in bars:
        key = _section_key(project, units[bar.id], owners, bar, group_by)
        keyed.setdefault(key, []).append(bar)
    return tuple(
        Section(label, tuple(sorted(members, key=lambda b: (b.start, b.position))))
        for (_, label), members in sorted(keyed.items())
    )


def _section_key(
    project: Project, unit: Unit, owners: Mapping[str, str], bar: Bar, group_by: GroupBy
) -> tuple[int, str]:
    """(sort position, heading) of the section a bar belongs to."""
    if group_by is GroupBy.GROUP:
        groups = [project.recommendations_by_id[m].group for m in unit.members]
        known = sorted(int(g) for g in groups if g is not None)
        return (known[0], f"Group {Group(known[0])}") if known else (9, "Group not known")
    if group_by is GroupBy.PRIORITY:
        position = PRIORITY_ORDER.index(bar.priority)
        word = bar.priority.value.capitalize() if bar.priority else "No"
        return position, f"{word} priority"
    if group_by is GroupBy.OWNER:
        owner = unit.owner
        return (1, owners.get(owner, owner)) if owner else (2, "No owner")
    return 0, "All work"


def _owner_names(project: Project) -> Mapping[str, str]:
    owners = project.planning.owners if project.planning else ()
    return {owner.id: owner.name for owner in owners}


def _not_scheduled(plan: Plan) -> tuple[str, ...]:
    by_status: dict[str, list[str]] = {}
    for item in plan.input.settled:
        by_status.setdefault(item.status.value, []).append(item.recommendation)
    return tuple(f"{status}: {', '.join(ids)}" for status, ids in sorted(by_status.items()))


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_quarter_start(day: dt.date) -> dt.date:
    """The first quarter start after ``day`` (``day`` itself when it starts a quarter)."""
    start = _quarter_start(day)
    if start == day:
        return day
    month = start.month + 3
    return dt.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)


def quarters(start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """The first day of every quarter from ``start`` (a quarter start) up to ``end``."""
    days = [start]
    while (following := _next_quarter_start(days[-1] + dt.timedelta(days=1))) <= end:
        days.append(following)
    return tuple(days)


def chart_description(view: GanttView) -> str:
    """What the chart shows, in words: the ``<desc>`` of its SVG."""
    bars = view.bars
    sessions = ", ".join(s.id + ("*" if s.assumed else "") for s in view.sessions)
    unknown = sum(not bar.status_known for bar in bars)
    return (
        f"Gantt chart of {len(bars)} units of work in {len(view.sections)} sections "
        f"({'; '.join(section.label for section in view.sections)}), on a time axis from "
        f"{view.start} to {view.end}: each bar runs from the first to the last day of work, "
        f"coloured by priority. {len(view.links)} arrows link a prerequisite to the work that "
        f"waits on it. Vertical lines mark the as-of day ({view.as_of})"
        + (f" and the CWS sessions {sessions} (* dates assumed)" if sessions else "")
        + f". The plan ends {view.plan_end}."
        + (f" The status of {unknown} of them is not known (hatched bars)." if unknown else "")
        + " The schedule table gives the same dates as text."
    )
