"""`roadmap log ID`: the story of a recommendation from its history entries and from git."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import DATA, git, set_group, tree_state
from typer.testing import CliRunner

from roadmap_cli.cli import app

runner = CliRunner()


def _short(repo: Path, ref: str) -> str:
    return git(repo, "rev-parse", "--short=7", ref).strip()


def _set_priority(text: str, rec_id: str, priority: str) -> str:
    start = text.index(f"  - id: {rec_id}\n")
    end = text.index("\n  - id: ", start + 1)
    block = re.sub(
        r"^    priority: .*$",
        f"    priority: {priority}",
        text[start:end],
        count=1,
        flags=re.MULTILINE,
    )
    return text[:start] + block + text[end:]


def test_log_r20_shows_the_cws7_move_and_the_decision_it_records(cws7_repo: Path) -> None:
    repo = cws7_repo.parent
    state = tree_state(repo)
    result = runner.invoke(app, ["log", "R20", "--data", str(cws7_repo)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "R20: how it changed\n"
        "\n"
        "Recorded in the data (decisions of CWS sessions):\n"
        "  CWS/7 group: 2 \u2192 1 (CWS/7/29)\n"
        "\n"
        "Versions of the data that changed R20, oldest first (2 of 3 read: the commits of the "
        "data folder and the working tree):\n"
        f"  2020-12-04  {_short(repo, 'HEAD~1')}  CWS/6: the 40 Recommendations in Groups 1-3\n"
        "      first in the data: group 2\n"
        f"  2020-12-04  {_short(repo, 'HEAD')}  CWS/7: R20, R33 and R35 moved to Group 1\n"
        "      group: 2 \u2192 1\n"
        "      recorded as decided at CWS/7, CWS/7/29\n"
    )
    assert tree_state(repo) == state


def test_a_recommendation_that_never_moved_shows_only_its_first_appearance(
    cws7_repo: Path,
) -> None:
    result = runner.invoke(app, ["log", "r21", "--data", str(cws7_repo)])
    assert result.exit_code == 0
    assert "  none\n" in result.stdout  # no history entries
    assert "first in the data\n" in result.stdout
    assert "(1 of 3 read" in result.stdout


def test_priority_added_and_uncommitted_edits_are_steps_too(cws7_repo: Path) -> None:
    repo = cws7_repo.parent
    recommendations = cws7_repo / "recommendations.yaml"
    text = recommendations.read_text(encoding="utf-8")
    recommendations.write_text(_set_priority(text, "R20", "high"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "CWS/8: R20 a priority", date="2020-12-05T12:00:00+00:00")
    recommendations.write_text(
        set_group(_set_priority(text, "R20", "high"), "R20", 3), encoding="utf-8"
    )
    result = runner.invoke(app, ["log", "R20", "--data", str(cws7_repo), "--json"])
    assert result.exit_code == 0, result.stderr
    story = json.loads(result.stdout)
    assert story["versions"] == 4
    steps = [
        (s["date"], s["subject"], [(c["field"], c["before"], c["after"]) for c in s["changes"]])
        for s in story["steps"][1:]
    ]
    assert steps == [
        ("2020-12-04", "CWS/7: R20, R33 and R35 moved to Group 1", [("group", 2, 1)]),
        ("2020-12-05", "CWS/8: R20 a priority", [("priority", None, "high")]),
        (None, None, [("group", 1, 3)]),
    ]
    assert story["steps"][1]["recorded"][0]["session"] == "CWS/7"
    assert story["steps"][2]["recorded"] == []


def test_a_version_with_data_errors_is_a_gap_in_the_story(cws7_repo: Path) -> None:
    repo = cws7_repo.parent
    recommendations = cws7_repo / "recommendations.yaml"
    good = recommendations.read_text(encoding="utf-8")
    recommendations.write_text(set_group(good, "R20", 7), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a bad group")
    recommendations.write_text(set_group(good, "R20", 3), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "R20 to Group 3")
    result = runner.invoke(app, ["log", "R20", "--data", str(cws7_repo)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    at = lines.index(f"  2020-12-04  {_short(repo, 'HEAD~1')}  a bad group")
    assert lines[at + 1] == "      skipped: the data has 1 error in this version"
    assert lines[at + 3] == "      group: 1 \u2192 3"


def test_outside_git_only_the_recorded_history_is_shown(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    result = runner.invoke(app, ["log", "R33", "--data", str(tmp_path / "data")])
    assert result.exit_code == 0
    assert result.stderr.startswith("note: cannot read the history of the data folder: ")
    assert result.stderr.endswith("; only the history recorded in the data is shown\n")
    assert "  CWS/7 group: 2 \u2192 1 (CWS/7/29)\n" in result.stdout
    assert "  CWS/7 standards-or-tasks changed (CWS/7/29)\n" in result.stdout


def test_an_unknown_id_is_a_usage_error_with_a_suggestion(cws7_repo: Path) -> None:
    result = runner.invoke(app, ["log", "R99", "--data", str(cws7_repo)])
    assert result.exit_code == 2
    assert "R99 is not a known recommendation; did you mean R39?" in " ".join(
        re.sub(r"[│╭╮╰╯─]", " ", result.stderr).split()
    )
