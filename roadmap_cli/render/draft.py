"""The roadmap draft as a CWS working document (``roadmap-draft.docx``), made with python-docx
in the layout of WIPO meeting documents (issue #13).

Page 1 carries the cover block: the symbol, "ORIGINAL: ENGLISH" and "DATE: ..." top right; the
committee, the session in words and its place and dates centred; the title in capitals;
"Document prepared by the International Bureau". Page 1 has no page number; from page 2 the
header reads the symbol over "page N". The body's paragraphs are numbered by Word itself: the
paragraph styles "Numbered Paragraph" and "Decision Paragraph" are linked to one decimal list in
``numbering.xml`` (an ``abstractNum``), so a paragraph the Secretariat adds in Word is numbered
too; the decision paragraph is indented and its items lettered (a), (b), ... by a second list.
Headings are in capitals; the planning assumptions are a footnote. After the body,
"[Annex follows]"; each annex is a landscape section of its own whose
header reads the symbol over "Annex I, page N", numbered from 1: Annex I the table
"40 RECOMMENDATIONS AND CWS ACTIVITIES" with its header row repeated on every page and column
widths from the content, Annex II the timeline as pictures sized so that the chart's smallest
text prints at 8 pt or more, split across pages when it must be, with alt text. The document
ends "[End of Annex and of document]".

Arial 11 pt in black everywhere (footnotes 9 pt): every style's theme fonts and theme colours
are replaced, so no Calibri and no blue heading comes from Word's default template. A4 pages.
The bytes are deterministic (`render.docx.document_bytes`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Cm, Emu, Pt, RGBColor, Twips
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from roadmap_cli.render.docx import add_annex_table, document_bytes, repeat_as_header, shade
from roadmap_cli.views.document import (
    Annex,
    Bullets,
    Decision,
    DocHeading,
    DocumentView,
    Numbered,
    Run,
    Runs,
    Table,
)
from roadmap_cli.views.roadmap import SimpleTable
from roadmap_cli.views.timeline import GanttView

FONT = "Arial"
SIZE = Pt(11)
FOOTNOTE_SIZE = Pt(9)
A4_SHORT, A4_LONG = Cm(21.0), Cm(29.7)
TOP, BOTTOM, LEFT, RIGHT = Cm(2.5), Cm(2.0), Cm(2.5), Cm(2.0)
"""Page margins (portrait; a landscape annex keeps the same edges from its own top)."""
PORTRAIT_TEXT = Emu(A4_SHORT - LEFT - RIGHT).twips
LANDSCAPE_TEXT = Emu(A4_LONG - LEFT - RIGHT).twips
"""Twips: the width of the text on a portrait and on a landscape page."""
HEADER_DISTANCE = Cm(1.2)
PARAGRAPH_SPACE = Pt(12)
"""The blank line between paragraphs of a WIPO document."""
NUMBER_TAB = 567
"""Twips (1 cm): where a paragraph's text starts after its number."""
DECISION_INDENT = 3118
"""Twips (5.5 cm): the decision paragraph's left indent."""
ITEM_INDENT = 567
"""Twips: the lettered items' hanging indent, after the decision paragraph's."""
PARAGRAPH_LIST, BULLET_LIST, ITEM_LIST = 90, 92, 91
"""``abstractNum`` ids of the three lists (clear of the template's own)."""
MIN_PRINTED_LABEL = 8.0
"""Points: the smallest text of the timeline, as printed."""
ANNEX_TITLE_ROOM = Cm(1.6)
"""What the annex title line takes above the first picture of the timeline."""
STYLE_NUMBERED = "Numbered Paragraph"
STYLE_DECISION = "Decision Paragraph"
STYLE_ITEM = "Decision Item"
STYLE_BULLET = "Bulleted Item"
STYLE_ANNEX_TITLE = "Annex Title"
STYLE_FOOTNOTE = "Footnote Text"
STYLE_MARKER = "Closing Line"
"""``[Annex follows]``, ``[End of Annex and of document]``: right-aligned."""


@dataclass(frozen=True, slots=True)
class DraftView:
    document: DocumentView
    gantt_pngs: tuple[bytes, ...] = ()
    """The timeline's pages as PNGs (`timeline_pictures`); empty when it has no timeline."""


