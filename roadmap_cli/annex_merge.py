"""Reconciling values read from a document with the data: what to fill in, what history to
record, what conflicts, and the edited ``recommendations.yaml``.

The rules (issue 15):
- a value the data does not know (null) is filled in from the document;
- a value the data knows and the document repeats is left alone;
- a value the data knows and an older document gives as it was before a change the data's
  ``history`` records (CWS/6/3's Group 2 for R20, which CWS/7 moved to Group 1) is left alone;
- a value the data knows and the document contradicts otherwise is a **conflict**, listed with
  both values and the cell; ``prefer="document"`` takes the document's value, ``prefer="data"``
  keeps the data's, and without a preference nothing can be written;
- a cell with revision marks gives the value after the revision and a ``history`` entry with
  the value before, the session and the source; a history entry the data already has (same
  session, field, before and after) is not added again, so importing a document twice changes
  nothing;
- the document is added to ``documents`` and its symbol to the ``sources`` of each
  recommendation it changes.

`plan_import` computes all of it without touching a file: the edited text (`yaml_edit`), read
back with the project's own loader and checked, and the project it gives, so that the CLI can
show the changes as `roadmap diff` words them and write the text only when asked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from roadmap_cli.annex_import import read_annex
from roadmap_cli.load import read_yaml_text
from roadmap_cli.model import Prefer, Project, Recommendation, RecommendationsFile
from roadmap_cli.problems import Problem, error, sorted_unique, warning
from roadmap_cli.shape import convert
from roadmap_cli.yaml_edit import YamlEditor, block_mapping, scalar


def plain(value: object) -> Any:
    """A model value as plain YAML data (enums as their values, tuples as lists), as
    `diff.plain` gives it; here without importing the diff."""
    return msgspec.json.decode(msgspec.json.encode(value))


RECOMMENDATION_KEYS = tuple(f.name for f in msgspec.structs.fields(Recommendation))
"""The keys of a recommendation block in the order the data files write them."""
PROSE = ("text", "title", "note")


@dataclass(frozen=True, slots=True)
class Value:
    """One field of one recommendation as a document gives it."""

    id: str
    field: str
    """The data's field: ``text``, ``group``, ``standards``, ``tasks``, ``priority``..."""
    after: Any
    """Plain YAML data (None: the document does not say)."""
    before: Any
    """The value before the document's revision mark; equal to ``after`` when unmarked."""
    marked: bool
    where: str
    """Where the value is in the document, for messages (``table 1, row 5, column 3 (Group)``)."""
    line: int = 1
    column: int = 1


