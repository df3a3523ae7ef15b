"""Meaning checks of the data files; each check yields Problems with a stable code.

They run on data that passed the shape check (shape.py). The checks are listed in `CHECKS`; a
check's docstring is its documentation.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import msgspec

from roadmap_cli.model import (
    Document,
    EffortRule,
    Group,
    Owner,
    PlanningFile,
    Priority,
    Recommendation,
    RecommendationsFile,
    ScenarioFile,
    Session,
    SessionsFile,
    Status,
    WorkItem,
    recommendation_sort_key,
    session_number,
)
from roadmap_cli.problems import KeyPath, Problem, did_you_mean, error, warning


class DataFiles(msgspec.Struct, frozen=True):
    """The shape-checked contents of a data folder, with the names the user knows them by."""

    recommendations: RecommendationsFile
    recommendations_file: str
    sessions: SessionsFile
    sessions_file: str
    planning: PlanningFile | None = None
    """None when the folder has no planning file: planning is optional until one schedules."""
    planning_file: str = ""
    left_out: frozenset[str] = frozenset()
    """Recommendation ids written in the file whose blocks have shape errors and were left out
    of these checks: a reference to one is not reported as unknown (its block's error is)."""

    @property
    def recommendation_ids(self) -> list[str]:
        return [r.id for r in self.recommendations.recommendations]


Check = Callable[[DataFiles], Iterator[Problem]]


def check_duplicate_ids(data: DataFiles) -> Iterator[Problem]:
    """Each recommendation, work item, document and session id is given once."""
    collections: tuple[
        tuple[str, Sequence[Recommendation | WorkItem | Document | Session | Owner], str], ...
    ] = (
        ("recommendations", data.recommendations.recommendations, data.recommendations_file),
        ("work_items", data.recommendations.work_items, data.recommendations_file),
        ("documents", data.recommendations.documents, data.recommendations_file),
        ("sessions", data.sessions.sessions, data.sessions_file),
        ("owners", data.planning.owners if data.planning else (), data.planning_file),
    )
    for key, items, file in collections:
        first_index: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id in first_index:
                yield error(
                    file,
                    "duplicate-id",
                    f"{item.id} is defined twice",
                    f"it is already entry {first_index[item.id] + 1} of {key}; merge the two",
                    path=(key, index, "id"),
                )
            else:
                first_index[item.id] = index


def check_references(data: DataFiles) -> Iterator[Problem]:
    """Every recommendation named in ``depends_on`` or a work item exists."""
    known = set(data.recommendation_ids) | data.left_out
    ids = data.recommendation_ids
    file = data.recommendations_file
    places: list[tuple[KeyPath, str]] = []
    for index, rec in enumerate(data.recommendations.recommendations):
        places += [
            (("recommendations", index, "depends_on", j), dep)
            for j, dep in enumerate(rec.depends_on)
        ]
    for index, item in enumerate(data.recommendations.work_items):
        places += [(("work_items", index, "members", j), m) for j, m in enumerate(item.members)]
    for path, ref in places:
        if ref not in known:
            yield error(
                file,
                "unknown-recommendation",
                f"{ref} is not a known recommendation",
                did_you_mean(ref, ids) or "add it to recommendations or correct the id",
                path=path,
            )


def check_self_and_repeated_dependencies(data: DataFiles) -> Iterator[Problem]:
    """A recommendation does not depend on itself, nor name a prerequisite twice."""
    for index, rec in enumerate(data.recommendations.recommendations):
        seen: set[str] = set()
        for j, dep in enumerate(rec.depends_on):
            path = ("recommendations", index, "depends_on", j)
            if dep == rec.id:
                yield error(
                    data.recommendations_file,
                    "self-dependency",
                    f"{rec.id} depends on itself",
                    "remove it from its own depends_on",
                    path=path,
                )
            elif dep in seen:
                yield warning(
                    data.recommendations_file,
                    "repeated-dependency",
                    f"{rec.id} lists {dep} twice in depends_on",
                    "remove one",
                    path=path,
                )
            seen.add(dep)


def check_dependency_cycles(data: DataFiles) -> Iterator[Problem]:
    """Dependencies form no loop; each loop is reported once, at the entry that closes it."""
    recs = data.recommendations.recommendations
    index_by_id = {r.id: i for i, r in enumerate(recs)}
    deps = {r.id: [d for d in r.depends_on if d in index_by_id and d != r.id] for r in recs}
    for cycle in find_cycles(deps):
        closing, target = cycle[-2], cycle[-1]
        index = index_by_id[closing]
        j = recs[index].depends_on.index(target)
        yield error(
            data.recommendations_file,
            "dependency-cycle",
            f"dependency cycle: {' -> '.join(cycle)}",
            f"remove one of these dependencies, e.g. {target} from {closing}'s depends_on",
            path=("recommendations", index, "depends_on", j),
        )


def find_cycles(deps: dict[str, list[str]]) -> list[list[str]]:
    """One loop per strongly connected component, e.g. ``['R03', 'R07', 'R03']``.

    Iterative DFS (no recursion limit); nodes are visited in id order so the same data always
    reports the same loop. Data without a loop, the usual case, is told first at half the cost
    (`roadmap log` checks every commit, issue 16).
    """
    if len(topological_order(deps)) == len(deps):
        return []
    color: dict[str, int] = {}  # 1 on the current path, 2 done
    cycles: list[list[str]] = []
    reported: set[frozenset[str]] = set()
    for start in sorted(deps, key=recommendation_sort_key):
        if start in color:
            continue
        path: list[str] = [start]
        iters = [iter(sorted(deps[start], key=recommendation_sort_key))]
        color[start] = 1
        while iters:
            node = next(iters[-1], None)
            if node is None:
                color[path.pop()] = 2
                iters.pop()
            elif color.get(node) == 1:
                loop = [*path[path.index(node) :], node]
                if frozenset(loop) not in reported:
                    reported.add(frozenset(loop))
                    cycles.append(loop)
            elif node not in color:
                color[node] = 1
                path.append(node)
                iters.append(iter(sorted(deps[node], key=recommendation_sort_key)))
    return cycles


def topological_order(
    after: Mapping[str, Sequence[str]], key: Callable[[str], Any] | None = None
) -> list[str]:
    """The nodes of ``after`` (a node -> the nodes it comes after, each a node of ``after``),
    each after those, by Kahn's algorithm: among the nodes free at once, the one with the
    smallest ``key`` first (ties, and without a key: the order of ``after``). The nodes on a
    loop, and those after one, are left out: a shorter list than ``after`` means a loop."""
    position = {node: number for number, node in enumerate(after)}
    rank = key or position.__getitem__
    waiting = {node: len(before) for node, before in after.items()}
    then: dict[str, list[str]] = {node: [] for node in after}
    for node, before in after.items():
        for first in before:
            then[first].append(node)
    free = [(rank(node), position[node], node) for node, count in waiting.items() if not count]
    heapq.heapify(free)
    order = []
    while free:
        node = heapq.heappop(free)[2]
        order.append(node)
        for following in then[node]:
            waiting[following] -= 1
            if not waiting[following]:
                heapq.heappush(free, (rank(following), position[following], following))
    return order


def check_work_items(data: DataFiles) -> Iterator[Problem]:
    """A recommendation belongs to at most one work item, and once."""
    owner: dict[str, str] = {}
    for index, item in enumerate(data.recommendations.work_items):
        for j, member in enumerate(item.members):
            path = ("work_items", index, "members", j)
            if owner.get(member) == item.id:
                yield error(
                    data.recommendations_file,
                    "duplicate-member",
                    f"{member} is listed twice in work item {item.id}",
                    "remove one",
                    path=path,
                )
            elif member in owner:
                yield error(
                    data.recommendations_file,
                    "member-of-two-work-items",
                    f"{member} is already in work item {owner[member]}",
                    "a recommendation belongs to one work item; merge the two",
                    path=path,
                )
            owner.setdefault(member, item.id)


_HISTORY_FIELDS = (
    "title",
    "text",
    "group",
    "standards",
    "tasks",
    "standards-or-tasks",
    "priority",
    "depends_on",
    "status",
)


def check_history(data: DataFiles) -> Iterator[Problem]:
    """History entries, and the task's creation, name a session in the calendar; history
    entries name a recommendation field."""
    sessions = [s.id for s in data.sessions.sessions]
    named: list[tuple[KeyPath, str]] = []
    if data.recommendations.task is not None:
        named.append((("task", "created_at"), data.recommendations.task.created_at))
    for index, rec in enumerate(data.recommendations.recommendations):
        named += [
            (("recommendations", index, "history", j, "session"), entry.session)
            for j, entry in enumerate(rec.history)
        ]
    for path, session in named:
        if session not in sessions:
            yield error(
                data.recommendations_file,
                "unknown-session",
                f"{session} is not in the session calendar ({data.sessions_file})",
                did_you_mean(session, sessions) or "add the session to the calendar",
                path=path,
            )
    for index, rec in enumerate(data.recommendations.recommendations):
        for j, entry in enumerate(rec.history):
            path = ("recommendations", index, "history", j)
            if entry.field not in _HISTORY_FIELDS:
                yield error(
                    data.recommendations_file,
                    "unknown-field",
                    f"'{entry.field}' is not a recommendation field",
                    did_you_mean(entry.field, _HISTORY_FIELDS)
                    or "use one of " + ", ".join(_HISTORY_FIELDS),
                    path=(*path, "field"),
                )


def check_sources(data: DataFiles) -> Iterator[Problem]:
    """Every source cited is one of the ``documents`` listed in the recommendations file."""
    documents = [d.id for d in data.recommendations.documents]
    known = set(documents)
    cited: list[tuple[str, KeyPath, str]] = []
    rf, sf = data.recommendations_file, data.sessions_file
    task = data.recommendations.task
    if task is not None:
        cited += [(rf, ("task", "sources", j), s) for j, s in enumerate(task.sources)]
        for i, meeting in enumerate(task.meetings):
            cited += [
                (rf, ("task", "meetings", i, "sources", j), s)
                for j, s in enumerate(meeting.sources)
            ]
    for i, rec in enumerate(data.recommendations.recommendations):
        cited += [(rf, ("recommendations", i, "sources", j), s) for j, s in enumerate(rec.sources)]
        cited += [
            (rf, ("recommendations", i, "history", j, "source"), h.source)
            for j, h in enumerate(rec.history)
        ]
    for i, item in enumerate(data.recommendations.work_items):
        cited += [(rf, ("work_items", i, "sources", j), s) for j, s in enumerate(item.sources)]
    for i, session in enumerate(data.sessions.sessions):
        cited += [(sf, ("sessions", i, "sources", j), s) for j, s in enumerate(session.sources)]
    for i, owner in enumerate(data.planning.owners if data.planning else ()):
        pf = data.planning_file
        cited += [(pf, ("owners", i, "sources", j), s) for j, s in enumerate(owner.sources)]
    for file, path, source in cited:
        if source not in known:
            yield error(
                file,
                "unknown-source",
                f"'{source}' is not a listed document",
                did_you_mean(source, documents) or f"add it to documents in {rf}",
                path=path,
            )


def check_calendar(data: DataFiles) -> Iterator[Problem]:
    """Sessions are in number order, end on or after they start, and follow each other in time."""
    previous_number, previous_end = 0, None
    for index, session in enumerate(data.sessions.sessions):
        path: KeyPath = ("sessions", index)
        number = session_number(session.id)
        if number <= previous_number:
            yield error(
                data.sessions_file,
                "session-order",
                f"{session.id} comes after CWS/{previous_number}",
                "list the sessions in number order",
                path=(*path, "id"),
            )
        if session.start and session.end and session.end < session.start:
            yield error(
                data.sessions_file,
                "bad-date",
                f"{session.id} ends ({session.end}) before it starts ({session.start})",
                "swap or correct the dates",
                path=(*path, "end"),
            )
        if session.start and previous_end and session.start <= previous_end:
            yield error(
                data.sessions_file,
                "bad-date",
                f"{session.id} starts ({session.start}) before the previous session ends",
                "check the dates",
                path=(*path, "start"),
            )
        if (session.start is None) != (session.end is None):
            yield error(
                data.sessions_file,
                "bad-date",
                f"{session.id} has a start or an end but not both",
                "give both dates or neither",
                path=path,
            )
        previous_number, previous_end = max(previous_number, number), session.end or previous_end


# ---- planning (issue #4) ----------------------------------------------------------------


def check_owners(data: DataFiles) -> Iterator[Problem]:
    """Every owner named by a recommendation or as the default is one of the planning owners."""
    owners = [o.id for o in data.planning.owners] if data.planning else []
    where = (
        f"the owners in {data.planning_file}"
        if data.planning
        else "a planning.yaml next to the data"
    )
    places: list[tuple[str, KeyPath, str]] = [
        (data.recommendations_file, ("recommendations", i, "owner"), rec.owner)
        for i, rec in enumerate(data.recommendations.recommendations)
        if rec.owner is not None
    ]
    if data.planning and data.planning.default_owner:
        places.append(
            (data.planning_file, ("default_owner", "owner"), data.planning.default_owner.owner)
        )
    for file, path, owner in places:
        if owner not in owners:
            yield error(
                file,
                "unknown-owner",
                f"'{owner}' is not a known owner",
                did_you_mean(owner, owners) or f"define it in {where}",
                path=path,
            )


def check_milestones(data: DataFiles) -> Iterator[Problem]:
    """``not_before`` and ``deadline`` are real dates or sessions of the calendar, in that order."""
    sessions = [s.id for s in data.sessions.sessions]
    file = data.recommendations_file
    for index, rec in enumerate(data.recommendations.recommendations):
        for name in ("not_before", "deadline"):
            value = getattr(rec, name)
            path = ("recommendations", index, name)
            if value is None:
                continue
            if value.startswith("CWS/") and value not in sessions:
                yield error(
                    file,
                    "unknown-session",
                    f"{value} is not in the session calendar ({data.sessions_file})",
                    did_you_mean(value, sessions) or "add the session to the calendar",
                    path=path,
                )
            elif not value.startswith("CWS/") and _date(value) is None:
                yield error(
                    file,
                    "bad-date",
                    f"'{value}' is not a valid date",
                    "write a real date as YYYY-MM-DD, e.g. 2023-06-30",
                    path=path,
                )
        start, end = _date(rec.not_before or ""), _date(rec.deadline or "")
        if start and end and end < start:
            yield warning(
                file,
                "deadline-before-not-before",
                f"{rec.id} must end by {end} but cannot start before {start}",
                "move the deadline or the not_before",
                path=("recommendations", index, "deadline"),
            )


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


FIRST_YEAR, LAST_YEAR = 1900, 2199
"""Dates in roadmap data lie in these years. The CWS has met since 2010 and a roadmap looks a few
decades ahead, so a date outside them is a typo or an attack; the margin up to the end of
Python's calendar (9999) leaves the planner room to add months and sessions (issue #12)."""


def date_out_of_range(file: str, value: str, path: KeyPath) -> Problem | None:
    """An error when ``value`` (``YYYY-MM-DD`` or ``YYYY-MM``) is not within the years allowed."""
    year = value[:4]
    if not (year.isascii() and year.isdigit()) or FIRST_YEAR <= int(year) <= LAST_YEAR:
        return None
    return error(
        file,
        "date-out-of-range",
        f"{value} is out of range: roadmap dates lie between {FIRST_YEAR} and {LAST_YEAR}",
        "correct the year",
        path=path,
    )


def check_date_range(data: DataFiles) -> Iterator[Problem]:
    """Every date lies between 1900 and 2199: session dates, the plan start, ``not_before``,
    ``deadline`` and the Task Force's meetings."""
    places: list[tuple[str, KeyPath, str | dt.date | None]] = []
    for index, session in enumerate(data.sessions.sessions):
        places += [
            (data.sessions_file, ("sessions", index, "start"), session.start),
            (data.sessions_file, ("sessions", index, "end"), session.end),
        ]
    if data.planning is not None:
        places.append((data.planning_file, ("plan_start", "date"), data.planning.plan_start.date))
    for index, rec in enumerate(data.recommendations.recommendations):
        places += [
            (data.recommendations_file, ("recommendations", index, name), getattr(rec, name))
            for name in ("not_before", "deadline")
        ]
    task = data.recommendations.task
    for index, meeting in enumerate(task.meetings if task else ()):
        places.append(
            (data.recommendations_file, ("task", "meetings", index, "when"), meeting.when)
        )
    for file, path, value in places:
        if value is not None and not (isinstance(value, str) and value.startswith("CWS/")):
            problem = date_out_of_range(file, str(value), path)
            if problem is not None:
                yield problem


def check_progress(data: DataFiles) -> Iterator[Problem]:
    """``percent_complete`` agrees with ``status``: 100 means done, and done means 100."""
    for index, rec in enumerate(data.recommendations.recommendations):
        path = ("recommendations", index, "percent_complete")
        done = rec.status is Status.DONE
        if rec.percent_complete == 100 and not done:
            yield warning(
                data.recommendations_file,
                "progress-mismatch",
                f"{rec.id} is 100% complete but its status is {rec.status or 'not known'}",
                "set status: done, or lower percent_complete",
                path=path,
            )
        elif done and rec.percent_complete is not None and rec.percent_complete < 100:
            yield warning(
                data.recommendations_file,
                "progress-mismatch",
                f"{rec.id} is done but only {rec.percent_complete}% complete",
                "set percent_complete: 100, or change the status",
                path=path,
            )


def check_efforts(data: DataFiles) -> Iterator[Problem]:
    """With a planning file, every recommendation has an effort: its own, or a default rule's."""
    if data.planning is None:
        return
    rules = data.planning.default_effort.rules if data.planning.default_effort else ()
    for index, rec in enumerate(data.recommendations.recommendations):
        if (
            rec.effort_months is None
            and default_effort_rule(rules, rec.priority, rec.group) is None
        ):
            yield error(
                data.recommendations_file,
                "no-effort",
                f"{rec.id} has no effort_months and no default_effort rule in "
                f"{data.planning_file} matches it",
                "give it effort_months, or add a rule with effort_months only (a catch-all)",
                path=("recommendations", index),
            )


def default_effort_rule(
    rules: Sequence[EffortRule], priority: Priority | None, group: Group | None
) -> EffortRule | None:
    """The first rule whose given keys (adopted priority, group) all match."""
    return next(
        (r for r in rules if r.priority in (None, priority) and r.group in (None, group)), None
    )


def check_work_item_plans(data: DataFiles) -> Iterator[Problem]:
    """A work item is planned as one: its members name one owner and no loop runs through it.

    Members of a work item are scheduled together, so a dependency between two of them is
    ignored (a warning), and a chain leaving one member and coming back to another is a loop.
    """
    recs = data.recommendations.recommendations
    file = data.recommendations_file
    unit_of = {m: w.id for w in data.recommendations.work_items for m in w.members}
    index_by_id = {r.id: i for i, r in enumerate(recs)}
    for item in data.recommendations.work_items:
        owners = sorted(
            {o for m in item.members if m in index_by_id if (o := recs[index_by_id[m]].owner)}
        )
        if len(owners) > 1:
            first = next(m for m in item.members if m in index_by_id and recs[index_by_id[m]].owner)
            yield error(
                file,
                "work-item-owners-differ",
                f"the members of work item {item.id} name different owners: {', '.join(owners)}",
                "a work item has one owner; give its members the same one",
                path=("recommendations", index_by_id[first], "owner"),
            )
    unit_deps: dict[str, set[str]] = {}
    for index, rec in enumerate(recs):
        unit = unit_of.get(rec.id, rec.id)
        unit_deps.setdefault(unit, set())
        for j, dep in enumerate(rec.depends_on):
            if dep in index_by_id and dep != rec.id and unit_of.get(dep, dep) == unit:
                yield warning(
                    file,
                    "same-work-item-dependency",
                    f"{rec.id} depends on {dep}, but both are in work item {unit}",
                    "they are scheduled as one, so the dependency is ignored; remove it",
                    path=("recommendations", index, "depends_on", j),
                )
            elif dep in index_by_id and dep != rec.id:
                unit_deps[unit].add(unit_of.get(dep, dep))
    if any(find_cycles({r.id: [d for d in r.depends_on if d in index_by_id] for r in recs})):
        return  # loops between recommendations are reported by check_dependency_cycles
    members = {
        w.id: sorted(w.members, key=recommendation_sort_key)
        for w in data.recommendations.work_items
    }
    for loop in find_cycles({u: sorted(d) for u, d in unit_deps.items()}):
        closing_unit, target_unit = loop[-2], loop[-1]
        index, j = next(
            (index_by_id[r.id], j)
            for r in recs
            if unit_of.get(r.id, r.id) == closing_unit
            for j, dep in enumerate(r.depends_on)
            if unit_of.get(dep, dep) == target_unit
        )
        spelt = [f"{u} ({'+'.join(members[u])})" if u in members else u for u in loop]
        yield error(
            file,
            "dependency-cycle",
            f"dependency cycle through a work item: {' -> '.join(spelt)}",
            "members of a work item are scheduled as one; remove one of these dependencies",
            path=("recommendations", index, "depends_on", j),
        )


def check_scenario(
    scenario: ScenarioFile, file: str, *, owners: Sequence[str], recommendations: Sequence[str]
) -> Iterator[Problem]:
    """A scenario names only known owners and recommendations, and starts within the years
    allowed."""
    if scenario.plan_start is not None:
        problem = date_out_of_range(file, str(scenario.plan_start), ("plan_start",))
        if problem is not None:
            yield problem
    for owner in scenario.capacity:
        if owner not in owners:
            yield error(
                file,
                "unknown-owner",
                f"'{owner}' is not a known owner",
                did_you_mean(owner, owners) or "owners are defined in planning.yaml",
                path=("capacity", owner),
                at_key=True,
            )
    for rec_id in scenario.effort_months:
        if rec_id not in recommendations:
            yield error(
                file,
                "unknown-recommendation",
                f"{rec_id} is not a known recommendation",
                did_you_mean(rec_id, recommendations) or "correct the id",
                path=("effort_months", rec_id),
                at_key=True,
            )


CHECKS: tuple[Check, ...] = (
    check_duplicate_ids,
    check_references,
    check_self_and_repeated_dependencies,
    check_dependency_cycles,
    check_work_items,
    check_history,
    check_sources,
    check_calendar,
    check_owners,
    check_milestones,
    check_date_range,
    check_progress,
    check_efforts,
    check_work_item_plans,
)


def check_meaning(data: DataFiles) -> list[Problem]:
    """Every problem all checks find."""
    return [problem for check in CHECKS for problem in check(data)]
