"""CPU, wall time and peak memory of the commands, each beside its floor, at several sizes.

Run: ``python benchmarks/run.py [--runs N] [--sizes 2000x200,10000x200] [--commits 200]
[--quick]``. Every figure is the median of N runs of a fresh process (``os.wait4``: CPU is
user + system time of the process and the workers it waited for; peak memory is the largest
resident size of the command's own process tree as the kernel reports it for that process).

Floors, measured in the same run, beside each command:

- ``imports``: ``python -c "import typer, yaml"``, for the queries (status, list, show);
- ``charts``: ``python -c "import matplotlib.pyplot, docx, jinja2"``, for the build
  of the bundled data (issue 16's also imported networkx, which the build no longer loads);
- ``parse``: a bare ``yaml.load(..., Loader=CSafeLoader)`` of the same files, for the commands
  that load everything (validate, priorities, schedule, build, diff; log reads one version per
  commit, so its floor is the parse of one version times the commits).

Tables: the bundled data; each synthetic size (``NxM``: N recommendations, M offices, about
0.95 N M answers; see synthetic.py); a synthetic size doubled once (1,000 x 100 -> 2,000 x 200: 4x
the answers) to show how each step grows; and a git history of C commits of the first size
(`synthetic.write_history`), for ``log`` and ``diff``, with C halved once to show that ``log``
grows with the commits. Targets (issue 16) are printed beside the figures they judge.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_data, write_history

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
PY = sys.executable
PARSE = (
    "import sys, yaml, pathlib\n"
    "for f in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(f.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
)
AS_OF = "2026-11-23"
TARGETS = {
    ("bundled", "status"): ("imports", 1.5),
    ("bundled", "list"): ("imports", 1.8),
    ("bundled", "show"): ("imports", 1.8),
    ("bundled", "build"): ("charts", 2.0),
    ("2000x200", "build"): ("parse", 4.0),
}
"""(table, command) -> (floor, the wall-time ratio issue 16 asks for)."""


@dataclass(frozen=True)
class Figure:
    cpu: float
    wall: float
    peak: float
    """MiB."""
    code: int


def measure(command: list[str], runs: int, cwd: Path = ROOT) -> Figure:
    """Medians of ``runs`` fresh processes, after none: the caller warms up if it needs to."""
    cpus, walls, peaks, code = [], [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(
            command, env=ENV, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
    return Figure(statistics.median(cpus), statistics.median(walls), max(peaks), code)


def roadmap(*args: str) -> list[str]:
    return [PY, "-m", "roadmap_cli", *args]


def data_commands(data: Path, out: Path, *, bundled: bool) -> dict[str, tuple[list[str], str]]:
    d = str(data)
    commands = {
        "status": (roadmap("status", "--data", d, "--as-of", AS_OF), "imports"),
        "list": (roadmap("list", "--data", d), "imports"),
        "show": (roadmap("show", _first_id(data), "--data", d), "imports"),
        "validate": (roadmap("validate", "--data", d), "parse"),
        "priorities": (roadmap("priorities", "--data", d, "--json"), "parse"),
        "schedule": (roadmap("schedule", "--data", d, "--json"), "parse"),
        "build": (
            roadmap("build", "--data", d, "--out", str(out), "--as-of", AS_OF),
            "charts" if bundled else "parse",
        ),
    }
    return commands


def _first_id(data: Path) -> str:
    with (data / "recommendations.yaml").open(encoding="utf-8") as file:
        for line in file:
            if line.startswith("  - id: R"):
                return line.split(": ", 1)[1].strip()
    raise ValueError(f"no recommendation in {data}")


HEADER = (
    f"  {'command':<11} {'cpu s':>8} {'wall s':>8} {'peak MiB':>9} "
    f"{'cpu/floor':>10} {'wall/floor':>11}  floor"
)


def row(name: str, figure: Figure, floor: Figure, floor_name: str, note: str = "") -> str:
    code = "" if figure.code in (0, 1) else f"  (exit {figure.code})"
    return (
        f"  {name:<11} {figure.cpu:>8.2f} {figure.wall:>8.2f} {figure.peak:>9.0f} "
        f"{figure.cpu / floor.cpu:>10.2f} {figure.wall / floor.wall:>11.2f}  {floor_name}"
        f"{code}{note}"
    )


def target_note(table: str, name: str, figure: Figure, floors: dict[str, Figure]) -> str:
    target = TARGETS.get((table, name))
    if target is None:
        return ""
    floor, ratio = target
    measured = figure.wall / floors[floor].wall
    verdict = "met" if measured <= ratio else "missed"
    return f"  target wall <= {ratio}x {floor}: {verdict}"


def table(
    key: str, label: str, data: Path, runs: int, skip: set[str], bundled: bool = False
) -> dict[str, Figure]:
    floors = {
        "imports": measure([PY, "-c", "import typer, yaml"], runs),
        "parse": measure([PY, "-c", PARSE, str(data)], runs),
    }
    if bundled:
        charts = [PY, "-c", "import matplotlib.pyplot, docx, jinja2"]
        measure(charts, 1)  # matplotlib's font cache, the .pyc files
        floors["charts"] = measure(charts, runs)
    print(f"\n{label}")
    for name, floor in floors.items():
        print(
            f"  floor {name}: cpu {floor.cpu:.3f} s, wall {floor.wall:.3f} s, {floor.peak:.0f} MiB"
        )
    print(HEADER)
    results: dict[str, Figure] = {}
    with tempfile.TemporaryDirectory() as out:
        for name, (command, floor) in data_commands(
            data, Path(out) / "out", bundled=bundled
        ).items():
            if name in skip:
                print(f"  {name:<11} {'skipped':>8}")
                continue
            if name == "build":
                measure(command, 1)  # the first build creates the folder: not counted
            figure = measure(command, runs)
            note = target_note(key, name, figure, floors)
            if key == "10000x200" and name in ("validate", "priorities", "build"):
                note += f"  target peak < 300 MiB: {'met' if figure.peak < 300 else 'missed'}"
            print(row(name, figure, floors[floor], floor, note))
            results[name] = figure
    results["parse floor"] = floors["parse"]
    return results


def history_table(repo: Path, data: Path, commits: int, runs: int) -> dict[str, Figure]:
    parse = measure([PY, "-c", PARSE, str(data)], runs)
    floor = Figure(parse.cpu * commits, parse.wall * commits, parse.peak, 0)
    rec_id = _first_id(data)
    print(
        f"\ngit history: {commits} commits of {data.name}/ "
        "(each edits a recommendation and an answer file)"
    )
    print(
        f"  floor parse x {commits} commits: cpu {floor.cpu:.2f} s, wall {floor.wall:.2f} s; "
        f"one parse {parse.peak:.0f} MiB"
    )
    print(HEADER)
    log = measure(roadmap("log", rec_id, "--data", str(data)), runs, cwd=repo)
    met = log.wall < 30 and log.peak < 500
    target = f"  target < 30 s and < 500 MiB: {'met' if met else 'missed'}"
    print(row("log", log, floor, f"parse x {commits}") + (target if commits == 200 else ""))
    diff = measure(roadmap("diff", "HEAD~1", "HEAD", "--data", str(data)), runs, cwd=repo)
    two = Figure(parse.cpu * 2, parse.wall * 2, parse.peak, 0)
    print(row("diff", diff, two, "parse x 2"))
    return {"log": log, "diff": diff}


def size(text: str) -> tuple[int, int]:
    n, _, m = text.partition("x")
    return int(n), int(m)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per figure, bundled data")
    parser.add_argument(
        "--large-runs", type=int, default=1, help="runs per figure at the synthetic sizes"
    )
    parser.add_argument("--sizes", default="2000x200,10000x200", help="synthetic sizes, NxM")
    parser.add_argument("--growth", default="1000x100", help="the size doubled to the first")
    parser.add_argument("--commits", type=int, default=200, help="commits of the history")
    parser.add_argument("--quick", action="store_true", help="skip build above 2,000 x 200")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
        f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} at the start"
    )
    table(
        "bundled",
        "bundled data (40 recommendations, 7 offices)",
        ROOT / "data",
        args.runs,
        set(),
        bundled=True,
    )
    scratch = Path(tempfile.mkdtemp(prefix="roadmap-bench-"))
    try:
        sizes = [size(s) for s in args.sizes.split(",") if s]
        results = {}
        for n, m in [size(args.growth), *sizes]:
            key = f"{n}x{m}"
            if key in results:
                continue
            data = write_data(scratch / key, recommendations=n, dependencies=3 * n, offices=m)
            skip = {"build"} if args.quick and n > 2000 else set()
            label = (
                f"synthetic: {n:,} recommendations x {m} offices "
                f"(about {n * m * 95 // 100:,} answers)"
            )
            results[key] = table(key, label, data, args.large_runs, skip)
        small, large = size(args.growth), sizes[0]
        a, b = results[f"{small[0]}x{small[1]}"], results[f"{large[0]}x{large[1]}"]
        answers = (large[0] * large[1]) / (small[0] * small[1])
        print(
            f"\ngrowth from {small[0]:,} x {small[1]} to {large[0]:,} x {large[1]} "
            f"({answers:.0f}x the answers, {large[0] / small[0]:.0f}x the recommendations): "
            "cpu ratio"
        )
        for name, figure in b.items():
            if name in a:
                print(f"  {name:<11} x{figure.cpu / a[name].cpu:.2f}")
        n, m = large
        histories = {}
        for commits in (args.commits // 2, args.commits):
            repo = scratch / f"history-{commits}"
            data = write_history(repo, commits=commits, recommendations=n, offices=m)
            histories[commits] = history_table(repo, data, commits, args.large_runs)
        half, full = histories[args.commits // 2], histories[args.commits]
        print(
            f"\ngrowth of log from {args.commits // 2} to {args.commits} commits "
            f"(linear is 2): cpu x{full['log'].cpu / half['log'].cpu:.2f}, "
            f"peak memory x{full['log'].peak / half['log'].peak:.2f}"
        )
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
