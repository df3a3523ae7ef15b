"""`roadmap diff` end to end: real git repositories, real folders, the working tree untouched."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from annex_cases import CWS7_MOVED
from conftest import DATA, commit_bad_group, git, set_group, tree_state
from typer.testing import CliRunner

from roadmap_cli.cli import app

runner = CliRunner()


def _plain(text: str) -> str:
    """Error text without the rich panel's borders and line wrapping."""
    return re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", text)).strip()


def _short(repo: Path, ref: str) -> str:
    return git(repo, "rev-parse", "--short=7", ref).strip()


def test_diff_between_two_refs_shows_the_cws7_move(cws7_repo: Path) -> None:
    repo = cws7_repo.parent
    state = tree_state(repo)
    result = runner.invoke(app, ["diff", "HEAD~1", "HEAD", "--data", str(cws7_repo)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Changes from HEAD~1 ({_short(repo, 'HEAD~1')}) to HEAD ({_short(repo, 'HEAD')})\n"
        "\n"
        "R20, R33 and R35 moved from Group 2 to Group 1.\n"
        "\n"
        "Recommendations:\n"
        "  R20  group: 2 \u2192 1\n"
        "  R33  group: 2 \u2192 1\n"
        "  R35  group: 2 \u2192 1\n"
    )
    assert result.stderr == ""
    assert tree_state(repo) == state
    assert git(repo, "status", "--porcelain") == ""


def test_diff_against_the_working_tree_sees_uncommitted_edits(cws7_repo: Path) -> None:
    repo = cws7_repo.parent
    recommendations = cws7_repo / "recommendations.yaml"
    recommendations.write_text(
        set_group(recommendations.read_text(encoding="utf-8"), "R21", 3), encoding="utf-8"
    )
    state = tree_state(repo)
    result = runner.invoke(app, ["diff", "HEAD", "--data", str(cws7_repo), "--exit-code"])
    assert result.exit_code == 1, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"Changes from HEAD ({_short(repo, 'HEAD')}) to {cws7_repo} (working tree)"
    )
    assert "R21 was put in Group 3." in result.stdout
    assert "  R21  group: \u2014 \u2192 3\n" in result.stdout
    assert tree_state(repo) == state


def test_diff_between_two_folders_needs_no_git(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(DATA, old)
    shutil.copytree(DATA, new)
    text = (new / "recommendations.yaml").read_text(encoding="utf-8")
    (new / "recommendations.yaml").write_text(
        text.replace("  - id: R40\n", "  - id: R40\n    depends_on: [R39]\n", 1), encoding="utf-8"
    )
    result = runner.invoke(app, ["diff", str(old), str(new), "--data", str(tmp_path / "none")])
    assert result.exit_code == 0, result.stderr
    assert "The dependencies of R40 changed from none to R39." in result.stdout
    assert "  R40  depends_on: none \u2192 R39\n" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_identical_data_exits_0_and_says_no_changes(cws7_repo: Path, fmt: str) -> None:
    result = runner.invoke(
        app, ["diff", "HEAD", "--data", str(cws7_repo), "--exit-code", "--format", fmt]
    )
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        document = json.loads(result.stdout)
        assert document["changes"] == [] and document["effects"] == []
    else:
        assert "no changes" in result.stdout.lower()


def test_exit_code_is_1_only_when_asked_and_there_are_differences(cws7_repo: Path) -> None:
    args = ["diff", "HEAD~1", "--data", str(cws7_repo)]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args, "--exit-code"]).exit_code == 1


@pytest.mark.parametrize("ref", ["HEAD~5", "no-such-branch"])
def test_a_bad_ref_exits_2_with_a_clear_message_and_touches_nothing(
    cws7_repo: Path, ref: str
) -> None:
    state = tree_state(cws7_repo.parent)
    result = runner.invoke(app, ["diff", ref, "--data", str(cws7_repo)])
    assert result.exit_code == 2
    assert (
        f"Invalid value for BASE: '{ref}' is neither a data folder nor a commit in the git "
        f"repository of '{cws7_repo}'; give a folder, a branch, a tag or a commit such as HEAD~1"
    ) in _plain(result.stderr)
    assert result.stdout == ""
    assert tree_state(cws7_repo.parent) == state


