"""What `roadmap list` and `roadmap show` say about recommendations: rows and facts as text.

Unknown values show as an em dash, never as "None". `render.terminal` draws them as tables;
`render.json` writes the recommendations themselves for tools.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roadmap_cli.model import Project, Recommendation
from roadmap_cli.views.words import DASH, label, references

LIST_COLUMNS = ("No.", "Title", "Group", "Standard(s)/Task(s)", "Priority", "Status")
HISTORY_COLUMNS = ("Session", "Field", "Before", "After", "Source", "Note")


@dataclass(frozen=True, slots=True)
class RecommendationSelection:
    """Recommendations chosen by `roadmap list` (filters) or `roadmap show` (one id), with the
    project they belong to (their dependents and work items)."""

    project: Project
    recommendations: tuple[Recommendation, ...]
    single: bool = False
    """`show`: one recommendation, written as an object rather than a list."""


@dataclass(frozen=True, slots=True)
class RecommendationList:
    title: str
    rows: tuple[tuple[str, ...], ...]
    """One per recommendation, under `LIST_COLUMNS`."""


@dataclass(frozen=True, slots=True)
class RecommendationDetail:
    facts: tuple[tuple[str, str], ...]
    """(label, value), in reading order."""
    history: tuple[tuple[str, ...], ...]
    """One per history entry, under `HISTORY_COLUMNS`."""


def recommendation_list(recs: Sequence[Recommendation]) -> RecommendationList:
    return RecommendationList(
        title=f"{len(recs)} recommendations",
        rows=tuple(
            (
                rec.id,
                rec.title or DASH,
                label(rec.group),
                references(rec),
                label(rec.priority),
                label(rec.status),
            )
            for rec in recs
        ),
    )


def recommendation_detail(project: Project, rec: Recommendation) -> RecommendationDetail:
    work_item = project.work_item_by_member.get(rec.id)
    facts = (
        ("Recommendation", rec.id),
        ("Title", rec.title or DASH),
        ("Text", rec.text or "text pending"),
        ("Group", label(rec.group)),
        ("Standard(s)/Task(s)", references(rec)),
        ("Priority (adopted)", label(rec.priority)),
        ("Status", label(rec.status)),
        (
            "Work item",
            f"{work_item.id}: {work_item.title} ({', '.join(work_item.members)})"
            if work_item
            else DASH,
        ),
        ("Depends on", ", ".join(rec.depends_on) or "nothing"),
        ("Needed by", ", ".join(project.dependents_by_id[rec.id]) or "nothing"),
        ("Sources", ", ".join(rec.sources) or DASH),
        ("Note", rec.note or DASH),
    )
    history = tuple(
        (
            entry.session,
            entry.field,
            _history_value(entry.before),
            _history_value(entry.after),
            entry.source,
            entry.note or "",
        )
        for entry in rec.history
    )
    return RecommendationDetail(facts=facts, history=history)


def _history_value(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return DASH if value is None else str(value)
