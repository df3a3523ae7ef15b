"""The dependency graph of the units of work, and their priority-aware order.

The order is a lexicographic topological sort: whenever several units have all their
prerequisites placed, the one with the smallest `order_key` goes next. The key is a total chain
of tie-breaks (`TIE_BREAK`), each documented on `OrderKey`, ending with the id, so the same
data always gives the same order whatever the order of the input.

Priority inheritance: a unit's *inherited* priority is the highest priority among itself and
everything that (transitively) depends on it, so a low prerequisite of a high item goes with
the high items instead of waiting behind every medium one. Deadlines are inherited the same way
(a prerequisite must finish early enough for its dependents to meet theirs).

The graph is two plain mappings (prerequisites and dependents of each unit) and the sorts are
Kahn's algorithm over a heap (`validate.topological_order`, which also tells a graph without a
loop): networkx did the same, but importing it cost every planning command
a tenth of a second, more than ordering 2,000 units (issue 16).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from roadmap_cli.model import Priority
from roadmap_cli.planning import PRIORITY_RANK, Unit
from roadmap_cli.validate import find_cycles, topological_order

TIE_BREAK: tuple[str, ...] = (
    "work in progress",
    "inherited priority",
    "deadline",
    "work waiting on it",
    "own priority",
    "id",
)
"""The names of `OrderKey`'s fields in the order they decide, as `roadmap why` words them."""

_NO_DEADLINE = 10**9


@dataclass(frozen=True, slots=True)
class OrderKey:
    """Why a unit sits where it does among the units available at the same moment."""

    in_progress: bool
    """Work already under way goes first: running work keeps its place."""
    inherited: Priority | None
    """The highest priority of the unit and of all that depends on it; higher first."""
    due: int | None
    """The latest finish month its own deadline or its dependents' deadlines allow; earlier first,
    none last."""
    tail_months: int
    """Months on the longest chain of work from its start through what waits on it; longer
    first (the classic longest-path rule: start what holds up the most)."""
    own: Priority | None
    """Its own priority (adopted, else computed); higher first."""
    sort_id: tuple[int, str]
    """The id in numeric order (a work item by its first member); smaller first. Ids are unique,
    so the order is total."""

    def sort_key(self) -> tuple[int, int, int, int, int, tuple[int, str]]:
        """Smaller goes first."""
        return (
            0 if self.in_progress else 1,
            -PRIORITY_RANK[self.inherited],
            _NO_DEADLINE if self.due is None else self.due,
            -self.tail_months,
            -PRIORITY_RANK[self.own],
            self.sort_id,
        )

    def decided_by(self, other: OrderKey) -> str:
        """The name of the first tie-break on which this key and ``other`` differ."""
        pairs = zip(self.sort_key(), other.sort_key(), strict=True)
        return next(name for name, (a, b) in zip(TIE_BREAK, pairs, strict=True) if a != b)


@dataclass(frozen=True, slots=True)
class Ordered:
    """A unit at its place in the order."""

    position: int
    """1-based."""
    unit: Unit
    key: OrderKey
    inherited_from: str
    """The unit whose priority it inherits (itself when its own priority is the highest)."""
    released_by: str | None
    """Its prerequisite placed last: only after it was the unit available. None: no prerequisite."""


@dataclass(frozen=True, slots=True)
class Ordering:
    """The units in priority-aware topological order, with the lookups `why` needs."""

    entries: tuple[Ordered, ...]
    dependents: Mapping[str, tuple[str, ...]]
    """Unit id -> the units that depend on it directly, in id order."""

    def by_id(self) -> Mapping[str, Ordered]:
        return MappingProxyType({e.unit.id: e for e in self.entries})


class DependencyCycle(ValueError):
    """The units' dependencies loop; ``loops`` spells out each loop, e.g. ``R03 -> R07 -> R03``."""

    def __init__(self, loops: list[list[str]]) -> None:
        self.loops = loops
        super().__init__("; ".join(" -> ".join(loop) for loop in loops))


