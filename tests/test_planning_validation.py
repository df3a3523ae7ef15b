"""Planning data is validated like the rest: every problem at its file, line and column."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED_DATA, ROOT
from plandata import PLANNING, rec, write_data

from roadmap_cli.load import read_yaml
from roadmap_cli.model import PlanningFile
from roadmap_cli.project import load_project, load_scenario
from roadmap_cli.schema import json_schema_text
from roadmap_cli.shape import convert


def problems_of(folder: Path) -> list[tuple[str, int, int, str]]:
    """(file name, line, column, code) of each problem, as the unit tests compare them."""
    return [(Path(p.file).name, p.line, p.column, p.code) for p in load_project(folder).problems]


def test_bundled_planning_file_is_valid_and_marks_its_assumptions() -> None:
    loaded = load_project(BUNDLED_DATA)
    assert loaded.problems == ()
    assert loaded.project is not None and loaded.project.planning is not None
    planning = loaded.project.planning
    assert planning.plan_start.assumed and planning.default_effort is not None
    assert planning.default_effort.assumed
    assert planning.default_owner is not None and planning.default_owner.assumed
    assert all(o.capacity_assumed for o in planning.owners if o.capacity is not None)


def test_a_folder_without_planning_file_still_loads(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "d", [rec("R01")], planning=None)
    loaded = load_project(folder)
    assert loaded.project is not None and loaded.project.planning is None
    assert [Path(f).name for f in loaded.files] == ["recommendations.yaml", "sessions.yaml"]


def test_unknown_owner_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "d", [rec("R01", owner="task-forse")])
    (problem,) = load_project(folder).problems
    assert (problem.line, problem.column, problem.code) == (3, 10, "unknown-owner")
    assert problem.message == "'task-forse' is not a known owner"
    assert problem.hint == "did you mean task-force?"


def test_milestones_must_be_real_dates_or_known_sessions(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "d",
        [
            rec("R01", not_before="2022-02-30"),
            rec("R02", deadline="CWS/19"),
            rec("R04", not_before="2023-01-01", deadline="2022-06-30"),
        ],
    )
    assert problems_of(folder) == [
        ("recommendations.yaml", 3, 15, "bad-date"),
        ("recommendations.yaml", 5, 13, "unknown-session"),
        ("recommendations.yaml", 8, 13, "deadline-before-not-before"),
    ]
    folder = write_data(tmp_path / "e", [rec("R03", deadline="next year")])
    assert problems_of(folder) == [("recommendations.yaml", 3, 13, "bad-format")]


def test_progress_that_contradicts_the_status_is_a_warning(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "d",
        [rec("R01", percent_complete=100), rec("R02", status="done", percent_complete=40)],
    )
    assert problems_of(folder) == [
        ("recommendations.yaml", 3, 21, "progress-mismatch"),
        ("recommendations.yaml", 6, 21, "progress-mismatch"),
    ]
    assert load_project(folder).project is not None  # warnings only


def test_a_recommendation_without_effort_needs_a_matching_rule(tmp_path: Path) -> None:
    planning = copy.deepcopy(PLANNING)
    planning["default_effort"]["rules"] = [{"priority": "high", "effort_months": 6}]
    folder = write_data(
        tmp_path / "d",
        [rec("R01", priority="high"), rec("R02"), rec("R03", effort_months=2)],
        planning=planning,
    )
    assert problems_of(folder) == [("recommendations.yaml", 4, 3, "no-effort")]


def test_work_item_members_name_one_owner(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "d",
        [rec("R04", owner="task-force"), rec("R18", owner="international-bureau")],
        work_items=[{"id": "xml-conversion-tool", "title": "XML tool", "members": ["R18", "R04"]}],
    )
    # pointed at the owner of the first member in the work item's list
    assert problems_of(folder) == [("recommendations.yaml", 5, 10, "work-item-owners-differ")]


def test_a_loop_through_a_work_item_is_a_cycle(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "d",
        [rec("R04"), rec("R07", depends_on=["R04"]), rec("R18", depends_on=["R07"])],
        work_items=[{"id": "xml-conversion-tool", "title": "XML tool", "members": ["R18", "R04"]}],
    )
    (problem,) = load_project(folder).problems
    assert (problem.line, problem.column, problem.code) == (5, 5, "dependency-cycle")
    assert problem.message == (
        "dependency cycle through a work item: xml-conversion-tool (R04+R18) -> R07 -> "
        "xml-conversion-tool (R04+R18)"
    )


def test_a_dependency_inside_a_work_item_is_ignored_with_a_warning(tmp_path: Path) -> None:
    folder = write_data(
        tmp_path / "d",
        [rec("R04", depends_on=["R18"]), rec("R18")],
        work_items=[{"id": "xml-conversion-tool", "title": "XML tool", "members": ["R18", "R04"]}],
    )
    assert problems_of(folder) == [("recommendations.yaml", 4, 5, "same-work-item-dependency")]


def test_planning_file_shape_problems_are_located(tmp_path: Path) -> None:
    planning: dict[str, Any] = copy.deepcopy(PLANNING)
    planning["owners"][0]["capacity"] = 0
    planning["owners"][1]["capcity"] = 2
    planning["plan_start"]["date"] = "2022-13-01"
    folder = write_data(tmp_path / "d", [rec("R01")], planning=planning)
    assert problems_of(folder) == [
        ("planning.yaml", 2, 9, "bad-date"),
        ("planning.yaml", 14, 13, "bad-value"),
        ("planning.yaml", 19, 3, "unknown-key"),
    ]


def test_duplicate_owner_ids_are_reported(tmp_path: Path) -> None:
    planning = copy.deepcopy(PLANNING)
    planning["owners"][1]["id"] = "task-force"
    folder = write_data(tmp_path / "d", [rec("R01")], planning=planning)
    assert problems_of(folder) == [("planning.yaml", 16, 7, "duplicate-id")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("capacity:\n  task-forse: 3\n", [(2, 3, "unknown-owner")]),
        ("capacity:\n  Task Force: 3\n", [(2, 3, "bad-format")]),
        # both: a bad value does not hide an unknown id (issue 11)
        (
            "effort_months:\n  R01: 0\n  R99: 2\n",
            [(2, 8, "bad-value"), (3, 3, "unknown-recommendation")],
        ),
        ("effort_months:\n  R99: 2\n", [(2, 3, "unknown-recommendation")]),
        ("plan_start: soon\n", [(1, 13, "bad-date")]),
        ("capacity: 3\n", [(1, 11, "wrong-type")]),
    ],
)
def test_scenario_problems_are_located(
    tmp_path: Path, text: str, expected: list[tuple[int, int, str]]
) -> None:
    project = load_project(write_data(tmp_path / "d", [rec("R01")])).project
    assert project is not None
    scenario = tmp_path / "what-if.yaml"
    scenario.write_text(text, encoding="utf-8")
    loaded = load_scenario(scenario, project)
    assert [(p.line, p.column, p.code) for p in loaded.problems] == expected
    assert loaded.scenario is None


@pytest.mark.parametrize("kind", ["planning", "scenario"])
def test_schema_files_are_in_sync_with_the_model(kind: str) -> None:
    written = (ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert written == json_schema_text(kind), (
        f"run: roadmap schema {kind} > schema/{kind}.schema.json"
    )


def test_bundled_planning_file_matches_its_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schema" / "planning.schema.json").read_text(encoding="utf-8"))
    data = read_yaml(BUNDLED_DATA / "planning.yaml").data
    jsonschema.validate(data, schema)
    assert convert(data, PlanningFile, "planning.yaml")[1] == []
