"""The Annex table in HTML: golden files, autoescaping, structure, revision marks."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

from annex_cases import before_cws7, variant

from roadmap_cli.model import Project
from roadmap_cli.render.html import render_annex
from roadmap_cli.views.annex import build_annex
from roadmap_cli.views.revisions import annex_view


class _Cells(HTMLParser):
    """Collects the text of each table row's cells, and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.rows[-1].append("")
            self._in_cell = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.rows[-1][-1] += data


def _parse(output: bytes) -> _Cells:
    parser = _Cells()
    parser.feed(output.decode("utf-8"))
    return parser


def test_bundled_annex_matches_the_golden_file(
    project: Project, golden: Callable[..., None]
) -> None:
    golden("annex.html", render_annex(build_annex(project)))


def test_revision_marks_match_the_golden_file(
    project: Project, golden: Callable[..., None]
) -> None:
    view = annex_view(
        project, baseline=before_cws7(project), baseline_label="the data before CWS/7"
    )
    output = render_annex(view)
    golden("annex-revisions.html", output)
    text = output.decode()
    assert "R20, R33 and R35 moved from Group 2 to Group 1." in text
    assert '<tr id="R33" class="changed"><td>R33</td>' in text
    assert "<td><del>2</del> <ins>1</ins></td>" in text


def test_every_row_and_cell_is_in_the_table(project: Project) -> None:
    view = build_annex(project)
    parsed = _parse(render_annex(view))
    assert parsed.rows[0] == [c.header for c in view.columns]
    assert parsed.rows[1:] == [[cell.text for cell in row.cells] for row in view.rows]
    assert "thead" in parsed.tags and "script" not in parsed.tags


def test_a_script_in_a_text_shows_as_text(project: Project) -> None:
    hostile = variant(project, {"R02": {"text": "<script>alert('x')</script> & more"}})
    output = render_annex(build_annex(hostile))
    parsed = _parse(output)
    assert "script" not in parsed.tags
    assert parsed.rows[2][1] == "<script>alert('x')</script> & more"
    assert b"&lt;script&gt;" in output


def test_render_twice_is_identical(project: Project) -> None:
    assert render_annex(build_annex(project)) == render_annex(build_annex(project))
