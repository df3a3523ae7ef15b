"""Two versions of the data (git refs or folders) -> what changed, and what the changes move.

`roadmap diff` shows a reviewer what a pull request does to the roadmap, not which YAML lines it
touches. The comparison has two layers:

- **changes**: the data itself, record by record and field by field. Recommendations (every
  field of the YAML block, plus the work item each belongs to), work items (added, removed,
  their own fields; membership is reported on each recommendation as ``work_item``), sessions,
  documents, the planning assumptions (``planning.yaml``: its settings, and each owner of
  work), surveys (``survey.yaml``) and each office's response (``<survey>/<office>``: added,
  removed, or answer by answer). Values are plain JSON data, with the YAML field names.
- **effects**: what the changes move without being written in the data. Each kind is computed
  by a small function of the two projects, listed in `EFFECT_FUNCTIONS` (computed priority rank
  and level moves; schedule moves when the schedule stage lands), plus the problems that the
  head introduces or resolves, which need the problems rather than the projects. A function
  returns its effects in a defined order; `diff_versions` only concatenates them.

Changes are described in sentences by `summary.summarise`, the same wording as the Annex
revision marks ("R20, R33 and R35 moved from Group 2 to Group 1."). Everything here is pure:
the versions are loaded by `snapshot.py` (git refs, folders) and `load.py` (the working tree).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec

from roadmap_cli.load import RECOMMENDATIONS_FILE, ProjectLoad
from roadmap_cli.model import (
    Document,
    Owner,
    PlanningFile,
    Project,
    Recommendation,
    Session,
    Task,
    WorkItem,
    recommendation_sort_key,
    session_number,
)
from roadmap_cli.planning import PlanSettings
from roadmap_cli.priorities import prioritise, steering_levels
from roadmap_cli.problems import Problem, Severity, format_text
from roadmap_cli.snapshot import Snapshot
from roadmap_cli.surveys import Response, SurveyFile

if TYPE_CHECKING:  # the planner imports networkx: only the schedule effects load it
    from roadmap_cli.schedule import Plan, Slot
from roadmap_cli.views.changes import (
    ADDED,
    CHANGED,
    REMOVED,
    Revision,
    join_ids,
    kind_of,
    summarise,
)

Json = Any
"""Plain JSON data: None, bool, int, float, str, lists and objects of these."""

DASH = "\u2014"


class Subject(enum.StrEnum):
    """What a change is about; the order of the members is the reading order of a diff."""

    TASK = "task"
    """The task block of ``recommendations.yaml`` (Task No. 58, its Task Force...): one record."""
    RECOMMENDATION = "recommendation"
    WORK_ITEM = "work-item"
    SESSION = "session"
    DOCUMENT = "document"
    PLANNING = "planning"
    """The settings of ``planning.yaml`` (plan start, default effort and owner): one record,
    id ``planning.yaml``."""
    OWNER = "owner"
    """An owner of work in ``planning.yaml`` (its capacity...), by id."""
    SURVEY = "survey"
    """A survey's own fields (``survey.yaml``): title, scale, levels, respondents..."""
    RESPONSE = "response"
    """One office's answers to a survey: id ``<survey>/<office>``, field the recommendation."""


@dataclass(frozen=True, slots=True)
class Change:
    """One difference in the data: a record added or removed, or one field of a record."""

    subject: Subject
    id: str
    field: str | None
    """The YAML field name (``group``, ``depends_on``); None for a whole record."""
    before: Json
    """The value in the base as plain JSON data (null: absent or not known)."""
    after: Json

    @property
    def kind(self) -> str:
        """``added``, ``removed`` (whole records), ``set``, ``cleared`` or ``changed``."""
        if self.field is None:
            return ADDED if self.before is None else REMOVED
        return kind_of(self.before is not None, self.after is not None)

    def as_json(self) -> dict[str, Json]:
        return {
            "subject": self.subject.value,
            "id": self.id,
            "field": self.field,
            "change": self.kind,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True, slots=True)
