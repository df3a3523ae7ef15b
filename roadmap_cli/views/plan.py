"""What the planning commands say: `schedule`, `why` and `next`, as format-free values.

Each function takes a core value (`schedule.Plan`, `schedule.Explanation`, `schedule.NextUp`)
and returns the rows and sentences a reader sees; `render.terminal` draws the tables and
`render.json` writes the same values for tools. Everything that rests on an assumption says so:
per row in JSON (the ``assumed`` list) and `roadmap why`, and in a footer that names the
assumed values and where they are set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from roadmap_cli.calendar import DatedSession
from roadmap_cli.graph import OrderKey
from roadmap_cli.model import Priority
from roadmap_cli.planning import PlanInput, Settled, Source, Unit
from roadmap_cli.schedule import (
    Explanation,
    Neighbour,
    NextUp,
    Plan,
    Slot,
    Startable,
    StartReason,
    assumed_labels,
    busy_with,
)
from roadmap_cli.views.words import DASH, STATUS_NOT_KNOWN, value_of

if TYPE_CHECKING:
    from roadmap_cli.priorities import PriorityReport

SCHEDULE_COLUMNS = (
    "#",
    "ID",
    "Title",
    "Priority",
    "Start",
    "End",
    "Slack (months)",
    "Critical",
    "Session",
)
"""The headers of `roadmap schedule`'s table; Title only on wide terminals."""


@dataclass(frozen=True, slots=True)
class PlanDocument:
    """What ``roadmap.json`` holds: the plan as of a day, and the priorities of the survey shown."""

    as_of: dt.date
    plan: Plan
    priorities: PriorityReport | None


# ---- roadmap schedule ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScheduleView:
    """`roadmap schedule` for people: the table, then the notes under it."""

    title: str
    titles: bool
    """Whether the Title column is shown (not on narrow terminals)."""
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    """One per unit, in the order, a cell per column."""
    critical_path: str | None
    """``R37 -> R40 (ends 2031-06-30)``; None when nothing is critical."""
    not_scheduled: str | None
    scenario: str | None
    assumed: tuple[str, ...]
    """The assumed values, one line each (`assumption_notes`)."""
    assumed_legend: str = (
        "Every date above rests on these assumptions; * after a session: its dates are "
        "assumed. `roadmap why ID` names the assumptions of one unit."
    )
    status_note: str | None = None
    """Which units have no recorded status (`status_note`); None when every one has."""
    slack_note: str = (
        "Slack counts dependencies only: the months a unit can slip before the plan's "
        "end slips, if its owner has a free place then."
    )


def schedule_view(plan: Plan, *, titles: bool = True) -> ScheduleView:
    """The order and timeline; ``titles=False`` leaves the Title column out (narrow terminals)."""
    inp = plan.input
    rows = tuple(
        (
            str(slot.position),
            slot.unit.label,
            *((slot.unit.title or DASH,) if titles else ()),
            _priority_label(plan, slot),
            slot.start_date.isoformat(),
            slot.end_date.isoformat(),
            str(slot.slack),
            "yes" if slot.critical else "no",
            _session_label(slot),
        )
        for slot in plan.slots
    )
    return ScheduleView(
        title=(
            f"As of {plan.as_of}: {len(plan.slots)} units of work, plan start "
            f"{inp.calendar.start}{_source_note(inp.start_source)}, done by {plan.end_date}"
        ),
        titles=titles,
        columns=tuple(c for c in SCHEDULE_COLUMNS if titles or c != "Title"),
        rows=rows,
        critical_path=critical_path_text(plan),
        not_scheduled=_settled_text(inp.settled) if inp.settled else None,
        scenario=inp.scenario_note or None,
        assumed=tuple(assumption_notes(plan)),
        status_note=status_note([slot.unit for slot in plan.slots]),
    )


def status_note(units: list[Unit]) -> str | None:
    """``Status not known: R01, R02 (planned as though not started).``; None when every unit's
    status is recorded."""
    unknown = [u.label for u in units if u.status is None and not u.in_progress]
    if not unknown:
        return None
    which = f"all {len(units)} units" if len(unknown) == len(units) else ", ".join(unknown)
    return (
        f"{STATUS_NOT_KNOWN.capitalize()} for {which}: planned as though not started "
        "(record a status in recommendations.yaml)."
    )


