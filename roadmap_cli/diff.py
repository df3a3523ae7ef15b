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
  by a small function of the two projects and the planning options, listed in
  `EFFECT_FUNCTIONS` (computed priority rank and level moves; schedule moves, both versions
  planned with the same options as of the same day), plus the problems that the
  head introduces or resolves, which need the problems rather than the projects. A function
  returns its effects in a defined order; `diff_versions` only concatenates them.

This module compares and computes; it says nothing in words. The sentences, the section titles
and the wording of values are in `views.diff`, and the JSON document in `render.json`.
Everything here is pure: the versions are loaded by `snapshot.py` (git refs, folders) and
`load.py` (the working tree).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec

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
from roadmap_cli.priorities import prioritise
from roadmap_cli.problems import Problem
from roadmap_cli.project import RECOMMENDATIONS_FILE, PlanOptions, ProjectLoad, planned_as_of
from roadmap_cli.snapshot import Snapshot
from roadmap_cli.surveys import Response, SurveyFile
from roadmap_cli.views.changes import ADDED, REMOVED, kind_of

if TYPE_CHECKING:  # the planner: only the schedule effects load it
    from roadmap_cli.schedule import Plan, Slot

Json = Any
"""Plain JSON data: None, bool, int, float, str, lists and objects of these."""


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


def _months_between(before: str, after: str) -> int:
    """Whole calendar months from one ISO day to another (2022-01-31 -> 2022-04-30: 3)."""
    b, a = dt.date.fromisoformat(before), dt.date.fromisoformat(after)
    return (a.year - b.year) * 12 + a.month - b.month


Effect = ProblemEffect | PriorityEffect | ScheduleEffect | PlanEndEffect
"""Every kind of effect: a value with ``kind`` and ``id``."""

EffectFunction = Callable[[Project, Project, PlanOptions], Iterable[Effect]]
"""An effect of the data changes: (base project, head project, planning options) -> effects,
in a defined order.
The functions in use are listed in `EFFECT_FUNCTIONS`, at the end of the module."""


@dataclass(frozen=True, slots=True)
class Diff:
    """What changed from a base version of the data to a head version."""

    base: str
    """The base as the reader knows it, e.g. ``main (1a2b3c4)``."""
    head: str
    changes: tuple[Change, ...]
    effects: tuple[Effect, ...]
    invalid: tuple[str, ...] = ()
    """The labels of the versions with data errors (base first): only the records without
    errors were compared, and no effect but the problems was computed; empty when both are
    valid."""
    not_compared: tuple[str, ...] = ()
    """The records with errors whose changes are not shown, e.g. ``R07``, ``every survey``."""
    as_of: dt.date | None = None
    """The day both versions were planned as of (the schedule effects' day); None when
    neither was planned."""

    @property
    def is_empty(self) -> bool:
        return not (self.changes or self.effects or self.invalid)


def diff_versions(base: Snapshot, head: Snapshot, options: PlanOptions | None = None) -> Diff:
    """The changes and effects from ``base`` to ``head``; each version may have problems.

    Both versions are planned with ``options`` as of one day: ``--as-of``, else the head's
    pinned day (the version under review), else ``options.today``. The data is compared only
    when both versions are valid; otherwise ``invalid`` names the version(s) with errors, and
    the problems that differ are still reported as effects. `project.OptionError` when an
    option does not fit a version (an owner or a survey it does not have).
    """
    options = options or PlanOptions()
    effects: list[Effect] = list(problem_effects(base.loaded, head.loaded))
    invalid = tuple(version.label for version in (base, head) if version.loaded.project is None)
    changes: tuple[Change, ...] = ()
    not_compared: tuple[str, ...] = ()
    as_of = None
    partial_before = base.loaded.project or base.loaded.partial
    partial_after = head.loaded.project or head.loaded.partial
    if invalid and partial_before is not None and partial_after is not None:
        # Data with errors: the changes of the records without errors; no effect is computed
        # from data that does not validate.
        skip = base.loaded.with_errors | head.loaded.with_errors
        not_compared = tuple(
            f"every {kind.replace('-', ' ')}" if record == "*" else record
            for kind, record in sorted(skip, key=lambda k: (k[0], recommendation_sort_key(k[1])))
        )
        changes = tuple(
            change
            for change in compare_projects(partial_before, partial_after)
            if (change.subject.value, change.id) not in skip
            and (change.subject.value, "*") not in skip
        )
    if base.loaded.project is not None and head.loaded.project is not None:
        before, after = base.loaded.project, head.loaded.project
        as_of = planned_as_of(after, options)
        options = msgspec.structs.replace(options, as_of=as_of)
        changes = compare_projects(before, after)
        effects = [
            e for function in EFFECT_FUNCTIONS for e in function(before, after, options)
        ] + effects
    return Diff(
        base=base.label,
        head=head.label,
        changes=changes,
        effects=tuple(effects),
        invalid=invalid,
        not_compared=not_compared,
        as_of=as_of,
    )


# ---- changes in the data ----------------------------------------------------------------------

WORK_ITEM_FIELD = "work_item"
"""The derived field of a recommendation: the id of the work item it belongs to, or null."""


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