def timeline_pages(document: DocumentView) -> tuple[tuple[GanttView, ...], float]:
    """The timeline annex's chart in parts that each fit a landscape page (none when the
    document has no timeline), and the width in inches they are drawn at."""
    from roadmap_cli.render.gantt_pages import document_parts

    chart = next((a.gantt for a in document.annexes if a.gantt is not None), None)
    width, height = _chart_size()
    return (document_parts(chart, width, height) if chart is not None else ()), width


def timeline_pictures(document: DocumentView) -> tuple[bytes, ...]:
    """The timeline annex's pages as PNGs, sized for the landscape text area."""
    from roadmap_cli.render.gantt_pages import render_page_png

    parts, width = timeline_pages(document)
    return tuple(render_page_png(part, width) for part in parts)


def _chart_size() -> tuple[float, float]:
    """The chart's width in inches (so its smallest text prints at `MIN_PRINTED_LABEL`), and
    the tallest a page of it may be, in the chart's inches."""
    from roadmap_cli.render.gantt import MIN_FONT, MIN_WIDTH

    text_width = Emu(A4_LONG - LEFT - RIGHT).inches
    width = max(MIN_WIDTH, text_width * MIN_FONT / MIN_PRINTED_LABEL)
    scale = text_width / width
    text_height = Emu(A4_SHORT - TOP - BOTTOM - ANNEX_TITLE_ROOM).inches
    return width, text_height / scale


def render_draft(view: DraftView) -> bytes:
    """The Word document (.docx) of the CWS working document."""
    doc = view.document
    document = Document()
    _styles(document)
    _numbering(document, sum(isinstance(b, Decision) for b in doc.body))
    first = document.sections[0]
    _page(first, landscape=False)
    _headers(first, doc.cover.symbol, "page", different_first_page=True)
    _cover(document, doc)
    _body(document, doc)
    if doc.annexes:
        _marker(document, doc.annex_follows)
    pictures = list(view.gantt_pngs)
    for number, annex in enumerate(doc.annexes):
        following = doc.annexes[number + 1] if number + 1 < len(doc.annexes) else None
        _annex(document, doc, annex, pictures if annex.gantt is not None else [])
        if following is not None:
            _marker(document, f"[{following.label} follows]")
    _marker(document, doc.end_line)
    if doc.footnotes:
        _footnotes_part(document, doc.footnotes)
    return document_bytes(document, doc.cover.title, f"{doc.cover.symbol}; {doc.cover.session}")


# ---- styles and lists ----------------------------------------------------------------------


