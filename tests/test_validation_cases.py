"""Validation cases as files: each bad input beside the exact problem lines it must produce.

``cases/invalid/<case>.yaml`` replaces the recommendations file (or, for ``sessions-*`` cases,
the session calendar) of a small valid data folder; ``<case>.expected`` holds what
``roadmap validate`` prints on stderr, and the exit code on its first line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Golden
from typer.testing import CliRunner

from roadmap_cli.cli import app

CASES = Path(__file__).resolve().parent / "cases"
INVALID = sorted((CASES / "invalid").glob("*.yaml"))
VALID = sorted((CASES / "valid").glob("*.yaml"))


def _data_folder(tmp_path: Path, case: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(CASES / "recommendations.yaml", data / "recommendations.yaml")
    shutil.copy(CASES / "sessions.yaml", data / "sessions.yaml")
    target = "sessions.yaml" if case.name.startswith("sessions-") else "recommendations.yaml"
    shutil.copy(case, data / target)


def _validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "--data", "data"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


def test_there_are_enough_cases() -> None:
    assert len(INVALID) >= 30


@pytest.mark.parametrize("case", INVALID, ids=[c.stem for c in INVALID])
def test_invalid_case_reports_exact_problems(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, golden: Golden
) -> None:
    _data_folder(tmp_path, case)
    code, stderr = _validate(tmp_path, monkeypatch)
    golden(case.with_suffix(".expected"), f"exit {code}\n{stderr}")
    assert "Traceback" not in stderr


@pytest.mark.parametrize("case", VALID, ids=[c.stem for c in VALID])
def test_valid_case_has_no_problems(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _data_folder(tmp_path, case)
    code, stderr = _validate(tmp_path, monkeypatch)
    assert code == 0, stderr
    lines = stderr.splitlines()
    assert lines[0] == "0 errors, 0 warnings in 2 files", stderr  # the count comes first
    assert lines[1].endswith("Standards/Tasks known")  # then how complete the data is