@dataclass(frozen=True, slots=True)
class Conflict:
    """A value the data knows and the document contradicts."""

    value: Value
    data: Any


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What an import would do to ``recommendations.yaml``."""

    text: str
    """The edited file; equal to the original when nothing changes."""
    after: Project
    """The project as it is with the edited file."""
    conflicts: tuple[Conflict, ...]
    kept: tuple[Conflict, ...]
    """Conflicts settled in favour of the data (``prefer="data"``)."""
    changed: tuple[str, ...]
    """The recommendations the import changes, in number order."""
    history_added: int = 0
    document_added: bool = False
    replaced: tuple[Conflict, ...] = field(default=())
    """Conflicts settled in favour of the document (``prefer="document"``)."""

    @property
    def blocked(self) -> bool:
        """Unsettled conflicts: the file must not be written."""
        return bool(self.conflicts)


def plan_import(
    project: Project,
    text: str,
    path: Path,
    values: Sequence[Value],
    *,
    source: str,
    document_title: str,
    session: str | None,
    prefer: Prefer | None,
) -> ImportPlan:
    """The edits that bring ``values`` (read from the document ``source``) into the data whose
    ``recommendations.yaml`` is ``text``. ``session`` is required when a value is marked."""
    editor = YamlEditor(text)
    index_by_id = {rec.id: i for i, rec in enumerate(project.recommendations)}
    by_id = project.recommendations_by_id
    conflicts: list[Conflict] = []
    kept: list[Conflict] = []
    replaced: list[Conflict] = []
    updates: dict[str, dict[str, Any]] = {}
    new_history: dict[str, list[dict[str, Any]]] = {}
    for value in values:
        rec = by_id[value.id]
        current = plain(getattr(rec, value.field))
        target = current
        if value.after is not None and current != value.after:
            if current is None or (value.marked and current == value.before):
                target = value.after
            elif _recorded_change(rec, value.field, value.after, current):
                pass  # an older document: the data's history records the change since
            else:
                conflict = Conflict(value, current)
                if prefer is Prefer.DOCUMENT:
                    target = value.after
                    replaced.append(conflict)
                elif prefer is Prefer.DATA:
                    kept.append(conflict)
                else:
                    conflicts.append(conflict)
        if target != current:
            updates.setdefault(value.id, {})[value.field] = target
        if value.marked and session is not None and target == value.after:
            entry = {
                "session": session,
                "field": value.field,
                "before": value.before,
                "after": value.after,
                "source": source,
            }
            if not _has_entry(rec, entry, new_history.get(value.id, [])):
                new_history.setdefault(value.id, []).append(entry)
    changed = sorted(updates.keys() | new_history.keys(), key=lambda i: index_by_id[i])
    for rec_id in changed:
        rec = by_id[rec_id]
        base: tuple[str | int, ...] = ("recommendations", index_by_id[rec_id])
        for name, target in updates.get(rec_id, {}).items():
            rendered = scalar(target, prose=name in PROSE)
            if editor.node((*base, name)) is not None:
                editor.set_value((*base, name), rendered)
            else:
                editor.add_key(base, name, rendered, _keys_after(name))
        entries = new_history.get(rec_id, [])
        if entries:
            _add_history(editor, base, rec, entries)
        if source not in rec.sources:
            if editor.node((*base, "sources")) is not None:
                editor.append((*base, "sources"), source, block=_block_item(editor, base, source))
            else:
                editor.add_key(base, "sources", scalar([source]), _keys_after("sources"))
    document_added = bool(changed) and all(d.id != source for d in project.documents)
    if document_added:
        entry = {"id": source, "title": document_title}
        if editor.node(("documents",)) is not None and project.documents:
            column = editor.dash_column(("documents",))
            editor.append(("documents",), None, block=block_mapping(entry, column, ("title",)))
        else:
            raise ValueError("recommendations.yaml has no documents list to add the document to")
    new_text = editor.result()
    return ImportPlan(
        text=new_text,
        after=_project_from(project, new_text, path),
        conflicts=tuple(conflicts),
        kept=tuple(kept),
        changed=tuple(changed),
        history_added=sum(len(v) for v in new_history.values()),
        document_added=document_added,
        replaced=tuple(replaced),
    )


def _recorded_change(rec: Recommendation, name: str, before: Any, after: Any) -> bool:
    """Whether the history records ``name`` changing from ``before`` to ``after``."""
    return any(
        entry.field == name and plain(entry.before) == before and plain(entry.after) == after
        for entry in rec.history
    )


def _has_entry(
    rec: Recommendation, entry: Mapping[str, Any], pending: list[dict[str, Any]]
) -> bool:
    def key(e: Mapping[str, Any]) -> tuple[Any, ...]:
        return (e["session"], e["field"], _frozen(e.get("before")), _frozen(e.get("after")))

    existing = {key(plain(h)) for h in rec.history} | {key(e) for e in pending}
    return key(entry) in existing


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _keys_after(name: str) -> tuple[str, ...]:
    return RECOMMENDATION_KEYS[RECOMMENDATION_KEYS.index(name) + 1 :]


def _block_item(editor: YamlEditor, base: tuple[str | int, ...], item: str) -> str | None:
    node = editor.node((*base, "sources"))
    if node is None or getattr(node, "flow_style", True) or not node.value:
        return None
    return " " * editor.dash_column((*base, "sources")) + "- " + scalar(item) + "\n"


def _add_history(
    editor: YamlEditor,
    base: tuple[str | int, ...],
    rec: Recommendation,
    entries: list[dict[str, Any]],
) -> None:
    path = (*base, "history")
    node = editor.node(path)
    if node is not None and rec.history and not getattr(node, "flow_style", False):
        column = editor.dash_column(path)
        editor.append(path, None, block="".join(block_mapping(e, column, ()) for e in entries))
        return
    key_column = editor.node(base).value[0][0].start_mark.column  # type: ignore[union-attr]
    block = "\n" + "".join(block_mapping(e, key_column + 2, ()) for e in entries)
    if node is not None:  # history: [] becomes a block
        editor.set_value(path, block.rstrip("\n"))
    else:
        editor.add_key(base, "history", block, _keys_after("history"))


def _project_from(project: Project, text: str, path: Path) -> Project:
    """The project with ``text`` as its recommendations file, read by the project's loader."""
    loaded = read_yaml_text(text, path, str(path))
    if loaded.data is None:
        raise AssertionError(f"the edited file does not read back: {loaded.problems}")
    converted, problems = convert(loaded.data, RecommendationsFile, str(path))
    if converted is None:
        raise AssertionError(f"the edited file does not fit the schema: {problems}")
    return Project(
        recommendations=converted.recommendations,
        work_items=converted.work_items,
        sessions=project.sessions,
        documents=converted.documents,
        surveys=project.surveys,
        planning=project.planning,
        task=converted.task,
    )


