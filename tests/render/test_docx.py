"""The Annex table as DOCX: re-opened with python-docx and checked cell by cell."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from annex_cases import before_cws7, variant
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from roadmap_cli.model import Project
from roadmap_cli.render.docx import render_annex
from roadmap_cli.views.annex import AnnexView, build_annex, columns_from_names
from roadmap_cli.views.revisions import annex_view


@pytest.fixture(scope="module")
def view(project: Project) -> AnnexView:
    return build_annex(project)


@pytest.fixture(scope="module")
def document(view: AnnexView) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_annex(view)))


def test_the_table_holds_every_cell(view: AnnexView, document: docx.document.Document) -> None:
    (table,) = document.tables
    assert [cell.text for cell in table.rows[0].cells] == [c.header for c in view.columns]
    assert len(table.rows) == len(view.rows) + 1 == 41
    for row, expected in zip(table.rows[1:], view.rows, strict=True):
        assert [cell.text for cell in row.cells] == [cell.text for cell in expected.cells]
    assert table.style.name == "Table Grid"


def test_the_header_row_repeats_on_every_page(document: docx.document.Document) -> None:
    rows = document.tables[0].rows
    header = rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None
    assert all(
        row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in rows[1:]
    )


def test_the_section_is_landscape_with_readable_widths(document: docx.document.Document) -> None:
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    table = document.tables[0]
    widths = [column.width for column in table.columns]
    usable = section.page_width - section.left_margin - section.right_margin
    assert sum(widths) <= usable and sum(widths) > 0.99 * usable
    assert min(widths) > docx.shared.Cm(1.5)  # "No." and "Group" still fit "R01" and "1"
    assert widths[1] == max(widths)  # the Recommendation text gets the most room
    assert [cell.width for cell in table.rows[5].cells] == widths


def test_the_title_and_source_session_come_first(document: docx.document.Document) -> None:
    title, subtitle = document.paragraphs[:2]
    assert title.text == "40 RECOMMENDATIONS AND CWS ACTIVITIES"
    assert title.style.name == "Heading 1"
    assert subtitle.text == "CWS Task No. 58, status after CWS/8"
    assert document.core_properties.title == title.text


def test_unknown_values_are_italic(document: docx.document.Document) -> None:
    r02 = document.tables[0].rows[2].cells
    assert r02[1].text == "text pending" and r02[1].paragraphs[0].runs[0].italic
    assert r02[2].text == "—"


def test_revision_marks_are_underlined_and_struck_runs(project: Project) -> None:
    view = annex_view(project, baseline=before_cws7(project), baseline_label="CWS/6")
    document = docx.Document(io.BytesIO(render_annex(view)))
    assert document.paragraphs[2].text == (
        "Changes against CWS/6: R20, R33 and R35 moved from Group 2 to Group 1."
    )
    assert document.paragraphs[2].runs[0].bold
    group = document.tables[0].rows[20].cells[2]  # R20
    runs = group.paragraphs[0].runs
    assert [(r.text, bool(r.font.strike), bool(r.font.underline)) for r in runs] == [
        ("2", True, False),
        (" ", False, False),
        ("1", False, True),
    ]


def test_render_twice_is_byte_identical_without_dates(view: AnnexView) -> None:
    first, second = render_annex(view), render_annex(view)
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "docProps/thumbnail.jpeg" not in archive.namelist()
    core = archive.read("docProps/core.xml").decode()
    assert "dcterms:created" not in core and "dcterms:modified" not in core
    assert "python-docx" not in core
    properties = docx.Document(io.BytesIO(first)).core_properties
    assert properties.created is None and properties.modified is None


def test_texts_with_markup_and_extra_columns_are_kept(project: Project) -> None:
    hostile = variant(project, {"R02": {"text": "<script>x</script> & <b>"}})
    view = build_annex(hostile, columns_from_names(["+status,sources"]))
    document = docx.Document(io.BytesIO(render_annex(view)))
    row = document.tables[0].rows[2].cells
    assert row[1].text == "<script>x</script> & <b>"
    assert [c.text for c in document.tables[0].rows[0].cells][-2:] == ["Status", "Sources"]
