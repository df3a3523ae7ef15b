"""The Annex table, `roadmap diff` and `roadmap log` as JSON, for tools.

The Annex gives the columns, then each row's cells by column key. Cells hold the displayed
text (unknown values as their markers); ``unknown`` lists the columns whose value is not known.
With a baseline, each row says how it changed, ``before`` holds the baseline's text of the
cells that differ, and ``summary`` the change sentences.

A diff gives ``changes`` (``subject``, ``id``, ``field``, ``change``, ``before``, ``after``: the
values as plain data with the YAML field names) and ``effects`` (each with a ``kind``). A log
gives the recorded history entries, then each version that changed the recommendation (its
commit, and the changes as in a diff). The JSON documents are built here, not by the core
classes, so the core says nothing about formats.
"""

from __future__ import annotations

import json
from typing import Any

from roadmap_cli.diff import (
    Change,
    Effect,
    Json,
    Placement,
    PlanEndEffect,
    PriorityEffect,
    ProblemEffect,
    ScheduleEffect,
    plain,
)
from roadmap_cli.history import RecommendationLog, Step
from roadmap_cli.problems import format_text
from roadmap_cli.render.table import AnnexView, Row
from roadmap_cli.views.diff import DiffView


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


def _document(document: Json) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def render_diff(view: DiffView) -> bytes:
    """``{"base", "head", "summary", "unavailable", "changes": [...], "effects": [...]}``."""
    return _document(
        {
            "base": view.base,
            "head": view.head,
            "summary": list(view.summary),
            "unavailable": list(view.unavailable),
            "changes": [_change(change) for change in view.diff.changes],
            "effects": [_effect(effect) for effect in view.diff.effects],
        }
    )


def _change(change: Change) -> dict[str, Json]:
    return {
        "subject": change.subject.value,
        "id": change.id,
        "field": change.field,
        "change": change.kind,
        "before": change.before,
        "after": change.after,
    }


def _effect(effect: Effect) -> dict[str, Json]:
    match effect:
        case ProblemEffect(problem=p):
            return {
                "kind": effect.kind,
                "id": p.code,
                "severity": p.severity.value,
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "message": format_text(p),
            }
        case PriorityEffect():
            return {
                "kind": effect.kind,
                "id": effect.id,
                "survey": effect.survey,
                "method": effect.method,
                "before": effect.before,
                "after": effect.after,
                "shift": effect.shift,
            }
        case ScheduleEffect():
            return {
                "kind": effect.kind,
                "id": effect.id,
                "members": list(effect.members),
                "before": _placement(effect.before),
                "after": _placement(effect.after),
                "start_shift": effect.start_shift,
                "end_shift": effect.end_shift,
            }
        case PlanEndEffect():
            return {
                "kind": effect.kind,
                "id": effect.id,
                "before": effect.before,
                "after": effect.after,
                "shift": effect.shift,
            }


def _placement(placement: Placement | None) -> dict[str, Json] | None:
    if placement is None:
        return None
    return {
        "start": placement.start,
        "end": placement.end,
        "session": placement.session,
        "critical": placement.critical,
    }


def render_log(log: RecommendationLog) -> bytes:
    """``{"id", "recorded": [...], "versions", "steps": [...]}``, oldest step first."""
    return _document(
        {
            "id": log.id,
            "recorded": [plain(entry) for entry in log.recorded],
            "versions": log.versions,
            "steps": [_step(step) for step in log.steps],
        }
    )


def _step(step: Step) -> dict[str, Json]:
    commit = step.commit
    return {
        "commit": commit.sha if commit else None,
        "date": commit.date if commit else None,
        "subject": commit.subject if commit else None,
        "changes": [_change(change) for change in step.changes],
        "recorded": [plain(entry) for entry in step.recorded],
        "unreadable": step.unreadable or None,
    }
