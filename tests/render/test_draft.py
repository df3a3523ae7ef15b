"""The roadmap draft as a CWS working document (issue #13), read back from the DOCX XML: the
structure against a golden outline, automatic numbering, Arial 11 pt black, A4 pages with the
WIPO headers, the timeline at a printed size of 8 pt or more with alt text, tables with
repeated header rows and widths from their content, the language of a WIPO document, and
byte-identical rebuilds."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from conftest import BUILD_AS_OF, DATA, Golden, committed_output
from docx.shared import Emu
from docx_outline import outline
from lxml import etree

from roadmap_cli.build import prepare_document, render_document
from roadmap_cli.drafts import DEFAULT_DOCUMENT, document_path, load_document
from roadmap_cli.model import Project
from roadmap_cli.project import PlanOptions, plan_project
from roadmap_cli.render.draft import MIN_PRINTED_LABEL, text_width
from roadmap_cli.render.gantt import MIN_FONT
from roadmap_cli.views.document import DocumentView

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def view(project: Project) -> DocumentView:
    loaded = load_document(document_path(DATA, DEFAULT_DOCUMENT), project)
    assert loaded.document is not None, loaded.problems
    plan = plan_project(project, PlanOptions(as_of=BUILD_AS_OF))
    document, _ = prepare_document(project, plan, BUILD_AS_OF, loaded.document)
    return document


@pytest.fixture(scope="module")
def draft(view: DocumentView) -> bytes:
    return render_document(view)


@pytest.fixture(scope="module")
def archive(draft: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(draft))


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(archive.read(name))


def test_the_structure_matches_the_golden_outline(draft: bytes, golden: Golden) -> None:
    golden("draft-outline.txt", outline(draft))


def test_page_1_holds_the_cover_block_in_order(draft: bytes) -> None:
    document = docx.Document(io.BytesIO(draft))
    cover = [(p.text, p.alignment and p.alignment.name) for p in document.paragraphs[:8]]
    assert cover == [
        ("CWS/14/[to be assigned]", "RIGHT"),
        ("ORIGINAL: ENGLISH", "RIGHT"),
        ("DATE: NOVEMBER 23, 2026", "RIGHT"),
        ("Committee on WIPO Standards (CWS)", "CENTER"),
        ("Fourteenth Session", "CENTER"),
        ("November 23 to 27, 2026 (dates assumed)", "CENTER"),
        ("DRAFT STRATEGIC ROADMAP OF TASK NO. 58", "CENTER"),
        ("Document prepared by the International Bureau", None),
    ]


def test_paragraphs_are_numbered_by_word_through_their_style(archive: zipfile.ZipFile) -> None:
    """Word numbers a paragraph added with Enter: the number comes from the style's list."""
    numbering = _xml(archive, "word/numbering.xml")
    abstract = numbering.find(f"{W}abstractNum[@{W}abstractNumId='90']")
    assert abstract is not None
    level = abstract.find(f"{W}lvl")
    assert level is not None
    assert level.find(f"{W}numFmt").get(f"{W}val") == "decimal"
    assert level.find(f"{W}lvlText").get(f"{W}val") == "%1."
    items = numbering.find(f"{W}abstractNum[@{W}abstractNumId='91']/{W}lvl")
    assert items is not None
    assert items.find(f"{W}numFmt").get(f"{W}val") == "lowerLetter"
    assert items.find(f"{W}lvlText").get(f"{W}val") == "(%1)"
    styles = _xml(archive, "word/styles.xml")
    for style_id in ("NumberedParagraph", "DecisionParagraph"):
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        assert style is not None
        assert style.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") == "90"
    body = _xml(archive, "word/document.xml")
    numbered = [
        p
        for p in body.iter(f"{W}p")
        if p.find(f"{W}pPr/{W}pStyle[@{W}val='NumberedParagraph']") is not None
    ]
    assert len(numbered) == 9
    assert all(p.find(f"{W}pPr/{W}numPr") is None for p in numbered)


