"""The Gantt chart: SVG parsed as XML (ids from matplotlib gids), PNG and PDF checked by their
bytes, every format rendered twice to the same bytes."""

from __future__ import annotations

import datetime as dt
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
    """The text (SVG ``<text>`` elements: text kept as text) inside the group ``gid``."""
    return " ".join(_texts(_groups(svg)[gid]))


def _texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


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
    assert "dates of CWS/14, CWS/15, CWS/16" in " ".join(_texts(ET.fromstring(svg)))


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


def test_the_png_has_matplotlibs_pixels_without_alpha_its_dpi_and_no_text(
    case_view: GanttView,
) -> None:
    """The PNG is saved by our own step (`figure._png`): what a reader sees must be what
    matplotlib draws, with the dpi a document sizes it by, and nothing naming the software."""
    import io

    from PIL import Image

    from roadmap_cli.render.figure import figure_settings
    from roadmap_cli.render.gantt import PNG_DPI, WIDTH, draw

    ours = Image.open(io.BytesIO(render_gantt(case_view, "png")))
    with figure_settings():
        buffer = io.BytesIO()
        draw(case_view, WIDTH).savefig(buffer, format="png", dpi=PNG_DPI)
    theirs = Image.open(io.BytesIO(buffer.getvalue()))
    assert theirs.mode == "RGBA" and theirs.getextrema()[3] == (255, 255)  # opaque
    assert ours.mode == "RGB" and ours.tobytes() == theirs.convert("RGB").tobytes()
    assert [round(d) for d in ours.info["dpi"]] == [PNG_DPI, PNG_DPI]
    assert set(ours.info) == {"dpi"}  # no Software or date text chunk


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
    from roadmap_cli.render.gantt import render_formats

    together = render_formats(case_view, ("svg", "png"))
    assert together == (render_gantt(case_view, "svg"), render_gantt(case_view, "png"))


def test_the_svg_keeps_its_text_as_text_with_a_title_and_a_description(
    case_svg: bytes, case_view: GanttView
) -> None:
    root = ET.fromstring(case_svg)
    title, desc = root[0], root[1]
    assert (title.tag, title.text) == (f"{SVG}title", case_view.title)
    assert desc.tag == f"{SVG}desc"
    assert (desc.text or "").startswith("Gantt chart of 5 units of work in 3 sections")
    assert "R03  A deliberately long title" in " ".join(_texts(root))  # searchable text
    assert not [p for p in root.iter(f"{SVG}path") if "d" not in p.attrib]  # no empty glyphs
    assert b"DejaVuSans-" not in case_svg  # no glyph outlines
    assert b"font-family: 'DejaVu Sans', Verdana" in case_svg


def test_work_whose_status_is_not_known_is_hatched(case_svg: bytes, case_view: GanttView) -> None:
    groups = _groups(case_svg)
    assert _ids(groups, "unknown-") == ["R02", "R03", "R06", "conversion-tool"]
    assert [bar.id for bar in case_view.bars if bar.status_known] == ["R01"]  # in progress
    assert "url(#h" in ET.tostring(groups["unknown-R02"], encoding="unicode")  # a hatch
    assert "hatched: status not known" in " ".join(_texts(ET.fromstring(case_svg)))


@pytest.fixture(scope="module")
def same_day(tmp_path_factory: pytest.TempPathFactory) -> GanttView:
    """R01 and R02 end on the same day; R03 waits for R01 and R04 for R02; the as-of day falls
    in the week of CWS/10."""
    from plandata import rec, write_data

    from roadmap_cli.project import PlanOptions, load_project, plan_project

    folder = write_data(
        tmp_path_factory.mktemp("same-day") / "data",
        [
            rec("R01", title="First", group=1, status="planned", effort_months=3),
            rec("R02", title="Second", group=1, status="planned", effort_months=3),
            rec("R03", title="Third", group=1, status="planned", depends_on=["R01"]),
            rec("R04", title="Fourth", group=1, status="planned", depends_on=["R02"]),
        ],
    )
    project = load_project(folder).project
    assert project is not None
    as_of = dt.date(2022, 11, 23)
    return gantt_view(project, plan_project(project, PlanOptions(as_of=as_of)), as_of=as_of)


