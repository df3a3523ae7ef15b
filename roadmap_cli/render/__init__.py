"""How each output is written: one module per format, behind one `Renderer` interface and one
registry that imports lazily.

A renderer takes one prepared view (from `views/`, or a core value such as a plan) and returns
bytes: it formats, and never sorts, computes, reads the clock, prints or writes files.
`OUTPUTS` maps each output and format to ``"module:function"``; the module is imported only
when that output is rendered, so commands that render nothing never load python-docx, jinja2 or
matplotlib. `roadmap build` and every command get their bytes through `renderer`. The
terminal's rich tables (`render.terminal`) are drawn on the console, not turned into bytes.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Mapping
from typing import Any, Protocol, TypeVar, cast

ViewT = TypeVar("ViewT", contravariant=True)


class Renderer(Protocol[ViewT]):
    """Formats one view as the bytes of a file (or of what a command prints)."""

    def __call__(self, view: ViewT, /) -> bytes: ...


class AnnexFormat(enum.StrEnum):
    """The formats of the Annex table (`roadmap annex --format`)."""

    MD = "md"
    HTML = "html"
    CSV = "csv"
    DOCX = "docx"
    JSON = "json"


class GanttFormat(enum.StrEnum):
    """The formats of the Gantt chart (`roadmap gantt --format`)."""

    SVG = "svg"
    PNG = "png"
    PDF = "pdf"
    MERMAID = "mermaid"
    MMD = "mmd"


class ExportFormat(enum.StrEnum):
    """The formats of `roadmap export`: the plan for another planner."""

    TJP = "tjp"


class DiffFormat(enum.StrEnum):
    """The formats of `roadmap diff`."""

    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


ANNEX_FORMATS: Mapping[str, str] = {
    AnnexFormat.MD: "roadmap_cli.render.markdown:render_annex",
    AnnexFormat.HTML: "roadmap_cli.render.html:render_annex",
    AnnexFormat.CSV: "roadmap_cli.render.csv:render_annex",
    AnnexFormat.DOCX: "roadmap_cli.render.docx:render_annex",
    AnnexFormat.JSON: "roadmap_cli.render.json:render_annex",
}
"""Annex table formats: name -> renderer of an `AnnexView`."""

GANTT_FORMATS: Mapping[str, str] = {
    GanttFormat.SVG: "roadmap_cli.render.gantt:render_svg",
    GanttFormat.PNG: "roadmap_cli.render.gantt:render_png",
    GanttFormat.PDF: "roadmap_cli.render.gantt_pages:render_pdf",
    GanttFormat.MERMAID: "roadmap_cli.render.mermaid:render_markdown",
    GanttFormat.MMD: "roadmap_cli.render.mermaid:render_mermaid",
}
"""Gantt chart formats: name -> renderer of a `timeline.GanttView`. ``mermaid`` is a Markdown
page with a fenced block (what GitHub draws); ``mmd`` the bare Mermaid block."""

GANTT_FORMAT_BY_SUFFIX: Mapping[str, str] = {
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".md": "mermaid",
    ".markdown": "mermaid",
    ".mmd": "mmd",
}
"""The Gantt format an output file name implies when no format is given."""

BINARY_FORMATS = frozenset({"docx", "png", "pdf"})
"""Formats that are not text, so never written to a terminal."""

REVISION_FORMATS = frozenset({"md", "html", "docx", "json"})
"""Formats that can show revision marks (CSV holds the values only)."""

DIFF_FORMATS: Mapping[str, str] = {
    DiffFormat.TEXT: "roadmap_cli.render.text:render_diff",
    DiffFormat.MARKDOWN: "roadmap_cli.render.markdown:render_diff",
    DiffFormat.JSON: "roadmap_cli.render.json:render_diff",
}
"""`roadmap diff` formats: name -> renderer of a `views.diff.DiffView`."""

FORMAT_BY_SUFFIX: Mapping[str, str] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".docx": "docx",
    ".json": "json",
}
"""The format an output file name implies when no format is given."""


PRIORITY_CHART_FORMATS: Mapping[str, str] = {
    "svg": "roadmap_cli.render.priority_chart:render_svg",
    "png": "roadmap_cli.render.priority_chart:render_png",
}
"""The priorities chart: name -> renderer of a `views.priorities.PriorityChartView`."""

OUTPUTS: Mapping[str, Mapping[str, str]] = {
    "annex": ANNEX_FORMATS,
    "gantt": GANTT_FORMATS,
    "priority-chart": PRIORITY_CHART_FORMATS,
    "diff": DIFF_FORMATS,
    "report": {"html": "roadmap_cli.render.report:render_report"},
    "draft": {"docx": "roadmap_cli.render.draft:render_draft"},
    "checklist": {"md": "roadmap_cli.render.markdown:render_checklist"},
    "roadmap": {"json": "roadmap_cli.render.json:render_roadmap"},
    "manifest": {"json": "roadmap_cli.render.json:render_manifest"},
    "schedule": {"json": "roadmap_cli.render.json:render_schedule"},
    "export": {ExportFormat.TJP: "roadmap_cli.render.tjp:render_project"},
    "next": {"json": "roadmap_cli.render.json:render_next"},
    "why": {"text": "roadmap_cli.render.text:render_explanation"},
    "priorities": {"json": "roadmap_cli.render.json:render_priorities"},
    "recommendations": {
        "json": "roadmap_cli.render.json:render_recommendations",
        "text": "roadmap_cli.render.text:render_recommendations",
    },
    "recommendation": {"text": "roadmap_cli.render.text:render_recommendation"},
    "status": {
        "text": "roadmap_cli.render.text:render_status",
        "json": "roadmap_cli.render.json:render_status",
    },
    "log": {
        "text": "roadmap_cli.render.text:render_log",
        "json": "roadmap_cli.render.json:render_log",
    },
}
"""Every output of the tool: output -> format -> ``"module:function"`` of its `Renderer`."""


def renderer(output: str, fmt: str) -> Renderer[Any]:
    """The renderer of ``output`` in ``fmt`` (keys of `OUTPUTS`), importing its module now."""
    module_name, _, function_name = OUTPUTS[output][fmt].partition(":")
    return cast("Renderer[Any]", getattr(importlib.import_module(module_name), function_name))
