"""The roadmap report (HTML): autoescaping, self-containment, sections, inlined charts.

The golden file is rendered with two tiny stand-in SVGs, so that it pins the page and not
matplotlib's output (the charts have their own tests).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from html.parser import HTMLParser

import msgspec
import pytest
from conftest import BUILD_AS_OF

from roadmap_cli.build import Build, prepare_build
from roadmap_cli.model import Project
from roadmap_cli.project import PlanOptions, plan_project
from roadmap_cli.render.report import ReportView, inline_svg, render_report

STAND_IN = (
    b'<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n  "http://www.w3.org/Graphics/SVG/1.1/DTD/'
    b'svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="10pt" '
    b'viewBox="0 0 10 10">\n <metadata>\n  <rdf:RDF/>\n </metadata>\n <defs><path id="glyph"'
    b' d="M 0 0"/></defs>\n <g id="bar-R01"><use xlink:href="#glyph"/></g>\n</svg>\n'
)


class _Page(HTMLParser):
    """Tags, ids and the text of the Annex table's rows."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.annex_rows: dict[str, str] = {}
        self._row: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.append((name, value or ""))
            if name == "id" and value:
                self.ids.append(value)
                if tag == "tr" and re.fullmatch(r"R\d+", value):
                    self._row = value
                    self.annex_rows[value] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row:
            self.annex_rows[self._row] += data


def _parse(html: bytes) -> _Page:
    page = _Page()
    page.feed(html.decode("utf-8"))
    return page


@pytest.fixture(scope="module")
def build(project: Project) -> Build:
    return prepare_build(
        project, plan_project(project, PlanOptions(as_of=BUILD_AS_OF)), BUILD_AS_OF
    )


def test_the_page_matches_the_golden_file(build: Build, golden: Callable[..., None]) -> None:
    golden("report.html", render_report(ReportView(build.roadmap, STAND_IN, STAND_IN)))


def test_every_section_and_every_annex_row_is_there(build: Build) -> None:
    page = _parse(render_report(ReportView(build.roadmap, STAND_IN, STAND_IN)))
    for section in ("summary", "status", "priorities", "timeline", "annex", "gaps"):
        assert section in page.ids
    assert list(page.annex_rows) == [f"R{n:02}" for n in range(1, 41)]
    assert page.annex_rows["R04"].startswith("R04text pending. Topic: Common conversion")


def test_the_page_loads_nothing_and_runs_nothing(build: Build) -> None:
    html = render_report(ReportView(build.roadmap, STAND_IN, STAND_IN))
    page = _parse(html)
    assert not {"script", "link", "img", "iframe", "object"} & set(page.tags)
    for name, value in page.attributes:
        if name in ("src", "href", "xlink:href"):
            assert value.startswith("#"), (name, value)
    assert b"@import" not in html and b"url(http" not in html


def test_a_script_in_a_recommendation_text_shows_as_text(project: Project) -> None:
    recs = tuple(
        msgspec.structs.replace(r, text="<script>alert('x')</script> & more")
        if r.id == "R02"
        else r
        for r in project.recommendations
    )
    hostile = dataclasses.replace(project, recommendations=recs)
    made = prepare_build(
        hostile, plan_project(hostile, PlanOptions(as_of=BUILD_AS_OF)), BUILD_AS_OF
    )
    html = render_report(ReportView(made.roadmap, STAND_IN, None))
    page = _parse(html)
    assert "script" not in page.tags
    assert page.annex_rows["R02"] == "R02<script>alert('x')</script> & more\u2014\u2014\u2014"
    assert b"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html


def test_inlined_charts_get_prefixed_ids_and_lose_their_prolog() -> None:
    markup = str(inline_svg(STAND_IN, "gantt", 'A "chart" <here>'))
    assert markup.startswith('<svg role="img" aria-label="A &#34;chart&#34; &lt;here&gt;" ')
    assert 'id="gantt-bar-R01"' in markup and 'id="gantt-glyph"' in markup
    assert 'xlink:href="#gantt-glyph"' in markup
    assert "<?xml" not in markup and "DOCTYPE" not in markup and "metadata" not in markup


