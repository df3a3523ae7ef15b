"""Reading the Annex table "40 RECOMMENDATIONS AND CWS ACTIVITIES" out of a document.

`read_annex` takes the tables a reader found (`readers.read_tables`), finds the Annex among them
by its header, and parses each row into the data's fields. What a cell may say:

- **No.**: ``R01``, ``R1``, ``1`` or ``1.`` (a footnote marker after it is ignored);
- **Recommendation**: the official text; several paragraphs are joined by a space. "—", "-",
  "N/A", an empty cell and the tool's own "text pending" mean *not known* (null);
- **Group**: ``1``, ``Group 1``, ``I``; the markers above mean not known;
- **Relevant WIPO Standard(s) or CWS Task(s)**: ``ST.96, ST.37; Task No. 58`` gives
  ``standards: [ST.96, ST.37]``, ``tasks: [58]``; a kind the cell does not name is ``[]``
  (the cell lists every relevant one). "none", "N/A" and "nil" mean none of either (``[]``);
  "—", "-" and an empty cell mean not known (null);
- **Priority**: high, medium or low (``H``/``M``/``L`` too); the markers mean not known.

The header is found by its words, whatever their exact wording: a column whose header names a
number (No., Number, #) is the number; "Standard" or "Task" the references; "Group";
"Priorit..."; "Recommendation" or "Text" the text. Header rows are the rows at the top of the
table that hold no recommendation number; when several, each column's header is their words
together (a header cell merged across columns gives its words to each). A row that spans the
whole table (a caption or a section heading) is skipped.

Revision marks: a cell whose pieces are marked reads as two values, the value *after* the
revision (deleted pieces left out) and the value *before* it (inserted pieces left out).
Nothing here touches the data: `annex_merge` reconciles these rows with it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roadmap_cli.problems import Problem, error
from roadmap_cli.readers import Mark, Table, TableCell, TablesRead, read_tables


class Field(enum.Enum):
    """A column of the Annex, by what it holds."""

    NUMBER = "number"
    TEXT = "text"
    GROUP = "group"
    REFERENCES = "references"
    PRIORITY = "priority"


HEADER_NAMES = {
    Field.NUMBER: "No.",
    Field.TEXT: "Recommendation",
    Field.GROUP: "Group",
    Field.REFERENCES: "Relevant WIPO Standard(s) or CWS Task(s)",
    Field.PRIORITY: "Priority",
}

NOT_KNOWN = frozenset({"", "\u2014", "\u2013", "-", "--", "?", "tbd", "text pending"})
"""Cell texts (lower case) that mean the value is not known: null."""
NONE = frozenset({"none", "n/a", "na", "nil", "not applicable"})
"""Cell texts that mean there is none: ``[]`` in a list column; not known (null) elsewhere."""
_TEXT_PENDING = re.compile(r"^text pending\b", re.IGNORECASE)


class Unknown:
    """The value of a cell that says nothing (not known)."""


@dataclass(frozen=True, slots=True)
class Where:
    """Where a cell is in the document."""

    table: str
    """``table 2`` or ``sheet 'Annex'``."""
    row: int
    """1-based, in the table."""
    column: int
    header: str
    line: int
    """In the file when the format has lines (HTML), else the row."""
    col: int

    def __str__(self) -> str:
        return f"{self.table}, row {self.row}, column {self.column} ({self.header})"


@dataclass(frozen=True, slots=True)
class ImportedValue:
    """One field of one row as the document gives it."""

    field: str
    """The data's field: ``text``, ``group``, ``standards``, ``tasks`` or ``priority``."""
    after: Any
    """The value (after the revision when the cell is marked), as plain YAML data."""
    before: Any
    """The value before the revision when the cell is marked; equal to ``after`` when not."""
    marked: bool
    where: Where
    cell_text: str


@dataclass(frozen=True, slots=True)
class AnnexRow:
    id: str
    values: tuple[ImportedValue, ...]
    where: Where
    """The number cell."""


