"""The roadmap report: one self-contained HTML page (inline CSS and SVG, no scripts, no network).

The page is the jinja2 template ``templates/report.html.j2`` with autoescaping on, so a
``<script>`` in a recommendation text shows as text. It holds the summary, the status counts,
the priorities chart and table, the Gantt chart with the schedule as a table, the Annex table
(the same template part as ``annex.html``) and the data gaps, from a `roadmap.RoadmapView`.

The two charts are the SVG files of the build, inlined: their XML prolog and metadata are
dropped, and their element ids get a prefix (``gantt-bar-R04``), because both charts draw
elements with the same ids and ids must be unique in a page. On a narrow screen a chart keeps a
legible size and scrolls sideways in its own box, as the tables do.

On paper (A4 landscape, `PAGE` inches inside the margins) the screen charts give way to print
charts drawn for the page (`ReportView.gantt_pages`, `ReportView.priorities_pages`): each part
fits one page at its own size, so no text is smaller than 8 pt and no chart is cut between pages.
The tables are printed whole, their header repeated on each page, no row cut. The page has a
``<main>`` landmark and every section and scrolling box is labelled. No timestamps: the same view
gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from roadmap_cli.render.html import environment
from roadmap_cli.views.roadmap import RoadmapView

_PROLOG = re.compile(r"\A\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?")
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(xlink:href="#|href="#|url\(#)([^")]+)')
_TITLE = re.compile(r"\A(<svg\b[^>]*>)\s*<title\b[^>]*>(.*?)</title>", re.DOTALL)

PAGE = (10.5, 6.2)
"""Inches of a printed chart part: the width inside the margins of an A4 landscape page (the
``@page`` rule of the template) and a height that leaves room for a section's heading and
notice above the first part."""


@dataclass(frozen=True, slots=True)
class ReportView:
    roadmap: RoadmapView
    gantt_svg: bytes
    priorities_svg: bytes | None
    """The priority chart; None when no survey has answers."""
    gantt_pages: tuple[bytes, ...] = ()
    """The Gantt chart for print, one SVG per `PAGE` (`gantt_pages.render_page_svg`); none: not
    printed."""
    priorities_pages: tuple[bytes, ...] = ()
    """The priority chart for print, one SVG per `PAGE` (`priority_chart.render_page_svg`)."""


def inline_svg(svg: bytes, prefix: str, label: str) -> Markup:
    """An SVG file as markup to put inside HTML: no prolog or metadata, ids prefixed with
    ``prefix-``, an accessible name, and its ``<desc>`` (`figure.svg_bytes`) as its accessible
    description."""
    text = _METADATA.sub("", _PROLOG.sub("", svg.decode("utf-8"), count=1), count=1)
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", text)
    described = (
        f' aria-describedby="{prefix}-chart-desc"' if f'id="{prefix}-chart-desc"' in text else ""
    )
    text = text.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}"{described} ', 1)
    return Markup(text.strip())  # safe: the charts are our own matplotlib output


def _title_of(svg: bytes, default: str) -> str:
    """The text of an SVG's ``<title>`` (already escaped XML: unescaped here)."""
    from html import unescape

    found = _TITLE.search(_PROLOG.sub("", svg.decode("utf-8"), count=1))
    return unescape(found.group(2)) if found else default


def render_report(view: ReportView) -> bytes:
    """The complete HTML page."""
    roadmap = view.roadmap
    priorities = (
        inline_svg(view.priorities_svg, "priorities", roadmap.priorities.title)
        if view.priorities_svg is not None and roadmap.priorities is not None
        else None
    )
    gantt_pages = [
        inline_svg(svg, f"gantt-page{n}", _title_of(svg, roadmap.gantt.title))
        for n, svg in enumerate(view.gantt_pages, start=1)
    ]
    priorities_pages = [
        inline_svg(svg, f"priorities-page{n}", _title_of(svg, "Priorities"))
        for n, svg in enumerate(view.priorities_pages, start=1)
    ]
    template = environment().get_template("report.html.j2")
    return template.render(
        r=roadmap,
        gantt_svg=inline_svg(view.gantt_svg, "gantt", roadmap.gantt.title),
        priorities_svg=priorities,
        gantt_pages=gantt_pages,
        priorities_pages=priorities_pages,
    ).encode("utf-8")