def test_arial_11_in_black_everywhere_with_no_theme_font(archive: zipfile.ZipFile) -> None:
    styles = archive.read("word/styles.xml").decode()
    font_elements = "".join(re.findall(r"<w:rFonts[^>]*>", styles))
    assert "Theme" not in font_elements
    fonts = set(re.findall(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', font_elements))
    assert fonts == {"Arial"}
    assert set(re.findall(r'<w:color w:val="([0-9A-Fa-f]+)"', styles)) == {"000000"}
    assert "themeColor" not in "".join(re.findall(r"<w:color [^>]*>", styles))  # text colours
    document = archive.read("word/document.xml").decode()
    assert set(re.findall(r'<w:sz w:val="(\d+)"', document)) <= {"22"}
    assert 'w:styleId="Normal"' in styles
    normal = re.search(r'w:styleId="Normal".*?</w:style>', styles, re.S)
    assert normal is not None and '<w:sz w:val="22"/>' in normal.group(0)


def test_a4_pages_with_the_wipo_headers(draft: bytes) -> None:
    document = docx.Document(io.BytesIO(draft))
    body, *annexes = document.sections
    assert (round(Emu(body.page_width).cm, 1), round(Emu(body.page_height).cm, 1)) == (21.0, 29.7)
    assert body.different_first_page_header_footer
    assert all(not p.text for p in body.first_page_header.paragraphs)
    assert [p.text for p in body.header.paragraphs][:2] == ["CWS/14/[to be assigned]", "page 2"]
    assert [[p.text for p in s.header.paragraphs][:2] for s in annexes] == [
        ["CWS/14/[to be assigned]", "Annex I, page 2"],
        ["CWS/14/[to be assigned]", "Annex II, page 2"],
    ]
    assert all(s.page_width > s.page_height for s in annexes)


def test_the_timeline_prints_its_smallest_text_at_8_pt_or_more(draft: bytes) -> None:
    from docx.image.image import Image

    document = docx.Document(io.BytesIO(draft))
    shapes = document.inline_shapes
    assert len(shapes) >= 2  # split across pages
    for shape in shapes:
        blob = document.part.related_parts[
            shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        ].blob
        image = Image.from_blob(blob)
        chart_inches = image.px_width / 150  # gantt.PNG_DPI
        printed = MIN_FONT * Emu(shape.width).inches / chart_inches
        assert printed >= MIN_PRINTED_LABEL, printed
        section = document.sections[-1]
        assert shape.height <= section.page_height - section.top_margin - section.bottom_margin
        assert shape._inline.docPr.get("descr").startswith("Timeline of the draft strategic")


def test_tables_repeat_their_header_row_and_break_no_word(archive: zipfile.ZipFile) -> None:
    body = _xml(archive, "word/document.xml")
    tables = list(body.iter(f"{W}tbl"))
    assert len(tables) == 2  # the schedule by session and Annex I; no illustrative answers
    for table in tables:
        first = table.find(f"{W}tr")
        assert first.find(f"{W}trPr/{W}tblHeader") is not None
        widths = [int(c.get(f"{W}w")) for c in table.findall(f"{W}tblGrid/{W}gridCol")]
        for row in table.findall(f"{W}tr"):
            for cell, width in zip(row.findall(f"{W}tc"), widths, strict=True):
                words = "".join(t.text or "" for t in cell.iter(f"{W}t")).split()
                widest = max((text_width(w, 11) for w in words), default=0)
                assert widest + 2 * 115 <= width, (words, width)  # the cell's margins


def test_no_illustrative_answers_and_no_file_names_in_the_document(
    view: DocumentView, draft: bytes
) -> None:
    archive = zipfile.ZipFile(io.BytesIO(draft))
    text = " ".join(
        "".join(t.itertext())
        for name in ("word/document.xml", "word/footnotes.xml")
        for t in [etree.fromstring(archive.read(name))]
    )
    for word in ("ILLUSTRATIVE", "2020-task-force", ".yaml", " units", "HEAD~1", "QM"):
        assert word not in text, word
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)  # dates in words
    assert "document CWS/6/3" in text and "document CWS/7/29" in text


def test_the_assumptions_are_said_once_in_a_footnote(view: DocumentView) -> None:
    assert view.footnotes == (
        "The timeline assumes that the work on the roadmap began on January 1, 2022; that "
        "each Recommendation, or each group of Recommendations carried out together, takes six "
        "months of work; that the ICT Strategy for Standards Task Force carries out the work, on "
        "up to four at a time; and that after its tenth session, the CWS meets once a year on the "
        "anniversary of the session before, until the dates of its sessions are announced.",
    )


def test_render_twice_is_byte_identical_without_dates(view: DocumentView, draft: bytes) -> None:
    assert render_document(view) == draft
    archive = zipfile.ZipFile(io.BytesIO(draft))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert "dcterms:created" not in core and "python-docx" not in core


def test_the_committed_draft_is_this_one(draft: bytes) -> None:
    committed = committed_output("roadmap-draft.docx")
    assert committed is not None and outline(committed) == outline(draft)
