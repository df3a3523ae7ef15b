"""Survey forms: the sheet the Secretariat sends to offices, and reading a returned one back.

A form is one table, the same in XLSX and CSV: a few ``key | value`` rows on top (survey,
title, office, scale, instructions), then a header row ``id | recommendation | question | answer
| comment`` and one row per recommendation. In XLSX the answer column only accepts the scale's
values (data validation). Reading a form back checks every cell and reports each bad one by
sheet, row and column (``form.xlsx:12:4: error: sheet 'Survey', cell D12 (answer): ...``), so
that the office's file is written only from a form with no problem at all.

Split from `surveys` because it is a second concern (spreadsheet formats) with a heavy
dependency: openpyxl is imported only by the XLSX functions, so CSV forms never load it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import stat
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_cli.load import CONTROL_CHARACTERS
from roadmap_cli.model import OFFICE_CODE_PATTERN, Recommendation
from roadmap_cli.problems import Problem, Severity, did_you_mean, error, warning
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
CELL = str | int | float | None
Grid = list[list[CELL]]
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
class Sheet:
    """A form's cells as read from its file; ``name`` is None for CSV."""

    name: str | None
    rows: Grid


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
    sheet, problems = read_sheet(path, shown)
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


MAX_FORM_BYTES = 20 * 2**20
"""A returned form on disk: the bundled 40-row form is about 10 KB (XLSX) or 5 KB (CSV)."""
MAX_UNPACKED_BYTES = 50 * 2**20
"""An XLSX form's parts once unpacked, as its zip directory states them (zipfile refuses to
read an entry past its stated size, so the statement binds). A 1 MB zip bomb took 6 GB."""
MAX_ZIP_ENTRIES = 1_000
"""A workbook has a dozen parts; a zip with millions of empty entries is an attack."""
MAX_ROWS = 10_000
"""Rows read from a form: one per recommendation plus a few; the scale benchmark has 2,000."""
MAX_COLUMNS = 50
"""Columns read from a form (it has five; offices may add a few of their own)."""


def read_sheet(path: Path, shown: str) -> tuple[Sheet | None, list[Problem]]:
    """The cells of an XLSX form (sheet 'Survey', else the first) or a CSV form.

    A returned form is untrusted (issue #12): a pipe, a device or a link to one is refused
    without being opened, and a form past the limits above is refused before it is parsed.
    """
    refused = _refused_file(path, shown)
    if refused is not None:
        return None, [refused]
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, shown)
    return _read_csv(path, shown)


def _refused_file(path: Path, shown: str) -> Problem | None:
    def refuse(message: str, hint: str) -> Problem:
        return error(shown, "unreadable-form", message, hint, line=1, column=1)

    try:
        status = path.stat()  # follows a link: what would be read
    except OSError as exc:
        return refuse(f"the file cannot be read ({exc.strerror})", "check the path")
    if not stat.S_ISREG(status.st_mode):
        return refuse(
            "this is not a regular file (a pipe, socket or device); it is not read",
            "save the form as a file and import that",
        )
    if status.st_size > MAX_FORM_BYTES:
        return refuse(
            f"the file is {status.st_size / 2**20:.0f} MiB; forms are limited to "
            f"{MAX_FORM_BYTES // 2**20} MiB",
            "check that this is the returned form",
        )
    return None


