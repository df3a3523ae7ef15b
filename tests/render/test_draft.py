"""The roadmap draft (DOCX), re-opened with python-docx: title block, headings in Word styles,
the priorities and Annex tables, the Gantt chart as an inline picture, repeatable bytes."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from conftest import BUILD_AS_OF
from docx.enum.section import WD_ORIENT
from docx.enum.shape import WD_INLINE_SHAPE

from roadmap_cli.build import Build, prepare_build
from roadmap_cli.model import Project
from roadmap_cli.project import PlanOptions, plan_project
from roadmap_cli.render.draft import DraftView, gantt_picture, render_draft
from roadmap_cli.render.figure import MAGIC


@pytest.fixture(scope="module")
def build(project: Project) -> Build:
    return prepare_build(
        project, plan_project(project, PlanOptions(as_of=BUILD_AS_OF)), BUILD_AS_OF
    )


@pytest.fixture(scope="module")
def view(build: Build) -> DraftView:
    return DraftView(build.roadmap, gantt_picture(build.roadmap))


@pytest.fixture(scope="module")
def draft(view: DraftView) -> bytes:
    return render_draft(view)


@pytest.fixture(scope="module")
def document(draft: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(draft))


def test_the_title_block_names_committee_session_and_task(
    document: docx.document.Document,
) -> None:
    first = [p.text for p in document.paragraphs[:5]]
    assert first == [
        "Committee on WIPO Standards (CWS)",
        "CWS/14* (2026-11-23 to 2026-11-27, dates assumed)",
        "Task No. 58: ICT Strategy for Standards Task Force",
        "Draft strategic roadmap of the 40 Recommendations",
        "Draft made from the data as of 2026-11-23. Dates, efforts, owners and capacities are "
        "planning assumptions, not decisions of the CWS; sessions marked * have assumed dates.",
    ]
    assert document.paragraphs[3].style.name == "Title"


def test_headings_are_word_headings(document: docx.document.Document) -> None:
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Summary"),
        ("Heading 2", "The next two sessions"),
        ("Heading 1", "Data still missing"),
        ("Heading 2", "Not known here"),
        ("Heading 2", "Planning assumptions"),
        ("Heading 1", "Priorities"),
        ("Heading 1", "Timeline"),
        ("Heading 1", "40 RECOMMENDATIONS AND CWS ACTIVITIES"),
    ]


def test_the_summary_covers_groups_sessions_and_missing_data(
    document: docx.document.Document,
) -> None:
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The 40 Recommendations: 12 in Group 1, 28 whose group is not known" in text
    assert (
        "CWS/15* (2027-11-22 to 2027-11-26, dates assumed): results of R04+R18, R06, R09, "
        "R12+R15 can be reported; under way: R23, R38, R39, R01." in text
    )
    assert "Still missing here: 38 of 40 official texts" in text
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert any(p.text.startswith("Official texts: 38 of 40") for p in bullets)
    assert any(p.text.startswith("Planning assumption: plan start 2022-01-01") for p in bullets)


def test_the_priorities_table_is_titled_illustrative(document: docx.document.Document) -> None:
    priorities = document.tables[0]
    assert priorities.style.name == "Table Grid"
    assert [c.text for c in priorities.rows[0].cells] == [
        "Rank",
        "No.",
        "Title",
        "Score",
        "Offices",
        "Computed",
        "Adopted",
        "Flags",
    ]
    assert len(priorities.rows) == 41
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("ILLUSTRATIVE: Priorities from the survey 2020-task-force")


def test_the_annex_table_holds_every_cell(build: Build, document: docx.document.Document) -> None:
    annex = document.tables[1]
    view = build.roadmap.annex
    assert [c.text for c in annex.rows[0].cells] == [c.header for c in view.columns]
    for row, expected in zip(annex.rows[1:], view.rows, strict=True):
        assert [c.text for c in row.cells] == [c.text for c in expected.cells]


def test_the_gantt_chart_is_an_inline_picture(document: docx.document.Document) -> None:
    (shape,) = document.inline_shapes
    assert shape.type == WD_INLINE_SHAPE.PICTURE
    section = document.sections[0]
    assert shape.width <= section.page_width - section.left_margin - section.right_margin
    image = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert image.blob.startswith(MAGIC["png"])


def test_the_annex_gets_a_landscape_section(document: docx.document.Document) -> None:
    portrait, landscape = document.sections
    assert portrait.orientation == WD_ORIENT.PORTRAIT
    assert portrait.page_height > portrait.page_width
    assert landscape.orientation == WD_ORIENT.LANDSCAPE


def test_render_twice_is_byte_identical_without_dates(view: DraftView, draft: bytes) -> None:
    assert render_draft(view) == draft
    archive = zipfile.ZipFile(io.BytesIO(draft))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert "dcterms:created" not in core and "python-docx" not in core
