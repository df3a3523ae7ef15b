"""A CSV file as one table: UTF-8 (a byte-order mark is allowed), comma, semicolon or tab.

CSV holds values, not layout: no revision marks, no merged cells. A line break inside a quoted
cell separates paragraphs. A problem's line and column are the cell's row and column.
"""

from __future__ import annotations

import csv
import io

from roadmap_cli.problems import error
from roadmap_cli.readers import (
    EMPTY_CELL,
    MAX_TABLE_ROWS,
    Piece,
    Table,
    TableCell,
    TablesRead,
    grid,
)


def read_csv(raw: bytes, shown: str) -> TablesRead:
    """The file's one table; the delimiter is the one that splits the first line the most."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return TablesRead(
            (),
            (
                error(
                    shown,
                    "not-utf8",
                    f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                    "save the file as CSV UTF-8",
                    line=line,
                    column=1,
                ),
            ),
        )
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows: list[list[tuple[TableCell, int, int]]] = []
    truncated = False
    try:
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(rows) >= MAX_TABLE_ROWS:
                truncated = True
                break
            rows.append([(_cell(value), 1, 1) for value in values])
    except csv.Error as exc:
        return TablesRead(
            (),
            (
                error(
                    shown,
                    "unreadable-document",
                    f"the file is not valid CSV ({exc})",
                    "save it again as CSV UTF-8",
                    line=1,
                    column=1,
                ),
            ),
        )
    return TablesRead((Table(1, grid(rows), truncated=truncated),))


def _cell(value: str) -> TableCell:
    if not value.strip():
        return EMPTY_CELL
    return TableCell(tuple((Piece(line),) for line in value.splitlines() if line.strip()))
