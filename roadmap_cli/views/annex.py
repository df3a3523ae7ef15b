"""The Annex table "40 RECOMMENDATIONS AND CWS ACTIVITIES": its columns and rows, built once.

Every table format (Markdown, HTML, CSV, DOCX, JSON) formats the `AnnexView` built here and
nothing else. The cell texts, the markers for unknown values, the order of rows and columns, the
title and the source session are all decided in this module, so the formats cannot disagree.

Columns. The default columns are those of the CWS documents: No., Recommendation, Group,
Relevant WIPO Standard(s) or CWS Task(s) and Priority. Further columns from the data can be
selected by key (`COLUMNS`). The *planning* columns (start, end, target session, slack) read a
`Planned` value per recommendation, which `build_annex` takes as ``planning`` (the CLI makes it
from the schedule with `planned_by_recommendation`, below). Without it, asking for them is an
error (`ColumnError`), never a column of dashes that would look like unknown data; with it, the
legend says that these values rest on planning assumptions.

The Recommendation cell holds the official text, quoted, because that is what the Annex column
holds. When the text is not transcribed yet it reads "text pending", followed by the short
title (the topic as the report summarises it) when one is known: a summary must never pass for
the official text, but it is the only thing a reader has for most rows.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from roadmap_cli.model import Project, Recommendation, recommendation_sort_key, session_number
from roadmap_cli.views.words import DASH, references

if TYPE_CHECKING:  # the planner: only callers with a plan load it
    from roadmap_cli.schedule import Plan

TEXT_PENDING = "text pending"
TITLE_TEMPLATE = "{count} RECOMMENDATIONS AND CWS ACTIVITIES"
"""The title of the Annex of every progress report of the Task Force (40 in the CWS documents)."""


class Mark(enum.Enum):
    """How a piece of a cell relates to the baseline: kept, inserted or deleted."""

    SAME = "same"
    INSERTED = "inserted"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in a cell, with its revision mark."""

    text: str
    mark: Mark = Mark.SAME


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of the table as displayed."""

    text: str
    """The current text; for a removed row, the text it had."""
    known: bool = True
    """False when the text is a marker for an unknown value (an em dash, "text pending")."""
    spans: tuple[Span, ...] = ()
    """The text as runs with revision marks; one unmarked span when there is no baseline."""
    before: str | None = None
    """The baseline's text when it differs from ``text``; None otherwise."""

    def __post_init__(self) -> None:
        if not self.spans:
            object.__setattr__(self, "spans", (Span(self.text),))


class RowChange(enum.Enum):
    """How a row relates to the baseline."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    cells: tuple[Cell, ...]
    change: RowChange = RowChange.UNCHANGED


@dataclass(frozen=True, slots=True)
class Planned:
    """The planning values of one recommendation, supplied by the schedule stage (issue 4)."""

    start: dt.date | None = None
    end: dt.date | None = None
    target_session: str | None = None
    """The CWS session the work is to be presented to, e.g. ``CWS/11``."""
    slack_months: int | None = None
    """How many months the work can slip without delaying anything else."""
    target_assumed: bool = False
    """True when the target session's dates are a planning assumption."""


@dataclass(frozen=True, slots=True)
class AnnexSource:
    """What a column's cell function may read besides the recommendation."""

    project: Project
    planning: Mapping[str, Planned] | None = None