class ProblemEffect:
    """A problem (error or warning) that the head introduces, or one that it resolves."""

    new: bool
    """True: in the head and not in the base; False: in the base and gone from the head."""
    problem: Problem
    """As reported in the version that has it (file names and lines of that version)."""

    @property
    def kind(self) -> str:
        return "new-problem" if self.new else "resolved-problem"

    @property
    def id(self) -> str:
        return self.problem.code

    def as_json(self) -> dict[str, Json]:
        p = self.problem
        return {
            "kind": self.kind,
            "id": p.code,
            "severity": p.severity.value,
            "file": p.file,
            "line": p.line,
            "column": p.column,
            "message": format_text(p),
        }


@dataclass(frozen=True, slots=True)
class PriorityEffect:
    """A computed priority that moved: a recommendation's rank in a survey's ranking, or the
    level computed from its score (`priorities.prioritise`, the survey's default method)."""

    survey: str
    method: str
    id: str
    field: str
    """``rank`` (1 is first; null: no office rated it) or ``level`` (high, medium, low)."""
    before: Json
    after: Json

    @property
    def kind(self) -> str:
        return f"priority-{self.field}"

    @property
    def shift(self) -> int | None:
        """Places gained (positive) or lost (negative) in the ranking; None for levels."""
        if self.field != "rank" or self.before is None or self.after is None:
            return None
        return int(self.before) - int(self.after)

    def as_json(self) -> dict[str, Json]:
        return {
            "kind": self.kind,
            "id": self.id,
            "survey": self.survey,
            "method": self.method,
            "before": self.before,
            "after": self.after,
            "shift": self.shift,
        }


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a unit of work sits on a version's timeline (`schedule.Slot`, in plain values)."""

    start: str
    """The first day, ISO."""
    end: str
    """The last day, ISO."""
    session: str | None
    """The first CWS session after it ends, where its result can first be reported."""
    critical: bool

    def as_json(self) -> dict[str, Json]:
        return {
            "start": self.start,
            "end": self.end,
            "session": self.session,
            "critical": self.critical,
        }


@dataclass(frozen=True, slots=True)
class ScheduleEffect:
    """A unit of work (a recommendation, or a work item's members together) that moved on the
    timeline, or joined or left it (a recommendation done or dropped is not scheduled)."""

    id: str
    members: tuple[str, ...]
    """The recommendations it carries out (a work item's members)."""
    before: Placement | None
    after: Placement | None

    kind = "schedule"

    @property
    def label(self) -> str:
        """``R09``, or a work item's members, ``R04+R18``."""
        return "+".join(self.members) if self.members else self.id

    @property
    def start_shift(self) -> int | None:
        """Months later (positive) or earlier (negative) that it starts; None if not in both."""
        return (
            _months_between(self.before.start, self.after.start)
            if self.before and self.after
            else None
        )

    @property
    def end_shift(self) -> int | None:
        return (
            _months_between(self.before.end, self.after.end) if self.before and self.after else None
        )

    def as_json(self) -> dict[str, Json]:
        return {
            "kind": self.kind,
            "id": self.id,
            "members": list(self.members),
            "before": None if self.before is None else self.before.as_json(),
            "after": None if self.after is None else self.after.as_json(),
            "start_shift": self.start_shift,
            "end_shift": self.end_shift,
        }


@dataclass(frozen=True, slots=True)
class PlanEndEffect:
    """The day all the scheduled work is done moved."""

    before: str
    after: str

    kind = "plan-end"
    id = "plan"

    @property
    def shift(self) -> int:
        return _months_between(self.before, self.after)

    def as_json(self) -> dict[str, Json]:
        return {
            "kind": self.kind,
            "id": self.id,
            "before": self.before,
            "after": self.after,
            "shift": self.shift,
        }


def _months_between(before: str, after: str) -> int:
    """Whole calendar months from one ISO day to another (2022-01-31 -> 2022-04-30: 3)."""
    b, a = dt.date.fromisoformat(before), dt.date.fromisoformat(after)
    return (a.year - b.year) * 12 + a.month - b.month


Effect = ProblemEffect | PriorityEffect | ScheduleEffect | PlanEndEffect
"""Every kind of effect: a value with ``kind``, ``id`` and ``as_json()``."""

EffectFunction = Callable[[Project, Project], Iterable[Effect]]
"""An effect of the data changes: (base project, head project) -> effects, in a defined order.
The functions in use are listed in `EFFECT_FUNCTIONS`, at the end of the module."""