def dependency_loops(units: Iterable[Unit]) -> list[list[str]]:
    """Every loop among the units' dependencies, one per strongly connected part, in id order.

    Reuses the validator's `find_cycles`, which is deterministic."""
    units = list(units)
    known = {u.id for u in units}
    return find_cycles({u.id: [d for d in u.depends_on if d in known] for u in units})


@dataclass(frozen=True, slots=True)
class DependencyGraph:
    """Edges run from a prerequisite to what depends on it; every list in id order."""

    prerequisites: Mapping[str, tuple[str, ...]]
    dependents: Mapping[str, tuple[str, ...]]


def dependency_graph(units: Iterable[Unit]) -> DependencyGraph:
    """The units' dependencies, each unit's in id order (deterministic)."""
    by_id = {u.id: u for u in sorted(units, key=lambda u: u.sort_id)}
    dependents: dict[str, list[str]] = {unit_id: [] for unit_id in by_id}
    prerequisites: dict[str, tuple[str, ...]] = {}
    for unit_id, unit in by_id.items():
        missing = [d for d in unit.depends_on if d not in by_id]
        if missing:
            raise ValueError(f"{unit_id} depends on unknown units: {', '.join(missing)}")
        prerequisites[unit_id] = tuple(sorted(set(unit.depends_on)))
        for prerequisite in prerequisites[unit_id]:
            dependents[prerequisite].append(unit_id)
    return DependencyGraph(prerequisites, {k: tuple(v) for k, v in dependents.items()})


def order_units(units: Iterable[Unit]) -> Ordering:
    """The units in priority-aware topological order; raises DependencyCycle on a loop."""
    by_id = {u.id: u for u in units}
    graph = dependency_graph(by_id.values())
    topological = topological_order(graph.prerequisites)
    if len(topological) < len(by_id):
        raise DependencyCycle(dependency_loops(by_id.values()))
    keys, inherited_from = _order_keys(graph, topological, by_id)
    order = topological_order(graph.prerequisites, key=lambda n: keys[n].sort_key())
    position = {unit_id: i for i, unit_id in enumerate(order, start=1)}
    entries = tuple(
        Ordered(
            position=position[unit_id],
            unit=by_id[unit_id],
            key=keys[unit_id],
            inherited_from=inherited_from[unit_id],
            released_by=max(graph.prerequisites[unit_id], key=position.__getitem__, default=None),
        )
        for unit_id in order
    )
    return Ordering(entries, MappingProxyType(dict(graph.dependents)))


def _order_keys(
    graph: DependencyGraph, topological: list[str], by_id: Mapping[str, Unit]
) -> tuple[dict[str, OrderKey], dict[str, str]]:
    """Inherited priority and deadline, and the longest tail, in one reverse topological pass."""
    keys: dict[str, OrderKey] = {}
    source: dict[str, str] = {}
    for unit_id in reversed(topological):
        unit = by_id[unit_id]
        inherited, source[unit_id] = unit.priority, unit_id
        due, tail = unit.due, 0
        for succ in graph.dependents[unit_id]:
            succ_key = keys[succ]
            if PRIORITY_RANK[succ_key.inherited] > PRIORITY_RANK[inherited]:
                inherited, source[unit_id] = succ_key.inherited, source[succ]
            if succ_key.due is not None:
                allowed = succ_key.due - by_id[succ].months
                due = allowed if due is None else min(due, allowed)
            tail = max(tail, succ_key.tail_months)
        keys[unit_id] = OrderKey(
            in_progress=unit.in_progress,
            inherited=inherited,
            due=due,
            tail_months=unit.months + tail,
            own=unit.priority,
            sort_id=unit.sort_id,
        )
    return keys, source


def inheritance_path(ordering: Ordering, unit_id: str) -> tuple[str, ...]:
    """The chain from a unit to the unit whose priority it inherits, e.g. ``(R03, R07, R09)``."""
    by_id = ordering.by_id()
    target = by_id[unit_id].inherited_from
    path = [unit_id]
    while path[-1] != target:
        path.append(
            next(d for d in ordering.dependents[path[-1]] if by_id[d].inherited_from == target)
        )
    return tuple(path)
