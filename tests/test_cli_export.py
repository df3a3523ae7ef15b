"""`roadmap export --format tjp`: the plan as a TaskJuggler 3 project, through typer's CliRunner.

The tests that run TaskJuggler itself (``tj3``, Debian package ``tj3``) are skipped when it is
not installed, unless ``ROADMAP_REQUIRE_TJ3=1`` (as ``.ci/run`` sets, after installing it)
makes the skip a failure.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import BUNDLED_DATA, Golden
from plandata import PLANNING, rec, write_data
from typer.testing import CliRunner

from roadmap_cli.cli import app

runner = CliRunner()
AS_OF = "2026-11-23"
TJ_STRING = re.compile(r'"(?:\\"|[^"])*"')
"""A double-quoted string as TaskJuggler's scanner reads it: only ``\\"`` is an escape."""
COMPARE_REPORT = """taskreport compare "compare" {
  formats csv
  columns id, start, end, name
  timeformat "%Y-%m-%d-%H:%M"
}
"""
"""A CSV report of every task (the name last: TaskJuggler does not double quotes in CSV)."""

HOSTILE = {
    "R01": 'He said "stop" \\"twice\\" ${HOME} $(HOME) ${?x} ] [m] include "x.tji" # /* -8<-',
    "R02": "a path C:\\temp\\",
    "R03": "two\nlines\tand\u2028a separator",
    "R04": '}\n}\ntask evil "x" {\n  duration 1d\n',
    "R05": 'x" onmouseover=alert(1) y="',
}
"""Titles that would end a TaskJuggler string, call a macro, read the environment, define a
macro, include a file or open a task if they were written as they are."""


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def tj3_or_skip() -> str:
    """The tj3 command; else skip, or fail when ``ROADMAP_REQUIRE_TJ3=1``."""
    tool = shutil.which("tj3")
    if tool is None:
        message = "TaskJuggler (tj3) is not installed: apt-get install tj3"
        if os.environ.get("ROADMAP_REQUIRE_TJ3") == "1":
            pytest.fail(message + " (ROADMAP_REQUIRE_TJ3=1)")
        pytest.skip(message)
    return tool


