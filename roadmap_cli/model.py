"""The Task 58 domain: recommendations, work items, sessions and the project that holds them.

The classes are frozen msgspec Structs rather than dataclasses: one declaration gives the plain
immutable model, the fast shape check of the YAML files (msgspec is a C extension that adds about
10 ms of start-up, against about 90 ms for jsonschema) and the JSON Schema that editors use
(`roadmap schema`). Field names are the YAML keys. Models carry no file positions.

The annotations are not postponed (no ``from __future__ import annotations``): msgspec reads
them as objects the first time a file is converted, instead of evaluating strings. The plain
records that a query creates at start-up (problems, loads, views) are Structs for the same
reason as these: creating a class costs a C call, where a dataclass compiles its methods
(13 dataclasses were a tenth of `roadmap status`, issue 16).
"""

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, NewType

import msgspec

if TYPE_CHECKING:
    from roadmap_cli.surveys import Survey

RecommendationId = NewType("RecommendationId", str)
SessionId = NewType("SessionId", str)

# Each pattern must match the whole value: msgspec searches with Python's `re`, where `$` also
# matches before a final newline, so an id written as a block scalar (`id: |`) kept its newline
# ("R02\n") and passed. `(?!\n)$` is a full match in Python and in the JSON Schema's ECMA
# dialect alike (issue #12).
RECOMMENDATION_ID_PATTERN = r"^R[0-9]{2,}(?!\n)$"
SESSION_ID_PATTERN = r"^CWS/[1-9][0-9]*(?!\n)$"
STANDARD_PATTERN = r"^ST\.[1-9][0-9]*(?!\n)$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*(?!\n)$"
OFFICE_CODE_PATTERN = r"^[A-Z]{2}(?!\n)$"
"""A WIPO ST.3 code: two capital letters (``NO`` is Norway, kept as text by the loader)."""
PARTIAL_DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])(-[0-9]{2})?(?!\n)$"
"""A day (``2021-06-15``) or, when only the month is known, a month (``2021-06``)."""
MILESTONE_PATTERN = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|CWS/[1-9][0-9]*)(?!\n)$"

RecommendationIdField = Annotated[
    str,
    msgspec.Meta(
        pattern=RECOMMENDATION_ID_PATTERN, description="R followed by two or more digits, e.g. R01."
    ),
]
SessionIdField = Annotated[
    str, msgspec.Meta(pattern=SESSION_ID_PATTERN, description="A CWS session, e.g. CWS/8.")
]
StandardField = Annotated[
    str, msgspec.Meta(pattern=STANDARD_PATTERN, description="A WIPO Standard, e.g. ST.96.")
]
TaskNumber = Annotated[int, msgspec.Meta(ge=1, description="A CWS Task number, e.g. 58.")]
SlugField = Annotated[
    str, msgspec.Meta(pattern=SLUG_PATTERN, description="Lower-case words joined by hyphens.")
]
OfficeCodeField = Annotated[
    str, msgspec.Meta(pattern=OFFICE_CODE_PATTERN, description="A WIPO ST.3 code, e.g. EP.")
]
PartialDateField = Annotated[
    str,
    msgspec.Meta(
        pattern=PARTIAL_DATE_PATTERN,
        description="YYYY-MM-DD, or YYYY-MM when only the month is known.",
    ),
]
Text = Annotated[str, msgspec.Meta(min_length=1)]
MilestoneField = Annotated[
    str,
    msgspec.Meta(
        pattern=MILESTONE_PATTERN,
        description="A date (YYYY-MM-DD) or a CWS session (CWS/9).",
    ),
]
Months = Annotated[
    int, msgspec.Meta(ge=1, le=600, description="Whole months of work, from 1 to 600.")
]
Percent = Annotated[int, msgspec.Meta(ge=0, le=100, description="From 0 to 100.")]
Capacity = Annotated[
    int, msgspec.Meta(ge=1, description="How many pieces of work an owner runs at once.")
]
HistoryValue = int | str | list[int | str] | None


class Group(enum.IntEnum):
    """The three groups into which CWS/6 sorted the 40 Recommendations."""

    ONE = 1
    TWO = 2
    THREE = 3


