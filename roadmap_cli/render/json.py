"""The Annex table and `roadmap diff` as JSON, for tools.

The Annex gives the columns, then each row's cells by column key. Cells hold the displayed
text (unknown values as their markers); ``unknown`` lists the columns whose value is not known.
With a baseline, each row says how it changed, ``before`` holds the baseline's text of the
cells that differ, and ``summary`` the change sentences.

A diff gives ``changes`` (``subject``, ``id``, ``field``, ``change``, ``before``, ``after``: the
values as plain data with the YAML field names) and ``effects`` (each with a ``kind``).
"""

from __future__ import annotations

import json
from typing import Any

from roadmap_cli.diff import Diff
from roadmap_cli.render.table import AnnexView, Row


def _row(view: AnnexView, row: Row) -> dict[str, Any]:
    keys = [column.key for column in view.columns]
    data: dict[str, Any] = {"id": row.id}
    if view.baseline is not None:
        data["change"] = row.change.value
    data["cells"] = {key: cell.text for key, cell in zip(keys, row.cells, strict=True)}
    data["unknown"] = [key for key, cell in zip(keys, row.cells, strict=True) if not cell.known]
    if view.baseline is not None:
        data["before"] = {
            key: cell.before
            for key, cell in zip(keys, row.cells, strict=True)
            if cell.before is not None
        }
    return data


def render_annex(view: AnnexView) -> bytes:
    """One JSON document, indented, keys in a fixed order, ending with a newline."""
    document: dict[str, Any] = {
        "title": view.title,
        "subtitle": view.subtitle,
        "source_session": view.source_session,
        "baseline": view.baseline,
        "summary_lead": view.summary_lead,
        "summary": list(view.summary),
        "columns": [{"key": c.key, "header": c.header} for c in view.columns],
        "rows": [_row(view, row) for row in view.rows],
        "legend": list(view.legend),
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def render_diff(diff: Diff) -> bytes:
    """``{"base", "head", "summary", "unavailable", "changes": [...], "effects": [...]}``."""
    return (json.dumps(diff.as_json(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
