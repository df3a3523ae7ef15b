"""One day for every plan (issue 11): `schedule`, `why`, `next`, `gantt --format mermaid` and
`build`'s ``roadmap.json`` plan as of the same day with the same options, so they give the same
dates; `diff` plans both of its versions with them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import BUILD_AS_OF, DATA
from plandata import rec, write_data
from typer.testing import CliRunner

from roadmap_cli.cli import app

runner = CliRunner()
DAY = ["--as-of", str(BUILD_AS_OF)]


def run(*args: str | Path) -> str:
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def mermaid_dates(page: str) -> dict[str, tuple[str, str]]:
    """Unit id -> (first day, last day) of each bar of a `roadmap gantt` Mermaid page."""
    tasks = re.findall(r"^ +.* : (?:crit, )?(?:active, )?u_(\w+), (after [^,]+|[\d-]+), ([\d-]+)$",
                       page, flags=re.M)  # fmt: skip
    finish = {unit: end for unit, _, end in tasks}
    dates = {}
    for unit, start, end in tasks:
        if start.startswith("after "):  # it starts when the last of them is done
            start = max(finish[u.removeprefix("u_")] for u in start.split()[1:])
        last = dt.date.fromisoformat(end) - dt.timedelta(days=1)
        dates[unit] = (start, last.isoformat())
    return dates


@pytest.mark.parametrize("options", [[], ["--capacity", "task-force=6"]], ids=["data", "capacity"])
def test_schedule_why_next_and_gantt_give_the_same_dates(options: list[str]) -> None:
    common = [*DAY, *options, "--data", DATA]
    plan = json.loads(run("schedule", "--json", *common))
    assert plan["as_of"] == str(BUILD_AS_OF)
    dates = {u["id"]: (u["start"], u["end"]) for u in plan["units"]}

    gantt = run("gantt", "--format", "mermaid", *common)
    assert f"the planned work as of {BUILD_AS_OF}" in gantt
    assert mermaid_dates(gantt) == {re.sub(r"\W", "_", k): v for k, v in dates.items()}

    for unit in plan["units"][:: max(1, len(plan["units"]) // 6)]:
        why = run("why", unit["recommendations"][0], *common).splitlines()
        assert (
            f"Scheduled {unit['order']} of {len(plan['units'])}, as of {BUILD_AS_OF}: "
            f"{unit['start']} to {unit['end']} "
        ) in why[1 if len(unit["recommendations"]) == 1 else 2]

    startable = json.loads(run("next", "--json", *common))
    assert startable["as_of"] == str(BUILD_AS_OF)
    assert {i["status"] for i in startable["startable"]} == {"status not known"}
    assert {u["status"] for u in plan["units"]} == {"status not known"}
    first_month = min(start for start, _ in dates.values())
    assert [i["id"] for i in startable["startable"] if i["fits"]] == [
        u["id"] for u in plan["units"] if u["start"] == first_month
    ]


def test_roadmap_json_holds_the_plan_schedule_json_prints(built_outputs: Path) -> None:
    roadmap = json.loads((built_outputs / "roadmap.json").read_text(encoding="utf-8"))
    assert roadmap["as_of"] == str(BUILD_AS_OF)
    assert roadmap["plan"] == json.loads(run("schedule", "--json", *DAY, "--data", DATA))


def test_the_data_may_pin_the_day_and_as_of_overrides_it(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", [rec("R01"), rec("R02", depends_on=["R01"])])
    pinned = json.loads(run("schedule", "--json", "--data", data))
    assert pinned["as_of"] == "2022-01-01"  # planning.yaml's as_of
    assert [u["start"] for u in pinned["units"]] == ["2022-01-01", "2022-04-01"]
    later = json.loads(run("schedule", "--json", "--as-of", "2022-05-10", "--data", data))
    assert [u["start"] for u in later["units"]] == ["2022-06-01", "2022-09-01"]
    assert "Can start on 2022-05-10, by priority" in run(
        "next", "--as-of", "2022-05-10", "--data", data
    )


def test_both_versions_of_a_diff_are_planned_as_of_the_same_day(tmp_path: Path) -> None:
    base = write_data(tmp_path / "base", [rec("R01"), rec("R02")])
    head = write_data(tmp_path / "head", [rec("R01"), rec("R02", depends_on=["R01"])])
    out = run("diff", base, head, "--as-of", "2023-02-15", "--format", "text")
    lines = out.splitlines()
    title = "Schedule (both versions planned as of 2023-02-15):"
    assert title in lines
    after = lines[lines.index(title) + 1 :]
    assert any(
        "R02" in line and "2023-03-01 \u2192 2023-06-01 (+3 months)" in line for line in after
    ), out
    document = json.loads(run("diff", base, head, "--as-of", "2023-02-15", "--format", "json"))
    assert document["as_of"] == "2023-02-15"
    moved = [e for e in document["effects"] if e["kind"] == "schedule"]
    assert [(e["id"], e["before"]["start"], e["after"]["start"]) for e in moved] == [
        ("R02", "2023-03-01", "2023-06-01")
    ]


def test_every_starred_session_is_in_the_list_of_assumed_dates() -> None:
    page = run("gantt", "--format", "mermaid", *DAY, "--data", DATA)
    drawn = re.findall(r"^ +(CWS/\d+)\* \(dates assumed\) : milestone", page, flags=re.M)
    listed = re.search(r"^- dates of ([^:]+): not announced, assumed", page, flags=re.M)
    assert drawn and listed is not None
    assert set(drawn) <= set(listed.group(1).split(", "))
    assert "CWS/14" in drawn  # drawn before the as-of line, and listed too


@pytest.mark.parametrize("anchor", ["2022-11-21", "2020-11-30", "2019-07-01", "2018-10-15"])
def test_assumed_sessions_run_monday_to_friday(anchor: str) -> None:
    from roadmap_cli.calendar import dated_sessions
    from roadmap_cli.model import Session

    start = dt.date.fromisoformat(anchor)
    known = Session(id="CWS/10", start=start, end=start + dt.timedelta(days=4))
    sessions = dated_sessions((known, Session(id="CWS/11")), through=dt.date(2060, 1, 1))
    assumed = [s for s in sessions if s.assumed]
    assert len(assumed) > 30
    for years, session in enumerate(assumed, 1):  # a session of the last known one's length
        assert session.start.weekday() == 0 and session.end.weekday() == 4  # Monday to Friday
        anniversary = start.replace(year=start.year + years)
        assert abs((session.start - anniversary).days) <= 3  # no drift from year to year


@pytest.mark.parametrize(
    "command", ["schedule", "why", "next", "gantt", "annex", "draft", "build", "diff"]
)
def test_every_planning_command_takes_the_same_planning_options(command: str) -> None:
    out = run(command, "--help")
    for option in ("--as-of", "--start", "--capacity", "--scenario", "--survey"):
        assert option in out, (command, option)
