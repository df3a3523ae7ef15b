"""What the planning commands print: `schedule`, `why` and `next`, as rich renderables or JSON.

Each function takes a core value (`schedule.Plan`, `schedule.Explanation`, `schedule.NextUp`)
and returns a renderable or a JSON-ready object; the CLI prints it. Everything that rests on an
assumption says so: per row (the Assumed column, the ``assumed`` list in JSON) and in a footer
that names the assumed values and where they are set.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from roadmap_cli.graph import OrderKey
from roadmap_cli.model import Priority
from roadmap_cli.planning import PlanInput, Settled, Source, Unit
from roadmap_cli.schedule import (
    ASSUMPTION_LABELS,
    Explanation,
    Neighbour,
    NextUp,
    Plan,
    Slot,
    StartReason,
    assumed_labels,
    busy_with,
)
from roadmap_cli.views.words import DASH

ASSUMPTION_CODES = dict(zip(ASSUMPTION_LABELS, ("p", "e", "o", "c", "n", "d", "s"), strict=True))
"""One letter per assumption for the table's Assumed column (the plan start shows in the title)."""


# ---- roadmap schedule ----------------------------------------------------------------------


def schedule_json(plan: Plan) -> list[dict[str, Any]]:
    """One object per scheduled unit, in the order; dates are ISO, durations whole months."""
    return [_slot_json(plan, slot) for slot in plan.slots]


def _slot_json(plan: Plan, slot: Slot) -> dict[str, Any]:
    unit, calendar = slot.unit, plan.input.calendar
    ordered = plan.ordering.entries[slot.position - 1]
    return {
        "order": slot.position,
        "id": unit.id,
        "recommendations": list(unit.members),
        "title": unit.title,
        "priority": _value(unit.priority),
        "priority_source": unit.priority_source,
        "inherited_priority": _value(ordered.key.inherited),
        "inherited_from": ordered.inherited_from,
        "owner": unit.owner,
        "effort_months": unit.effort_months,
        "remaining_months": unit.months,
        "start": slot.start_date.isoformat(),
        "end": slot.end_date.isoformat(),
        "earliest_start": calendar.date_of(slot.earliest_start).isoformat(),
        "latest_start": calendar.date_of(slot.latest_start).isoformat(),
        "latest_end": calendar.end_of(slot.latest_finish).isoformat(),
        "slack_months": slot.slack,
        "critical": slot.critical,
        "start_reason": slot.reason.value,
        "waits_for": slot.binding,
        "capacity_delay_months": slot.capacity_delay,
        "session": slot.session.id if slot.session else None,
        "session_start": slot.session.start.isoformat() if slot.session else None,
        "not_before": unit.not_before.text if unit.not_before else None,
        "deadline": unit.deadline.text if unit.deadline else None,
        "deadline_met": None if unit.due is None else slot.finish <= unit.due,
        "assumed": list(slot.assumed),
    }


def schedule_table(plan: Plan, *, titles: bool = True) -> RenderableType:
    """The order and timeline; ``titles=False`` leaves the Title column out (narrow terminals)."""
    inp = plan.input
    title = (
        f"{len(plan.slots)} units of work from {inp.calendar.start}"
        f"{_source_note(inp.start_source)}, done by {plan.end_date}"
    )
    table = Table(
        box=box.SIMPLE_HEAD,
        title=title,
        title_justify="left",
        pad_edge=False,
        collapse_padding=True,
    )
    # Only Title and Priority wrap; the other columns keep their width on narrow terminals.
    widths = {"Start": 10, "End": 10, "Slack": 5, "Crit.": 5, "Session": 7, "Assumed": 7}
    for header in ("#", "ID", *(("Title",) if titles else ()), "Priority", *widths):
        table.add_column(
            header,
            justify="right" if header in ("#", "Slack") else "left",
            no_wrap=header not in ("Title", "Priority"),
            overflow="fold",
            min_width=widths.get(header, 6 if header == "Priority" else None),
            max_width=48 if header == "Title" else None,
        )
    for slot in plan.slots:
        table.add_row(
            str(slot.position),
            slot.unit.label,
            *((slot.unit.title or DASH,) if titles else ()),
            _priority_label(plan, slot),
            slot.start_date.isoformat(),
            slot.end_date.isoformat(),
            str(slot.slack),
            "yes" if slot.critical else "",
            _session_label(slot),
            "".join(ASSUMPTION_CODES[a] for a in slot.assumed if a != "plan start"),
        )
    return RenderGroup(table, *_plan_footer(plan))


def _plan_footer(plan: Plan) -> list[RenderableType]:
    inp = plan.input
    lines: list[RenderableType] = []
    if plan.critical_path:
        lines.append(
            Text.assemble(
                ("Critical path: ", "bold"),
                " -> ".join(_labels(plan, plan.critical_path)),
                f" (ends {plan.end_date})",
            )
        )
    lines.append(
        Text(
            "Slack counts dependencies only: the months a unit can slip before the plan's "
            "end slips, if its owner has a free place then.",
            style="dim",
        )
    )
    if inp.settled:
        lines.append(Text.assemble(("Not scheduled: ", "bold"), _settled_text(inp.settled)))
    if inp.scenario_note:
        lines.append(Text.assemble(("Scenario: ", "bold"), inp.scenario_note))
    assumed = assumption_notes(plan)
    if assumed:
        lines.append(
            Text("Assumed (planning assumptions, not decisions of the CWS):", style="bold yellow")
        )
        lines += [Text(f"  {note}", style="yellow") for note in assumed]
        lines.append(
            Text(
                "  Assumed column: "
                + ", ".join(
                    f"{code} = {label}"
                    for label, code in ASSUMPTION_CODES.items()
                    if label != "plan start"
                )
                + "; * after a session: its dates are assumed.",
                style="yellow",
            )
        )
    return lines