@dataclass(frozen=True, slots=True)
class AnnexRead:
    """The Annex as read: its rows in document order, or the problems that stop the import."""

    rows: tuple[AnnexRow, ...]
    problems: tuple[Problem, ...]
    table: str | None = None
    """Which table of the document is the Annex."""
    columns: tuple[Field, ...] = ()
    """The Annex columns found, in the document's order."""


def read_annex(path: Path, shown: str, known_ids: Sequence[str]) -> AnnexRead:
    """The Annex table of the document at ``path``; every problem is located in the document."""
    read = read_tables(path, shown)
    if read.problems:
        return AnnexRead((), read.problems)
    return parse_annex(read, shown, known_ids)


def parse_annex(read: TablesRead, shown: str, known_ids: Sequence[str]) -> AnnexRead:
    """The Annex among ``read``'s tables, parsed; problems for a missing table or bad cells."""
    for table in read.tables:
        found = find_header(table)
        if found is not None:
            header_rows, columns = found
            return _parse_rows(table, header_rows, columns, read.has_lines, shown, known_ids)
    seen = "; ".join(_describe(table) for table in read.tables) or "the document has no table"
    return AnnexRead(
        (),
        (
            error(
                shown,
                "no-annex-table",
                "no table has the Annex header (No., Recommendation, Group, Relevant WIPO "
                f"Standard(s) or CWS Task(s), Priority); tables seen: {seen}",
                "check that the document holds the Annex as a table (not as text or a picture); "
                "its header needs at least a number column and a Recommendation column",
                line=1,
                column=1,
            ),
        ),
    )


def _describe(table: Table) -> str:
    first = next((row for row in table.rows if any(c.text() for c in row)), ())
    cells = [c.text() for c in first if not c.merged]
    shown = ", ".join(f"'{_short(text)}'" for text in cells)
    return f"{table.label} ({len(table.rows)} rows; first row: {shown or 'empty'})"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# ---- the header ---------------------------------------------------------------------------------

_WORDS = re.compile(r"[a-z]+|#")
_NUMBER_WORDS = {"no", "nos", "number", "num", "#", "nr", "n"}


def header_field(text: str) -> Field | None:
    """What a header cell's words name, or None for a column the Annex does not have."""
    words = _WORDS.findall(text.lower())
    joined = " ".join(words)
    if any(w.startswith(("standard", "task")) for w in words):
        return Field.REFERENCES
    if "group" in words:
        return Field.GROUP
    if any(w.startswith("priorit") for w in words):
        return Field.PRIORITY
    if _NUMBER_WORDS & set(words) or joined in ("r", "id", "rec", "ref"):
        return Field.NUMBER
    if any(w.startswith("recommendation") for w in words) or "text" in words:
        return Field.TEXT
    return None


def find_header(table: Table) -> tuple[int, dict[int, Field]] | None:
    """How many rows the header takes and which column holds which field; None when the
    table is not the Annex (no number or no text column)."""
    header_rows: list[int] = []
    for index, row in enumerate(table.rows[:6]):
        if _is_spanning(row):
            header_rows.append(index)  # a caption across the table is part of the header block
            continue
        if any(parse_number(c.text()) is not None for c in row if not c.merged):
            break
        header_rows.append(index)
    words_rows = [i for i in header_rows if not _is_spanning(table.rows[i])]
    if not words_rows:
        return None
    width = len(table.rows[0])
    columns: dict[int, Field] = {}
    for column in range(width):
        texts: list[str] = []
        for index in words_rows:
            text = table.rows[index][column].text()
            if text and text not in texts:
                texts.append(text)
        field = header_field(" ".join(texts))
        if field is not None and field not in columns.values():
            columns[column] = field
    if Field.TEXT not in columns.values():
        return None
    if Field.NUMBER not in columns.values():
        data = table.rows[len(header_rows) :]
        for column in range(width):
            if column not in columns and _mostly_numbers(data, column):
                columns[column] = Field.NUMBER
                break
        else:
            return None
    return len(header_rows), dict(sorted(columns.items()))


