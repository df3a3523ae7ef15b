"""The roadmap draft (``roadmap-draft.docx``): the working document the Secretariat edits for a
CWS session, made with python-docx.

A portrait A4 section holds the title block (committee, session, task, title), the generated
summary, what the next two sessions can expect, the data still missing and the planning
assumptions, the priorities table and the Gantt chart as an inline picture; a landscape section
holds the Annex table "40 RECOMMENDATIONS AND CWS ACTIVITIES", built by `render.docx` exactly as
``annex.docx``. Everything is in Word's own styles (Title, Heading 1, Heading 2, List Bullet,
Table Grid, Caption) so that the Secretariat can restyle the whole document at once.

The bytes are deterministic, through `render.docx.document_bytes` (fixed core properties, no
thumbnail, a normalised zip); the Gantt picture is the build's ``gantt.png``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.image.image import Image
from docx.shared import Cm, Emu, Pt

from roadmap_cli.render.docx import (
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    TABLE_SIZE,
    add_annex_table,
    add_page_number,
    document_bytes,
    set_styles,
)
from roadmap_cli.views.roadmap import RoadmapView, SimpleTable

PORTRAIT_TEXT_WIDTH = PAGE_HEIGHT - 2 * MARGIN
"""The width of text on a portrait A4 page (21 cm less the margins)."""
PICTURE_HEIGHT = Cm(22.5)
"""The tallest the picture may be: a portrait page less its margins, the heading and caption."""


@dataclass(frozen=True, slots=True)
class DraftView:
    roadmap: RoadmapView
    gantt_png: bytes
    """The Gantt chart as a PNG (``gantt.png`` of the build), scaled to the text width."""


def gantt_picture(roadmap: RoadmapView) -> bytes:
    """The Gantt chart's PNG, for callers that have not rendered it yet."""
    from roadmap_cli.render.gantt import render_gantt

    return render_gantt(roadmap.gantt, "png")


def render_draft(view: DraftView) -> bytes:
    """The Word document (.docx) of the roadmap draft."""
    roadmap = view.roadmap
    document = Document()
    set_styles(document)
    _portrait(document)
    _title_block(document, roadmap)
    document.add_heading("Summary", level=1)
    for paragraph in roadmap.summary:
        document.add_paragraph(paragraph)
    _next_sessions(document, roadmap)
    _gaps(document, roadmap)
    _priorities(document, roadmap)
    _gantt(document, roadmap, view.gantt_png)
    _annex(document, roadmap)
    return document_bytes(document, roadmap.title, f"{roadmap.task}; {roadmap.session}")


def _portrait(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    add_page_number(section)


def _title_block(document: DocumentObject, roadmap: RoadmapView) -> None:
    for text in (roadmap.committee, roadmap.session, roadmap.task):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(text).bold = True
    document.add_paragraph(roadmap.title, style="Title")
    note = document.add_paragraph(style="Subtitle")
    note.add_run(
        f"Draft made from the data as of {roadmap.as_of}. Dates, efforts, owners and capacities "
        "are planning assumptions, not decisions of the CWS; sessions marked * have assumed "
        "dates."
    )


def _next_sessions(document: DocumentObject, roadmap: RoadmapView) -> None:
    document.add_heading("The next two sessions", level=2)
    for work in roadmap.next_sessions:
        item = document.add_paragraph(style="List Bullet")
        item.add_run(work.label).bold = True
        reported = (
            f"results of {', '.join(work.reported)} can be reported"
            if work.reported
            else "no result is due to be reported"
        )
        under_way = f"; under way: {', '.join(work.under_way)}" if work.under_way else ""
        item.add_run(f": {reported}{under_way}.")
    if not roadmap.next_sessions:
        document.add_paragraph(f"No session is in the calendar after {roadmap.as_of}.")


def _gaps(document: DocumentObject, roadmap: RoadmapView) -> None:
    document.add_heading("Data still missing", level=1)
    for heading, assumed in (("Not known here", False), ("Planning assumptions", True)):
        document.add_heading(heading, level=2)
        for gap in (g for g in roadmap.gaps if g.assumed is assumed):
            item = document.add_paragraph(style="List Bullet")
            item.add_run(gap.topic).bold = True
            item.add_run(f": {gap.detail}")


def _priorities(document: DocumentObject, roadmap: RoadmapView) -> None:
    document.add_heading("Priorities", level=1)
    table = roadmap.priorities
    if table is None:
        document.add_paragraph(
            "No survey has answers yet. The adopted priorities are those in the Annex table."
        )
        return
    if roadmap.priorities_illustrative:
        warning = document.add_paragraph()
        warning.add_run(
            "ILLUSTRATIVE: the survey below has made-up answers that reproduce a published "
            "outcome; they are not real answers."
        ).bold = True
    document.add_paragraph(table.title, style="Caption")
    _simple_table(document, table)
    for note in table.notes:
        document.add_paragraph(note).runs[0].font.size = TABLE_SIZE


def _simple_table(document: DocumentObject, table: SimpleTable) -> None:
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = document.styles["Table Grid"]
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        run = cell.paragraphs[0].add_run(header)
        run.bold = True
        run.font.size = TABLE_SIZE
    for row in table.rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.paragraphs[0].add_run(text).font.size = TABLE_SIZE


def _gantt(document: DocumentObject, roadmap: RoadmapView, png: bytes) -> None:
    heading = document.add_heading("Timeline", level=1)
    heading.paragraph_format.page_break_before = True
    image = Image.from_blob(png)
    width = min(PORTRAIT_TEXT_WIDTH, Emu(PICTURE_HEIGHT * image.px_width // image.px_height))
    document.add_picture(io.BytesIO(png), width=Emu(width))
    document.add_paragraph(
        f"{roadmap.gantt.title}. One bar per recommendation or work item; critical work is "
        "outlined in red; dashed session lines and * mark assumed session dates.",
        style="Caption",
    )


def _annex(document: DocumentObject, roadmap: RoadmapView) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    document.add_heading(roadmap.annex.title, level=1)
    document.add_paragraph(roadmap.annex.subtitle)
    add_annex_table(document, roadmap.annex)
