"""Revision marks: the Annex table compared with a baseline cell by cell, and a change summary.

This follows WIPO's revised annexes: inserted text is underlined and deleted text struck
through. Single values (a group, a priority) are replaced whole, texts word by word. Rows that
are new or gone are marked whole. The summary groups changes of the same kind into one
sentence ("R20, R33 and R35 moved from Group 2 to Group 1."), worded by `changes.summarise`,
which `roadmap diff` shares. Sentences come in table order: rows added, rows removed, then the
columns from left to right, each kind of change in the order of its first row. Only the
displayed cells are compared, so the marks and the summary always agree with what the reader
sees.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from roadmap_cli.model import Project, recommendation_sort_key
from roadmap_cli.views.annex import (
    DEFAULT_COLUMNS,
    UNKNOWN_LEGEND,
    AnnexView,
    Cell,
    Column,
    Mark,
    Planned,
    Row,
    RowChange,
    Span,
    build_annex,
    has_unknown,
)
from roadmap_cli.views.changes import ADDED, REMOVED, Revision, join_ids, kind_of, summarise

__all__ = ["annex_view", "join_ids", "mark_revisions", "revision_legend", "word_diff"]

_TOKEN = re.compile(r"\s+|\S+")
_ROW_ADDED, _ROW_REMOVED = -2, -1
"""Summary positions of whole rows: before every column (whose positions are their indexes)."""


def annex_view(
    project: Project,
    columns: Sequence[Column] = DEFAULT_COLUMNS,
    *,
    baseline: Project | None = None,
    baseline_label: str = "the baseline",
    planning: Mapping[str, Planned] | None = None,
    baseline_planning: Mapping[str, Planned] | None = None,
    as_of: dt.date | None = None,
) -> AnnexView:
    """The Annex table of ``project``, with revision marks against ``baseline`` when given;
    ``as_of`` is the day both were planned as of (planning columns)."""
    view = build_annex(project, columns, planning=planning, as_of=as_of)
    if baseline is None:
        return view
    before = build_annex(baseline, columns, planning=baseline_planning, as_of=as_of)
    return mark_revisions(before, view, baseline_label)


def revision_legend(label: str) -> str:
    return (
        f"Revision marks show the changes against {label}: inserted text is underlined, "
        "deleted text is struck through."
    )


def mark_revisions(baseline: AnnexView, current: AnnexView, label: str) -> AnnexView:
    """``current`` with every cell that differs from ``baseline`` marked, and a summary.

    Both views must have the same columns. ``label`` names the baseline for the reader.
    """
    if [c.key for c in baseline.columns] != [c.key for c in current.columns]:
        raise ValueError("the baseline and the current table must have the same columns")
    columns = current.columns
    before_by_id = {row.id: row for row in baseline.rows}
    after_by_id = {row.id: row for row in current.rows}
    rows: list[Row] = []
    changes: list[Revision] = []
    for row_id in sorted(before_by_id.keys() | after_by_id.keys(), key=recommendation_sort_key):
        before, after = before_by_id.get(row_id), after_by_id.get(row_id)
        if before is None:
            assert after is not None
            rows.append(_whole_row(after, Mark.INSERTED, RowChange.ADDED))
            changes.append(Revision(row_id, ADDED, _ROW_ADDED))
        elif after is None:
            rows.append(_whole_row(before, Mark.DELETED, RowChange.REMOVED))
            changes.append(Revision(row_id, REMOVED, _ROW_REMOVED))
        else:
            cells: list[Cell] = []
            for index, (column, old, new) in enumerate(
                zip(columns, before.cells, after.cells, strict=True)
            ):
                if old.text == new.text:
                    cells.append(new)
                    continue
                cells.append(replace(new, spans=_marked_spans(column, old, new), before=old.text))
                changes.append(
                    Revision(
                        row_id,
                        kind_of(old.known, new.known),
                        index,
                        column.key,
                        column.noun,
                        column.atomic,
                        old.text,
                        new.text,
                    )
                )
            changed = any(cell.before is not None for cell in cells)
            rows.append(
                Row(row_id, tuple(cells), RowChange.CHANGED if changed else RowChange.UNCHANGED)
            )
    return replace(
        current,
        rows=tuple(rows),
        legend=(*((UNKNOWN_LEGEND,) if has_unknown(rows) else ()), revision_legend(label)),
        baseline=label,
        summary_lead=f"Changes against {label}:",
        summary=summarise(changes),
    )


def _whole_row(row: Row, mark: Mark, change: RowChange) -> Row:
    return Row(row.id, tuple(replace(c, spans=(Span(c.text, mark),)) for c in row.cells), change)


def _marked_spans(column: Column, old: Cell, new: Cell) -> tuple[Span, ...]:
    if not old.known and new.known:
        return (Span(new.text, Mark.INSERTED),)
    if old.known and not new.known:
        return (Span(old.text, Mark.DELETED), Span(" "), Span(new.text))
    if column.atomic:
        return (Span(old.text, Mark.DELETED), Span(" "), Span(new.text, Mark.INSERTED))
    return word_diff(old.text, new.text)


def word_diff(old: str, new: str) -> tuple[Span, ...]:
    """``new`` as spans against ``old``: words kept, deleted (struck) and inserted (underlined)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    spans: list[Span] = []

    def add(text: str, mark: Mark) -> None:
        if not text:
            return
        if spans and spans[-1].mark is mark:
            spans[-1] = Span(spans[-1].text + text, mark)
        else:
            spans.append(Span(text, mark))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        deleted, inserted = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            add(deleted, Mark.SAME)
            continue
        add(deleted, Mark.DELETED)
        if deleted and inserted and not deleted[-1].isspace() and not inserted[0].isspace():
            add(" ", Mark.SAME)  # keep "old new" apart, as a reader of the revised text expects
        add(inserted, Mark.INSERTED)
    return tuple(spans)
