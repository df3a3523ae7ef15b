"""`roadmap gantt` end to end, on a small data folder with dependencies and work under way."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from gantt_cases import write_gantt_case
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.render.figure import MAGIC

runner = CliRunner()


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_gantt_case(tmp_path_factory.mktemp("gantt") / "data")


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", text)).strip()


def test_without_a_file_it_prints_the_mermaid_page(data: Path) -> None:
    result = runner.invoke(app, ["gantt", "--data", str(data), "--as-of", "2022-03-15"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# CWS Task No. 58 strategic roadmap: the planned work as of ")
    assert "```mermaid\ngantt\n" in result.stdout
    assert "R02 Re-engineering : crit, u_R02, after u_R01, 2022-10-01" in result.stdout


def test_the_file_name_chooses_the_format(data: Path, tmp_path: Path) -> None:
    for name in ("chart.svg", "chart.pdf"):
        target = tmp_path / name
        result = runner.invoke(
            app,
            [
                "gantt",
                "--data",
                str(data),
                "--as-of",
                "2022-03-15",
                "-o",
                str(target),
                "--group-by",
                "priority",
            ],
        )
        assert result.exit_code == 0, result.stderr
        assert result.stderr == f"wrote {target} ({target.stat().st_size:,} bytes)\n"
        assert target.read_bytes().startswith(MAGIC[target.suffix[1:]])


def test_the_bare_mermaid_block(data: Path) -> None:
    result = runner.invoke(
        app, ["gantt", "--data", str(data), "--as-of", "2022-03-15", "--format", "mmd"]
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("gantt\n    title ")


def test_as_of_defaults_to_the_day_the_data_pins_else_today(data: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["gantt", "--data", str(data)])
    assert result.exit_code == 0
    assert "the planned work as of 2022-01-01" in result.stdout  # planning.yaml's as_of
    unpinned = tmp_path / "unpinned"
    shutil.copytree(data, unpinned)
    planning = unpinned / "planning.yaml"
    text = planning.read_text(encoding="utf-8")
    planning.write_text(re.sub(r"(?m)^as_of: .*\n", "", text), encoding="utf-8")
    result = runner.invoke(app, ["gantt", "--data", str(unpinned)])
    assert result.exit_code == 0
    assert f"the planned work as of {dt.date.today()}" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "png"], "Invalid value for --format: png is a binary format; give -o FILE.png"),
        (["-o", "chart.txt"], "give --format, or a file name ending in"),
        (["--group-by", "colour"], "Invalid value for '--group-by'"),
    ],
)
def test_usage_errors_exit_2(data: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["gantt", "--data", str(data), *args])
    assert result.exit_code == 2
    assert message in _plain(result.stderr)


def test_an_unwritable_output_exits_1(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "gantt.svg"
    result = runner.invoke(app, ["gantt", "--data", str(data), "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"error: {target}: cannot write the file: the folder '{target.parent}' does not exist; "
        "create it or choose another output path\n"
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
