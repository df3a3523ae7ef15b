"""Plain text for the terminal and CI logs: `roadmap status`, `list`, `show`, `priorities`,
`why`, `diff` and `log`, without markup.

`roadmap status`, `roadmap show`, `roadmap list` and `roadmap priorities` are laid out here in
plain aligned columns: rich costs about 25 ms of imports and as much again to lay out 40 rows,
as much as the rest of these queries together (whose start-up is to stay within 1.5x and 1.8x
of `import typer, yaml`, issue 16), and laying out the priorities of 2,000 recommendations took
it nearly as long as reading their 380,000 answers. The tables of the planning commands are
rich's (`render.terminal`).

A diff is laid out from its `views.diff.DiffView`: a line per section title, then its rows,
aligned on their ids. Short values sit on one line (``R20  group: 2 → 1``); texts and histories
get a line for each side, ``-`` for the base and ``+`` for the head, as in a unified diff.
"""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Sequence
from itertools import zip_longest
from typing import TYPE_CHECKING

from roadmap_cli.views.recommendation import LIST_COLUMNS, RecommendationDetail, RecommendationList
from roadmap_cli.views.status import Overview, completeness_line
from roadmap_cli.views.words import DASH

if TYPE_CHECKING:
    from roadmap_cli.history import RecommendationLog, Step
    from roadmap_cli.views.diff import ChangeRow, DiffView, ScheduleRow, Section
    from roadmap_cli.views.priorities import PrioritiesView

# The diff and the log are imported by their renderers only: `roadmap status` renders here
# too, and needs neither (issue 16).


def _change_lines(row: ChangeRow, width: int) -> list[str]:
    lead = f"  {row.id.ljust(width)}  "
    if row.field is None:
        return [f"{lead}{row.kind}: {row.record}"]
    if not row.long:
        return [f"{lead}{row.field}: {row.before} \u2192 {row.after}"]
    pad = " " * len(lead)
    return [f"{lead}{row.field}:", f"{pad}- {row.before}", f"{pad}+ {row.after}"]


def _schedule_line(row: ScheduleRow, width: int) -> str:
    lead = f"  {row.label.ljust(width)}  "
    if row.state:
        return f"{lead}{row.state}: {row.period}"
    return lead + ", ".join(f"{cell.name} {cell.text}" for cell in row.cells if cell.changed)


def _section_lines(section: Section) -> list[str]:
    from roadmap_cli.views.diff import (
        ChangeSection,
        PrioritySection,
        ProblemSection,
        ScheduleSection,
    )

    lines = [f"{section.title}:"]
    match section:
        case ChangeSection(rows=rows):
            width = max(len(row.id) for row in rows)
            for row in rows:
                lines += _change_lines(row, width)
        case PrioritySection(rows=rows):
            width = max(len(row.id) for row in rows)
            lines += [
                f"  {row.id.ljust(width)}  {row.survey} {row.field}: {row.before} \u2192 "
                f"{row.after}" + (f" ({row.move})" if row.move else "")
                for row in rows
            ]
        case ScheduleSection(rows=rows, end=end):
            width = max([len(row.label) for row in rows] + ([len(end.label)] if end else []))
            lines += [_schedule_line(row, width) for row in rows]
            if end:
                lines.append(f"  {end.label.ljust(width)}  {end.change}")
        case ProblemSection(rows=rows):
            lines += [f"  {row.state}: {row.line}" for row in rows]
    return [*lines, ""]


def render_diff(view: DiffView) -> bytes:
    """A heading, the summary sentences, the changes by subject, then the effects."""
    if view.is_empty:
        return f"no changes from {view.base} to {view.head}\n".encode()
    lines = [f"Changes from {view.base} to {view.head}", ""]
    lines += [f"note: {reason}" for reason in view.unavailable]
    lines += [*view.summary, ""]
    for section in view.sections:
        lines += _section_lines(section)
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
    from roadmap_cli.views.diff import format_value

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
    from roadmap_cli.diff import plain
    from roadmap_cli.views.diff import history_text

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


STATUS_WIDTH = 80
"""`roadmap status` reads top to bottom in 80 columns, whatever the terminal."""


