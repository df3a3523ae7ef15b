"""What `roadmap diff` says: a `Diff` in words, built once as a `DiffView` for every format.

The view holds the summary sentences (record changes worded by `changes.summarise`, as the Annex
revision marks are, then a sentence per survey's responses and per kind of effect), the reasons
a version could not be compared, and the sections in reading order: the changes by subject, the
computed priorities, the schedule and the problems. Each section has its title and column
headers here, once, and rows of values already in words ("—" for not known, "none" for an
empty list, a history entry as "CWS/7 group: 2 → 1 (CWS/7/29)"). The formats (`render.text`,
`render.markdown`, `render.json`) lay the view out and add only their own syntax.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from roadmap_cli.diff import (
    Change,
    Diff,
    Effect,
    Json,
    Placement,
    PlanEndEffect,
    PriorityEffect,
    ProblemEffect,
    ScheduleEffect,
    Subject,
    compared_fields,
    list_delta,
)
from roadmap_cli.problems import Problem, Severity, format_text
from roadmap_cli.views.annex import Mark, Span
from roadmap_cli.views.changes import ADDED, CHANGED, REMOVED, Revision, join_ids, summarise

# The Annex's revision marks; they import no format library, and join views/ with the Annex
# view (issue 10).
from roadmap_cli.views.revisions import word_diff
from roadmap_cli.views.words import DASH

# ---- the view ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One change of the data: a record added or removed, or one field of a record."""

    id: str
    field: str | None
    """The YAML field name; None for a whole record."""
    kind: str
    """``added``, ``removed`` (whole records), ``set``, ``cleared`` or ``changed``."""
    before: str
    """The value in the base in words; the dash when it is absent or not known."""
    after: str
    long: bool
    """A text or a history: too long to show before and after on one line."""
    before_marks: tuple[Span, ...]
    """The value in the base with revision marks: list items removed are marked deleted."""
    after_marks: tuple[Span, ...]
    """The value in the head with revision marks: a text word by word against the base, list
    items added marked inserted. Runs of spaces are never marked."""

    @property
    def record(self) -> str:
        """A whole record in a few words: the one added, or the one removed."""
        return self.after if self.kind == ADDED else self.before


@dataclass(frozen=True, slots=True)
class ChangeSection:
    """The changes of one subject (recommendations, sessions...), in reading order."""

    title: str
    columns: tuple[str, ...]
    """What the record is, then field, before and after."""
    rows: tuple[ChangeRow, ...]


@dataclass(frozen=True, slots=True)
class PriorityRow:
    """A computed rank or level that moved."""

    id: str
    survey: str
    """The survey and its method, ``2020-task-force (median)``."""
    field: str
    """``rank`` or ``level``."""
    before: str
    after: str
    move: str
    """Places gained or lost in the ranking, ``up 3``; empty for levels."""


@dataclass(frozen=True, slots=True)
class PrioritySection:
    title: str
    columns: tuple[str, ...]
    rows: tuple[PriorityRow, ...]


@dataclass(frozen=True, slots=True)
class ScheduleCell:
    """One fact of a unit's placement: its start, end, target session or critical path."""

    name: str
    """``start``, ``end``, ``session`` or ``critical``."""
    text: str
    """The value, or ``2022-01-01 → 2022-04-01 (+3 months)`` when it changed."""
    changed: bool


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    """A unit of work that moved on the timeline, joined it or left it."""

    label: str
    """``R09``, or a work item's members, ``R04+R18``."""
    state: str
    """``newly scheduled``, ``no longer scheduled``, or empty when it is on both timelines."""
    period: str
    """``2022-01-01 to 2022-06-30``: the placement it has, when it joined or left."""
    cells: tuple[ScheduleCell, ...]
    before: Placement | None
    """The placements themselves, for a chart of the work that moved."""
    after: Placement | None
    moved: bool
    """Its dates moved, or it joined or left the timeline (a session or critical path
    that changed alone is not a move)."""


