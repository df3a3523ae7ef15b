"""The terminal queries, through typer's runner, on real files."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app

DATA = str(Path(__file__).resolve().parent.parent / "data")
runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


def test_validate_bundled_data_reports_completeness() -> None:
    code, _, err = run("validate", "--data", DATA)
    assert code == 0
    assert err.splitlines() == [
        "0 errors, 0 warnings in 13 files",  # with the document source in data/documents/
        "40 recommendations: 2/40 texts, 10/40 titles, 12/40 groups, 0/40 Standards/Tasks known",
    ]


def test_list_filters_by_priority_and_json_uses_yaml_field_names() -> None:
    code, out, _ = run("list", "--data", DATA, "--priority", "high", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [
        "R04",
        "R06",
        "R09",
        "R12",
        "R15",
        "R18",
        "R23",
        "R38",
        "R39",
    ]
    assert {
        "id",
        "title",
        "text",
        "group",
        "standards",
        "tasks",
        "priority",
        "depends_on",
        "status",
        "history",
    } <= set(rows[0])
    assert rows[0]["work_item"] == "xml-conversion-tool"


def test_list_by_group_shows_a_table_with_dashes_for_unknowns() -> None:
    code, out, _ = run("list", "--data", DATA, "--group", "1")
    assert code == 0
    assert "12 recommendations" in out
    assert "R20" in out and "R02" not in out
    assert "None" not in out and "\u2014" in out


def test_list_text_is_stable(golden: Callable[[str, bytes], None]) -> None:
    code, out, _ = run("list", "--data", DATA)
    assert code == 0
    golden("list.txt", out.encode("utf-8"))
    assert max(len(line) for line in out.splitlines()) <= 80
    assert run("list", "--data", DATA, "--group", "3")[1] == "0 recommendations\n"


def test_list_rejects_a_group_that_does_not_exist() -> None:
    code, _, err = run("list", "--data", DATA, "--group", "4")
    assert code == 2
    assert "4" in err


def test_show_gives_history_and_dependents() -> None:
    code, out, _ = run("show", "R33", "--data", DATA)
    assert code == 0
    assert out.endswith(
        "History (decisions of CWS sessions)\n"
        "  CWS/7 group: 2 \u2192 1 (CWS/7/29)\n"
        "  CWS/7 standards-or-tasks changed (CWS/7/29)\n"
        "    Relevant Standard(s)/Task(s) modified; the new values are not known here.\n"
    )
    code, out, _ = run("show", "r33", "--data", DATA, "--json")
    data = json.loads(out)
    assert data["id"] == "R33" and data["group"] == 1 and data["dependents"] == []
    assert [h["field"] for h in data["history"]] == ["group", "standards-or-tasks"]


def test_show_unknown_id_is_a_usage_error_with_a_suggestion() -> None:
    code, _, err = run("show", "R41", "--data", DATA)
    assert code == 2
    assert "R41 is not a known recommendation; did you mean R40?" in " ".join(err.split())


def test_status_json_counts_and_next_session() -> None:
    code, out, _ = run("status", "--data", DATA, "--as-of", "2022-06-01", "--json")
    assert code == 0
    status = json.loads(out)
    assert status["total"] == 40
    assert status["by_group"] == {"Group 1": 12, "not known": 28}
    assert status["by_priority"] == {"high": 9, "none adopted": 31}
    assert status["next_session"] == {
        "id": "CWS/10",
        "start": "2022-11-21",
        "end": "2022-11-25",
        "assumed": False,
    }
    assert status["completeness"]["texts"] == {"known": 2, "total": 40}


def test_status_marks_an_assumed_next_session() -> None:
    code, out, _ = run("status", "--data", DATA, "--as-of", "2023-01-01")
    assert code == 0
    assert "CWS/11, 2023-11-20 to 2023-11-24 (dates assumed: not announced)" in out
    assert "Priority recommendations" in out


def test_data_folder_from_environment(tmp_path: Path) -> None:
    code, out, _ = run("status", "--json", env={"ROADMAP_DATA": DATA})
    assert code == 0 and json.loads(out)["total"] == 40


def test_missing_data_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("status", "--data", str(tmp_path / "nope"))
    assert code == 2
    assert "does not exist; pass --data DIR or set ROADMAP_DATA" in " ".join(
        err.replace("│", "").split()
    )


def _broken(data_copy: Path) -> int:
    """Make R03 depend on R41; the line of that entry."""
    text = (data_copy / "recommendations.yaml").read_text(encoding="utf-8")
    text = text.replace("  - id: R03\n", "  - id: R03\n    depends_on: [R41]\n", 1)
    (data_copy / "recommendations.yaml").write_text(text, encoding="utf-8")
    return text.splitlines().index("    depends_on: [R41]") + 1


def test_queries_on_broken_data_report_problems_and_exit_1(data_copy: Path) -> None:
    line = _broken(data_copy)
    code, out, err = run("status", "--data", str(data_copy))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{data_copy}/recommendations.yaml:{line}:18: error: R41 is not a known recommendation; "
        "did you mean R40? [unknown-recommendation]",
        "1 error, 0 warnings in 1 file",
    ]


def test_validate_github_format_annotates_the_line(data_copy: Path) -> None:
    line = _broken(data_copy)
    code, _, err = run("validate", "--data", str(data_copy), "--format", "github")
    assert code == 1
    assert err.splitlines()[0] == (
        f"::error file={data_copy}/recommendations.yaml,line={line},col=18,"
        "title=unknown-recommendation::"
        "R41 is not a known recommendation; did you mean R40?"
    )


def test_validate_json_format_prints_problem_objects(data_copy: Path) -> None:
    _broken(data_copy)
    code, out, _ = run("validate", "--data", str(data_copy), "--format", "json")
    assert code == 1
    [problem] = json.loads(out)
    assert (
        problem["code"] == "unknown-recommendation"
        and problem["line"] > 0
        and problem["column"] > 0
    )


def test_strict_makes_warnings_fail(data_copy: Path) -> None:
    path = data_copy / "recommendations.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run("validate", "--data", str(data_copy))[0] == 0
    assert run("validate", "--data", str(data_copy), "--strict")[0] == 1


def test_validate_never_modifies_the_input(data_copy: Path) -> None:
    before = {p.name: p.read_bytes() for p in data_copy.iterdir() if p.is_file()}
    run("validate", "--data", str(data_copy))
    assert before == {p.name: p.read_bytes() for p in data_copy.iterdir() if p.is_file()}


@pytest.mark.parametrize(
    "command",
    [
        "validate",
        "list",
        "show",
        "status",
        "schema",
        "annex",
        "priorities",
        "survey form",
        "survey import",
        "survey import-results",
        "import annex",
        "schedule",
        "why",
        "next",
        "diff",
        "log",
        "gantt",
        "build",
        "export",
    ],
)
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    code, out, _ = run(*command.split(), "--help")
    assert code == 0 and "Usage" in out
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"roadmap {command}" in readme


def test_queries_that_do_not_use_surveys_do_not_read_them(data_copy: Path) -> None:
    (data_copy / "surveys" / "2020-task-force" / "QM.yaml").write_text(
        "answers: [\n", encoding="utf-8"
    )
    assert run("status", "--data", str(data_copy), "--json")[0] == 0
    assert run("list", "--data", str(data_copy), "--json")[0] == 0
    code, _, err = run("validate", "--data", str(data_copy))
    assert code == 1 and "QM.yaml:2:1: error: invalid YAML" in err


def test_status_text_is_stable(golden: Callable[[str, bytes], None]) -> None:
    code, out, _ = run("status", "--data", DATA, "--as-of", "2026-11-23")
    assert code == 0
    golden("status.txt", out.encode("utf-8"))
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80  # top to bottom at 80 columns
    assert lines.index("By group") < lines.index("By adopted priority") < lines.index("By status")
    assert (
        "  R04  Common conversion software tool to XML (e.g. a DOCX converter) \u2014 one work"
        in lines
    )
    assert "xml-conversion-tool" not in out  # a key of the data, not a name a reader knows


def test_show_says_in_words_what_the_data_records() -> None:
    code, out, _ = run("show", "R12", "--data", DATA)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    facts: dict[str, str] = {}
    for line in out.split("\n\n")[0].splitlines():  # a long value goes on under itself
        if line[:21].strip():
            label = line[:21].strip()
            facts[label] = line[21:]
        else:
            facts[label] += " " + line[21:]
    assert facts["Depends on"] == "none recorded"
    assert facts["Needed by"] == "none recorded"
    assert facts["Status"] == "not known"
    assert facts["Work item"] == (
        "R12+R15: Prototype distributed IP registry and blockchain use cases (carried out as "
        "one piece of work)"
    )
    assert facts["Sources"] == (
        "CWS/6/3; Progress report of the ICT Strategy for Standards Task Force (Task No. 58) to "
        "the eighth session of the CWS (2020); CWS/8/24"
    )


# ---- forgiving input (issue 11) ------------------------------------------------------------


def _error_text(err: str) -> str:
    """Typer's boxed error as one line of words."""
    return " ".join(err.replace("\u2502", " ").split())


