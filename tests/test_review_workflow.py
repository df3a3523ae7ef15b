"""The pull-request checks shipped with the repository: the GitHub workflow and the pre-commit
hook run commands that exist, with options that exist, on the files they should."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from roadmap_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
PENDING_COMMANDS: dict[str, str] = {}  # command -> the issue that will add it
"""Commands the workflow runs that are still to be written, with the issue that brings them."""

runner = CliRunner()


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _commands() -> set[str]:
    from typer.main import get_command

    return set(get_command(app).commands)  # type: ignore[attr-defined]


def _roadmap_calls(script: str) -> list[list[str]]:
    return [
        shlex.split(line.split(">>")[0])[1:]
        for line in script.splitlines()
        if line.strip().startswith("roadmap ")
    ]


def test_the_workflow_runs_on_pull_requests_with_the_full_history() -> None:
    workflow = _yaml(ROOT / ".github" / "workflows" / "roadmap.yml")
    assert list(workflow[True]) == ["pull_request"]  # YAML 1.1 reads the key `on` as true
    steps = workflow["jobs"]["review"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "3.11"
    runs = [s["run"] for s in steps if "run" in s]
    assert runs[0] == "pip install ."
    assert runs[1:] == [
        "roadmap validate --format github",
        "roadmap build",
        'roadmap diff "origin/$BASE_REF" --format markdown >> "$GITHUB_STEP_SUMMARY"',
    ]
    diff_step = steps[-1]
    assert diff_step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert diff_step["if"] == "${{ !cancelled() }}"


def test_the_workflow_uploads_the_built_outputs_for_the_reviewers() -> None:
    """The report and the DOCX files of a pull request can be opened from its run's page."""
    steps = _yaml(ROOT / ".github" / "workflows" / "roadmap.yml")["jobs"]["review"]["steps"]
    names = [s.get("run") or s.get("uses", "") for s in steps]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert names.index(upload["uses"]) == names.index("roadmap build") + 1
    assert upload["with"]["path"] == "outputs/"  # where `roadmap build` writes by default
    assert upload["with"]["name"] == "roadmap-outputs"
    assert upload["with"]["if-no-files-found"] == "error"


def test_every_command_the_workflow_runs_exists_or_is_pending() -> None:
    workflow = _yaml(ROOT / ".github" / "workflows" / "roadmap.yml")
    scripts = [s["run"] for s in workflow["jobs"]["review"]["steps"] if "run" in s]
    for args in (call for script in scripts for call in _roadmap_calls(script)):
        if args[0] in PENDING_COMMANDS:
            assert args[0] not in _commands(), f"roadmap {args[0]} exists now: drop it from PENDING"
            continue
        options = [a for a in args if a.startswith("--")]
        result = runner.invoke(app, [args[0], "--help"], terminal_width=200)
        assert result.exit_code == 0, args
        for option in options:
            assert re.search(rf"{re.escape(option)}\b", result.stdout), (args[0], option)


def test_the_pre_commit_hook_validates_the_data_folder() -> None:
    (hook,) = _yaml(ROOT / ".pre-commit-hooks.yaml")
    assert hook["id"] == "roadmap-validate"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert {"id", "name", "entry", "language"} <= set(hook)
    files = re.compile(hook["files"])
    for path in ("data/recommendations.yaml", "data/surveys/2021-ict-strategy/survey.yaml"):
        assert files.search(path), path
    for path in ("README.md", "tests/data/recommendations.yaml", "schema/survey.schema.json"):
        assert not files.search(path), path
    entry = shlex.split(hook["entry"])
    assert entry[0] == "roadmap"
    result = runner.invoke(app, [*entry[1:], "--data", str(ROOT / "data")])
    assert result.exit_code == 0, result.stderr
