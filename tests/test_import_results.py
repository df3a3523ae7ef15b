"""`roadmap survey import-results`: a survey's collated results into answer files (issue 15).

The results pages are MADE FOR THE TESTS (tests/document_cases.py) in the published layout.
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import DATA
from document_cases import LABEL, results_page
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.project import load_project

SURVEY = "data/surveys/2021-ict-strategy"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _answers(folder: Path, survey_id: str) -> dict[str, dict[str, tuple[object, object]]]:
    project = load_project(folder).project
    assert project is not None
    survey = project.survey(survey_id)
    assert survey is not None
    return {
        r.office: {k: (a.value, a.comment) for k, a in r.answers.items()} for r in survey.responses
    }


def _fill_forms(
    data: Path, tmp_path: Path, answers: dict[str, dict[str, tuple[object, object]]]
) -> None:
    """Every office's form of the 2020 survey, filled with ``answers`` and imported."""
    import csv

    folder = data / "surveys" / "2020-task-force"
    for office, by_id in answers.items():
        (folder / f"{office}.yaml").unlink()
        form = tmp_path / f"form-{office}.csv"
        code, _, err = run(
            "survey",
            "form",
            "--survey",
            "2020-task-force",
            "--out",
            str(form),
            "--office",
            office,
            "--data",
            str(data),
        )
        assert code == 0, err
        rows = list(csv.reader(form.read_text(encoding="utf-8-sig").splitlines()))
        for row in rows:
            if row and row[0] in by_id:
                value, comment = by_id[row[0]]
                row[3], row[4] = str(value), "" if comment is None else str(comment)
        form.write_text("\n".join(",".join(f'"{c}"' for c in row) for row in rows) + "\n")
        code, _, err = run(
            "survey",
            "import",
            str(form),
            "--survey",
            "2020-task-force",
            "--office",
            office,
            "--data",
            str(data),
        )
        assert code == 0, err


def test_round_trip_from_the_forms_filled_for_every_office(data_dir: Path, tmp_path: Path) -> None:
    """The forms of the 2020 survey filled for every office (with its bundled, illustrative
    answers), published as a collated page, read back into the same answers."""
    expected = _answers(DATA, "2020-task-force")
    _fill_forms(data_dir, tmp_path, expected)
    assert _answers(data_dir, "2020-task-force") == expected
    project = load_project(data_dir).project
    assert project is not None
    survey = project.survey("2020-task-force")
    assert survey is not None
    page = tmp_path / "results.html"
    page.write_text(
        results_page(survey, project.recommendations, sorted(expected)), encoding="utf-8"
    )
    folder = data_dir / "surveys" / "2020-task-force"
    for office in expected:
        (folder / f"{office}.yaml").unlink()
    code, out, err = run("survey", "import-results", str(page), "--survey", "2020-task-force")
    assert code == 0, err
    assert out.splitlines()[:3] == [
        "40 recommendations, 7 offices, 266 answers",
        "answer values seen: medium (111), low (85), high (61), no-opinion (9)",
        "scale: low, medium, high",
    ]
    assert not (folder / "QM.yaml").exists()  # nothing written without --write
    code, _, err = run(
        "survey", "import-results", str(page), "--survey", "2020-task-force", "--write"
    )
    assert code == 0, err
    assert err.splitlines()[-1] == f"wrote 7 files in {folder}"
    assert _answers(data_dir, "2020-task-force") == expected