@dataclass(frozen=True, slots=True)
class Diff:
    """What changed from a base version of the data to a head version."""

    base: str
    """The base as the reader knows it, e.g. ``main (1a2b3c4)``."""
    head: str
    changes: tuple[Change, ...]
    effects: tuple[Effect, ...]
    summary: tuple[str, ...]
    """Sentences: the changes, then the effects; empty when nothing differs."""
    unavailable: tuple[str, ...] = ()
    """Why the data could not be compared (a version with errors); empty when it was."""

    @property
    def is_empty(self) -> bool:
        return not (self.changes or self.effects or self.unavailable)

    def as_json(self) -> dict[str, Json]:
        return {
            "base": self.base,
            "head": self.head,
            "summary": list(self.summary),
            "unavailable": list(self.unavailable),
            "changes": [change.as_json() for change in self.changes],
            "effects": [effect.as_json() for effect in self.effects],
        }


def diff_versions(base: Snapshot, head: Snapshot) -> Diff:
    """The changes and effects from ``base`` to ``head``; each version may have problems.

    The data is compared only when both versions are valid; otherwise ``unavailable`` says why,
    and the problems that differ are still reported as effects.
    """
    effects: list[Effect] = list(problem_effects(base.loaded, head.loaded))
    unavailable = tuple(
        f"{version.label} has data errors, so its data cannot be compared"
        for version in (base, head)
        if version.loaded.project is None
    )
    changes: tuple[Change, ...] = ()
    if base.loaded.project is not None and head.loaded.project is not None:
        before, after = base.loaded.project, head.loaded.project
        changes = compare_projects(before, after)
        effects = [e for function in EFFECT_FUNCTIONS for e in function(before, after)] + effects
    return Diff(
        base=base.label,
        head=head.label,
        changes=changes,
        effects=tuple(effects),
        summary=_change_sentences(changes) + effect_sentences(effects),
        unavailable=unavailable,
    )


# ---- changes in the data ----------------------------------------------------------------------

TEXT_FIELDS = frozenset({"title", "text", "note"})
"""Fields holding prose: summarised as "changed", marked word by word."""

LONG_FIELDS = TEXT_FIELDS | {"history"}
"""Fields too long to quote in a sentence: "The history of R06 changed." Other values,
lists included, are quoted: "The dependencies of R06 changed from none to R04."."""

FIELD_NOUNS: Mapping[str, str] = {
    "standards": "relevant WIPO Standard(s)",
    "tasks": "relevant CWS Task(s)",
    "depends_on": "dependencies",
    "work_item": "work item",
}
"""Field names as a sentence says them; other fields read as their name with spaces."""

WORK_ITEM_FIELD = "work_item"
"""The derived field of a recommendation: the id of the work item it belongs to, or null."""


def noun(field: str) -> str:
    """``depends_on`` -> ``dependencies``; ``effort_months`` -> ``effort months``."""
    return FIELD_NOUNS.get(field, field.replace("_", " "))


def plain(value: object) -> Json:
    """A model value as plain JSON data: enums as their YAML values, tuples as lists, dates
    as ISO text."""
    return msgspec.json.decode(msgspec.json.encode(value))


def recommendation_fields() -> tuple[str, ...]:
    """The compared fields of a recommendation, in the order of the YAML block, with
    ``work_item`` after ``depends_on``."""
    names = [f.name for f in msgspec.structs.fields(Recommendation) if f.name != "id"]
    names.insert(names.index("depends_on") + 1, WORK_ITEM_FIELD)
    return tuple(names)


def _record_fields(struct: type[msgspec.Struct], *skip: str) -> tuple[str, ...]:
    return tuple(f.name for f in msgspec.structs.fields(struct) if f.name not in ("id", *skip))


@dataclass(frozen=True, slots=True)
class _Records:
    """One subject's records in a project: id -> record as plain data, and the field order."""

    subject: Subject
    fields: tuple[str, ...]
    sort_key: Callable[[str], Any]
    by_id: Mapping[str, Mapping[str, Json]]


