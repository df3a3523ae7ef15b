"""The Gantt chart: SVG parsed as XML (ids from matplotlib gids), PNG and PDF checked by their
bytes, every format rendered twice to the same bytes."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET

import pytest
from conftest import Planned
from gantt_cases import LONG_TITLE

from roadmap_cli.render import GANTT_FORMATS, renderer
from roadmap_cli.render.figure import MAGIC
from roadmap_cli.render.gantt import render_gantt
from roadmap_cli.views.timeline import GanttView, gantt_view

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def case_view(gantt_case: Planned) -> GanttView:
    return gantt_view(gantt_case.project, gantt_case.plan, as_of=gantt_case.as_of)


@pytest.fixture(scope="module")
def case_svg(case_view: GanttView) -> bytes:
    return render_gantt(case_view, "svg")


@pytest.fixture(scope="module")
def bundled_view(bundled_plan: Planned) -> GanttView:
    return gantt_view(bundled_plan.project, bundled_plan.plan, as_of=bundled_plan.as_of)


def _groups(svg: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.attrib["id"]: g for g in root.iter(f"{SVG}g") if "id" in g.attrib}


def _ids(groups: dict[str, ET.Element], prefix: str) -> list[str]:
    return sorted(key.removeprefix(prefix) for key in groups if key.startswith(prefix))


def _text(svg: bytes, gid: str) -> str:
    """The text matplotlib wrote (as comments) inside the group ``gid``."""
    text = svg.decode("utf-8")
    start = text.index(f'<g id="{gid}">')
    depth, position = 0, start
    for match in re.finditer(r"<g\b|</g>", text[start:]):
        depth += 1 if match.group() != "</g>" else -1
        if depth == 0:
            position = start + match.end()
            break
    return " ".join(re.findall(r"<!-- (.*?) -->", text[start:position]))


def test_one_bar_per_unit_with_progress_and_critical_outlines(case_svg: bytes) -> None:
    groups = _groups(case_svg)
    assert _ids(groups, "bar-") == ["R01", "R02", "R03", "R06", "conversion-tool"]
    assert _ids(groups, "done-") == ["R01"]
    assert _ids(groups, "critical-") == ["R01", "R02", "R03"]
    assert _ids(groups, "link-") == ["R01-R02", "R01-R03", "R02-R03"]
    assert 'style="fill: #1f4e79"' in ET.tostring(groups["bar-R01"], encoding="unicode")


def test_sessions_and_the_as_of_day_are_labelled_lines(case_svg: bytes) -> None:
    groups = _groups(case_svg)
    assert _ids(groups, "session-CWS") == ["-10"]
    assert _text(case_svg, "session-label-CWS-10") == "CWS/10"
    line = ET.tostring(groups["session-CWS-10"], encoding="unicode")
    assert "stroke-dasharray" not in line  # announced dates: a solid line
    assert _text(case_svg, "as-of-label") == "as of 2022-03-15"
    assert "as-of" in groups


def test_assumed_sessions_are_dashed_and_starred(bundled_view: GanttView) -> None:
    svg = render_gantt(bundled_view, "svg")
    groups = _groups(svg)
    assert _ids(groups, "bar-") == sorted(bar.id for bar in bundled_view.bars)
    assert len(_ids(groups, "bar-")) == 38
    sessions = [s.id.replace("/", "-") for s in bundled_view.sessions]
    assert sessions == ["CWS-14", "CWS-15", "CWS-16", "CWS-17", "CWS-18", "CWS-19"]
    for session in sessions:
        assert "stroke-dasharray" in ET.tostring(groups[f"session-{session}"], encoding="unicode")
        assert _text(svg, f"session-label-{session}") == session.replace("-", "/") + "*"
    assert "dates of CWS/14, CWS/15, CWS/16" in " ".join(
        re.findall(r"<!-- (.*?) -->", svg.decode())
    )


def test_long_labels_are_wrapped_not_cut(case_svg: bytes) -> None:
    label = " ".join(_text(case_svg, "label-R03").split())
    assert label == " ".join(f"R03 {LONG_TITLE}".split())


def test_the_svg_has_no_date_and_no_software_name(case_svg: bytes) -> None:
    text = case_svg.decode("utf-8")
    assert "<dc:date>" not in text and "Matplotlib" not in text


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_every_format_renders_the_same_bytes_twice(case_view: GanttView, fmt: str) -> None:
    first = renderer("gantt", fmt)(case_view)
    assert first.startswith(MAGIC[fmt]) and len(first) > 10_000
    assert renderer("gantt", fmt)(case_view) == first


def test_png_is_eleven_inches_wide_at_150_dpi(case_view: GanttView) -> None:
    png = render_gantt(case_view, "png")
    width, height = struct.unpack(">II", png[16:24])
    assert width == 1650 and 600 < height < 2000
    wide = render_gantt(case_view, "png", width=15, dpi=100)
    assert struct.unpack(">I", wide[16:20])[0] == 1500


def test_pdf_carries_no_dates_or_producer(case_view: GanttView) -> None:
    pdf = render_gantt(case_view, "pdf")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"CreationDate" not in pdf and b"Producer" not in pdf and b"ModDate" not in pdf


def test_the_registry_offers_every_gantt_format(case_view: GanttView) -> None:
    for fmt in GANTT_FORMATS:
        assert len(renderer("gantt", fmt)(case_view)) > 500


def test_an_empty_plan_still_draws(gantt_case: Planned) -> None:
    import dataclasses

    view = gantt_view(gantt_case.project, gantt_case.plan, as_of=gantt_case.as_of)
    empty = dataclasses.replace(view, sections=(), links=())
    assert render_gantt(empty, "svg").startswith(b"<?xml")


def test_one_figure_saved_in_several_formats_gives_the_same_bytes(case_view: GanttView) -> None:
    """The figure drawn once for several formats saves the bytes of a fresh drawing."""
    from roadmap_cli.render import gantt

    together = {fmt: render_gantt(case_view, fmt) for fmt in ("svg", "png")}
    fresh = {}
    for fmt in ("png", "svg"):
        gantt._drawn.cache_clear()
        fresh[fmt] = render_gantt(case_view, fmt)
    assert together == fresh
