"""Start-up time of `roadmap status` against its floor, `python -c "import typer, yaml"`.

Prints the median wall time of each (measured in the same run, interleaved), their ratio (target
<= 1.5), and the top `python -X importtime` offenders of `roadmap status`.
Run: python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
COMMANDS = {
    "floor: import typer, yaml": [sys.executable, "-c", "import typer, yaml"],
    "roadmap status": [sys.executable, "-m", "roadmap_cli", "status", "--data", str(ROOT / "data")],
    "roadmap status --json": [
        sys.executable,
        "-m",
        "roadmap_cli",
        "status",
        "--json",
        "--data",
        str(ROOT / "data"),
    ],
    "roadmap show R14": [
        sys.executable,
        "-m",
        "roadmap_cli",
        "show",
        "R14",
        "--data",
        str(ROOT / "data"),
    ],
}


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    for command in COMMANDS.values():  # warm the caches (.pyc, page cache)
        _time(command)
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, command in COMMANDS.items():
            samples[name].append(_time(command))
    floor = statistics.median(samples["floor: import typer, yaml"])
    print(
        f"{'command':<28} {'median ms':>10} {'ratio':>7}   "
        f"({runs} runs each, {os.cpu_count()} cores)"
    )
    for name, times in samples.items():
        median = statistics.median(times)
        print(f"{name:<28} {median * 1000:>10.1f} {median / floor:>7.2f}")
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *COMMANDS["roadmap status"][1:]],
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    print("\ntop cumulative imports of `roadmap status` (us):")
    for cumulative, name in sorted(rows, reverse=True)[:12]:
        print(f"{cumulative:>10}  {name}")


if __name__ == "__main__":
    main()
