"""The priority chart: a ranked dot plot with dispersion, beside an offices x recommendations
heat map of the answers, as SVG or PNG bytes.

Used by `roadmap priorities --chart` and `roadmap build`: it takes a `PriorityChartView` (a
computed `PriorityReport` and its `Survey`), sorts and computes nothing itself, and returns
bytes. The output is byte-identical for the same input: a figure size that depends only on the
data, and the settings of `render.figure` (Agg, the bundled DejaVu Sans, fixed dpi and
``svg.hashsalt``, no dates or software names in the metadata).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from roadmap_cli.model import Priority
from roadmap_cli.priorities import Method, PriorityReport
from roadmap_cli.render.figure import DPI, figure_bytes, figure_settings
from roadmap_cli.surveys import NO_OPINION, Survey, SurveyKind
from roadmap_cli.views.priorities import PriorityChartView
from roadmap_cli.views.words import DASH

WIDTH_INCHES = 11.0
ROW_INCHES = 0.22
LEVEL_COLOURS: dict[Priority | None, str] = {
    Priority.HIGH: "#1f4e79",
    Priority.MEDIUM: "#5b9bd5",
    Priority.LOW: "#a6a6a6",
    None: "#7f7f7f",
}
_NO_OPINION_COLOUR = "#d9d9d9"
_RANK_COLOUR = "#1f4e79"
_ABSENT_COLOUR = "#ffffff"


MAX_ROWS = 60
"""Recommendations drawn at most (the first by rank); a chart of thousands is unreadable and
costs minutes: the title says how many are shown, and the table and JSON hold them all."""
MAX_OFFICES = 50
"""Offices drawn at most in the heat map (the first by code), for the same reasons."""


def render_svg(view: PriorityChartView) -> bytes:
    return _chart(view, "svg")


def render_png(view: PriorityChartView) -> bytes:
    return _chart(view, "png")


def _chart(view: PriorityChartView, fmt: str) -> bytes:
    """The chart of ``view.report`` (computed from ``view.survey``) in ``fmt``."""
    from matplotlib.figure import Figure

    report, survey = view.report, view.survey
    shown = []
    if len(report.items) > MAX_ROWS:
        shown.append(f"the first {MAX_ROWS} of {len(report.items):,} recommendations by rank")
        report = replace(report, items=report.items[:MAX_ROWS])
    if len(survey.responses) > MAX_OFFICES:
        shown.append(f"{MAX_OFFICES} of {len(survey.responses)} offices")
        survey = replace(survey, responses=survey.responses[:MAX_OFFICES])
    with figure_settings():
        rows = len(report.items)
        figure = Figure(figsize=(WIDTH_INCHES, 1.8 + ROW_INCHES * max(rows, 1)), dpi=DPI)
        dots, heat = figure.subplots(
            1, 2, sharey=True, gridspec_kw={"width_ratios": [3, 2], "wspace": 0.05}
        )
        _dot_plot(dots, report, survey)
        _heat_map(heat, report, survey)
        title = f"Priorities from the survey {report.survey_id} ({report.method.value})"
        if report.illustrative:
            title += ": ILLUSTRATIVE answers"
        if shown:
            title += f"\n(showing {' and '.join(shown)})"
        figure.suptitle(title, fontsize=10)
        figure.subplots_adjust(
            left=0.27,
            right=0.98,
            top=1 - 0.9 / figure.get_figheight(),
            bottom=0.9 / figure.get_figheight(),
        )
        return figure_bytes(figure, fmt)


def _dot_plot(axes: Any, report: PriorityReport, survey: Survey) -> None:
    on_scale = report.method is not Method.BORDA and survey.metadata.kind is SurveyKind.RATING
    for row, item in enumerate(report.items):
        if on_scale and item.q1 is not None and item.q3 is not None:
            axes.plot(
                [item.q1, item.q3],
                [row, row],
                color="#bfbfbf",
                linewidth=3,
                solid_capstyle="round",
                zorder=1,
            )
        if item.score is not None:
            axes.scatter(
                [item.score],
                [row],
                s=28,
                color=LEVEL_COLOURS[item.level],
                zorder=2,
                edgecolors="black" if item.adopted is Priority.HIGH else "none",
                linewidths=0.8,
            )
    if report.thresholds is not None:
        for value, label in (
            (report.thresholds.high, "high"),
            (report.thresholds.medium, "medium"),
        ):
            axes.axvline(value, color="#7f7f7f", linestyle="--", linewidth=0.6)
            axes.text(value, -0.9, f" {label}", fontsize=7, color="#595959", va="bottom")
    labels = [f"{item.rank or DASH}. {item.id} {_short(item.title)}" for item in report.items]
    axes.set_yticks(range(len(report.items)), labels)
    axes.set_ylim(len(report.items) - 0.5, -1.2)
    scale = survey.metadata.scale
    if on_scale and scale:
        scores = [survey.score(v) for v in scale]
        axes.set_xticks(scores, [str(v) for v in scale])
        margin = (max(scores) - min(scores)) * 0.06
        axes.set_xlim(min(scores) - margin, max(scores) + margin)
        axes.set_xlabel(f"{report.method.value} score; grey bar: interquartile range")
    else:
        axes.set_xlabel("Borda score (0: always last, 1: always first)")
        axes.set_xlim(-0.06, 1.06)
    axes.grid(axis="x", color="#eeeeee", linewidth=0.5)
    axes.set_title("Score (colour: computed level; ringed: adopted high)", loc="left")


def _heat_map(axes: Any, report: PriorityReport, survey: Survey) -> None:
    from matplotlib.patches import Patch

    offices = [response.office for response in survey.responses]
    scale = list(survey.metadata.scale or ())
    ranking = survey.metadata.kind is SurveyKind.RANKING
    colours = _scale_colours(len(scale)) if not ranking else []
    for column, response in enumerate(survey.responses):
        for row, item in enumerate(report.items):
            answer = response.answers.get(item.id)
            if answer is None:
                continue
            if answer.value == NO_OPINION:
                colour = _NO_OPINION_COLOUR
            elif ranking:
                colour = _RANK_COLOUR  # ranks: one colour, the rank written in the cell
                axes.text(
                    column,
                    row,
                    str(answer.value),
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="white",
                )
            else:
                colour = colours[scale.index(answer.value)]
            axes.add_patch(_cell(column, row, colour))
    axes.set_xticks(range(len(offices)), offices, rotation=90)
    axes.set_xlim(-0.5, max(len(offices), 1) - 0.5)
    axes.tick_params(axis="y", left=False)
    axes.set_facecolor(_ABSENT_COLOUR)
    handles = [Patch(color=c, label=str(v)) for v, c in zip(scale, colours, strict=False)]
    handles += [
        Patch(color=_NO_OPINION_COLOUR, label=NO_OPINION),
        Patch(facecolor=_ABSENT_COLOUR, edgecolor="#bfbfbf", label="no answer"),
    ]
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, -0.6 / axes.figure.get_figheight()),
        ncol=3,
        fontsize=7,
        frameon=False,
        borderaxespad=0,
    )
    axes.set_title("Answers by office", loc="left")


def _cell(column: int, row: int, colour: Any) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((column - 0.45, row - 0.45), 0.9, 0.9, color=colour, linewidth=0)


def _scale_colours(count: int) -> list[str]:
    """From light (lowest) to dark (highest), evenly spaced on one blue ramp."""
    light, dark = (0xDE, 0xEB, 0xF7), (0x1F, 0x4E, 0x79)
    steps = max(count - 1, 1)
    return [
        "#"
        + "".join(f"{round(a + (b - a) * i / steps):02x}" for a, b in zip(light, dark, strict=True))
        for i in range(count)
    ]


def _short(title: str | None, limit: int = 38) -> str:
    if not title:
        return ""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "\u2026"