def test_option_values_are_read_in_any_case_as_ids_are() -> None:
    assert run("list", "--data", DATA, "--priority", "HIGH") == run(
        "list", "--data", DATA, "--priority", "high"
    )
    code, out, _ = run("list", "--data", DATA, "--priority", "High", "--json")
    assert code == 0 and {r["priority"] for r in json.loads(out)} == {"high"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["list", "--priority", "hgh"],
            "Invalid value for '--priority': 'hgh' is not one of high, medium, low; "
            "did you mean high?",
        ),
        (
            ["gantt", "--format", "mermiad"],
            "Invalid value for '--format' / '-f': 'mermiad' is not one of svg, png, pdf, "
            "mermaid, mmd; did you mean mermaid?",
        ),
        (
            ["show", "R1"],
            "Invalid value for ID: R1 is not a known recommendation; did you mean R01?",
        ),
        (
            ["show", "r007"],
            "Invalid value for ID: r007 is not a known recommendation; did you mean R07?",
        ),
    ],
)
def test_a_near_miss_gets_a_did_you_mean(args: list[str], message: str) -> None:
    code, _, err = run(*args, "--data", DATA)
    assert code == 2
    assert message in _error_text(err)


@pytest.mark.parametrize("width", [60, 70, 80, 100])
def test_help_never_splits_a_choice(width: int) -> None:
    """A list of choices may wrap between two choices, never inside one."""
    from roadmap_cli.render import GanttFormat
    from roadmap_cli.views.timeline import GroupBy

    known = {str(m.value) for m in (*GanttFormat, *GroupBy)}
    code, out, _ = run("gantt", "--help", env={"COLUMNS": str(width)})
    assert code == 0
    words = set()
    for line in out.splitlines():
        for match in re.finditer(r"[a-z]+", line):  # a word next to [, | or ] is a choice
            before = line[: match.start()].rstrip()[-1:]
            after = line[match.end() :].lstrip()[:1]
            if before in ("[", "|") or (after in ("|", "]") and before != ":"):
                words.add(match.group())
    assert known <= words and words <= known | {"env", "default", "var", "data"}, words
