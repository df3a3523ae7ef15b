"""Projects for the renderer tests: the bundled data and variants of it."""

from __future__ import annotations

from typing import Any

import msgspec

from roadmap_cli.model import Group, Project

CWS7_MOVED = ("R20", "R33", "R35")
"""Moved from Group 2 to Group 1 at CWS/7 (CWS/7/29)."""


def variant(
    project: Project,
    changes: dict[str, dict[str, Any]],
    *,
    drop: tuple[str, ...] = (),
    add: tuple[Any, ...] = (),
) -> Project:
    """``project`` with some recommendations' fields replaced, some dropped and some added."""
    recs = tuple(
        msgspec.structs.replace(rec, **changes[rec.id]) if rec.id in changes else rec
        for rec in project.recommendations
        if rec.id not in drop
    )
    return Project(
        recommendations=recs + tuple(add),
        work_items=tuple(w for w in project.work_items if not set(w.members) & set(drop)),
        sessions=project.sessions,
        documents=project.documents,
        surveys=project.surveys,
        planning=project.planning,
        task=project.task,
    )


def before_cws7(project: Project) -> Project:
    """The bundled data as it stood before CWS/7 moved R20, R33 and R35 to Group 1."""
    return variant(project, {rec_id: {"group": Group.TWO} for rec_id in CWS7_MOVED})
