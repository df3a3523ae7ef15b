"""Change sentences: what changed between two versions of the data, said in a few sentences.

Both the Annex revision marks (`views/revisions.py`) and `roadmap diff` (`diff.py`) describe
their changes as `Revision` values and let `summarise` word them, so a move reads the same
everywhere: "R20, R33 and R35 moved from Group 2 to Group 1." Changes of the same kind (and,
for single values, the same before and after) share one sentence naming every record they
concern. Sentences come in reading order: each kind of change at the position of its value
(a column of the table, a field of the data), records added before records removed before
values, then in the order of each group's first record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roadmap_cli.model import recommendation_sort_key

ADDED = "added"
REMOVED = "removed"
SET = "set"
CLEARED = "cleared"
CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class Revision:
    """One change to put in words: a record added or removed, or one value of a record changed."""

    row_id: str
    kind: str
    """``added`` or ``removed`` (a whole record), else ``set``, ``cleared`` or ``changed``."""
    position: int
    """Reading order of the value (its column, its field); records added or removed sort first
    when they are given a position below every value's."""
    key: str = ""
    """What the value is; ``group`` reads as a move ("moved from Group 2 to Group 1")."""
    noun: str = ""
    """The value in a sentence: "The {noun} of R04 changed"."""
    atomic: bool = False
    """A single value (group, priority): the sentence quotes the values before and after."""
    before: str = ""
    after: str = ""
    subject: str = ""
    """What the records are when it is not a recommendation, e.g. ``work item``."""


def kind_of(before_known: bool, after_known: bool) -> str:
    """``set`` when a value becomes known, ``cleared`` when it stops being known, else changed."""
    if not before_known and after_known:
        return SET
    if before_known and not after_known:
        return CLEARED
    return CHANGED


def summarise(revisions: Sequence[Revision]) -> tuple[str, ...]:
    """One sentence per kind of change, naming every record it concerns; deterministic wording."""
    if not revisions:
        return ("No changes.",)
    groups: dict[tuple[object, ...], list[Revision]] = {}
    for revision in revisions:
        groups.setdefault(_group_key(revision), []).append(revision)

    def order(item: tuple[tuple[object, ...], list[Revision]]) -> tuple[int, tuple[int, str]]:
        first = item[1][0]
        return first.position, recommendation_sort_key(first.row_id)

    return tuple(_sentence(group) for _, group in sorted(groups.items(), key=order))


def _group_key(revision: Revision) -> tuple[object, ...]:
    if revision.kind in (ADDED, REMOVED) or not revision.atomic:
        return (revision.position, revision.subject, revision.kind)
    # single values are grouped by their values too: "moved from Group 2 to Group 1"
    return (revision.position, revision.subject, revision.kind, revision.before, revision.after)


def _sentence(group: list[Revision]) -> str:
    first = group[0]
    ids = join_ids([revision.row_id for revision in group])
    plural = len(group) > 1
    was = "were" if plural else "was"
    subject = f"{first.subject}{'s' if plural else ''} " if first.subject else ""
    if first.kind in (ADDED, REMOVED):
        return f"{(subject + ids)[0].upper()}{(subject + ids)[1:]} {was} {first.kind}."
    owner = f"{subject}{ids}"
    before, after = first.before, first.after
    if first.key == "group":
        if first.kind == CHANGED:
            return f"{owner} moved from Group {before} to Group {after}."
        if first.kind == SET:
            return f"{owner} {was} put in Group {after}."
        return f"The group of {owner} is no longer given (was Group {before})."
    if first.atomic:
        if first.kind == CHANGED:
            return f"The {first.noun} of {owner} changed from {before} to {after}."
        if first.kind == SET:
            return f"The {first.noun} of {owner} was set to {after}."
        return f"The {first.noun} of {owner} was cleared (was {before})."
    verb = {SET: "was added", CLEARED: "was removed", CHANGED: "changed"}[first.kind]
    return f"The {first.noun} of {owner} {verb}."


def join_ids(ids: Sequence[str]) -> str:
    """``R20``, ``R20 and R33``, ``R20, R33 and R35``."""
    if len(ids) <= 1:
        return "".join(ids)
    return f"{', '.join(ids[:-1])} and {ids[-1]}"
