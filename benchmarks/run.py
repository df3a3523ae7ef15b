"""Wall time and peak memory of the main commands, each beside its floor, at two sizes.

Run: ``python benchmarks/run.py [--runs N] [--quick]``. For the bundled data and for a synthetic
roadmap of 2,000 recommendations x 200 offices (400,000 answers; see synthetic.py), it times
``validate``, ``priorities``, ``schedule``, ``build`` and ``status`` in fresh processes (median
of N runs) and reads each one's peak resident memory (``os.wait4``). Floors, measured in the same
run: ``python -c "import typer, yaml"`` for the queries; a bare
``yaml.load(..., Loader=CSafeLoader)`` of the same files for the commands that load everything.
Then it doubles the synthetic size (1,000 -> 2,000 recommendations, 100 -> 200 offices: four
times the answers) to show how each step grows. Targets (issue #7): status <= 1.5x its floor;
validate, priorities and schedule at 2,000 x 200 <= 1.5x the parse floor; peak memory < 1 GB.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_data

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
PY = sys.executable
PARSE = (
    "import sys, yaml, pathlib\n"
    "for f in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(f.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
)


def measure(command: list[str], runs: int) -> tuple[float, float, int]:
    """(median seconds, peak MiB over the runs, exit code of the last run)."""
    times, peaks, code = [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(
            command, env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
    return statistics.median(times), max(peaks), code


def commands(data: Path, out: Path) -> dict[str, tuple[list[str], str]]:
    roadmap = [PY, "-m", "roadmap_cli"]
    return {
        "status": ([*roadmap, "status", "--data", str(data), "--as-of", "2026-11-23"], "imports"),
        "list": ([*roadmap, "list", "--data", str(data), "--json"], "imports"),
        "validate": ([*roadmap, "validate", "--data", str(data)], "parse"),
        "priorities": ([*roadmap, "priorities", "--data", str(data), "--json"], "parse"),
        "schedule": ([*roadmap, "schedule", "--data", str(data), "--json"], "parse"),
        "build": (
            [*roadmap, "build", "--data", str(data), "--out", str(out), "--as-of", "2026-11-23"],
            "parse",
        ),
    }


def table(label: str, data: Path, runs: int, skip: set[str]) -> dict[str, float]:
    floors = {
        "imports": measure([PY, "-c", "import typer, yaml"], runs)[0],
        "parse": measure([PY, "-c", PARSE, str(data)], runs)[0],
    }
    print(f"\n{label}")
    print(
        f"  floors: import typer, yaml {floors['imports']:.3f} s; bare CSafeLoader parse of the "
        f"same files {floors['parse']:.3f} s"
    )
    print(f"  {'command':<11} {'median s':>9} {'peak MiB':>9} {'x floor':>8}  floor")
    results = {}
    with tempfile.TemporaryDirectory() as out:
        for name, (command, floor) in commands(data, Path(out)).items():
            if name in skip:
                print(f"  {name:<11} {'skipped':>9}")
                continue
            seconds, peak, code = measure(command, runs)
            note = "" if code in (0, 1) else f"  (exit {code})"
            print(
                f"  {name:<11} {seconds:>9.3f} {peak:>9.0f} {seconds / floors[floor]:>8.2f}  "
                f"{floor}{note}"
            )
            results[name] = seconds
    results["parse floor"] = floors["parse"]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per figure on the bundled data")
    parser.add_argument("--quick", action="store_true", help="skip build at the large sizes")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    table(
        "bundled data (40 recommendations, 7 illustrative offices)", ROOT / "data", args.runs, set()
    )
    scratch = Path(tempfile.mkdtemp(prefix="roadmap-bench-"))
    try:
        sizes = {}
        for n, offices in ((1000, 100), (2000, 200)):
            data = write_data(
                scratch / f"{n}x{offices}", recommendations=n, dependencies=3 * n, offices=offices
            )
            label = (
                f"synthetic: {n:,} recommendations x {offices} offices ({n * offices:,} answers)"
            )
            sizes[n] = table(
                label, data, max(1, args.runs // 2), {"build"} if args.quick else set()
            )
        print(
            "\ngrowth from 1,000 x 100 to 2,000 x 200 (twice the recommendations, four times "
            "the answers; linear in answers is 4, quadratic would be 16):"
        )
        for name, seconds in sizes[2000].items():
            if name in sizes[1000]:
                print(f"  {name:<11} x{seconds / sizes[1000][name]:.2f}")
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
