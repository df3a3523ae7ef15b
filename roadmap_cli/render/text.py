"""Plain text for the terminal and CI logs: `roadmap status`, `roadmap diff` and `roadmap log`.

`roadmap status` is laid out with plain aligned columns: rich costs about 25 ms of imports, a
third of the start-up budget of that query (status within 1.5x of `import typer, yaml`).

In a diff, short values sit on one line (``R20  group: 2 → 1``); texts and histories get a line
for each side, ``-`` for the base and ``+`` for the head, as in a unified diff.
"""

from __future__ import annotations

from itertools import zip_longest

from roadmap_cli.diff import (
    LONG_FIELDS,
    Change,
    Diff,
    PlanEndEffect,
    PriorityEffect,
    ProblemEffect,
    ScheduleEffect,
    Subject,
    format_value,
    history_text,
    move_text,
    plain,
    shift_text,
)
from roadmap_cli.history import RecommendationLog, Step
from roadmap_cli.problems import format_text
from roadmap_cli.views.status import Overview, completeness_line
from roadmap_cli.views.words import DASH

SECTION_TITLES = {
    Subject.TASK: "The task",
    Subject.RECOMMENDATION: "Recommendations",
    Subject.WORK_ITEM: "Work items",
    Subject.SESSION: "Sessions",
    Subject.DOCUMENT: "Documents",
    Subject.PLANNING: "Planning assumptions",
    Subject.OWNER: "Owners of work",
    Subject.SURVEY: "Surveys",
    Subject.RESPONSE: "Survey responses",
}


def _change_lines(change: Change, width: int) -> list[str]:
    lead = f"  {change.id.ljust(width)}  "
    if change.field is None:
        side = change.after if change.kind == "added" else change.before
        return [f"{lead}{change.kind}: {format_value(None, side)}"]
    before = format_value(change.field, change.before)
    after = format_value(change.field, change.after)
    if change.field not in LONG_FIELDS:
        return [f"{lead}{change.field}: {before} \u2192 {after}"]
    pad = " " * len(lead)
    return [f"{lead}{change.field}:", f"{pad}- {before}", f"{pad}+ {after}"]


def _schedule_line(effect: ScheduleEffect | PlanEndEffect, width: int) -> str:
    if isinstance(effect, PlanEndEffect):
        return (
            f"  {'plan'.ljust(width)}  ends {effect.before} \u2192 {effect.after} "
            f"({shift_text(effect.shift)})"
        )
    lead = f"  {effect.label.ljust(width)}  "
    if effect.before is None or effect.after is None:
        side = effect.after or effect.before
        assert side is not None
        state = "newly scheduled" if effect.before is None else "no longer scheduled"
        return f"{lead}{state}: {side.start} to {side.end}"
    parts = []
    for name, old, new, shift in (
        ("start", effect.before.start, effect.after.start, effect.start_shift),
        ("end", effect.before.end, effect.after.end, effect.end_shift),
        ("session", effect.before.session, effect.after.session, None),
        ("critical", effect.before.critical, effect.after.critical, None),
    ):
        if old != new:
            moved = f" ({shift_text(shift)})" if shift else ""
            parts.append(
                f"{name} {format_value(name, old)} \u2192 {format_value(name, new)}{moved}"
            )
    return lead + ", ".join(parts)


def _effect_line(effect: ProblemEffect) -> str:
    return f"  {'new' if effect.new else 'resolved'}: {format_text(effect.problem)}"