def test_a_bad_head_ref_names_head(cws7_repo: Path) -> None:
    result = runner.invoke(app, ["diff", "HEAD", "nope", "--data", str(cws7_repo)])
    assert result.exit_code == 2
    assert "Invalid value for HEAD: 'nope' is neither a data folder nor a commit" in _plain(
        result.stderr
    )


def test_a_missing_data_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["diff", "HEAD", "--data", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist; pass --data DIR or set ROADMAP_DATA" in _plain(result.stderr)


def test_markdown_of_the_cws7_move_matches_the_golden_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, golden: Callable[[str, bytes], None]
) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    before = (DATA / "recommendations.yaml").read_text(encoding="utf-8")
    for rec_id in CWS7_MOVED:
        before = set_group(before, rec_id, 2)
    shutil.copytree(DATA, tmp_path / "cws6")
    (tmp_path / "cws6" / "recommendations.yaml").write_text(before, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["diff", "cws6", "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    golden("diff-cws7.md", result.stdout_bytes)


def test_json_lists_changes_with_id_field_before_and_after(cws7_repo: Path) -> None:
    result = runner.invoke(app, ["diff", "HEAD~1", "--data", str(cws7_repo), "-f", "json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert [(c["id"], c["field"], c["before"], c["after"]) for c in document["changes"]] == [
        (rec_id, "group", 2, 1) for rec_id in CWS7_MOVED
    ]
    assert document["effects"] == []
    assert document["summary"] == ["R20, R33 and R35 moved from Group 2 to Group 1."]


def test_new_errors_in_the_head_come_after_every_change_it_can_compute(cws7_repo: Path) -> None:
    """Data with errors: the changes still come, then the problems; exit 0 as the README says
    (1 only with --exit-code)."""
    repo = cws7_repo.parent
    recommendations = cws7_repo / "recommendations.yaml"
    text = recommendations.read_text(encoding="utf-8")
    text = text.replace("  - id: R03\n", "  - id: R03\n    depends_on: [R41]\n", 1)
    text = text.replace("  - id: R05\n", "  - id: R05\n    groupp: 2\n", 1)  # a shape error
    recommendations.write_text(text, encoding="utf-8")
    state = tree_state(repo)
    result = runner.invoke(app, ["diff", "HEAD", "--data", str(cws7_repo), "-f", "markdown"])
    assert result.exit_code == 0
    problem = "R41 is not a known recommendation; did you mean R40? | unknown-recommendation |"
    line = recommendations.read_text(encoding="utf-8").splitlines().index("    depends_on: [R41]")
    where = f"`{cws7_repo}/recommendations.yaml:{line + 1}:18`"
    assert f"| new error | {where} | {problem}" in result.stdout
    assert "New problems: 2 errors." in result.stdout
    assert "The dependencies of R03 changed from none to R41." in result.stdout
    assert "not compared, because of their errors: R05" in result.stdout
    assert result.stderr.splitlines()[-1] == (
        f"note: {cws7_repo} (working tree) has data errors; only its records without errors "
        "were compared"
    )
    fails = runner.invoke(app, ["diff", "HEAD", "--data", str(cws7_repo), "--exit-code"])
    assert fails.exit_code == 1
    text_lines = fails.stdout.splitlines()
    assert text_lines.index("Recommendations:") < text_lines.index("Problems:")
    assert "  R03  depends_on: none \u2192 R41" in text_lines
    assert tree_state(repo) == state


def test_a_change_that_fixes_an_error_reports_it_resolved(cws7_repo: Path) -> None:
    repo = cws7_repo.parent
    commit_bad_group(cws7_repo, fix=False)
    result = runner.invoke(app, ["diff", "HEAD", "--data", str(cws7_repo)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[2] == (
        f"note: HEAD ({_short(repo, 'HEAD')}) has data errors: only the records without errors "
        "are compared, and its schedule and priorities are not computed"
    )
    assert "Problems resolved: 1 error." in lines
    assert any(line.startswith("  resolved: HEAD:data/recommendations.yaml:") for line in lines)


def test_warnings_that_only_moved_are_not_new(cws7_repo: Path) -> None:
    repo = cws7_repo.parent
    recommendations = cws7_repo / "recommendations.yaml"
    recommendations.write_bytes(b"\xef\xbb\xbf" + recommendations.read_bytes())
    git(repo, "commit", "-q", "-am", "a byte-order mark")
    recommendations.write_bytes(recommendations.read_bytes().replace(b"# CWS", b"#\n# CWS", 1))
    result = runner.invoke(app, ["diff", "HEAD", "--data", str(cws7_repo), "--exit-code"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("no changes from HEAD (")


def test_an_office_answer_in_the_working_tree_moves_computed_ranks(cws7_repo: Path) -> None:
    repo = cws7_repo.parent
    answers = cws7_repo / "surveys" / "2020-task-force" / "QP.yaml"
    answers.write_text(
        answers.read_text(encoding="utf-8").replace("  R04: medium\n", "  R04: high\n", 1),
        encoding="utf-8",
    )
    state = tree_state(repo)
    result = runner.invoke(app, ["diff", "HEAD", "--data", str(cws7_repo), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["changes"] == [
        {
            "subject": "response",
            "id": "2020-task-force/QP",
            "field": "R04",
            "change": "changed",
            "before": "medium",
            "after": "high",
        }
    ]
    assert [(e["id"], e["before"], e["after"]) for e in document["effects"]] == [
        ("R04", 4, 1),
        ("R06", 1, 2),
        ("R39", 2, 3),
        ("R12", 3, 4),
    ]
    assert tree_state(repo) == state


def _depends(text: str, rec_id: str, prerequisites: str) -> str:
    """``recommendations.yaml`` text with ``rec_id`` depending on ``prerequisites``."""
    start = text.index(f"  - id: {rec_id}\n")
    end = text.index("\n  - id: ", start + 1)
    block = text[start:end]
    assert "    depends_on:" not in block
    block = block.replace("    status:", f"    depends_on: [{prerequisites}]\n    status:", 1)
    return text[:start] + block + text[end:]


def test_a_new_dependency_that_shifts_three_items_shows_the_three_shifts(
    cws7_repo: Path,
) -> None:
    """R02 -> R03 -> R05 is a chain; making R02 wait for R01 moves all three by six months."""
    repo = cws7_repo.parent
    planning = cws7_repo / "planning.yaml"  # no capacity limits: only dependencies set dates
    planning.write_text(
        re.sub(r"capacity: \d+", "capacity: null", planning.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    recommendations = cws7_repo / "recommendations.yaml"
    text = _depends(
        _depends(recommendations.read_text(encoding="utf-8"), "R03", "R02"), "R05", "R03"
    )
    recommendations.write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a chain R02 -> R03 -> R05, no capacity limits")
    recommendations.write_text(_depends(text, "R02", "R01"), encoding="utf-8")
    state = tree_state(repo)

    from_start = ["--as-of", "2022-01-01"]  # both versions planned from the plan start
    result = runner.invoke(
        app, ["diff", "HEAD", "--data", str(cws7_repo), "-f", "json", *from_start]
    )
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert [(c["id"], c["field"], c["after"]) for c in document["changes"]] == [
        ("R02", "depends_on", ["R01"])
    ]
    shifts = [
        (e["id"], e["start_shift"], e["end_shift"])
        for e in document["effects"]
        if e["kind"] == "schedule" and e["start_shift"]
    ]
    assert shifts == [("R02", 6, 6), ("R03", 6, 6), ("R05", 6, 6)]
    assert document["summary"][1] == (
        "The schedule moves 3 items (R02 +6 months, R03 +6 months, R05 +6 months)."
    )
    assert "Now on the critical path: R01." in document["summary"]
    assert document["effects"][-1] == {
        "kind": "plan-end",
        "id": "plan",
        "before": "2023-06-30",
        "after": "2023-12-31",
        "shift": 6,
    }

    markdown = runner.invoke(
        app, ["diff", "HEAD", "--data", str(cws7_repo), "-f", "markdown", *from_start]
    )
    assert (
        "| R03 | 2022-07-01 \u2192 2023-01-01 (+6 months) | 2022-12-31 \u2192 2023-06-30 "
        "(+6 months) | CWS/11 | yes |"
    ) in markdown.stdout
    gantt = markdown.stdout.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert [line.strip() for line in gantt.splitlines() if line.strip().startswith("section")] == [
        "section R02",
        "section R03",
        "section R05",
    ]
    assert "    before :done, b2, 2022-07-01, 2023-01-01\n" in gantt
    assert "    after :crit, active, a2, 2023-01-01, 2023-07-01\n" in gantt
    assert tree_state(repo) == state
