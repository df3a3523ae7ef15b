"""The Gantt chart of the roadmap, drawn with matplotlib (Agg) as SVG, PNG or PDF bytes.

One bar per unit of work (a recommendation, or a work item such as R04+R18) from its first to
its last day, in sections (by group, by default), coloured by priority with a legend; the share
done is a dark strip inside the bar; arrows link a prerequisite's end to what waits on it (a dot
on the corner of the bar it leaves; arrows from bars that end the same day rise at different
places); critical work is outlined in red; vertical lines mark the CWS sessions (dashed and
starred when their dates are assumed) and the as-of day (a thick orange line under them, marked
by triangles and labelled at the foot of the plot, so a session in the same week stays visible).
Work whose status is not known is hatched, never drawn as work not started. Row labels wrap and
the figure grows to fit them: nothing is cut, and no text is smaller than 8 pt.

For paper, `render.gantt_pages` splits a chart into parts that each fit a page and writes
``gantt.pdf`` as A3 portrait pages. The SVG keeps its text as
text, with a ``<title>`` and a ``<desc>`` (`render.figure.svg_bytes`).

It draws a `timeline.GanttView` and computes nothing. Every element a test or a stylesheet may
look for carries a matplotlib ``gid``, which becomes the element's id in the SVG:
``bar-<unit>``, ``done-<unit>``, ``critical-<unit>``, ``unknown-<unit>`` (the hatch),
``label-<unit>``, ``link-<from>-<to>`` with its dot ``from-<from>-<to>``, ``section-<n>``,
``session-<CWS-n>`` with ``session-label-<CWS-n>``, ``as-of``, ``as-of-marks`` and
``as-of-label``. The figure size depends only on the view, and `render.figure` makes the bytes
repeatable.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle
from matplotlib.path import Path

from roadmap_cli.render.figure import DPI, figure_bytes, figure_settings, svg_bytes
from roadmap_cli.render.priority_chart import LEVEL_COLOURS
from roadmap_cli.views.timeline import Bar, GanttView, chart_description, quarters
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
MIN_WIDTH = 8.0
"""Inches: the narrowest figure, which still fits the row labels beside a readable plot."""
BARE_TOP = 0.3
"""Above the plot of a chart without a title: the session labels only."""
TOP = 0.8
"""Title and the session labels above the plot, without the subtitle's lines."""
AXIS = 0.55
"""Quarter and year labels below the plot."""
LEGEND_ROW = 0.2
NOTE_LINE = 0.155
CHARACTERS_PER_INCH = 15
TITLE_CHARACTERS_PER_INCH = 8.5
"""Characters of the 12 pt bold title per inch: where a long title wraps."""
TITLE_LINE = 0.2
"""Characters of 8 pt text per inch of figure width: where notes and the subtitle wrap."""
MIN_FONT = 8.0
"""Points: no text of the chart is smaller."""
END_ZONE = 0.12
"""The share of the axis at its end where the words after a bar go before it instead."""
LINK_STEP = 14.0
"""Days between the rising lines of arrows that leave bars ending on the same day."""
SECTION_HEIGHT = 0.3
BAR_HEIGHT = 0.17
LINE_HEIGHT = 0.135
ROW_PADDING = 0.12
MIN_ROW = 0.27

CRITICAL = "#c00000"
AS_OF = "#e36c09"
AS_OF_TEXT = "#a04a00"
"""The as-of label: the line's orange, dark enough for 4.5:1 on white."""
AS_OF_WIDTH = 2.6
"""Points: wider than a session line, which is drawn over it."""
HATCH = "#ffffff"
HATCH_PATTERN = "////"
SESSION = "#595959"
DONE = "#000000"
LINK = "#404040"
BAND = "#f2f2f2"
TEXT = "#262626"


def render_gantt(view: GanttView, fmt: str, *, width: float = WIDTH, dpi: int = PNG_DPI) -> bytes:
    """The chart of ``view`` as ``fmt`` (svg, png or pdf), ``width`` inches wide (at least
    `MIN_WIDTH`); ``dpi`` sets a PNG's pixels. A PDF is A3 pages (`render_pdf`)."""
    return render_formats(view, (fmt,), width=width, dpi=dpi)[0]


