"""Renderers: one module per output format, found through a registry that imports lazily.

The registry maps a format name to ``"module:function"``; the module is imported only when that
format is rendered, so commands that render nothing never load python-docx or jinja2. Every
renderer takes a prepared view and returns bytes: it formats, and never sorts, computes, reads
the clock, prints or writes files. Each artefact has its own mapping (`ANNEX_FORMATS`,
`DIFF_FORMATS`, `GANTT_FORMATS`), all resolved through the same `resolve`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

ANNEX_FORMATS: Mapping[str, str] = {
    "md": "roadmap_cli.render.markdown:render_annex",
    "html": "roadmap_cli.render.html:render_annex",
    "csv": "roadmap_cli.render.csv:render_annex",
    "docx": "roadmap_cli.render.docx:render_annex",
    "json": "roadmap_cli.render.json:render_annex",
}
"""Annex table formats: name -> renderer of an `AnnexView`."""

GANTT_FORMATS: Mapping[str, str] = {
    "svg": "roadmap_cli.render.gantt:render_svg",
    "png": "roadmap_cli.render.gantt:render_png",
    "pdf": "roadmap_cli.render.gantt:render_pdf",
    "mermaid": "roadmap_cli.render.mermaid:render_markdown",
    "mmd": "roadmap_cli.render.mermaid:render_mermaid",
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
    "text": "roadmap_cli.render.text:render_diff",
    "markdown": "roadmap_cli.render.markdown:render_diff",
    "json": "roadmap_cli.render.json:render_diff",
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


def resolve(spec: str) -> Callable[..., Any]:
    """The function named by ``"package.module:function"``, importing its module now."""
    module_name, _, function_name = spec.partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module_name), function_name)
    return function


def diff_renderer(fmt: str) -> Callable[..., bytes]:
    """The renderer of a diff in format ``fmt`` (a key of `DIFF_FORMATS`)."""
    return resolve(DIFF_FORMATS[fmt])


def annex_renderer(fmt: str) -> Callable[..., bytes]:
    """The renderer of the Annex table in format ``fmt`` (a key of `ANNEX_FORMATS`)."""
    return resolve(ANNEX_FORMATS[fmt])


def gantt_renderer(fmt: str) -> Callable[..., bytes]:
    """The renderer of the Gantt chart in format ``fmt`` (a key of `GANTT_FORMATS`)."""
    return resolve(GANTT_FORMATS[fmt])