def tj3(folder: Path, *args: str) -> None:
    """Run tj3 with ``args`` in ``folder`` (in a UTF-8 locale, which it needs to read UTF-8);
    it must succeed without an error."""
    result = subprocess.run(
        [tj3_or_skip(), "--silent", "--no-color", *args],
        cwd=folder,
        env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Error" not in result.stdout + result.stderr


def run_tj3(project: Path) -> dict[str, tuple[dt.datetime, dt.datetime, str]]:
    """Schedule ``project`` with tj3 and return each task's start, end and name from a CSV
    report."""
    folder = project.parent
    (folder / "compare.tji").write_text(COMPARE_REPORT, encoding="utf-8")
    tj3(folder, "--report", "compare", project.name, "compare.tji")
    tasks = {}
    for line in (folder / "compare.csv").read_text(encoding="utf-8").splitlines()[1:]:
        task_id, start, end, name = line[1:-1].split('";"', 3)
        stamp = "%Y-%m-%d-%H:%M"
        tasks[task_id] = (
            dt.datetime.strptime(start, stamp),
            dt.datetime.strptime(end, stamp),
            name,
        )
    return tasks


def skeleton(tjp: str) -> str:
    """The file without its strings and comments: what TaskJuggler reads as syntax."""
    return "\n".join(
        re.sub(r"#.*", "", TJ_STRING.sub('""', line)).rstrip() for line in tjp.splitlines()
    )


@pytest.fixture
def plan_data(tmp_path: Path) -> Path:
    """Work with every planning input the export carries: a not_before, a dependency, a work
    item, a deadline, an owner of capacity 1, an owner with no limit, done and dropped work."""
    planning = {
        **PLANNING,
        "owners": [
            *PLANNING["owners"],
            {"id": "offices", "name": "IP offices", "capacity": None},
        ],
    }
    return write_data(
        tmp_path / "data",
        [
            rec("R01", title="First step", not_before="2022-03-15"),
            rec("R02", depends_on=["R01"], deadline="CWS/10", priority="high"),
            rec("R03", owner="international-bureau", effort_months=2),
            rec("R04", owner="international-bureau", effort_months=1, title="Second for the IB"),
            rec("R05", owner="offices", effort_months=4),
            rec("R06", status="done"),
            rec("R07", status="dropped"),
            rec("R08", depends_on=["R03"]),
            rec("R09", depends_on=["R03"]),
        ],
        work_items=[{"id": "2-step-item", "title": "Two at once", "members": ["R08", "R09"]}],
        planning=planning,
    )


def test_the_bundled_export_matches_the_golden_file(golden: Golden) -> None:
    code, out, err = run("export", "--as-of", AS_OF, "--data", BUNDLED_DATA)
    assert (code, err) == (0, "")
    golden("roadmap.tjp", out)


def test_export_writes_the_file_atomically_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "plans" / "roadmap.tjp"
    target.parent.mkdir()
    code, out, err = run("export", "-f", "tjp", "--as-of", AS_OF, "-o", target)
    assert (code, out) == (0, "")
    assert err == f"wrote {target} ({target.stat().st_size:,} bytes)\n"
    assert target.read_text(encoding="utf-8") == run("export", "--as-of", AS_OF)[1]
    assert [p.name for p in target.parent.iterdir()] == ["roadmap.tjp"]  # no temporary left


def test_export_refuses_to_write_into_the_data_folder(data_copy: Path) -> None:
    code, _, err = run("export", "--data", data_copy, "-o", data_copy / "roadmap.tjp")
    assert code == 2
    assert "is inside the data folder" in " ".join(err.split())
    assert not (data_copy / "roadmap.tjp").exists()


def test_export_rejects_an_unknown_format_and_reports_bad_data(data_copy: Path) -> None:
    code, _, err = run("export", "--format", "mpp")
    assert code == 2 and "'mpp' is not one of tjp" in " ".join(err.split())
    (data_copy / "recommendations.yaml").write_text("recommendations: [\n", encoding="utf-8")
    code, out, err = run("export", "--data", data_copy)
    assert (code, out) == (1, "")
    assert "recommendations.yaml:2:1: error: invalid YAML" in err


def test_export_carries_the_planning_inputs(plan_data: Path) -> None:
    code, out, _ = run("export", "--data", plan_data)
    assert code == 0
    assert 'project roadmap "CWS Task No. 58 strategic roadmap" 2022-01-01 - ' in out
    assert "  now 2022-01-01\n" in out
    # the first plan month on or after R01's not_before, as roadmap-cli plans it
    assert (
        'task start_2022_04_01 "Work may start: the first plan month on or after not before '
        '2022-03-15 (2022-03-15)" {\n  milestone\n  start 2022-04-01\n}\n'
    ) in out
    r01 = _block(out, "R01")
    assert "  effort 91d\n  allocate task_force__1 { alternative task_force__2 }\n" in r01
    assert "  depends start_2022_04_01\n" in r01
    assert "  depends R01\n" in _block(out, "R02")
    assert "  maxend 2022-11-21\n" in _block(out, "R02")  # CWS/10 starts 2022-11-21
    assert "  allocate international_bureau__1\n" in _block(out, "R03")
    assert "  duration 122d\n" in _block(out, "R05") and "allocate" not in _block(out, "R05")
    item = _block(out, "_2_step_item")  # a TaskJuggler id may not start with a digit
    assert item.startswith('task _2_step_item "R08+R09: Two at once" {')
    assert "  depends R03\n" in item
    assert out.endswith(
        "# Not scheduled (as in `roadmap schedule`):\n# - R06: done\n# - R07: dropped\n\n"
        'taskreport roadmap "roadmap" {\n  formats html\n  selfcontained yes\n'
        '  headline "CWS Task No. 58 strategic roadmap, as of 2022-01-01"\n'
        "  columns name, start, end, effort, resources, chart { scale month }\n}\n"
    )
    priorities = [int(p) for p in re.findall(r"^  priority (\d+)$", out, flags=re.MULTILINE)]
    assert priorities == sorted(priorities, reverse=True) and priorities[0] == 1000


def test_days_past_2035_are_written_as_date_arithmetic(plan_data: Path) -> None:
    code, out, _ = run(
        "export", "--data", plan_data, "--start", "2036-01-01", "--as-of", "2036-01-01"
    )
    assert code == 0
    assert (
        'project roadmap "CWS Task No. 58 strategic roadmap" %{2035-12-31 + 1d} - %{2035-12-31 + '
        in out
    )
    assert "  now %{2035-12-31 + 1d}\n" in out


def _block(tjp: str, task_id: str) -> str:
    start = tjp.index(f"task {task_id} ")
    return tjp[start : tjp.index("\n}\n", start) + 3]


def _titled_data(folder: Path, titles: dict[str, str], owner_name: str) -> Path:
    owners = [{"id": "task-force", "name": owner_name, "capacity": 2}]
    return write_data(
        folder,
        [rec(rec_id, title=title) for rec_id, title in titles.items()],
        planning={**PLANNING, "owners": owners},
    )


def _hostile_data(tmp_path: Path) -> Path:
    return _titled_data(tmp_path / "data", HOSTILE, 'The "${x}" $(HOME) \\')


def _expected_name(rec_id: str, title: str) -> str:
    """The name TaskJuggler reads: one line, ``${``/``$(`` broken, a final ``\\`` guarded."""
    name = "".join(" " if c in "\n\t\u2028" else c for c in f"{rec_id}: {title}")
    name = name.replace("${", "$\u200b{").replace("$(", "$\u200b(")
    return name + ("\u200b" if name.endswith("\\") else "")


def test_hostile_titles_stay_inside_their_strings(tmp_path: Path) -> None:
    plain = _titled_data(tmp_path / "plain", dict.fromkeys(HOSTILE, "x"), "x")
    code, hostile_out, _ = run("export", "--data", _hostile_data(tmp_path))
    assert code == 0
    _, plain_out, _ = run("export", "--data", plain)
    # the titles change nothing TaskJuggler reads as syntax, line for line
    assert skeleton(hostile_out) == skeleton(plain_out)
    assert "${" not in hostile_out and "$(" not in hostile_out
    for rec_id, title in HOSTILE.items():
        line = next(li for li in hostile_out.splitlines() if li.startswith(f"task {rec_id} "))
        quoted = TJ_STRING.search(line)
        assert quoted is not None and line[quoted.end() :] == " {"
        assert quoted.group()[1:-1].replace('\\"', '"') == _expected_name(rec_id, title)


def test_tj3_reads_the_hostile_export_and_the_names_come_back(tmp_path: Path) -> None:
    project = tmp_path / "out" / "roadmap.tjp"
    project.parent.mkdir()
    assert run("export", "--data", _hostile_data(tmp_path), "-o", project)[0] == 0
    tasks = run_tj3(project)
    assert sorted(tasks) == sorted(HOSTILE)  # no task "evil"
    for rec_id, title in HOSTILE.items():
        assert tasks[rec_id][2] == _expected_name(rec_id, title)


def test_the_exports_html_report_gives_a_title_no_event_handler(tmp_path: Path) -> None:
    project = tmp_path / "out" / "roadmap.tjp"
    project.parent.mkdir()
    assert run("export", "--data", _hostile_data(tmp_path), "-o", project)[0] == 0
    tj3(project.parent, project.name)  # the export's own report, roadmap.html
    page = (project.parent / "roadmap.html").read_text(encoding="utf-8")
    assert 'R05: x" onmouseover=alert(1) y="' in html.unescape(page)  # shown as text
    handlers: list[tuple[str, str | None]] = []

    class Attributes(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            handlers.extend((name, value) for name, value in attrs if name.startswith("on"))

    Attributes().feed(page)
    assert not [h for h in handlers if h[0] == "onmouseover" or "alert" in (h[1] or "")]


def test_tj3_plans_the_bundled_roadmap_within_days_of_roadmap_cli(tmp_path: Path) -> None:
    project = tmp_path / "roadmap.tjp"
    assert run("export", "--as-of", AS_OF, "-o", project)[0] == 0
    tasks = run_tj3(project)
    schedule = json.loads(run("schedule", "--json", "--as-of", AS_OF)[1])
    for unit in schedule["units"]:
        start, end, _ = tasks[unit["id"].replace("-", "_")]
        last_day = (end - dt.timedelta(hours=1)).date()
        # the same units in the same waves; TaskJuggler's 183-day half-years drift from
        # calendar months by half a day a wave
        assert 0 <= (start.date() - dt.date.fromisoformat(unit["start"])).days <= 5
        assert 0 <= (last_day - dt.date.fromisoformat(unit["end"])).days <= 5


def test_tj3_plans_dependencies_capacities_and_dates_past_2035(plan_data: Path) -> None:
    project = plan_data.parent / "out" / "roadmap.tjp"
    project.parent.mkdir()
    code, _, _ = run(
        "export",
        "--data",
        plan_data,
        "--start",
        "2036-01-01",
        "--as-of",
        "2036-01-01",
        "-o",
        project,
    )
    assert code == 0
    tasks = run_tj3(project)
    first, second, item = tasks["R01"], tasks["R02"], tasks["_2_step_item"]
    assert first[0].date() == dt.date(2036, 1, 1)
    assert second[0].date() == first[1].date()  # R02 waits for R01
    assert item[0].date() == tasks["R03"][1].date()  # the work item waits for R03
    # the International Bureau runs one unit at once: R04 waits for R03 (or the reverse)
    ib = sorted([tasks["R03"], tasks["R04"]])
    assert ib[1][0] >= ib[0][1]
