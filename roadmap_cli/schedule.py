"""The timeline: ordered units of work -> dated months, slack, critical path and target sessions.

Three steps, each a pure function of the one before:

1. **Critical path method** on the dependencies alone (`critical_path_method`): a forward pass
   gives each unit's earliest start and finish, a backward pass from the plan's end its latest
   ones; total slack is latest minus earliest start, and slack 0 is critical.
2. **Serial list scheduling** (`schedule_units`): units are placed one by one in the priority
   order (`graph.order_units`), each at the first month when its prerequisites are finished,
   its ``not_before`` has passed and its owner has a free place for all its months. Without
   capacity limits this gives exactly the CPM earliest dates. Slack and the critical path of
   the plan are then computed on the scheduled dates (the same backward pass): how many months
   a unit can slip before the end of the whole plan slips.
3. **Sessions and warnings**: each unit's results can first be reported at the first CWS
   session that starts after it ends (`calendar.dated_sessions`, assumed dates marked); a
   missed deadline, or a ``not_before`` that makes one impossible, is a warning naming the
   chain of dependencies that causes it.

`explain` answers `roadmap why`; `next_up` answers `roadmap next`. Time is in whole plan months
(`planning.MonthCalendar`): a unit occupies months ``start`` to ``finish - 1``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from roadmap_cli.calendar import DatedSession, dated_sessions
from roadmap_cli.graph import Ordered, Ordering, inheritance_path, order_units
from roadmap_cli.model import Project
from roadmap_cli.planning import (
    Finding,
    Milestone,
    PlanInput,
    PlanSettings,
    Settled,
    Source,
    Unit,
    plan_input,
)


class StartReason(enum.StrEnum):
    """What decides the month a unit starts."""

    PLAN_START = "plan-start"
    AS_OF = "as-of"
    """Nothing starts before the --as-of day."""
    NOT_BEFORE = "not-before"
    DEPENDENCY = "dependency"
    """It waits for a prerequisite (the binding one) to finish. Wins ties with the others."""
    CAPACITY = "capacity"
    """It could start earlier but its owner had no free place."""


ASSUMPTION_LABELS = (
    "plan start",
    "effort",
    "owner",
    "capacity",
    "not_before date",
    "deadline date",
    "session date",
)
"""What a scheduled unit's dates may rest on that is assumed, in the order they are listed."""


@dataclass(frozen=True, slots=True)
class Cpm:
    """One unit's critical path figures, on its dependencies alone (no capacity limit)."""

    unit: str
    earliest_start: int
    earliest_finish: int
    latest_start: int
    latest_finish: int
    binding: str | None = None
    """The prerequisite whose earliest finish sets the earliest start (the last to finish, when
    it finishes no earlier than the unit's release); None when the release sets it."""

    @property
    def slack(self) -> int:
        return self.latest_start - self.earliest_start

    @property
    def critical(self) -> bool:
        return self.slack == 0


@dataclass(frozen=True, slots=True)
class Slot:
    """A unit placed on the timeline."""

    position: int
    """Its place in the priority order, 1-based."""
    unit: Unit
    start: int
    """The plan month it starts."""
    finish: int
    """The plan month after its last one."""
    start_date: dt.date
    end_date: dt.date
    """Its last day (the day before ``finish`` begins)."""
    earliest_start: int
    """By the CPM on dependencies alone; ``start`` is later when capacity delays it."""
    latest_start: int
    """The latest start that does not delay the end of the plan (scheduled dates)."""
    latest_finish: int
    slack: int
    """Months it can slip without delaying the end of the plan."""
    critical: bool
    reason: StartReason
    binding: str | None
    """The prerequisite it waits for (``reason`` dependency), the one that finishes last."""
    blocked_month: int | None
    """A month its owner was full that kept it from starting a month earlier (``reason``
    capacity): what `roadmap why` names."""
    session: DatedSession | None
    """The first CWS session that starts after it ends: where its result can first be reported."""
    assumed: tuple[str, ...]
    """Which of `ASSUMPTION_LABELS` its dates rest on."""

    @property
    def capacity_delay(self) -> int:
        return self.start - self.earliest_start if self.reason is StartReason.CAPACITY else 0


