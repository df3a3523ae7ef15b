"""A CWS working document, decided once: the cover block, the numbered body with every
placeholder filled, the footnotes and the annexes (issue #13), and the Secretariat's preparation
checklist of what the data still lacks.

`document_view` takes a checked document source (`drafts.DocumentSource`), the project, its
plan and the views of the Annex table and the timeline, and words everything as a WIPO document
does: sessions and dates in words ("Fourteenth Session", "November 21 to 25, 2026"), documents
by symbol, Recommendations by number, never a file name, a survey id or a "unit". What is
missing goes to the checklist (`checklist_view`), not into the document; a value the planner
assumed is said to be assumed where it is shown, and the assumptions once, in a footnote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from roadmap_cli.calendar import DatedSession, dated_sessions, next_session
from roadmap_cli.drafts import (
    NEXT,
    Computed,
    DocumentSource,
    Heading,
    Inlines,
    Items,
    Paragraph,
    Slot,
    Words,
    opens_decision,
)
from roadmap_cli.model import Group, Priority, Project, recommendation_sort_key, session_number
from roadmap_cli.planning import Source
from roadmap_cli.schedule import Plan
from roadmap_cli.views.annex import AnnexView
from roadmap_cli.views.roadmap import SimpleTable, data_gaps
from roadmap_cli.views.timeline import GanttView
from roadmap_cli.views.words import (
    day_in_words,
    days_in_words,
    listing,
    month_in_words,
    number_in_words,
    ordinal,
)

COMMITTEE = "Committee on WIPO Standards (CWS)"
SYMBOL_GAP = "[to be assigned]"
"""Stands for the number of a symbol the Secretariat has not assigned yet (the checklist asks)."""
TIMELINE_TITLE = "TIMELINE OF THE DRAFT STRATEGIC ROADMAP"
ILLUSTRATIVE_TITLE = "ILLUSTRATIVE: PRIORITIES FROM MADE-UP SURVEY ANSWERS"
"""The annex `roadmap draft --include-illustrative` adds: never in a document to be filed."""


@dataclass(frozen=True, slots=True)
class Run:
    """Text in one format; a footnote reference when ``footnote`` is set (its number)."""

    text: str
    bold: bool = False
    italic: bool = False
    footnote: int | None = None


Runs = tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class DocHeading:
    text: str
    """In capitals for a heading (#); as written for a sub-heading (##)."""
    level: int


@dataclass(frozen=True, slots=True)
class Numbered:
    """A numbered paragraph (1., 2., ... through the document)."""

    runs: Runs


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[Runs, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    """The decision paragraph: numbered, its items lettered (a), (b), ..."""

    lead: Runs
    items: tuple[Runs, ...]


@dataclass(frozen=True, slots=True)
class Table:
    table: SimpleTable


BodyBlock = DocHeading | Numbered | Bullets | Decision | Table


@dataclass(frozen=True, slots=True)
class Annex:
    """One annex, on pages of its own."""

    label: str
    """``Annex I``, or ``Annex`` when it is the only one."""
    title: str
    table: AnnexView | None = None
    gantt: GanttView | None = None
    simple: SimpleTable | None = None
    """Another table (the illustrative priorities, on request)."""
    alt_text: str = ""
    """For a chart: what it shows, for readers who cannot see it."""


@dataclass(frozen=True, slots=True)
class Cover:
    session_id: str
    """``CWS/14``."""
    symbol: str
    original: str
    """``ORIGINAL: ENGLISH``."""
    date: str
    """``DATE: NOVEMBER 23, 2026``."""
    committee: str
    session: str
    """``Fourteenth Session``."""
    place_and_dates: str
    """``Geneva, November 21 to 25, 2022``; an assumed date says so."""
    title: str
    """In capitals."""
    prepared_by: str
    """``Document prepared by the International Bureau``."""


@dataclass(frozen=True, slots=True)
class DocumentView:
    name: str
    date: dt.date
    """The date of the document (the as-of day when the source gives none)."""
    cover: Cover
    body: tuple[BodyBlock, ...]
    footnotes: tuple[str, ...]
    """Footnote n is ``footnotes[n - 1]``."""
    annexes: tuple[Annex, ...]

    @property
    def annex_follows(self) -> str:
        """The line after the body, as CWS working documents write it whatever the number of
        annexes (issue #13); ``[Annex II follows]`` stands between two annexes."""
        return "[Annex follows]"

    @property
    def end_line(self) -> str:
        """The document's last line: ``[End of Annex and of document]`` (issue #13)."""
        return "[End of Annex and of document]" if self.annexes else "[End of document]"


@dataclass(frozen=True, slots=True)
class Context:
    """What the placeholders draw on, computed once."""

    project: Project
    plan: Plan
    as_of: dt.date
    session: DatedSession
    date: dt.date


def document_session(project: Project, source: DocumentSource, as_of: dt.date) -> DatedSession:
    """The session the document is for: the one named, or the next one on ``as_of``."""
    if source.front.session == NEXT:
        found = next_session(project.sessions, as_of=as_of)
        if found is None:  # an empty calendar: validation requires sessions, so never here
            raise ValueError("the session calendar is empty")
        return found
    through = as_of + dt.timedelta(days=366)
    for session in dated_sessions(project.sessions, through=through):
        if session.id == source.front.session:
            return session
    # A session in the calendar without dates and with none before it to count from.
    raise ValueError(f"{source.front.session} has no dates and none can be assumed")


def document_view(
    source: DocumentSource,
    project: Project,
    plan: Plan,
    *,
    as_of: dt.date,
    annex: AnnexView,
    gantt: GanttView,
    illustrative: SimpleTable | None = None,
) -> DocumentView:
    """The document ``source`` with every placeholder filled from ``project`` and ``plan``;
    ``illustrative`` (a table of made-up survey answers) becomes a last annex, labelled so."""
    session = document_session(project, source, as_of)
    context = Context(project, plan, as_of, session, source.front.date or as_of)
    footnotes: list[str] = []
    body: list[BodyBlock] = []
    annexes: list[tuple[str, AnnexView | None, GanttView | None, str]] = []
    extra: list[SimpleTable] = []
    blocks = source.body
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if isinstance(block, Heading):
            text = _plain(_runs(block.content, context, footnotes))
            body.append(DocHeading(text.upper() if block.level == 1 else text, block.level))
        elif isinstance(block, Paragraph):
            runs = _runs(block.content, context, footnotes)
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if opens_decision(block.content) and isinstance(following, Items):
                items = tuple(_runs(item, context, footnotes) for item in following.items)
                body.append(Decision(runs, items))
                index += 1
            else:
                body.append(Numbered(runs))
        elif isinstance(block, Items):
            body.append(Bullets(tuple(_runs(item, context, footnotes) for item in block.items)))
        elif isinstance(block, Computed):
            if block.name == "annex":
                annexes.append((annex.title, annex, None, ""))
            elif block.name == "gantt":
                annexes.append((TIMELINE_TITLE, None, gantt, _alt_text(gantt, context)))
            else:
                body.append(_computed_block(block.name, context))
        index += 1
    if illustrative is not None:
        annexes.append((ILLUSTRATIVE_TITLE, None, None, ""))
        extra.append(illustrative)
    labels = (
        ["Annex"]
        if len(annexes) == 1
        else [f"Annex {_roman(n)}" for n in range(1, len(annexes) + 1)]
    )
    return DocumentView(
        name=source.name,
        date=context.date,
        cover=_cover(source, context),
        body=tuple(body),
        footnotes=tuple(footnotes),
        annexes=tuple(
            Annex(
                label,
                title,
                table,
                chart,
                extra[0] if title == ILLUSTRATIVE_TITLE and extra else None,
                alt,
            )
            for label, (title, table, chart, alt) in zip(labels, annexes, strict=True)
        ),
    )


def _roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out += numeral
            number -= value
    return out


def session_name(session_id: str) -> str:
    """``Fourteenth Session``."""
    return ordinal(session_number(session_id)).capitalize() + " Session"


def symbol_of(source: DocumentSource, session: DatedSession) -> str:
    """The document's symbol, or the session's prefix and `SYMBOL_GAP`."""
    return source.front.symbol or f"{session.id}/{SYMBOL_GAP}"


def _cover(source: DocumentSource, context: Context) -> Cover:
    session = context.session
    place = next((s.place for s in context.project.sessions if s.id == session.id), None)
    dates = days_in_words(session.start, session.end) + (
        " (dates assumed)" if session.assumed else ""
    )
    return Cover(
        session_id=session.id,
        symbol=symbol_of(source, session),
        original=f"ORIGINAL: {source.front.original_language.upper()}",
        date=f"DATE: {day_in_words(context.date).upper()}",
        committee=COMMITTEE,
        session=session_name(session.id),
        place_and_dates=f"{place}, {dates}" if place else dates,
        title=source.front.title.upper(),
        prepared_by=f"Document prepared by {source.front.prepared_by}",
    )


def _plain(runs: Runs) -> str:
    return "".join(run.text for run in runs)


def _runs(content: Inlines, context: Context, footnotes: list[str]) -> Runs:
    out: list[Run] = []
    for item in content:
        if isinstance(item, Words):
            out.append(Run(item.text, item.bold, item.italic))
        elif isinstance(item, Slot):
            if item.name == "assumptions":
                footnotes.append(assumptions_footnote(context))
                out.append(Run("", footnote=len(footnotes)))
            else:
                out.append(Run(inline_value(item.name, context)))
    return tuple(out)


# ---- the placeholders' values --------------------------------------------------------------


def inline_value(name: str, context: Context) -> str:
    """The text of an inline placeholder (every name of kind INLINE but ``assumptions``)."""
    project, plan = context.project, context.plan
    recs = project.recommendations
    counts = {
        "count.recommendations": len(recs),
        "count.group-1": sum(r.group is Group.ONE for r in recs),
        "count.group-2": sum(r.group is Group.TWO for r in recs),
        "count.group-3": sum(r.group is Group.THREE for r in recs),
        "count.priority-high": sum(r.priority is Priority.HIGH for r in recs),
        "count.priority-medium": sum(r.priority is Priority.MEDIUM for r in recs),
        "count.priority-low": sum(r.priority is Priority.LOW for r in recs),
        "count.open": sum(len(slot.unit.members) for slot in plan.slots),
    }
    if name in counts:
        return str(counts[name])
    if name == "session":
        return f"{ordinal(session_number(context.session.id))} session"
    if name == "date":
        return day_in_words(context.date)
    if name == "plan.start":
        first = min((s.start_date for s in plan.slots), default=context.as_of)
        return month_in_words(first)
    if name == "plan.end":
        return month_in_words(plan.end_date)
    if name == "work-items":
        return "; ".join(
            listing(sorted(item.members, key=recommendation_sort_key))
            for item in project.work_items
        )
    raise KeyError(name)


def _computed_block(name: str, context: Context) -> BodyBlock:
    if name == "priorities":
        return Bullets(tuple((Run(text),) for text in _punctuated(_priority_items(context))))
    if name == "next-sessions":
        return Bullets(tuple((Run(text),) for text in _punctuated(_next_sessions(context))))
    if name == "schedule":
        return Table(schedule_by_session(context))
    raise KeyError(name)


def _punctuated(items: Sequence[str]) -> list[str]:
    """List items as WIPO writes them: ``...;``, the last but one ``...; and``, the last ``.``."""
    out = []
    for number, item in enumerate(items, start=1):
        end = "." if number == len(items) else "; and" if number == len(items) - 1 else ";"
        out.append(item + end)
    return out


def _members(ids: Sequence[str]) -> str:
    return listing(sorted(ids, key=recommendation_sort_key))


def _priority_items(context: Context) -> list[str]:
    """The Recommendations of high priority, a work item's members together, in id order."""
    project = context.project
    seen: set[str] = set()
    items: list[tuple[tuple[int, str], str]] = []
    for rec in project.recommendations:
        if rec.priority is not Priority.HIGH or rec.id in seen:
            continue
        work_item = project.work_item_by_member.get(rec.id)
        members = [rec.id]
        title = rec.title
        if work_item is not None:
            members = [
                m
                for m in work_item.members
                if project.recommendations_by_id[m].priority is Priority.HIGH
            ]
            title = work_item.title
        seen.update(members)
        ordered = sorted(members, key=recommendation_sort_key)
        text = f"{title} ({_members(ordered)})" if title else f"Recommendation {_members(ordered)}"
        items.append((recommendation_sort_key(ordered[0]), text))
    return [text for _, text in sorted(items)]


def _session_words(session: DatedSession) -> str:
    """``the fifteenth session (November 2027, dates assumed)``."""
    when = month_in_words(session.start) + (", dates assumed" if session.assumed else "")
    return f"the {ordinal(session_number(session.id))} session ({when})"


def _unit_words(labels: Sequence[str]) -> str:
    """Scheduled work as Recommendations: ``R06, R09 and R23``; with a work item among them,
    semicolons keep its members together: ``R04 and R18; R06; and R12 and R15``."""
    parts = [_members(label.split("+")) for label in labels]
    if not any("+" in label for label in labels) or len(parts) < 2:
        return listing(parts)
    return "; ".join(parts[:-1]) + "; and " + parts[-1]


def _work_at(context: Context, session: DatedSession) -> tuple[list[str], list[str]]:
    slots = context.plan.slots
    reported = [s.unit.label for s in slots if s.session and s.session.id == session.id]
    under_way = [s.unit.label for s in slots if s.start_date < session.start <= s.end_date]
    return reported, under_way


def _next_sessions(context: Context) -> list[str]:
    through = max(context.as_of, context.plan.end_date) + dt.timedelta(days=800)
    sessions = [
        s
        for s in dated_sessions(context.project.sessions, through=through)
        if s.end >= context.as_of
    ][:2]
    items = []
    for session in sessions:
        reported, under_way = _work_at(context, session)
        parts = []
        if reported:
            parts.append(f"the results of {_unit_words(reported)} can be reported")
        if under_way:
            parts.append(f"the work on {_unit_words(under_way)} is under way")
        said = "; ".join(parts) if parts else "no result is due"
        items.append(f"at {_session_words(session)}, {said}")
    return items


def schedule_by_session(context: Context) -> SimpleTable:
    """For each session from the start of the open work to its end: what can be reported there
    and what is under way when it opens."""
    plan = context.plan
    first = min((s.start_date for s in plan.slots), default=context.as_of)
    through = plan.end_date + dt.timedelta(days=400)
    rows = []
    for session in dated_sessions(context.project.sessions, through=through):
        if session.end < first:
            continue
        reported, under_way = _work_at(context, session)
        if not reported and not under_way:
            if session.start > plan.end_date:
                break
            continue
        when = month_in_words(session.start) + ("*" if session.assumed else "")
        rows.append(
            (
                f"{session.id} ({when})",
                _unit_words(reported) or "\u2014",
                _unit_words(under_way) or "\u2014",
            )
        )
    return SimpleTable(
        title="The work by session of the CWS",
        headers=("Session", "Results that can be reported", "Work under way"),
        rows=tuple(rows),
        notes=("* dates assumed",) if any(r[0].endswith("*)") for r in rows) else (),
    )


def assumptions_footnote(context: Context) -> str:
    """The planning assumptions, said once: what the timeline takes for granted."""
    plan, project = context.plan, context.project
    inp = plan.input
    said: list[str] = []
    if inp.start_source is Source.ASSUMED:
        said.append(f"the work on the roadmap began on {day_in_words(inp.calendar.start)}")
    efforts = sorted(
        {s.unit.effort_months for s in plan.slots if s.unit.effort_source is Source.ASSUMED}
    )
    if efforts:
        months = listing([number_in_words(m) for m in efforts], "or")
        said.append(
            "each Recommendation, or each group of Recommendations carried out together, takes "
            f"{months} months of work"
        )
    names = {o.id: o.name for o in project.planning.owners} if project.planning else {}
    owners = sorted({s.unit.owner for s in plan.slots if s.unit.owner is not None})
    owner_assumed = any(s.unit.owner_source is Source.ASSUMED for s in plan.slots)
    for owner in owners:
        capacity = inp.capacities.get(owner)
        limit = (
            f"on up to {number_in_words(capacity)} at a time"
            if capacity is not None and inp.capacity_sources[owner] is Source.ASSUMED
            else ""
        )
        name = names.get(owner, owner)
        if owner_assumed:
            said.append(f"the {name} carries out the work" + (f", {limit}" if limit else ""))
        elif limit:
            said.append(f"the {name} works {limit}")
    last = max(
        (s for s in project.sessions if s.start is not None and not s.assumed),
        key=lambda s: session_number(s.id),
        default=None,
    )
    if last is not None:
        said.append(
            f"after its {ordinal(session_number(last.id))} session, the CWS meets once a year "
            "on the anniversary of the session before, until the dates of its sessions are "
            "announced"
        )
    if not said:
        return "The timeline rests on no assumed value."
    return (
        "The timeline assumes that "
        + "; that ".join(said[:-1])
        + (f"; and that {said[-1]}." if len(said) > 1 else f"{said[-1]}.")
    )


def _alt_text(gantt: GanttView, context: Context) -> str:
    bars = len(gantt.bars)
    sessions = listing([s.id for s in gantt.sessions if gantt.start <= s.start <= gantt.end])
    return (
        f"Timeline of the draft strategic roadmap from {month_in_words(gantt.start)} to "
        f"{month_in_words(gantt.end)}: one bar for each of {bars} Recommendations or groups of "
        f"Recommendations carried out together, in sections by group, coloured by priority, "
        f"with arrows from each prerequisite to the work that waits for it and vertical lines "
        f"at the sessions of the CWS ({sessions}). The table in the body of the document gives "
        f"the same schedule by session."
    )


# ---- the preparation checklist -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChecklistView:
    """What the Secretariat still has to supply before the document can be filed."""

    title: str
    document: str
    """The document source, relative to the data folder."""
    items: tuple[tuple[str, str], ...]
    """(topic, what to do)."""
    assumptions: tuple[str, ...]


def checklist_view(
    source: DocumentSource, project: Project, view: DocumentView, gantt: GanttView
) -> ChecklistView:
    """The gaps of the document and of the data, each with where to fill it."""
    items: list[tuple[str, str]] = []
    front = source.front
    where = f"documents/{source.name}.md"  # in the data folder, however it was named
    if front.symbol is None:
        items.append(
            (
                "Document symbol",
                f"none yet (the draft shows {view.cover.symbol}); set `symbol` in {where}",
            )
        )
    if front.date is None:
        items.append(
            (
                "Date of the document",
                f"the draft is dated the day it was made ({day_in_words(view.date)}); "
                f"set `date` in {where} when filing",
            )
        )
    if "assumed" in view.cover.place_and_dates:
        items.append(
            (
                "Session dates",
                f"the dates of the {view.cover.session.lower()} ({view.cover.session_id}) are "
                f"assumed ({view.cover.place_and_dates.removesuffix(' (dates assumed)')}); add "
                "them to sessions.yaml when announced",
            )
        )
    if not any(s.id == view.cover.session_id and s.place for s in project.sessions):
        items.append(
            (
                "Place of the session",
                f"not in sessions.yaml for {view.cover.session_id}; the cover names none until "
                "`place` is given",
            )
        )
    if front.baseline is None:
        items.append(
            (
                "Revision marks",
                "Annex I is not marked against an earlier table: name it in `baseline` "
                f"({where}), with the git tag of the data as that document left it",
            )
        )
    for gap in data_gaps(project, ()):
        if not gap.assumed:
            items.append((gap.topic, gap.detail))
    return ChecklistView(
        title=f"Preparation checklist: {front.title} ({view.cover.symbol})",
        document=where,
        items=tuple(items),
        assumptions=gantt.notes,
    )