@dataclass(frozen=True, slots=True)
class PlanEndRow:
    """The day all the scheduled work is done moved."""

    label: str
    change: str
    """``ends 2025-03-31 → 2025-06-30 (+3 months)``."""
    sentence: str
    """``The plan ends 2025-06-30 (was 2025-03-31, +3 months).``"""


@dataclass(frozen=True, slots=True)
class ScheduleSection:
    title: str
    columns: tuple[str, ...]
    rows: tuple[ScheduleRow, ...]
    end: PlanEndRow | None


@dataclass(frozen=True, slots=True)
class ProblemRow:
    """A problem the head introduces or resolves."""

    state: str
    """``new`` or ``resolved``."""
    severity: str
    where: str
    """``file:line:column``, as the version that has it reports it."""
    message: str
    """What is wrong; how to fix it."""
    check: str
    line: str
    """The problem's one line, as `roadmap validate` prints it."""


@dataclass(frozen=True, slots=True)
class ProblemSection:
    title: str
    columns: tuple[str, ...]
    rows: tuple[ProblemRow, ...]


Section = ChangeSection | PrioritySection | ScheduleSection | ProblemSection


@dataclass(frozen=True, slots=True)
class DiffView:
    """Everything `roadmap diff` says, in reading order, with no format syntax."""

    base: str
    """The base as the reader knows it, e.g. ``main (1a2b3c4)``."""
    head: str
    is_empty: bool
    """Nothing differs: no change, no effect, and both versions could be compared."""
    summary: tuple[str, ...]
    """Sentences: the changes, then the effects; empty when nothing differs."""
    unavailable: tuple[str, ...]
    """Why the data could not be compared (a version with errors); empty when it was."""
    sections: tuple[Section, ...]
    """Only the sections with rows: the changes by subject, then the computed priorities, the
    schedule and the problems."""
    diff: Diff
    """The values themselves, for a format that gives them as data (JSON)."""