@dataclass(frozen=True, slots=True)
class Plan:
    """The order and the timeline of the open work, with the warnings about it."""

    input: PlanInput
    ordering: Ordering
    slots: tuple[Slot, ...]
    """In the priority order."""
    end: int
    """The plan month when all work is done."""
    critical_path: tuple[str, ...]
    """Every critical unit (slack 0), by start then the order: all of them, so no output names
    one of two parallel critical units and leaves the other out."""
    critical_chains: tuple[tuple[str, ...], ...]
    """The chains of units, first to last, whose dependencies set the end of the plan: one per
    critical unit that ends it, in the order."""
    findings: tuple[Finding, ...]
    """Planning inputs' findings, then missed deadlines, in order."""

    def slot_by_id(self) -> Mapping[str, Slot]:
        return MappingProxyType({s.unit.id: s for s in self.slots})

    @property
    def end_date(self) -> dt.date:
        return self.input.calendar.end_of(self.end)

    @property
    def as_of(self) -> dt.date:
        """The day the plan is made as of: nothing starts before it (the plan start when it
        was made with no as-of day)."""
        return self.input.as_of or self.input.calendar.start


def make_plan(project: Project, settings: PlanSettings | None = None) -> Plan:
    """Order and schedule the project's open work (the one call behind `roadmap schedule`)."""
    return schedule_units(plan_input(project, settings))


def critical_path_method(
    units: Sequence[Unit], ordering: Ordering | None = None
) -> tuple[Cpm, ...]:
    """Earliest and latest dates on the dependencies alone, in the priority order."""
    ordering = ordering or order_units(units)
    entries = ordering.entries
    finish: dict[str, int] = {}
    starts: dict[str, int] = {}
    binding: dict[str, str | None] = {}
    for entry in entries:
        unit = entry.unit
        last = max(unit.depends_on, key=finish.__getitem__, default=None)
        binding[unit.id] = last if last is not None and finish[last] >= unit.release else None
        starts[unit.id] = max(unit.release, finish[last] if last is not None else 0)
        finish[unit.id] = starts[unit.id] + unit.months
    end = max(finish.values(), default=0)
    latest = _latest_finish(entries, ordering.dependents, end)
    return tuple(
        Cpm(
            e.unit.id,
            starts[e.unit.id],
            finish[e.unit.id],
            latest[e.unit.id] - e.unit.months,
            latest[e.unit.id],
            binding[e.unit.id],
        )
        for e in entries
    )


def _latest_finish(
    entries: Sequence[Ordered], dependents: Mapping[str, tuple[str, ...]], end: int
) -> dict[str, int]:
    """The backward pass: the latest finish of each unit that keeps every dependent on time."""
    latest: dict[str, int] = {}
    months = {e.unit.id: e.unit.months for e in entries}
    for entry in reversed(entries):
        unit_id = entry.unit.id
        latest[unit_id] = min([end, *(latest[d] - months[d] for d in dependents[unit_id])])
    return latest


def schedule_units(inp: PlanInput) -> Plan:
    """Serial list scheduling in the priority order, under each owner's capacity."""
    ordering = order_units(inp.units)
    cpm = {c.unit: c for c in critical_path_method(inp.units, ordering)}
    loads = {owner: _Load(c) for owner, c in inp.capacities.items() if c is not None}
    placed: dict[str, tuple[int, int, StartReason, str | None, int | None]] = {}
    for entry in ordering.entries:
        placed[entry.unit.id] = _place(entry, inp, placed, loads)
    end = max((p[1] for p in placed.values()), default=inp.first_month)
    latest = _latest_finish(ordering.entries, ordering.dependents, end)
    last_day = inp.calendar.end_of(end)
    sessions = dated_sessions(inp.sessions, through=last_day + dt.timedelta(days=400))
    session_starts = [s.start for s in sessions]
    slots = []
    for entry in ordering.entries:
        unit = entry.unit
        start, finish, reason, binding, blocked = placed[unit.id]
        end_date = inp.calendar.end_of(finish)
        after = bisect.bisect_right(session_starts, end_date)  # the first starting after it ends
        session = sessions[after] if after < len(sessions) else None
        slack = latest[unit.id] - finish
        slots.append(
            Slot(
                position=entry.position,
                unit=unit,
                start=start,
                finish=finish,
                start_date=inp.calendar.date_of(start),
                end_date=end_date,
                earliest_start=cpm[unit.id].earliest_start,
                latest_start=latest[unit.id] - unit.months,
                latest_finish=latest[unit.id],
                slack=slack,
                critical=slack == 0,
                reason=reason,
                binding=binding,
                blocked_month=blocked,
                session=session,
                assumed=assumed_labels(unit, inp, session),
            )
        )
    by_id = {s.unit.id: s for s in slots}
    chains = tuple(
        tuple(c.unit.id for c in _chain(by_id, s.unit.id))
        for s in slots
        if s.finish == end and s.critical
    )
    path = tuple(s.unit.id for s in sorted(slots, key=lambda s: s.start) if s.critical)
    findings = inp.findings + _deadline_findings(slots, by_id, inp, cpm)
    return Plan(inp, ordering, tuple(slots), end, path, chains, findings)


