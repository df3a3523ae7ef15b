"""Peers side by side: `roadmap validate` against check-jsonschema on the same data files, and
`roadmap schedule` against TaskJuggler on the same plan.

Run: ``python benchmarks/peers.py [--runs N] [--size 2000x200] [--tj3-runs N]
[--tj3-timeout S]``. For the bundled data and a synthetic roadmap (synthetic.py), it times, in
fresh processes (median of N; CPU is user + system time, peak the largest resident size):

- ``roadmap validate --data DIR`` (shape and meaning checks, located errors);
- ``check-jsonschema --schemafile schema/KIND.schema.json FILES`` for every kind of data file
  (recommendations, sessions, planning, survey, answers): the shape checks only, by a JSON
  Schema validator, against the schemas `roadmap schema` writes. One process per kind, as a
  pre-commit hook would run; the times are summed;

and prints whether both accept the data. Then the planners, as of 2026-11-23:

- ``roadmap schedule --json`` (load, order, schedule, write the plan), and ``roadmap export``
  (the same plan written as a TaskJuggler project);
- ``tj3`` on that project (read, schedule, write a CSV report of every task's dates), in a
  UTF-8 locale (tj3 reads the file in the locale's encoding);

and how many units both planners start and end on the same day, and why the others differ
(`Agreement`). The synthetic plan is also compared with the task force's capacity lifted
(``--capacity task-force=none``), which TaskJuggler schedules in seconds rather than minutes
(tj3 runs ``--tj3-runs`` times on the synthetic plans, once by default). A peer that is not
installed is skipped with a line saying so; a tj3 run longer than ``--tj3-timeout`` is stopped
and reported as such.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_data

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from roadmap_cli.render.tjp import days, priority, task_ids  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
AS_OF = "2026-11-23"
TJ3_ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
TJ3_REPORT = """taskreport compare "compare" {
  formats csv
  columns id, start, end
  timeformat "%Y-%m-%d-%H:%M"
}
"""
"""Every task's start and end, to the hour, in a CSV file."""


def run(
    command: list[str],
    runs: int,
    *,
    cwd: Path = ROOT,
    env: dict[str, str] = ENV,
    timeout: float | None = None,
) -> tuple[float, float, float, int]:
    """(median cpu s, median wall s, peak MiB, exit code of the last run); a run longer than
    ``timeout`` is killed, and the figures are those of the runs up to it (exit code -9)."""
    cpus, walls, peak, code = [], [], 0.0, 0
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        timer = threading.Timer(timeout or 0, process.send_signal, (signal.SIGKILL,))
        if timeout:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
        if code == -signal.SIGKILL:
            break
    return statistics.median(cpus), statistics.median(walls), peak, code


def schema_runs(data: Path) -> list[list[str]]:
    """One check-jsonschema command per kind of data file present in ``data``."""
    tool = shutil.which("check-jsonschema")
    assert tool is not None
    kinds = {
        "recommendations": [data / "recommendations.yaml"],
        "sessions": [data / "sessions.yaml"],
        "planning": [data / "planning.yaml"],
        "survey": sorted(data.glob("surveys/*/survey.yaml")),
        "answers": sorted(p for p in data.glob("surveys/*/*.yaml") if p.name != "survey.yaml"),
    }
    return [
        [tool, "--schemafile", str(ROOT / "schema" / f"{kind}.schema.json"), *map(str, files)]
        for kind, files in kinds.items()
        if files and all(f.exists() for f in files)
    ]


def validators(data: Path, runs: int) -> None:
    print(f"  {'validation':<34} {'cpu s':>7} {'wall s':>7} {'peak MiB':>9}  verdict")
    cpu, wall, peak, code = run(
        [sys.executable, "-m", "roadmap_cli", "validate", "--data", str(data)], runs
    )
    verdict = "valid" if code == 0 else f"problems (exit {code})"
    print(f"  {'roadmap validate':<34} {cpu:>7.2f} {wall:>7.2f} {peak:>9.0f}  {verdict}")
    if shutil.which("check-jsonschema") is None:
        print("  check-jsonschema: skipped, not installed (pip install check-jsonschema)")
        return
    total_cpu = total_wall = top = 0.0
    codes = []
    for command in schema_runs(data):
        c, w, p, code = run(command, runs)
        total_cpu, total_wall, top = total_cpu + c, total_wall + w, max(top, p)
        codes.append(code)
    verdict = "valid" if not any(codes) else f"problems (exits {codes})"
    print(
        f"  {'check-jsonschema (5 schemas)':<34} {total_cpu:>7.2f} {total_wall:>7.2f} "
        f"{top:>9.0f}  {verdict}"
    )


