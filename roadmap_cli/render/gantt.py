"""The Gantt chart of the roadmap, drawn with matplotlib (Agg) as SVG, PNG or PDF bytes.

One bar per unit of work (a recommendation, or a work item such as R04+R18) from its first to
its last day, in sections (by group, by default), coloured by priority with a legend; the share
of the work already complete is a dark strip inside the bar; arrows link a prerequisite's end to
what waits on it; critical work (no slack) is outlined in red and the links of the critical
path are red; vertical lines mark the CWS sessions
(solid when the dates are announced, dashed and starred when they are assumed) and the as-of
day; the axis shows quarters and years. Row labels are wrapped onto as many lines as they need
and the figure grows to fit them: nothing is cut.

It draws a `timeline.GanttView` and computes nothing. Every element a test or a stylesheet may
look for carries a matplotlib ``gid``, which becomes the element's id in the SVG:
``bar-<unit>``, ``done-<unit>``, ``critical-<unit>``, ``label-<unit>``, ``link-<from>-<to>``,
``section-<n>``, ``session-<CWS-n>`` with ``session-label-<CWS-n>``, ``as-of`` and
``as-of-label``. The figure size depends only on the view, and `render.figure` makes the bytes
repeatable.
"""

from __future__ import annotations

import datetime as dt
import functools
import textwrap
from dataclasses import dataclass, replace
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle
from matplotlib.path import Path

from roadmap_cli.render.figure import DPI, figure_bytes, figure_settings
from roadmap_cli.render.priority_chart import LEVEL_COLOURS
from roadmap_cli.views.timeline import Bar, GanttView, Section, quarters
from roadmap_cli.views.words import day_in_words

WIDTH = 11.0
"""Inches, by default; the height follows from the rows. Eleven inches fit a portrait A4 page
scaled by two thirds (the draft), and a report page at a little more than their size."""
PNG_DPI = 150
"""Pixels per inch of a PNG: 1,650 pixels across, sharp on paper at the draft's size."""
LABEL_WIDTH = 3.4
"""Inches left of the plot for the row labels (`timeline.LABEL_WIDTH` characters a line)."""
RIGHT = 0.35
MARGIN = 0.3
"""Inches between the figure's left edge and the title, legend and notes."""
TOP = 0.8
"""Title and the session labels above the plot, without the subtitle's lines."""
AXIS = 0.55
"""Quarter and year labels below the plot."""
LEGEND_ROW = 0.2
NOTE_LINE = 0.155
CHARACTERS_PER_INCH = 16
"""Characters of 7-8 pt text per inch of figure width: where notes and the subtitle wrap."""
SECTION_HEIGHT = 0.3
BAR_HEIGHT = 0.17
LINE_HEIGHT = 0.135
ROW_PADDING = 0.12
MIN_ROW = 0.27

CRITICAL = "#c00000"
AS_OF = "#e36c09"
SESSION = "#595959"
DONE = "#000000"
LINK = "#404040"
BAND = "#f2f2f2"
TEXT = "#262626"


SMALLEST_FONT = 6.5
"""Points: the smallest text of the chart (the quarter names and the share labels) at 100%."""
MIN_WIDTH = 8.0
"""Inches: the narrowest figure, which still fits the row labels beside a readable plot."""


def render_gantt(
    view: GanttView,
    fmt: str,
    *,
    width: float = WIDTH,
    dpi: int = PNG_DPI,
    bare: bool = False,
) -> bytes:
    """The chart of ``view`` as ``fmt`` (svg, png or pdf), ``width`` inches wide (at least 8);
    ``dpi`` sets a PNG's pixels. ``bare`` leaves out the title, the subtitle and the notes on
    assumptions, for a document that says them in its own words (the draft's annex). The
    figure of the last view is kept, so the three formats of one build draw it once and save it
    three times (a third of the time)."""
    figure = _drawn(view, max(width, MIN_WIDTH), bare)
    with figure_settings():
        return figure_bytes(figure, fmt, dpi)


