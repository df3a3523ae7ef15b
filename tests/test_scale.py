"""Large roadmaps: the charts draw a bounded number of rows and say so; the tables hold all."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.views.priorities import MAX_OFFICES, MAX_ROWS
from roadmap_cli.views.timeline import MAX_BARS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from synthetic import write_data


def test_a_large_build_draws_bounded_charts_and_keeps_every_row(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", recommendations=150, dependencies=300, offices=60)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", "--data", str(data), "--out", str(out), "--as-of", "2026-11-23"]
    )
    assert result.exit_code == 0, result.stderr
    gantt = (out / "gantt.svg").read_text(encoding="utf-8")
    assert len(set(re.findall(r'id="bar-([^"]+)"', gantt))) == MAX_BARS
    assert f"the first {MAX_BARS} of" in gantt
    chart = (out / "priorities.svg").read_text(encoding="utf-8")
    assert f"showing the first {MAX_ROWS} of 150 recommendations" in chart.replace("\n", " ")
    assert f"{MAX_OFFICES} of 60 offices" in chart
    exported = json.loads((out / "roadmap.json").read_text(encoding="utf-8"))
    assert len(exported["plan"]["units"]) > MAX_BARS
    assert (out / "annex.md").read_text(encoding="utf-8").count("\n| R") == 150
    pages = re.findall(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", (out / "gantt.pdf").read_bytes())
    assert len(pages) > 1 and set(pages) == {(b"841.68", b"1190.88")}  # A3 pages, as many as needed
    report = (out / "report.html").read_text(encoding="utf-8")
    parts = re.findall(r'aria-label="[^"]*\(part (\d+) of (\d+)\)"', report)
    assert len(parts) > 4  # the print charts: Gantt and priorities in parts that fit a page