def test_a_word_results_document(data_dir: Path, tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph(LABEL)
    for number, (rec_id, rows) in enumerate(
        {"R03": [("EP", "High", "")], "R04": [("EP", "", ""), ("JP", "low", "Test.")]}.items(),
        start=1,
    ):
        document.add_heading(f"{number}. {rec_id} - A text made up for the tests.", level=3)
        document.add_paragraph(f"How would you rank the priority of the {rec_id} recommendation?")
        table = document.add_table(rows=1, cols=3)
        for cell, text in zip(
            table.rows[0].cells, ("ST.3 Code", "Response", "Comments"), strict=True
        ):
            cell.text = text
        for values in rows:
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
    path = tmp_path / "results.docx"
    document.save(str(path))
    code, out, err = run(
        "survey",
        "import-results",
        str(path),
        "--survey",
        "2020-task-force",
        "--source",
        "survey-2021-results",
        "--write",
    )
    assert code == 0, err
    assert "The text of R03 and R04 was added." in out.splitlines()
    assert _answers(data_dir, "2020-task-force")["EP"] == {"R03": ("high", None)}
    assert _answers(data_dir, "2020-task-force")["JP"] == {"R04": ("low", "Test.")}
    project = load_project(data_dir).project
    assert project is not None
    assert project.recommendations_by_id["R03"].text == "A text made up for the tests."
    assert "survey-2021-results" in project.recommendations_by_id["R03"].sources


def _page_2021(path: Path) -> None:
    """Made-up answers of three of the 2021 respondents on a made-up 1..5 scale (the real
    answers and scale are not known here)."""
    rows = {
        "R01": [("EP", "5", "A comment made up for the tests."), ("JP", "4", ""), ("NO", "", "")],
        "R02": [("EP", "3", ""), ("JP", "", ""), ("NO", "No opinion", "")],
    }
    parts = [f"<html><body><p>{LABEL}</p>"]
    for number, (rec_id, answers) in enumerate(rows.items(), start=1):
        parts.append(f"<h3>{number}. {rec_id} - </h3>")
        parts.append(f"<p>How would you rank the priority of the {rec_id} recommendation?</p>")
        parts.append("<table><tr><th>ST.3 Code</th><th>Response</th><th>Comments</th></tr>")
        parts += [f"<tr><td>{o}</td><td>{v}</td><td>{c}</td></tr>" for o, v, c in answers]
        parts.append("</table>")
    path.write_text("\n".join(parts) + "</body></html>\n", encoding="utf-8")


def test_a_survey_without_scale_gets_a_proposal_and_nothing_is_written(
    data_dir: Path, tmp_path: Path
) -> None:
    page = tmp_path / "results.html"
    _page_2021(page)
    code, out, err = run(
        "survey", "import-results", str(page), "--survey", "2021-ict-strategy", "--write"
    )
    assert code == 1
    assert err.splitlines() == [
        f"{page}:1:1: error: the survey 2021-ict-strategy has no scale, so the answers cannot be "
        "read on one; the answers use 5 (1), 4 (1), 3 (1), No opinion (1); pass --scale 3,4,5 "
        "(lowest priority first; check the order) to write it into survey.yaml with the "
        "answers [no-scale]",
        "1 error, 0 warnings in 1 file",
        "nothing written",
    ]
    assert "the survey has no scale; proposed (lowest first, check the order): 3,4,5" in out
    assert sorted(p.name for p in (data_dir / "surveys" / "2021-ict-strategy").iterdir()) == [
        "survey.yaml"
    ]


def test_with_a_scale_the_answers_and_the_scale_are_written(data_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "results.html"
    _page_2021(page)
    before = (data_dir / "surveys" / "2021-ict-strategy" / "survey.yaml").read_text()
    code, _, err = run(
        "survey",
        "import-results",
        str(page),
        "--survey",
        "2021-ict-strategy",
        "--scale",
        "1,2,3,4,5",
        "--write",
    )
    assert code == 0, err
    after = (data_dir / "surveys" / "2021-ict-strategy" / "survey.yaml").read_text()
    assert after == before.replace("scale: null\n", "scale: [1, 2, 3, 4, 5]\n")
    assert _answers(data_dir, "2021-ict-strategy") == {
        "EP": {"R01": (5, "A comment made up for the tests."), "R02": (3, None)},
        "JP": {"R01": (4, None)},
        "NO": {"R02": ("no-opinion", None)},  # NO stays Norway; an empty response is absent
    }
    assert (data_dir / "surveys" / "2021-ict-strategy" / "EP.yaml").read_text().splitlines()[
        -3:
    ] == [
        "answers:",
        '  R01: {value: 5, comment: "A comment made up for the tests."}',
        "  R02: 3",
    ]
    code, _, err = run(
        "survey", "import-results", str(page), "--survey", "2021-ict-strategy", "--write"
    )
    assert code == 1  # the offices have answer files now
    assert err.splitlines()[0] == (
        f"{SURVEY}/EP.yaml:1:1: error: EP has already answered the survey 2021-ict-strategy; "
        "pass --force to replace its answers [answers-exist]"
    )


def test_bad_rows_are_located_and_nothing_is_written(data_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "results.html"
    page.write_text(
        "<table><tr><th>ST.3 Code</th><th>Response</th><th>Comments</th></tr>\n"
        "<tr><td>EP</td><td>high</td><td></td></tr></table>\n"
        "<h3>1. R01 - </h3>\n"
        "<table><tr><th>ST.3 Code</th><th>Response</th><th>Comments</th></tr>\n"
        "<tr><td>Europe</td><td>high</td><td></td></tr>\n"
        "<tr><td>EP</td><td>urgent</td><td></td></tr>\n"
        "<tr><td>JP</td><td>low</td><td></td></tr>\n"
        "<tr><td>JP</td><td>high</td><td></td></tr></table>\n"
        "<h3>2. R41 - </h3>\n",
        encoding="utf-8",
    )
    code, _, err = run("survey", "import-results", str(page), "--survey", "2020-task-force")
    assert code == 1
    assert err.splitlines() == [
        f"{page}:2:5: error: table 1, row 2, column 1: answers come before any heading "
        "'<n>. R0n - <text>'; each table follows the heading of its recommendation "
        "[answers-before-heading]",
        f"{page}:5:5: error: table 2, row 2, column 1: 'Europe' is not an ST.3 office code; "
        "write the office's two-letter ST.3 code, e.g. EP [not-an-office]",
        f"{page}:6:16: error: table 2, row 3, column 2: 'urgent' is not on the scale; use one "
        "of low, medium, high, no-opinion [off-scale]",
        f"{page}:8:5: error: table 2, row 5, column 1: JP has a second row for R01 (the first "
        "is at table 2, row 4, column 1); keep one row per office and recommendation "
        "[duplicate-row]",
        f"{page}:9:1: error: line 9: the heading '2. R41 -' names R41, which is not a "
        "recommendation in the data; check the heading [not-a-recommendation]",
        "5 errors, 0 warnings in 1 file",
        "nothing written",
    ]


def test_a_spreadsheet_with_a_recommendation_column(data_dir: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([LABEL])
    sheet.append(["Recommendation", "ST.3 Code", "Response", "Comments"])
    sheet.append(["1. R01 - ", "EP", "High", "Made up for the tests."])
    sheet.append(["R02", "EP", "low", None])
    workbook.save(tmp_path / "results.xlsx")
    folder = data_dir / "surveys" / "2020-task-force"
    code, _, err = run(
        "survey",
        "import-results",
        str(tmp_path / "results.xlsx"),
        "--survey",
        "2020-task-force",
        "--write",
    )
    assert code == 0, err
    assert (folder / "EP.yaml").read_text().splitlines()[-3:] == [
        "answers:",
        '  R01: {value: high, comment: "Made up for the tests."}',
        "  R02: low",
    ]


def test_too_many_rows_is_an_error(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    rows = ["1. R01 - ", "ST.3 Code,Response,Comments"] + ["EP,high,"] * 10_000
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = run("survey", "import-results", str(path), "--survey", "2020-task-force")
    assert code == 1
    assert err.splitlines()[0] == (
        f"{path}:1:1: error: table 1 has more than 10,000 rows; no more are read; a results "
        "table has one row per office: is this the right document? [too-many-rows]"
    )


def test_a_pipe_is_refused_unread(data_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "results.html"
    os.mkfifo(page)  # opening it to read would wait for a writer
    code, _, err = run("survey", "import-results", str(page), "--survey", "2021-ict-strategy")
    assert code == 1
    assert err.startswith(
        f"{page}:1:1: error: this is not a regular file (a directory, pipe, socket or device); "
        "it is not read"
    )
