"""`roadmap schedule`, `why` and `next` through typer's CliRunner, on real files in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import BUNDLED_DATA, Golden
from plandata import rec, write_data
from typer.testing import CliRunner

from roadmap_cli.cli import app

runner = CliRunner()
WIDE = {"COLUMNS": "160"}


def run(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], env=env or WIDE)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def chain_data(tmp_path: Path) -> Path:
    """R01 -> R02 -> R03 with a deadline R03 cannot meet, and a free-standing R04."""
    return write_data(
        tmp_path / "data",
        [
            rec("R01", title="First step", not_before="2022-03-01"),
            rec("R02", depends_on=["R01"]),
            rec("R03", title="Needs both", depends_on=["R02"], deadline="CWS/10", priority="high"),
            rec("R04", effort_months=2),
        ],
    )


def test_schedule_json_of_the_bundled_data_matches_the_golden_file(golden: Golden) -> None:
    code, out, err = run("schedule", "--json", "--as-of", "2026-11-23", "--data", BUNDLED_DATA)
    assert (code, err) == (0, "")
    golden("schedule.json", out)


def test_schedule_json_has_the_documented_fields(chain_data: Path) -> None:
    code, out, _ = run("schedule", "--json", "--data", chain_data)
    assert code == 0
    plan = json.loads(out)
    assert plan["as_of"] == "2022-01-01"  # the day planning.yaml pins
    assert plan["critical_path"] == ["R01", "R02", "R03"]
    rows = plan["units"]
    assert [r["id"] for r in rows] == ["R01", "R02", "R03", "R04"]
    first = rows[0]
    assert {"id", "order", "start", "end", "slack_months", "critical", "session"} <= set(first)
    assert (first["order"], first["start"], first["end"]) == (1, "2022-03-01", "2022-05-31")
    assert (first["start_reason"], first["critical"], first["slack_months"]) == (
        "not-before",
        True,
        0,
    )
    assert rows[2]["session"] == "CWS/11" and rows[2]["deadline_met"] is False
    assert rows[2]["assumed"] == ["plan start", "effort", "owner", "capacity", "session date"]
    assert rows[3]["assumed"] == ["plan start", "owner", "capacity"]  # its effort is given
    assert {r["status"] for r in rows} == {"status not known"}


def test_schedule_table_warns_on_stderr_with_positions(chain_data: Path) -> None:
    code, out, err = run("schedule", "--data", chain_data)
    assert code == 0
    lines = err.splitlines()
    file = chain_data / "recommendations.yaml"
    assert lines[0].startswith(
        f"{file}:4:15: warning: R01 cannot start before 2022-03-01, too late"
    )
    assert lines[0].endswith("[impossible-not-before]")
    assert lines[1].startswith(f"{file}:12:13: warning: R03 ends 2022-11-30, after its deadline")
    assert "R01 -> R02 -> R03 sets its start" in lines[1]
    assert lines[-1] == "0 errors, 2 warnings in 1 file"
    assert (
        "As of 2022-01-01: 4 units of work, plan start 2022-01-01 (assumed), done by 2022-11-30"
        in out
    )
    assert "Status not known for all 4 units: planned as though not started" in out
    assert "Needs both" in out and "Critical path: R01 -> R02 -> R03" in out
    assert "capacity: international-bureau 1 at once; task-force 2 at once" not in out
    assert "capacity: task-force 2 at once (planning.yaml)" in out


def test_strict_makes_warnings_fail(chain_data: Path) -> None:
    assert run("schedule", "--strict", "--data", chain_data)[0] == 1


def test_narrow_terminals_leave_the_titles_out(chain_data: Path) -> None:
    _, out, _ = run("schedule", "--data", chain_data, env={"COLUMNS": "80"})
    assert "Needs both" not in out and "R03" in out


def test_capacity_option_overrides_the_data(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", [rec(f"R0{i}") for i in range(1, 5)])
    rows = json.loads(run("schedule", "--json", "--data", data)[1])["units"]
    assert [r["start"] for r in rows] == ["2022-01-01", "2022-01-01", "2022-04-01", "2022-04-01"]
    code, out, _ = run("schedule", "--json", "--capacity", "task-force=4", "--data", data)
    assert code == 0
    rows = json.loads(out)["units"]
    assert {r["start"] for r in rows} == {"2022-01-01"}
    assert all("capacity" not in r["assumed"] for r in rows)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("task-forse=3", "'task-forse' is not a known owner; did you mean task-force?"),
        ("task-force=0", "'task-force=0': write OWNER=N with N a whole number >= 1"),
        ("task-force", "'task-force': write OWNER=N"),
    ],
)
def test_bad_capacity_is_a_usage_error(chain_data: Path, value: str, message: str) -> None:
    code, _, err = run("schedule", "--capacity", value, "--data", chain_data)
    assert code == 2
    assert message in " ".join(err.replace("│", " ").split())


def test_start_option_moves_the_plan(chain_data: Path) -> None:
    rows = json.loads(run("schedule", "--json", "--start", "2023-01-01", "--data", chain_data)[1])[
        "units"
    ]
    assert rows[3]["start"] == "2023-01-01" and "plan start" not in rows[3]["assumed"]


def test_as_of_plans_the_remaining_work_from_that_day(chain_data: Path) -> None:
    rows = json.loads(run("schedule", "--json", "--as-of", "2022-06-15", "--data", chain_data)[1])[
        "units"
    ]
    assert rows[0]["start"] == "2022-07-01" and rows[0]["start_reason"] == "as-of"


def test_scenario_overlays_without_touching_the_data(chain_data: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in chain_data.iterdir()}
    scenario = tmp_path / "what-if.yaml"
    scenario.write_text(
        "note: A bigger Task Force\nplan_start: 2022-02-01\ncapacity:\n  task-force: 3\n"
        "effort_months:\n  R04: 5\n",
        encoding="utf-8",
    )
    code, out, _ = run("schedule", "--scenario", scenario, "--data", chain_data)
    assert code == 0
    assert "plan start 2022-02-01 (scenario)" in out and "Scenario: A bigger Task Force" in out
    rows = json.loads(run("schedule", "--json", "--scenario", scenario, "--data", chain_data)[1])[
        "units"
    ]
    assert rows[3]["effort_months"] == 5 and rows[3]["start"] == "2022-02-01"
    assert {p.name: p.read_bytes() for p in chain_data.iterdir()} == before


def test_a_bad_scenario_reports_file_line_col_and_exits_1(chain_data: Path, tmp_path: Path) -> None:
    scenario = tmp_path / "what-if.yaml"
    scenario.write_text("capacity:\n  task-forse: 3\n", encoding="utf-8")
    code, out, err = run("schedule", "--scenario", scenario, "--data", chain_data)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{scenario}:2:3: error: 'task-forse' is not a known owner; did you mean task-force? "
        "[unknown-owner]",
        "1 error, 0 warnings in 1 file",
    ]


def test_planning_commands_need_a_planning_file(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", [rec("R01")], planning=None)
    code, out, err = run("schedule", "--data", data)
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        f"{data / 'planning.yaml'}:1:1: error: the planner needs planning assumptions and this "
        "file does not exist; add it; `roadmap schema planning` gives its shape [file-not-found]"
    )
    assert run("status", "--data", data)[0] == 0  # the other commands do without it


def test_invalid_data_exits_1_before_planning(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", [rec("R01", owner="nobody")])
    code, _, err = run("schedule", "--data", data)
    assert code == 1 and "[unknown-owner]" in err


def test_why_names_the_binding_chain_and_the_tie_break(chain_data: Path) -> None:
    code, out, _ = run("why", "r03", "--data", chain_data)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "R03: Needs both"
    assert lines[1] == (
        "Scheduled 3 of 4, as of 2022-01-01: 2022-09-01 to 2022-11-30 (3 months of 3); first "
        "reported at CWS/11* (2023-11-20)."
    )
    assert lines[2] == "Status: not known; it is planned as though not started."
    del lines[2]
    assert lines[2] == (
        "Why it starts then: it waits for R02, which ends 2022-08-31 (binding chain R01 -> R02 "
        "-> R03; R01 cannot start before 2022-03-01 (2022-03-01; its not_before))."
    )
    assert "priority high (adopted)" in lines[4]
    assert lines[5] == "  after R02 (2): it depends on R02."
    assert lines[6] == (
        "  before R04 (4): both were available; R03 goes first on inherited priority "
        "(high vs none)."
    )
    assert lines[7].startswith("Assumed: plan start, effort, owner, capacity, session date")


def test_why_explains_inheritance_and_capacity(tmp_path: Path) -> None:
    data = write_data(
        tmp_path / "data",
        [
            rec("R01", priority="high"),
            rec("R02", priority="high"),
            rec("R03"),
            rec("R04", depends_on=["R03"], priority="medium"),
        ],
    )
    out = run("why", "R03", "--data", data)[1]
    assert "inherits medium from R04 (R03 -> R04)" in out
    out = run("why", "R04", "--data", data)[1]
    assert (
        "R03 waits for a free place: task-force runs 2 at once, assumed, and in 2022-03 it "
        "runs R01, R02 (earlier in the order)" in out
    )


def test_why_of_a_work_item_member_explains_the_work_item(tmp_path: Path) -> None:
    data = write_data(
        tmp_path / "data",
        [rec("R04", priority="high"), rec("R18")],
        work_items=[{"id": "xml-conversion-tool", "title": "XML tool", "members": ["R18", "R04"]}],
    )
    out = run("why", "R18", "--data", data)[1]
    assert out.splitlines()[:2] == [
        "R04+R18: XML tool",
        "R18 is scheduled with R04 as one work item (xml-conversion-tool).",
    ]
    assert run("why", "xml-conversion-tool", "--data", data)[1].startswith("R04+R18: XML tool")


def test_why_of_a_settled_or_unknown_recommendation(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", [rec("R01", status="done"), rec("R02")])
    assert run("why", "R01", "--data", data)[:2] == (0, "R01 is done: it is not scheduled.\n")
    code, _, err = run("why", "R03", "--data", data)
    assert code == 2 and "R03 is not a known recommendation; did you mean R02?" in " ".join(
        err.split()
    )


def test_next_lists_what_can_start_by_priority(chain_data: Path) -> None:
    code, out, _ = run("next", "--as-of", "2022-02-01", "--data", chain_data)
    assert code == 0
    assert "Can start on 2022-02-01, by priority" in out
    assert "R04" in out and "R01" not in out.split("more wait")[0].split("Fits now")[1]
    assert "3 more wait for a prerequisite or their not_before date." in out
    assert "Assumed: owners by default (planning.yaml); capacity of task-force (2 at once)" in out
    payload = json.loads(run("next", "--json", "--as-of", "2022-04-01", "--data", chain_data)[1])
    assert [i["id"] for i in payload["startable"]] == ["R01", "R04"]
    assert payload["startable"][0]["assumed"] == ["owner", "capacity"]


def test_schedule_output_is_byte_identical_twice(chain_data: Path) -> None:
    assert run("schedule", "--data", chain_data) == run("schedule", "--data", chain_data)


def test_every_planning_command_has_help() -> None:
    for command in ("schedule", "why", "next"):
        code, out, _ = run(command, "--help")
        assert code == 0 and "Usage:" in out


def test_illustrative_survey_steers_the_order_only_when_named() -> None:
    """Made-up answers never change the real plan by default; naming the survey applies them."""

    def priority_of(*extra: str) -> str | None:
        code, out, _ = run("schedule", "--json", "--data", BUNDLED_DATA, *extra)
        assert code == 0
        return next(row["priority"] for row in json.loads(out)["units"] if row["id"] == "R02")

    assert priority_of() is None
    assert priority_of("--survey", "2020-task-force") == "medium"


def test_next_names_what_holds_a_unit_that_cannot_start(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", [rec("R01"), rec("R02"), rec("R03")])
    code, out, _ = run("next", "--data", data)  # the task force runs 2 at once
    assert code == 0
    row = next(line for line in out.splitlines() if " R03 " in line)
    assert row.rstrip().endswith("no: task-force's 2 places are taken by R01, R02")
    assert "free place(s)" not in out
    payload = json.loads(run("next", "--json", "--data", data)[1])
    assert [(i["id"], i["fits"], i["held_by"]) for i in payload["startable"]] == [
        ("R01", True, []),
        ("R02", True, []),
        ("R03", False, ["R01", "R02"]),
    ]
    assert "Status not known for all 3 units: planned as though not started" in " ".join(
        out.split()
    )