def _records(project: Project) -> tuple[_Records, ...]:
    recommendations: dict[str, Mapping[str, Json]] = {}
    for rec in project.recommendations:
        data = plain(rec)
        item = project.work_item_by_member.get(rec.id)
        data[WORK_ITEM_FIELD] = item.id if item else None
        recommendations[rec.id] = data

    def by_id(
        records: Sequence[WorkItem | Session | Document | Owner],
    ) -> dict[str, Mapping[str, Json]]:
        return {record.id: plain(record) for record in records}

    task = project.task
    return (
        _Records(
            Subject.TASK,
            _record_fields(Task),
            str,
            {} if task is None else {f"Task No. {task.number}": plain(task)},
        ),
        _Records(
            Subject.RECOMMENDATION,
            recommendation_fields(),
            recommendation_sort_key,
            recommendations,
        ),
        _Records(
            Subject.WORK_ITEM, _record_fields(WorkItem, "members"), str, by_id(project.work_items)
        ),
        _Records(Subject.SESSION, _record_fields(Session), session_number, by_id(project.sessions)),
        _Records(Subject.DOCUMENT, _record_fields(Document), str, by_id(project.documents)),
        _Records(
            Subject.PLANNING,
            PLANNING_FIELDS,
            str,
            {} if project.planning is None else {PLANNING_ID: plain(project.planning)},
        ),
        _Records(
            Subject.OWNER,
            _record_fields(Owner),
            str,
            by_id(project.planning.owners if project.planning else ()),
        ),
    )


PLANNING_ID = "planning.yaml"
PLANNING_FIELDS = tuple(f.name for f in msgspec.structs.fields(PlanningFile) if f.name != "owners")
"""The settings of ``planning.yaml``; its owners are records of their own."""


def compare_projects(before: Project, after: Project) -> tuple[Change, ...]:
    """Every difference in the data from ``before`` to ``after``, in reading order: by subject,
    then by id (recommendations by number, sessions by session), then field by field."""
    changes: list[Change] = []
    for old, new in zip(_records(before), _records(after), strict=True):
        ids = sorted(old.by_id.keys() | new.by_id.keys(), key=old.sort_key)
        for record_id in ids:
            changes += _record_changes(
                old.subject,
                old.fields,
                record_id,
                old.by_id.get(record_id),
                new.by_id.get(record_id),
            )
    changes += survey_changes(before, after)
    return tuple(changes)


SURVEY_FIELDS = tuple(f.name for f in msgspec.structs.fields(SurveyFile))
"""The compared fields of a survey: those of ``survey.yaml``, in file order."""


def survey_changes(before: Project, after: Project) -> Iterator[Change]:
    """Surveys added or removed or with changed metadata, then per office (in code order) the
    responses added or removed and the answers changed, recommendation by recommendation."""
    old = {survey.id: survey for survey in before.surveys}
    new = {survey.id: survey for survey in after.surveys}
    for survey_id in sorted(old.keys() | new.keys()):
        was, now = old.get(survey_id), new.get(survey_id)
        yield from _record_changes(
            Subject.SURVEY,
            SURVEY_FIELDS,
            survey_id,
            None if was is None else plain(was.metadata),
            None if now is None else plain(now.metadata),
        )
        responses_before = {r.office: r for r in was.responses} if was else {}
        responses_after = {r.office: r for r in now.responses} if now else {}
        for office in sorted(responses_before.keys() | responses_after.keys()):
            yield from _response_changes(
                f"{survey_id}/{office}", responses_before.get(office), responses_after.get(office)
            )


def _answers(response: Response) -> dict[str, Json]:
    """Recommendation id -> the value, or ``{value, comment}`` when the answer has a comment."""
    return {
        rec_id: plain(answer.value) if answer.comment is None else plain(answer)
        for rec_id, answer in response.answers.items()
    }


def _response_changes(
    response_id: str, before: Response | None, after: Response | None
) -> Iterator[Change]:
    if before is None or after is None:
        side = before or after
        assert side is not None
        record = {"office": side.office, "answers": _answers(side), "note": side.note}
        yield Change(
            Subject.RESPONSE,
            response_id,
            None,
            record if before is not None else None,
            record if after is not None else None,
        )
        return
    old, new = _answers(before), _answers(after)
    for rec_id in sorted(old.keys() | new.keys(), key=recommendation_sort_key):
        if old.get(rec_id) != new.get(rec_id):
            yield Change(Subject.RESPONSE, response_id, rec_id, old.get(rec_id), new.get(rec_id))
    if before.note != after.note:
        yield Change(Subject.RESPONSE, response_id, "note", before.note, after.note)


