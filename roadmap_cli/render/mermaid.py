"""The Gantt chart as a Mermaid ``gantt`` block, which GitHub draws inside Markdown.

`render_markdown` gives a Markdown page (title, the plan's dates, a fenced ``mermaid`` block, and
the notes on what is assumed); `render_mermaid` the bare block, for ``.mmd`` files and other
tools. Sections are those of the `timeline.GanttView`, in its order; a task that starts as soon
as its prerequisites end is written ``after`` them, so the chart carries the dependencies; a
task that starts later (its owner had no free place, or a ``not_before`` date) keeps its
computed start date and names its prerequisites in a ``%%`` comment. The CWS sessions and the
as-of day are milestones in a first section. Critical work is ``crit``; work under way
``active``. Mermaid's "today" marker is off: the chart is as of the view's day, not the day
it is opened.

Mermaid ends a task at the start of its end date, so a task's end date is the day after its last
day of work. Task names lose the characters Mermaid reads as syntax (``:``, ``;``, ``#``).
"""

from __future__ import annotations

import re

from roadmap_cli.render.markdown import escape
from roadmap_cli.views.timeline import Bar, GanttView

INDENT = "    "


def _name(text: str) -> str:
    """Text safe as a Mermaid task, section or title (no ``:``, ``;`` or ``#``, one line)."""
    text = " ".join(text.split())
    return text.replace(":", " -").replace(";", ",").replace("#", "No. ")


def _id(prefix: str, value: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9]", "_", value)


def _task(bar: Bar, finish_by_id: dict[str, str]) -> list[str]:
    tags = [*(["crit"] if bar.critical else []), *(["active"] if bar.percent_complete else [])]
    name = _name(" ".join(bar.lines))
    ready = max((finish_by_id[d] for d in bar.depends_on if d in finish_by_id), default=None)
    if bar.depends_on and ready == bar.start.isoformat():
        after = " ".join(_id("u_", d) for d in bar.depends_on if d in finish_by_id)
        start, comment = f"after {after}", list[str]()
    else:
        start, comment = bar.start.isoformat(), list[str]()
        if bar.depends_on:
            waits = ", ".join(bar.depends_on)
            comment = [f"{INDENT}%% {bar.label} waits for {waits}, and starts later than they end"]
    fields = [*tags, _id("u_", bar.id), start, bar.finish.isoformat()]
    return [*comment, f"{INDENT}{name} : {', '.join(fields)}"]


def render_mermaid(view: GanttView) -> bytes:
    """The ``gantt`` block, without a fence."""
    lines = [
        "gantt",
        f"{INDENT}title {_name(view.title)}",
        f"{INDENT}dateFormat YYYY-MM-DD",
        f"{INDENT}axisFormat %Y-%m",
        f"{INDENT}todayMarker off",
        f"{INDENT}section CWS sessions",
        f"{INDENT}as of {view.as_of} : milestone, as_of, {view.as_of}, 0d",
    ]
    for session in view.sessions:
        name = session.id + ("* (dates assumed)" if session.assumed else "")
        lines.append(
            f"{INDENT}{_name(name)} : milestone, {_id('s_', session.id)}, {session.start}, 0d"
        )
    finish_by_id = {bar.id: bar.finish.isoformat() for bar in view.bars}
    for section in view.sections:
        lines.append(f"{INDENT}section {_name(section.label)}")
        for bar in section.bars:
            lines += _task(bar, finish_by_id)
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_markdown(view: GanttView) -> bytes:
    """A Markdown page with the chart as a fenced ``mermaid`` block, and what is assumed."""
    start = f"{view.plan_start}{' (assumed)' if view.plan_start_assumed else ''}"
    lines = [
        f"# {escape(view.title)}",
        "",
        escape(
            f"Plan start {start}; the work still to do ends {view.plan_end}. One bar per "
            "recommendation or work item; critical work (no slack) is marked crit."
        ),
        "",
        "```mermaid",
        render_mermaid(view).decode("utf-8").rstrip("\n"),
        "```",
    ]
    if view.has_assumed_session:
        lines += ["", escape("Sessions marked * have assumed dates (not announced).")]
    if view.notes:
        lines += ["", "Assumed (planning assumptions, not decisions of the CWS):", ""]
        lines += [f"- {escape(note)}" for note in view.notes]
    if view.not_scheduled:
        lines += ["", escape("Not scheduled: " + "; ".join(view.not_scheduled))]
    return ("\n".join(lines) + "\n").encode("utf-8")