def _is_spanning(row: Sequence[TableCell]) -> bool:
    return len(row) > 1 and all(c.merged for c in row[1:]) and bool(row[0].text())


def _mostly_numbers(rows: Sequence[Sequence[TableCell]], column: int) -> bool:
    values = [row[column].text() for row in rows if column < len(row) and row[column].text()]
    return bool(values) and sum(parse_number(v) is not None for v in values) * 2 > len(values)


# ---- the rows -----------------------------------------------------------------------------------

_NUMBER = re.compile(
    r"^(?:R(?:ec(?:ommendation)?)?\.?\s*)?0*([0-9]{1,4})\s*[.)]?\s*[*\u2020]*$", re.I
)


def parse_number(text: str) -> str | None:
    """``R01`` for ``R01``, ``R1``, ``1`` or ``1.``; None for anything else."""
    match = _NUMBER.match(text.strip())
    if match is None or int(match[1]) == 0:
        return None
    return f"R{int(match[1]):02d}"


def _parse_rows(
    table: Table,
    header_rows: int,
    columns: dict[int, Field],
    has_lines: bool,
    shown: str,
    known_ids: Sequence[str],
) -> AnnexRead:
    problems: list[Problem] = []
    rows: list[AnnexRow] = []
    first_row: dict[str, int] = {}
    number_column = next(c for c, f in columns.items() if f is Field.NUMBER)
    headers = {
        c: table.rows[header_rows - 1][c].text() or HEADER_NAMES[f] for c, f in columns.items()
    }

    def where(row: int, column: int) -> Where:
        cell = table.rows[row][column]
        line, col = (cell.line, cell.column) if has_lines and cell.line else (row + 1, column + 1)
        return Where(
            table.label, row + 1, column + 1, _short(headers.get(column, ""), 30), line, col
        )

    def bad(place: Where, code: str, message: str, hint: str) -> None:
        problems.append(
            error(shown, code, f"{place}: {message}", hint, line=place.line, column=place.col)
        )

    if table.truncated:
        place = where(len(table.rows) - 1, number_column)
        bad(
            place,
            "too-many-rows",
            f"the table has more than {len(table.rows):,} rows; no more are read",
            "the Annex has one row per recommendation: is this the right table?",
        )
    for index in range(header_rows, len(table.rows)):
        row = table.rows[index]
        if _is_spanning(row) or not any(c.text() for c in row):
            continue  # a section heading across the table, or an empty row
        number_text = row[number_column].text(Mark.INSERTED)
        rec_id = parse_number(number_text)
        place = where(index, number_column)
        if rec_id is None or rec_id not in known_ids:
            from roadmap_cli.problems import did_you_mean

            shown_id = rec_id or number_text
            hint = did_you_mean(shown_id, list(known_ids)) if rec_id is None else ""
            bad(
                place,
                "not-a-recommendation",
                f"'{_short(number_text)}' is not the number of a recommendation in the data"
                + (f" ({known_ids[0]}..{known_ids[-1]})" if known_ids else ""),
                hint or "write the number as R01, R1 or 1, or remove the row",
            )
            continue
        if rec_id in first_row:
            bad(
                place,
                "duplicate-row",
                f"{rec_id} has a second row (the first is row {first_row[rec_id]})",
                "keep one row per recommendation",
            )
            continue
        first_row[rec_id] = index + 1
        values: list[ImportedValue] = []
        for column, field in columns.items():
            if field is Field.NUMBER:
                continue
            try:
                values += _values(field, row[column], where(index, column))
            except ValueError as exc:
                bad(where(index, column), "bad-cell", str(exc), _HINTS[field])
        rows.append(AnnexRow(rec_id, tuple(values), place))
    if not rows and not problems:
        bad(
            where(max(header_rows - 1, 0), number_column),
            "empty-annex",
            "the Annex table has a header but no row of a recommendation",
            "is this the right table?",
        )
    return AnnexRead(
        tuple(rows) if not problems else (),
        tuple(problems),
        table.label,
        tuple(columns.values()),
    )