def critical_path_text(plan: Plan) -> str | None:
    """Every critical unit, as the chains that end the plan: ``R01 -> R37; R40 (ends
    2031-11-30)``; a critical unit on no such chain is named after them. None: none."""
    if not plan.critical_path:
        return None
    chains = [" -> ".join(_labels(plan, chain)) for chain in plan.critical_chains]
    on_chains = {unit for chain in plan.critical_chains for unit in chain}
    others = [u for u in plan.critical_path if u not in on_chains]
    parts = chains + ([", ".join(_labels(plan, others))] if others else [])
    return f"{'; '.join(parts)} (ends {plan.end_date})"


def assumption_notes(plan: Plan, *, shown: Iterable[DatedSession] = ()) -> list[str]:
    """The assumed values the plan rests on, one line each, for footers; the assumed session
    dates are those of the sessions the work is reported at and of the sessions ``shown`` (a
    chart's), so every session drawn with a * is listed."""
    inp = plan.input
    units = [s.unit for s in plan.slots]
    notes = []
    if inp.start_source is Source.ASSUMED:
        notes.append(f"plan start {inp.calendar.start} (planning.yaml)")
    defaults = (
        (
            "effort",
            [f"{u.effort_months} months" for u in units if u.effort_source is Source.ASSUMED],
        ),
        ("owner", [u.owner or DASH for u in units if u.owner_source is Source.ASSUMED]),
    )
    for label, values in defaults:
        if values:
            notes.append(
                f"{label} of {len(values)} of {len(units)} units: "
                f"{', '.join(sorted(set(values)))} by default (planning.yaml)"
            )
    capacities = [
        f"{owner} {cap} at once"
        for owner, cap in sorted(inp.capacities.items())
        if cap is not None and inp.capacity_sources[owner] is Source.ASSUMED
    ]
    if capacities:
        notes.append(f"capacity: {'; '.join(capacities)} (planning.yaml)")
    sessions = sorted(
        {s.session.id for s in plan.slots if s.session and s.session.assumed}
        | {s.id for s in shown if s.assumed},
        key=lambda i: int(i.removeprefix("CWS/")),
    )
    if sessions:
        notes.append(
            f"dates of {', '.join(sessions)}: not announced, assumed (sessions.yaml; a session "
            "without dates is taken to fall a year after the one before, Monday to Friday)"
        )
    return notes


def _source_note(source: Source) -> str:
    return {
        Source.ASSUMED: " (assumed)",
        Source.SCENARIO: " (scenario)",
        Source.OPTION: " (--start)",
        Source.DATA: "",
    }[source]


def _labels(plan: Plan, unit_ids: tuple[str, ...] | list[str]) -> list[str]:
    by_id = plan.slot_by_id()
    return [by_id[u].unit.label for u in unit_ids]


def _priority_label(plan: Plan, slot: Slot) -> str:
    key = plan.ordering.entries[slot.position - 1].key
    own = _priority_word(slot.unit.priority, slot.unit.priority_source)
    if key.inherited != key.own:
        return f"{own} (inherits {value_of(key.inherited)})"
    return own


def _priority_word(priority: Priority | None, source: str | None) -> str:
    if priority is None:
        return DASH
    return priority.value + (" (survey)" if source == "computed" else "")


def _session_label(slot: Slot) -> str:
    if slot.session is None:
        return DASH
    return slot.session.id + ("*" if slot.session.assumed else "")


def _settled_text(settled: tuple[Settled, ...]) -> str:
    by_status: dict[str, list[str]] = {}
    for item in settled:
        by_status.setdefault(item.status.value, []).append(item.recommendation)
    return "; ".join(f"{status}: {', '.join(ids)}" for status, ids in sorted(by_status.items()))


# ---- roadmap why ---------------------------------------------------------------------------


def settled_text(settled: Settled) -> str:
    return f"{settled.recommendation} is {settled.status.value}: it is not scheduled."


