"""Survey forms through the CLI on real files: form -> filled form -> import gives the same
answers (XLSX and CSV); bad forms are reported cell by cell, exit 1 and write nothing."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.project import load_project
from roadmap_cli.surveys import NO_OPINION

openpyxl = pytest.importorskip("openpyxl")

SURVEY = "2020-task-force"
FIRST_ROW = 9  # the form's first recommendation row (R01) in the 2020 survey's form
FILLED = {
    "R01": ("high", None),
    "R02": ("medium", "Depends on R01."),
    "R03": (NO_OPINION, None),
    "R06": ("low", 'Quotes "and" commas, accents: é'),
}


@pytest.fixture(autouse=True)
def _qs_has_not_answered(data_dir: Path) -> None:
    """QS is a listed respondent; its bundled answer file is removed so that tests import it."""
    (data_dir / "surveys" / SURVEY / "QS.yaml").unlink()


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def _form(tmp: Path, suffix: str) -> Path:
    out = tmp / f"form{suffix}"
    result = run("survey", "form", "--survey", SURVEY, "--out", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return out


def _fill_xlsx(path: Path, cells: dict[str, object]) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Survey"]
    for ref, value in cells.items():
        sheet[ref] = value
    workbook.save(path)


def _answer_cells(answers: dict[str, tuple[str, str | None]]) -> dict[str, object]:
    cells: dict[str, object] = {}
    for rec_id, (value, comment) in answers.items():
        row = FIRST_ROW + int(rec_id[1:]) - 1
        cells[f"D{row}"] = value
        if comment is not None:
            cells[f"E{row}"] = comment
    return cells


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)  # as a spreadsheet would save it
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")


def _imported_answers(data: Path, office: str) -> dict[str, tuple[object, str | None]]:
    project = load_project(data).project
    assert project is not None
    survey = project.survey(SURVEY)
    assert survey is not None
    response = next(r for r in survey.responses if r.office == office)
    return {k: (a.value, a.comment) for k, a in response.answers.items()}


def test_xlsx_round_trip_gives_the_same_answers(data_dir: Path, tmp_path: Path) -> None:
    form = _form(tmp_path, ".xlsx")
    _fill_xlsx(form, {"B3": "QS", **_answer_cells(FILLED)})
    result = run("survey", "import", str(form), "--survey", SURVEY, "--office", "QS")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stdout == f"wrote data/surveys/{SURVEY}/QS.yaml: 3 answers, 1 no opinion\n"  # type: ignore[attr-defined]
    assert _imported_answers(data_dir, "QS") == FILLED


def test_csv_round_trip_gives_the_same_answers(data_dir: Path, tmp_path: Path) -> None:
    form = _form(tmp_path, ".csv")
    rows = _csv_rows(form)
    for rec_id, (value, comment) in FILLED.items():
        row = rows[FIRST_ROW - 1 + int(rec_id[1:]) - 1]
        assert row[0] == rec_id
        row[3], row[4] = value.upper() if value == "high" else value, comment or ""
    _write_csv(form, rows)
    result = run("survey", "import", str(form), "--survey", SURVEY, "--office", "qs")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert _imported_answers(data_dir, "QS") == FILLED


def test_the_xlsx_answer_column_is_restricted_to_the_scale(data_dir: Path, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(_form(tmp_path, ".xlsx"))
    (validation,) = workbook["Survey"].data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"low,medium,high,no-opinion"'
    assert str(validation.sqref) == f"D{FIRST_ROW}:D{FIRST_ROW + 39}"


def test_forms_are_byte_identical_run_to_run(data_dir: Path, tmp_path: Path) -> None:
    for suffix in (".xlsx", ".csv"):
        first = _form(tmp_path, suffix).read_bytes()
        assert _form(tmp_path, suffix).read_bytes() == first
    with zipfile.ZipFile(tmp_path / "form.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _import_fails(form: Path, *extra: str) -> list[str]:
    result = run("survey", "import", str(form), "--survey", SURVEY, "--office", "QS", *extra)
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    assert not Path(f"data/surveys/{SURVEY}/QS.yaml").exists()
    return result.stderr.splitlines()  # type: ignore[attr-defined, no-any-return]


def test_a_value_off_the_scale_is_reported_by_sheet_row_and_column(
    data_dir: Path, tmp_path: Path
) -> None:
    form = _form(tmp_path, ".xlsx")
    _fill_xlsx(form, {"D9": "hihg", "D10": 4, "D11": "high"})
    assert _import_fails(form) == [
        f"{form}:9:4: error: sheet 'Survey', cell D9 (answer): 'hihg' is not on the scale; "
        "did you mean high? [off-scale]",
        f"{form}:10:4: error: sheet 'Survey', cell D10 (answer): 4 is not on the scale; "
        "use one of low, medium, high, no-opinion [off-scale]",
        "2 errors, 0 warnings in 1 file",
    ]


def test_a_form_without_an_id_column_is_refused(data_dir: Path, tmp_path: Path) -> None:
    form = _form(tmp_path, ".csv")
    rows = _csv_rows(form)
    rows[FIRST_ROW - 2][0] = "number"
    rows[FIRST_ROW - 1][3] = "high"
    _write_csv(form, rows)
    assert _import_fails(form)[0] == (
        f"{form}:1:1: error: the form has no header row with an 'id' column; keep the row "
        "'id, recommendation, question, answer, comment' above the answers [missing-id-column]"
    )


def test_extra_rows_are_reported(data_dir: Path, tmp_path: Path) -> None:
    form = _form(tmp_path, ".csv")
    rows = _csv_rows(form)
    rows[FIRST_ROW - 1][3] = "high"
    rows += [["R41", "", "", "low", ""], ["R01", "", "", "low", ""], ["", "", "", "medium", ""]]
    _write_csv(form, rows)
    assert _import_fails(form) == [
        f"{form}:49:1: error: cell A49 (id): R41 is not a known recommendation; "
        "did you mean R40? [unknown-recommendation]",
        f"{form}:50:1: error: cell A50 (id): R01 has a second row (the first is row 9); "
        "keep one row per recommendation [duplicate-row]",
        f"{form}:51:1: error: cell A51 (id): this row has an answer or comment but no id; "
        "write the recommendation's id, or clear the row [row-without-id]",
        "3 errors, 0 warnings in 1 file",
    ]


def test_a_form_filled_in_for_another_office_is_refused(data_dir: Path, tmp_path: Path) -> None:
    form = _form(tmp_path, ".xlsx")
    _fill_xlsx(form, {"B3": "QN", "D9": "high"})
    assert _import_fails(form)[0] == (
        f"{form}:3:2: error: sheet 'Survey', cell B3: the form is filled in for 'QN', not QS; "
        "import it with --office QN, or correct the cell [wrong-office]"
    )


def test_a_comment_without_an_answer_and_an_empty_form_are_refused(
    data_dir: Path, tmp_path: Path
) -> None:
    form = _form(tmp_path, ".xlsx")
    assert [line.rsplit("[", 1)[-1] for line in _import_fails(form)[:-1]] == ["empty-form]"]
    _fill_xlsx(form, {"E9": "why?", "D10": "low"})
    assert _import_fails(form)[0].endswith("[comment-without-answer]")


def test_an_existing_answer_file_is_kept_unless_forced(data_dir: Path, tmp_path: Path) -> None:
    form = _form(tmp_path, ".xlsx")
    _fill_xlsx(form, {"D9": "low"})
    target = data_dir / "surveys" / SURVEY / "QM.yaml"
    before = target.read_bytes()
    result = run("survey", "import", str(form), "--survey", SURVEY, "--office", "QM")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr.splitlines()[0] == (  # type: ignore[attr-defined]
        f"{target}:1:1: error: QM has already answered the survey {SURVEY}; "
        "pass --force to replace its answers [answers-exist]"
    )
    assert target.read_bytes() == before
    result = run("survey", "import", str(form), "--survey", SURVEY, "--office", "QM", "--force")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert _imported_answers(data_dir, "QM") == {"R01": ("low", None)}
    assert not [p for p in (data_dir / "surveys" / SURVEY).iterdir() if p.name.startswith(".")]


def test_a_file_that_is_not_a_workbook_is_reported(data_dir: Path, tmp_path: Path) -> None:
    form = tmp_path / "form.xlsx"
    form.write_text("not a workbook")
    lines = _import_fails(form)
    assert lines[0].startswith(f"{form}:0:0: error: the file cannot be read as an XLSX workbook")
    assert lines[0].endswith("[unreadable-form]")


def test_a_survey_without_a_scale_has_no_form(data_dir: Path, tmp_path: Path) -> None:
    result = run(
        "survey", "form", "--survey", "2021-ict-strategy", "--out", str(tmp_path / "f.csv")
    )
    message = " ".join(result.output.replace("\u2502", " ").split())  # type: ignore[attr-defined]
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert (
        "Invalid value for --survey: the survey 2021-ict-strategy has no scale yet; add the "
        "answers it offers, lowest priority first, to surveys/2021-ict-strategy/survey.yaml, "
        "e.g. scale: [low, medium, high] (or scale: [1, 2, 3, 4, 5]), and the thresholds of its "
        "levels, e.g. levels: {median: {high: 3, medium: 2}}"
    ) in message
    assert not (tmp_path / "f.csv").exists()


def test_the_office_code_is_checked(data_dir: Path, tmp_path: Path) -> None:
    form = _form(tmp_path, ".csv")
    result = run("survey", "import", str(form), "--survey", SURVEY, "--office", "Q1")
    assert result.exit_code == 2 and "not an ST.3 office code" in " ".join(result.output.split())  # type: ignore[attr-defined]


_SCALE = ("low", "no", "1.0", "very high", "high: x", "#1", "yes")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from([f"R{i:02d}" for i in range(1, 41)]),
        st.tuples(
            st.sampled_from([*_SCALE, NO_OPINION]),
            st.none() | st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40),
        ),
        max_size=8,
    ),
    st.sampled_from(["NO", "ON", "QS"]),
)
def test_an_imported_answer_file_reads_back_as_the_same_answers(
    tmp_path: Path, answers: dict[str, tuple[str, str | None]], office: str
) -> None:
    from roadmap_cli.forms import response_yaml
    from roadmap_cli.load import read_yaml
    from roadmap_cli.shape import convert
    from roadmap_cli.surveys import Answer, ResponseFile, Survey, SurveyFile

    entries = {k: v if c is None else Answer(value=v, comment=c) for k, (v, c) in answers.items()}
    response = ResponseFile(office=office, answers=dict(entries))  # type: ignore[arg-type]
    survey = Survey("s", SurveyFile(title="t", scale=_SCALE), ())
    path = tmp_path / f"{office}.yaml"
    path.write_bytes(response_yaml(response, survey, "form.xlsx"))
    loaded = read_yaml(path)
    assert loaded.problems == ()
    assert convert(loaded.data, ResponseFile, str(path)) == (response, [])


# ---- issue #12, item 6: a returned form is untrusted --------------------------------------


def _import(form: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(
        app, ["survey", "import", str(form), "--survey", SURVEY, "--office", "QS"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr.splitlines()


def _rewrite_zip(path: Path, change: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts.update(change)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_zip_bomb_is_refused_before_it_is_parsed(data_dir: Path, tmp_path: Path) -> None:
    form = _form(tmp_path, ".xlsx")
    _rewrite_zip(form, {"xl/padding.xml": b"0" * (60 * 2**20)})  # 60 MiB in about 60 KB
    assert form.stat().st_size < 2**20
    code, err = _import(form)
    assert (code, err[0]) == (
        1,
        f"{form}:1:1: error: the workbook unpacks to 60 MiB in 10 parts; forms are limited to "
        "50 MiB in 1,000 parts; check that this is the returned form; send it as .csv if it is "
        "[form-too-large]",
    )
    assert not (data_dir / "surveys" / SURVEY / "QS.yaml").exists()


def test_rows_past_the_sheets_stated_dimension_are_read(data_dir: Path, tmp_path: Path) -> None:
    form = _form(tmp_path, ".xlsx")
    _fill_xlsx(form, _answer_cells({"R01": ("high", None), "R40": ("low", "last row")}))
    with zipfile.ZipFile(form) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:E48"/>' in sheet
    _rewrite_zip(
        form, {"xl/worksheets/sheet1.xml": sheet.replace(b"A1:E48", b"A1:E10")}
    )  # claims that the sheet ends at R02's row
    code, err = _import(form)
    assert code == 0, err
    answers = _imported_answers(data_dir, "QS")
    assert answers["R40"] == ("low", "last row")


def test_a_formula_without_a_computed_value_is_a_bad_cell(data_dir: Path, tmp_path: Path) -> None:
    form = _form(tmp_path, ".xlsx")
    _fill_xlsx(form, {"D9": "high", "D10": '=IF(1,"low","high")'})  # saved with no value
    code, err = _import(form)
    assert (code, err) == (
        1,
        [
            f'{form}:10:4: error: sheet \'Survey\', cell D10: the formula =IF(1,"low","high") '
            "has no computed value saved with it; open the form in a spreadsheet program, let it "
            "compute, and save it again; or type the value [formula-without-value]",
            "1 error, 0 warnings in 1 file",
        ],
    )


@pytest.mark.parametrize("kind", ["fifo", "link to a device"])
def test_a_pipe_or_a_device_is_refused_unread(data_dir: Path, tmp_path: Path, kind: str) -> None:
    import os

    form = tmp_path / "form.csv"
    if kind == "fifo":
        os.mkfifo(form)  # opening it would block until someone writes
    else:
        form.symlink_to("/dev/zero")  # reading it would never end
    code, err = _import(form)
    assert (code, err) == (
        1,
        [
            f"{form}:1:1: error: this is not a regular file (a pipe, socket or device); it is "
            "not read; save the form as a file and import that [unreadable-form]",
            "1 error, 0 warnings in 1 file",
        ],
    )


def test_a_form_past_the_row_limit_is_refused(data_dir: Path, tmp_path: Path) -> None:
    form = _form(tmp_path, ".csv")
    rows = _csv_rows(form)
    _write_csv(form, rows + [["", "", "", "", ""]] * 10_000)
    code, err = _import(form)
    assert (code, err) == (
        1,
        [
            f"{form}:10001:1: error: the form has more than 10,000 rows; check that this is the "
            "returned form: it has one row per recommendation [form-too-large]",
            "1 error, 0 warnings in 1 file",
        ],
    )


def test_the_problems_printed_are_capped_with_the_count_of_the_rest(
    data_dir: Path, tmp_path: Path
) -> None:
    form = _form(tmp_path, ".csv")
    rows = _csv_rows(form)
    _write_csv(form, rows + [[f"R{n}", "", "", "high", ""] for n in range(41, 101)])
    code, err = _import(form)
    assert code == 1
    assert len(err) == 52
    assert err[0] == (
        f"{form}:49:1: error: cell A49 (id): R41 is not a known recommendation; did you mean "
        "R40? [unknown-recommendation]"
    )
    assert err[-2:] == ["... and 10 more problems, not shown", "60 errors, 0 warnings in 1 file"]