def _place(
    entry: Ordered,
    inp: PlanInput,
    placed: Mapping[str, tuple[int, int, StartReason, str | None, int | None]],
    loads: Mapping[str, _Load],
) -> tuple[int, int, StartReason, str | None, int | None]:
    """(start, finish, reason, binding prerequisite, blocked month) of one unit."""
    unit = entry.unit
    binding = max(unit.depends_on, key=lambda p: placed[p][1], default=None)
    ready = placed[binding][1] if binding is not None else unit.release
    earliest = max(unit.release, ready)
    start, blocked = earliest, None
    load = loads.get(unit.owner) if unit.owner is not None else None
    if load is not None:
        start, blocked = load.fit(earliest, unit.months)
        load.book(start, unit.months)
    if start > earliest:
        reason = StartReason.CAPACITY
    elif binding is not None and ready >= unit.release:
        reason = StartReason.DEPENDENCY
    elif unit.release > inp.first_month:
        reason = StartReason.NOT_BEFORE
    else:
        reason = StartReason.AS_OF if inp.first_month > 0 else StartReason.PLAN_START
    return (
        start,
        start + unit.months,
        reason,
        binding if reason is StartReason.DEPENDENCY else None,
        blocked if reason is StartReason.CAPACITY else None,
    )


class _Load:
    """One owner's months: how many units run in each, with full months skipped in near O(1).

    ``_skip`` is a union-find over months: following it from a month leads to the first month
    at or after it that still has room, so placing n units costs about n * months, not n * plan.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.used: list[int] = []
        self._skip: list[int] = []

    def _room_from(self, month: int) -> int:
        root = month
        while root < len(self._skip) and self._skip[root] != root:
            root = self._skip[root]
        while month < len(self._skip) and self._skip[month] != month:  # path compression
            self._skip[month], month = root, self._skip[month]
        return root

    def _full(self, month: int) -> bool:
        return month < len(self.used) and self.used[month] >= self.capacity

    def fit(self, earliest: int, months: int) -> tuple[int, int | None]:
        """The first start >= earliest with room in all ``months``; with a delay, also a full
        month that kept it from starting one month earlier (what `roadmap why` names)."""
        start = earliest
        while True:
            start = self._room_from(start)
            full = next((m for m in range(start, start + months) if self._full(m)), None)
            if full is None:
                break
            start = full + 1
        if start == earliest:
            return start, None
        return start, next(m for m in range(start - 1, start - 1 + months) if self._full(m))

    def book(self, start: int, months: int) -> None:
        if len(self.used) < start + months:
            grow = start + months - len(self.used)
            self._skip += range(len(self._skip), len(self._skip) + grow)
            self.used += [0] * grow
        for month in range(start, start + months):
            self.used[month] += 1
            if self.used[month] >= self.capacity:
                self._skip[month] = month + 1


def assumed_labels(unit: Unit, inp: PlanInput, session: DatedSession | None) -> tuple[str, ...]:
    """Which of `ASSUMPTION_LABELS` a unit's dates rest on."""
    capacity_source = inp.capacity_sources.get(unit.owner or "")
    flags = {
        "plan start": inp.start_source is Source.ASSUMED,
        "effort": unit.effort_source is Source.ASSUMED,
        "owner": unit.owner_source is Source.ASSUMED,
        "capacity": capacity_source is Source.ASSUMED
        and inp.capacities.get(unit.owner or "") is not None,
        "not_before date": unit.not_before is not None and unit.not_before.assumed,
        "deadline date": unit.deadline is not None and unit.deadline.assumed,
        "session date": session is not None and session.assumed,
    }
    return tuple(label for label in ASSUMPTION_LABELS if flags[label])


