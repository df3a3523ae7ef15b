"""What `roadmap list` and `roadmap show` say about recommendations: rows and facts as text.

Unknown values show as an em dash, never as "None". `render.terminal` draws them as tables;
`render.json` writes the recommendations themselves for tools.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from roadmap_cli.model import Project, Recommendation, recommendation_sort_key
from roadmap_cli.views.words import DASH, label, references

LIST_COLUMNS = ("No.", "Title", "Group", "Standard(s)/Task(s)", "Priority", "Status")


class RecommendationSelection(msgspec.Struct, frozen=True):
    """Recommendations chosen by `roadmap list` (filters) or `roadmap show` (one id), with the
    project they belong to (their dependents and work items)."""

    project: Project
    recommendations: tuple[Recommendation, ...]
    single: bool = False
    """`show`: one recommendation, written as an object rather than a list."""


class RecommendationList(msgspec.Struct, frozen=True):
    title: str
    rows: tuple[tuple[str, ...], ...]
    """One per recommendation, under `LIST_COLUMNS`."""


class RecommendationDetail(msgspec.Struct, frozen=True):
    facts: tuple[tuple[str, str], ...]
    """(label, value), in reading order."""
    history: tuple[tuple[str, ...], ...]
    """One per history entry: session, field, before, after, source (or a dash), note."""


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
        ("Status", label(rec.status).replace(DASH, "not known")),
        (
            "Work item",
            f"{'+'.join(sorted(work_item.members, key=recommendation_sort_key))}: "
            f"{work_item.title} (carried out as one piece of work)"
            if work_item
            else DASH,
        ),
        ("Depends on", ", ".join(rec.depends_on) or NONE_RECORDED),
        ("Needed by", ", ".join(project.dependents_by_id[rec.id]) or NONE_RECORDED),
        ("Sources", "; ".join(source_name(project, s) for s in rec.sources) or DASH),
        ("Note", rec.note or DASH),
    )
    history = tuple(
        (
            entry.session,
            entry.field,
            _history_value(entry.before),
            _history_value(entry.after),
            source_name(project, entry.source) if entry.source else DASH,
            entry.note or "",
        )
        for entry in rec.history
    )
    return RecommendationDetail(facts=facts, history=history)


NONE_RECORDED = "none recorded"
"""Where the data records no dependency: not "nothing", which would claim there is none."""


def source_name(project: Project, source: str) -> str:
    """A source as a reader knows it: a document symbol (``CWS/8/24``) as it is, a short name
    of the data (``report``) as the document's title."""
    if "/" in source:
        return source
    document = next((d for d in project.documents if d.id == source), None)
    return document.title if document else source


def _history_value(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return DASH if value is None else str(value)