def explanation_lines(plan: Plan, why: Explanation) -> list[str]:
    """`roadmap why` as sentences: when it starts and why, then where it sits and why."""
    slot, unit = why.slot, why.slot.unit
    lines = [f"{unit.label}: {unit.title or 'title not known'}"]
    if unit.members != (unit.id,):
        others = ", ".join(m for m in unit.members if m != why.asked)
        lines.append(f"{why.asked} is scheduled with {others} as one work item ({unit.id}).")
    session = (
        f"first reported at {_session_label(slot)} ({slot.session.start})"
        if slot.session
        else "no session after it in the calendar"
    )
    lines.append(
        f"Scheduled {slot.position} of {len(plan.slots)}, as of {plan.as_of}: {slot.start_date} "
        f"to {slot.end_date} ({unit.months} months of {unit.effort_months}); {session}."
    )
    if unit.status is None and not unit.in_progress:
        lines.append("Status: not known; it is planned as though not started.")
    elif unit.status is not None:
        lines.append(f"Status: {unit.status.value}.")
    lines.append("Why it starts then: " + _start_sentence(plan, why))
    critical = (
        "critical: any delay delays the end of the plan." if slot.critical else "not critical."
    )
    lines.append(f"Slack: {slot.slack} months (dependencies only); {critical}")
    lines.append("Why it sits there: " + _order_sentence(plan, why))
    lines += [f"  {_neighbour_sentence(plan, why, n)}" for n in why.neighbours]
    if slot.assumed:
        lines.append(f"Assumed: {', '.join(slot.assumed)} (see planning.yaml and sessions.yaml).")
    return lines


def _start_sentence(plan: Plan, why: Explanation) -> str:
    slot = why.slot
    if slot.reason is StartReason.DEPENDENCY:
        chain = " -> ".join(s.unit.label for s in why.chain)
        head, binding = why.chain[0], why.chain[-2]
        return (
            f"it waits for {binding.unit.label}, which ends {binding.end_date} "
            f"(binding chain {chain}; {head.unit.label} {_head_reason(plan, head)})."
        )
    return f"it {_head_reason(plan, slot)}."


def _head_reason(plan: Plan, slot: Slot) -> str:
    """Why the first unit of a binding chain starts when it does (not a dependency)."""
    inp, unit = plan.input, slot.unit
    if slot.reason is StartReason.NOT_BEFORE and unit.not_before:
        nb = unit.not_before
        assumed = ", session date assumed" if nb.assumed else ""
        return f"cannot start before {nb.text} ({nb.date}{assumed}; its not_before)"
    if slot.reason is StartReason.CAPACITY and slot.blocked_month is not None:
        owner = unit.owner or ""
        assumed = ", assumed" if inp.capacity_sources.get(owner) is Source.ASSUMED else ""
        busy = ", ".join(_labels(plan, busy_with(plan, slot)))
        return (
            f"waits for a free place: {owner} runs {inp.capacities.get(owner)} at once{assumed}, "
            f"and in {inp.calendar.date_of(slot.blocked_month):%Y-%m} it runs {busy} (earlier "
            f"in the order); without that limit it would start "
            f"{inp.calendar.date_of(slot.earliest_start)}"
        )
    if slot.reason is StartReason.AS_OF:
        return (
            f"starts when the remaining work does, {slot.start_date} (the first month from the "
            f"as-of day, {plan.as_of})"
        )
    return f"starts at the plan start, {slot.start_date}{_source_note(inp.start_source)}"


def _order_sentence(plan: Plan, why: Explanation) -> str:
    key, unit, calendar = why.ordered.key, why.slot.unit, plan.input.calendar
    own = _priority_word(unit.priority, unit.priority_source).replace(DASH, "none")
    parts = [f"priority {own}" + (" (adopted)" if unit.priority_source == "adopted" else "")]
    if len(why.inheritance) > 1:
        path = _labels(plan, why.inheritance)
        parts.append(f"inherits {value_of(key.inherited)} from {path[-1]} ({' -> '.join(path)})")
    deadline = f"deadline {unit.deadline.text if unit.deadline else 'none'}"
    if key.due is not None and key.due != unit.due:
        deadline += f", must end by {calendar.end_of(key.due)} for what waits on it"
    parts.append(deadline)
    parts.append(f"{key.tail_months} months of work on the longest chain from it")
    if key.in_progress:
        parts.append("already in progress")
    return "; ".join(parts) + "."