def binding_chain(plan: Plan, unit_id: str) -> tuple[Slot, ...]:
    """The unit and the prerequisites it waits for, first to last: ``R03 -> R07 -> R09``."""
    return _chain(plan.slot_by_id(), unit_id)


def _chain(by_id: Mapping[str, Slot], unit_id: str) -> tuple[Slot, ...]:
    chain = [by_id[unit_id]]
    while chain[-1].binding is not None:
        chain.append(by_id[chain[-1].binding])
    return tuple(reversed(chain))


@dataclass(frozen=True, slots=True)
class _Chains:
    """Binding chains (each unit -> the prerequisite it waits for) with their heads, lengths and
    months, computed in one pass over the order, so that a warning names its chain in O(1)
    however long the chain is."""

    binding: Mapping[str, str | None]
    head: Mapping[str, str]
    length: Mapping[str, int]
    months: Mapping[str, int]

    @classmethod
    def of(cls, units: Sequence[Unit], binding: Mapping[str, str | None]) -> _Chains:
        head: dict[str, str] = {}
        length: dict[str, int] = {}
        months: dict[str, int] = {}
        for unit in units:  # in the priority order: prerequisites come first
            last = binding[unit.id]
            head[unit.id] = head[last] if last else unit.id
            length[unit.id] = length[last] + 1 if last else 1
            months[unit.id] = months[last] + unit.months if last else unit.months
        return cls(binding, head, length, months)

    def text(self, unit_id: str, label: Mapping[str, str], *, keep: int = 3) -> str:
        """``R01 -> R02 -> R03``; a long chain keeps its head and last ``keep`` units."""
        tail = [unit_id]
        while len(tail) < keep + 1 and (last := self.binding[tail[-1]]) is not None:
            tail.append(last)
        names = [label[u] for u in reversed(tail)]
        hidden = self.length[unit_id] - len(tail)
        if hidden > 1:
            names = [label[self.head[unit_id]], f"... ({hidden - 1} more)", *names]
        elif hidden == 1:
            names = [label[self.head[unit_id]], *names]
        return " -> ".join(names)


def _deadline_findings(
    slots: Sequence[Slot], by_id: Mapping[str, Slot], inp: PlanInput, cpm: Mapping[str, Cpm]
) -> tuple[Finding, ...]:
    """A warning for each missed deadline, naming the chain that causes it; and, when the
    deadline cannot be met even with unlimited capacity because a ``not_before`` starts the
    chain too late, a warning at that ``not_before``."""
    missed = [
        s for s in slots if s.unit.deadline and s.unit.due is not None and s.finish > s.unit.due
    ]
    if not missed:
        return ()
    units = [s.unit for s in slots]
    label = {u.id: u.label for u in units}
    scheduled = _Chains.of(units, {s.unit.id: s.binding for s in slots})
    unlimited = _Chains.of(units, {c.unit: c.binding for c in cpm.values()})
    findings: list[Finding] = []
    calendar = inp.calendar
    for slot in missed:
        unit, deadline, due = slot.unit, slot.unit.deadline, slot.unit.due
        assert deadline is not None and due is not None
        free = cpm[unit.id].earliest_finish
        capacity_text = (
            f"even with unlimited capacity it cannot end before {calendar.end_of(free)}"
            if free > due
            else f"with unlimited capacity it would end {calendar.end_of(free)}"
        )
        findings.append(
            Finding(
                "missed-deadline",
                deadline.recommendation,
                ("deadline",),
                f"{_name(unit)} ends {slot.end_date}, "
                f"after its deadline {_deadline_text(deadline)}",
                f"{scheduled.text(unit.id, label)} sets its start: "
                f"{_cause(inp, by_id[scheduled.head[unit.id]])}; {capacity_text}; "
                "move the deadline, shorten the chain or add capacity",
            )
        )
        head = by_id[unlimited.head[unit.id]].unit
        if free > due and head.not_before is not None and head.release > inp.first_month:
            findings.append(_impossible_not_before(unit, head, unlimited, label, inp, free))
    return tuple(findings)