def test_real_charts_keep_ids_unique(build: Build) -> None:
    from roadmap_cli.render import gantt_pages as gantt_parts
    from roadmap_cli.render import priority_chart
    from roadmap_cli.render.gantt import render_gantt
    from roadmap_cli.render.report import PAGE

    svg = render_gantt(build.gantt, "svg")
    assert build.chart is not None
    gantt_pages = gantt_parts.render_page_svgs(build.gantt, *PAGE)
    priority_pages = priority_chart.render_page_svgs(build.chart, *PAGE)
    assert len(gantt_pages) > 1 and len(priority_pages) > 1
    html = render_report(ReportView(build.roadmap, svg, svg, gantt_pages, priority_pages))
    page = _parse(html)
    assert len(page.ids) == len(set(page.ids))
    assert sum(i.startswith("gantt-bar-") for i in page.ids) == 38
    assert sum(re.match(r"gantt-page\d+-bar-", i) is not None for i in page.ids) == 38
    assert html.count(b'<figure class="print-chart">') == len(gantt_pages) + len(priority_pages)
    assert b'aria-describedby="gantt-chart-desc"' in html  # the SVG's <desc> describes it
    part_two = (  # each printed part is named by its own title
        b'<svg role="img" aria-label="CWS Task No. 58 strategic roadmap: the planned work as of '
        b'2026-11-23 (part 2 of 4)" aria-describedby="gantt-page2-chart-desc"'
    )
    assert part_two in html


def test_landmarks_and_labelled_regions_for_screen_readers(build: Build) -> None:
    html = render_report(ReportView(build.roadmap, STAND_IN, STAND_IN)).decode()
    page = _parse(html.encode())
    assert page.tags.count("main") == 1 and "details" not in page.tags
    sections = re.findall(r'<section id="([a-z]+)" aria-labelledby="([a-z-]+)">', html)
    assert [name for name, _ in sections] == [
        "summary",
        "status",
        "priorities",
        "timeline",
        "annex",
        "gaps",
    ]
    assert all(heading in page.ids for _, heading in sections)
    boxes = re.findall(
        r'<div class="scroll" role="region" (aria-[a-z]+)="([^"]+)" tabindex="0">', html
    )
    assert len(boxes) == 3  # the priorities, the schedule and the Annex table each scroll
    labelled = [value for how, value in boxes if how == "aria-labelledby"]
    assert all(value in page.ids for value in labelled)


def test_revision_marks_are_not_link_blue(build: Build) -> None:
    html = render_report(ReportView(build.roadmap, STAND_IN, STAND_IN)).decode()
    assert "ins { text-decoration: underline double; color: inherit;" in html


def test_the_illustrative_survey_is_announced(build: Build) -> None:
    html = render_report(ReportView(build.roadmap, STAND_IN, STAND_IN)).decode()
    assert "<strong>ILLUSTRATIVE.</strong>" in html
    assert "ILLUSTRATIVE: Priorities from the survey 2020-task-force" in html


def test_data_gaps_name_what_is_unknown_and_what_is_assumed(build: Build) -> None:
    gaps = {(gap.topic, gap.assumed): gap.detail for gap in build.roadmap.gaps}
    assert gaps["Official texts", False] == (
        "38 of 40 not transcribed yet: R02\u2013R05, R07\u2013R40"
    )
    assert gaps["Relevant WIPO Standard(s) or CWS Task(s)", False].startswith("40 of 40")
    assert gaps["Changes with unknown values", False].startswith(
        "relevant Standard(s)/Task(s) of R04, R05, R09\u2013R11, R13, R15, R22, R33, R35 changed "
        "at CWS/7 (CWS/7/29)"
    )
    details = [gap.detail for gap in build.roadmap.gaps]
    assert "survey 2021-ict-strategy: no answers in the data (27 offices responded)" in details
    assert any(d.startswith("survey 2020-task-force: ILLUSTRATIVE answers") for d in details)
    assumed = [gap.detail for gap in build.roadmap.gaps if gap.assumed]
    assert "plan start 2022-01-01 (planning.yaml)" in assumed
    assert any(
        detail.startswith("CWS/11 and CWS/12 are in the calendar without dates")
        for detail in assumed
    )
