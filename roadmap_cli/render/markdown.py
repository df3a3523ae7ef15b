"""The Annex table and `roadmap diff` as GitHub-flavoured Markdown.

Revision marks use the HTML elements GitHub keeps in Markdown: ``<ins>`` (underlined) and
``<del>`` (struck through); ``~~`` would not strike a word inside another one. Cell text is
escaped so that it shows as written: Markdown punctuation gets a backslash, ``<``, ``>`` and
``&`` become entities (a ``<script>`` in a text is text), and line breaks become ``<br>``. On
GitHub (the pull-request comment of `roadmap diff --format markdown`), a zero-width space
(``&#8203;``) after ``@`` and ``#`` keeps ``@someone`` and ``#123`` from data from notifying people
or linking issues (issue #12), as Dependabot does in the release notes it quotes.
"""

from __future__ import annotations

import datetime as dt
import re

from roadmap_cli.diff import Placement
from roadmap_cli.views.annex import AnnexView, Cell, Mark, Span
from roadmap_cli.views.diff import (
    ChangeSection,
    DiffView,
    PrioritySection,
    ProblemRow,
    ProblemSection,
    ScheduleRow,
    ScheduleSection,
    Section,
)
from roadmap_cli.views.document import ChecklistView

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|#~])")
_REFERENCE = re.compile(r"(@|\\#)(?=[\w-])")
"""``@login``, ``@org/team`` and ``#123`` (``#`` already escaped): GitHub would link them."""
_ZERO_WIDTH_SPACE = "&#8203;"
_TAGS = {Mark.SAME: ("", ""), Mark.INSERTED: ("<ins>", "</ins>"), Mark.DELETED: ("<del>", "</del>")}


def escape(text: str) -> str:
    """``text`` as literal Markdown inline text, on one line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    text = _REFERENCE.sub(lambda m: m.group().lstrip("\\") + _ZERO_WIDTH_SPACE, text)
    lines = text.splitlines()  # also at \r, \v, \f, U+0085, U+2028, U+2029: a table row stays one
    return "<br>".join(line.strip() for line in lines) if len(lines) > 1 else text


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


def _marked(spans: tuple[Span, ...]) -> str:
    return "".join(f"{_TAGS[s.mark][0]}{escape(s.text)}{_TAGS[s.mark][1]}" for s in spans)


def _table_head(columns: tuple[str, ...]) -> list[str]:
    return [
        "|" + "|".join(f" {escape(c)} " if c else " " for c in columns) + "|",
        "|" + "|".join(" --- " for _ in columns) + "|",
    ]


def _code(text: str) -> str:
    """``text`` as a code span inside a table cell, on one line (pipes escaped, as GFM tables
    need; the fence longer than any run of backticks in it)."""
    text = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if longest else ""
    return f"{fence}{padding}{text.replace('|', chr(92) + '|')}{padding}{fence}"


def _cells(row: ScheduleRow) -> str:
    return " | ".join(escape(cell.text) for cell in row.cells)


def _problem_row(row: ProblemRow) -> str:
    where = _code(row.where)
    return f"| {row.state} {row.severity} | {where} | {escape(row.message)} | {escape(row.check)} |"


def _section_lines(section: Section) -> list[str]:
    """A section as a heading and a table; the schedule adds a chart and the end of the plan."""
    lines = [f"### {escape(section.title)}", "", *_table_head(section.columns)]
    match section:
        case ChangeSection(rows=rows):
            lines += [
                f"| {escape(row.id)} | {escape(row.field) if row.field else f'*{row.kind}*'} "
                f"| {_marked(row.before_marks)} | {_marked(row.after_marks)} |"
                for row in rows
            ]
        case PrioritySection(rows=rows):
            lines += [
                f"| {escape(row.id)} | {escape(row.survey)} | {escape(row.field)} "
                f"| {escape(row.before)} | {escape(row.after)} | {escape(row.move)} |"
                for row in rows
            ]
        case ScheduleSection(rows=rows, end=end):
            # a table and a chart of the units that moved (if any), then the plan's end as text
            table = [f"| {escape(row.label)} | {_cells(row)} |" for row in rows]
            lines = [*lines, *table, "", *_gantt(rows)] if rows else []
            return [*lines, end.sentence, ""] if end else lines
        case ProblemSection(rows=rows):
            lines += [_problem_row(row) for row in rows]
    return [*lines, ""]


def render_diff(view: DiffView) -> bytes:
    """A pull-request comment: a heading, the summary sentences, then one table per subject
    and the problems the change introduces or resolves."""
    lines = [f"## Roadmap changes: {escape(view.base)} \u2192 {escape(view.head)}", ""]
    if view.is_empty:
        lines.append("No changes.")
        return ("\n".join(lines) + "\n").encode("utf-8")
    lines += [f"> **Note:** {escape(reason)}." for reason in view.unavailable]
    if view.unavailable:
        lines.append("")
    if view.summary:
        lines += [" ".join(escape(sentence) for sentence in view.summary), ""]
    for section in view.sections:
        lines += _section_lines(section)
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


def _bar(name: str, tags: list[str], bar_id: str, placement: Placement) -> str:
    """A Mermaid gantt task; Mermaid's end date is exclusive, so the day after the last one."""
    end = dt.date.fromisoformat(placement.end) + dt.timedelta(days=1)
    return f"    {name} :{', '.join([*tags, bar_id])}, {placement.start}, {end.isoformat()}"


def _gantt(rows: tuple[ScheduleRow, ...]) -> list[str]:
    """A Mermaid gantt of the work whose dates moved: its bar before (grey, ``done``) and after
    (``active``; red, ``crit``, on the critical path). GitHub draws it in comments."""
    moved = [row for row in rows if row.moved]
    if not moved:
        return []
    lines = [
        "```mermaid",
        "gantt",
        "    title Work that moved: before (grey) and after",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m",
    ]
    for number, row in enumerate(moved, 1):
        lines.append(f"    section {row.label}")
        if row.before is not None:
            lines.append(_bar("before", ["done"], f"b{number}", row.before))
        if row.after is not None:
            tags = ["crit", "active"] if row.after.critical else ["active"]
            lines.append(_bar("after", tags, f"a{number}", row.after))
    return [*lines, "```", ""]


def render_checklist(view: ChecklistView) -> bytes:
    """The preparation checklist: what the Secretariat supplies before filing the document."""
    lines = [
        f"# {view.title}",
        "",
        f"What the data does not hold yet, for the document made from `{view.document}` (paths "
        "are in the data folder). None of it is written into the document; each line says where "
        "to supply it.",
        "",
    ]
    lines += [f"- [ ] **{topic}**: {detail}" for topic, detail in view.items]
    if view.assumptions:
        lines += [
            "",
            "## Planning assumptions behind the dates",
            "",
            "The document states them once, in a footnote; replace each with a decided value "
            "when there is one.",
            "",
        ]
        lines += [f"- {note}" for note in view.assumptions]
    return ("\n".join(lines) + "\n").encode("utf-8")
