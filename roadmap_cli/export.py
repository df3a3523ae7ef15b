"""JSON documents of core values, for `--json` output: field names as in the YAML files."""

from __future__ import annotations

from typing import Any

import msgspec

from roadmap_cli.model import Project, Recommendation
from roadmap_cli.overview import Overview


def recommendation_json(project: Project, rec: Recommendation) -> dict[str, Any]:
    """A recommendation with the YAML field names, plus its dependents and work item."""
    data: dict[str, Any] = msgspec.to_builtins(rec)
    work_item = project.work_item_by_member.get(rec.id)
    data["dependents"] = list(project.dependents_by_id[rec.id])
    data["work_item"] = work_item.id if work_item else None
    return data


def overview_json(view: Overview) -> dict[str, Any]:
    session = view.next_session
    return {
        "total": view.total,
        "by_group": dict(view.by_group),
        "by_priority": dict(view.by_priority),
        "by_status": dict(view.by_status),
        "priority_recommendations": [r.id for r in view.priority_recommendations],
        "completeness": {c.field: {"known": c.known, "total": c.total} for c in view.completeness},
        "next_session": None
        if session is None
        else {
            "id": session.id,
            "start": session.start.isoformat(),
            "end": session.end.isoformat(),
            "assumed": session.assumed,
        },
    }
