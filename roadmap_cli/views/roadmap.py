"""The roadmap document's content, decided once: what the report (HTML) and the draft (DOCX) say.

`roadmap_view` gathers, from a project and its computed plan, everything the two documents show
beyond the Gantt chart and the Annex table (which have their own views): the title block, the
generated summary, the counts, what the next two CWS sessions can expect, the priorities table,
the schedule table, the planner's warnings and the list of *data gaps*: what is not known here
(texts, groups, Standards/Tasks, statuses, survey answers, changes whose new values are not
known) and which planning values are assumed. The sentences are written here, so both documents
read the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from roadmap_cli.calendar import DatedSession, dated_sessions
from roadmap_cli.model import Project, Recommendation, recommendation_sort_key, session_number
from roadmap_cli.priorities import PriorityReport
from roadmap_cli.schedule import Plan, Slot
from roadmap_cli.surveys import Survey
from roadmap_cli.views.annex import AnnexView
from roadmap_cli.views.plan import critical_path_text, status_note
from roadmap_cli.views.status import Overview, overview
from roadmap_cli.views.timeline import GanttView
from roadmap_cli.views.words import DASH

COMMITTEE = "Committee on WIPO Standards (CWS)"
TASK = "Task No. 58: ICT Strategy for Standards Task Force"
TITLE = "Draft strategic roadmap of the 40 Recommendations"
FIELD_WORDS = {
    "standards-or-tasks": "relevant Standard(s)/Task(s)",
    "standards": "relevant Standard(s)",
    "tasks": "relevant CWS Task(s)",
    "text": "text",
    "title": "title",
}
"""History fields as words; the others (group, priority, ...) read as they are."""


@dataclass(frozen=True, slots=True)
class Gap:
    """One kind of missing or assumed data."""

    topic: str
    short: str
    """A phrase for the summary: ``38 of 40 official texts``."""
    detail: str
    """The full statement, naming the recommendations."""
    assumed: bool = False
    """True for a planning value that is assumed (as opposed to a fact not known here)."""


@dataclass(frozen=True, slots=True)
class SessionWork:
    """What one of the next sessions can expect from the plan."""

    session: DatedSession
    reported: tuple[str, ...]
    """Units whose results can first be reported there."""
    under_way: tuple[str, ...]
    """Units still running when it opens."""

    @property
    def label(self) -> str:
        return session_label(self.session)


@dataclass(frozen=True, slots=True)
class SimpleTable:
    """A table as text: headers and rows of cells, ready to format."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RoadmapView:
    """Everything the report and the draft show."""

    title: str
    committee: str
    task: str
    session: str
    """The session the document is prepared for (the next one on the as-of day)."""
    as_of: dt.date
    summary: tuple[str, ...]
    """The generated summary, one paragraph each; `next_sessions` completes it."""
    counts: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    """(heading, ((label, count), ...)): by group, by priority, by status."""
    next_sessions: tuple[SessionWork, ...]
    gaps: tuple[Gap, ...]
    warnings: tuple[str, ...]
    """The planner's warnings (missed deadlines), one sentence each."""
    priorities: SimpleTable | None
    """The ranked priorities of the survey shown; None when no survey has answers."""
    priorities_illustrative: bool
    schedule: SimpleTable
    gantt: GanttView
    annex: AnnexView


def session_label(session: DatedSession) -> str:
    """``CWS/15* (2027-11-22 to 2027-11-26, dates assumed)``."""
    dates = f"{session.start} to {session.end}" + (", dates assumed" if session.assumed else "")
    return f"{session.id}{'*' if session.assumed else ''} ({dates})"


def id_ranges(ids: Iterable[str]) -> str:
    """``R02-R05, R07, R10-R12``: ids in numeric order, runs of three or more as a range."""
    ordered = sorted(set(ids), key=recommendation_sort_key)
    runs: list[list[str]] = []
    for rec_id in ordered:
        number = recommendation_sort_key(rec_id)[0]
        if runs and recommendation_sort_key(runs[-1][-1])[0] == number - 1:
            runs[-1].append(rec_id)
        else:
            runs.append([rec_id])
    return ", ".join(f"{run[0]}\u2013{run[-1]}" if len(run) > 2 else ", ".join(run) for run in runs)


