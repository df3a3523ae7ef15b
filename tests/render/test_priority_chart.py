"""The priority chart as SVG: text kept as text with a title and a description, labels wrapped
and never cut, the answers of the heat map told apart by more than colour, and the parts drawn
for print."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from roadmap_cli.model import Project
from roadmap_cli.priorities import prioritise, shown_survey
from roadmap_cli.render.priority_chart import (
    luminance,
    render_page_svgs,
    render_svg,
    scale_colours,
)
from roadmap_cli.surveys import NO_OPINION
from roadmap_cli.views.priorities import PriorityChartView, priority_chart_view

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def view(project: Project) -> PriorityChartView:
    survey = shown_survey(project.surveys)
    assert survey is not None
    return priority_chart_view(prioritise(survey, project.recommendations), survey)


@pytest.fixture(scope="module")
def svg(view: PriorityChartView) -> bytes:
    return render_svg(view)


def _texts(svg: bytes) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_the_svg_has_a_title_a_description_and_text_as_text(svg: bytes) -> None:
    root = ET.fromstring(svg)
    assert root[0].tag == f"{SVG}title"
    assert (
        root[0].text == "Priorities from the survey 2020-task-force (median): ILLUSTRATIVE answers"
    )
    assert root[1].tag == f"{SVG}desc"
    assert "hatched grey cell is no-opinion, an empty outlined cell is no answer" in (
        root[1].text or ""
    )
    assert not [p for p in root.iter(f"{SVG}path") if "d" not in p.attrib]


def test_row_labels_wrap_and_are_never_cut(svg: bytes, view: PriorityChartView) -> None:
    texts = _texts(svg)
    assert not [t for t in texts if "\u2026" in t]
    joined = " ".join(" ".join(texts).split())
    for item in view.report.items:
        assert " ".join(f"{item.id} {item.title or ''}".split()) in joined


def _rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(_rgb(a)) + 0.05, luminance(_rgb(b)) + 0.05), reverse=True)
    return light / dark


@pytest.mark.parametrize("count", [2, 3])
def test_neighbouring_levels_differ_by_a_contrast_of_3_to_1(count: int) -> None:
    colours = scale_colours(count)
    assert all(_contrast(a, b) >= 3 for a, b in itertools.pairwise(colours))


def test_no_answer_and_no_opinion_are_marked_not_only_coloured(
    svg: bytes, view: PriorityChartView
) -> None:
    answers = [r.answers.get(item.id) for r in view.survey.responses for item in view.report.items]
    no_opinion = sum(1 for a in answers if a is not None and a.value == NO_OPINION)
    missing = sum(1 for a in answers if a is None)
    assert no_opinion and missing  # the bundled survey has both
    styles = re.findall(r'style="([^"]*)"', svg.decode())
    hatched = [s for s in styles if "fill: url(#h" in s]
    outlined = [s for s in styles if s.startswith("fill: #ffffff; stroke: #7f7f7f")]
    assert len(hatched) == no_opinion + 1  # the cells and the legend's key
    assert len(outlined) == missing + 1


def test_print_parts_hold_every_row_once_and_fit_the_page(view: PriorityChartView) -> None:
    parts = render_page_svgs(view, 10.5, 6.2)
    assert len(parts) > 1
    labels = [t for part in parts for t in _texts(part) if re.match(r"\d+\. R\d\d", t)]
    assert [t.split()[1] for t in labels] == [item.id for item in view.report.items]
    for part in parts:
        root = ET.fromstring(part)
        assert float(root.attrib["height"].removesuffix("pt")) <= 6.2 * 72
        sizes = [float(s) for s in re.findall(rb"font-size: ([\d.]+)px", part)]
        assert min(sizes) >= 8