CellFunction = Callable[[Recommendation, AnnexSource], Cell]


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the Annex table."""

    key: str
    """The name used with ``--columns``."""
    header: str
    """The heading, as in the CWS documents."""
    noun: str
    """What a cell holds, for sentences: "The {noun} of R04 changed"."""
    width: float
    """Relative width (DOCX column widths, HTML col widths)."""
    cell: CellFunction = field(repr=False, compare=False)
    description: str = ""
    atomic: bool = False
    """A single value (group, priority): revision marks replace it whole, not word by word."""
    needs_schedule: bool = False


class ColumnError(ValueError):
    """An unknown column name, or a planning column without a schedule."""


def _known(text: str | None, unknown: str = DASH) -> Cell:
    return Cell(text, True) if text is not None else Cell(unknown, False)


def _label(value: enum.Enum | None) -> Cell:
    """Enum values as words: ``in-progress`` -> ``In progress``."""
    if value is None:
        return Cell(DASH, False)
    return Cell(str(value.value).replace("-", " ").capitalize())


def _recommendation(rec: Recommendation, _: AnnexSource) -> Cell:
    if rec.text is not None:
        return Cell(rec.text)
    if rec.title is not None:
        return Cell(f"{TEXT_PENDING}. Topic: {rec.title}", False)
    return Cell(TEXT_PENDING, False)


def _group(rec: Recommendation, _: AnnexSource) -> Cell:
    return _known(None if rec.group is None else str(int(rec.group)))


def _references(rec: Recommendation, _: AnnexSource) -> Cell:
    text = references(rec)
    return Cell(text, text != DASH)


def _work_item(rec: Recommendation, source: AnnexSource) -> Cell:
    item = source.project.work_item_by_member.get(rec.id)
    return Cell(f"{item.title} ({', '.join(item.members)})") if item else Cell("none")


def _planned(rec: Recommendation, source: AnnexSource) -> Planned | None:
    return None if source.planning is None else source.planning.get(rec.id)


def _start(rec: Recommendation, source: AnnexSource) -> Cell:
    planned = _planned(rec, source)
    return _known(planned.start.isoformat() if planned and planned.start else None)


def _end(rec: Recommendation, source: AnnexSource) -> Cell:
    planned = _planned(rec, source)
    return _known(planned.end.isoformat() if planned and planned.end else None)


def _target_session(rec: Recommendation, source: AnnexSource) -> Cell:
    planned = _planned(rec, source)
    if planned is None or planned.target_session is None:
        return Cell(DASH, False)
    return Cell(planned.target_session + (" (dates assumed)" if planned.target_assumed else ""))


def _slack(rec: Recommendation, source: AnnexSource) -> Cell:
    planned = _planned(rec, source)
    return _known(
        None if planned is None or planned.slack_months is None else str(planned.slack_months)
    )


COLUMNS: Mapping[str, Column] = {
    column.key: column
    for column in (
        Column(
            "no",
            "No.",
            "number",
            1.3,
            lambda rec, _: Cell(rec.id),
            "The recommendation number.",
            atomic=True,
        ),
        Column(
            "recommendation",
            "Recommendation",
            "text",
            9.0,
            _recommendation,
            "The official text, or 'text pending' with the topic when known.",
        ),
        Column("group", "Group", "group", 1.3, _group, "Group 1, 2 or 3.", atomic=True),
        Column(
            "references",
            "Relevant WIPO Standard(s) or CWS Task(s)",
            "relevant WIPO Standard(s) or CWS Task(s)",
            3.2,
            _references,
            "The relevant WIPO Standards and CWS Tasks.",
        ),
        Column(
            "priority",
            "Priority",
            "priority",
            1.6,
            lambda rec, _: _label(rec.priority),
            "The priority adopted by the CWS.",
            atomic=True,
        ),
        Column(
            "title",
            "Title",
            "title",
            3.5,
            lambda rec, _: _known(rec.title),
            "The short label used in charts.",
        ),
        Column(
            "status",
            "Status",
            "status",
            1.8,
            lambda rec, _: _label(rec.status),
            "Where the work stands.",
            atomic=True,
        ),
        Column(
            "work-item",
            "Work item",
            "work item",
            3.0,
            _work_item,
            "The recommendations prioritised together with this one.",
        ),
        Column(
            "depends-on",
            "Depends on",
            "dependencies",
            1.8,
            lambda rec, _: Cell(", ".join(rec.depends_on) or "none"),
            "Prerequisite recommendations.",
        ),
        Column(
            "sources",
            "Sources",
            "sources",
            2.5,
            lambda rec, _: _known(", ".join(rec.sources) or None),
            "The documents behind the row.",
        ),
        Column("note", "Note", "note", 4.0, lambda rec, _: _known(rec.note), "Remarks on the row."),
        Column(
            "start",
            "Start",
            "planned start",
            1.8,
            _start,
            "Planned start (schedule).",
            atomic=True,
            needs_schedule=True,
        ),
        Column(
            "end",
            "End",
            "planned end",
            1.8,
            _end,
            "Planned end (schedule).",
            atomic=True,
            needs_schedule=True,
        ),
        Column(
            "target-session",
            "Target session",
            "target session",
            1.8,
            _target_session,
            "The session the work is due at (schedule).",
            atomic=True,
            needs_schedule=True,
        ),
        Column(
            "slack",
            "Slack (months)",
            "slack",
            1.4,
            _slack,
            "Months the work can slip without delaying others (schedule).",
            atomic=True,
            needs_schedule=True,
        ),
    )
}
DEFAULT_COLUMN_KEYS = ("no", "recommendation", "group", "references", "priority")
DEFAULT_COLUMNS = tuple(COLUMNS[key] for key in DEFAULT_COLUMN_KEYS)


def columns_from_names(values: Sequence[str]) -> tuple[Column, ...]:
    """The columns named in ``--columns`` values, in order.

    Each value is a comma-separated list of names. A list that starts with ``+`` adds its
    columns to the default ones (``+status,sources``). Raises ColumnError for an unknown name.
    """
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    if not names:
        return DEFAULT_COLUMNS
    extend = any(value.strip().startswith("+") for value in values)
    keys = [*DEFAULT_COLUMN_KEYS] if extend else []
    for name in (n.removeprefix("+").lower() for n in names):
        if name not in COLUMNS:
            from roadmap_cli.problems import did_you_mean

            hint = did_you_mean(name, list(COLUMNS))
            raise ColumnError(
                f"'{name}' is not a column; "
                + (f"{hint} " if hint else "")
                + f"columns: {', '.join(COLUMNS)}"
            )
        if name not in keys:
            keys.append(name)
    return tuple(COLUMNS[key] for key in keys)


@dataclass(frozen=True, slots=True)
class AnnexView:
    """The Annex table, ready to be formatted."""

    title: str
    subtitle: str
    """The task and the source session, e.g. ``CWS Task No. 58, status after CWS/8``."""
    source_session: str | None
    """The latest session whose decisions the data records, or None when it records none."""
    columns: tuple[Column, ...]
    widths: tuple[float, ...]
    """Each column's share of the table width; they add up to 1."""
    rows: tuple[Row, ...]
    legend: tuple[str, ...]
    """Explanations of the markers used in the table (unknown values, revision marks)."""
    baseline: str | None = None
    """What the revision marks compare against (e.g. ``HEAD~1 (1a2b3c4)``); None for none."""
    summary_lead: str = ""
    """What introduces the summary, e.g. ``Changes against HEAD~1 (1a2b3c4):``."""
    summary: tuple[str, ...] = ()
    """Sentences summarising the changes against the baseline, in table order."""