# ---- the planners: roadmap schedule and TaskJuggler -----------------------------------------

REASONS = {
    "month length": "month length only: TaskJuggler's months are whole days (6 months: 183 "
    "days), calendar months 28 to 31 days; the drift grows along a chain of units",
    "split": "TaskJuggler split the unit: it started in a gap between its owner's bookings and "
    "paused; roadmap-cli waits for a gap that holds the whole unit",
    "tie": "past 1,000 units it shares its TaskJuggler priority (1 to 1000) with a neighbour "
    "in the order, and TaskJuggler (by its own path criticalness) took the other first",
    "prerequisite": "a prerequisite ends on another day (after one of the above)",
    "place": "its owner's place frees up on another day (after one of the above)",
    "release": "it may start on another day",
    "missing": "not in tj3's report",
}
"""Why a unit's dates differ between the planners, most direct cause first."""


@dataclass
class Agreement:
    """How many units the two planners start and end on the same day, and why the others
    differ (`REASONS`)."""

    units: int = 0
    same_start: int = 0
    same_end: int = 0
    same_both: int = 0
    drift_days: int = 0
    """The largest difference the month length alone explains (`month_drift`)."""
    largest_days: int = 0
    """The largest difference of start or end, in days."""
    last_day: dt.date | None = None
    """The last day of work in tj3's plan."""
    reasons: Counter[str] = field(default_factory=Counter)


def month_drift(months: int, elapsed_days: int) -> int:
    """Days by which TaskJuggler's whole-day months may drift from calendar months after
    ``elapsed_days``, for units of ``months`` months: the rounding of each unit (at most
    0.5 day, i.e. 0.2% for 6 months) plus the spread of calendar months (3 days)."""
    exact = months * 30.436875
    return 3 + int(abs(days(months) - exact) / exact * elapsed_days + 0.999)


def agreement(
    schedule: dict[str, Any], tasks: dict[str, tuple[dt.datetime, dt.datetime]]
) -> Agreement:
    """Compare roadmap-cli's plan (``roadmap schedule --json``) with tj3's dates per task id."""
    units = schedule["units"]
    ids = task_ids(u["id"] for u in units)
    work_start = min(dt.date.fromisoformat(u["start"]) for u in units)
    swapped = _swapped_ties(units, ids, tasks)
    result = Agreement(units=len(units))
    for unit in units:
        dates = tasks.get(ids[unit["id"]])
        if dates is None:
            result.reasons["missing"] += 1
            continue
        start, end = dt.date.fromisoformat(unit["start"]), dt.date.fromisoformat(unit["end"])
        tj_start, tj_last = dates[0].date(), (dates[1] - dt.timedelta(hours=1)).date()
        result.last_day = max(result.last_day or tj_last, tj_last)
        moved = (abs((tj_start - start).days), abs((tj_last - end).days))
        result.same_start += moved[0] == 0
        result.same_end += moved[1] == 0
        result.same_both += moved == (0, 0)
        result.largest_days = max(result.largest_days, *moved)
        if moved == (0, 0):
            continue
        months = unit["remaining_months"]
        drift = month_drift(months, (start - work_start).days)
        if (dates[1].date() - tj_start).days > days(months):
            reason = "split"
        elif max(moved) <= drift:
            reason = "month length"
            result.drift_days = max(result.drift_days, *moved)
        elif unit["id"] in swapped:
            reason = "tie"
        else:
            reason = {"dependency": "prerequisite", "capacity": "place"}.get(
                unit["start_reason"], "release"
            )
        result.reasons[reason] += 1
    return result


def _swapped_ties(
    units: list[dict[str, Any]],
    ids: dict[str, str],
    tasks: dict[str, tuple[dt.datetime, dt.datetime]],
) -> set[str]:
    """The units that share a TaskJuggler priority with the next in the order, when tj3 started
    the two the other way round from roadmap-cli."""
    swapped = set()
    for first, second in itertools.pairwise(units):
        if priority(first["order"], len(units)) != priority(second["order"], len(units)):
            continue
        dates = tasks.get(ids[first["id"]]), tasks.get(ids[second["id"]])
        if dates[0] is None or dates[1] is None:
            continue
        ours = (first["start"] > second["start"]) - (first["start"] < second["start"])
        theirs = (dates[0][0] > dates[1][0]) - (dates[0][0] < dates[1][0])
        if ours * theirs < 0:  # both planners ordered the two, the other way round
            swapped |= {first["id"], second["id"]}
    return swapped


