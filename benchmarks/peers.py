"""Peers side by side: `roadmap validate` against check-jsonschema on the same data files.

Run: ``python benchmarks/peers.py [--runs N] [--size 2000x200]``. For the bundled data and a
synthetic roadmap (synthetic.py), it times, in fresh processes (median of N; CPU is user + system
time, peak the largest resident size):

- ``roadmap validate --data DIR`` (shape and meaning checks, located errors);
- ``check-jsonschema --schemafile schema/KIND.schema.json FILES`` for every kind of data file
  (recommendations, sessions, planning, survey, answers): the shape checks only, by a JSON
  Schema validator, against the schemas `roadmap schema` writes. One process per kind, as a
  pre-commit hook would run; the times are summed.

and prints whether both accept the data. A peer that is not installed is skipped with a line
saying so. (A TaskJuggler export for comparing schedules with ``tj3`` is not written yet:
issue 16 item 6; the line for it says so.)
"""

from __future__ import annotations

import argparse
import os
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
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def run(command: list[str], runs: int) -> tuple[float, float, float, int]:
    """(median cpu s, median wall s, peak MiB, exit code of the last run)."""
    cpus, walls, peak, code = [], [], 0.0, 0
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(
            command, env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
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


def compare(label: str, data: Path, runs: int) -> None:
    print(f"\n{label}")
    print(f"  {'tool':<34} {'cpu s':>7} {'wall s':>7} {'peak MiB':>9}  verdict")
    cpu, wall, peak, code = run(
        [sys.executable, "-m", "roadmap_cli", "validate", "--data", str(data)], runs
    )
    verdict = "valid" if code == 0 else f"problems (exit {code})"
    print(f"  {'roadmap validate':<34} {cpu:>7.2f} {wall:>7.2f} {peak:>9.0f}  {verdict}")
    if shutil.which("check-jsonschema") is None:
        print("  check-jsonschema: skipped, not installed (pip install check-jsonschema)")
    else:
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
    print("  tj3 (TaskJuggler): skipped, the roadmap has no TaskJuggler export yet (issue 16)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="2000x200", help="the synthetic size, NxM")
    args = parser.parse_args()
    compare("bundled data (40 recommendations, 7 offices)", ROOT / "data", args.runs)
    n, _, m = args.size.partition("x")
    with tempfile.TemporaryDirectory(prefix="roadmap-peers-") as scratch:
        data = write_data(
            Path(scratch) / "data",
            recommendations=int(n),
            dependencies=3 * int(n),
            offices=int(m),
        )
        compare(f"synthetic: {int(n):,} recommendations x {m} offices", data, args.runs)


if __name__ == "__main__":
    main()
