"""The sheets of an Excel workbook (.xlsx) as tables, read with openpyxl (values only).

Each sheet is one table, named after the sheet. A spreadsheet holds values: no revision marks
are read (formatting is not looked at); a merged cell's value is in its first cell and the
others are empty. A line break inside a cell separates paragraphs. A problem's line and column
are the cell's row and column.
"""

from __future__ import annotations

import io
import zipfile

from roadmap_cli.readers import (
    EMPTY_CELL,
    MAX_TABLE_ROWS,
    Piece,
    Table,
    TableCell,
    TablesRead,
    grid,
    too_large_when_unpacked,
    unreadable,
)


def read_xlsx(raw: bytes, shown: str) -> TablesRead:
    """Every sheet of the workbook, in the workbook's order."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        refused = too_large_when_unpacked(
            raw, shown, "workbook", "copy the table into a workbook of its own"
        )
        if refused is not None:
            return refused
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        return unreadable(
            shown,
            "unreadable-document",
            f"the file cannot be read as an Excel workbook ({exc})",
            "save it again as .xlsx from the spreadsheet program, or as .csv",
        )
    tables: list[Table] = []
    try:
        for number, sheet in enumerate(workbook.worksheets, start=1):
            rows: list[list[tuple[TableCell, int, int]]] = []
            truncated = False
            for values in sheet.iter_rows(values_only=True):
                if len(rows) >= MAX_TABLE_ROWS:
                    truncated = True
                    break
                rows.append([(_cell(value), 1, 1) for value in values])
            tables.append(Table(number, grid(rows), name=sheet.title, truncated=truncated))
    finally:
        workbook.close()
    return TablesRead(tuple(tables))


def _cell(value: object) -> TableCell:
    if value is None:
        return EMPTY_CELL
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not text.strip():
        return EMPTY_CELL
    return TableCell(tuple((Piece(line),) for line in text.splitlines() if line.strip()))