def read_report(path: Path) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """Task id -> (start, end) from the CSV report of `TJ3_REPORT`."""
    stamp = "%Y-%m-%d-%H:%M"
    tasks = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        task_id, start, end = line[1:-1].split('";"')
        tasks[task_id] = (dt.datetime.strptime(start, stamp), dt.datetime.strptime(end, stamp))
    return tasks


def planners(
    data: Path, runs: int, tj3_runs: int, scratch: Path, tj3_timeout: float, *options: str
) -> None:
    """roadmap-cli's planner and TaskJuggler's on the same plan, as of `AS_OF`."""
    roadmap = [sys.executable, "-m", "roadmap_cli"]
    plan = ["--data", str(data), "--as-of", AS_OF, *options]
    shown = f" ({' '.join(options)})" if options else ""
    print(f"  {'planning, as of ' + AS_OF + shown:<34} {'cpu s':>7} {'wall s':>7} {'peak MiB':>9}")
    schedule_command = [*roadmap, "schedule", "--json", *plan]
    cpu, wall, peak, _ = run(schedule_command, runs)
    schedule = json.loads(
        subprocess.run(schedule_command, env=ENV, cwd=ROOT, capture_output=True, check=True).stdout
    )
    done = f"{len(schedule['units']):,} units, done by {schedule['end']}"
    print(f"  {'roadmap schedule':<34} {cpu:>7.2f} {wall:>7.2f} {peak:>9.0f}  {done}")
    project = scratch / "roadmap.tjp"
    cpu, wall, peak, _ = run([*roadmap, "export", *plan, "-o", str(project)], runs)
    print(f"  {'roadmap export (tjp)':<34} {cpu:>7.2f} {wall:>7.2f} {peak:>9.0f}")
    tool = shutil.which("tj3")
    if tool is None:
        print("  tj3 (TaskJuggler): skipped, not installed (apt-get install tj3)")
        return
    (scratch / "compare.tji").write_text(TJ3_REPORT, encoding="utf-8")
    report = scratch / "compare.csv"
    report.unlink(missing_ok=True)
    command = [tool, "--silent", "--no-color", "--report", "compare", project.name, "compare.tji"]
    cpu, wall, peak, code = run(command, tj3_runs, cwd=scratch, env=TJ3_ENV, timeout=tj3_timeout)
    if code != 0 or not report.exists():
        why = f"stopped after {tj3_timeout:.0f} s" if code == -signal.SIGKILL else f"exit {code}"
        print(f"  {'tj3 (TaskJuggler)':<34} {cpu:>7.2f} {wall:>7.2f} {peak:>9.0f}  {why}")
        return
    found = agreement(schedule, read_report(report))
    done = f"{found.units - found.reasons['missing']:,} units, done by {found.last_day}"
    print(f"  {'tj3 (TaskJuggler)':<34} {cpu:>7.2f} {wall:>7.2f} {peak:>9.0f}  {done}")
    print(
        f"  same day: start {found.same_start:,}, end {found.same_end:,}, both "
        f"{found.same_both:,} of {found.units:,} units; the others differ by up to "
        f"{found.largest_days:,} days:"
    )
    for reason, count in found.reasons.most_common():
        within = f" (up to {found.drift_days} days)" if reason == "month length" else ""
        print(f"    {count:>6,}  {REASONS[reason]}{within}")


def compare(
    label: str, data: Path, runs: int, tj3_runs: int, scratch: Path, tj3_timeout: float
) -> None:
    print(f"\n{label}")
    validators(data, runs)
    planners(data, runs, tj3_runs, scratch, tj3_timeout)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="2000x200", help="the synthetic size, NxM")
    parser.add_argument(
        "--tj3-runs",
        type=int,
        default=1,
        help="runs of tj3 on the synthetic plans, which take minutes (default 1)",
    )
    parser.add_argument(
        "--tj3-timeout", type=float, default=3600, help="stop a tj3 run after this many seconds"
    )
    args = parser.parse_args()
    n, _, m = args.size.partition("x")
    with tempfile.TemporaryDirectory(prefix="roadmap-peers-") as folder:
        scratch = Path(folder)
        label = "bundled data (40 recommendations, 7 offices)"
        compare(label, ROOT / "data", args.runs, args.runs, scratch, args.tj3_timeout)
        data = write_data(
            scratch / "data",
            recommendations=int(n),
            dependencies=3 * int(n),
            offices=int(m),
        )
        label = f"synthetic: {int(n):,} recommendations x {m} offices"
        compare(label, data, args.runs, args.tj3_runs, scratch, args.tj3_timeout)
        planners(
            data,
            args.runs,
            args.tj3_runs,
            scratch,
            args.tj3_timeout,
            "--capacity",
            "task-force=none",
        )


if __name__ == "__main__":
    main()
