"""The priority chart: a ranked dot plot with dispersion, beside an offices x recommendations
heat map of the answers, as SVG or PNG bytes.

Used by `roadmap priorities --chart` and `roadmap build`: it takes a `PriorityChartView` (a
computed `PriorityReport` and its `Survey`), sorts and computes nothing itself, and returns
bytes. The output is byte-identical for the same input: a figure size that depends only on the
data, and the settings of `render.figure` (Agg, the bundled DejaVu Sans, fixed dpi and
``svg.hashsalt``, no dates or software names in the metadata; text kept as text in the SVG, with
a ``<title>`` and a ``<desc>``).

Row labels wrap like the Gantt chart's (`timeline.wrap_label`), never cut. In the heat map the
levels of the scale are a ramp with a contrast of at least 3:1 between neighbours (for scales of
up to three levels), "no-opinion" is a light grey with a dark hatch, and "no answer" is an empty
cell with a grey outline, as in the legend: told apart by more than colour. No text is smaller
than 8 pt. `page_views` splits the chart into parts that each fit a page, for print.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from roadmap_cli.model import Priority
from roadmap_cli.priorities import Method, PriorityReport
from roadmap_cli.render.figure import DPI, figure_bytes, figure_settings, svg_bytes
from roadmap_cli.surveys import NO_OPINION, Survey, SurveyKind
from roadmap_cli.views.priorities import PriorityChartView, priority_chart_view
from roadmap_cli.views.timeline import wrap_label
from roadmap_cli.views.words import DASH

WIDTH_INCHES = 11.0
LABEL_CHARACTERS = 56
"""Characters per line of a row label."""
LINE_INCHES = 0.14
"""A line of 8 pt text."""
MIN_ROW = 0.22
TOP_INCHES = 0.75
"""The title and the two panel titles above the rows."""
BOTTOM_INCHES = 1.45
"""The x-axis labels, the rotated office codes and the legends under the rows."""
HEADROOM = 0.25
"""Inches above the first row, for the threshold labels."""
LABEL_INCHES = 3.9
"""Inches left of the dot plot for the row labels."""
FONT = 8.0
LEVEL_COLOURS: dict[Priority | None, str] = {
    Priority.HIGH: "#1f4e79",
    Priority.MEDIUM: "#5b9bd5",
    Priority.LOW: "#a6a6a6",
    None: "#7f7f7f",
}
_NO_OPINION_COLOUR = "#e6e6e6"
_NO_OPINION_HATCH = "#404040"
_ABSENT_EDGE = "#7f7f7f"
_RANK_COLOUR = "#1f4e79"
_ABSENT_COLOUR = "#ffffff"
_LIGHT = (0xC6, 0xDB, 0xEF)
_DARK = (0x08, 0x1D, 0x3A)


def render_svg(view: PriorityChartView) -> bytes:
    return _chart(view, "svg")


def render_png(view: PriorityChartView) -> bytes:
    return _chart(view, "png")


Part = tuple[int, int] | None
"""(number, of how many) of a chart in parts; None: the chart whole."""


def page_views(
    view: PriorityChartView, width: float, height: float
) -> tuple[tuple[PriorityChartView, Part], ...]:
    """``view`` in parts whose charts each fit a page of ``width`` x ``height`` inches (the
    rows split by rank, every part with its own axes and legend): the report's printed chart."""
    report, survey = view.report, view.survey
    room = height - TOP_INCHES - BOTTOM_INCHES - HEADROOM
    heights = [_row_height(_label(item)) for item in report.items]
    parts = _split(heights, room)
    if len(parts) > 1:  # as many parts, of even heights: the least room that needs no more
        low, high = 0.0, room
        for _ in range(24):
            middle = (low + high) / 2
            low, high = (
                (low, middle) if len(_split(heights, middle)) <= len(parts) else (middle, high)
            )
        parts = _split(heights, high)
    if len(parts) == 1:
        return ((view, None),)
    return tuple(
        (
            priority_chart_view(
                replace(report, items=tuple(report.items[i] for i in part)), survey
            ),
            (number, len(parts)),
        )
        for number, part in enumerate(parts, start=1)
    )


def render_page_svg(view: PriorityChartView, width: float, part: Part) -> bytes:
    """One part of the printed chart (`page_views`) as SVG."""
    return _chart(view, "svg", width=width, part=part)


def render_page_svgs(view: PriorityChartView, width: float, height: float) -> tuple[bytes, ...]:
    """The chart as SVG parts that each fit a page of ``width`` x ``height`` inches."""
    return tuple(
        render_page_svg(page, width, part) for page, part in page_views(view, width, height)
    )


def _split(heights: list[float], room: float) -> list[list[int]]:
    """Row indexes in parts of at most ``room`` inches (a row taller than that: a part alone)."""
    parts: list[list[int]] = [[]]
    used = 0.0
    for index, need in enumerate(heights):
        if parts[-1] and used + need > room:
            parts.append([])
            used = 0.0
        parts[-1].append(index)
        used += need
    return parts