CHANGE_TITLES: Mapping[Subject, tuple[str, str]] = {
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
"""Per subject, in reading order: the section title and what its records are."""

CHANGE_COLUMNS = ("Field", "Before", "After")
PRIORITY_TITLE = "Computed priorities"
PRIORITY_COLUMNS = ("Recommendation", "Survey (method)", "Computed", "Before", "After", "Move")
SCHEDULE_TITLE = "Schedule"
SCHEDULE_COLUMNS = ("Work", "Start", "End", "Target session", "Critical path")
PROBLEM_TITLE = "Problems"
PROBLEM_COLUMNS = ("", "Where", "Problem", "Check")


def diff_view(diff: Diff) -> DiffView:
    """``diff`` in words, for every format."""
    sections: list[Section] = []
    for subject, (title, header) in CHANGE_TITLES.items():
        changes = [c for c in diff.changes if c.subject is subject]
        if changes:
            rows = tuple(_change_row(c) for c in changes)
            sections.append(ChangeSection(title, (header, *CHANGE_COLUMNS), rows))
    priorities = [e for e in diff.effects if isinstance(e, PriorityEffect)]
    if priorities:
        rows_p = tuple(_priority_row(e) for e in priorities)
        sections.append(PrioritySection(PRIORITY_TITLE, PRIORITY_COLUMNS, rows_p))
    units = [e for e in diff.effects if isinstance(e, ScheduleEffect)]
    end = next((e for e in diff.effects if isinstance(e, PlanEndEffect)), None)
    if units or end:
        sections.append(
            ScheduleSection(
                SCHEDULE_TITLE
                + (f" (both versions planned as of {diff.as_of})" if diff.as_of else ""),
                SCHEDULE_COLUMNS,
                tuple(_schedule_row(e) for e in units),
                None if end is None else _plan_end_row(end),
            )
        )
    problems = [e for e in diff.effects if isinstance(e, ProblemEffect)]
    if problems:
        rows_x = tuple(_problem_row(e) for e in problems)
        sections.append(ProblemSection(PROBLEM_TITLE, PROBLEM_COLUMNS, rows_x))
    return DiffView(
        base=diff.base,
        head=diff.head,
        is_empty=diff.is_empty,
        summary=_change_sentences(diff.changes) + effect_sentences(diff.effects),
        unavailable=tuple(
            f"{label} has data errors: only the records without errors are compared, and its "
            "schedule and priorities are not computed"
            for label in diff.invalid
        )
        + (
            (f"not compared, because of their errors: {', '.join(diff.not_compared)}",)
            if diff.not_compared
            else ()
        ),
        sections=tuple(sections),
        diff=diff,
    )


# ---- rows --------------------------------------------------------------------------------------

TEXT_FIELDS = frozenset({"title", "text", "note"})
"""Fields holding prose: summarised as "changed", marked word by word."""

LONG_FIELDS = TEXT_FIELDS | {"history"}
"""Fields too long to quote in a sentence: "The history of R06 changed." Other values,
lists included, are quoted: "The dependencies of R06 changed from none to R04."."""


def _change_row(change: Change) -> ChangeRow:
    before_marks, after_marks = _marks(change)
    return ChangeRow(
        id=change.id,
        field=change.field,
        kind=change.kind,
        before=format_value(change.field, change.before),
        after=format_value(change.field, change.after),
        long=change.field in LONG_FIELDS,
        before_marks=before_marks,
        after_marks=after_marks,
    )


def _marks(change: Change) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Texts marked word by word, list items removed marked deleted and items added marked
    inserted, other values (and a record added or removed) as they are."""
    field, before, after = change.field, change.before, change.after
    if field in TEXT_FIELDS and isinstance(before, str) and isinstance(after, str):
        spans = word_diff(before, after)
        return (Span(before),), tuple(s if s.text.strip() else Span(s.text) for s in spans)
    if (
        field is not None
        and isinstance(before, list)
        and isinstance(after, list)
        and before
        and after
    ):
        removed, added = list_delta(before, after)
        return (
            _marked_items(field, before, removed, Mark.DELETED),
            _marked_items(field, after, added, Mark.INSERTED),
        )
    return (Span(format_value(field, before)),), (Span(format_value(field, after)),)


def _marked_items(
    field: str, values: list[Json], changed: tuple[Json, ...], mark: Mark
) -> tuple[Span, ...]:
    separator = Span(_separator(field))
    spans: list[Span] = []
    for value in values:
        if spans:
            spans.append(separator)
        spans.append(Span(format_item(field, value), mark if value in changed else Mark.SAME))
    return tuple(spans)


def _priority_row(effect: PriorityEffect) -> PriorityRow:
    return PriorityRow(
        id=effect.id,
        survey=f"{effect.survey} ({effect.method})",
        field=effect.field,
        before=format_value(effect.field, effect.before),
        after=format_value(effect.field, effect.after),
        move=move_text(effect.shift) if effect.shift else "",
    )


def _schedule_row(effect: ScheduleEffect) -> ScheduleRow:
    before, after = effect.before, effect.after

    def cell(
        name: str, get: Callable[[Placement], str | None], shift: int | None = None
    ) -> ScheduleCell:
        was = DASH if before is None else get(before) or DASH
        now = DASH if after is None else get(after) or DASH
        if was == now:
            return ScheduleCell(name, now, changed=False)
        moved = f" ({shift_text(shift)})" if shift else ""
        return ScheduleCell(name, f"{was} \u2192 {now}{moved}", changed=True)

    side = after or before
    assert side is not None
    joined_or_left = before is None or after is None
    return ScheduleRow(
        label=effect.label,
        state="newly scheduled"
        if before is None
        else "no longer scheduled"
        if after is None
        else "",
        period=f"{side.start} to {side.end}" if joined_or_left else "",
        cells=(
            cell("start", lambda p: p.start, effect.start_shift),
            cell("end", lambda p: p.end, effect.end_shift),
            cell("session", lambda p: p.session),
            cell("critical", lambda p: format_item("critical", p.critical)),
        ),
        before=before,
        after=after,
        moved=joined_or_left or bool(effect.start_shift or effect.end_shift),
    )


def _plan_end_row(effect: PlanEndEffect) -> PlanEndRow:
    shift = shift_text(effect.shift)
    return PlanEndRow(
        label=effect.id,
        change=f"ends {effect.before} \u2192 {effect.after} ({shift})",
        sentence=f"The plan ends {effect.after} (was {effect.before}, {shift}).",
    )


def _problem_row(effect: ProblemEffect) -> ProblemRow:
    p: Problem = effect.problem
    return ProblemRow(
        state="new" if effect.new else "resolved",
        severity=p.severity.value,
        where=f"{p.file}:{p.line}:{p.column}",
        message=p.message + (f"; {p.hint}" if p.hint else ""),
        check=p.code,
        line=format_text(p),
    )


# ---- values in words ---------------------------------------------------------------------------

FIELD_NOUNS: Mapping[str, str] = {
    "standards": "relevant WIPO Standard(s)",
    "tasks": "relevant CWS Task(s)",
    "depends_on": "dependencies",
    "work_item": "work item",
}
"""Field names as a sentence says them; other fields read as their name with spaces."""


def noun(field: str) -> str:
    """``depends_on`` -> ``dependencies``; ``effort_months`` -> ``effort months``."""
    return FIELD_NOUNS.get(field, field.replace("_", " "))


def _separator(field: str) -> str:
    return "; " if field == "history" else ", "


def format_value(field: str | None, value: Json) -> str:
    """A value as a reader sees it: "—" for not known, "none" for an empty list, a history
    entry as "CWS/7 group: 2 → 1 (CWS/7/29)", a whole record as its title (else its text)."""
    if value is None:
        return DASH
    if field is None:
        return _record_text(value)
    if isinstance(value, list):
        return (
            _separator(field).join(format_item(field, item) for item in value) if value else "none"
        )
    return format_item(field, value)


def _record_text(record: Mapping[str, Json]) -> str:
    """A whole record in a few words: its title, text or name, else how many answers."""
    for name in ("title", "text", "name"):
        if record.get(name):
            return str(record[name])
    if isinstance(record.get("answers"), dict):
        count = len(record["answers"])
        return f"{count} answer{'' if count == 1 else 's'}"
    return DASH


def format_item(field: str, item: Json) -> str:
    """One element of a list value (or a single value)."""
    if isinstance(item, bool):
        return "yes" if item else "no"
    if isinstance(item, dict):
        if field == "history":
            return history_text(item)
        if set(item) == {"value", "comment"}:  # an answer with a comment
            return f"{item['value']} (comment: {item['comment']})"
        return (
            ", ".join(
                f"{key} ({format_value(key, value)})"
                if isinstance(value, dict | list)
                else f"{key} {format_item(key, value)}"
                for key, value in item.items()
                if value is not None
            )
            or DASH
        )
    return str(item)


def history_text(entry: Mapping[str, Json]) -> str:
    """``CWS/7 group: 2 → 1 (CWS/7/29)``; a change whose values are not known says "changed"."""
    name = entry["field"]
    if entry.get("before") is None and entry.get("after") is None:
        what = f"{name} changed"
    else:
        what = f"{name}: {format_value(name, entry.get('before'))} \u2192 " + format_value(
            name, entry.get("after")
        )
    return f"{entry['session']} {what} ({entry['source']})"


def move_text(shift: int) -> str:
    """``up 3`` or ``down 1``: places in a ranking (positive is up)."""
    return f"up {shift}" if shift > 0 else f"down {-shift}"


def shift_text(months: int) -> str:
    """``+3 months``, ``-1 month``: a move on the timeline (later is positive)."""
    return f"{months:+d} month{'' if abs(months) == 1 else 's'}"


def _rank_text(rank: Json) -> str:
    return "unranked" if rank is None else str(rank)


# ---- sentences: the changes --------------------------------------------------------------------

_SUBJECT_WORDS = {
    Subject.TASK: "",
    Subject.RECOMMENDATION: "",
    Subject.WORK_ITEM: "work item",
    Subject.SESSION: "session",
    Subject.DOCUMENT: "document",
    Subject.PLANNING: "",
    Subject.OWNER: "owner",
    Subject.SURVEY: "survey",
}


def _change_sentences(changes: Sequence[Change]) -> tuple[str, ...]:
    """Record changes worded by `summarise` (as the Annex revision marks are), then the
    responses to surveys, a sentence per survey."""
    if not changes:
        return ()
    subjects = list(Subject)
    revisions = []
    for change in changes:
        if change.subject is Subject.RESPONSE:
            continue
        base = subjects.index(change.subject) * 10_000
        if change.field is None:
            position = base + (0 if change.kind == ADDED else 1)
        else:
            position = base + 2 + _field_position(change.subject, change.field)
        value = change.before if change.before is not None else change.after
        atomic = change.field not in LONG_FIELDS and not isinstance(value, dict)
        revisions.append(
            Revision(
                change.id,
                change.kind,
                position,
                key=change.field or "",
                noun=noun(change.field or ""),
                atomic=atomic,
                before=format_value(change.field, change.before),
                after=format_value(change.field, change.after),
                subject=_SUBJECT_WORDS[change.subject],
            )
        )
    responses = [c for c in changes if c.subject is Subject.RESPONSE]
    return (summarise(revisions) if revisions else ()) + _response_sentences(responses)


def _field_position(subject: Subject, field: str) -> int:
    fields = compared_fields(subject)
    return fields.index(field) if field in fields else len(fields)


def _response_sentences(changes: Sequence[Change]) -> tuple[str, ...]:
    """Per survey: "Survey 2021-ict-strategy: new responses from AP and AU; answers changed by
    QM (R04, R09) and QN (R04)." Changes come sorted by survey, then office."""
    surveys: dict[str, dict[str, list[str]]] = {}
    for change in changes:
        survey_id, _, office = change.id.partition("/")
        parts = surveys.setdefault(survey_id, {ADDED: [], REMOVED: [], CHANGED: []})
        if change.field is None:
            parts[change.kind].append(office)
        elif office in parts[CHANGED]:
            parts[f"{CHANGED}:{office}"].append(change.field)
        else:
            parts[CHANGED].append(office)
            parts[f"{CHANGED}:{office}"] = [change.field]
    sentences = []
    for survey_id, parts in surveys.items():
        clauses = []
        if parts[ADDED]:
            clauses.append(f"new responses from {join_ids(parts[ADDED])}")
        if parts[REMOVED]:
            clauses.append(f"the responses of {join_ids(parts[REMOVED])} were removed")
        if parts[CHANGED]:
            who = [f"{o} ({', '.join(parts[f'{CHANGED}:{o}'])})" for o in parts[CHANGED]]
            clauses.append(f"answers changed by {join_ids(who)}")
        sentences.append(f"Survey {survey_id}: {'; '.join(clauses)}.")
    return tuple(sentences)


# ---- sentences: the effects --------------------------------------------------------------------


def effect_sentences(effects: Sequence[Effect]) -> tuple[str, ...]:
    """A sentence per kind of effect, e.g. "New problems: 1 error and 2 warnings."."""
    sentences = list(_priority_sentences([e for e in effects if isinstance(e, PriorityEffect)]))
    sentences += _schedule_sentences(
        [e for e in effects if isinstance(e, ScheduleEffect | PlanEndEffect)]
    )
    new = Counter(e.problem.severity for e in effects if isinstance(e, ProblemEffect) and e.new)
    if new:
        sentences.append(f"New problems: {_count_problems(new)}.")
    resolved = Counter(
        e.problem.severity for e in effects if isinstance(e, ProblemEffect) and not e.new
    )
    if resolved:
        sentences.append(f"Problems resolved: {_count_problems(resolved)}.")
    return tuple(sentences)


def _count_problems(counts: Counter[Severity]) -> str:
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING):
        if counts[severity]:
            n = counts[severity]
            parts.append(f"{n} {severity.value}{'' if n == 1 else 's'}")
    return join_ids(parts)


