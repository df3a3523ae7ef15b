"""The roadmap report: one self-contained HTML page (inline CSS and SVG, no scripts, no network).

The page is the jinja2 template ``templates/report.html.j2`` with autoescaping on, so a
``<script>`` in a recommendation text shows as text. It holds the summary, the status counts,
the priorities chart and table, the Gantt chart with the schedule as a table, the Annex table
(the same template part as ``annex.html``) and the data gaps, from a `roadmap.RoadmapView`.

The two charts are the SVG files of the build, inlined: their XML prolog and metadata are
dropped, and their element ids get a prefix (``gantt-bar-R04``), because both charts draw glyphs
with the same ids and ids must be unique in a page. No timestamps: the same view gives the same
bytes.
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


@dataclass(frozen=True, slots=True)
class ReportView:
    roadmap: RoadmapView
    gantt_svg: bytes
    priorities_svg: bytes | None
    """The priority chart; None when no survey has answers."""


def inline_svg(svg: bytes, prefix: str, label: str) -> Markup:
    """An SVG file as markup to put inside HTML: no prolog or metadata, ids prefixed with
    ``prefix-``, and an accessible name."""
    text = _METADATA.sub("", _PROLOG.sub("", svg.decode("utf-8"), count=1), count=1)
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", text)
    text = text.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return Markup(text.strip())  # safe: the charts are our own matplotlib output


def render_report(view: ReportView) -> bytes:
    """The complete HTML page."""
    roadmap = view.roadmap
    priorities = (
        inline_svg(view.priorities_svg, "priorities", roadmap.priorities.title)
        if view.priorities_svg is not None and roadmap.priorities is not None
        else None
    )
    template = environment().get_template("report.html.j2")
    return template.render(
        r=roadmap,
        gantt_svg=inline_svg(view.gantt_svg, "gantt", roadmap.gantt.title),
        priorities_svg=priorities,
    ).encode("utf-8")
