"""What the terminal queries print for people: rich renderables of core values.

Unknown values show as an em dash, never as "None" (`views.words`). JSON for tools is in
`export`, which does not import rich, so `--json` queries start faster.
"""

from __future__ import annotations

from rich import box
from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.table import Table

from roadmap_cli.model import Project, Recommendation
from roadmap_cli.views.words import DASH, label, references


def recommendation_table(recs: tuple[Recommendation, ...] | list[Recommendation]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title=f"{len(recs)} recommendations")
    for header in ("No.", "Title", "Group", "Standard(s)/Task(s)", "Priority", "Status"):
        table.add_column(header, overflow="fold")
    for rec in recs:
        table.add_row(
            rec.id,
            rec.title or DASH,
            label(rec.group),
            references(rec),
            label(rec.priority),
            label(rec.status),
        )
    return table


def recommendation_detail(project: Project, rec: Recommendation) -> RenderableType:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    work_item = project.work_item_by_member.get(rec.id)
    rows = [
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
    ]
    for name, value in rows:
        facts.add_row(name, value)
    parts: list[RenderableType] = [facts]
    if rec.history:
        history = Table(title="History", box=box.SIMPLE_HEAD, title_justify="left")
        for header in ("Session", "Field", "Before", "After", "Source", "Note"):
            history.add_column(header, overflow="fold")
        for entry in rec.history:
            history.add_row(
                entry.session,
                entry.field,
                _historylabel(entry.before),
                _historylabel(entry.after),
                entry.source,
                entry.note or "",
            )
        parts.append(history)
    return RenderGroup(*parts)


def _historylabel(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return DASH if value is None else str(value)