# ---- the Annex ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentImport:
    """An import's outcome: the plan (None when a problem stops it) and every problem."""

    plan: ImportPlan | None
    problems: tuple[Problem, ...]
    table: str | None = None
    """Where in the document the values were found, e.g. ``table 2``."""


def import_annex(
    project: Project,
    data_file: Path,
    document: Path,
    shown: str,
    *,
    source: str,
    session: str | None,
    prefer: Prefer | None,
    title: str | None = None,
) -> DocumentImport:
    """Read the Annex table of ``document`` and plan its import into ``data_file`` (the
    project's ``recommendations.yaml``); nothing is written here."""
    read = read_annex(document, shown, [rec.id for rec in project.recommendations])
    if read.problems:
        return DocumentImport(None, read.problems, read.table)
    values = [
        Value(row.id, v.field, v.after, v.before, v.marked, str(v.where), v.where.line, v.where.col)
        for row in read.rows
        for v in row.values
    ]
    title = title or f"{source}: the Annex table, imported from {document.name}"
    return import_values(
        project,
        data_file,
        shown,
        values,
        source=source,
        session=session,
        prefer=prefer,
        title=title,
        table=read.table,
    )


def import_values(
    project: Project,
    data_file: Path,
    shown: str,
    values: Sequence[Value],
    *,
    source: str,
    session: str | None,
    prefer: Prefer | None,
    title: str,
    table: str | None = None,
) -> DocumentImport:
    """Plan the import of ``values`` read from the document ``shown``; conflicts and revision
    marks without a session are problems located in the document."""
    marked = [v for v in values if v.marked]
    if marked and session is None:
        first = marked[0]
        return DocumentImport(
            None,
            (
                error(
                    shown,
                    "session-needed",
                    f"{first.where}: the document has revision marks ({len(marked)} "
                    f"value{'s' if len(marked) != 1 else ''} changed), and a change needs the "
                    "session that decided it",
                    "pass --session CWS/<n>, the session whose decisions the marks record",
                    line=first.line,
                    column=first.column,
                ),
            ),
            table,
        )
    text = data_file.read_text(encoding="utf-8")
    plan = plan_import(
        project,
        text,
        data_file,
        values,
        source=source,
        document_title=title,
        session=session,
        prefer=prefer,
    )
    problems = [_conflict_problem(c, shown, settled=None) for c in plan.conflicts]
    problems += [_conflict_problem(c, shown, settled=Prefer.DATA) for c in plan.kept]
    problems += [_conflict_problem(c, shown, settled=Prefer.DOCUMENT) for c in plan.replaced]
    return DocumentImport(plan, tuple(sorted_unique(problems)), table)


def _conflict_problem(conflict: Conflict, shown: str, settled: Prefer | None) -> Problem:
    value = conflict.value
    said = (
        f"{value.where}: the {value.field} of {value.id} is {_said(conflict.data)} in the data "
        f"and {_said(value.after)} in the document"
    )
    if settled is None:
        return error(
            shown,
            "conflict",
            said,
            "pass --prefer document to take the document's value, or --prefer data to keep the "
            "data's",
            line=value.line,
            column=value.column,
        )
    kept = "the document's value is taken" if settled is Prefer.DOCUMENT else "the data's is kept"
    return warning(
        shown,
        "conflict",
        f"{said}; {kept} (--prefer {settled.value})",
        "",
        line=value.line,
        column=value.column,
    )


def _said(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, str) and len(value) > 60:
        return repr(value[:59] + "\u2026")
    return repr(value) if isinstance(value, str) else str(value)