def _shown(view: PriorityChartView) -> list[str]:
    """What the title says of the rows and offices left out."""
    shown = []
    if view.recommendations > len(view.report.items):
        shown.append(
            f"the first {len(view.report.items)} of {view.recommendations:,} recommendations "
            "by rank"
        )
    if view.offices > len(view.survey.responses):
        shown.append(f"{len(view.survey.responses)} of {view.offices} offices")
    return shown


def _label(item: Any) -> tuple[str, ...]:
    return wrap_label(f"{item.rank or DASH}. {item.id}", item.title, LABEL_CHARACTERS)


def _row_height(lines: tuple[str, ...]) -> float:
    return max(MIN_ROW, 0.08 + LINE_INCHES * len(lines))


def _chart(
    view: PriorityChartView,
    fmt: str,
    *,
    width: float = WIDTH_INCHES,
    part: Part = None,
) -> bytes:
    """The chart of ``view.report`` (computed from ``view.survey``) in ``fmt``."""
    from matplotlib.figure import Figure

    report, survey, shown = view.report, view.survey, _shown(view)
    labels = [_label(item) for item in report.items]
    heights = [_row_height(lines) for lines in labels]
    centres, y = [], 0.0
    for height in heights:
        centres.append(y + height / 2)
        y += height
    rows_height = max(y, MIN_ROW)
    with figure_settings():
        figure_height = TOP_INCHES + HEADROOM + rows_height + BOTTOM_INCHES
        figure = Figure(figsize=(width, figure_height), dpi=DPI)
        dots, heat = figure.subplots(
            1, 2, sharey=True, gridspec_kw={"width_ratios": [3, 2], "wspace": 0.05}
        )
        _dot_plot(dots, report, survey, labels, centres, rows_height)
        _heat_map(heat, report, survey, centres)
        title = f"Priorities from the survey {report.survey_id} ({report.method.value})"
        if report.illustrative:
            title += ": ILLUSTRATIVE answers"
        if part is not None:
            title += f" (part {part[0]} of {part[1]})"
        if shown:
            title += f"\n(showing {' and '.join(shown)})"
        figure.suptitle(title, fontsize=10, x=0.5, y=1 - 0.1 / figure_height, va="top")
        figure.subplots_adjust(
            left=LABEL_INCHES / width,
            right=1 - 0.2 / width,
            top=1 - TOP_INCHES / figure_height,
            bottom=BOTTOM_INCHES / figure_height,
        )
        if fmt == "svg":
            return svg_bytes(figure, title.replace("\n", " "), _description(report, survey))
        return figure_bytes(figure, fmt)


def _description(report: PriorityReport, survey: Survey) -> str:
    scored = [item for item in report.items if item.rank is not None]
    first = ", ".join(item.id for item in scored[:3])
    return (
        f"Left: a dot plot of the {report.method.value} score of {len(report.items)} "
        f"recommendations, ranked{f' (first: {first})' if first else ''}, the dot coloured by "
        "the computed level and ringed when the CWS adopted high priority. Right: a heat map of "
        f"the answers of {len(survey.responses)} offices, one column each: darker is higher, a "
        "hatched grey cell is no-opinion, an empty outlined cell is no answer. The priorities "
        "table gives the same figures as text."
    )


def _dot_plot(
    axes: Any,
    report: PriorityReport,
    survey: Survey,
    labels: list[tuple[str, ...]],
    centres: list[float],
    rows_height: float,
) -> None:
    from matplotlib.collections import LineCollection

    on_scale = report.method is not Method.BORDA and survey.metadata.kind is SurveyKind.RATING
    rows = list(zip(centres, report.items, strict=True))
    ranges = [
        [(item.q1, y), (item.q3, y)]
        for y, item in rows
        if on_scale and item.q1 is not None and item.q3 is not None
    ]
    # The bars and the dots are a collection each: an artist per row was a sixth of the time
    # of the chart.
    axes.add_collection(
        LineCollection(ranges, colors="#bfbfbf", linewidths=3, capstyle="round", zorder=1),
        autolim=False,
    )
    scored = [(y, item) for y, item in rows if item.score is not None]
    if scored:
        axes.scatter(
            [item.score for _, item in scored],
            [y for y, _ in scored],
            s=28,
            color=[LEVEL_COLOURS[item.level] for _, item in scored],
            zorder=2,
            edgecolors=["black" if item.adopted is Priority.HIGH else "none" for _, item in scored],
            linewidths=0.8,
        )
    if report.thresholds is not None:
        for value, label in (
            (report.thresholds.high, "high"),
            (report.thresholds.medium, "medium"),
        ):
            axes.axvline(value, color="#7f7f7f", linestyle="--", linewidth=0.6)
            axes.text(
                value, -0.03, f"{label} ", fontsize=FONT, color="#595959", ha="right", va="bottom"
            )
    axes.set_yticks(centres, ["\n".join(lines) for lines in labels], fontsize=FONT)
    axes.set_ylim(rows_height, -HEADROOM)
    scale = survey.metadata.scale
    if on_scale and scale:
        scores = [survey.score(v) for v in scale]
        axes.set_xticks(scores, [str(v) for v in scale], fontsize=FONT)
        margin = (max(scores) - min(scores)) * 0.06
        axes.set_xlim(min(scores) - margin, max(scores) + margin)
        axes.set_xlabel(
            f"{report.method.value} score; grey bar: interquartile range", fontsize=FONT
        )
    else:
        axes.set_xlabel("Borda score (0: always last, 1: always first)", fontsize=FONT)
        axes.set_xlim(-0.06, 1.06)
        axes.tick_params(axis="x", labelsize=FONT)
    axes.grid(axis="x", color="#eeeeee", linewidth=0.5)
    axes.set_title("Score (colour: computed level; ringed: adopted high)", loc="left")