def render_formats(
    view: GanttView, formats: tuple[str, ...], *, width: float = WIDTH, dpi: int = PNG_DPI
) -> tuple[bytes, ...]:
    """The chart in each of ``formats`` (as `render_gantt`), the figure drawn once for the SVG
    and the PNG."""
    result = []
    figure = None
    for fmt in formats:
        if fmt == "pdf":
            from roadmap_cli.render.gantt_pages import render_pdf

            result.append(render_pdf(view))
            continue
        with figure_settings():
            figure = figure or draw(view, max(width, MIN_WIDTH))
            if fmt == "svg":
                result.append(svg_bytes(figure, view.title, chart_description(view)))
            else:
                result.append(figure_bytes(figure, fmt, dpi))
    return tuple(result)


def render_svg(view: GanttView) -> bytes:
    return render_gantt(view, "svg")


def render_png(view: GanttView) -> bytes:
    return render_gantt(view, "png")


def _x(day: dt.date) -> float:
    """A day on the time axis: its proleptic ordinal (the axis has its own quarter ticks)."""
    return float(day.toordinal())


@dataclass(frozen=True, slots=True)
class _Row:
    """Where a bar sits: its centre on the inverted y axis, in inches from the plot's top."""

    bar: Bar
    y: float


def row_height(bar: Bar) -> float:
    return max(MIN_ROW, ROW_PADDING + LINE_HEIGHT * len(bar.lines))


def _layout(view: GanttView) -> tuple[list[tuple[str, float, float]], dict[str, _Row], float]:
    """Section bands (label, top, bottom), rows by unit id, and the plot's height in inches."""
    sections, rows, y = [], {}, 0.0
    for section in view.sections:
        sections.append((section.label, y, y + SECTION_HEIGHT))
        y += SECTION_HEIGHT
        for bar in section.bars:
            height = row_height(bar)
            rows[bar.id] = _Row(bar, y + height / 2)
            y += height
    return sections, rows, max(y, MIN_ROW * 2)