_HINTS = {
    Field.TEXT: "",
    Field.GROUP: "write 1, 2 or 3 (or Group 1), or a dash when not known",
    Field.REFERENCES: "write WIPO Standards as ST.<number> and CWS Tasks as Task No. <number>, "
    "separated by commas; none when there is none, a dash when not known",
    Field.PRIORITY: "write high, medium or low, or a dash when not known",
}


def _values(field: Field, cell: TableCell, place: Where) -> list[ImportedValue]:
    after_text = cell.text(Mark.INSERTED)
    before_text = cell.text(Mark.DELETED)
    marked = cell.is_marked and after_text != before_text
    after = _parse(field, after_text)
    before = _parse(field, before_text) if marked else after
    shown = cell.text()
    if field is Field.REFERENCES:
        return [
            ImportedValue(name, a, b, marked and a != b, place, shown)
            for name, a, b in zip(("standards", "tasks"), after, before, strict=True)
        ]
    return [ImportedValue(field.value, after, before, marked and after != before, place, shown)]


def _parse(field: Field, text: str) -> Any:
    """A cell's text as the field's value; raises ValueError quoting the text when it does not
    parse. References parse to a pair (standards, tasks)."""
    plain = text.strip().rstrip("*\u2020").strip()
    lowered = plain.lower()
    if field is Field.TEXT:
        if lowered in NOT_KNOWN or lowered in NONE or _TEXT_PENDING.match(plain):
            return None
        return text.strip()
    if field is Field.REFERENCES:
        if lowered in NOT_KNOWN:
            return (None, None)
        if lowered in NONE:
            return ([], [])
        return parse_references(plain)
    if lowered in NOT_KNOWN or lowered in NONE:
        return None
    if field is Field.GROUP:
        return parse_group(plain)
    return parse_priority(plain)


_ROMAN = {"i": 1, "ii": 2, "iii": 3}


def parse_group(text: str) -> int:
    """1 for ``1``, ``Group 1``, ``G1`` or ``I``; raises ValueError otherwise."""
    match = re.fullmatch(r"(?:group|grp\.?|g)?\s*([0-9]+|i{1,3})\.?", text.strip(), re.I)
    if match:
        token = match[1].lower()
        value = int(token) if token.isdigit() else _ROMAN[token]
        if value in (1, 2, 3):
            return value
    raise ValueError(f"'{_short(text)}' is not a group (1, 2 or 3)")


_PRIORITIES = {
    **{word: "high" for word in ("high", "h")},
    **{word: "medium" for word in ("medium", "med", "m")},
    **{word: "low" for word in ("low", "l")},
}


def parse_priority(text: str) -> str:
    value = _PRIORITIES.get(" ".join(text.lower().split()).removesuffix(" priority"))
    if value is None:
        raise ValueError(f"'{_short(text)}' is not a priority (high, medium or low)")
    return value


_REFERENCE = re.compile(
    r"^(?:(?:WIPO\s+)?ST\.?\s*([0-9]+)|(?:CWS\s+)?Task\s*(?:No\.?|#|Number)?\s*([0-9]+))$",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s*(?:[,;\n]|\band\b|/)\s*", re.IGNORECASE)


def parse_references(text: str) -> tuple[list[str], list[int]]:
    """``ST.96, ST.37; Task No. 58`` -> (``[ST.96, ST.37]``, ``[58]``), in the cell's order."""
    standards: list[str] = []
    tasks: list[int] = []
    for part in _SEPARATORS.split(text):
        part = part.strip().rstrip("*\u2020").strip()
        if not part:
            continue
        match = _REFERENCE.match(part)
        if match is None or int(match[1] or match[2]) == 0:
            raise ValueError(
                f"'{_short(part)}' in '{_short(text, 60)}' is neither a WIPO Standard (ST.96) "
                "nor a CWS Task (Task No. 58)"
            )
        if match[1]:
            standard = f"ST.{int(match[1])}"
            if standard not in standards:
                standards.append(standard)
        elif int(match[2]) not in tasks:
            tasks.append(int(match[2]))
    return standards, tasks
