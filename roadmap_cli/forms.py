"""Survey forms: the sheet the Secretariat sends to offices, and reading a returned one back.

A form is one table, the same in XLSX and CSV: a few ``key | value`` rows on top (survey,
title, office, scale, instructions), then a header row ``id | recommendation | question | answer
| comment`` and one row per recommendation. In XLSX the answer column only accepts the scale's
values (data validation). Reading a form back (its cells read safely by `sheets`) checks every
cell and reports each bad one by sheet, row and column (``form.xlsx:12:4: error: sheet
'Survey', cell D12 (answer): ...``), so that the office's file is written only from a form with
no problem at all.

Split from `surveys` because it is a second concern (spreadsheet formats) with a heavy
dependency: openpyxl is imported only by the XLSX functions, so CSV forms never load it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_cli.load import CONTROL_CHARACTERS
from roadmap_cli.model import OFFICE_CODE_PATTERN, Recommendation
from roadmap_cli.problems import Problem, Severity, did_you_mean, error, warning
from roadmap_cli.sheets import CELL, Grid, Sheet, column_letter, lowered, read_sheet
from roadmap_cli.surveys import (
    NO_OPINION,
    Answer,
    AnswerEntry,
    ResponseFile,
    ScaleValue,
    Survey,
    SurveyKind,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

SHEET = "Survey"
COLUMNS = ("id", "recommendation", "question", "answer", "comment")
FIXED_TIME = dt.datetime(2000, 1, 1)
"""Written as the XLSX creation and modification time, so that the same form is the same bytes."""
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
Reporter = Callable[[int, int, str, str, str], None]
"""``bad(row, column, code, message, hint)``, row and column 0-based."""


# ---- building a form -----------------------------------------------------------------------


def form_grid(
    survey: Survey, recommendations: Sequence[Recommendation], office: str | None = None
) -> Grid:
    """The form's cells, row by row: the key-value rows, a blank row, the header, the table."""
    meta = survey.metadata
    grid: Grid = [
        ["survey", survey.id],
        ["title", meta.title],
        ["office", office],
        ["scale", _scale_text(survey)],
        ["instructions", _instructions(survey)],
    ]
    if meta.illustrative:
        grid.append(["note", "ILLUSTRATIVE survey: its bundled answers are not real ones."])
    grid += [[], list(COLUMNS)]
    for rec in recommendations:
        text = rec.title or rec.text or "(text pending: see the Annex of CWS/6/3)"
        question = survey.question_for(rec.id) if meta.question else None
        grid.append([rec.id, text, question, None, None])
    return grid