def _heat_map(axes: Any, report: PriorityReport, survey: Survey, centres: list[float]) -> None:
    """A cell per answer, in three collections: the values, no-opinion (hatched) and no answer
    (outlined); a patch per cell was a sixth of the time of the chart."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Patch

    offices = [response.office for response in survey.responses]
    scale = list(survey.metadata.scale or ())
    ranking = survey.metadata.kind is SurveyKind.RANKING
    colours = scale_colours(len(scale)) if not ranking else []
    values: list[tuple[Any, str]] = []
    no_opinion: list[Any] = []
    absent: list[Any] = []
    for column, response in enumerate(survey.responses):
        for y, item in zip(centres, report.items, strict=True):
            answer = response.answers.get(item.id)
            if answer is None:
                absent.append(_cell(column, y))
            elif answer.value == NO_OPINION:
                no_opinion.append(_cell(column, y))
            elif ranking:  # ranks: one colour, the rank written in the cell
                values.append((_cell(column, y), _RANK_COLOUR))
                axes.text(
                    column,
                    y,
                    str(answer.value),
                    ha="center",
                    va="center",
                    fontsize=FONT,
                    color="white",
                    zorder=3,
                )
            else:
                values.append((_cell(column, y), colours[scale.index(answer.value)]))
    styles: tuple[tuple[list[Any], dict[str, Any]], ...] = (
        ([cell for cell, _ in values], {"facecolors": [colour for _, colour in values]}),
        (
            no_opinion,
            {"facecolors": _NO_OPINION_COLOUR, "edgecolors": _NO_OPINION_HATCH, "hatch": "////"},
        ),
        (absent, {"facecolors": _ABSENT_COLOUR, "edgecolors": _ABSENT_EDGE, "linewidths": 0.8}),
    )
    for cells, style in styles:
        if cells:
            style = {"edgecolors": "none", "linewidths": 0, **style}
            axes.add_collection(PatchCollection(cells, **style), autolim=False)
    axes.set_xticks(range(len(offices)), offices, rotation=90, fontsize=FONT)
    axes.set_xlim(-0.5, max(len(offices), 1) - 0.5)
    axes.tick_params(axis="y", left=False)
    axes.set_facecolor(_ABSENT_COLOUR)
    handles = [Patch(color=c, label=str(v)) for v, c in zip(scale, colours, strict=False)]
    handles += [
        Patch(
            facecolor=_NO_OPINION_COLOUR,
            edgecolor=_NO_OPINION_HATCH,
            hatch="////",
            linewidth=0,
            label=NO_OPINION,
        ),
        Patch(facecolor=_ABSENT_COLOUR, edgecolor=_ABSENT_EDGE, linewidth=0.8, label="no answer"),
    ]
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, -0.75 / axes.figure.get_figheight()),
        bbox_transform=axes.transAxes,
        ncol=2,
        fontsize=FONT,
        frameon=False,
        borderaxespad=0,
    )
    axes.set_title("Answers by office", loc="left")


def _cell(column: int, y: float) -> Any:
    from matplotlib.patches import Rectangle

    size = MIN_ROW * 0.8
    return Rectangle((column - 0.42, y - size / 2), 0.84, size)


def luminance(rgb: tuple[float, ...]) -> float:
    """WCAG relative luminance of an sRGB colour (0-255 channels)."""
    linear = [c / 255 / 12.92 if c <= 10.31 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def scale_colours(count: int) -> list[str]:
    """From light (lowest) to dark (highest) on one blue ramp, evenly spaced in contrast:
    neighbours differ by the same contrast ratio (3:1 or more for up to three levels)."""
    if count <= 0:
        return []
    light_l, dark_l = luminance(_LIGHT) + 0.05, luminance(_DARK) + 0.05
    steps = max(count - 1, 1)
    colours = []
    for i in range(count):
        target = light_l * (dark_l / light_l) ** (i / steps)
        low, high = 0.0, 1.0  # bisect the point of the ramp with that luminance
        for _ in range(40):
            middle = (low + high) / 2
            rgb = tuple(a + (b - a) * middle for a, b in zip(_LIGHT, _DARK, strict=True))
            if luminance(rgb) + 0.05 > target:
                low = middle
            else:
                high = middle
        rgb = tuple(a + (b - a) * low for a, b in zip(_LIGHT, _DARK, strict=True))
        colours.append("#" + "".join(f"{round(c):02x}" for c in rgb))
    return colours