class Priority(enum.StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Method(enum.StrEnum):
    """How a survey's answers to one recommendation become its score (see priorities.py)."""

    MEDIAN = "median"
    MEAN = "mean"
    BAYES = "bayes"
    BORDA = "borda"


class Status(enum.StrEnum):
    """Where the work on a recommendation stands."""

    UNDER_REVIEW = "under-review"
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    ON_HOLD = "on-hold"
    DROPPED = "dropped"


class Prefer(enum.StrEnum):
    """Which side wins when a document imported contradicts a value the data knows."""

    DOCUMENT = "document"
    DATA = "data"


class _Block(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every block in a data file: immutable, keyword-only, unknown keys rejected."""


class HistoryEntry(_Block, frozen=True, kw_only=True):
    """A change to one field of a recommendation, decided at a CWS session."""

    session: SessionIdField
    field: str
    """The recommendation field that changed, e.g. ``group``."""
    before: HistoryValue = None
    after: HistoryValue = None
    """The new value; null when the change is known to have happened but not its value."""
    source: Text
    """The document that records the change, e.g. ``CWS/7/29``."""
    note: str | None = None


class Recommendation(_Block, frozen=True, kw_only=True):
    """One of the Recommendations, as it stands in the Annex table."""

    id: RecommendationIdField
    title: str | None = None
    """A short label for tables and charts; null until known."""
    text: str | None = None
    """The official text, quoted; null until transcribed."""
    group: Group | None = None
    standards: tuple[StandardField, ...] | None = None
    """Relevant WIPO Standards; null means not known, [] means none."""
    tasks: tuple[TaskNumber, ...] | None = None
    """Relevant CWS Task numbers; null means not known, [] means none."""
    priority: Priority | None = None
    """The priority adopted by the CWS; null when none was adopted or it is not known."""
    depends_on: tuple[RecommendationIdField, ...] = ()
    status: Status | None = None
    effort_months: Months | None = None
    """Months of work from start to finish; null: the default in ``planning.yaml`` (assumed)."""
    not_before: MilestoneField | None = None
    """Work cannot start before this date, or before this CWS session has ended."""
    deadline: MilestoneField | None = None
    """Work must end by this date, or in time to be reported at this CWS session."""
    percent_complete: Percent | None = None
    """How much of the work is done; the rest is scheduled."""
    owner: SlugField | None = None
    """Who carries the work out: one of the owners in ``planning.yaml``; null: the default."""
    history: tuple[HistoryEntry, ...] = ()
    sources: tuple[Text, ...] = ()
    """Documents that back the facts in this block."""
    note: str | None = None


class WorkItem(_Block, frozen=True, kw_only=True):
    """Recommendations prioritised and carried out together as one piece of work."""

    id: SlugField
    title: Text
    members: Annotated[tuple[RecommendationIdField, ...], msgspec.Meta(min_length=2)]
    sources: tuple[Text, ...] = ()
    note: str | None = None


class Document(_Block, frozen=True, kw_only=True):
    """A document cited as a source, e.g. a session report."""

    id: Text
    """The document symbol (``CWS/7/29``) or a short name (``report``)."""
    title: Text
    note: str | None = None


class Meeting(_Block, frozen=True, kw_only=True):
    """A meeting of the Task Force (between CWS sessions)."""

    when: PartialDateField
    place: str | None = None
    note: str | None = None
    sources: tuple[Text, ...] = ()


class Task(_Block, frozen=True, kw_only=True):
    """The CWS Task that owns the roadmap, and the Task Force that carries it out."""

    number: TaskNumber
    title: str | None = None
    """The official wording of the task; null until transcribed."""
    task_force: Text
    leader: str | None = None
    """Who leads the Task Force, e.g. the International Bureau."""
    created_at: SessionIdField
    activities: tuple[Text, ...] = ()
    """What the task description asks the Task Force to do (paraphrased)."""
    meetings: tuple[Meeting, ...] = ()
    sources: tuple[Text, ...] = ()
    note: str | None = None


class RecommendationsFile(_Block, frozen=True, kw_only=True):
    """The shape of ``data/recommendations.yaml``."""

    task: Task | None = None
    documents: tuple[Document, ...] = ()
    recommendations: tuple[Recommendation, ...]
    work_items: tuple[WorkItem, ...] = ()


class Session(_Block, frozen=True, kw_only=True):
    """A session of the Committee on WIPO Standards."""

    id: SessionIdField
    start: dt.date | None = None
    end: dt.date | None = None
    place: str | None = None
    assumed: bool = False
    """True when the dates are a planning assumption, not an announced fact."""
    sources: tuple[Text, ...] = ()
    note: str | None = None

    @property
    def number(self) -> int:
        return session_number(self.id)


class SessionsFile(_Block, frozen=True, kw_only=True):
    """The shape of ``data/sessions.yaml``."""

    sessions: tuple[Session, ...]


class PlanStart(_Block, frozen=True, kw_only=True):
    """The first day of the plan: month 1 of the timeline starts here."""

    date: dt.date
    assumed: bool = False
    """True when the date is a planning assumption, not a decision of the CWS."""
    note: str | None = None


class EffortRule(_Block, frozen=True, kw_only=True):
    """A default effort for the recommendations that match it (all of its given keys)."""

    priority: Priority | None = None
    """Only recommendations with this adopted priority; null: any."""
    group: Group | None = None
    """Only recommendations of this group; null: any."""
    effort_months: Months


class DefaultEffort(_Block, frozen=True, kw_only=True):
    """Efforts for recommendations that give none: the first matching rule wins."""

    rules: Annotated[tuple[EffortRule, ...], msgspec.Meta(min_length=1)]
    assumed: bool = False
    """True when the efforts are planning assumptions (no durations are known publicly)."""
    note: str | None = None


class Owner(_Block, frozen=True, kw_only=True):
    """Who carries work out, e.g. the Task Force or the International Bureau."""

    id: SlugField
    name: Text
    capacity: Capacity | None = None
    """How many recommendations (or work items) it runs at once; null: no limit."""
    capacity_assumed: bool = False
    """True when the capacity is a planning assumption."""
    sources: tuple[Text, ...] = ()
    note: str | None = None


class DefaultOwner(_Block, frozen=True, kw_only=True):
    """The owner of recommendations that name none."""

    owner: SlugField
    assumed: bool = False
    """True when who carries the work out is a planning assumption."""
    note: str | None = None


class PlanningFile(_Block, frozen=True, kw_only=True):
    """The shape of ``data/planning.yaml``: the planning assumptions, in one place."""

    plan_start: PlanStart
    as_of: (
        Annotated[
            dt.date,
            msgspec.Meta(
                description="The day every plan is made as of (default: today); "
                "--as-of overrides it."
            ),
        ]
        | None
    ) = None
    """The day every plan is made as of, when the data pins one (a document prepared for a
    session); without it, today. ``--as-of`` overrides it."""
    default_effort: DefaultEffort | None = None
    default_owner: DefaultOwner | None = None
    owners: tuple[Owner, ...] = ()


class ScenarioFile(_Block, frozen=True, kw_only=True):
    """A what-if for ``roadmap schedule --scenario``: it overrides the data, never edits it."""

    note: str | None = None
    plan_start: dt.date | None = None
    """Start the plan on this day instead."""
    capacity: dict[SlugField, Capacity | None] = {}
    """Owner id -> how many it runs at once (null: no limit)."""
    effort_months: dict[RecommendationIdField, Months] = {}
    """Recommendation id -> months of work."""
    default_effort_months: Months | None = None
    """The effort of every recommendation that gives none, instead of the default rules."""


def session_number(session_id: str) -> int:
    """7 for ``CWS/7``."""
    return int(session_id.removeprefix("CWS/"))


def recommendation_sort_key(recommendation_id: str) -> tuple[int, str]:
    """Numeric order of ids, so that R9 < R10 < R0100 whatever the zero padding."""
    digits = recommendation_id[1:]  # ids are R and digits; anything else sorts first, by text
    return (int(digits) if digits.isdigit() else 0, recommendation_id)


@dataclass(frozen=True, slots=True)
class Project:
    """Everything in a data folder that passed validation, with the lookups every command uses."""

    recommendations: tuple[Recommendation, ...]
    work_items: tuple[WorkItem, ...]
    sessions: tuple[Session, ...]
    documents: tuple[Document, ...]
    surveys: "tuple[Survey, ...]" = ()
    """The surveys in ``surveys/``, in id order."""
    planning: PlanningFile | None = None
    """The planning assumptions; None when the data folder has no ``planning.yaml``."""
    task: Task | None = None
    """The CWS Task and its Task Force, when the data names them."""
    recommendations_by_id: Mapping[str, Recommendation] = field(init=False)
    dependents_by_id: Mapping[str, tuple[str, ...]] = field(init=False)
    """Which recommendations depend directly on each one."""
    work_item_by_member: Mapping[str, WorkItem] = field(init=False)

    def __post_init__(self) -> None:
        by_id = {r.id: r for r in self.recommendations}
        dependents: dict[str, list[str]] = {r.id: [] for r in self.recommendations}
        for recommendation in self.recommendations:
            for prerequisite in recommendation.depends_on:
                # Always known in a valid project; a partial one (`ProjectLoad.partial`, data
                # with errors) may name an unknown id.
                if prerequisite in dependents:
                    dependents[prerequisite].append(recommendation.id)
        set_ = object.__setattr__  # frozen: the derived lookups are set once here
        set_(self, "recommendations_by_id", MappingProxyType(by_id))
        set_(
            self,
            "dependents_by_id",
            MappingProxyType(
                {k: tuple(sorted(v, key=recommendation_sort_key)) for k, v in dependents.items()}
            ),
        )
        set_(
            self,
            "work_item_by_member",
            MappingProxyType({m: w for w in self.work_items for m in w.members}),
        )

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def survey(self, survey_id: str) -> "Survey | None":
        return next((s for s in self.surveys if s.id == survey_id), None)