def form_csv(grid: Grid) -> bytes:
    """The form as CSV: UTF-8 with a byte-order mark (so that Excel reads accents), ``\\n``."""
    from roadmap_cli.render.csv import neutralised

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in grid:
        writer.writerow(
            [
                "" if cell is None else neutralised(cell) if isinstance(cell, str) else cell
                for cell in row
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def form_xlsx(grid: Grid, survey: Survey) -> bytes:
    """The form as an XLSX workbook whose answer column accepts only the scale's values.

    Byte-identical for the same input: fixed document times and zip entry times.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    sheet: Worksheet = workbook.active  # type: ignore[assignment]
    sheet.title = SHEET
    from roadmap_cli.render.csv import is_formula_like

    for values in grid:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                # Text, never a formula (openpyxl makes one of any "=..." string), and marked
                # with Excel's quote prefix so that editing the cell keeps it text (issue #12).
                cell.data_type = "s"
                if is_formula_like(cell.value):
                    cell.quotePrefix = True
    header_row = _header_index(grid) + 1
    first, last = header_row + 1, len(grid)
    bold = Font(bold=True)
    for column in range(1, len(COLUMNS) + 1):
        sheet.cell(row=header_row, column=column).font = bold
    for row_number in range(1, header_row - 1):
        sheet.cell(row=row_number, column=1).font = bold
    fill = PatternFill("solid", fgColor="FFF2CC")
    office_cell = sheet.cell(row=3, column=2)
    office_cell.fill = fill
    for row_number in range(first, last + 1):
        for column in (4, 5):
            sheet.cell(row=row_number, column=column).fill = fill
        for column in (2, 3, 5):
            sheet.cell(row=row_number, column=column).alignment = Alignment(
                wrap_text=True, vertical="top"
            )
    for letter, width in zip("ABCDE", (8, 50, 50, 14, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{first}"
    if last >= first:
        validation = _answer_validation(survey)
        validation.add(f"D{first}:D{last}")
        sheet.add_data_validation(validation)
    workbook.properties.creator = "roadmap-cli"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _normalised_zip(buffer.getvalue())


def _answer_validation(survey: Survey) -> DataValidation:
    from openpyxl.worksheet.datavalidation import DataValidation

    if survey.metadata.kind is SurveyKind.RANKING:
        return DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="1",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not a rank",
            error="Write 1 for the first priority, 2 for the next, ...",
        )
    choices = ",".join([*(str(v) for v in survey.metadata.scale or ()), NO_OPINION])
    return DataValidation(
        type="list",
        formula1=f'"{choices}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not on the scale",
        error=f"Choose one of {choices.replace(',', ', ')}, or leave the cell empty.",
    )


def _normalised_zip(data: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01, in the same order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            archive.writestr(entry, source.read(info.filename))
    return buffer.getvalue()


def _scale_text(survey: Survey) -> str:
    if survey.metadata.kind is SurveyKind.RANKING:
        return "ranks: 1 for the first priority, 2 for the next, ..."
    values = ", ".join(str(v) for v in survey.metadata.scale or ())
    return f"{values} (lowest first), or {NO_OPINION}"


def _instructions(survey: Survey) -> str:
    return (
        "Fill in the office's ST.3 code above. For each recommendation, write an answer from the "
        f"scale, or {NO_OPINION}; leave the answer empty if the office does not answer. "
        "Comments are optional. Do not change the id column."
    )


def _header_index(grid: Grid) -> int:
    return next(i for i, row in enumerate(grid) if row and row[0] == COLUMNS[0])


# ---- reading a form back -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormImport:
    """What reading a returned form gave: the office's answers, or the problems that stop it."""

    response: ResponseFile | None
    problems: tuple[Problem, ...]


def import_form(
    path: Path,
    shown: str,
    survey: Survey,
    recommendations: Sequence[Recommendation],
    office: str,
    target: Path,
    *,
    force: bool = False,
) -> FormImport:
    """Read a returned form for ``office``: its answers, unless any problem stops the import
    (a bad cell, or an existing answer file at ``target`` without ``force``)."""
    sheet, problems = read_sheet(path, shown, SHEET)
    if sheet is not None:
        parsed = parse_form(sheet, shown, survey, recommendations, office)
        problems += parsed.problems
    if target.exists() and not force:
        problems.append(
            error(
                str(target),
                "answers-exist",
                f"{office} has already answered the survey {survey.id}",
                "pass --force to replace its answers",
                line=1,
                column=1,
            )
        )
    if survey.metadata.respondents is not None and office not in survey.metadata.respondents:
        problems.append(
            warning(
                shown,
                "unlisted-respondent",
                f"{office} is not among the respondents of {survey.id}",
                "add it to respondents in the survey's survey.yaml",
                line=1,
                column=1,
            )
        )
    if sheet is None or any(p.severity is Severity.ERROR for p in problems):
        return FormImport(None, tuple(problems))
    return FormImport(parsed.response, tuple(problems))


def parse_form(
    sheet: Sheet, shown: str, survey: Survey, recommendations: Sequence[Recommendation], office: str
) -> FormImport:
    """The answers in a returned form, or every problem in it; nothing is written here."""
    problems: list[Problem] = []
    header_row = next((i for i, row in enumerate(sheet.rows) if "id" in lowered(row)), None)
    if header_row is None:
        problems.append(
            error(
                shown,
                "missing-id-column",
                "the form has no header row with an 'id' column",
                "keep the row 'id, recommendation, question, answer, comment' above the answers",
                line=1,
                column=1,
            )
        )
        return FormImport(None, tuple(problems))
    header = {
        name: index for index, name in enumerate(lowered(sheet.rows[header_row])) if name in COLUMNS
    }
    names = {index: name for name, index in header.items()}

    def bad(row: int, column: int, code: str, message: str, hint: str) -> None:
        where = f"cell {column_letter(column)}{row + 1}"
        if row > header_row and column in names:
            where += f" ({names[column]})"
        if sheet.name is not None:
            where = f"sheet '{sheet.name}', {where}"
        problems.append(
            error(shown, code, f"{where}: {message}", hint, line=row + 1, column=column + 1)
        )

    if "answer" not in header:
        bad(
            header_row,
            0,
            "missing-answer-column",
            "the header row has no 'answer' column",
            "keep the header 'id, recommendation, question, answer, comment'",
        )
        return FormImport(None, tuple(problems))
    _check_preamble(sheet.rows[:header_row], survey, office, bad)
    answers = _parse_rows(sheet.rows, header_row, header, survey, recommendations, bad)
    if not answers and not problems:
        bad(
            header_row,
            header["answer"],
            "empty-form",
            "the form has no answers",
            f"fill in the answer column (a value or {NO_OPINION}); is this the returned form?",
        )
    if problems:
        return FormImport(None, tuple(problems))
    return FormImport(ResponseFile(office=office, answers=answers), ())


def _check_preamble(rows: Grid, survey: Survey, office: str, bad: Reporter) -> None:
    for index, row in enumerate(rows):
        key = lowered(row[:1])[0].rstrip(":") if row else ""
        value = row[1] if len(row) > 1 else None
        if key == "survey" and value is not None and str(value) != survey.id:
            bad(
                index,
                1,
                "wrong-survey",
                f"the form is for the survey {value}, not {survey.id}",
                f"import it with --survey {value}",
            )
        if key == "office" and value is not None and str(value).upper() != office:
            text = str(value)
            hint = (
                f"import it with --office {text.upper()}, or correct the cell"
                if re.match(OFFICE_CODE_PATTERN, text.upper())
                else "write the office's ST.3 code, e.g. EP"
            )
            bad(index, 1, "wrong-office", f"the form is filled in for {text!r}, not {office}", hint)


def _parse_rows(
    rows: Grid,
    header_row: int,
    header: dict[str, int],
    survey: Survey,
    recommendations: Sequence[Recommendation],
    bad: Reporter,
) -> dict[str, AnswerEntry]:
    known = [r.id for r in recommendations]
    answers: dict[str, AnswerEntry] = {}
    seen: dict[str, int] = {}
    ranks: dict[int, str] = {}
    id_column, answer_column = header["id"], header["answer"]
    comment_column = header.get("comment")

    def at(row: list[CELL], column: int | None) -> CELL:
        return row[column] if column is not None and column < len(row) else None

    for index in range(header_row + 1, len(rows)):
        row = rows[index]
        rec_id, value, comment = at(row, id_column), at(row, answer_column), at(row, comment_column)
        if rec_id is None:
            if value is not None or comment is not None:
                bad(
                    index,
                    id_column,
                    "row-without-id",
                    "this row has an answer or comment but no id",
                    "write the recommendation's id, or clear the row",
                )
            continue
        rec_id = str(rec_id)
        if rec_id not in known:
            bad(
                index,
                id_column,
                "unknown-recommendation",
                f"{rec_id} is not a known recommendation",
                did_you_mean(rec_id, known)
                or "remove the row: the form lists every recommendation already",
            )
            continue
        if rec_id in seen:
            bad(
                index,
                id_column,
                "duplicate-row",
                f"{rec_id} has a second row (the first is row {seen[rec_id] + 1})",
                "keep one row per recommendation",
            )
            continue
        seen[rec_id] = index
        if value is None:
            if comment is not None:
                bad(
                    index,
                    answer_column,
                    "comment-without-answer",
                    f"{rec_id} has a comment but no answer",
                    f"choose an answer or {NO_OPINION}, or clear the comment",
                )
            continue
        parsed = answer_value(value, survey)
        if parsed is None:
            choices = _choices(survey)
            hint = did_you_mean(value, choices) or "use one of " + ", ".join(choices)
            if survey.metadata.kind is SurveyKind.RANKING:
                hint = "write 1 for the first priority, 2 for the next, ..."
            bad(index, answer_column, "off-scale", f"{value!r} is not on the scale", hint)
            continue
        if isinstance(parsed, int) and survey.metadata.kind is SurveyKind.RANKING:
            if parsed in ranks:
                bad(
                    index,
                    answer_column,
                    "repeated-rank",
                    f"{rec_id} and {ranks[parsed]} are both ranked {parsed}",
                    "give each recommendation a rank of its own",
                )
                continue
            ranks[parsed] = rec_id
        control = CONTROL_CHARACTERS.search(str(comment)) if comment is not None else None
        if control is not None:  # an answer file with it would not validate (load.py)
            character = control.group()
            bad(
                index,
                comment_column or 0,
                "control-character",
                f"{rec_id}'s comment holds the control character U+{ord(character):04X}",
                "retype the comment; it may hold tabs and new lines, no other control character",
            )
            continue
        answers[rec_id] = parsed if comment is None else Answer(value=parsed, comment=str(comment))
    return answers


def answer_value(value: CELL, survey: Survey) -> ScaleValue | None:
    """The scale value (or no-opinion) a cell means, forgiving case and spacing; else None."""
    text = str(value).strip()
    if text.lower().replace(" ", "-").replace("_", "-") == NO_OPINION:
        return NO_OPINION
    if survey.metadata.kind is SurveyKind.RANKING:
        number = _as_int(value)
        return number if number is not None and number >= 1 else None
    scale = survey.metadata.scale or ()
    if all(isinstance(v, int) for v in scale):
        number = _as_int(value)
        return number if number in scale else None
    by_lower = {str(v).lower(): v for v in scale}
    return by_lower.get(" ".join(text.lower().split()))


def _as_int(value: CELL) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]+(\.0+)?", value.strip()):
        return int(float(value))
    return None


def _choices(survey: Survey) -> list[str]:
    return [*(str(v) for v in survey.metadata.scale or ()), NO_OPINION]


# ---- the office's file ---------------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*( [A-Za-z0-9_.-]+)*$")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def response_yaml(
    response: ResponseFile,
    survey: Survey,
    imported_from: str,
    command: str = "roadmap survey import",
) -> bytes:
    """The office's answer file, in the bundled files' layout: short answers, comments long."""
    lines = [
        "# yaml-language-server: $schema=../../../schema/answers.schema.json",
        "#",
        f"# The answers of {response.office} to the survey {survey.id},",
        f"# imported from {imported_from} by `{command}`.",
        "# A recommendation left out was not answered; no-opinion means the office chose not to",
        "# rate it.",
        "",
        f"office: {_scalar(response.office)}",
    ]
    if response.note is not None:
        lines.append(f"note: {_scalar(response.note)}")
    if not response.answers:
        lines.append("answers: {}")
    else:
        lines.append("answers:")
    for rec_id, entry in response.answers.items():
        if isinstance(entry, Answer):
            comment = "" if entry.comment is None else f", comment: {_quoted(entry.comment)}"
            lines.append(f"  {rec_id}: {{value: {_scalar(entry.value)}{comment}}}")
        elif entry is not None:
            lines.append(f"  {rec_id}: {_scalar(entry)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _scalar(value: ScaleValue) -> str:
    """A YAML scalar that every YAML reader (1.1 or 1.2) reads back as the same text or number."""
    if isinstance(value, int):
        return str(value)
    if _PLAIN.match(value) and value.lower() not in _YAML_WORDS:
        return value
    return _quoted(value)


_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff]")


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar: JSON's escapes (a subset of YAML's), plus \\u escapes for
    what YAML would read as a line break or refuse (DEL and C1 controls, surrogates,
    U+2028, U+2029, BOM)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(text, ensure_ascii=False))