def _styles(document: DocumentObject) -> None:
    """Arial 11 pt black for every style, and the document's own paragraph styles."""
    styles_element = document.styles.element
    for fonts in styles_element.iter(qn("w:rFonts")):
        for attribute in list(fonts.attrib):
            del fonts.attrib[attribute]
        for name in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(name), FONT)
    for colour in styles_element.iter(qn("w:color")):
        for attribute in list(colour.attrib):
            del colour.attrib[attribute]
        colour.set(qn("w:val"), "000000")
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if run_defaults is not None and run_defaults.find(qn("w:rFonts")) is None:
            run_defaults.insert(
                0,
                parse_xml(
                    f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" '
                    f'w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
                ),
            )
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = SIZE
    normal.font.color.rgb = RGBColor(0, 0, 0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, underline in (("Heading 1", False), ("Heading 2", True)):
        heading = document.styles[name]
        heading.font.name = FONT
        heading.font.size = SIZE
        heading.font.bold = False
        heading.font.italic = False
        heading.font.underline = underline
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.space_before = PARAGRAPH_SPACE
        heading.paragraph_format.space_after = PARAGRAPH_SPACE
        heading.paragraph_format.keep_with_next = True
    for name, space in (
        (STYLE_NUMBERED, PARAGRAPH_SPACE),
        (STYLE_DECISION, PARAGRAPH_SPACE),
        (STYLE_ITEM, PARAGRAPH_SPACE),
        (STYLE_BULLET, Pt(6)),
        (STYLE_ANNEX_TITLE, PARAGRAPH_SPACE),
        (STYLE_MARKER, Pt(0)),
        (STYLE_FOOTNOTE, Pt(0)),
    ):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.paragraph_format.space_after = space
        if name == STYLE_FOOTNOTE:
            style.font.size = FOOTNOTE_SIZE
        if name == STYLE_ANNEX_TITLE:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            style.paragraph_format.keep_with_next = True
        if name == STYLE_MARKER:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            style.paragraph_format.space_before = Pt(24)
        if name == STYLE_DECISION:
            style.paragraph_format.left_indent = Twips(DECISION_INDENT)
    _link_list(document, STYLE_NUMBERED, PARAGRAPH_LIST)
    _link_list(document, STYLE_DECISION, PARAGRAPH_LIST)
    _link_list(document, STYLE_BULLET, BULLET_LIST)


def _link_list(document: DocumentObject, style_name: str, num_id: int) -> None:
    """Number every paragraph of the style from the list ``num_id`` (Word's linked style)."""
    properties = document.styles[style_name].element.get_or_add_pPr()
    properties.insert(
        0, parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _level(number_format: str, text: str, left: int, hanging: int, tab: int) -> str:
    indent = (
        f'w:left="{left}" w:hanging="{hanging}"' if hanging else f'w:left="{left}" w:firstLine="0"'
    )
    return (
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{tab}"/></w:tabs><w:ind {indent}/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr></w:lvl>'
    )


def _numbering(document: DocumentObject, decisions: int) -> None:
    """The three lists: paragraphs 1., 2., ...; bullets; lettered items (a), (b), ..., one
    instance per decision paragraph so that each restarts at (a)."""
    numbering = document.part.numbering_part.element
    abstract = {
        PARAGRAPH_LIST: _level("decimal", "%1.", 0, 0, NUMBER_TAB),
        BULLET_LIST: _level("bullet", "\u2022", 2 * NUMBER_TAB, NUMBER_TAB, 2 * NUMBER_TAB),
        ITEM_LIST: _level(
            "lowerLetter",
            "(%1)",
            DECISION_INDENT + 2 * ITEM_INDENT,
            ITEM_INDENT,
            DECISION_INDENT + 2 * ITEM_INDENT,
        ),
    }
    first_num = numbering.find(qn("w:num"))
    for abstract_id, level in abstract.items():
        element = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="singleLevel"/>{level}</w:abstractNum>'
        )
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
    for num_id in (PARAGRAPH_LIST, BULLET_LIST):
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/>'
                "</w:num>"
            )
        )
    for decision in range(decisions):
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{_items_num(decision)}">'
                f'<w:abstractNumId w:val="{ITEM_LIST}"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
            )
        )


def _items_num(decision: int) -> int:
    return 100 + decision


# ---- pages and headers ---------------------------------------------------------------------


def _page(section: Section, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if landscape:
        section.page_width, section.page_height = A4_LONG, A4_SHORT
    else:
        section.page_width, section.page_height = A4_SHORT, A4_LONG
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = section.footer_distance = HEADER_DISTANCE


def _headers(section: Section, symbol: str, label: str, *, different_first_page: bool) -> None:
    """The symbol over ``<label> N`` at the top right; page numbers from 1 in this section."""
    section.different_first_page_header_footer = different_first_page
    header = section.header
    header.is_linked_to_previous = False
    top = header.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    top.add_run(symbol)
    page = header.add_paragraph()
    page.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    page.add_run(f"{label} ")
    _page_field(page)
    after = header.add_paragraph()  # a blank line between the header and the text
    after.paragraph_format.space_after = Pt(0)
    if different_first_page:
        section.first_page_header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    numbering = parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>')
    columns = section._sectPr.find(qn("w:cols"))
    if columns is not None:
        columns.addprevious(numbering)
    else:
        section._sectPr.append(numbering)


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field, as Word writes one (begin, instruction, separate, cached text, end)."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2")):
        run = OxmlElement("w:r")
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run.append(instruction)
        else:
            cached = OxmlElement("w:t")
            cached.text = text
            run.append(cached)
        paragraph._p.append(run)
    end = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end.append(char)
    paragraph._p.append(end)


# ---- the cover block and the body ----------------------------------------------------------


def _cover(document: DocumentObject, doc: DocumentView) -> None:
    cover = doc.cover
    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    for number, text in enumerate((cover.symbol, cover.original, cover.date)):
        paragraph = first if number == 0 else document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(text).bold = number == 0 or None
    document.paragraphs[-1].paragraph_format.space_after = Pt(48)
    for text, bold, after in (
        (cover.committee, True, Pt(24)),
        (cover.session, True, Pt(0)),
        (cover.place_and_dates, True, Pt(36)),
        (cover.title, True, Pt(24)),
    ):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = after
        paragraph.add_run(text).bold = bold
    prepared = document.add_paragraph()
    prepared.paragraph_format.space_after = Pt(36)
    prepared.add_run(cover.prepared_by).italic = True