def _impossible_not_before(
    unit: Unit, head: Unit, chains: _Chains, label: Mapping[str, str], inp: PlanInput, free: int
) -> Finding:
    """The ``not_before`` that starts, too late, the dependency chain of a missed deadline."""
    not_before, deadline = head.not_before, unit.deadline
    assert not_before is not None and deadline is not None
    whose = "its deadline" if head is unit else f"the deadline of {_name(unit)}"
    return Finding(
        "impossible-not-before",
        not_before.recommendation,
        ("not_before",),
        f"{_name(head)} cannot start before {_milestone_text(not_before)}, "
        f"too late for {whose}, {deadline.text}",
        f"{chains.text(unit.id, label)} takes {chains.months[unit.id]} months from "
        f"{inp.calendar.date_of(head.release)} and cannot end before {inp.calendar.end_of(free)}; "
        "move the not_before or the deadline, or shorten the chain",
    )


def _deadline_text(deadline: Milestone) -> str:
    """``CWS/11 (results due by 2023-11-20)`` for a session, the date alone for a date."""
    if deadline.text.startswith("CWS/"):
        assumed = ", session date assumed" if deadline.assumed else ""
        return f"{deadline.text} (results due by {deadline.date}{assumed})"
    return deadline.text


def _milestone_text(not_before: Milestone) -> str:
    """``CWS/9 (2021-11-06)`` for a session, the date alone for a date."""
    if not_before.text.startswith("CWS/"):
        assumed = ", session date assumed" if not_before.assumed else ""
        return f"{not_before.text} ({not_before.date}{assumed})"
    return not_before.text


def _name(unit: Unit) -> str:
    return unit.label if unit.members == (unit.id,) else f"{unit.label} ({unit.id})"


def _cause(inp: PlanInput, head: Slot) -> str:
    """Why the first unit of a chain starts when it does, in a few words."""
    if head.reason is StartReason.NOT_BEFORE and head.unit.not_before:
        return f"{head.unit.label} cannot start before {head.unit.not_before.text}"
    if head.reason is StartReason.CAPACITY:
        owner = head.unit.owner or ""
        assumed = ", assumed" if inp.capacity_sources.get(owner) is Source.ASSUMED else ""
        return (
            f"{owner} ({inp.capacities.get(owner)} at once{assumed}) has no free place for "
            f"{head.unit.label} before {head.start_date}"
        )
    if head.reason is StartReason.AS_OF:
        return f"the remaining work starts {head.start_date} (planned as of {inp.as_of})"
    assumed = " (assumed)" if inp.start_source is Source.ASSUMED else ""
    return f"{head.unit.label} starts at the plan start {head.start_date}{assumed}"


# ---- roadmap why ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Neighbour:
    """The unit just before or after in the order, and what put the two in that order."""

    unit: str
    position: int
    before: bool
    """It comes before the explained unit."""
    competed: bool
    """Both were available when the earlier of the two was placed; else the later one depends
    on the earlier one."""
    decided_by: str | None
    """The tie-break (a `graph.TIE_BREAK` name) that put the earlier first, when they competed."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a unit starts when it starts, and why it sits where it does in the order."""

    asked: str
    """The id as asked (a recommendation of a work item explains the work item)."""
    slot: Slot
    ordered: Ordered
    chain: tuple[Slot, ...]
    """The binding chain, first to last (ends with ``slot``)."""
    busy_with: tuple[str, ...]
    """With a capacity delay: the units that fill the owner's blocked month, in order."""
    capacity: int | None
    inheritance: tuple[str, ...]
    """The unit, what depends on it, ..., the unit whose priority it inherits."""
    neighbours: tuple[Neighbour, ...]


