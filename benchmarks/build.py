"""Wall time of `roadmap build` on the bundled data against its import floor,
`python -c "import matplotlib.pyplot, docx, jinja2"`, measured in the same run. (Issue 16's floor
also imported networkx, which the build no longer loads: this floor is a tenth of a second
lower, so the ratio is the stricter one.)

The two are run interleaved (floor, build, floor, build, ...) into a temporary folder, after one
warm-up run of each; the medians, their difference (the time the build spends above its own
library imports) and their ratio are printed, then where a build's time goes, step by step, from
one in-process run.
Run: python benchmarks/build.py [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
AS_OF = "2026-11-23"
FLOOR = [sys.executable, "-c", "import matplotlib.pyplot, docx, jinja2"]


def _build_command(out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "roadmap_cli",
        "build",
        "--data",
        str(ROOT / "data"),
        "--out",
        str(out),
        "--as-of",
        AS_OF,
    ]


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - start


def _steps() -> list[tuple[str, float]]:
    """Seconds per step of one build, in process (imports already paid for by then)."""
    sys.path.insert(0, str(ROOT))
    from roadmap_cli.build import prepare_build, render_build
    from roadmap_cli.project import PlanOptions, load_project, plan_project

    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    project = load_project(ROOT / "data").project
    assert project is not None
    marks.append(("load the data", time.perf_counter() - start))
    start = time.perf_counter()
    as_of = dt.date.fromisoformat(AS_OF)
    made = prepare_build(project, plan_project(project, PlanOptions(as_of=as_of)), as_of)
    marks.append(("plan and views", time.perf_counter() - start))
    last = time.perf_counter()

    def tick(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        marks.append((name, now - last))
        last = now

    render_build(made, tick)
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="roadmap-build-") as folder:
        build = _build_command(Path(folder) / "outputs")
        _time(FLOOR)  # warm the caches (.pyc, page cache, matplotlib's font cache)
        _time(build)
        floors, builds = [], []
        for _ in range(runs):
            floors.append(_time(FLOOR))
            builds.append(_time(build))
    floor, total = statistics.median(floors), statistics.median(builds)
    print(f"{'command':<58} {'median s':>9}   ({runs} runs each, {os.cpu_count()} cores)")
    print(f"{'floor: import matplotlib.pyplot, docx, jinja2':<58} {floor:>9.2f}")
    print(f"{'roadmap build --as-of ' + AS_OF:<58} {total:>9.2f}")
    print(f"{'difference (build above its imports)':<58} {total - floor:>9.2f}")
    print(f"{'ratio':<58} {total / floor:>9.2f}")
    print("\none build, step by step (in process, s):")
    for name, seconds in _steps():
        print(f"  {name:<24} {seconds:>6.2f}")


if __name__ == "__main__":
    main()