@functools.lru_cache(maxsize=1)
def _drawn(view: GanttView, width: float, bare: bool) -> Figure:
    with figure_settings():
        return _figure(view, width, bare=bare)


def figure_height(view: GanttView, width: float, *, bare: bool = False) -> float:
    """Inches: the height of the chart of ``view`` drawn ``width`` inches wide."""
    return _sizes(view, max(width, MIN_WIDTH), bare).height


def pages(
    view: GanttView, width: float, max_height: float, *, bare: bool = True
) -> tuple[GanttView, ...]:
    """``view`` split into charts no taller than ``max_height`` inches at ``width``: whole rows
    in order, a section's label repeated on the page it continues on, and only the links whose
    two ends are on the page (a chart that fits is returned whole)."""
    if figure_height(view, width, bare=bare) <= max_height:
        return (view,)
    result: list[GanttView] = []
    taken: list[Section] = []
    for section in view.sections:
        for bar in section.bars:
            trial = _with_bar(taken, section, bar)
            if taken and figure_height(_part(view, trial), width, bare=bare) > max_height:
                result.append(_part(view, taken))
                trial = _with_bar([], section, bar)
            taken = trial
    if taken or not result:
        result.append(_part(view, taken))
    return tuple(result)


def _with_bar(taken: list[Section], section: Section, bar: Bar) -> list[Section]:
    if taken and taken[-1].label == section.label:
        last = taken[-1]
        return [*taken[:-1], Section(last.label, (*last.bars, bar))]
    return [*taken, Section(section.label, (bar,))]


def _part(view: GanttView, sections: list[Section]) -> GanttView:
    ids = {bar.id for section in sections for bar in section.bars}
    return replace(
        view,
        sections=tuple(sections),
        links=tuple(link for link in view.links if link.before in ids and link.after in ids),
    )


def render_svg(view: GanttView) -> bytes:
    return render_gantt(view, "svg")


def render_png(view: GanttView) -> bytes:
    return render_gantt(view, "png")


def render_pdf(view: GanttView) -> bytes:
    return render_gantt(view, "pdf")


def _x(day: dt.date) -> float:
    """A day on the time axis: its proleptic ordinal (the axis has its own quarter ticks)."""
    return float(day.toordinal())


@dataclass(frozen=True, slots=True)
class _Row:
    """Where a bar sits: its centre on the inverted y axis, in inches from the plot's top."""

    bar: Bar
    y: float


def _row_height(bar: Bar) -> float:
    return max(MIN_ROW, ROW_PADDING + LINE_HEIGHT * len(bar.lines))


def _layout(view: GanttView) -> tuple[list[tuple[str, float, float]], dict[str, _Row], float]:
    """Section bands (label, top, bottom), rows by unit id, and the plot's height in inches."""
    sections, rows, y = [], {}, 0.0
    for section in view.sections:
        sections.append((section.label, y, y + SECTION_HEIGHT))
        y += SECTION_HEIGHT
        for bar in section.bars:
            height = _row_height(bar)
            rows[bar.id] = _Row(bar, y + height / 2)
            y += height
    return sections, rows, max(y, MIN_ROW * 2)


def _as_of(view: GanttView, bare: bool) -> str:
    """``as of 2026-11-23``; in words in a bare chart, which goes into a document."""
    return f"as of {day_in_words(view.as_of) if bare else view.as_of}"