def explain(plan: Plan, asked: str) -> Explanation | Settled | None:
    """Why ``asked`` (a recommendation or work item id) is scheduled as it is.

    A settled (done or dropped) recommendation gives its Settled record; an unknown id None.
    """
    slot = next((s for s in plan.slots if asked in (s.unit.id, *s.unit.members)), None)
    if slot is None:
        return next((s for s in plan.input.settled if s.recommendation == asked), None)
    unit = slot.unit
    ordered = plan.ordering.by_id()[unit.id]
    return Explanation(
        asked=asked,
        slot=slot,
        ordered=ordered,
        chain=binding_chain(plan, unit.id),
        busy_with=busy_with(plan, slot),
        capacity=plan.input.capacities.get(unit.owner or ""),
        inheritance=inheritance_path(plan.ordering, unit.id),
        neighbours=_neighbours(plan.ordering, ordered),
    )


def busy_with(plan: Plan, slot: Slot) -> tuple[str, ...]:
    """The units, earlier in the order, that fill the owner's month that blocked ``slot``."""
    month = slot.blocked_month
    if month is None:
        return ()
    return tuple(
        s.unit.id
        for s in plan.slots
        if s.unit.owner == slot.unit.owner
        and s.position < slot.position
        and s.start <= month < s.finish
    )


def _neighbours(ordering: Ordering, ordered: Ordered) -> tuple[Neighbour, ...]:
    entries, position = ordering.entries, ordering.by_id()
    result = []
    for other_index, before in ((ordered.position - 2, True), (ordered.position, False)):
        if not 0 <= other_index < len(entries):
            continue
        other = entries[other_index]
        first, second = (other, ordered) if before else (ordered, other)
        released = second.released_by
        competed = released is None or position[released].position < first.position
        result.append(
            Neighbour(
                other.unit.id,
                other.position,
                before,
                competed,
                first.key.decided_by(second.key) if competed else None,
            )
        )
    return tuple(result)


# ---- roadmap next --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Startable:
    """A unit that can start now: every prerequisite done and its ``not_before`` passed."""

    ordered: Ordered
    free: int | None
    """Free places its owner has now (capacity less its work in progress); None: no limit."""
    fits: bool
    """It fits in those places, the units listed before it taking theirs first."""
    held_by: tuple[str, ...] = ()
    """When it does not fit: the units that take its owner's places (those in progress, then
    those listed before it), as labels."""


@dataclass(frozen=True, slots=True)
class NextUp:
    input: PlanInput
    as_of: dt.date
    startable: tuple[Startable, ...]
    """In the priority order."""
    in_progress: tuple[Ordered, ...]
    waiting: int
    """Open units that cannot start yet."""


def next_up(inp: PlanInput) -> NextUp:
    """What can start on ``inp.as_of``, in the priority order (`roadmap next`)."""
    if inp.as_of is None:
        raise ValueError("next_up needs an as-of day")
    as_of = inp.as_of
    ordering = order_units(inp.units)
    running = [e for e in ordering.entries if e.unit.in_progress]
    free: dict[str | None, int | None] = {
        owner: None if cap is None else cap - sum(e.unit.owner == owner for e in running)
        for owner, cap in inp.capacities.items()
    }
    holders: dict[str | None, list[str]] = {}
    for entry in running:
        holders.setdefault(entry.unit.owner, []).append(entry.unit.label)
    taken: dict[str | None, int] = {}
    startable: list[Startable] = []
    for entry in ordering.entries:
        unit = entry.unit
        not_yet = unit.not_before is not None and unit.not_before.date > as_of
        if unit.in_progress or unit.depends_on or not_yet:
            continue
        places = free.get(unit.owner)
        taken[unit.owner] = taken.get(unit.owner, 0) + 1
        fits = places is None or taken[unit.owner] <= places
        held = () if fits else tuple(holders.get(unit.owner, ()))
        if fits:
            holders.setdefault(unit.owner, []).append(unit.label)
        startable.append(Startable(entry, places, fits, held))
    waiting = len(ordering.entries) - len(running) - len(startable)
    return NextUp(inp, as_of, tuple(startable), tuple(running), waiting)
