"""Tables of a Word document (.docx): cells, paragraphs and revision marks, read from the XML.

python-docx opens the package (and refuses what is not one); the body's tables are then read
from their XML, because the revision marks are there and python-docx's text leaves some out:
a run inside ``w:ins`` (a tracked insertion) or ``w:moveTo`` is inserted, one inside ``w:del``
or ``w:moveFrom`` (whose text is ``w:delText``) deleted; outside tracked changes, an underlined
run is inserted and a struck-through one (``w:strike``, ``w:dstrike``) deleted, as in WIPO's
revised annexes. Superscript runs and footnote references are footnote markers: left out.
Merged cells: ``w:gridSpan`` across, ``w:vMerge`` down. Tables nested in a cell are read as
tables of their own, after the one that holds them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from typing import Any

from roadmap_cli.readers import (
    MAX_SPAN,
    MAX_TABLE_ROWS,
    Mark,
    Paragraph,
    Piece,
    Table,
    TableCell,
    TablesRead,
    TextBlock,
    grid,
    too_large_when_unpacked,
    unreadable,
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFF = {"0", "false", "none", "off"}


def read_docx(raw: bytes, shown: str) -> TablesRead:
    """Every table of the document body, in document order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        refused = too_large_when_unpacked(
            raw, shown, "document", "copy the Annex table into a document of its own"
        )
        if refused is not None:
            return refused
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        return unreadable(
            shown,
            "unreadable-document",
            f"the file cannot be read as a Word document ({exc})",
            "open it in Word or LibreOffice and save it again as .docx",
        )
    styles = _style_marks(document.styles.element)
    tables: list[Table] = []
    flow: list[Table | TextBlock] = []
    body = document.element.body
    for element in body.iter(_W + "tbl", _W + "p"):
        if element.tag == _W + "tbl":
            tables.append(_table(element, len(tables) + 1, styles))
            if element.getparent() is body:
                flow.append(tables[-1])
        elif element.getparent() is body:
            text = " ".join("".join(piece.text for piece in _paragraph(element, styles)).split())
            if text:
                flow.append(TextBlock(text))
    return TablesRead(tuple(tables), flow=tuple(flow))


def _table(element: Any, number: int, styles: Mapping[str, Mark]) -> Table:
    rows: list[list[tuple[TableCell, int, int]]] = []
    open_merges: dict[int, list[int]] = {}  # grid column -> [row index, position in that row]
    truncated = False
    for tr in _children(element, "tr"):
        if len(rows) >= MAX_TABLE_ROWS:
            truncated = True
            break
        row: list[tuple[TableCell, int, int]] = []
        column = 0
        for tc in _children(tr, "tc"):
            properties = tc.find(_W + "tcPr")
            span = min(_int_val(properties, "gridSpan") or 1, MAX_SPAN)
            merge = None if properties is None else properties.find(_W + "vMerge")
            if merge is not None and merge.get(_W + "val", "continue") == "continue":
                start = open_merges.get(column)
                if start is not None:  # grow the cell above by one row; this one is covered
                    cell, colspan, rowspan = rows[start[0]][start[1]]
                    rows[start[0]][start[1]] = (cell, colspan, rowspan + 1)
                    column += span
                    continue
            cell = TableCell(tuple(_paragraph(p, styles) for p in _children(tc, "p")))
            if merge is not None:
                open_merges[column] = [len(rows), len(row)]
            else:
                open_merges.pop(column, None)
            row.append((cell, span, 1))
            column += span
        rows.append(row)
    return Table(number, grid(rows), truncated=truncated)


_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml"}


def _children(element: Any, tag: str) -> list[Any]:
    """The children with ``tag``, looking through content controls (``w:sdt``) and custom XML
    that Word wraps around rows, cells and paragraphs."""
    found = []
    for child in element:
        if child.tag == _W + tag:
            found.append(child)
        elif child.tag in _WRAPPERS:
            found += _children(child, tag)
    return found


def _int_val(properties: Any, tag: str) -> int | None:
    if properties is None:
        return None
    element = properties.find(_W + tag)
    value = None if element is None else element.get(_W + "val")
    return int(value) if value is not None and value.isdigit() else None


def _paragraph(p: Any, styles: Mapping[str, Mark]) -> Paragraph:
    pieces: list[Piece] = []
    for run in p.iter(_W + "r"):
        mark = _run_mark(run, styles)
        if mark is None:
            continue
        text = "".join(_run_text(run))
        if text:
            pieces.append(Piece(text, mark))
    return tuple(pieces)


def _run_mark(run: Any, styles: Mapping[str, Mark]) -> Mark | None:
    """The run's revision mark; None for a footnote marker."""
    if (
        run.find(_W + "footnoteReference") is not None
        or run.find(_W + "endnoteReference") is not None
    ):
        return None
    properties = run.find(_W + "rPr")
    if properties is not None:
        align = properties.find(_W + "vertAlign")
        if align is not None and align.get(_W + "val") == "superscript":
            return None
    for ancestor in run.iterancestors():
        tag = ancestor.tag
        if tag in (_W + "ins", _W + "moveTo"):
            return Mark.INSERTED
        if tag in (_W + "del", _W + "moveFrom"):
            return Mark.DELETED
        if tag == _W + "p":
            break
    direct = _formatting_mark(properties)
    if direct is not None:
        return direct
    style = None if properties is None else properties.find(_W + "rStyle")
    if style is not None:
        return styles.get(style.get(_W + "val", ""), Mark.SAME)
    return Mark.SAME


def _formatting_mark(properties: Any) -> Mark | None:
    """DELETED for struck-through formatting, INSERTED for underlined, SAME when either is
    explicitly off, None when the properties say nothing (the style then decides)."""
    if properties is None:
        return None
    said = None
    for tag in ("strike", "dstrike"):
        element = properties.find(_W + tag)
        if element is not None:
            if element.get(_W + "val", "true").lower() not in _OFF:
                return Mark.DELETED
            said = Mark.SAME
    underline = properties.find(_W + "u")
    if underline is not None:
        if underline.get(_W + "val", "single").lower() not in _OFF:
            return Mark.INSERTED
        said = Mark.SAME
    return said


def _style_marks(styles: Any) -> dict[str, Mark]:
    """Character styles that strike through or underline (LibreOffice writes revision marks
    as styles, e.g. "Ins" and "Del"), following each style's ``basedOn`` chain."""
    by_id = {s.get(_W + "styleId"): s for s in styles.findall(_W + "style")}

    def mark(style_id: str, depth: int = 0) -> Mark:
        style = by_id.get(style_id)
        if style is None or depth > 20:
            return Mark.SAME
        found = _formatting_mark(style.find(_W + "rPr"))
        if found is not None:
            return found
        based = style.find(_W + "basedOn")
        return mark(based.get(_W + "val", ""), depth + 1) if based is not None else Mark.SAME

    return {
        style_id: found
        for style_id in by_id
        if style_id and (found := mark(style_id)) is not Mark.SAME
    }


def _run_text(run: Any) -> list[str]:
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag in (_W + "t", _W + "delText"):
            parts.append(child.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
    return parts