def _legend_handles(view: GanttView, words: bool = False) -> list[Any]:
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
    if view.has_unknown_status:
        handles.append(
            Patch(
                facecolor=LEVEL_COLOURS[None],
                edgecolor=HATCH,
                hatch=HATCH_PATTERN,
                linewidth=0,
                label="hatched: status not known (not recorded in the data)",
            )
        )
    handles.append(
        Patch(facecolor="none", edgecolor=CRITICAL, linewidth=1.8, label="critical: no slack")
    )
    if any(bar.percent_complete for bar in view.bars):
        handles.append(Line2D([], [], color=DONE, alpha=0.55, linewidth=4, label="share complete"))
    if view.links:
        handles.append(
            Line2D(
                [],
                [],
                color=LINK,
                linewidth=0.8,
                marker="o",
                markersize=3,
                markevery=[0],
                label="dependency (from the dotted bar)",
            )
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
    handles.append(
        Line2D(
            [],
            [],
            color=AS_OF,
            linewidth=AS_OF_WIDTH,
            marker="v",
            markersize=5,
            markevery=[0],
            label=_as_of_label(view, words),
        )
    )
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
class _Frame:
    """What surrounds the plot, in inches and lines."""

    columns: int
    legend_height: float
    notes: list[str]
    title: list[str]
    subtitle: list[str]
    top: float
    bottom: float


def _frame_of(
    view: GanttView, width: float, *, subtitle: bool, notes: bool, title: bool = True
) -> _Frame:
    handles = _legend_handles(view)
    columns = 3 if width >= 10 else 2
    legend_height = LEGEND_ROW * -(-len(handles) // columns) + 0.1
    characters = int((width - 0.4) * CHARACTERS_PER_INCH)
    note_lines = _notes(view, characters) if notes else []
    subtitle_lines = textwrap.wrap(_subtitle(view), int(characters * 0.9)) if subtitle else []
    lines = textwrap.wrap(view.title, int((width - 2 * MARGIN) * TITLE_CHARACTERS_PER_INCH))
    bottom = AXIS + legend_height + NOTE_LINE * len(note_lines) + 0.15
    if not title:
        return _Frame(columns, legend_height, note_lines, [], [], BARE_TOP, bottom)
    top = TOP + TITLE_LINE * (len(lines) - 1) + NOTE_LINE * len(subtitle_lines)
    return _Frame(columns, legend_height, note_lines, lines, subtitle_lines, top, bottom)


def frame_heights(
    view: GanttView, width: float, *, subtitle: bool, notes: bool, title: bool = True
) -> tuple[float, float]:
    """Inches above and below the plot."""
    frame = _frame_of(view, width, subtitle=subtitle, notes=notes, title=title)
    return frame.top, frame.bottom


def draw(
    view: GanttView,
    width: float,
    page_height: float | None = None,
    *,
    subtitle: bool = True,
    notes: bool = True,
    title: bool = True,
    words: bool = False,
) -> Figure:
    """The chart, ``width`` inches wide; at least ``page_height`` tall (blank below); without
    ``title`` no title or subtitle; with ``words`` the as-of day in words (for a document)."""
    sections, rows, plot_height = _layout(view)
    frame = _frame_of(view, width, subtitle=subtitle, notes=notes, title=title)
    handles = _legend_handles(view, words)
    natural = frame.top + plot_height + frame.bottom
    height = max(natural, page_height or 0.0)
    bottom = frame.bottom + (height - natural)  # the blank of a page goes under the notes
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

    if frame.title:
        _title(figure, frame.title, frame.subtitle, height)
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
    _as_of(axes, view, words, sections[0][1:] if sections else None)
    for row in rows.values():
        _bar(axes, row)
    rises = _rises(view, rows)
    for link in view.links:
        _link(
            axes,
            rows[link.before],
            rows[link.after],
            link.critical,
            rises[link.before],
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
        ncol=frame.columns,
        frameon=False,
        fontsize=MIN_FONT,
        handlelength=2.2,
        borderaxespad=0,
        columnspacing=2.0,
    )
    for number, line in enumerate(frame.notes):
        y = (bottom - AXIS - frame.legend_height - NOTE_LINE * number) / height
        figure.text(
            MARGIN / width,
            y,
            line,
            ha="left",
            va="top",
            fontsize=MIN_FONT,
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


def _title(figure: Figure, title: list[str], subtitle: list[str], height: float) -> None:
    left = MARGIN / figure.get_figwidth()
    figure.text(
        left,
        1 - 0.12 / height,
        "\n".join(title),
        ha="left",
        va="top",
        fontsize=12,
        fontweight="bold",
        color=TEXT,
    )
    if subtitle:
        figure.text(
            left,
            1 - (0.38 + TITLE_LINE * (len(title) - 1)) / height,
            "\n".join(subtitle),
            ha="left",
            va="top",
            fontsize=MIN_FONT,
            color=TEXT,
            linespacing=1.35,
        )


def _time_axis(axes: Axes, view: GanttView, width: float) -> None:
    """Ticks at quarter starts; quarter names inside each quarter, years below them."""
    starts = quarters(view.start, view.end)
    axes.set_xticks([_x(day) for day in starts], [""] * len(starts))
    axes.tick_params(axis="x", length=3, color="#7f7f7f")
    inches = width - LABEL_WIDTH - RIGHT  # the plot's width
    show_quarters = inches / len(starts) >= 0.26  # room for "Q1" at 8 pt in each quarter
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
                fontsize=MIN_FONT,
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
            xytext=(0, -17 if show_quarters else -5),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=MIN_FONT,
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
        zorder=4.5,  # over the as-of line: a session on the as-of day stays visible
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
        fontsize=MIN_FONT,
        color=SESSION,
        annotation_clip=False,
        gid=f"session-label-{name}",
    )


def _as_of_label(view: GanttView, words: bool) -> str:
    """``as of 2026-11-23``; in words in a chart that goes into a document."""
    return f"as of {day_in_words(view.as_of) if words else view.as_of}"


def _as_of(axes: Axes, view: GanttView, words: bool, band: tuple[float, float] | None) -> None:
    """A thick orange line under the session lines, a triangle at each end, and its label in
    the first section's band (``band``: its top and bottom), where no bar is drawn; at the foot
    of the plot when there is no section. (The session labels are at the head of the plot.)
    The label reads away from the nearer end of the time axis, so that it is never cut."""
    x = _x(view.as_of)
    late = x > sum(axes.get_xlim()) / 2
    axes.axvline(x, color=AS_OF, linewidth=AS_OF_WIDTH, zorder=4, gid="as-of")
    axes.plot(
        [x, x],
        [0, 1],
        transform=axes.get_xaxis_transform(),
        linestyle="none",
        marker="v",
        markersize=5,
        color=AS_OF,
        clip_on=False,
        zorder=6,
        gid="as-of-marks",
    )
    axes.annotate(
        _as_of_label(view, words),
        xy=(x, sum(band) / 2) if band else (x, 0),
        xycoords=("data", "data" if band else "axes fraction"),
        xytext=(-4 if late else 4, 0 if band else 4),
        textcoords="offset points",
        ha="right" if late else "left",
        va="center" if band else "bottom",
        fontsize=MIN_FONT,
        color=AS_OF_TEXT,
        annotation_clip=False,
        gid="as-of-label",
        bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "linewidth": 0},
        zorder=7,
    )


def _bar(axes: Axes, row: _Row) -> None:
    """A bar, its marks and its words. The patches are added as plain artists: the axes'
    limits are set, so ``add_patch``'s update of the data limits (a tenth of the time of a
    chart) would be work for nothing (issue 16)."""
    bar = row.bar
    left, right = _x(bar.start), _x(bar.finish)
    top = row.y - BAR_HEIGHT / 2
    colour = LEVEL_COLOURS[bar.priority]
    axes.add_artist(
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
    if not bar.status_known:
        axes.add_artist(
            Rectangle(
                (left, top),
                right - left,
                BAR_HEIGHT,
                facecolor="none",
                edgecolor=HATCH,
                hatch=HATCH_PATTERN,
                linewidth=0,
                zorder=2.5,
                gid=f"unknown-{bar.id}",
            )
        )
    if bar.percent_complete:
        done = (right - left) * bar.percent_complete / 100
        axes.add_artist(
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
        axes.add_artist(
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
        fontsize=MIN_FONT,
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
        # near the end of the axis the words go before the bar, where they cannot run off
        low, high = axes.get_xlim()
        before = right > high - (high - low) * END_ZONE
        axes.annotate(
            ", ".join(after),
            xy=(left if before else right, row.y),
            xycoords="data",
            xytext=(-3 if before else 3, 0),
            textcoords="offset points",
            ha="right" if before else "left",
            va="center",
            fontsize=MIN_FONT,
            color="#595959",
            annotation_clip=False,
        )


def _rises(view: GanttView, rows: dict[str, _Row]) -> dict[str, float]:
    """Where the arrows from each prerequisite rise or fall, in days after its end: bars that
    end on the same day get places `LINK_STEP` days apart, top to bottom."""
    sources = sorted({link.before for link in view.links}, key=lambda u: rows[u].y)
    taken: dict[dt.date, int] = {}
    rises = {}
    for unit in sources:
        finish = rows[unit].bar.finish
        rises[unit] = 5.0 + LINK_STEP * taken.get(finish, 0)
        taken[finish] = taken.get(finish, 0) + 1
    return rises


def _link(axes: Axes, before: _Row, after: _Row, critical: bool, rise: float, *, gid: str) -> None:
    """A line from a dot on the lower (or upper) corner of ``before``'s end, along its edge to
    ``rise`` days past its end (clear of the text after the bar), then down (or up) to
    ``after``: straight into the top (or bottom) of its bar when it starts right away, else to
    its row and along it to its start."""
    end, start = _x(before.bar.finish), _x(after.bar.start)
    below = after.y > before.y
    sign = 1 if below else -1
    x = end + rise
    corner = (end, before.y + sign * BAR_HEIGHT / 2)
    points = [corner, (x, corner[1])]
    if start > x + 10:
        points += [(x, after.y), (start, after.y)]
    else:
        points += [(x, after.y - sign * BAR_HEIGHT / 2)]
    codes = [Path.MOVETO] + [Path.LINETO] * (len(points) - 1)
    colour = CRITICAL if critical else LINK
    axes.add_artist(
        FancyArrowPatch(
            path=Path(points, codes),
            arrowstyle="-|>,head_length=3,head_width=1.6",
            color=colour,
            linewidth=1.1 if critical else 0.7,
            shrinkA=0,
            shrinkB=0,
            zorder=5,
            gid=gid,
        )
    )
    axes.plot(
        [corner[0]],
        [corner[1]],
        marker="o",
        markersize=3,
        color=colour,
        linestyle="none",
        zorder=5,
        clip_on=False,
        gid=gid.replace("link-", "from-", 1),
    )
