"""The timeline (roadmap_cli.schedule) and its planning inputs (roadmap_cli.planning)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plandata import rec, write_data
from test_graph import dags, unit

from roadmap_cli.model import Priority, Project, ScenarioFile
from roadmap_cli.planning import (
    MonthCalendar,
    PlanInput,
    PlanSettings,
    Source,
    Unit,
    plan_input,
)
from roadmap_cli.project import load_project
from roadmap_cli.schedule import (
    Explanation,
    Plan,
    StartReason,
    critical_path_method,
    explain,
    make_plan,
    next_up,
    schedule_units,
)

START = dt.date(2022, 1, 1)


def inputs(units: list[Unit], capacities: dict[str, int | None] | None = None) -> PlanInput:
    capacities = capacities or {}
    return PlanInput(
        units=tuple(units),
        calendar=MonthCalendar(START),
        start_source=Source.DATA,
        first_month=0,
        as_of=None,
        capacities=capacities,
        capacity_sources=dict.fromkeys(capacities, Source.DATA),
        sessions=(),
    )


def project_in(folder: Path) -> Project:
    loaded = load_project(folder)
    assert loaded.project is not None, loaded.problems
    return loaded.project


# ---- properties on random DAGs -------------------------------------------------------------

CAPACITIES = st.fixed_dictionaries(
    {"a": st.none() | st.integers(1, 3), "b": st.none() | st.integers(1, 2)}
)


@given(dags(), CAPACITIES)
def test_every_dependency_finishes_before_its_dependent_starts(
    units: list[Unit], capacities: dict[str, int | None]
) -> None:
    plan = schedule_units(inputs(units, capacities))
    slots = plan.slot_by_id()
    for slot in plan.slots:
        assert slot.start >= slot.unit.release
        assert slot.finish == slot.start + slot.unit.months
        assert all(slots[d].finish <= slot.start for d in slot.unit.depends_on)


@given(dags(), CAPACITIES)
def test_capacity_is_never_exceeded_in_any_month(
    units: list[Unit], capacities: dict[str, int | None]
) -> None:
    plan = schedule_units(inputs(units, capacities))
    for owner, capacity in capacities.items():
        if capacity is None:
            continue
        for month in range(plan.end):
            running = [
                s for s in plan.slots if s.unit.owner == owner and s.start <= month < s.finish
            ]
            assert len(running) <= capacity


@given(dags(), CAPACITIES)
def test_the_timeline_is_a_permutation_in_the_order(
    units: list[Unit], capacities: dict[str, int | None]
) -> None:
    plan = schedule_units(inputs(units, capacities))
    assert sorted(s.unit.id for s in plan.slots) == sorted(u.id for u in units)
    assert [s.position for s in plan.slots] == list(range(1, len(units) + 1))
    assert all(s.slack >= 0 for s in plan.slots)


@given(dags(), CAPACITIES, st.randoms(use_true_random=False))
def test_shuffling_the_input_changes_no_date(
    units: list[Unit], capacities: dict[str, int | None], rnd: random.Random
) -> None:
    shuffled = units[:]
    rnd.shuffle(shuffled)
    assert schedule_units(inputs(shuffled, capacities)).slots == (
        schedule_units(inputs(units, capacities)).slots
    )


def _paths(units: list[Unit]) -> list[list[Unit]]:
    """Every path along dependencies (prerequisite first), single units included."""
    dependents: dict[str, list[Unit]] = {u.id: [] for u in units}
    for u in units:
        for d in u.depends_on:
            dependents[d].append(u)
    paths: list[list[Unit]] = []

    def walk(path: list[Unit]) -> None:
        paths.append(path)
        for nxt in dependents[path[-1].id]:
            walk([*path, nxt])

    for u in units:
        walk([u])
    return paths


@given(dags(max_size=7))
@settings(max_examples=150)
def test_slack_and_critical_path_agree_with_a_brute_force_longest_path(units: list[Unit]) -> None:
    paths = _paths(units)
    # The longest path through u: the latest release + work before u, then u and what follows.
    before = {
        u.id: max(p[0].release + sum(x.months for x in p[:-1]) for p in paths if p[-1] is u)
        for u in units
    }
    after = {u.id: max(sum(x.months for x in p) for p in paths if p[0] is u) for u in units}
    end = max(before[u.id] + after[u.id] for u in units)
    cpm = {c.unit: c for c in critical_path_method(units)}
    plan = schedule_units(inputs(units))  # no capacity limit: the CPM's own dates
    assert plan.end == end
    for slot in plan.slots:
        expected_slack = end - before[slot.unit.id] - after[slot.unit.id]
        assert cpm[slot.unit.id].earliest_start == before[slot.unit.id] == slot.start
        assert cpm[slot.unit.id].slack == expected_slack == slot.slack
        assert slot.critical == (expected_slack == 0)
    # The critical path names every critical unit; each chain ends the plan.
    assert set(plan.critical_path) == {s.unit.id for s in plan.slots if s.critical}
    assert plan.critical_chains
    for chain in plan.critical_chains:
        path = [plan.slot_by_id()[u] for u in chain]
        assert path[-1].finish == end and all(s.critical for s in path)
        assert path[0].start == path[0].unit.release
        assert all(
            a.finish == b.start and a.unit.id in b.unit.depends_on
            for a, b in itertools.pairwise(path)
        )


# ---- examples ------------------------------------------------------------------------------


def test_month_calendar_counts_whole_months_from_the_start() -> None:
    calendar = MonthCalendar(dt.date(2022, 1, 31))
    assert calendar.date_of(1) == dt.date(2022, 2, 28)
    assert calendar.date_of(2) == dt.date(2022, 3, 31)
    assert calendar.end_of(1) == dt.date(2022, 2, 27)
    assert calendar.month_on_or_after(dt.date(2022, 3, 1)) == 2
    assert calendar.month_on_or_after(dt.date(2022, 1, 1)) == 0
    assert calendar.month_on_or_after(dt.date(2021, 12, 31)) == -1
    plain = MonthCalendar(START)
    assert plain.last_finish_by(dt.date(2022, 6, 30)) == 6  # ends the last day of June
    assert plain.last_finish_by(dt.date(2022, 6, 29)) == 5


def test_capacity_delay_is_explained_by_the_units_that_fill_the_month() -> None:
    units = [
        unit("R01", priority=Priority.HIGH, months=3, owner="a"),
        unit("R02", priority=Priority.MEDIUM, months=2, owner="a"),
        unit("R03", months=1, owner="a"),
    ]
    plan = schedule_units(inputs(units, {"a": 1}))
    r03 = plan.slot_by_id()["R03"]
    assert (r03.start, r03.reason, r03.earliest_start, r03.capacity_delay) == (
        5,
        StartReason.CAPACITY,
        0,
        5,
    )
    why = explain(plan, "R03")
    assert isinstance(why, Explanation)
    assert why.busy_with == ("R02",)  # the month before it starts
    assert why.neighbours[0].decided_by == "inherited priority"


def test_dependency_binding_chain_and_critical_path() -> None:
    units = [
        unit("R01", months=2),
        unit("R02", "R01", months=3),
        unit("R03", "R02", months=1),
        unit("R04", months=1),
    ]
    plan = schedule_units(inputs(units))
    assert plan.critical_path == ("R01", "R02", "R03")
    why = explain(plan, "R03")
    assert isinstance(why, Explanation)
    assert [s.unit.id for s in why.chain] == ["R01", "R02", "R03"]
    assert plan.slot_by_id()["R04"].slack == 5


def _plan_of(tmp_path: Path, recs: list[dict[str, object]], **kwargs: object) -> Plan:
    work_items = kwargs.pop("work_items", None)
    folder = write_data(tmp_path / "data", recs, work_items=work_items)  # type: ignore[arg-type]
    return make_plan(project_in(folder), PlanSettings(**kwargs))  # type: ignore[arg-type]


def test_target_session_is_the_first_that_starts_after_the_end(tmp_path: Path) -> None:
    plan = _plan_of(tmp_path, [rec("R01", effort_months=10), rec("R02", effort_months=11)])
    sessions = {s.unit.id: s.session for s in plan.slots}
    assert sessions["R01"] is not None and sessions["R01"].id == "CWS/10"  # ends 2022-10-31
    assert not sessions["R01"].assumed
    assert sessions["R02"] is not None and sessions["R02"].id == "CWS/11"  # ends 2022-11-30
    assert sessions["R02"].assumed and "session date" in plan.slot_by_id()["R02"].assumed


def test_not_before_a_session_starts_after_it_ends(tmp_path: Path) -> None:
    plan = _plan_of(tmp_path, [rec("R01", not_before="CWS/10")])
    slot = plan.slots[0]
    assert slot.start_date == dt.date(2022, 12, 1)  # CWS/10 ends 2022-11-25
    assert slot.reason is StartReason.NOT_BEFORE


def test_missed_deadline_names_the_chain_and_the_not_before(tmp_path: Path) -> None:
    plan = _plan_of(
        tmp_path,
        [
            rec("R01", not_before="2022-03-01"),
            rec("R02", depends_on=["R01"]),
            rec("R03", depends_on=["R02"], deadline="CWS/10"),
        ],
    )
    codes = [(f.code, f.recommendation, f.where) for f in plan.findings]
    assert codes == [
        ("missed-deadline", "R03", ("deadline",)),
        ("impossible-not-before", "R01", ("not_before",)),
    ]
    missed, impossible = plan.findings
    assert (
        "R03 ends 2022-11-30, after its deadline CWS/10 (results due by 2022-11-20)"
        in missed.message
    )
    assert "R01 -> R02 -> R03 sets its start: R01 cannot start before 2022-03-01" in missed.hint
    assert "even with unlimited capacity" in missed.hint
    assert "R01 -> R02 -> R03 takes 9 months" in impossible.hint


def test_a_deadline_missed_for_capacity_says_unlimited_capacity_would_do(tmp_path: Path) -> None:
    recs = [rec(f"R0{i}", priority="high") for i in range(1, 4)]
    recs.append(rec("R04", deadline="2022-04-30"))
    plan = _plan_of(tmp_path, recs)
    (finding,) = plan.findings
    assert finding.code == "missed-deadline"
    assert "task-force (2 at once, assumed) has no free place" in finding.hint
    assert "with unlimited capacity it would end 2022-03-31" in finding.hint


def test_work_item_is_one_unit_with_its_largest_effort(tmp_path: Path) -> None:
    plan = _plan_of(
        tmp_path,
        [rec("R04", effort_months=2, priority="high"), rec("R18", effort_months=5), rec("R20")],
        work_items=[{"id": "xml-conversion-tool", "title": "XML tool", "members": ["R18", "R04"]}],
    )
    (item, other) = plan.slots
    assert (item.unit.id, item.unit.members, item.unit.months) == (
        "xml-conversion-tool",
        ("R04", "R18"),
        5,
    )
    assert item.unit.priority is Priority.HIGH and item.unit.label == "R04+R18"
    assert other.unit.id == "R20"
    why = explain(plan, "R18")
    assert isinstance(why, Explanation) and why.slot.unit.id == "xml-conversion-tool"


def test_progress_and_status_decide_what_is_left(tmp_path: Path) -> None:
    plan = _plan_of(
        tmp_path,
        [
            rec("R01", effort_months=10, percent_complete=35, status="in-progress"),
            rec("R02", status="done"),
            rec("R03", status="dropped"),
            rec("R04", depends_on=["R02", "R03"]),
        ],
    )
    assert [(s.unit.id, s.unit.months) for s in plan.slots] == [("R01", 7), ("R04", 3)]
    assert plan.slots[0].unit.in_progress
    assert plan.slots[1].unit.depends_on == ()
    assert [(s.recommendation, s.status.value) for s in plan.input.settled] == [
        ("R02", "done"),
        ("R03", "dropped"),
    ]
    assert [(f.code, f.where) for f in plan.findings] == [("depends-on-dropped", ("depends_on", 1))]
    assert explain(plan, "R02") == plan.input.settled[0]
    assert explain(plan, "R99") is None


def test_values_come_from_option_scenario_data_or_assumption(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data", [rec("R01", effort_months=4), rec("R02"), rec("R03")])
    project = project_in(folder)
    scenario = ScenarioFile(
        plan_start=dt.date(2023, 1, 1), capacity={"task-force": 5}, effort_months={"R02": 8}
    )
    inp = plan_input(
        project, PlanSettings(scenario=scenario, capacities={"international-bureau": None})
    )
    effort = {u.id: (u.effort_months, u.effort_source) for u in inp.units}
    assert effort == {
        "R01": (4, Source.DATA),
        "R02": (8, Source.SCENARIO),
        "R03": (3, Source.ASSUMED),
    }
    assert (inp.calendar.start, inp.start_source) == (dt.date(2023, 1, 1), Source.SCENARIO)
    assert inp.capacities == {"task-force": 5, "international-bureau": None}
    assert inp.capacity_sources == {
        "task-force": Source.SCENARIO,
        "international-bureau": Source.OPTION,
    }
    start = plan_input(project, PlanSettings(start=dt.date(2024, 2, 1), scenario=scenario))
    assert (start.calendar.start, start.start_source) == (dt.date(2024, 2, 1), Source.OPTION)
    assert [u.owner_source for u in inp.units] == [Source.ASSUMED] * 3


def test_computed_priority_is_used_only_where_none_was_adopted(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data", [rec("R01", priority="low"), rec("R02"), rec("R03")])
    computed = {"R01": Priority.HIGH, "R02": Priority.MEDIUM}
    plan = make_plan(project_in(folder), PlanSettings(computed_priorities=computed))
    got = {s.unit.id: (s.unit.priority, s.unit.priority_source) for s in plan.slots}
    assert got == {
        "R01": (Priority.LOW, "adopted"),
        "R02": (Priority.MEDIUM, "computed"),
        "R03": (None, None),
    }
    assert [s.unit.id for s in plan.slots] == ["R02", "R01", "R03"]


def test_as_of_starts_the_remaining_work_no_earlier(tmp_path: Path) -> None:
    plan = _plan_of(tmp_path, [rec("R01")], as_of=dt.date(2022, 3, 15))
    assert plan.slots[0].start_date == dt.date(2022, 4, 1)
    assert plan.slots[0].reason is StartReason.AS_OF


def test_next_lists_what_can_start_and_whether_the_owner_has_room(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "data",
        [
            rec("R01", status="in-progress"),
            rec("R02", priority="high"),
            rec("R03"),
            rec("R04", depends_on=["R01"]),
            rec("R05", not_before="2023-01-01"),
            rec("R06", owner="international-bureau"),
        ],
    )
    view = next_up(plan_input(project_in(folder), PlanSettings(as_of=dt.date(2022, 6, 1))))
    assert [e.unit.id for e in view.in_progress] == ["R01"]
    got = [(i.ordered.unit.id, i.free, i.fits) for i in view.startable]
    assert got == [("R02", 1, True), ("R03", 1, False), ("R06", 1, True)]
    assert view.waiting == 2


def test_the_bundled_data_schedules_every_recommendation_once() -> None:
    project = project_in(Path(__file__).resolve().parent.parent / "data")
    plan = make_plan(project)
    members = sorted(m for s in plan.slots for m in s.unit.members)
    assert members == sorted(r.id for r in project.recommendations)
    assert plan.findings == ()
    assert all("plan start" in s.assumed and "effort" in s.assumed for s in plan.slots)


@pytest.mark.parametrize("months", [1, 12])
def test_units_occupy_whole_months(months: int) -> None:
    plan = schedule_units(inputs([replace(unit("R01"), months=months)]))
    assert plan.slots[0].start_date == START
    assert plan.slots[0].end_date == MonthCalendar(START).date_of(months) - dt.timedelta(days=1)


def test_a_long_chain_is_named_by_its_head_and_last_links(tmp_path: Path) -> None:
    recs = [rec("R01")] + [rec(f"R{i:02d}", depends_on=[f"R{i - 1:02d}"]) for i in range(2, 9)]
    recs[-1]["deadline"] = "2022-06-30"
    plan = _plan_of(tmp_path, recs)
    (finding,) = plan.findings
    assert finding.hint.startswith("R01 -> ... (3 more) -> R05 -> R06 -> R07 -> R08 sets its start")


def test_the_benchmark_generator_builds_a_plannable_roadmap() -> None:
    spec = importlib.util.spec_from_file_location(
        "schedule_benchmark", Path(__file__).resolve().parent.parent / "benchmarks" / "schedule.py"
    )
    assert spec is not None and spec.loader is not None
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    project = benchmark.synthetic_project(300, 900)
    assert sum(len(r.depends_on) for r in project.recommendations) == 900
    plan = make_plan(project)
    assert sum(len(s.unit.members) for s in plan.slots) == 300