_NAMED_MOVES = 5
"""Up to this many rank or schedule moves are named in the summary; more are counted (the
tables have all)."""


def _priority_sentences(effects: Sequence[PriorityEffect]) -> tuple[str, ...]:
    """Per survey: how many ranks moved (naming up to five), and the computed levels that
    changed, grouped by their values: "the computed priority of R04 and R09 fell from high to
    medium"."""
    sentences = []
    for survey_id in dict.fromkeys(e.survey for e in effects):
        ranks = [e for e in effects if e.survey == survey_id and e.field == "rank"]
        levels = [e for e in effects if e.survey == survey_id and e.field == "level"]
        clauses = []
        if ranks:
            named = (
                " ("
                + ", ".join(
                    f"{e.id} {_rank_text(e.before)} \u2192 {_rank_text(e.after)}" for e in ranks
                )
                + ")"
                if len(ranks) <= _NAMED_MOVES
                else ""
            )
            count = len(ranks)
            clauses.append(f"{count} computed rank{'' if count == 1 else 's'} moved{named}")
        groups: dict[tuple[Json, Json], list[str]] = {}
        for effect in levels:
            groups.setdefault((effect.before, effect.after), []).append(effect.id)
        for (level_before, level_after), ids in groups.items():
            clauses.append(
                f"the computed priority of {join_ids(ids)} changed from "
                f"{format_value('level', level_before)} to {format_value('level', level_after)}"
            )
        method = (ranks or levels)[0].method
        sentences.append(f"Survey {survey_id} ({method}): {'; '.join(clauses)}.")
    return tuple(sentences)


