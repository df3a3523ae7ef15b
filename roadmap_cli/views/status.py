"""The at-a-glance facts of a project: counts, the priority list, completeness, next session.

Shared by `roadmap status` and `roadmap validate` (which reports how complete the data is, as
information, never as a problem: unknown values are a normal state of Task 58's data).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import msgspec

from roadmap_cli.calendar import DatedSession, next_session
from roadmap_cli.model import Priority, Project, Recommendation, recommendation_sort_key

UNKNOWN = "not known"


class Completeness(msgspec.Struct, frozen=True):
    """How many recommendations have a known value for one field."""

    field: str
    known: int
    total: int


class Overview(msgspec.Struct, frozen=True):
    total: int
    by_group: tuple[tuple[str, int], ...]
    by_priority: tuple[tuple[str, int], ...]
    by_status: tuple[tuple[str, int], ...]
    priority_recommendations: tuple[Recommendation, ...]
    """Those with an adopted high priority, in id order."""
    completeness: tuple[Completeness, ...]
    next_session: DatedSession | None
    task: str | None = None
    """``CWS Task No. 58: ICT Strategy for Standards Task Force...``; None: no task block."""
    work_items: tuple[tuple[str, str], ...] = ()
    """(recommendation, what it is carried out with: ``one work item with R18``) for the
    priority recommendations that belong to a work item; it also tells apart two that share a
    topic title."""


def work_item_note(project: Project, rec_id: str) -> str:
    """``one work item with R18``: how a member of a work item is carried out, in words (the
    work item's id is a key of the data, not a name a reader knows)."""
    others = [m for m in project.work_item_by_member[rec_id].members if m != rec_id]
    return "one work item with " + ", ".join(sorted(others, key=recommendation_sort_key))


def completeness(project: Project) -> tuple[Completeness, ...]:
    """Known values per field: texts, titles, groups, Standards/Tasks."""
    recs = project.recommendations
    total = len(recs)
    return (
        Completeness("texts", sum(r.text is not None for r in recs), total),
        Completeness("titles", sum(r.title is not None for r in recs), total),
        Completeness("groups", sum(r.group is not None for r in recs), total),
        Completeness(
            "Standards/Tasks",
            sum(r.standards is not None or r.tasks is not None for r in recs),
            total,
        ),
    )


def completeness_line(items: tuple[Completeness, ...]) -> str:
    """``2/40 texts, 12/40 groups, ... known``."""
    return ", ".join(f"{c.known}/{c.total} {c.field}" for c in items) + " known"


def overview(project: Project, *, as_of: dt.date) -> Overview:
    recs = project.recommendations

    def counts(values: list[str], order: list[str]) -> tuple[tuple[str, int], ...]:
        counter = Counter(values)
        return tuple((key, counter[key]) for key in order if counter[key])

    groups = [f"Group {r.group}" if r.group else UNKNOWN for r in recs]
    priorities = [r.priority.value if r.priority else "none adopted" for r in recs]
    statuses = [r.status.value if r.status else UNKNOWN for r in recs]
    return Overview(
        total=len(recs),
        by_group=counts(groups, ["Group 1", "Group 2", "Group 3", UNKNOWN]),
        by_priority=counts(priorities, [*(p.value for p in Priority), "none adopted"]),
        by_status=counts(statuses, [*sorted(set(statuses) - {UNKNOWN}), UNKNOWN]),
        priority_recommendations=tuple(r for r in recs if r.priority is Priority.HIGH),
        completeness=completeness(project),
        next_session=next_session(project.sessions, as_of=as_of),
        task=_task_line(project),
        work_items=tuple(
            (r.id, work_item_note(project, r.id))
            for r in recs
            if r.priority is Priority.HIGH and r.id in project.work_item_by_member
        ),
    )


def _task_line(project: Project) -> str | None:
    task = project.task
    if task is None:
        return None
    leader = f", led by the {task.leader}" if task.leader else ""
    return f"CWS Task No. {task.number}: {task.task_force}{leader} (created at {task.created_at})"