def _body(document: DocumentObject, doc: DocumentView) -> None:
    """The body: headings, numbered paragraphs, lists, the decision paragraph, tables."""
    decisions = 0
    for block in doc.body:
        if isinstance(block, DocHeading):
            document.add_paragraph(block.text, style=f"Heading {block.level}")
        elif isinstance(block, Numbered):
            _runs(document.add_paragraph(style=STYLE_NUMBERED), block.runs)
        elif isinstance(block, Bullets):
            for item in block.items:
                _runs(document.add_paragraph(style=STYLE_BULLET), item)
            _space_after_last(document)
        elif isinstance(block, Decision):
            lead = document.add_paragraph(style=STYLE_DECISION)
            lead.paragraph_format.left_indent = Twips(DECISION_INDENT)
            lead.paragraph_format.first_line_indent = Twips(0)
            lead.paragraph_format.tab_stops.add_tab_stop(Twips(DECISION_INDENT + NUMBER_TAB))
            _runs(lead, block.lead)
            for item in block.items:
                paragraph = document.add_paragraph(style=STYLE_ITEM)
                properties = paragraph._p.get_or_add_pPr()
                properties.insert(
                    0,
                    parse_xml(
                        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/>'
                        f'<w:numId w:val="{_items_num(decisions)}"/></w:numPr>'
                    ),
                )
                _runs(paragraph, item)
            decisions += 1
        elif isinstance(block, Table):
            _simple_table(document, block.table)


def _space_after_last(document: DocumentObject) -> None:
    document.paragraphs[-1].paragraph_format.space_after = PARAGRAPH_SPACE


def _runs(paragraph: Paragraph, runs: Runs) -> None:
    for run in runs:
        if run.footnote is not None:
            _footnote_reference(paragraph, run)
            continue
        added = paragraph.add_run(run.text)
        added.bold = run.bold or None
        added.italic = run.italic or None


def _footnote_reference(paragraph: Paragraph, run: Run) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{run.footnote}"/></w:r>'
        )
    )


def _footnotes_part(document: DocumentObject, footnotes: Sequence[str]) -> None:
    """``word/footnotes.xml`` (python-docx has no footnote API): the separators Word expects,
    then one footnote per text, numbered as referenced."""
    from xml.sax.saxutils import escape

    style = document.styles[STYLE_FOOTNOTE].style_id
    body = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
        "<w:r><w:separator/></w:r></w:p></w:footnote>",
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
        '<w:spacing w:after="0"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>",
    ]
    for number, text in enumerate(footnotes, start=1):
        body.append(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:footnotes {nsdecls('w')}>{''.join(body)}</w:footnotes>"
    ).encode()
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        xml,
        document.part.package,
    )
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    settings = document.settings.element
    settings_footnotes = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    anchor = settings.find(qn("w:compat"))
    if anchor is not None:
        anchor.addprevious(settings_footnotes)
    else:
        settings.append(settings_footnotes)


def _marker(document: DocumentObject, text: str) -> None:
    document.add_paragraph(text, style=STYLE_MARKER)


# ---- tables --------------------------------------------------------------------------------


_NARROW = frozenset("ijlI.,;:!|'`")
_THIN = frozenset("ftr()[]/-* ")
_WIDE = frozenset("mwMW@%")


def text_width(text: str, size: float) -> float:
    """Twips: about how wide ``text`` prints in Arial at ``size`` points (Arial's advance widths
    in classes: narrow, thin, wide, capital, other)."""
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.25
        elif char in _THIN:
            ems += 0.32
        elif char in _WIDE:
            ems += 0.85
        elif char.isupper():
            ems += 0.68
        else:
            ems += 0.56
    return ems * size * 20