def _moved(effect: ScheduleEffect) -> str:
    """``R05 +3 months``, or ``R05 start +1 month, end +3 months`` when they differ."""
    start, end = effect.start_shift or 0, effect.end_shift or 0
    if start == end:
        return f"{effect.label} {shift_text(start)}"
    parts = [f"start {shift_text(start)}" if start else "", f"end {shift_text(end)}" if end else ""]
    return f"{effect.label} {', '.join(p for p in parts if p)}"


def _schedule_sentences(effects: Sequence[ScheduleEffect | PlanEndEffect]) -> tuple[str, ...]:
    """Moves (naming up to five), units joining or leaving the timeline, target sessions that
    change (grouped by their values), the critical path, and the end of the plan."""
    units = [e for e in effects if isinstance(e, ScheduleEffect)]
    moved = [e for e in units if e.start_shift or e.end_shift]
    sentences = []
    if moved:
        count = len(moved)
        named = f" ({', '.join(_moved(e) for e in moved)})" if count <= _NAMED_MOVES else ""
        sentences.append(f"The schedule moves {count} item{'' if count == 1 else 's'}{named}.")
    joined = [e.label for e in units if e.before is None]
    if joined:
        sentences.append(f"Newly scheduled: {join_ids(joined)}.")
    left = [e.label for e in units if e.after is None]
    if left:
        sentences.append(f"No longer scheduled: {join_ids(left)}.")
    sessions: dict[tuple[str | None, str | None], list[str]] = {}
    for e in units:
        if e.before and e.after and e.before.session != e.after.session:
            sessions.setdefault((e.before.session, e.after.session), []).append(e.label)
    for (was, now), labels in sessions.items():
        sentences.append(
            f"The target session of {join_ids(labels)} moves from {was or DASH} to {now or DASH}."
        )
    both = [e for e in units if e.before is not None and e.after is not None]
    now_critical = [
        e.label
        for e in both
        if e.after and e.after.critical and not (e.before and e.before.critical)
    ]
    if now_critical:
        sentences.append(f"Now on the critical path: {join_ids(now_critical)}.")
    no_longer = [
        e.label
        for e in both
        if e.before and e.before.critical and not (e.after and e.after.critical)
    ]
    if no_longer:
        sentences.append(f"No longer on the critical path: {join_ids(no_longer)}.")
    for end in effects:
        if isinstance(end, PlanEndEffect):
            direction = "later" if end.shift > 0 else "earlier"
            months = abs(end.shift)
            amount = (
                f"{months} month{'' if months == 1 else 's'} {direction}"
                if months
                else "on another day"
            )
            sentences.append(f"The plan ends {amount} ({end.after}, was {end.before}).")
    return tuple(sentences)