def _record_changes(
    subject: Subject,
    fields: Sequence[str],
    record_id: str,
    before: Mapping[str, Json] | None,
    after: Mapping[str, Json] | None,
) -> Iterator[Change]:
    if before is None or after is None:
        yield Change(subject, record_id, None, before, after)
        return
    for name in fields:
        if before.get(name) != after.get(name):
            yield Change(subject, record_id, name, before.get(name), after.get(name))


def _subject_records(project: Project, subject: Subject) -> _Records:
    return next(records for records in _records(project) if records.subject is subject)


def recommendation_changes(before: Project, after: Project, rec_id: str) -> tuple[Change, ...]:
    """The changes to one recommendation (``roadmap log``)."""
    fields = recommendation_fields()
    old = _subject_records(before, Subject.RECOMMENDATION).by_id.get(rec_id)
    new = _subject_records(after, Subject.RECOMMENDATION).by_id.get(rec_id)
    if old is None and new is None:
        return ()
    return tuple(_record_changes(Subject.RECOMMENDATION, fields, rec_id, old, new))


# ---- describing values ------------------------------------------------------------------------


def format_value(field: str | None, value: Json) -> str:
    """A value as a reader sees it: "—" for not known, "none" for an empty list, a history
    entry as "CWS/7 group: 2 → 1 (CWS/7/29)", a whole record as its title (else its text)."""
    if value is None:
        return DASH
    if field is None:
        return _record_text(value)
    if isinstance(value, list):
        separator = "; " if field == "history" else ", "
        return separator.join(format_item(field, item) for item in value) if value else "none"
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


def list_delta(before: Json, after: Json) -> tuple[tuple[Json, ...], tuple[Json, ...]]:
    """The items of a list value that were removed and those that were added."""
    old = before if isinstance(before, list) else []
    new = after if isinstance(after, list) else []
    return tuple(i for i in old if i not in new), tuple(i for i in new if i not in old)


# ---- sentences --------------------------------------------------------------------------------

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
    order: Mapping[Subject, tuple[str, ...]] = {
        Subject.TASK: _record_fields(Task),
        Subject.RECOMMENDATION: recommendation_fields(),
        Subject.WORK_ITEM: _record_fields(WorkItem, "members"),
        Subject.SESSION: _record_fields(Session),
        Subject.DOCUMENT: _record_fields(Document),
        Subject.PLANNING: PLANNING_FIELDS,
        Subject.OWNER: _record_fields(Owner),
        Subject.SURVEY: SURVEY_FIELDS,
    }
    fields = order[subject]
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


# ---- effects: problems ------------------------------------------------------------------------


def problem_effects(base: ProjectLoad, head: ProjectLoad) -> tuple[ProblemEffect, ...]:
    """Problems in ``head`` that ``base`` does not have (new), then the reverse (resolved).

    Problems are matched by file (relative to the data folder), severity, check and message,
    not by line: a warning that only moved down the file is neither new nor resolved.
    """
    base_keys = Counter(_problem_key(p, base) for p in base.problems)
    head_keys = Counter(_problem_key(p, head) for p in head.problems)
    new = _unmatched(head.problems, head, base_keys)
    resolved = _unmatched(base.problems, base, head_keys)
    return tuple(ProblemEffect(True, p) for p in new) + tuple(
        ProblemEffect(False, p) for p in resolved
    )


def _unmatched(
    problems: Sequence[Problem], loaded: ProjectLoad, other: Counter[tuple[str, ...]]
) -> list[Problem]:
    remaining = Counter(other)
    unmatched = []
    for problem in problems:  # already sorted by file, line, column and check
        key = _problem_key(problem, loaded)
        if remaining[key]:
            remaining[key] -= 1
        else:
            unmatched.append(problem)
    return unmatched


def _problem_key(problem: Problem, loaded: ProjectLoad) -> tuple[str, ...]:
    root = _data_root(loaded)
    file = problem.file.removeprefix(root) if root else problem.file
    return (file, problem.severity.value, problem.code, problem.message)


def _data_root(loaded: ProjectLoad) -> str:
    """The data folder's prefix of the file names, e.g. ``HEAD~1:data/`` or ``data/``."""
    for name in loaded.files:
        if name.endswith(RECOMMENDATIONS_FILE):
            return name[: -len(RECOMMENDATIONS_FILE)]
    return ""