def content_widths(rows: Sequence[Sequence[str]], total: int, size: float) -> list[int]:
    """Column widths in twips that add up to ``total``, from the text of ``rows`` (the first is
    the header row): each column at least as wide as its longest word, bold (no word is
    broken); then the columns whose longest cell needs little more get it, and the rest of the
    room is shared in proportion to what the other columns' longest cells would need."""
    columns = len(rows[0])
    padding = 2 * 115 + 40  # the cell's margins and its borders

    def least(column: int) -> float:
        words = [w for row in rows for w in row[column].split()] or [""]
        return max(text_width(w, size) * 1.1 for w in words) + padding  # 1.1: bold

    minimum = [least(c) for c in range(columns)]
    body = rows[1:] or rows  # a header may wrap: its words set the minimum, not its length
    wanted = [
        max(max(text_width(row[c], size) for row in body) + padding, minimum[c])
        for c in range(columns)
    ]
    if sum(minimum) >= total:
        shares = [w / sum(minimum) * total for w in minimum]
    elif sum(wanted) <= total:
        shares = [w / sum(wanted) * total for w in wanted]
    else:  # short columns get all they want while an equal split of the room allows it
        shares = list(minimum)
        room = total - sum(minimum)
        extra = [wanted[c] - minimum[c] for c in range(columns)]
        waiting = sorted(range(columns), key=lambda c: (extra[c], c))
        while waiting and extra[waiting[0]] <= room / len(waiting):
            column = waiting.pop(0)
            shares[column] += extra[column]
            room -= extra[column]
        rest = sum(extra[c] for c in waiting)
        for column in waiting:
            shares[column] += room * extra[column] / rest
    widths = [int(share) for share in shares]
    widths[-1] += total - sum(widths)
    return widths


def _fixed_table(document: DocumentObject, rows: int, widths: Sequence[int]) -> DocxTable:
    table: DocxTable = document.add_table(rows=rows, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(width)
    return table


def _simple_table(
    document: DocumentObject, simple: SimpleTable, width: int = PORTRAIT_TEXT
) -> None:
    rows = [simple.headers, *simple.rows]
    widths = content_widths(rows, width, SIZE.pt)
    table = _fixed_table(document, len(rows), widths)
    repeat_as_header(table.rows[0])
    for number, (row, texts) in enumerate(zip(table.rows, rows, strict=True)):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.paragraphs[0].add_run(text).bold = number == 0 or None
    for cell in table.rows[0].cells:
        shade(cell)
    for note in simple.notes:
        document.add_paragraph(note, style=STYLE_FOOTNOTE)
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)


# ---- annexes -------------------------------------------------------------------------------


def _annex(
    document: DocumentObject, doc: DocumentView, annex: Annex, pictures: list[bytes]
) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    _headers(section, doc.cover.symbol, f"{annex.label}, page", different_first_page=False)
    document.add_paragraph(annex.title, style=STYLE_ANNEX_TITLE)
    if annex.table is not None:
        table = annex.table
        if table.summary:
            summary = document.add_paragraph()
            summary.paragraph_format.space_after = PARAGRAPH_SPACE
            summary.add_run(" ".join((table.summary_lead, *table.summary)))
        rows = [
            tuple(column.header for column in table.columns),
            *(tuple(cell.text for cell in row.cells) for row in table.rows),
        ]
        add_annex_table(
            document, table, widths=content_widths(rows, LANDSCAPE_TEXT, SIZE.pt), size=SIZE
        )
    if annex.gantt is not None:
        _pictures(document, section, annex, pictures)
    if annex.simple is not None:
        label = document.add_paragraph()
        label.paragraph_format.space_after = PARAGRAPH_SPACE
        label.add_run(annex.simple.title).bold = True
        _simple_table(document, annex.simple, LANDSCAPE_TEXT)


def _pictures(
    document: DocumentObject, section: Section, annex: Annex, pictures: list[bytes]
) -> None:
    """The timeline's pages, each the width of the text, on pages of their own."""
    width = Twips(LANDSCAPE_TEXT)
    for number, png in enumerate(pictures):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run()
        if number > 0:
            run.add_break(WD_BREAK.PAGE)
        image = Image.from_blob(png)
        shape = run.add_picture(io.BytesIO(png), width=Emu(width))
        assert image.px_width > 0
        described = annex.alt_text + (
            f" Part {number + 1} of {len(pictures)}." if len(pictures) > 1 else ""
        )
        shape._inline.docPr.set("descr", described)
        shape._inline.docPr.set("title", annex.title.capitalize())
