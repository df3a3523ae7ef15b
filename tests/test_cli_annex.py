"""`roadmap annex` end to end: real data, real files, real git repositories."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from conftest import DATA, GOLDEN, commit_bad_group, git, tree_state
from typer.testing import CliRunner

from roadmap_cli.cli import app

runner = CliRunner()


def _plain(text: str) -> str:
    """Error text without the rich panel's borders and line wrapping."""
    return re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", text)).strip()


def test_markdown_goes_to_stdout_and_matches_the_golden_file() -> None:
    result = runner.invoke(app, ["annex", "--data", str(DATA)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (GOLDEN / "annex.md").read_bytes()
    assert result.stderr == ""


@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_text_formats_match_their_golden_files(fmt: str) -> None:
    result = runner.invoke(app, ["annex", "--data", str(DATA), "--format", fmt])
    assert result.exit_code == 0
    assert result.stdout_bytes == (GOLDEN / f"annex.{fmt}").read_bytes()


def test_the_output_file_name_chooses_the_format(tmp_path: Path) -> None:
    target = tmp_path / "annex.docx"
    result = runner.invoke(app, ["annex", "--data", str(DATA), "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"wrote {target} ({target.stat().st_size:,} bytes)\n"
    document = docx.Document(io.BytesIO(target.read_bytes()))
    assert document.tables[0].rows[4].cells[0].text == "R04"


def test_columns_can_be_added(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["annex", "--data", str(DATA), "-f", "csv", "--columns", "+status,work-item"]
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (  # after the byte-order mark Excel needs
        "\ufeffNo.,Recommendation,Group,Relevant WIPO Standard(s) or CWS Task(s),Priority,"
        "Status,Work item"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "docx"], "Invalid value for --format: docx is a binary format; give -o FILE.docx"),
        (["--columns", "+statu"], "'statu' is not a column; did you mean status?"),
        (["-f", "csv", "--baseline", "HEAD"], "csv cannot show revision marks"),
    ],
)
def test_usage_errors_exit_2_with_a_clear_message(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["annex", "--data", str(DATA), *args])
    assert result.exit_code == 2
    assert message in _plain(result.stderr)
    assert result.stdout == ""


def test_an_unwritable_output_exits_1_without_a_traceback(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "annex.html"
    result = runner.invoke(app, ["annex", "--data", str(DATA), "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {target}: cannot write the file: the folder '{target.parent}' does not exist; "
        "create it or choose another output path\n"
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_revision_marks_against_the_previous_commit(cws7_repo: Path) -> None:
    repo = cws7_repo.parent
    state = tree_state(repo)
    commit = git(repo, "rev-parse", "--short=7", "HEAD~1").strip()
    result = runner.invoke(app, ["annex", "--data", str(cws7_repo), "--baseline", "HEAD~1"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert (
        f"**Changes against HEAD\\~1 ({commit}):** R20, R33 and R35 moved from Group 2 to Group 1."
    ) in out
    for rec_id in ("R20", "R33", "R35"):
        assert f"| {rec_id} | text pending | <del>2</del> <ins>1</ins> | — | — |" in out
    assert "<ins>" not in next(line for line in out.splitlines() if line.startswith("| R21 "))
    assert f"changes against HEAD\\~1 ({commit})" in out  # ~ escaped: GitHub strikes ~x~
    assert tree_state(repo) == state
    assert git(repo, "status", "--porcelain") == ""


def test_revision_marks_in_word_are_struck_and_underlined_runs(
    cws7_repo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "annex-revised.docx"
    result = runner.invoke(
        app, ["annex", "--data", str(cws7_repo), "--baseline", "HEAD~1", "-o", str(target)]
    )
    assert result.exit_code == 0, result.stderr
    document = docx.Document(io.BytesIO(target.read_bytes()))
    assert "R20, R33 and R35 moved from Group 2 to Group 1." in document.paragraphs[2].text
    runs = document.tables[0].rows[33].cells[2].paragraphs[0].runs  # R33
    assert [(r.text, bool(r.font.strike), bool(r.font.underline)) for r in runs] == [
        ("2", True, False),
        (" ", False, False),
        ("1", False, True),
    ]


def test_a_data_folder_is_a_baseline_too(cws7_repo: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["annex", "--data", str(DATA), "--baseline", str(DATA), "-f", "json"]
    )
    assert result.exit_code == 0
    assert f'"summary_lead": "Changes against {DATA}:",\n  "summary": [\n    "No changes."' in (
        result.stdout
    )


def test_a_bad_ref_exits_2_and_leaves_the_tree_alone(cws7_repo: Path) -> None:
    state = tree_state(cws7_repo.parent)
    result = runner.invoke(app, ["annex", "--data", str(cws7_repo), "--baseline", "HEAD~5"])
    assert result.exit_code == 2
    assert (
        "Invalid value for --baseline: 'HEAD~5' is neither a data folder nor a commit in the git "
        f"repository of '{cws7_repo}'; give a folder, a branch, a tag or a commit such as HEAD~1"
    ) in _plain(result.stderr)
    assert result.stdout == ""
    assert tree_state(cws7_repo.parent) == state


def test_a_baseline_with_data_errors_exits_1_naming_the_ref(cws7_repo: Path) -> None:
    commit_bad_group(cws7_repo)
    result = runner.invoke(app, ["annex", "--data", str(cws7_repo), "--baseline", "HEAD~1"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("HEAD~1:data/recommendations.yaml:")
    assert lines[-1].startswith("error: the baseline HEAD~1 (")


def test_planning_columns_come_from_the_schedule() -> None:
    result = runner.invoke(
        app,
        [
            "annex",
            "--data",
            str(DATA),
            "-f",
            "csv",
            "--as-of",
            "2026-11-23",
            "--columns",
            "+start,end,target-session,slack",
        ],
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.removeprefix("\ufeff").splitlines()
    rows = {line.split(",")[0]: line.split(",") for line in lines}
    assert rows["No."][-4:] == ["Start", "End", "Target session", "Slack (months)"]
    assert (
        rows["R04"][-4:]
        == rows["R18"][-4:]
        == ["2026-12-01", "2027-05-31", "CWS/15 (dates assumed)", "54"]
    )
    assert rows["R37"][-1] == "0"


def test_planning_columns_say_they_rest_on_assumptions() -> None:
    result = runner.invoke(
        app, ["annex", "--data", str(DATA), "--columns", "no,start", "--as-of", "2026-11-23"]
    )
    assert result.exit_code == 0, result.stderr
    assert "| R04 | 2026-12-01 |" in result.stdout  # the first month after the as-of day
    assert (
        "come from the computed schedule (roadmap schedule, planned as of 2026-11-23), which "
        "rests on planning assumptions (planning.yaml, sessions.yaml)"
    ) in result.stdout


def test_planning_columns_need_planning_assumptions(bare_data_dir: Path) -> None:
    result = runner.invoke(app, ["annex", "--data", str(bare_data_dir), "--columns", "+slack"])
    assert result.exit_code == 1
    assert "planning.yaml:1:1: error: the planner needs planning assumptions" in result.stderr


def test_the_help_names_every_column() -> None:
    from roadmap_cli.views.annex import COLUMNS

    result = runner.invoke(app, ["annex", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for key in COLUMNS:
        assert re.search(rf"\b{re.escape(key)}\b", _plain(result.stdout)), key