def _legend_handles(view: GanttView, bare: bool = False) -> list[Any]:
    handles: list[Any] = [
        Patch(
            facecolor=LEVEL_COLOURS[p],
            label=f"{p.value} priority" if p else "no priority",
        )
        for p in view.priorities
    ]
    if view.has_computed_priority:
        handles.append(
            Patch(
                facecolor="#ffffff",
                edgecolor=SESSION,
                linestyle="--",
                label="dashed outline: priority computed from a survey, not adopted",
            )
        )
    handles.append(
        Patch(facecolor="none", edgecolor=CRITICAL, linewidth=1.8, label="critical: no slack")
    )
    if any(bar.percent_complete for bar in view.bars):
        handles.append(Line2D([], [], color=DONE, alpha=0.55, linewidth=4, label="share complete"))
    if view.links:
        handles.append(
            Line2D([], [], color=LINK, linewidth=0.8, marker=">", markersize=4, label="dependency")
        )
    if any(not s.assumed for s in view.sessions):
        handles.append(
            Line2D([], [], color=SESSION, linewidth=0.8, label="CWS session (dates announced)")
        )
    if view.has_assumed_session:
        handles.append(
            Line2D(
                [],
                [],
                color=SESSION,
                linewidth=0.8,
                linestyle="--",
                label="CWS session* (dates assumed)",
            )
        )
    handles.append(Line2D([], [], color=AS_OF, linewidth=1.2, label=_as_of(view, bare)))
    return handles


def _notes(view: GanttView, characters: int) -> list[str]:
    lines: list[str] = []
    if view.notes:
        lines.append("Assumed (planning assumptions, not decisions of the CWS):")
        for note in view.notes:
            lines += textwrap.wrap(
                note, characters, initial_indent="\u2022 ", subsequent_indent="   "
            )
    if view.not_scheduled:
        lines.append("Not scheduled: " + "; ".join(view.not_scheduled))
    return lines


@dataclass(frozen=True, slots=True)
class _Sizes:
    """The figure's parts, in inches, decided before anything is drawn."""

    handles: list[Any]
    columns: int
    legend_height: float
    notes: list[str]
    subtitle: list[str]
    bottom: float
    height: float


BARE_TOP = 0.3
"""Above the plot of a bare chart: the session labels only."""


def _sizes(view: GanttView, width: float, bare: bool) -> _Sizes:
    _, _, plot_height = _layout(view)
    handles = _legend_handles(view, bare)
    columns = 4 if width >= 12 else 3
    legend_height = LEGEND_ROW * -(-len(handles) // columns) + 0.1
    characters = int((width - 0.4) * CHARACTERS_PER_INCH)
    notes = [] if bare else _notes(view, characters)
    subtitle = [] if bare else textwrap.wrap(_subtitle(view), int(characters * 0.9))
    bottom = AXIS + legend_height + NOTE_LINE * len(notes) + 0.15
    top = BARE_TOP if bare else TOP + NOTE_LINE * len(subtitle)
    return _Sizes(
        handles, columns, legend_height, notes, subtitle, bottom, top + plot_height + bottom
    )


def _figure(view: GanttView, width: float, *, bare: bool = False) -> Figure:
    sections, rows, plot_height = _layout(view)
    sizes = _sizes(view, width, bare)
    handles, columns, legend_height = sizes.handles, sizes.columns, sizes.legend_height
    notes, subtitle, bottom, height = sizes.notes, sizes.subtitle, sizes.bottom, sizes.height
    figure = Figure(figsize=(width, height), dpi=DPI)
    axes = figure.add_axes(
        (
            LABEL_WIDTH / width,
            bottom / height,
            1 - (LABEL_WIDTH + RIGHT) / width,
            plot_height / height,
        )
    )
    axes.set_xlim(_x(view.start), _x(view.end))
    axes.set_ylim(plot_height, 0)
    axes.set_yticks([])
    for spine in ("top", "right", "left"):
        axes.spines[spine].set_visible(False)

    if not bare:
        _title(figure, view.title, subtitle, height)
    _time_axis(axes, view, width)
    for number, (label, top, low) in enumerate(sections, start=1):
        axes.axhspan(top, low, color=BAND, linewidth=0, zorder=0)
        axes.annotate(
            label,
            xy=(0, (top + low) / 2),
            xycoords=("axes fraction", "data"),
            xytext=(-(LABEL_WIDTH - MARGIN) * 72, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=8.5,
            fontweight="bold",
            color=TEXT,
            annotation_clip=False,
            gid=f"section-{number}",
        )
    for session in view.sessions:
        _session(axes, session.id, _x(session.start), session.assumed)
    axes.axvline(_x(view.as_of), color=AS_OF, linewidth=1.2, zorder=4, gid="as-of")
    axes.annotate(
        _as_of(view, bare),
        xy=(_x(view.as_of), 1),
        xycoords=("data", "axes fraction"),
        xytext=(3, -3),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=7,
        color=AS_OF,
        annotation_clip=False,
        gid="as-of-label",
        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "linewidth": 0},
    )
    for row in rows.values():
        _bar(axes, row)
    for link in view.links:
        _link(
            axes,
            rows[link.before],
            rows[link.after],
            link.critical,
            gid=f"link-{link.before}-{link.after}",
        )
    if not rows:
        axes.text(
            0.5,
            0.5,
            "Nothing left to schedule.",
            transform=axes.transAxes,
            ha="center",
            va="center",
            fontsize=9,
            color=TEXT,
        )

    legend_top = (bottom - AXIS) / height
    figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(MARGIN / width, legend_top),
        ncol=columns,
        frameon=False,
        fontsize=7.5,
        handlelength=2.2,
        borderaxespad=0,
        columnspacing=2.0,
    )
    for number, line in enumerate(notes):
        y = (bottom - AXIS - legend_height - NOTE_LINE * number) / height
        figure.text(
            MARGIN / width,
            y,
            line,
            ha="left",
            va="top",
            fontsize=7,
            color=TEXT,
            fontweight="bold" if number == 0 and view.notes else "normal",
        )
    return figure


