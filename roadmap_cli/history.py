"""The story of one recommendation: its history entries, and every version of the data that
changed it.

Two sources tell how a recommendation came to be as it is. The data records the decisions of
CWS sessions in ``history`` entries ("CWS/7: group 2 -> 1, CWS/7/29"); git records every edit
of the data folder. `recommendation_log` walks the versions oldest first and keeps those that
changed the recommendation, with the changes (`diff.recommendation_changes`, the comparison
`roadmap diff` uses) and the history entries that account for them: entries added in that
version, and entries whose field and new value match a change. So a commit that moved R20 to
Group 1 reads "group: 2 -> 1 (CWS/7, CWS/7/29)": the edit and the decision it records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from roadmap_cli.diff import Change, Json, plain, recommendation_changes
from roadmap_cli.model import HistoryEntry, Project, Recommendation, session_number
from roadmap_cli.problems import Severity
from roadmap_cli.snapshot import Commit, Snapshot


@dataclass(frozen=True, slots=True)
class Step:
    """A version of the data that changed the recommendation, or could not be read."""

    commit: Commit | None
    """None for the working tree (changes not committed yet)."""
    changes: tuple[Change, ...]
    """Field by field; a single change with no field when the recommendation first appears
    (or is removed)."""
    recorded: tuple[HistoryEntry, ...] = ()
    """The history entries that account for the changes."""
    unreadable: str = ""
    """Why this version could not be compared (data errors); empty when it was."""


@dataclass(frozen=True, slots=True)
class RecommendationLog:
    """How one recommendation changed, from the data's history entries and from git."""

    id: str
    recorded: tuple[HistoryEntry, ...]
    """The history entries of the latest version that has the recommendation, in session
    order."""
    steps: tuple[Step, ...]
    """Oldest first."""
    versions: int
    """How many versions of the data were read (commits, plus the working tree)."""

    @property
    def known(self) -> bool:
        """Whether any version of the data has the recommendation."""
        return bool(self.recorded) or any(step.changes for step in self.steps)


def recommendation_log(rec_id: str, versions: Iterable[Snapshot]) -> RecommendationLog:
    """The story of ``rec_id`` through ``versions`` (oldest first; the working tree, if given,
    last with no commit). A version equal to the one before it for this recommendation is left
    out; one that cannot be loaded is kept, as a gap in the story.

    ``versions`` is read once, one at a time: each version is dropped once compared with the
    next, so a long history (`snapshot.History`) is never held in memory (issue 16).
    """
    steps: list[Step] = []
    previous: Project | None = None
    latest: Recommendation | None = None
    count = 0
    for version in versions:
        count += 1
        project = version.loaded.project
        if project is None:
            if version.commit is not None:  # a broken working tree is `validate`'s business
                steps.append(Step(version.commit, (), unreadable=_unreadable(version)))
            continue
        if previous is None:
            changes = _first_appearance(project, rec_id)
        else:
            changes = recommendation_changes(previous, project, rec_id)
        if changes:
            steps.append(Step(version.commit, changes, _recorded(changes, project, rec_id)))
        latest = project.recommendations_by_id.get(rec_id, latest)
        previous = project
    recorded = (
        ()
        if latest is None
        else tuple(sorted(latest.history, key=lambda entry: session_number(entry.session)))
    )
    return RecommendationLog(rec_id, recorded, _trimmed(steps), count)


def _first_appearance(project: Project, rec_id: str) -> tuple[Change, ...]:
    empty = Project(recommendations=(), work_items=(), sessions=(), documents=())
    return recommendation_changes(empty, project, rec_id)


def _trimmed(steps: list[Step]) -> tuple[Step, ...]:
    """Unreadable versions before the recommendation first appears say nothing about it."""
    first = next((i for i, step in enumerate(steps) if step.changes), len(steps))
    return tuple(steps[first:]) if first < len(steps) else ()


def _unreadable(version: Snapshot) -> str:
    errors = [p for p in version.loaded.problems if p.severity is Severity.ERROR]
    count = len(errors)
    return f"the data has {count} error{'' if count == 1 else 's'} in this version"


def _recorded(changes: Sequence[Change], project: Project, rec_id: str) -> tuple[HistoryEntry, ...]:
    """The history entries (of ``project``) that account for ``changes``: those added by them,
    and those whose field and new value match one of them. The entries a recommendation
    arrives with are not attached to its first appearance: they tell of earlier sessions."""
    rec = project.recommendations_by_id.get(rec_id)
    if rec is None:
        return ()
    added: list[Json] = []
    for change in changes:
        if change.field == "history":
            added += [e for e in change.after or () if e not in (change.before or ())]
    entries = []
    for entry in rec.history:
        if plain(entry) in added or any(_accounts_for(entry, c) for c in changes):
            entries.append(entry)
    return tuple(entries)


def _accounts_for(entry: HistoryEntry, change: Change) -> bool:
    """An entry for the changed field that records the new value. (An entry that records no
    value accounts only for the version that adds it: it would match any later edit.)"""
    fields = {entry.field.replace("-", "_")}
    if entry.field == "standards-or-tasks":
        fields = {"standards", "tasks"}
    return change.field in fields and entry.after is not None and plain(entry.after) == change.after
