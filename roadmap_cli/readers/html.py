"""Tables of a web page (.html), read with the standard library's `html.parser`.

Text inside ``<ins>`` or ``<u>`` is inserted, inside ``<del>``, ``<s>`` or ``<strike>`` deleted
(WIPO's revised annexes, and `roadmap annex --baseline`). ``<sup>`` holds footnote markers: left
out. ``<br>`` and block elements (``<p>``, ``<div>``, ``<li>``) start a new paragraph; other
white space is collapsed, as a browser shows it. ``colspan`` and ``rowspan`` merge cells. Each
cell keeps the line and column of its ``<td>``/``<th>`` in the source, for problems. Scripts and
styles are skipped; a table inside a cell is a table of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from roadmap_cli.problems import error
from roadmap_cli.readers import (
    MAX_SPAN,
    MAX_TABLE_ROWS,
    Mark,
    Piece,
    Table,
    TableCell,
    TablesRead,
    TextBlock,
    grid,
)

_INSERTED = {"ins", "u"}
_DELETED = {"del", "s", "strike"}
_BLOCKS = {"p", "div", "li", "br", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"script", "style", "sup", "head", "title"}


def read_html(raw: bytes, shown: str) -> TablesRead:
    """Every table of the page, in the order their ``<table>`` tags open."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")  # Word's "Save as Web Page" writes windows-1252
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            return TablesRead(
                (),
                (
                    error(
                        shown,
                        "not-utf8",
                        f"byte 0x{raw[exc.start]:02x} is neither UTF-8 nor windows-1252",
                        "save the page as UTF-8",
                        line=line,
                        column=1,
                    ),
                ),
            )
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    parser.flush_text()
    by_number = {t.number: t for t in parser.finished}
    flow = tuple(by_number[item] if isinstance(item, int) else item for item in parser.flow)
    return TablesRead(tuple(parser.finished), has_lines=True, flow=flow)


@dataclass
class _Cell:
    line: int
    column: int
    colspan: int
    rowspan: int
    paragraphs: list[list[Piece]] = field(default_factory=lambda: [[]])


@dataclass
class _OpenTable:
    number: int
    rows: list[list[tuple[TableCell, int, int]]] = field(default_factory=list)
    cell: _Cell | None = None
    truncated: bool = False


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_OpenTable] = []
        self.finished: list[Table] = []
        self.count = 0
        self.marks: list[Mark] = []
        self.skipping = 0
        self.flow: list[TextBlock | int] = []
        """Text blocks and (the numbers of) top-level tables, in reading order."""
        self.text: list[str] = []
        self.text_line = 0

    def flush_text(self) -> None:
        text = " ".join("".join(self.text).split())
        if text:
            self.flow.append(TextBlock(text, self.text_line))
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
            return
        if tag == "table":
            self.count += 1
            if not self.stack:
                self.flush_text()
                self.flow.append(self.count)
            self.stack.append(_OpenTable(self.count))
            return
        if not self.stack:
            if tag in _BLOCKS:
                self.flush_text()
            return
        table = self.stack[-1]
        if tag == "tr":
            self._close_cell(table)
            if len(table.rows) >= MAX_TABLE_ROWS:
                table.truncated = True
            else:
                table.rows.append([])
        elif tag in ("td", "th"):
            self._close_cell(table)
            values = dict(attrs)
            line, column = self.getpos()
            table.cell = _Cell(
                line, column + 1, _span(values.get("colspan")), _span(values.get("rowspan"))
            )
        elif tag in _INSERTED:
            self.marks.append(Mark.INSERTED)
        elif tag in _DELETED:
            self.marks.append(Mark.DELETED)
        elif tag in _BLOCKS and table.cell is not None:
            table.cell.paragraphs.append([])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.stack:
            self.flush_text()
        elif tag == "br" and self.stack and self.stack[-1].cell is not None:
            self.stack[-1].cell.paragraphs.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
            return
        if tag == "table" and self.stack:
            table = self.stack.pop()
            self._close_cell(table)
            self.finished.append(
                Table(table.number, grid([r for r in table.rows]), truncated=table.truncated)
            )
            self.finished.sort(key=lambda t: t.number)
        elif tag in _INSERTED | _DELETED and self.marks:
            self.marks.pop()
        elif tag in ("td", "th") and self.stack:
            self._close_cell(self.stack[-1])
        elif tag in _BLOCKS and self.stack and self.stack[-1].cell is not None:
            self.stack[-1].cell.paragraphs.append([])
        elif tag in _BLOCKS and not self.stack:
            self.flush_text()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not self.stack:
            if not self.text:
                self.text_line = self.getpos()[0]
            self.text.append(data)
            return
        if self.stack[-1].cell is None:
            return
        mark = self.marks[-1] if self.marks else Mark.SAME
        self.stack[-1].cell.paragraphs[-1].append(Piece(" ".join(data.split(" ")), mark))

    def _close_cell(self, table: _OpenTable) -> None:
        cell = table.cell
        if cell is None:
            return
        table.cell = None
        if table.truncated:
            return
        if not table.rows:
            table.rows.append([])
        paragraphs = tuple(tuple(p) for p in cell.paragraphs if "".join(x.text for x in p).strip())
        table.rows[-1].append(
            (TableCell(paragraphs, cell.line, cell.column), cell.colspan, cell.rowspan)
        )


def _span(value: str | None) -> int:
    if value is None or not value.strip().isdigit():
        return 1
    return min(max(int(value), 1), MAX_SPAN)
