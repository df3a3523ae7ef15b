"""Tables read from documents: the cells of every table in a Word document, a web page, a
spreadsheet or a CSV file, with their revision marks and where each cell sits.

One small reader per file format lives beside this module (`docx`, `html`, `xlsx`, `csv`);
`read_tables` checks the file (its size, and that its bytes are what its extension says) and
calls the reader of its extension. Readers know nothing of recommendations: finding the Annex
table and parsing its cells is `annex_import`'s concern, the survey results `results_import`'s.

A cell is a tuple of paragraphs, each a tuple of `Piece`s: runs of text marked as kept,
inserted (underlined, ``w:ins``, ``<ins>``, ``<u>``) or deleted (struck through, ``w:del``,
``<del>``, ``<s>``). Footnote markers (superscript runs, footnote references, ``<sup>``) are
dropped by the readers. A merged cell (``gridSpan``/``vMerge``, ``colspan``/``rowspan``) fills
every grid position it covers, the later ones flagged ``merged``.
"""

from __future__ import annotations

import enum
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from roadmap_cli.files import FileTooLarge, NotRegularFile, read_regular_file
from roadmap_cli.problems import Problem, error

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""Larger documents are refused before reading (the data files' limit, `load.MAX_FILE_BYTES`)."""
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""What the XML inside a .docx or .xlsx may unpack to (a 'zip bomb' unpacks to gigabytes)."""
MAX_TABLE_ROWS = 10_000
"""Rows read from one table; the Annex has 40, a results page a few dozen per recommendation."""
MAX_SPAN = 100
"""Rows or columns one merged cell may cover (a span of millions would fill memory)."""


class Mark(enum.Enum):
    """A piece of text as a revision shows it: kept, inserted or deleted."""

    SAME = "same"
    INSERTED = "inserted"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    mark: Mark = Mark.SAME


Paragraph = tuple[Piece, ...]

_SPACES = re.compile(r"\s+")
_OPPOSITE = {Mark.INSERTED: Mark.DELETED, Mark.DELETED: Mark.INSERTED}


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell of a table as read, at one position of the table's grid."""

    paragraphs: tuple[Paragraph, ...]
    line: int = 0
    """Where the cell starts in the file (HTML source line), 0 when the format has no lines."""
    column: int = 0
    merged: bool = False
    """True at the grid positions after the first that a merged cell covers."""

    def text(self, mark: Mark | None = None) -> str:
        """The cell's text, paragraphs joined by a space, whitespace collapsed. With
        ``Mark.INSERTED``: the text after the revision (deleted pieces left out); with
        ``Mark.DELETED``: the text before it (inserted pieces left out); None: every piece."""
        drop = _OPPOSITE.get(mark) if mark is not None else None
        paragraphs = (
            "".join(p.text for p in para if p.mark is not drop) for para in self.paragraphs
        )
        return _SPACES.sub(" ", " ".join(paragraphs)).strip()

    @property
    def is_marked(self) -> bool:
        return any(
            p.mark is not Mark.SAME and p.text.strip() for para in self.paragraphs for p in para
        )


EMPTY_CELL = TableCell(())


@dataclass(frozen=True, slots=True)
class Table:
    """A table of a document: its rows of cells on a regular grid (short rows are padded)."""

    number: int
    """1-based, in document order (a spreadsheet: the sheet's position)."""
    rows: tuple[tuple[TableCell, ...], ...]
    name: str | None = None
    """The sheet's name, for spreadsheets."""
    truncated: bool = False
    """True when the table had more than `MAX_TABLE_ROWS` rows and the rest was not read."""

    @property
    def label(self) -> str:
        return f"sheet '{self.name}'" if self.name is not None else f"table {self.number}"


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A paragraph or heading outside the tables (a results page's "1. R01 - ..." headings)."""

    text: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class TablesRead:
    """What reading a document gave: its tables, or the problems that stop reading it."""

    tables: tuple[Table, ...]
    problems: tuple[Problem, ...] = ()
    has_lines: bool = False
    """True when cells carry source lines (HTML); else a problem's line and column are the
    cell's row and column in its table."""
    flow: tuple[Table | TextBlock, ...] = ()
    """The document in reading order, text between the tables included (web pages and Word
    documents); empty for spreadsheets, whose tables are all there is."""

    def in_order(self) -> tuple[Table | TextBlock, ...]:
        return self.flow or self.tables


Reader = Callable[[bytes, str], TablesRead]

FORMATS = (".docx", ".html", ".htm", ".xlsx", ".csv")


def grid(rows: list[list[tuple[TableCell, int, int]]]) -> tuple[tuple[TableCell, ...], ...]:
    """Rows of ``(cell, colspan, rowspan)`` as a regular grid: spanned positions repeat the
    cell (flagged merged), short rows are padded with empty cells."""
    placed: dict[tuple[int, int], TableCell] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell, colspan, rowspan in row:
            while (r, c) in placed:
                c += 1
            for dr in range(max(rowspan, 1)):
                for dc in range(max(colspan, 1)):
                    if dr or dc:
                        copy = TableCell(cell.paragraphs, cell.line, cell.column, merged=True)
                        placed.setdefault((r + dr, c + dc), copy)
                    else:
                        placed[(r, c)] = cell
            c += max(colspan, 1)
    height = len(rows)
    width = max((c + 1 for (r, c) in placed if r < height), default=0)
    return tuple(tuple(placed.get((r, c), EMPTY_CELL) for c in range(width)) for r in range(height))


def read_tables(path: Path, shown: str) -> TablesRead:
    """Every table of the document at ``path``, chosen by its extension; a file that is too
    large, unreadable, or not what its extension says is a located problem."""
    suffix = path.suffix.lower()
    try:
        raw = read_regular_file(path, MAX_DOCUMENT_BYTES)
    except NotRegularFile:
        return _refuse(
            shown,
            "unreadable-document",
            "this is not a regular file (a directory, pipe, socket or device); it is not read",
            "save the document as a file and name that",
        )
    except FileTooLarge as exc:
        return _refuse(
            shown,
            "document-too-large",
            f"the file is {exc.size / 2**20:.0f} MiB; documents are limited to "
            f"{MAX_DOCUMENT_BYTES // 2**20} MiB",
            "export only the Annex table, or split the document",
        )
    except OSError as exc:
        return _refuse(
            shown, "unreadable-document", f"the file cannot be read ({exc.strerror})", ""
        )
    actual = sniff(raw)
    expected = {".htm": "html"}.get(suffix, suffix.lstrip("."))
    if actual != expected and not (expected in ("csv", "html") and actual == "text"):
        return _refuse(shown, "wrong-file-type", *_wrong_type(suffix, actual))
    return _reader(suffix)(raw, shown)


def _reader(suffix: str) -> Reader:
    if suffix == ".docx":
        from roadmap_cli.readers.docx import read_docx

        return read_docx
    if suffix in (".html", ".htm"):
        from roadmap_cli.readers.html import read_html

        return read_html
    if suffix == ".xlsx":
        from roadmap_cli.readers.xlsx import read_xlsx

        return read_xlsx
    from roadmap_cli.readers.csv import read_csv

    return read_csv


def sniff(raw: bytes) -> str:
    """What the bytes are: docx, xlsx, zip, pdf, doc (an OLE file: .doc or .xls), html, text
    or binary."""
    if raw.startswith(b"PK\x03\x04"):
        if b"word/document.xml" in raw:
            return "docx"
        if b"xl/workbook.xml" in raw:
            return "xlsx"
        return "zip"
    if raw.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    head = raw[:4096]
    if b"\x00" in head:
        return "binary"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body")):
        return "html"
    if start.startswith(b"<?xml") and b"<html" in head.lower():
        return "html"
    return "text"


_NAMES = {
    "docx": "a Word document (.docx)",
    "xlsx": "an Excel workbook (.xlsx)",
    "zip": "a zip archive that is neither a Word document nor a workbook",
    "pdf": "a PDF",
    "doc": "an old-style Word or Excel file (.doc or .xls)",
    "html": "a web page (.html)",
    "text": "plain text",
    "binary": "binary data",
}


def _wrong_type(suffix: str, actual: str) -> tuple[str, str]:
    message = f"the file ends in {suffix} but its content is {_NAMES[actual]}"
    if actual == "pdf":
        return message, "PDF is not read: convert it to DOCX first (Word: File > Open the PDF)"
    if actual == "doc":
        return message, "open it in Word or LibreOffice and save it as .docx (or .xlsx)"
    proper = {"docx": ".docx", "xlsx": ".xlsx", "html": ".html", "text": ".csv"}.get(actual)
    if proper:
        return message, f"rename it to end in {proper}, or export the document again"
    return message, "export the document again as .docx, .html, .xlsx or .csv"


def _refuse(shown: str, code: str, message: str, hint: str) -> TablesRead:
    return TablesRead((), (error(shown, code, message, hint, line=1, column=1),))


def unreadable(shown: str, code: str, message: str, hint: str) -> TablesRead:
    """A document that cannot be read: no table, one problem about the whole file."""
    return TablesRead((), (error(shown, code, message, hint, line=1, column=1),))


def too_large_when_unpacked(raw: bytes, shown: str, what: str, hint: str) -> TablesRead | None:
    """The refusal of a .docx or .xlsx whose parts unpack past `MAX_UNPACKED_BYTES`, read from
    its zip directory before anything is unpacked; None when it is within the limit. A file
    that is not a zip raises `zipfile.BadZipFile`."""
    unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(raw)).infolist())
    if unpacked <= MAX_UNPACKED_BYTES:
        return None
    return unreadable(
        shown,
        "document-too-large",
        f"the {what} unpacks to {unpacked / 2**20:.0f} MiB; at most "
        f"{MAX_UNPACKED_BYTES // 2**20} MiB are read",
        hint,
    )
