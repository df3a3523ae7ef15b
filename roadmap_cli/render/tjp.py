"""The open work as a TaskJuggler 3 project (``.tjp``), so that a planner can open the roadmap
in TaskJuggler (``tj3``) and plan it there.

How roadmap-cli's plan is carried over (the file's header says the same to its reader):

- the project starts on the as-of day (also its ``now``); one task per unit of work, in
  roadmap-cli's priority order, with the months still to do written as whole days: a month is
  30.436875 days (the mean Gregorian month), so 6 months are 183 days. roadmap-cli counts
  calendar months (28 to 31 days), so the two planners' dates differ by a day or two, more
  along long chains of units (0.2% of the time elapsed for 6-month units);
- time is counted in days: every resource works one hour a day (23:00 to 24:00) and an hour of
  work is a day of a place's time (``dailyworkinghours 1``), so that TaskJuggler books one slot
  a day, not 24, and every date falls on a whole day;
- an owner whose capacity is limited is a resource group with one resource per place; a unit
  takes one place (``allocate`` with the other places as alternatives) for its ``effort``: the
  days it holds a place. A unit whose owner has no limit (or that has no owner) has a
  ``duration`` and no resource;
- roadmap-cli's order (priorities, inheritance, deadlines, work in progress) becomes
  TaskJuggler's ``priority``, from 1000 down, so both planners hand out places in the same
  order (past 1,000 units, neighbours in the order share a value);
- the first day a unit may start, as roadmap-cli plans it (the first plan month on or after
  the as-of day, or after its ``not_before``), is a milestone it depends on; a ``deadline`` is
  ``maxend`` (TaskJuggler warns when it is missed, as roadmap-cli does);
- done and dropped recommendations are not scheduled: comments at the end list them.

TaskJuggler 3.7 reads years 1970 to 2035 only; a later day is written as date arithmetic
from the last day it reads, ``%{2035-12-31 + 400d}``.

Everything from the data is written where it cannot become syntax: ids are generated
(`_Ids`), and text goes into double-quoted strings (`string`) on one line, with ``"``
escaped and every ``${`` and ``$(`` (a macro call or an environment variable, which
TaskJuggler expands even inside a string) broken by a zero-width space, as is a backslash at
the end. The file is UTF-8, which tj3 reads in a UTF-8 locale only. Rich text attributes
(``note``), which read markup, are not used, and the HTML report is self-contained, without
the tooltips into which TaskJuggler 3.7 writes names unsafely (`_report`). The bytes depend on
the view alone.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping

from roadmap_cli.model import Status
from roadmap_cli.views.plan_tasks import PlanOwner, PlanTask, PlanTasks

ZERO_WIDTH_SPACE = "\u200b"
INDENT = "  "
TOP_PRIORITY = 1000
"""TaskJuggler's priorities run from 1 to 1000; the first unit in roadmap-cli's order gets 1000."""
FIRST_READ_DAY, LAST_READ_DAY = dt.date(1970, 1, 1), dt.date(2035, 12, 31)
"""The days TaskJuggler 3.7 reads as dates (`written_day` writes others as date arithmetic)."""

_EXPANSION = re.compile(r"\$(?=[{(])")
"""``${`` starts a macro call and ``$(`` an environment variable, even inside a string."""


def string(text: str) -> str:
    """``text`` as a TaskJuggler string that reads back as ``text``, quotes included.

    TaskJuggler has no escape but ``\\"`` for a quote, so three things cannot be written as they
    are: a line break or other control character (written as a space: names are one line),
    ``${`` and ``$(`` (a zero-width space after the ``$``), and a backslash at the very end (a
    zero-width space after it, or it would escape the closing quote).
    """
    one_line = "".join(" " if _breaks(c) else c for c in text)
    safe = _EXPANSION.sub("$" + ZERO_WIDTH_SPACE, one_line).replace('"', '\\"')
    if safe.endswith("\\"):
        safe += ZERO_WIDTH_SPACE
    return f'"{safe}"'


def _breaks(char: str) -> bool:
    """A control character, or a line or paragraph separator."""
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


def comment(text: str) -> str:
    """A ``#`` comment that stays one line (and so one comment)."""
    return "# " + "".join(" " if _breaks(c) else c for c in text)


def days(months: int) -> int:
    """Whole days for ``months`` months of 30.436875 days (365.2425 / 12), rounded half up."""
    return (months * 3_652_425 + 60_000) // 120_000


class _Ids:
    """TaskJuggler ids made from the data's ids: letters, digits and ``_``, not starting with a
    digit, each used once (a second ``a-b`` and ``a_b`` would get ``a_b_2``)."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = set(taken)

    def make(self, value: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_]", "_", value)
        if not base or base[0].isdigit():
            base = "_" + base
        made, n = base, 1
        while made in self._taken:
            n += 1
            made = f"{base}_{n}"
        self._taken.add(made)
        return made


def task_ids(unit_ids: Iterable[str]) -> dict[str, str]:
    """Each unit's TaskJuggler id, as `render_project` writes it (for reading tj3's reports)."""
    ids = _Ids()
    return {unit_id: ids.make(unit_id) for unit_id in unit_ids}


def priority(position: int, units: int) -> int:
    """TaskJuggler's priority for the unit at ``position`` (1-based) of roadmap-cli's order of
    ``units``: 1000 for the first, one less for each next; past 1,000 units, neighbours share."""
    return TOP_PRIORITY - (position - 1) * TOP_PRIORITY // max(units, TOP_PRIORITY)


def render_project(view: PlanTasks) -> bytes:
    """The ``.tjp`` file of the plan: header, resources, start milestones, tasks, report."""
    task_id = task_ids(task.id for task in view.tasks)
    milestone_ids = _Ids(taken=task_id.values())
    releases = _releases(view)
    release_id = {day: milestone_ids.make(f"start_{day:%Y_%m_%d}") for day in releases}
    resource_ids = _Ids()
    places = {owner.id: _places(owner, resource_ids) for owner in view.owners}
    lines = [*_header(view), ""]
    for owner in view.owners:
        lines += [*_resource(owner, places[owner.id]), ""]
    for day, why in releases.items():
        lines += [
            f"task {release_id[day]} {string(f'Work may start: {why}')} {{",
            f"{INDENT}milestone",
            f"{INDENT}start {written_day(day)}",
            "}",
            "",
        ]
    for task in view.tasks:
        depends = [task_id[d] for d in task.depends_on]
        if task.release in release_id and (task.not_before or not depends):
            depends.insert(0, release_id[task.release])
        lines += [
            *_task(task, task_id[task.id], places.get(task.owner or ""), depends, view),
            f"{INDENT}priority {priority(task.position, len(view.tasks))}",
            "}",
            "",
        ]
    lines += [*_settled(view), *_report(view)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def written_day(day: dt.date) -> str:
    """A date TaskJuggler 3.7 reads: as it is in 1970-2035, else as date arithmetic."""
    if day > LAST_READ_DAY:
        return f"%{{{LAST_READ_DAY} + {(day - LAST_READ_DAY).days}d}}"
    if day < FIRST_READ_DAY:
        return f"%{{{FIRST_READ_DAY} - {(FIRST_READ_DAY - day).days}d}}"
    return day.isoformat()


def _releases(view: PlanTasks) -> Mapping[dt.date, str]:
    """The first days units may start, after the project's start, by day: why each."""
    reasons: dict[dt.date, set[str]] = {}
    for task in view.tasks:
        if task.release > view.as_of:
            why = (
                f"not before {task.not_before.text} ({task.not_before.date})"
                if task.not_before
                else f"as of {view.as_of}"
            )
            reasons.setdefault(task.release, set()).add(why)
    return {
        day: f"the first plan month on or after {', '.join(sorted(reasons[day]))}"
        for day in sorted(reasons)
    }


def _header(view: PlanTasks) -> list[str]:
    start = f"{view.plan_start}{' (assumed)' if view.plan_start_assumed else ''}"
    notes = [
        f"{view.title}: the open work as a TaskJuggler 3 project, as of {view.as_of}.",
        "Written by `roadmap export --format tjp`; `tj3 FILE` schedules it and writes",
        "roadmap.html (in a UTF-8 locale, e.g. LANG=C.UTF-8: tj3 reads files in the locale's",
        "encoding). How roadmap-cli's plan is carried over:",
        "- one task per unit of work (a recommendation, or a work item's members as one), with",
        "  the months still to do as days: a month is 30.436875 days (6 months are 183 days),",
        f"  where roadmap-cli counts calendar months from the plan start {start};",
        "- time is counted in days: resources work one hour a day (dailyworkinghours 1), and",
        "  an hour of effort stands for a day of a place's time; a task ends at the midnight",
        "  after its last day of work;",
        "- an owner with a limited capacity is a resource group with one resource per place;",
        "  a unit holds one place for its effort; a unit whose owner has no limit has a",
        "  duration and no resource;",
        "- the priorities carry roadmap-cli's order, from 1000 down: places go to units in",
        "  the same order;",
        "- a unit depends on a milestone on the first day it may start, as roadmap-cli plans",
        "  it (the first plan month on or after the as-of day or its not_before); a deadline",
        "  is a maxend;",
        "- done and dropped recommendations are listed at the end, not scheduled.",
    ]
    interval = f"{written_day(view.as_of)} - {written_day(view.horizon)}"
    return [
        *(comment(note) for note in notes),
        "",
        f"project roadmap {string(view.title)} {interval} {{",
        f'{INDENT}timezone "UTC"',
        f"{INDENT}now {written_day(view.as_of)}",
        f"{INDENT}dailyworkinghours 1",
        f"{INDENT}workinghours mon - sun 23:00 - 24:00",
        f'{INDENT}timeformat "%Y-%m-%d"',
        "}",
    ]


def _places(owner: PlanOwner, ids: _Ids) -> tuple[str, ...]:
    """The group's id, then one id per place."""
    group = ids.make(owner.id)
    return (group, *(ids.make(f"{group}__{n}") for n in range(1, owner.capacity + 1)))


def _resource(owner: PlanOwner, ids: tuple[str, ...]) -> list[str]:
    assumed = " (assumed)" if owner.capacity_assumed else ""
    return [
        f"resource {ids[0]} {string(owner.name)} {{",
        f"{INDENT}{comment(f'{owner.id}: {owner.capacity} at once{assumed}')}",
        *(
            f"{INDENT}resource {place} {string(f'{owner.name}, place {n}')}"
            for n, place in enumerate(ids[1:], start=1)
        ),
        "}",
    ]


def _task(
    task: PlanTask,
    tj_id: str,
    places: tuple[str, ...] | None,
    depends: list[str],
    view: PlanTasks,
) -> list[str]:
    name = f"{task.label}: {task.title}" if task.title else task.label
    facts = [
        f"{task.id}: priority {task.priority.value if task.priority else 'none'}",
        f"{task.months} of {task.effort_months} months left"
        + (" (effort assumed)" if "effort" in task.assumed else ""),
        f"owner {task.owner or 'none'}" + (" (assumed)" if "owner" in task.assumed else ""),
        *(["in progress"] if task.in_progress else []),
    ]
    lines = [f"task {tj_id} {string(name)} {{", f"{INDENT}{comment('; '.join(facts))}"]
    if places is None:
        lines.append(f"{INDENT}duration {days(task.months)}d")
    else:
        lines += [
            f"{INDENT}effort {days(task.months)}d",
            f"{INDENT}allocate {places[1]}" + _alternatives(places[2:]),
        ]
    if depends:
        lines.append(f"{INDENT}depends {', '.join(depends)}")
    deadline = task.deadline
    if deadline is not None:
        text = f"deadline {deadline.text}: the last day of work is {deadline.date}"
        if deadline.date >= view.as_of:
            lines += [
                f"{INDENT}{comment(text)}",
                f"{INDENT}maxend {written_day(deadline.date + dt.timedelta(days=1))}",
            ]
        else:
            lines.append(f"{INDENT}{comment(text + ', before the as-of day')}")
    return lines


def _alternatives(places: Iterable[str]) -> str:
    others = ", ".join(places)
    return f" {{ alternative {others} }}" if others else ""


def _settled(view: PlanTasks) -> list[str]:
    if not view.settled:
        return []
    words = {Status.DONE: "done", Status.DROPPED: "dropped"}
    return [
        comment("Not scheduled (as in `roadmap schedule`):"),
        *(
            comment(f"- {rec_id}: {words.get(status, status.value)}")
            for rec_id, status in view.settled
        ),
        "",
    ]


def _report(view: PlanTasks) -> list[str]:
    """An HTML Gantt chart of the tasks, so that running tj3 on the file shows the plan.

    Self-contained, so without tooltips: TaskJuggler 3.7 writes a task's name into a tooltip's
    ``onclick`` attribute with ``"`` as ``\"``, which does not end an HTML attribute, so a
    title holding ``" onmouseover=...`` would become an event handler in the page.
    """
    return [
        'taskreport roadmap "roadmap" {',
        f"{INDENT}formats html",
        f"{INDENT}selfcontained yes",
        f"{INDENT}headline {string(f'{view.title}, as of {view.as_of}')}",
        f"{INDENT}columns name, start, end, effort, resources, chart {{ scale month }}",
        "}",
    ]
