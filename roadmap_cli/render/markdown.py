"""The Annex table and `roadmap diff` as GitHub-flavoured Markdown.

Revision marks use the HTML elements GitHub keeps in Markdown: ``<ins>`` (underlined) and
``<del>`` (struck through); ``~~`` would not strike a word inside another one. Cell text is
escaped so that it shows as written: Markdown punctuation gets a backslash, ``<``, ``>`` and
``&`` become entities (a ``<script>`` in a text is text), and line breaks become ``<br>``.
"""

from __future__ import annotations

import datetime as dt
import re

from roadmap_cli.diff import (
    DASH,
    TEXT_FIELDS,
    Change,
    Diff,
    Placement,
    PlanEndEffect,
    PriorityEffect,
    ProblemEffect,
    ScheduleEffect,
    Subject,
    format_item,
    format_value,
    list_delta,
    move_text,
    shift_text,
)
from roadmap_cli.views.annex import AnnexView, Cell, Mark
from roadmap_cli.views.revisions import word_diff

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|#~])")
_TAGS = {Mark.SAME: ("", ""), Mark.INSERTED: ("<ins>", "</ins>"), Mark.DELETED: ("<del>", "</del>")}


def escape(text: str) -> str:
    """``text`` as literal Markdown inline text, on one line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return "<br>".join(line.strip() for line in text.splitlines()) if "\n" in text else text


def _cell(cell: Cell) -> str:
    parts = []
    for span in cell.spans:
        opening, closing = _TAGS[span.mark]
        parts.append(
            f"{opening}{escape(span.text)}{closing}"
            if span.text.strip() or not opening
            else escape(span.text)
        )
    return "".join(parts)


def render_annex(view: AnnexView) -> bytes:
    """The title, the source session, the change summary, the table and its legend."""
    lines = [f"# {escape(view.title)}", "", escape(view.subtitle), ""]
    if view.summary:
        lead = f"**{escape(view.summary_lead)}** " if view.summary_lead else ""
        lines += [lead + " ".join(escape(s) for s in view.summary), ""]
    lines.append("| " + " | ".join(escape(c.header) for c in view.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in view.columns) + "|")
    lines += ["| " + " | ".join(_cell(cell) for cell in row.cells) + " |" for row in view.rows]
    for line in view.legend:
        lines += ["", escape(line)]
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---- roadmap diff ------------------------------------------------------------------------------

_DIFF_SECTIONS = {
    Subject.TASK: ("The task", "Task"),
    Subject.RECOMMENDATION: ("Recommendations", "Recommendation"),
    Subject.WORK_ITEM: ("Work items", "Work item"),
    Subject.SESSION: ("Sessions", "Session"),
    Subject.DOCUMENT: ("Documents", "Document"),
    Subject.PLANNING: ("Planning assumptions", "File"),
    Subject.OWNER: ("Owners of work", "Owner"),
    Subject.SURVEY: ("Surveys", "Survey"),
    Subject.RESPONSE: ("Survey responses", "Survey/office"),
}


def _marked(text: str, mark: Mark) -> str:
    opening, closing = _TAGS[mark]
    return f"{opening}{escape(text)}{closing}"


def _diff_cells(change: Change) -> tuple[str, str]:
    """The Before and After cells: texts marked word by word, list items removed struck
    through and items added underlined, single values as they are."""
    field, before, after = change.field, change.before, change.after
    if field is None:
        record = escape(format_value(None, after if before is None else before))
        return (DASH, record) if before is None else (record, DASH)
    if field in TEXT_FIELDS and isinstance(before, str) and isinstance(after, str):
        spans = word_diff(before, after)
        return escape(before), "".join(
            _marked(s.text, s.mark) if s.text.strip() else escape(s.text) for s in spans
        )
    if isinstance(before, list) and isinstance(after, list) and before and after:
        removed, added = list_delta(before, after)
        separator = "; " if field == "history" else ", "

        def items(values: list[object], changed: tuple[object, ...], mark: Mark) -> str:
            return separator.join(
                _marked(format_item(field, v), mark if v in changed else Mark.SAME) for v in values
            )

        return items(before, removed, Mark.DELETED), items(after, added, Mark.INSERTED)
    return escape(format_value(field, before)), escape(format_value(field, after))


def _code(text: str) -> str:
    """``text`` as a code span inside a table cell (pipes escaped, as GFM tables need)."""
    fence = "``" if "`" in text else "`"
    padding = " " if "`" in text else ""
    return f"{fence}{padding}{text.replace('|', chr(92) + '|')}{padding}{fence}"


def _problem_row(effect: ProblemEffect) -> str:
    p = effect.problem
    state = f"{'new' if effect.new else 'resolved'} {p.severity.value}"
    message = p.message + (f"; {p.hint}" if p.hint else "")
    where = _code(f"{p.file}:{p.line}:{p.column}")
    return f"| {state} | {where} | {escape(message)} | {escape(p.code)} |"


def render_diff(diff: Diff) -> bytes:
    """A pull-request comment: a heading, the summary sentences, then one table per subject
    and the problems the change introduces or resolves."""
    lines = [f"## Roadmap changes: {escape(diff.base)} \u2192 {escape(diff.head)}", ""]
    if diff.is_empty:
        lines.append("No changes.")
        return ("\n".join(lines) + "\n").encode("utf-8")
    lines += [f"> **Note:** {escape(reason)}." for reason in diff.unavailable]
    if diff.unavailable:
        lines.append("")
    if diff.summary:
        lines += [" ".join(escape(sentence) for sentence in diff.summary), ""]
    for subject, (title, header) in _DIFF_SECTIONS.items():
        changes = [c for c in diff.changes if c.subject is subject]
        if not changes:
            continue
        lines += [f"### {title}", "", f"| {header} | Field | Before | After |"]
        lines.append("| --- | --- | --- | --- |")
        for change in changes:
            before, after = _diff_cells(change)
            field = escape(change.field) if change.field else f"*{change.kind}*"
            lines.append(f"| {escape(change.id)} | {field} | {before} | {after} |")
        lines.append("")
    priorities = [e for e in diff.effects if isinstance(e, PriorityEffect)]
    if priorities:
        lines += [
            "### Computed priorities",
            "",
            "| Recommendation | Survey (method) | Computed | Before | After | Move |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {escape(e.id)} | {escape(f'{e.survey} ({e.method})')} | {e.field} "
            f"| {escape(format_value(e.field, e.before))} "
            f"| {escape(format_value(e.field, e.after))} "
            f"| {move_text(e.shift) if e.shift else ''} |"
            for e in priorities
        ]
        lines.append("")
    schedule = [e for e in diff.effects if isinstance(e, ScheduleEffect)]
    if schedule:
        lines += _schedule_table(schedule)
        lines += _gantt(schedule)
    for end in (e for e in diff.effects if isinstance(e, PlanEndEffect)):
        lines += [f"The plan ends {end.after} (was {end.before}, {shift_text(end.shift)}).", ""]
    problems = [e for e in diff.effects if isinstance(e, ProblemEffect)]
    if problems:
        lines += ["### Problems", "", "| | Where | Problem | Check |", "| --- | --- | --- | --- |"]
        lines += [_problem_row(effect) for effect in problems]
        lines.append("")
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


def _placement_cells(effect: ScheduleEffect) -> list[str]:
    """Start, end, target session and critical path: the value, or ``before → after``."""

    def cell(get: object, shift: int | None = None) -> str:
        assert callable(get)
        old = DASH if effect.before is None else get(effect.before) or DASH
        new = DASH if effect.after is None else get(effect.after) or DASH
        if old == new:
            return escape(str(new))
        moved = f" ({shift_text(shift)})" if shift else ""
        return f"{escape(str(old))} \u2192 {escape(str(new))}{moved}"

    return [
        cell(lambda p: p.start, effect.start_shift),
        cell(lambda p: p.end, effect.end_shift),
        cell(lambda p: p.session),
        cell(lambda p: "yes" if p.critical else "no"),
    ]


def _schedule_table(effects: list[ScheduleEffect]) -> list[str]:
    lines = [
        "### Schedule",
        "",
        "| Work | Start | End | Target session | Critical path |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {escape(e.label)} | " + " | ".join(_placement_cells(e)) + " |" for e in effects]
    return [*lines, ""]


def _bar(name: str, tags: list[str], bar_id: str, placement: Placement) -> str:
    """A Mermaid gantt task; Mermaid's end date is exclusive, so the day after the last one."""
    end = dt.date.fromisoformat(placement.end) + dt.timedelta(days=1)
    return f"    {name} :{', '.join([*tags, bar_id])}, {placement.start}, {end.isoformat()}"


def _gantt(effects: list[ScheduleEffect]) -> list[str]:
    """A Mermaid gantt of the work whose dates moved: its bar before (grey, ``done``) and after
    (``active``; red, ``crit``, on the critical path). GitHub draws it in comments."""
    moved = [
        e for e in effects if e.before is None or e.after is None or e.start_shift or e.end_shift
    ]
    if not moved:
        return []
    lines = [
        "```mermaid",
        "gantt",
        "    title Work that moved: before (grey) and after",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m",
    ]
    for number, effect in enumerate(moved, 1):
        lines.append(f"    section {effect.label}")
        if effect.before is not None:
            lines.append(_bar("before", ["done"], f"b{number}", effect.before))
        if effect.after is not None:
            tags = ["crit", "active"] if effect.after.critical else ["active"]
            lines.append(_bar("after", tags, f"a{number}", effect.after))
    return [*lines, "```", ""]