def render_diff(diff: Diff) -> bytes:
    """A heading, the summary sentences, the changes by subject, then the effects."""
    if diff.is_empty:
        return f"no changes from {diff.base} to {diff.head}\n".encode()
    lines = [f"Changes from {diff.base} to {diff.head}", ""]
    lines += [f"note: {reason}" for reason in diff.unavailable]
    lines += [*diff.summary, ""]
    for subject, title in SECTION_TITLES.items():
        changes = [c for c in diff.changes if c.subject is subject]
        if not changes:
            continue
        width = max(len(c.id) for c in changes)
        lines.append(f"{title}:")
        for change in changes:
            lines += _change_lines(change, width)
        lines.append("")
    priorities = [e for e in diff.effects if isinstance(e, PriorityEffect)]
    if priorities:
        width = max(len(e.id) for e in priorities)
        lines.append("Computed priorities:")
        lines += [
            f"  {e.id.ljust(width)}  {e.survey} ({e.method}) {e.field}: "
            f"{format_value(e.field, e.before)} \u2192 {format_value(e.field, e.after)}"
            + (f" ({move_text(e.shift)})" if e.shift else "")
            for e in priorities
        ]
        lines.append("")
    schedule = [e for e in diff.effects if isinstance(e, ScheduleEffect | PlanEndEffect)]
    if schedule:
        width = max(len(e.label) if isinstance(e, ScheduleEffect) else 4 for e in schedule)
        lines.append("Schedule:")
        lines += [_schedule_line(e, width) for e in schedule]
        lines.append("")
    problems = [e for e in diff.effects if isinstance(e, ProblemEffect)]
    if problems:
        lines.append("Problems:")
        lines += [_effect_line(e) for e in problems]
        lines.append("")
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


# ---- roadmap log -------------------------------------------------------------------------------

FIRST_APPEARANCE_FIELDS = (
    "group",
    "priority",
    "standards",
    "tasks",
    "status",
    "depends_on",
    "work_item",
)
"""What a recommendation's first appearance in the data shows, when known."""


def _step_lines(step: Step) -> list[str]:
    commit = step.commit
    head = (
        f"  {commit.date}  {commit.short}  {commit.subject}"
        if commit
        else ("  (working tree)  not committed yet")
    )
    if step.unreadable:
        return [head, f"      skipped: {step.unreadable}"]
    lines = [head]
    recorded = "; ".join(f"{e.session}, {e.source}" for e in step.recorded)
    for change in step.changes:
        if change.field is None and change.after is not None:
            known = [
                f"{field} {format_value(field, change.after.get(field))}"
                for field in FIRST_APPEARANCE_FIELDS
                if change.after.get(field) not in (None, [])
            ]
            lines.append("      first in the data" + (f": {', '.join(known)}" if known else ""))
        elif change.field is None:
            lines.append("      removed from the data")
        else:
            before = format_value(change.field, change.before)
            after = format_value(change.field, change.after)
            lines.append(f"      {change.field}: {before} \u2192 {after}")
    if recorded:
        lines.append(f"      recorded as decided at {recorded}")
    return lines


def render_log(log: RecommendationLog) -> bytes:
    """The history entries (the sessions' decisions), then the versions that changed it."""
    lines = [f"{log.id}: how it changed", ""]
    lines.append("Recorded in the data (decisions of CWS sessions):")
    if log.recorded:
        lines += [f"  {history_text(plain(entry))}" for entry in log.recorded]
    else:
        lines.append("  none")
    lines.append("")
    changed = sum(1 for step in log.steps if step.changes)
    lines.append(
        f"Versions of the data that changed {log.id}, oldest first ({changed} of "
        f"{log.versions} read: the commits of the data folder and the working tree):"
    )
    for step in log.steps:
        lines += _step_lines(step)
    if not log.steps:
        lines.append("  none")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_status(view: Overview) -> bytes:
    """Counts side by side, the priority recommendations, the next session, completeness."""
    columns = [
        ("Group", view.by_group),
        ("Priority (adopted)", view.by_priority),
        ("Status", view.by_status),
    ]
    widths = [max(len(title), *(len(f"{k}  {v}") for k, v in counts)) for title, counts in columns]
    lines = [f"{view.total} recommendations", ""]
    if view.task is not None:
        lines[:0] = [view.task]
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
    work_items = dict(view.work_items)
    for rec in view.priority_recommendations:
        work_item = work_items.get(rec.id)
        lines.append(f"  {rec.id}  {rec.title or DASH}" + (f"  [{work_item}]" if work_item else ""))
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
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_explanation(lines: tuple[str, ...]) -> bytes:
    """`roadmap why`: its sentences, one per line (`views.plan.explanation_lines`)."""
    return ("\n".join(lines) + "\n").encode("utf-8")
