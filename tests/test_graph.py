"""The priority-aware topological order (roadmap_cli.graph): examples, then properties."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_cli.graph import (
    TIE_BREAK,
    DependencyCycle,
    OrderKey,
    dependency_loops,
    inheritance_path,
    order_units,
)
from roadmap_cli.model import Priority, recommendation_sort_key
from roadmap_cli.planning import PRIORITY_RANK, Unit

HIGH, MEDIUM, LOW = Priority.HIGH, Priority.MEDIUM, Priority.LOW


def unit(unit_id: str, *deps: str, **fields: object) -> Unit:
    return Unit(id=unit_id, members=(unit_id,), depends_on=tuple(deps), **fields)  # type: ignore[arg-type]


def ids(units: list[Unit]) -> list[str]:
    return [e.unit.id for e in order_units(units).entries]


# ---- examples ------------------------------------------------------------------------------


def test_higher_priority_goes_first_then_numeric_id() -> None:
    units = [unit("R10"), unit("R9"), unit("R02", priority=LOW), unit("R30", priority=HIGH)]
    assert ids(units) == ["R30", "R02", "R9", "R10"]


def test_low_prerequisite_of_a_high_item_inherits_its_priority() -> None:
    units = [
        unit("R01", priority=MEDIUM),
        unit("R02", priority=LOW),
        unit("R03", "R02", priority=HIGH),
    ]
    ordering = order_units(units)
    assert [e.unit.id for e in ordering.entries] == ["R02", "R03", "R01"]
    r02 = ordering.by_id()["R02"]
    assert r02.key.inherited is HIGH and r02.key.own is LOW
    assert r02.inherited_from == "R03"
    assert inheritance_path(ordering, "R02") == ("R02", "R03")


def test_inheritance_runs_through_a_chain() -> None:
    units = [unit("R01"), unit("R02", "R01"), unit("R03", "R02", priority=HIGH), unit("R04")]
    ordering = order_units(units)
    assert inheritance_path(ordering, "R01") == ("R01", "R02", "R03")
    assert [e.unit.id for e in ordering.entries][:3] == ["R01", "R02", "R03"]


def test_earlier_deadline_goes_first_and_is_inherited_by_prerequisites() -> None:
    units = [unit("R01", months=2), unit("R02", months=2), unit("R03", "R02", months=3, due=6)]
    ordering = order_units(units)
    assert ids(units) == ["R02", "R03", "R01"]
    assert ordering.by_id()["R02"].key.due == 3  # R03 needs 3 months before its month 6


def test_longer_chain_of_waiting_work_goes_first_among_equals() -> None:
    units = [unit("R01", months=2), unit("R02", months=1), unit("R03", "R02", months=5)]
    assert ids(units) == ["R02", "R03", "R01"]  # R03 (5 months) before R01 (2)


def test_work_in_progress_keeps_its_place() -> None:
    units = [unit("R01", priority=HIGH), unit("R02", in_progress=True)]
    assert ids(units) == ["R02", "R01"]


def test_a_work_item_sorts_as_its_first_member() -> None:
    work_item = Unit(id="xml-conversion-tool", members=("R04", "R18"))
    assert ids([unit("R05"), work_item, unit("R03")]) == ["R03", "xml-conversion-tool", "R05"]


def test_released_by_names_the_last_prerequisite_placed() -> None:
    ordering = order_units([unit("R01"), unit("R02"), unit("R03", "R01", "R02")])
    assert ordering.by_id()["R03"].released_by == "R02"
    assert ordering.by_id()["R01"].released_by is None


def test_decided_by_names_the_first_differing_tie_break() -> None:
    base = OrderKey(False, HIGH, None, 6, HIGH, (6, "R06"))
    assert base.decided_by(OrderKey(False, HIGH, None, 6, HIGH, (9, "R09"))) == "id"
    assert base.decided_by(OrderKey(False, HIGH, 4, 6, HIGH, (9, "R09"))) == "deadline"
    assert base.decided_by(OrderKey(True, LOW, None, 1, LOW, (1, "R01"))) == "work in progress"
    assert len(TIE_BREAK) == len(base.sort_key())


def test_a_cycle_is_reported_with_its_loop() -> None:
    units = [unit("R03", "R07"), unit("R07", "R03"), unit("R01")]
    with pytest.raises(DependencyCycle) as caught:
        order_units(units)
    assert caught.value.loops == [["R03", "R07", "R03"]]
    assert str(caught.value) == "R03 -> R07 -> R03"


def test_unknown_dependency_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown units: R99"):
        order_units([unit("R01", "R99")])


# ---- properties ----------------------------------------------------------------------------

PRIORITIES = st.sampled_from([None, HIGH, MEDIUM, LOW])


@st.composite
def dags(draw: st.DrawFn, max_size: int = 12) -> list[Unit]:
    """Random DAGs: edges only go from earlier to later in a hidden random order."""
    size = draw(st.integers(1, max_size))
    hidden = draw(st.permutations([f"R{i:02d}" for i in range(1, size + 1)]))
    units = []
    for i, unit_id in enumerate(hidden):
        deps = draw(st.sets(st.sampled_from(hidden[:i]), max_size=3)) if i else set()
        units.append(
            Unit(
                id=unit_id,
                members=(unit_id,),
                depends_on=tuple(sorted(deps, key=recommendation_sort_key)),
                priority=draw(PRIORITIES),
                months=draw(st.integers(1, 4)),
                release=draw(st.integers(0, 3)),
                due=draw(st.none() | st.integers(1, 12)),
                owner=draw(st.sampled_from([None, "a", "b"])),
                in_progress=draw(st.booleans()),
            )
        )
    return units


@given(dags())
def test_order_is_a_permutation_and_topological(units: list[Unit]) -> None:
    order = ids(units)
    assert sorted(order) == sorted(u.id for u in units)
    place = {unit_id: i for i, unit_id in enumerate(order)}
    for u in units:
        assert all(place[d] < place[u.id] for d in u.depends_on)


@given(dags(), st.randoms(use_true_random=False))
def test_shuffling_the_input_changes_nothing(units: list[Unit], rnd: random.Random) -> None:
    shuffled = units[:]
    rnd.shuffle(shuffled)
    assert order_units(shuffled) == order_units(units)


@given(dags())
def test_each_step_takes_the_smallest_key_among_available_units(units: list[Unit]) -> None:
    ordering = order_units(units)
    placed: set[str] = set()
    for entry in ordering.entries:
        available = [
            e
            for e in ordering.entries
            if e.unit.id not in placed and set(e.unit.depends_on) <= placed
        ]
        assert entry.key.sort_key() == min(e.key.sort_key() for e in available)
        placed.add(entry.unit.id)


@given(dags())
def test_a_prerequisite_inherits_the_highest_priority_it_unblocks(units: list[Unit]) -> None:
    ordering = order_units(units)
    by_id = ordering.by_id()
    for entry in ordering.entries:
        above = [by_id[d].key.inherited for d in ordering.dependents[entry.unit.id]]
        expected = max([entry.unit.priority, *above], key=PRIORITY_RANK.__getitem__)
        assert PRIORITY_RANK[entry.key.inherited] == PRIORITY_RANK[expected]
        path = inheritance_path(ordering, entry.unit.id)
        assert by_id[path[-1]].unit.priority == entry.key.inherited or len(path) == 1


@st.composite
def graphs_with_cycles(draw: st.DrawFn) -> tuple[list[Unit], list[list[str]]]:
    """A random DAG plus one to three generated cycles, each through 1 to 4 random units."""
    units = draw(dags(max_size=10))
    deps = {u.id: set(u.depends_on) for u in units}
    names = sorted(deps, key=recommendation_sort_key)
    cycles = []
    for _ in range(draw(st.integers(1, 3))):
        size = draw(st.integers(1, min(4, len(names))))
        cycle = draw(st.permutations(names).map(lambda p, n=size: list(p[:n])))
        for a, b in zip(cycle, [*cycle[1:], cycle[0]], strict=True):
            deps[a].add(b)  # a depends on b: the loop a -> b -> ... -> a
        cycles.append(cycle)
    looped = [Unit(id=n, members=(n,), depends_on=tuple(sorted(deps[n]))) for n in names]
    return looped, cycles


def _reaches(units: list[Unit], start: str, goal: str) -> bool:
    deps = {u.id: u.depends_on for u in units}
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        for nxt in deps[node]:
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


@given(graphs_with_cycles())
@settings(max_examples=150)
def test_every_generated_cycle_is_reported_with_its_loop(
    case: tuple[list[Unit], list[list[str]]],
) -> None:
    units, cycles = case
    with pytest.raises(DependencyCycle) as caught:
        order_units(units)
    loops = caught.value.loops
    assert loops == dependency_loops(units)
    deps = {u.id: set(u.depends_on) for u in units}
    for loop in loops:  # each reported loop is a real loop, spelt out end to end
        assert loop[0] == loop[-1] and len(loop) >= 2
        assert all(b in deps[a] for a, b in itertools.pairwise(loop))
    for cycle in cycles:  # each generated cycle lies in a part of the graph with a reported loop
        first = cycle[0]
        assert any(
            _reaches(units, first, node) and _reaches(units, node, first)
            for loop in loops
            for node in loop
        ), (cycle, loops)