def render_status(view: Overview) -> bytes:
    """The counts (by group, adopted priority and status, one list under another), the priority
    recommendations, the next session and completeness, each line wrapped at 80 columns."""
    lines = [*_wrapped(view.task or ""), f"{view.total} recommendations"]
    sections = (
        ("By group", view.by_group),
        ("By adopted priority", view.by_priority),
        ("By status", view.by_status),
    )
    key_width = max(len(key) for _, counts in sections for key, _ in counts)
    for title, counts in sections:
        lines += ["", title, *(f"  {key.ljust(key_width)}  {count:>3}" for key, count in counts)]
    lines += ["", "Priority recommendations"]
    work_items = dict(view.work_items)
    for rec in view.priority_recommendations:
        note = f" \u2014 {work_items[rec.id]}" if rec.id in work_items else ""
        lines += _wrapped(f"{rec.id}  {rec.title or DASH}{note}", indent="  ", hang="       ")
    if not view.priority_recommendations:
        lines.append("  none adopted")
    session = view.next_session
    lines.append("")
    if session is None:
        lines.append("Next session: none in the calendar")
    else:
        assumed = " (dates assumed: not announced)" if session.assumed else ""
        lines += _wrapped(
            f"Next session: {session.id}, {session.start.isoformat()} to "
            f"{session.end.isoformat()}{assumed}"
        )
    lines += _wrapped(f"Data known: {completeness_line(view.completeness)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_recommendation(view: RecommendationDetail) -> bytes:
    """`roadmap show`: a fact a line, a long value wrapped under itself; then the history
    entries in the words of `roadmap log` (``CWS/8 priority: — → high (CWS/8/24)``), each
    with its note under it. 80 columns, as `roadmap status`."""
    width = max(len(label) for label, _ in view.facts) + 2
    lines: list[str] = []
    for label, value in view.facts:
        lines += _wrapped(label.ljust(width) + value, hang=" " * width)
    if view.history:
        lines += ["", "History (decisions of CWS sessions)"]
    for session, field, before, after, source, note in view.history:
        known = (before, after) != (DASH, DASH)
        what = f"{field}: {before} \u2192 {after}" if known else f"{field} changed"
        cited = f" ({source})" if source != DASH else ""
        lines += _wrapped(f"{session} {what}{cited}", indent="  ")
        lines += _wrapped(note, indent="    ", hang="    ")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_recommendations(view: RecommendationList) -> bytes:
    """`roadmap list`: a row per recommendation; the title and the Standards/Tasks wrap."""
    wrapping = {LIST_COLUMNS.index("Title"), LIST_COLUMNS.index("Standard(s)/Task(s)")}
    lines = (
        [view.title, "", *_table(LIST_COLUMNS, view.rows, wrapping)] if view.rows else [view.title]
    )
    return ("\n".join(lines) + "\n").encode("utf-8")


PRIORITIES_WRAPPING = {2, 8}
"""The columns of `roadmap priorities` that wrap: the title and the flags."""
PRIORITIES_RIGHT = {0, 3, 4, 5}
"""Its columns of figures, aligned right: the rank, the score, n and the IQR."""


def render_priorities(view: PrioritiesView, width: int = STATUS_WIDTH) -> bytes:
    """`roadmap priorities`: the warning that the answers are made up, the ranked table in
    ``width`` columns (the terminal's: a title wraps in what the other columns leave, a flag
    is never cut), then the thresholds, agreement, coverage and disagreement lines."""
    lines = _wrapped(view.illustrative or "", width=width)
    lines += [*_wrapped(view.title, width=width), ""]
    if view.rows:
        headers = ("Rank", "No.", "Title", "Score", "n", "IQR", "Level", "Adopted", "Flags")
        lines += _table(
            headers, view.rows, PRIORITIES_WRAPPING, width=width, right=PRIORITIES_RIGHT
        )
        lines.append("")
    for line in view.lines:
        lines += _wrapped(line.label + line.text, width=width, hang="")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    wrapping: set[int],
    *,
    width: int = STATUS_WIDTH,
    right: Collection[int] = (),
) -> list[str]:
    """Columns two spaces apart in ``width`` columns: each as wide as its longest value, except
    that when the line would be longer the ``wrapping`` ones share what the others leave, in
    proportion to their longest values, and wrap at spaces. Each is at least as wide as its
    longest word, so that no word is cut, unless that does not fit: then as wide as its header
    (a longer word is cut). The ``right`` columns are aligned right."""
    widths = [max(map(len, column)) for column in zip(headers, *rows, strict=True)]
    room = width - 2 * (len(widths) - 1) - sum(widths)
    if room < 0:
        left = room + sum(widths[i] for i in wrapping)  # what the other columns leave
        least = {
            i: max(
                len(word)
                for cell in (headers[i], *(row[i] for row in rows))
                for word in cell.split()
            )
            for i in wrapping
        }
        if sum(least.values()) > left:
            least = {i: len(headers[i]) for i in wrapping}
        spare = left - sum(least.values())
        wanted = sum(widths[i] - least[i] for i in wrapping) or 1
        for i in sorted(wrapping):
            widths[i] = least[i] + max(0, spare * (widths[i] - least[i]) // wanted)

    def line(cells: Sequence[str]) -> str:
        joined = "  ".join(
            cell.rjust(size) if i in right else cell.ljust(size)
            for i, (cell, size) in enumerate(zip(cells, widths, strict=True))
        )
        return joined.rstrip()

    lines = [line(headers), line(["\u2500" * size for size in widths])]
    for row in rows:
        cells = [
            textwrap.wrap(cell, widths[i], break_on_hyphens=False) if i in wrapping else [cell]
            for i, cell in enumerate(row)
        ]
        lines += [line(parts) for parts in zip_longest(*cells, fillvalue="")]
    return lines


def _wrapped(
    text: str, *, indent: str = "", hang: str = "  ", width: int = STATUS_WIDTH
) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken at spaces only."""
    if not text:
        return []
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=hang,
        break_long_words=False,
        break_on_hyphens=False,
    )


def render_explanation(lines: tuple[str, ...]) -> bytes:
    """`roadmap why`: its sentences, one per line (`views.plan.explanation_lines`)."""
    return ("\n".join(lines) + "\n").encode("utf-8")
