"""`roadmap priorities`, `roadmap validate` on surveys, `roadmap schema survey|answers`, and what
the light commands must not import, through typer's CliRunner on real files."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT as REPO
from conftest import Golden
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.schema import json_schema_text

PUBLISHED = ["R04", "R06", "R09", "R12", "R15", "R18", "R23", "R38", "R39"]
GOLDEN = REPO / "tests" / "golden"


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def _flat(output: str) -> str:
    """Typer's boxed error message as one line of words."""
    return " ".join(output.replace("\u2502", " ").split())


def test_priorities_json_matches_the_golden_file(data_dir: Path, golden: Golden) -> None:
    result = run("priorities", "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    golden("priorities-2020-task-force.json", result.stdout)  # type: ignore[attr-defined]
    items = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert [i["rank"] for i in items] == list(range(1, 41))
    assert sorted(i["id"] for i in items if i["level"] == "high") == PUBLISHED
    assert {"id", "rank", "score", "n", "level", "adopted"} <= set(items[0])


def test_priorities_table_shows_agreement_and_flags(data_dir: Path) -> None:
    result = run("priorities", "--survey", "2020-task-force", "--method", "bayes")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out = result.stdout  # type: ignore[attr-defined]
    assert "ILLUSTRATIVE" in out and "method: bayes" in out
    assert (
        "Krippendorff's alpha (ordinal) 0.376" in out and "Kendall's W (tie-corrected) 0.448" in out
    )
    assert "Computed level differs from the adopted one: R09, R23" in out
    assert "Low coverage: R31, R35" in out and "Contested: R20" in out


def test_the_priorities_table_matches_the_golden_file_in_80_columns(
    data_dir: Path, golden: Golden
) -> None:
    """Plain text, as `roadmap list`: no trailing spaces, no escape sequences, 80 columns."""
    result = CliRunner().invoke(app, ["priorities"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    golden("priorities.txt", result.stdout)
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 80 and not [line for line in lines if line != line.rstrip()]
    assert "\x1b" not in result.stdout


def test_respondents_say_how_many_of_the_listed_offices_answered(data_dir: Path) -> None:
    for office in ("QO", "QP", "QQ", "QR", "QS"):  # 2 of the 7 listed offices answer
        (data_dir / "surveys" / "2020-task-force" / f"{office}.yaml").unlink()
    result = run("priorities", "--survey", "2020-task-force")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert "Respondents: 2 of 7 have answered" in lines


@pytest.mark.parametrize("width", ["80", "160"])
def test_priorities_use_the_terminal_width_and_never_cut_a_flag(data_dir: Path, width: str) -> None:
    result = CliRunner().invoke(app, ["priorities", "--method", "bayes"], env={"COLUMNS": width})
    out = result.stdout
    assert result.exit_code == 0 and "\u2026" not in out  # no title cut short either
    rows = {line.split()[1]: line for line in out.splitlines() if line[:5].strip().isdigit()}
    assert rows["R31"].rstrip().endswith("low-coverage")
    assert rows["R09"].rstrip().endswith("disagrees")
    if width == "160":
        assert "Online services via APIs for interoperability, incl. third-party systems" in out
        # two recommendations with one topic title are told apart
        assert (
            "Common conversion software tool to XML (e.g. a DOCX converter) \u2014 one work "
            "item with R18" in rows["R04"]
        )
        assert (
            "Common conversion software tool to XML (e.g. a DOCX converter) \u2014 one work "
            "item with R04" in rows["R18"]
        )


def test_borda_ranks_r01_high_without_an_adopted_priority(data_dir: Path) -> None:
    items = json.loads(run("priorities", "--method", "borda", "--json").stdout)  # type: ignore[attr-defined]
    r01 = next(i for i in items if i["id"] == "R01")
    assert (r01["level"], r01["adopted"], r01["flags"]) == ("high", None, ["not-adopted"])


def test_a_survey_without_answers_lists_every_recommendation_unranked(data_dir: Path) -> None:
    result = run("priorities", "--survey", "2021-ict-strategy", "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    items = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert len(items) == 40 and all(
        i["rank"] is None and i["n"] == 0 and i["absent"] == 27 for i in items
    )
    table = run("priorities", "--survey", "2021-ict-strategy").stdout  # type: ignore[attr-defined]
    assert "No answers: this survey has no answer files yet." in table


def test_an_unknown_survey_is_a_usage_error_with_a_suggestion(data_dir: Path) -> None:
    result = run("priorities", "--survey", "2020-taskforce")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "did you mean 2020-task-force?" in _flat(result.output)  # type: ignore[attr-defined]


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_the_chart_is_written_and_byte_identical_on_rerun(
    data_dir: Path, tmp_path: Path, suffix: str
) -> None:
    chart = tmp_path / f"chart{suffix}"
    assert run("priorities", "--chart", str(chart)).exit_code == 0  # type: ignore[attr-defined]
    first = chart.read_bytes()
    assert run("priorities", "--chart", str(chart)).exit_code == 0  # type: ignore[attr-defined]
    assert chart.read_bytes() == first
    if suffix == ".svg":
        root = ET.fromstring(first)
        assert root.tag.endswith("svg") and b"<dc:date>" not in first and b"Matplotlib" not in first
    else:
        assert first.startswith(b"\x89PNG") and b"Software" not in first


def test_a_chart_needs_an_svg_or_png_name(data_dir: Path, tmp_path: Path) -> None:
    result = run("priorities", "--chart", str(tmp_path / "chart.pdf"))
    assert result.exit_code == 2 and "should end in .svg or .png" in _flat(result.output)  # type: ignore[attr-defined]


def test_validate_reports_survey_problems_with_positions(data_dir: Path) -> None:
    path = data_dir / "surveys" / "2020-task-force" / "QM.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("R04: high", "R4: hihg"), encoding="utf-8"
    )
    result = run("validate")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr.splitlines() == [  # type: ignore[attr-defined]
        "data/surveys/2020-task-force/QM.yaml:17:3: error: R4 is not a known recommendation; "
        "did you mean R04? [unknown-recommendation]",
        "1 error, 0 warnings in 1 file",
    ]


def test_the_schema_files_are_in_sync_with_the_model() -> None:
    for kind in ("survey", "answers"):
        assert (REPO / "schema" / f"{kind}.schema.json").read_text(
            encoding="utf-8"
        ) == json_schema_text(kind)
        assert run("schema", kind).stdout == json_schema_text(kind)  # type: ignore[attr-defined]


def test_a_ranking_survey_is_ranked_by_borda_and_refuses_other_methods(
    bare_data_dir: Path, tmp_path: Path
) -> None:
    import shutil

    shutil.copytree(
        REPO / "tests" / "cases" / "surveys" / "valid" / "ranking",
        bare_data_dir / "surveys" / "ranking",
    )
    items = json.loads(run("priorities", "--survey", "ranking", "--json").stdout)  # type: ignore[attr-defined]
    # R04: QM first of 3 (1.0), QN second of 3 (0.5) -> 0.75; R06: 0.5 and 1.0 -> 0.75; tie broken
    # by the median of the scores (-1.5 each), the mean, ..., then the id.
    assert [(i["id"], i["score"], i["level"]) for i in items[:4]] == [
        ("R04", 0.75, "high"),
        ("R06", 0.75, "high"),
        ("R01", 0.0, "low"),
        ("R09", 0.0, "low"),
    ]
    assert run("priorities", "--survey", "ranking", "--method", "median").exit_code == 2  # type: ignore[attr-defined]
    chart = tmp_path / "ranking.svg"
    assert run("priorities", "--survey", "ranking", "--chart", str(chart)).exit_code == 0  # type: ignore[attr-defined]
    assert chart.read_bytes().startswith(b"<?xml")
