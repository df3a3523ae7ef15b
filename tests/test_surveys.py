"""Survey files: every invalid case in tests/cases/surveys/invalid/<case>/ gives exactly the
problem lines in <case>.expected; valid cases and the bundled data give none."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import DATA, Golden
from conftest import ROOT as REPO

from roadmap_cli.problems import format_text
from roadmap_cli.project import load_project
from roadmap_cli.surveys import NO_OPINION

CASES = REPO / "tests" / "cases" / "surveys"
INVALID = sorted(p.name for p in (CASES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p.name for p in (CASES / "valid").iterdir() if p.is_dir())


def _problem_lines(data_dir: Path, kind: str, case: str) -> list[str]:
    shutil.copytree(CASES / kind / case, data_dir / "surveys" / case)
    return [format_text(p) for p in load_project(data_dir).problems]


@pytest.mark.parametrize("case", INVALID)
def test_invalid_survey_case(case: str, bare_data_dir: Path, golden: Golden) -> None:
    lines = _problem_lines(bare_data_dir, "invalid", case)
    golden(CASES / "invalid" / f"{case}.expected", "\n".join(lines) + "\n")


@pytest.mark.parametrize("case", VALID)
def test_valid_survey_case(case: str, bare_data_dir: Path) -> None:
    assert _problem_lines(bare_data_dir, "valid", case) == []


def test_bundled_data_validates_without_problems() -> None:
    loaded = load_project(DATA)
    assert loaded.problems == () and loaded.project is not None
    assert [s.id for s in loaded.project.surveys] == ["2020-task-force", "2021-ict-strategy"]


def test_norway_stays_text_and_three_answer_states_stay_apart(bare_data_dir: Path) -> None:
    _problem_lines(bare_data_dir, "valid", "norway")
    project = load_project(bare_data_dir).project
    assert project is not None
    survey = project.survey("norway")
    assert survey is not None
    (response,) = survey.responses
    assert response.office == "NO" and survey.respondents == ("NO", "SE")
    assert response.answers["R05"].comment == "Depends on R04."
    assert response.answers["R06"].value == NO_OPINION and response.value("R06") is None
    assert "R07" not in response.answers and response.value("R04") == 5


def test_the_2021_survey_holds_the_real_respondents_and_no_answers() -> None:
    project = load_project(DATA).project
    assert project is not None
    survey = project.survey("2021-ict-strategy")
    assert survey is not None and survey.responses == () and survey.metadata.scale is None
    assert len(survey.respondents) == 27 and "NO" in survey.respondents
    assert (
        survey.question_for("R01") == "How would you rank the priority of the R01 recommendation?"
    )
    assert survey.metadata.approved_at == "CWS/8" and not survey.metadata.illustrative


def test_the_2020_survey_is_labelled_illustrative_with_placeholder_offices() -> None:
    project = load_project(DATA).project
    assert project is not None
    survey = project.survey("2020-task-force")
    assert survey is not None and survey.metadata.illustrative
    assert survey.respondents == ("QM", "QN", "QO", "QP", "QQ", "QR", "QS")
    assert "not public" in (survey.metadata.note or "")
    for response in survey.responses:
        assert "ILLUSTRATIVE" in (response.note or "")


def test_survey_problems_come_sorted_by_file_and_line(bare_data_dir: Path) -> None:
    lines = _problem_lines(bare_data_dir, "invalid", "off-scale")
    assert lines == sorted(lines, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))
    assert sys.version_info >= (3, 11)