UNKNOWN_LEGEND = (
    f"{DASH} not known here; \u201c{TEXT_PENDING}\u201d: the official text is still to be "
    "transcribed from the CWS documents."
)


def planning_legend(as_of: dt.date | None) -> str:
    """What the planning columns rest on, and the day they were planned as of."""
    day = f", planned as of {as_of.isoformat()}" if as_of else ""
    return PLANNING_LEGEND.format(day=day)


PLANNING_LEGEND = (
    "Start, end, target session and slack come from the computed schedule (roadmap schedule"
    "{day}), which rests on planning assumptions (planning.yaml, sessions.yaml), not on "
    "decisions of the CWS; \u201c(dates assumed)\u201d: the session's dates are not announced."
)


def build_rows(
    project: Project, columns: Sequence[Column], *, planning: Mapping[str, Planned] | None = None
) -> tuple[Row, ...]:
    """One row per recommendation in number order, one cell per column."""
    if planning is None:
        missing = [c.key for c in columns if c.needs_schedule]
        if missing:
            raise ColumnError(
                f"the column{'s' if len(missing) > 1 else ''} {', '.join(missing)} need"
                f"{'' if len(missing) > 1 else 's'} the computed schedule, and none was given"
            )
    source = AnnexSource(project, planning)
    recs = sorted(project.recommendations, key=lambda r: recommendation_sort_key(r.id))
    return tuple(Row(rec.id, tuple(column.cell(rec, source) for column in columns)) for rec in recs)


def source_session(project: Project) -> str | None:
    """The latest session named in any history entry: the decisions the table reflects."""
    sessions = {entry.session for rec in project.recommendations for entry in rec.history}
    return max(sessions, key=session_number) if sessions else None


def build_annex(
    project: Project,
    columns: Sequence[Column] = DEFAULT_COLUMNS,
    *,
    planning: Mapping[str, Planned] | None = None,
    as_of: dt.date | None = None,
) -> AnnexView:
    """The Annex table of ``project``; raises ColumnError for a planning column without planning.
    ``as_of``: the day the planning columns were planned as of, for the legend."""
    rows = build_rows(project, columns, planning=planning)
    session = source_session(project)
    return AnnexView(
        title=TITLE_TEMPLATE.format(count=len(project.recommendations)),
        subtitle="CWS Task No. 58" + (f", status after {session}" if session else ""),
        source_session=session,
        columns=tuple(columns),
        widths=_shares(c.width for c in columns),
        rows=rows,
        legend=(
            *((UNKNOWN_LEGEND,) if has_unknown(rows) else ()),
            *((planning_legend(as_of),) if any(c.needs_schedule for c in columns) else ()),
        ),
    )


def _shares(weights: Iterable[float]) -> tuple[float, ...]:
    values = list(weights)
    total = sum(values)
    return tuple(round(value / total, 4) for value in values)


def has_unknown(rows: Iterable[Row]) -> bool:
    """Whether any cell shows a marker for an unknown value (so the legend must explain it)."""
    return any(not cell.known for row in rows for cell in row.cells)


def planned_by_recommendation(plan: Plan) -> dict[str, Planned]:
    """The planning columns' values of every scheduled recommendation (each member of a work
    item gets the work item's); done and dropped ones are not scheduled and get none."""
    return {
        member: Planned(
            start=slot.start_date,
            end=slot.end_date,
            target_session=slot.session.id if slot.session else None,
            slack_months=slot.slack,
            target_assumed=bool(slot.session and slot.session.assumed),
        )
        for slot in plan.slots
        for member in slot.unit.members
    }
