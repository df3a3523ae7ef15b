"""The Gantt chart on paper: a chart cut into parts that each fit a page, and ``gantt.pdf``.

A section that does not fit goes on in the next part under its label and "(continued)"; parts
are of even heights; an arrow is drawn when both its ends are in one part. The printed report
takes the parts as SVG (`print_parts`, `render_page_svg`), the draft's annex as PNG without title
or notes (`document_parts`, `render_page_png`), and ``gantt.pdf`` is A3 portrait pages
(`render_pdf`). Each part is drawn by `render.gantt.draw`, so it looks as the screen chart does;
a build draws the parts one by one, in several processes (`build`).
"""

from __future__ import annotations

import io
from dataclasses import replace

from roadmap_cli.render.figure import METADATA, figure_bytes, figure_settings, svg_bytes
from roadmap_cli.render.gantt import (
    LEGEND_ROW,
    MIN_ROW,
    PNG_DPI,
    SECTION_HEIGHT,
    draw,
    frame_heights,
    row_height,
)
from roadmap_cli.views.timeline import Bar, GanttView, Section, chart_description

A3 = (11.69, 16.54)
"""Inches of an A3 page, portrait: the page of ``gantt.pdf``."""


def page_views(
    view: GanttView, width: float, height: float, *, subtitle: bool, notes: bool, title: bool = True
) -> tuple[GanttView, ...]:
    """``view`` cut into parts whose charts (``width`` x at most ``height`` inches, with or
    without the subtitle and the notes) each fit a page. A section that does not fit goes on
    in the next part under its label and "(continued)"; an arrow is drawn when both its ends
    are in one part. One part: ``view`` itself."""
    top, bottom = frame_heights(view, width, subtitle=subtitle, notes=notes, title=title)
    room = max(height - top - bottom - LEGEND_ROW, SECTION_HEIGHT + MIN_ROW)
    parts = _split(view, room)
    if len(parts) > 1:  # as many parts, of even heights: the least room that needs no more
        low, high = 0.0, room
        for _ in range(24):
            middle = (low + high) / 2
            low, high = (low, middle) if len(_split(view, middle)) <= len(parts) else (middle, high)
        parts = _split(view, high)
    if len(parts) == 1:
        return (view,)
    result = []
    for number, part in enumerate(parts, start=1):
        sections = tuple(Section(label, tuple(bars)) for label, bars in part)
        ids = {bar.id for _, bars in part for bar in bars}
        result.append(
            replace(
                view,
                title=f"{view.title} (part {number} of {len(parts)})",
                sections=sections,
                links=tuple(k for k in view.links if k.before in ids and k.after in ids),
            )
        )
    return tuple(result)


def _split(view: GanttView, room: float) -> list[list[tuple[str, list[Bar]]]]:
    """The bars in parts of at most ``room`` inches of rows: (section label, bars) each."""
    parts: list[list[tuple[str, list[Bar]]]] = [[]]
    used = 0.0
    for section in view.sections:
        label = section.label
        for number, bar in enumerate(section.bars):
            part = parts[-1]
            opens = not part or part[-1][0] != label
            need = row_height(bar) + (SECTION_HEIGHT if opens else 0.0)
            if part and used + need > room:
                parts.append([])
                part, used, opens = parts[-1], 0.0, True
                label = f"{section.label} (continued)" if number else section.label
                need = row_height(bar) + SECTION_HEIGHT
            if opens:
                part.append((label, []))
            part[-1][1].append(bar)
            used += need
    return parts


def print_parts(view: GanttView, width: float, height: float) -> tuple[GanttView, ...]:
    """The parts of the report's printed chart: without the subtitle and the notes (the report
    prints them as text)."""
    return page_views(view, width, height, subtitle=False, notes=False)


def render_page_svg(part: GanttView, width: float) -> bytes:
    """One part of the report's printed chart (`print_parts`) as SVG."""
    with figure_settings():
        figure = draw(part, width, subtitle=False, notes=False)
        return svg_bytes(figure, part.title, chart_description(part))


def render_page_svgs(view: GanttView, width: float, height: float) -> tuple[bytes, ...]:
    """The chart as SVG parts that each fit a page of ``width`` x ``height`` inches: the
    report's printed chart."""
    return tuple(render_page_svg(part, width) for part in print_parts(view, width, height))


_BARE = {"subtitle": False, "notes": False, "title": False}
"""A chart that goes into a document: no title, subtitle or notes (the document says them)."""


def document_parts(view: GanttView, width: float, height: float) -> tuple[GanttView, ...]:
    """The parts of the draft's timeline: charts with no title, subtitle or notes."""
    return page_views(view, width, height, **_BARE)


def render_page_png(part: GanttView, width: float) -> bytes:
    """One part of the draft's timeline (`document_parts`) as PNG, the as-of day in words."""
    with figure_settings():
        return figure_bytes(draw(part, width, words=True, **_BARE), "png", PNG_DPI)


def render_pdf(view: GanttView) -> bytes:
    """``gantt.pdf``: A3 portrait pages, as many as the chart needs (one for 40 rows or so);
    the subtitle on the first, the notes on the last."""
    from matplotlib.backends.backend_pdf import PdfPages

    width, height = A3
    parts = page_views(view, width, height, subtitle=True, notes=True)
    buffer = io.BytesIO()
    with figure_settings(), PdfPages(buffer, metadata=dict(METADATA["pdf"])) as pdf:
        for number, part in enumerate(parts):
            figure = draw(
                part,
                width,
                page_height=height,
                subtitle=number == 0,
                notes=number == len(parts) - 1,
            )
            pdf.savefig(figure)
    return buffer.getvalue()