def assumption_notes(plan: Plan) -> list[str]:
    """The assumed values the plan rests on, one line each, for footers."""
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
        {s.session.id for s in plan.slots if s.session and s.session.assumed},
        key=lambda i: int(i.removeprefix("CWS/")),
    )
    if sessions:
        notes.append(
            f"dates of {', '.join(sessions)}: not announced, assumed (sessions.yaml; a session "
            "without dates is taken to fall a year after the one before)"
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


def _value(value: object) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def _priority_label(plan: Plan, slot: Slot) -> str:
    key = plan.ordering.entries[slot.position - 1].key
    own = _priority_word(slot.unit.priority, slot.unit.priority_source)
    if key.inherited != key.own:
        return f"{own} (inherits {_value(key.inherited)})"
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
        f"Scheduled {slot.position} of {len(plan.slots)}: {slot.start_date} to {slot.end_date} "
        f"({unit.months} months of {unit.effort_months}); {session}."
    )
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
        return f"starts when the remaining work does, {slot.start_date} (--as-of)"
    return f"starts at the plan start, {slot.start_date}{_source_note(inp.start_source)}"


def _order_sentence(plan: Plan, why: Explanation) -> str:
    key, unit, calendar = why.ordered.key, why.slot.unit, plan.input.calendar
    own = _priority_word(unit.priority, unit.priority_source).replace(DASH, "none")
    parts = [f"priority {own}" + (" (adopted)" if unit.priority_source == "adopted" else "")]
    if len(why.inheritance) > 1:
        path = _labels(plan, why.inheritance)
        parts.append(f"inherits {_value(key.inherited)} from {path[-1]} ({' -> '.join(path)})")
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
        return _value(key.inherited) or "none"
    if name == "deadline":
        return "none" if key.due is None else f"end by {plan.input.calendar.end_of(key.due)}"
    if name == "work waiting on it":
        return f"{key.tail_months} months"
    if name == "own priority":
        return _value(key.own) or "none"
    return key.sort_id[1]  # the id (a work item sorts as its first member)


# ---- roadmap next --------------------------------------------------------------------------


def next_table(view: NextUp) -> RenderableType:
    table = Table(
        box=box.SIMPLE_HEAD, title=f"Can start on {view.as_of}, by priority", title_justify="left"
    )
    for header in ("#", "ID", "Title", "Priority", "Owner", "Fits now"):
        table.add_column(header, overflow="fold")
    for item in view.startable:
        unit = item.ordered.unit
        fits = "yes" if item.fits else f"no: {unit.owner} has {item.free} free place(s)"
        table.add_row(
            str(item.ordered.position),
            unit.label,
            unit.title or DASH,
            _priority_word(unit.priority, unit.priority_source),
            unit.owner or DASH,
            fits,
        )
    lines: list[RenderableType] = [table]
    if view.in_progress:
        lines.append(
            Text.assemble(
                ("In progress: ", "bold"), ", ".join(e.unit.label for e in view.in_progress)
            )
        )
    lines.append(Text(f"{view.waiting} more wait for a prerequisite or their not_before date."))
    notes = next_assumptions(view)
    if notes:
        lines.append(Text("Assumed: " + "; ".join(notes), style="yellow"))
    return RenderGroup(*lines)


def _next_assumed(unit: Unit, inp: PlanInput) -> tuple[str, ...]:
    """What starting now rests on: who owns it, the owner's capacity, the not_before date."""
    relevant = ("owner", "capacity", "not_before date")
    return tuple(a for a in assumed_labels(unit, inp, None) if a in relevant)


def next_json(view: NextUp) -> dict[str, Any]:
    return {
        "as_of": view.as_of.isoformat(),
        "startable": [
            {
                "order": i.ordered.position,
                "id": i.ordered.unit.id,
                "recommendations": list(i.ordered.unit.members),
                "title": i.ordered.unit.title,
                "priority": _value(i.ordered.unit.priority),
                "owner": i.ordered.unit.owner,
                "owner_free_places": i.free,
                "fits": i.fits,
                "assumed": list(_next_assumed(i.ordered.unit, view.input)),
            }
            for i in view.startable
        ],
        "in_progress": [e.unit.id for e in view.in_progress],
        "waiting": view.waiting,
    }


def next_assumptions(view: NextUp) -> list[str]:
    """The assumptions behind the list, one phrase each."""
    inp = view.input
    labels = {a for i in view.startable for a in _next_assumed(i.ordered.unit, inp)}
    notes = []
    if "owner" in labels:
        notes.append("owners by default (planning.yaml)")
    owners = sorted(
        {
            i.ordered.unit.owner or ""
            for i in view.startable
            if "capacity" in _next_assumed(i.ordered.unit, inp)
        }
    )
    if owners:
        notes.append(
            "capacity of " + ", ".join(f"{o} ({inp.capacities[o]} at once)" for o in owners)
        )
    if "not_before date" in labels:
        notes.append("some not_before dates (sessions not yet announced)")
    return notes
