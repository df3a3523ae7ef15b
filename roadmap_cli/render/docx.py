"""The Annex table as a Word document (python-docx), ready to paste into a WIPO document.

A landscape A4 section holds the title (style Heading 1), the source session, the change summary
when there is a baseline, and a real Word table (style Table Grid) whose header row repeats on
every page, with fixed column widths in proportion to the columns' relative widths. Revision
marks are formatted runs, as in WIPO's revised annexes: inserted text underlined, deleted text
struck through. Everything is in Word styles so that the Secretariat can restyle it.

The bytes are deterministic: the core properties are fixed (no creation or modification dates,
no "python-docx" author), the template's thumbnail is dropped, and the zip entries get a fixed
timestamp and fixed attributes, so two renders of the same view are byte-identical.

The roadmap draft (`render.draft`) reuses the table, the styles, the page number and the
deterministic save (`document_bytes`) from here.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Emu, Length, Pt, RGBColor, Twips
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph

from roadmap_cli.views.annex import AnnexView, Cell, Mark

PAGE_WIDTH = Cm(29.7)
PAGE_HEIGHT = Cm(21.0)
MARGIN = Cm(2.0)
FONT = "Arial"
BODY_SIZE = Pt(10)
TABLE_SIZE = Pt(9)
HEADER_FILL = "E6E6E6"
AUTHOR = "roadmap-cli (CWS Task No. 58)"
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry; any fixed value makes the bytes repeatable."""


def render_annex(view: AnnexView) -> bytes:
    """The Word document (.docx) of the Annex table."""
    document = Document()
    _set_page(document)
    set_styles(document)
    heading = document.add_heading(view.title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(view.subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if view.summary:
        summary = document.add_paragraph()
        summary.add_run(view.summary_lead + " ").bold = True
        summary.add_run(" ".join(view.summary))
    add_annex_table(document, view)
    return document_bytes(document, view.title, view.subtitle)


def document_bytes(document: DocumentObject, title: str, subject: str) -> bytes:
    """The saved document, with fixed core properties, no thumbnail and a normalised zip."""
    _set_core_properties(document, title, subject)
    _drop_thumbnail(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalised_zip(buffer.getvalue())


def _set_page(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    add_page_number(section)


def add_page_number(section: Section) -> None:
    """The page number, right-aligned in the section's footer."""
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    page = OxmlElement("w:fldSimple")  # the page number, as Word writes it: field + cached text
    page.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    page.append(run)
    footer._p.append(page)


def set_styles(document: DocumentObject) -> None:
    """Arial throughout; Heading 1 in black, 12 pt."""
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    heading = document.styles["Heading 1"]
    heading.font.name = FONT
    heading.font.size = Pt(12)
    heading.font.color.rgb = RGBColor(0, 0, 0)


def add_annex_table(
    document: DocumentObject,
    view: AnnexView,
    *,
    widths: Sequence[int] | None = None,
    size: Length = TABLE_SIZE,
) -> None:
    """The Annex table, then its legend, for a landscape A4 section with `MARGIN` margins, or
    with column ``widths`` in twips (the draft sizes them from the content) and text ``size``."""
    table = document.add_table(rows=1, cols=len(view.columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: Word and LibreOffice keep the widths given
    if widths is None:
        usable = Emu(PAGE_WIDTH - 2 * MARGIN).twips  # Word stores widths in twips: round down
        widths = [int(usable * share) for share in view.widths]
    twips = [Twips(width) for width in widths]
    for column, width in zip(table.columns, twips, strict=True):
        column.width = width
    header = table.rows[0]
    repeat_as_header(header)
    for cell, column, width in zip(header.cells, view.columns, twips, strict=True):
        cell.width = width
        shade(cell)
        run = cell.paragraphs[0].add_run(column.header)
        run.bold = True
        run.font.size = size
    for row in view.rows:
        for cell, content in zip(_add_row(table, twips), row.cells, strict=True):
            _fill(cell.paragraphs[0], content, size)
    for line in view.legend:
        legend = document.add_paragraph()
        legend.paragraph_format.space_before = Pt(6)
        legend.add_run(line).font.size = size


def _add_row(table: DocxTable, widths: Sequence[Length]) -> list[_Cell]:
    """A new last row of cells of ``widths``: what ``table.add_row()`` makes, without its
    look-up of the column widths, which walks every row already there (10,000 rows took a
    minute; issue 16)."""
    tr = table._tbl.add_tr()
    cells = []
    for width in widths:
        tc = tr.add_tc()
        tc.width = width
        cells.append(_Cell(tc, table))
    return cells


def _fill(paragraph: Paragraph, cell: Cell, size: Length) -> None:
    for span in cell.spans:
        run = paragraph.add_run(span.text)
        run.font.size = size
        if span.mark is Mark.INSERTED:
            run.font.underline = True
        elif span.mark is Mark.DELETED:
            run.font.strike = True
        if not cell.known:
            run.italic = True


def repeat_as_header(row: _Row) -> None:
    """Mark the row as the table's header (repeated on each page) and keep it on one page."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):  # the order the schema requires
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def shade(cell: _Cell) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), HEADER_FILL)
    cell._tc.get_or_add_tcPr().append(shading)


def _set_core_properties(document: DocumentObject, title: str, subject: str) -> None:
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.comments = ""
    properties.keywords = "CWS; Task No. 58; WIPO Standards; ICT strategy"
    properties.revision = 1
    element = properties._element
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for child in element.findall(qn(tag)):
            element.remove(child)


def _drop_thumbnail(document: DocumentObject) -> None:
    """The template's thumbnail shows an empty page; without its relationship it is not saved."""
    relationships = document.part.package.rels
    for key, relationship in list(relationships.items()):
        if relationship.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del relationships[key]


def normalised_zip(data: bytes) -> bytes:
    """The same zip archive with fixed entry timestamps and attributes, entries in order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIMESTAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename), compresslevel=6)
    return buffer.getvalue()
