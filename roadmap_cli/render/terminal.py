"""The terminal's tables: rich renderables of the views, for people at a terminal.

The only module that imports rich to draw (the CLI's progress bar aside): the tables of the
planning commands. Each function takes a view from `views/` and lays it out; the words are the
view's. `status`, `list`, `show` and `priorities` do not come here: their plain text
(`render.text`) starts faster than rich imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from roadmap_cli.problems import printable

if TYPE_CHECKING:  # the plan's views import the planner: `list` and `show` need not
    from roadmap_cli.views.plan import NextView, ScheduleView


def _cell(text: str, style: str = "") -> Text:
    """Data as rich text: never read as markup (``[link=...]``), and without escape sequences."""
    return Text(printable(text), style=style)


def _cells(row: Iterable[str]) -> list[Text]:
    return [_cell(value) for value in row]


def schedule_table(view: ScheduleView) -> RenderableType:
    """The order and timeline, then the critical path and what is assumed."""
    table = Table(
        box=box.SIMPLE_HEAD,
        title=_cell(view.title),
        title_justify="left",
        pad_edge=False,
        collapse_padding=True,
    )
    # Only Title and Priority wrap; the other columns keep their width on narrow terminals.
    for header in view.columns:
        table.add_column(
            header,
            justify="right" if header in ("#", "Slack (months)") else "left",
            no_wrap=header not in ("Title", "Priority", "Slack (months)"),
            overflow="fold",
            min_width={"Priority": 6, "Slack (months)": 6, "Start": 10, "End": 10}.get(header),
            max_width=48 if header == "Title" else None,
        )
    for row in view.rows:
        table.add_row(*_cells(row))
    lines: list[RenderableType] = [table]
    if view.critical_path:
        lines.append(Text.assemble(("Critical path: ", "bold"), _cell(view.critical_path)))
    lines.append(_cell(view.slack_note, style="dim"))
    if view.not_scheduled:
        lines.append(Text.assemble(("Not scheduled: ", "bold"), _cell(view.not_scheduled)))
    if view.status_note:
        lines.append(_cell(view.status_note))
    if view.scenario:
        lines.append(Text.assemble(("Scenario: ", "bold"), _cell(view.scenario)))
    if view.assumed:
        lines.append(
            Text("Assumed (planning assumptions, not decisions of the CWS):", style="bold yellow")
        )
        lines += [_cell(f"  {note}", style="yellow") for note in view.assumed]
        lines.append(_cell(f"  {view.assumed_legend}", style="yellow"))
    return RenderGroup(*lines)


def next_table(view: NextView) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, title=_cell(view.title), title_justify="left")
    for header in ("#", "ID", "Title", "Priority", "Owner", "Fits now"):
        table.add_column(header, overflow="fold")
    for row in view.rows:
        table.add_row(*_cells(row))
    lines: list[RenderableType] = [table]
    if view.in_progress:
        lines.append(Text.assemble(("In progress: ", "bold"), _cell(view.in_progress)))
    lines.append(_cell(view.waiting))
    if view.status_note:
        lines.append(_cell(view.status_note))
    if view.assumed:
        lines.append(_cell(view.assumed, style="yellow"))
    return RenderGroup(*lines)