def _neighbour_sentence(plan: Plan, why: Explanation, other: Neighbour) -> str:
    other_entry = plan.ordering.entries[other.position - 1]
    label = other_entry.unit.label
    where = f"{'after' if other.before else 'before'} {label} ({other.position})"
    if not other.competed:
        return f"{where}: " + (
            f"it depends on {label}." if other.before else f"{label} depends on it."
        )
    first_key = other_entry.key if other.before else why.ordered.key
    second_key = why.ordered.key if other.before else other_entry.key
    winner = label if other.before else why.slot.unit.label
    name = other.decided_by or "id"
    return (
        f"{where}: both were available; {winner} goes first on {name} "
        f"({_key_part(first_key, name, plan)} vs {_key_part(second_key, name, plan)})."
    )


def _key_part(key: OrderKey, name: str, plan: Plan) -> str:
    if name == "work in progress":
        return "in progress" if key.in_progress else "not started"
    if name == "inherited priority":
        return value_of(key.inherited) or "none"
    if name == "deadline":
        return "none" if key.due is None else f"end by {plan.input.calendar.end_of(key.due)}"
    if name == "work waiting on it":
        return f"{key.tail_months} months"
    if name == "own priority":
        return value_of(key.own) or "none"
    return key.sort_id[1]  # the id (a work item sorts as its first member)


# ---- roadmap next --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NextView:
    """`roadmap next` for people: what can start, by priority, and what holds the rest."""

    title: str
    rows: tuple[tuple[str, ...], ...]
    """#, ID, Title, Priority, Owner, Fits now."""
    in_progress: str | None
    waiting: str
    assumed: str | None
    status_note: str | None = None


def next_view(view: NextUp) -> NextView:
    rows = []
    for item in view.startable:
        unit = item.ordered.unit
        fits = "yes" if item.fits else _held_text(view, item)
        rows.append(
            (
                str(item.ordered.position),
                unit.label,
                unit.title or DASH,
                _priority_word(unit.priority, unit.priority_source),
                unit.owner or DASH,
                fits,
            )
        )
    notes = next_assumptions(view)
    return NextView(
        title=f"Can start on {view.as_of}, by priority",
        rows=tuple(rows),
        in_progress=", ".join(e.unit.label for e in view.in_progress) or None,
        waiting=f"{view.waiting} more wait for a prerequisite or their not_before date.",
        assumed="Assumed: " + "; ".join(notes) if notes else None,
        status_note=status_note([i.ordered.unit for i in view.startable]),
    )


def _held_text(view: NextUp, item: Startable) -> str:
    """``no: task-force's 4 places are taken by R04+R18, R06, R09, R12+R15``."""
    owner = item.ordered.unit.owner or ""
    capacity = view.input.capacities.get(owner)
    places = "place is" if capacity == 1 else "places are"
    return f"no: {owner}'s {capacity} {places} taken by {', '.join(item.held_by)}"


def next_assumed(unit: Unit, inp: PlanInput) -> tuple[str, ...]:
    """What starting now rests on: who owns it, the owner's capacity, the not_before date."""
    relevant = ("owner", "capacity", "not_before date")
    return tuple(a for a in assumed_labels(unit, inp, None) if a in relevant)


def next_assumptions(view: NextUp) -> list[str]:
    """The assumptions behind the list, one phrase each."""
    inp = view.input
    labels = {a for i in view.startable for a in next_assumed(i.ordered.unit, inp)}
    notes = []
    if "owner" in labels:
        notes.append("owners by default (planning.yaml)")
    owners = sorted(
        {
            i.ordered.unit.owner or ""
            for i in view.startable
            if "capacity" in next_assumed(i.ordered.unit, inp)
        }
    )
    if owners:
        notes.append(
            "capacity of " + ", ".join(f"{o} ({inp.capacities[o]} at once)" for o in owners)
        )
    if "not_before date" in labels:
        notes.append("some not_before dates (sessions not yet announced)")
    return notes
