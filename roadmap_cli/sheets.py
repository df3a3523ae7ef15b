"""A returned spreadsheet read safely: the cells of an XLSX or CSV file that came back from an
office, untrusted (issue #12).

A pipe, a device or a link to one is refused unread (`files.read_regular_file`); a file past
the limits below (size on disk, size unpacked, zip parts, rows, columns) is refused before it is
parsed; the
sheet's stated dimension is not trusted, and a formula without a cached value is reported, never
dropped. `forms` reads a survey form's cells through `read_sheet` and checks what they mean.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from roadmap_cli.files import FileTooLarge, NotRegularFile, read_regular_file
from roadmap_cli.problems import Problem, error

CELL = str | int | float | None
Grid = list[list[CELL]]


@dataclass(frozen=True, slots=True)
class Sheet:
    """A form's cells as read from its file; ``name`` is None for CSV."""

    name: str | None
    rows: Grid


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


def read_sheet(path: Path, shown: str, preferred: str) -> tuple[Sheet | None, list[Problem]]:
    """The cells of an XLSX file (its sheet named ``preferred``, else the first) or a CSV file.

    A returned form is untrusted (issue #12): a pipe, a device or a link to one is refused
    unread, and a form past the limits above is refused before it is parsed.
    """

    def refuse(message: str, hint: str) -> tuple[None, list[Problem]]:
        return None, [error(shown, "unreadable-form", message, hint, line=1, column=1)]

    try:
        raw = read_regular_file(path, MAX_FORM_BYTES)
    except NotRegularFile:
        return refuse(
            "this is not a regular file (a pipe, socket or device); it is not read",
            "save the form as a file and import that",
        )
    except FileTooLarge as exc:
        return refuse(
            f"the file is {exc.size / 2**20:.0f} MiB; forms are limited to "
            f"{MAX_FORM_BYTES // 2**20} MiB",
            "check that this is the returned form",
        )
    except OSError as exc:
        return refuse(f"the file cannot be read ({exc.strerror})", "check the path")
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(raw, shown, preferred)
    return _read_csv(raw, shown)


def _zip_problem(raw: bytes, shown: str) -> Problem | None:
    """A problem when the XLSX zip would unpack past the limits; None when it is within them."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
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


def _read_xlsx(raw: bytes, shown: str, preferred: str) -> tuple[Sheet | None, list[Problem]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    too_large = _zip_problem(raw, shown)
    if too_large is not None:
        return None, [too_large]
    formulas: dict[tuple[int, int], str] = {}
    grids: list[Grid] = []
    for data_only in (False, True):  # formulas, then the values they had when last computed
        try:
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)
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
            sheet = (
                workbook[preferred] if preferred in workbook.sheetnames else workbook.worksheets[0]
            )
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
            f"sheet '{name}', cell {column_letter(c)}{r + 1}: the formula {formula} has no "
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


def _read_csv(raw: bytes, shown: str) -> tuple[Sheet | None, list[Problem]]:
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
        if not rows or any("id" in lowered(row) for row in parsed):
            rows = parsed
        if any("id" in lowered(row) for row in parsed):
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


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def lowered(row: Sequence[CELL]) -> list[str]:
    """The cells of ``row`` as trimmed lower-case text (an empty cell: "")."""
    return [str(cell).strip().lower() if cell is not None else "" for cell in row]
