"""Plain-text views for the query that must start fastest: `roadmap status`.

Rich costs about 25 ms of imports, a third of the start-up budget of a terminal query, so the
at-a-glance view is laid out here with plain aligned columns (issue #2: status within 1.5x of
`import typer, yaml`). Unknown values show as an em dash, never as "None".
"""

from __future__ import annotations

from itertools import zip_longest

from roadmap_cli.model import Project
from roadmap_cli.overview import Overview, completeness_line

DASH = "\u2014"


def status_text(view: Overview, project: Project) -> str:
    """Counts side by side, the priority recommendations, the next session, completeness."""
    columns = [
        ("Group", view.by_group),
        ("Priority (adopted)", view.by_priority),
        ("Status", view.by_status),
    ]
    widths = [max(len(title), *(len(f"{k}  {v}") for k, v in counts)) for title, counts in columns]
    lines = [f"{view.total} recommendations", ""]
    task = project.task
    if task is not None:
        leader = f", led by the {task.leader}" if task.leader else ""
        lines[:0] = [
            f"CWS Task No. {task.number}: {task.task_force}{leader} (created at {task.created_at})"
        ]
    lines.append(
        "   ".join(title.ljust(w) for (title, _), w in zip(columns, widths, strict=True)).rstrip()
    )
    for row in zip_longest(*(counts for _, counts in columns)):
        cells = []
        for cell, (_, counts), width in zip(row, columns, widths, strict=True):
            key_width = max(len(k) for k, _ in counts)
            text = (
                ""
                if cell is None
                else f"{cell[0].ljust(key_width)}  {cell[1]:>{width - key_width - 2}}"
            )
            cells.append(text.ljust(width))
        lines.append("   ".join(cells).rstrip())
    lines += ["", "Priority recommendations"]
    for rec in view.priority_recommendations:
        work_item = project.work_item_by_member.get(rec.id)
        lines.append(
            f"  {rec.id}  {rec.title or DASH}" + (f"  [{work_item.id}]" if work_item else "")
        )
    if not view.priority_recommendations:
        lines.append("  none adopted")
    session = view.next_session
    lines.append("")
    if session is None:
        lines.append("Next session: none in the calendar")
    else:
        assumed = " (dates assumed: not announced)" if session.assumed else ""
        lines.append(
            f"Next session: {session.id}, {session.start.isoformat()} to "
            f"{session.end.isoformat()}{assumed}"
        )
    lines.append(f"Data known: {completeness_line(view.completeness)}")
    return "\n".join(lines) + "\n"
