"""Plain text for the terminal and CI logs: `roadmap diff` without markup.

Short values sit on one line (``R20  group: 2 → 1``); texts, histories and whole records get a
line for each side, ``-`` for the base and ``+`` for the head, as in a unified diff.
"""

from __future__ import annotations

from roadmap_cli.diff import (
    LONG_FIELDS,
    Change,
    Diff,
    PriorityEffect,
    ProblemEffect,
    Subject,
    format_value,
    move_text,
)
from roadmap_cli.problems import format_text

SECTION_TITLES = {
    Subject.RECOMMENDATION: "Recommendations",
    Subject.WORK_ITEM: "Work items",
    Subject.SESSION: "Sessions",
    Subject.DOCUMENT: "Documents",
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
    problems = [e for e in diff.effects if isinstance(e, ProblemEffect)]
    if problems:
        lines.append("Problems:")
        lines += [_effect_line(e) for e in problems]
        lines.append("")
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