def _subtitle(view: GanttView) -> str:
    start = f"{view.plan_start}{' (assumed)' if view.plan_start_assumed else ''}"
    return (
        f"Plan start {start}; the work still to do ends {view.plan_end}. One bar per "
        "recommendation or work item, from its first to its last month of work; the session "
        "after a bar is where its result can first be reported."
    )


def _title(figure: Figure, title: str, subtitle: list[str], height: float) -> None:
    left = MARGIN / figure.get_figwidth()
    figure.text(
        left,
        1 - 0.12 / height,
        title,
        ha="left",
        va="top",
        fontsize=12,
        fontweight="bold",
        color=TEXT,
    )
    figure.text(
        left,
        1 - 0.38 / height,
        "\n".join(subtitle),
        ha="left",
        va="top",
        fontsize=8,
        color=TEXT,
        linespacing=1.35,
    )


def _time_axis(axes: Axes, view: GanttView, width: float) -> None:
    """Ticks at quarter starts; quarter names inside each quarter, years below them."""
    starts = quarters(view.start, view.end)
    axes.set_xticks([_x(day) for day in starts], [""] * len(starts))
    axes.tick_params(axis="x", length=3, color="#7f7f7f")
    inches = width - LABEL_WIDTH - RIGHT  # the plot's width
    show_quarters = inches / len(starts) >= 0.22  # room for "Q1" in each quarter
    for first, following in zip(starts, (*starts[1:], view.end), strict=True):
        if first.month == 1:
            axes.axvline(_x(first), color="#d9d9d9", linewidth=0.6, zorder=0)
        if show_quarters and first < view.end:
            middle = (_x(first) + _x(following)) / 2
            axes.annotate(
                f"Q{(first.month - 1) // 3 + 1}",
                xy=(middle, 0),
                xycoords=("data", "axes fraction"),
                xytext=(0, -5),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=6.5,
                color="#595959",
                annotation_clip=False,
            )
    for year in range(view.start.year, view.end.year + (view.end.month > 1 or view.end.day > 1)):
        first_day = max(view.start, dt.date(year, 1, 1))
        last_day = min(view.end, dt.date(year + 1, 1, 1))
        if first_day >= last_day:
            continue
        middle = (_x(first_day) + _x(last_day)) / 2
        axes.annotate(
            str(year),
            xy=(middle, 0),
            xycoords=("data", "axes fraction"),
            xytext=(0, -16 if show_quarters else -5),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=8,
            fontweight="bold",
            color=TEXT,
            annotation_clip=False,
        )