def _count(items: Sequence[object], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _listing(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def roadmap_view(
    project: Project,
    plan: Plan,
    *,
    as_of: dt.date,
    gantt: GanttView,
    annex: AnnexView,
    survey: Survey | None,
    priorities: PriorityReport | None,
) -> RoadmapView:
    """The report's and the draft's content for ``project`` as of ``as_of``."""
    facts = overview(project, as_of=as_of)
    upcoming = _next_sessions(project, plan, as_of)
    gaps = data_gaps(project, gantt.notes)
    return RoadmapView(
        title=TITLE,
        committee=COMMITTEE,
        task=TASK,
        session=session_label(facts.next_session) if facts.next_session else DASH,
        as_of=as_of,
        summary=_summary(project, plan, facts, gaps, priorities),
        counts=(
            ("By group", facts.by_group),
            ("By adopted priority", facts.by_priority),
            ("By status", facts.by_status),
        ),
        next_sessions=upcoming,
        gaps=gaps,
        warnings=tuple(finding.message for finding in plan.findings),
        priorities=priorities_table(survey, priorities) if priorities else None,
        priorities_illustrative=bool(priorities and priorities.illustrative),
        schedule=_schedule_table(plan),
        gantt=gantt,
        annex=annex,
    )


def _next_sessions(project: Project, plan: Plan, as_of: dt.date) -> tuple[SessionWork, ...]:
    """The first two sessions that have not ended on ``as_of``, with the plan's work at each."""
    through = max(as_of, plan.end_date) + dt.timedelta(days=800)
    sessions = [s for s in dated_sessions(project.sessions, through=through) if s.end >= as_of]
    return tuple(
        SessionWork(
            session,
            tuple(s.unit.label for s in plan.slots if s.session and s.session.id == session.id),
            tuple(s.unit.label for s in plan.slots if s.start_date < session.start <= s.end_date),
        )
        for session in sessions[:2]
    )


def _summary(
    project: Project,
    plan: Plan,
    facts: Overview,
    gaps: Sequence[Gap],
    priorities: PriorityReport | None,
) -> tuple[str, ...]:
    paragraphs = [
        f"The {facts.total} Recommendations: "
        + ", ".join(f"{count} {label}" for label, count in _words(facts.by_group, "group"))
        + "; by adopted priority "
        + ", ".join(f"{count} {label}" for label, count in _words(facts.by_priority, "priority"))
        + ".",
    ]
    items = project.work_items
    if plan.slots:
        labels = ["+".join(sorted(w.members, key=recommendation_sort_key)) for w in items]
        joined = f" ({_listing(labels)} count as one work item each)" if items else ""
        path = critical_path_text(plan)
        first = min(slot.start_date for slot in plan.slots)
        paragraphs.append(
            f"Schedule, on the planning assumptions listed below: "
            f"{_count(plan.slots, 'unit')} of work{joined} run from {first} to "
            f"{plan.end_date}; critical path: {path or DASH}."
        )
    else:
        paragraphs.append("Schedule: no open work is left to schedule.")
    missing = [gap.short for gap in gaps if not gap.assumed]
    if missing:
        paragraphs.append("Still missing here: " + "; ".join(missing) + " (listed below).")
    if priorities is not None:
        kind = (
            "ILLUSTRATIVE answers, made up to reproduce a published outcome: not a result"
            if priorities.illustrative
            else f"{priorities.respondents} respondents"
        )
        paragraphs.append(
            f"Priorities chart and table: survey {priorities.survey_id} ({kind}); the adopted "
            "priorities are those in the Annex table."
        )
    return tuple(paragraphs)


def _words(counts: Sequence[tuple[str, int]], kind: str) -> list[tuple[str, int]]:
    """Counts with words that read in a sentence: ``12 in Group 1``, ``28 not known``."""
    labels = []
    for label, count in counts:
        if kind == "group":
            text = f"in {label}" if label.startswith("Group") else "whose group is not known"
        else:
            text = label
        labels.append((text, count))
    return labels


def data_gaps(project: Project, assumptions: Sequence[str]) -> tuple[Gap, ...]:
    """What is not known here, then what the plan assumes."""
    recs = project.recommendations
    total = len(recs)

    def missing(topic: str, ids: list[str], short: str, what: str) -> Gap | None:
        if not ids:
            return None
        share = f"{len(ids)} of {total}"
        return Gap(topic, short.format(share), f"{share} {what}: {id_ranges(ids)}")

    found = [
        missing(
            "Official texts",
            [r.id for r in recs if r.text is None],
            "{} official texts",
            "not transcribed yet",
        ),
        missing("Groups", [r.id for r in recs if r.group is None], "{} groups", "not known"),
        missing(
            "Relevant WIPO Standard(s) or CWS Task(s)",
            [r.id for r in recs if r.standards is None and r.tasks is None],
            "the Standard(s)/Task(s) of {}",
            "not known",
        ),
        missing(
            "Short titles", [r.id for r in recs if r.title is None], "{} short titles", "not known"
        ),
        missing(
            "Status",
            [r.id for r in recs if r.status is None],
            "the status of {}",
            "without a recorded status (the planner takes them as not started)",
        ),
    ]
    gaps = [gap for gap in found if gap is not None]
    gaps += _unknown_changes(recs)
    gaps += _survey_gaps(project.surveys)
    undated = [s.id for s in project.sessions if s.start is None]
    last = project.sessions[-1].id if project.sessions else None
    if undated or last:
        listed = f"{_listing(undated)} are in the calendar without dates; " if undated else ""
        gaps.append(
            Gap(
                "Session dates",
                f"the dates of {_listing(undated)}" if undated else f"sessions after {last}",
                f"{listed}sessions after {last} are not in it; the planner dates each such "
                "session a year after the one before, Monday to Friday (marked * in every output)",
                assumed=True,
            )
        )
    gaps += [Gap("Planning assumption", note, note, assumed=True) for note in assumptions]
    return tuple(gaps)


def _unknown_changes(recs: Sequence[Recommendation]) -> list[Gap]:
    """Changes known to have been decided whose new values are not known."""
    by_change: dict[tuple[str, str, str], list[str]] = {}
    for rec in recs:
        for entry in rec.history:
            if entry.after is None and entry.before is None:
                by_change.setdefault((entry.session, entry.field, entry.source), []).append(rec.id)
    return [
        Gap(
            "Changes with unknown values",
            f"the new {FIELD_WORDS.get(field_name, field_name)} decided at {session}",
            f"{FIELD_WORDS.get(field_name, field_name)} of {id_ranges(ids)} changed at {session} "
            f"({source}): the new values are not known here",
        )
        for (session, field_name, source), ids in sorted(
            by_change.items(), key=lambda item: (session_number(item[0][0]), item[0][1])
        )
    ]


def _survey_gaps(surveys: Sequence[Survey]) -> list[Gap]:
    gaps = []
    for survey in surveys:
        if not survey.has_answers:
            respondents = len(survey.respondents)
            gaps.append(
                Gap(
                    "Survey answers",
                    f"the answers of the survey {survey.id}",
                    f"survey {survey.id}: no answers in the data"
                    + (f" ({respondents} offices responded)" if respondents else ""),
                )
            )
        elif survey.metadata.illustrative:
            gaps.append(
                Gap(
                    "Survey answers",
                    f"the real answers of the survey {survey.id}",
                    f"survey {survey.id}: ILLUSTRATIVE answers, made up to reproduce the "
                    "published outcome; the real ones are not known here",
                )
            )
    return gaps


def priorities_table(survey: Survey | None, report: PriorityReport) -> SimpleTable:
    def figure(value: float | None) -> str:
        return DASH if value is None else f"{value:.2f}"

    title = f"Priorities from the survey {report.survey_id} (method: {report.method.value})"
    if report.illustrative:
        title = "ILLUSTRATIVE: " + title
    notes = []
    if report.illustrative:
        notes.append(
            "The answers of this survey are made up to reproduce a published outcome; they are "
            "not real answers (see its survey.yaml)."
        )
    if report.thresholds is not None:
        notes.append(
            f"Computed level: high at {report.thresholds.high:g} or more, medium at "
            f"{report.thresholds.medium:g} or more, else low. Adopted: the level the CWS adopted."
        )
    notes.append(f"Respondents: {report.answered} of {report.respondents} have answered.")
    return SimpleTable(
        title=title,
        headers=("Rank", "No.", "Title", "Score", "Offices", "Computed", "Adopted", "Flags"),
        rows=tuple(
            (
                DASH if item.rank is None else str(item.rank),
                item.id,
                item.title or DASH,
                figure(item.score),
                str(item.n),
                DASH if item.level is None else item.level.value,
                DASH if item.adopted is None else item.adopted.value,
                ", ".join(flag.value for flag in item.flags),
            )
            for item in report.items
        ),
        notes=tuple(notes),
    )


def _schedule_table(plan: Plan) -> SimpleTable:
    def priority(slot: Slot) -> str:
        unit = slot.unit
        if unit.priority is None:
            return DASH
        return unit.priority.value + (" (survey)" if unit.priority_source == "computed" else "")

    def session(slot: Slot) -> str:
        if slot.session is None:
            return DASH
        return slot.session.id + ("*" if slot.session.assumed else "")

    return SimpleTable(
        title=f"Order and timeline of the open work (as of {plan.as_of})",
        headers=(
            "#",
            "Unit",
            "Title",
            "Priority",
            "Start",
            "End",
            "Slack (months)",
            "Critical",
            "First session after",
        ),
        rows=tuple(
            (
                str(slot.position),
                slot.unit.label,
                slot.unit.title or DASH,
                priority(slot),
                slot.start_date.isoformat(),
                slot.end_date.isoformat(),
                str(slot.slack),
                "yes" if slot.critical else "",
                session(slot),
            )
            for slot in plan.slots
        ),
        notes=(
            "* the session's dates are assumed (not announced).",
            *_present(status_note([slot.unit for slot in plan.slots])),
        ),
    )


def _present(note: str | None) -> tuple[str, ...]:
    return (note,) if note else ()
