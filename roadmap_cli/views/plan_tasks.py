"""The open work as another planner takes it in: tasks, owners and capacities, format-free.

`roadmap export` hands the plan to a peer planner (TaskJuggler, `render.tjp`). What it hands
over is the planner's *input*, resolved as roadmap-cli's own planner resolves it: the months
left, owners and capacities, the dependencies between units, the first day each unit may start
(roadmap-cli plans in whole months from the plan start, so that is the first plan month on or
after the as-of day or the unit's ``not_before``), deadlines and the priority order. Never the
dates roadmap-cli computed, so the peer plans the work itself; the one exception is the
horizon, for a peer that needs an end for its calendar: the end of roadmap-cli's plan with a
margin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmap_cli.model import Priority, Project, Status
from roadmap_cli.planning import Milestone, Source
from roadmap_cli.schedule import Plan

HORIZON_MARGIN_DAYS = 366
"""Days added to the horizon beyond a tenth of the plan's span, for a peer that counts time
differently and ends a little later than roadmap-cli."""


@dataclass(frozen=True, slots=True)
class PlanTask:
    """One unit of open work, as roadmap-cli's planner takes it."""

    id: str
    """The unit's id: a recommendation's, or a work item's."""
    label: str
    """How people name it: ``R09``, or a work item's members, ``R04+R18``."""
    title: str | None
    position: int
    """Its place in roadmap-cli's priority order, 1-based: the order in which units are given
    their owner's places."""
    months: int
    """Months of work still to do."""
    effort_months: int
    owner: str | None
    depends_on: tuple[str, ...]
    """Ids of the open units that must end before it starts."""
    priority: Priority | None
    in_progress: bool
    release: dt.date
    """The first day it may start: the first plan month on or after the as-of day, or after
    its ``not_before``."""
    not_before: Milestone | None
    """The ``not_before`` that sets ``release``; None when the as-of day (or plan start) does."""
    deadline: Milestone | None
    """The last day it may end (``date``)."""
    assumed: tuple[str, ...]
    """Which of its inputs are planning assumptions: ``effort``, ``owner``."""


@dataclass(frozen=True, slots=True)
class PlanOwner:
    """An owner whose capacity is limited: how many units it runs at once."""

    id: str
    name: str
    capacity: int
    capacity_assumed: bool


@dataclass(frozen=True, slots=True)
class PlanTasks:
    """The open work of a plan, ready for a peer planner."""

    title: str
    as_of: dt.date
    """The day the plan is made as of: the peer's start and "now"."""
    plan_start: dt.date
    plan_start_assumed: bool
    work_start: dt.date
    """The first day any work may start: the first plan month on or after the as-of day, or
    the plan start when that is later."""
    horizon: dt.date
    """A day by which every unit has surely ended (roadmap-cli's end with a margin)."""
    tasks: tuple[PlanTask, ...]
    """In roadmap-cli's priority order."""
    owners: tuple[PlanOwner, ...]
    """The owners whose capacity is limited, by id; the others run any number at once."""
    settled: tuple[tuple[str, Status], ...]
    """The recommendations that are not scheduled (done, dropped), in the data's order."""


def plan_tasks(project: Project, plan: Plan) -> PlanTasks:
    """The open work of ``plan`` (made from ``project``) as tasks for a peer planner."""
    inp = plan.input
    calendar = inp.calendar
    names = {o.id: o.name for o in project.planning.owners} if project.planning else {}
    work_start = calendar.date_of(inp.first_month)
    tasks = tuple(
        PlanTask(
            id=slot.unit.id,
            label=slot.unit.label,
            title=slot.unit.title,
            position=slot.position,
            months=slot.unit.months,
            effort_months=slot.unit.effort_months,
            owner=slot.unit.owner,
            depends_on=slot.unit.depends_on,
            priority=slot.unit.priority,
            in_progress=slot.unit.in_progress,
            release=calendar.date_of(slot.unit.release),
            not_before=slot.unit.not_before if slot.unit.release > inp.first_month else None,
            deadline=slot.unit.deadline,
            assumed=tuple(label for label in ("effort", "owner") if label in slot.assumed),
        )
        for slot in plan.slots
    )
    span = (plan.end_date - plan.as_of).days
    return PlanTasks(
        title="CWS Task No. 58 strategic roadmap",
        as_of=plan.as_of,
        plan_start=calendar.start,
        plan_start_assumed=inp.start_source is Source.ASSUMED,
        work_start=work_start,
        horizon=max(work_start, plan.end_date)
        + dt.timedelta(days=max(span, 0) // 10 + HORIZON_MARGIN_DAYS),
        tasks=tasks,
        owners=tuple(
            PlanOwner(
                owner,
                names.get(owner, owner),
                capacity,
                inp.capacity_sources.get(owner) is Source.ASSUMED,
            )
            for owner, capacity in sorted(inp.capacities.items())
            if capacity is not None
        ),
        settled=tuple((s.recommendation, s.status) for s in inp.settled),
    )