def compared_fields(subject: Subject) -> tuple[str, ...]:
    """The fields compared for a record of ``subject``, in the order of its YAML block. A
    response's answers are compared by recommendation, so it has none here."""
    match subject:
        case Subject.TASK:
            return _record_fields(Task)
        case Subject.RECOMMENDATION:
            return recommendation_fields()
        case Subject.WORK_ITEM:
            return _record_fields(WorkItem, "members")
        case Subject.SESSION:
            return _record_fields(Session)
        case Subject.DOCUMENT:
            return _record_fields(Document)
        case Subject.PLANNING:
            return PLANNING_FIELDS
        case Subject.OWNER:
            return _record_fields(Owner)
        case Subject.SURVEY:
            return SURVEY_FIELDS
        case Subject.RESPONSE:
            return ()


@dataclass(frozen=True, slots=True)
class _Records:
    """One subject's records in a project: id -> record as plain data, and the field order."""

    subject: Subject
    fields: tuple[str, ...]
    sort_key: Callable[[str], Any]
    by_id: Mapping[str, Mapping[str, Json]]


def _recommendation_record(project: Project, rec_id: str) -> Mapping[str, Json] | None:
    """One recommendation as plain data, with the work item it belongs to; None if absent."""
    rec = project.recommendations_by_id.get(rec_id)
    if rec is None:
        return None
    data = plain(rec)
    item = project.work_item_by_member.get(rec.id)
    data[WORK_ITEM_FIELD] = item.id if item else None
    return data  # type: ignore[no-any-return]


def _records(project: Project) -> tuple[_Records, ...]:
    recommendations: dict[str, Mapping[str, Json]] = {}
    for rec in project.recommendations:
        record = _recommendation_record(project, rec.id)
        assert record is not None
        recommendations[rec.id] = record

    def by_id(
        records: Sequence[WorkItem | Session | Document | Owner],
    ) -> dict[str, Mapping[str, Json]]:
        return {record.id: plain(record) for record in records}

    task = project.task
    return (
        _Records(
            Subject.TASK,
            compared_fields(Subject.TASK),
            str,
            {} if task is None else {f"Task No. {task.number}": plain(task)},
        ),
        _Records(
            Subject.RECOMMENDATION,
            compared_fields(Subject.RECOMMENDATION),
            recommendation_sort_key,
            recommendations,
        ),
        _Records(
            Subject.WORK_ITEM,
            compared_fields(Subject.WORK_ITEM),
            str,
            by_id(project.work_items),
        ),
        _Records(
            Subject.SESSION,
            compared_fields(Subject.SESSION),
            session_number,
            by_id(project.sessions),
        ),
        _Records(
            Subject.DOCUMENT, compared_fields(Subject.DOCUMENT), str, by_id(project.documents)
        ),
        _Records(
            Subject.PLANNING,
            compared_fields(Subject.PLANNING),
            str,
            {} if project.planning is None else {PLANNING_ID: plain(project.planning)},
        ),
        _Records(
            Subject.OWNER,
            compared_fields(Subject.OWNER),
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
    old, new = _recommendation_record(before, rec_id), _recommendation_record(after, rec_id)
    if old is None and new is None:
        return ()
    return tuple(_record_changes(Subject.RECOMMENDATION, fields, rec_id, old, new))


def list_delta(before: Json, after: Json) -> tuple[tuple[Json, ...], tuple[Json, ...]]:
    """The items of a list value that were removed and those that were added."""
    old = before if isinstance(before, list) else []
    new = after if isinstance(after, list) else []
    return tuple(i for i in old if i not in new), tuple(i for i in new if i not in old)


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


def priority_effects(
    before: Project, after: Project, options: PlanOptions
) -> Iterator[PriorityEffect]:
    """Computed ranks and levels that moved, per survey in both versions with answers in either
    (whatever the planning ``options``: every survey is compared).

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


# ---- effects: the schedule --------------------------------------------------------------------


def _plan(project: Project, options: PlanOptions) -> Plan:
    """The timeline `roadmap schedule` shows with the same options (`project.plan_project`)."""
    from roadmap_cli.project import plan_project

    return plan_project(project, options)


def _placement(slot: Slot) -> Placement:
    return Placement(
        slot.start_date.isoformat(),
        slot.end_date.isoformat(),
        slot.session.id if slot.session else None,
        slot.critical,
    )


def schedule_effects(
    before: Project, after: Project, options: PlanOptions
) -> Iterator[ScheduleEffect | PlanEndEffect]:
    """Units whose dates, target session or criticality changed, or that joined or left the
    timeline, in the head's priority order (units that left after, by id); then the plan's end.
    Both versions are planned with ``options``.
    Nothing when either version has no planning assumptions (``planning.yaml``)."""
    if before.planning is None or after.planning is None:
        return
    old, new = _plan(before, options), _plan(after, options)
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


EFFECT_FUNCTIONS: tuple[EffectFunction, ...] = (priority_effects, schedule_effects)
"""The effects computed from two valid projects, in reading order (problem effects need the
problems, not the projects, and come last)."""