# ---- effects: computed priorities -------------------------------------------------------------


def priority_effects(before: Project, after: Project) -> Iterator[PriorityEffect]:
    """Computed ranks and levels that moved, per survey in both versions with answers in either.

    Each version is ranked by its survey's default method (`priorities.default_method`), as
    `roadmap priorities` shows it. Only recommendations in both versions are compared (one
    added or removed is a change of the data already). Moves come per survey in id order: ranks
    in the order of the head's ranking (unranked last), then levels in recommendation order.
    """
    surveys_before = {survey.id: survey for survey in before.surveys}
    for survey in after.surveys:
        was = surveys_before.get(survey.id)
        if was is None or not (was.has_answers or survey.has_answers):
            continue
        old = {item.id: item for item in prioritise(was, before.recommendations).items}
        report = prioritise(survey, after.recommendations)
        method = report.method.value
        common = [item for item in report.items if item.id in old]
        for item in common:
            if old[item.id].rank != item.rank:
                yield PriorityEffect(
                    survey.id, method, item.id, "rank", old[item.id].rank, item.rank
                )
        for item in sorted(common, key=lambda i: recommendation_sort_key(i.id)):
            if old[item.id].level != item.level:
                yield PriorityEffect(
                    survey.id,
                    method,
                    item.id,
                    "level",
                    plain(old[item.id].level),
                    plain(item.level),
                )


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
                if len(ranks) <= _NAMED_RANK_MOVES
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


_NAMED_RANK_MOVES = 5
"""Up to this many rank moves are named in the summary; more are counted (the table has all)."""


def move_text(shift: int) -> str:
    """``up 3`` or ``down 1``: places in a ranking (positive is up)."""
    return f"up {shift}" if shift > 0 else f"down {-shift}"


def _rank_text(rank: Json) -> str:
    return "unranked" if rank is None else str(rank)


# ---- effects: the schedule --------------------------------------------------------------------


def _plan(project: Project) -> Plan:
    """The timeline `roadmap schedule` shows with no options: from the plan start, with the
    computed priorities of the planning survey (never an illustrative one)."""
    from roadmap_cli.schedule import make_plan

    levels = steering_levels(project.surveys, project.recommendations)
    return make_plan(project, PlanSettings(computed_priorities=levels))


def _placement(slot: Slot) -> Placement:
    return Placement(
        slot.start_date.isoformat(),
        slot.end_date.isoformat(),
        slot.session.id if slot.session else None,
        slot.critical,
    )


def schedule_effects(before: Project, after: Project) -> Iterator[ScheduleEffect | PlanEndEffect]:
    """Units whose dates, target session or criticality changed, or that joined or left the
    timeline, in the head's priority order (units that left after, by id); then the plan's end.
    Nothing when either version has no planning assumptions (``planning.yaml``)."""
    if before.planning is None or after.planning is None:
        return
    old, new = _plan(before), _plan(after)
    old_slots, new_slots = old.slot_by_id(), new.slot_by_id()
    for slot in new.slots:
        was = old_slots.get(slot.unit.id)
        placement = _placement(slot)
        if was is None or _placement(was) != placement:
            yield ScheduleEffect(
                slot.unit.id, slot.unit.members, None if was is None else _placement(was), placement
            )
    for unit_id in sorted(old_slots.keys() - new_slots.keys(), key=recommendation_sort_key):
        was = old_slots[unit_id]
        yield ScheduleEffect(unit_id, was.unit.members, _placement(was), None)
    if old.slots and new.slots and old.end_date != new.end_date:
        yield PlanEndEffect(old.end_date.isoformat(), new.end_date.isoformat())


def shift_text(months: int) -> str:
    """``+3 months``, ``-1 month``: a move on the timeline (later is positive)."""
    return f"{months:+d} month{'' if abs(months) == 1 else 's'}"


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
        named = f" ({', '.join(_moved(e) for e in moved)})" if count <= _NAMED_RANK_MOVES else ""
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


EFFECT_FUNCTIONS: tuple[EffectFunction, ...] = (priority_effects, schedule_effects)
"""The effects computed from two valid projects, in reading order (problem effects need the
problems, not the projects, and come last)."""