def _session(axes: Axes, session_id: str, x: float, assumed: bool) -> None:
    name = session_id.replace("/", "-")
    axes.axvline(
        x,
        color=SESSION,
        linewidth=0.8,
        linestyle="--" if assumed else "-",
        zorder=1,
        gid=f"session-{name}",
    )
    axes.annotate(
        session_id + ("*" if assumed else ""),
        xy=(x, 1),
        xycoords=("data", "axes fraction"),
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=7.5,
        color=SESSION,
        annotation_clip=False,
        gid=f"session-label-{name}",
    )


def _bar(axes: Axes, row: _Row) -> None:
    bar = row.bar
    left, right = _x(bar.start), _x(bar.finish)
    top = row.y - BAR_HEIGHT / 2
    colour = LEVEL_COLOURS[bar.priority]
    axes.add_patch(
        Rectangle(
            (left, top),
            right - left,
            BAR_HEIGHT,
            facecolor=colour,
            edgecolor=colour if bar.priority_computed else "none",
            alpha=0.6 if bar.priority_computed else 1.0,
            linestyle="--",
            linewidth=0.8,
            zorder=2,
            gid=f"bar-{bar.id}",
        )
    )
    if bar.percent_complete:
        done = (right - left) * bar.percent_complete / 100
        axes.add_patch(
            Rectangle(
                (left, row.y - BAR_HEIGHT / 6),
                done,
                BAR_HEIGHT / 3,
                facecolor=DONE,
                alpha=0.55,
                linewidth=0,
                zorder=3,
                gid=f"done-{bar.id}",
            )
        )
    if bar.critical:
        axes.add_patch(
            Rectangle(
                (left, top),
                right - left,
                BAR_HEIGHT,
                facecolor="none",
                edgecolor=CRITICAL,
                linewidth=1.8,
                zorder=3,
                gid=f"critical-{bar.id}",
            )
        )
    axes.annotate(
        "\n".join(bar.lines),
        xy=(0, row.y),
        xycoords=("axes fraction", "data"),
        xytext=(-6, 0),
        textcoords="offset points",
        ha="right",
        va="center",
        fontsize=7.5,
        color=TEXT,
        linespacing=1.15,
        annotation_clip=False,
        gid=f"label-{bar.id}",
    )
    after = []
    if bar.percent_complete:
        after.append(f"{bar.percent_complete}% done")
    if bar.session is not None:
        after.append(bar.session.id + ("*" if bar.session.assumed else ""))
    if after:
        axes.annotate(
            ", ".join(after),
            xy=(right, row.y),
            xycoords="data",
            xytext=(3, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=6.5,
            color="#595959",
            annotation_clip=False,
        )


def _link(axes: Axes, before: _Row, after: _Row, critical: bool, *, gid: str) -> None:
    """A line from the end of ``before`` (leaving from its lower or upper edge, clear of the
    text after the bar) to ``after``: straight into the top (or bottom) of its bar when it
    starts right away, else down (or up) to its row and along it to its start."""
    end, start = _x(before.bar.finish), _x(after.bar.start)
    below = after.y > before.y
    sign = 1 if below else -1
    x = end + 5.0  # days: just past the end of the prerequisite
    leave = (x, before.y + sign * BAR_HEIGHT / 2)
    if start > x + 10:
        points = [leave, (x, after.y), (start, after.y)]
    else:
        points = [leave, (x, after.y - sign * BAR_HEIGHT / 2)]
    codes = [Path.MOVETO] + [Path.LINETO] * (len(points) - 1)
    axes.add_patch(
        FancyArrowPatch(
            path=Path(points, codes),
            arrowstyle="-|>,head_length=3,head_width=1.6",
            color=CRITICAL if critical else LINK,
            linewidth=1.1 if critical else 0.7,
            shrinkA=0,
            shrinkB=0,
            zorder=5,
            gid=gid,
        )
    )