def _points(group: ET.Element) -> list[tuple[float, float]]:
    path = next(group.iter(f"{SVG}path"))
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.attrib["d"])]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def test_an_arrow_shows_which_of_two_bars_ending_the_same_day_it_leaves(
    same_day: GanttView,
) -> None:
    bars = {bar.id: bar for bar in same_day.bars}
    assert bars["R01"].finish == bars["R02"].finish
    groups = _groups(render_gantt(same_day, "svg"))
    assert _ids(groups, "link-") == ["R01-R03", "R02-R04"]
    first, second = _points(groups["link-R01-R03"]), _points(groups["link-R02-R04"])
    assert first[0][0] == second[0][0]  # both leave at the end of their bar...
    assert first[1][0] != second[1][0]  # ...and rise or fall at different places
    dots = [
        next(groups[f"from-{link}"].iter(f"{SVG}use")).attrib for link in ("R01-R03", "R02-R04")
    ]
    assert [(float(d["x"]), float(d["y"])) for d in dots] == [first[0], second[0]]  # a dot on
    # the corner of the bar each arrow leaves


def test_the_as_of_line_and_a_session_in_the_same_week_stay_apart(same_day: GanttView) -> None:
    svg = render_gantt(same_day, "svg")
    groups = _groups(svg)
    as_of, session = _points(groups["as-of"]), _points(groups["session-CWS-10"])
    assert abs(as_of[0][0] - session[0][0]) < 8  # two days apart: the lines nearly touch
    label_y = float(next(groups["as-of-label"].iter(f"{SVG}text")).attrib["y"])
    session_y = float(next(groups["session-label-CWS-10"].iter(f"{SVG}text")).attrib["y"])
    # The session's label over the plot, the as-of label in the first band under it, above
    # every bar (at the foot of the plot it ran into the last bar's label when that bar started
    # within weeks of the as-of day).
    assert label_y - session_y > 12
    bar_tops = [
        min(y for _, y in _points(group)) for gid, group in groups.items() if gid.startswith("bar-")
    ]
    assert bar_tops and label_y < min(bar_tops)
    widths = [
        float(re.search(r"stroke-width: ([\d.]+)", ET.tostring(groups[g], encoding="unicode"))[1])
        for g in ("as-of", "session-CWS-10")
    ]
    assert widths[0] > 2 * widths[1]  # a thick line under a thin one
    text = svg.decode()
    assert text.index('id="as-of"') < text.index('id="session-CWS-10"')  # drawn over it


def test_gantt_pdf_is_a3_portrait_pages(bundled_view: GanttView) -> None:
    pdf = render_gantt(bundled_view, "pdf")
    assert re.findall(rb"/MediaBox \[([^\]]*)\]", pdf) == [b" 0 0 841.68 1190.88 "]


def test_a_chart_split_into_pages_keeps_every_bar_once_and_fits(bundled_view: GanttView) -> None:
    from roadmap_cli.render.gantt_pages import page_views, render_page_svgs

    parts = page_views(bundled_view, 10.5, 6.2, subtitle=False, notes=False)
    assert len(parts) > 1
    assert [bar.id for part in parts for bar in part.bars] == [b.id for b in bundled_view.bars]
    assert parts[1].sections[0].label.endswith("(continued)")
    for svg in render_page_svgs(bundled_view, 10.5, 6.2):
        root = ET.fromstring(svg)
        assert float(root.attrib["width"].removesuffix("pt")) == 10.5 * 72
        assert float(root.attrib["height"].removesuffix("pt")) <= 6.2 * 72
        sizes = re.findall(rb"font-size: ([\d.]+)px", svg)
        assert sizes and min(float(size) for size in sizes) >= 8  # 8 pt at the page's size


def test_a_long_title_wraps_instead_of_running_off_the_page(case_view: GanttView) -> None:
    import dataclasses

    title = "A title " + "that goes on and on " * 8 + "(part 1 of 2)"
    svg = render_gantt(dataclasses.replace(case_view, title=title), "svg")
    bold = [
        t.text or ""
        for t in ET.fromstring(svg).iter(f"{SVG}text")
        if "font-weight: 700; font-size: 12px" in t.attrib["style"]
    ]
    assert len(bold) > 1 and " ".join(bold) == title
    assert all(len(line) <= (11 - 0.6) * 8.5 for line in bold)