def _zip_problem(path: Path, shown: str) -> Problem | None:
    """A problem when the XLSX zip would unpack past the limits; None when it is within them."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # openpyxl reports it in the user's words
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or unpacked > MAX_UNPACKED_BYTES:
        return error(
            shown,
            "form-too-large",
            f"the workbook unpacks to {unpacked / 2**20:,.0f} MiB in {len(entries):,} parts; "
            f"forms are limited to {MAX_UNPACKED_BYTES // 2**20} MiB in "
            f"{MAX_ZIP_ENTRIES:,} parts",
            "check that this is the returned form; send it as .csv if it is",
            line=1,
            column=1,
        )
    return None


def _too_many_rows(shown: str) -> Problem:
    return error(
        shown,
        "form-too-large",
        f"the form has more than {MAX_ROWS:,} rows",
        "check that this is the returned form: it has one row per recommendation",
        line=MAX_ROWS + 1,
        column=1,
    )


def _read_xlsx(path: Path, shown: str) -> tuple[Sheet | None, list[Problem]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    too_large = _zip_problem(path, shown)
    if too_large is not None:
        return None, [too_large]
    formulas: dict[tuple[int, int], str] = {}
    grids: list[Grid] = []
    for data_only in (False, True):  # formulas, then the values they had when last computed
        try:
            workbook = load_workbook(path, read_only=True, data_only=data_only)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
            return None, [
                error(
                    shown,
                    "unreadable-form",
                    f"the file cannot be read as an XLSX workbook ({exc})",
                    "save the form as .xlsx from the spreadsheet program, or send it as .csv",
                )
            ]
        try:
            sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
            name = sheet.title
            # The sheet's stated dimension (<dimension ref="A1:E5"/>) may lie: read every row.
            sheet.reset_dimensions()
            rows: Grid = []
            for cells in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                if len(rows) == MAX_ROWS:
                    return None, [_too_many_rows(shown)]
                rows.append([_cell(v) for v in cells])
        finally:
            workbook.close()
        if not data_only:
            formulas = {
                (r, c): value
                for r, row in enumerate(rows)
                for c, value in enumerate(row)
                if isinstance(value, str) and value.startswith("=")
            }
            if not formulas:
                return Sheet(name, rows), []
        grids.append(rows)
    values = grids[-1]
    problems = [
        error(
            shown,
            "formula-without-value",
            f"sheet '{name}', cell {_column_letter(c)}{r + 1}: the formula {formula} has no "
            "computed value saved with it",
            "open the form in a spreadsheet program, let it compute, and save it again; or "
            "type the value",
            line=r + 1,
            column=c + 1,
        )
        for (r, c), formula in sorted(formulas.items())
        if r >= len(values) or c >= len(values[r]) or values[r][c] is None
    ]
    return (None, problems) if problems else (Sheet(name, values), [])


def _read_csv(path: Path, shown: str) -> tuple[Sheet | None, list[Problem]]:
    raw = path.read_bytes()  # at most MAX_FORM_BYTES (`_refused_file`)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [
            error(
                shown,
                "not-utf8",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                "save the form as CSV UTF-8",
                line=line,
                column=1,
            )
        ]
    rows: Grid = []
    # Spreadsheets save CSV with ',' or, in some locales, ';' (or tabs): take the delimiter that
    # yields the header row. csv.Sniffer guesses quoting too, and guesses it wrong on comments.
    for delimiter in (",", ";", "\t"):
        try:
            parsed: Grid = []
            for row in csv.reader(io.StringIO(text), delimiter=delimiter):
                if len(parsed) == MAX_ROWS:
                    return None, [_too_many_rows(shown)]
                parsed.append([_cell(v) for v in row[:MAX_COLUMNS]])
        except csv.Error as exc:
            return None, [
                error(
                    shown,
                    "unreadable-form",
                    f"the file is not valid CSV ({exc})",
                    "save the form again as CSV UTF-8",
                )
            ]
        if not rows or any("id" in _lower(row) for row in parsed):
            rows = parsed
        if any("id" in _lower(row) for row in parsed):
            break
    return Sheet(None, rows), []


def _cell(value: object) -> CELL:
    """A cell's value as text or a number; empty text is None; 3.0 is 3."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    text = str(value).strip()
    return text or None


def parse_form(
    sheet: Sheet, shown: str, survey: Survey, recommendations: Sequence[Recommendation], office: str
) -> FormImport:
    """The answers in a returned form, or every problem in it; nothing is written here."""
    problems: list[Problem] = []
    header_row = next((i for i, row in enumerate(sheet.rows) if "id" in _lower(row)), None)
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
        name: index for index, name in enumerate(_lower(sheet.rows[header_row])) if name in COLUMNS
    }
    names = {index: name for name, index in header.items()}

    def bad(row: int, column: int, code: str, message: str, hint: str) -> None:
        where = f"cell {_column_letter(column)}{row + 1}"
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
        key = _lower(row[:1])[0].rstrip(":") if row else ""
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


def _lower(row: Sequence[CELL]) -> list[str]:
    return [str(cell).strip().lower() if cell is not None else "" for cell in row]


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


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
