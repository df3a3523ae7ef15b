"""Every JSON document the tool writes, for tools: one module, one way to write JSON.

Each ``render_*`` function takes one value and returns the document's bytes: indented, keys in a
fixed order, UTF-8 (not ASCII-escaped), ending with a newline. Field names follow the YAML files.
Core types are imported for type checking only, so `--json` queries load nothing more.

- The Annex: the columns, then each row's cells by column key. Cells hold the displayed text
  (unknown values as their markers); ``unknown`` lists the columns whose value is not known.
  With a baseline, each row says how it changed, ``before`` holds the baseline's text of the
  cells that differ, and ``summary`` the change sentences.
- A diff: ``changes`` (``subject``, ``id``, ``field``, ``change``, ``before``, ``after``: the
  values as plain data with the YAML field names) and ``effects`` (each with a ``kind``).
- A log: the recorded history entries, then each version that changed the recommendation (its
  commit, and the changes as in a diff).
- The schedule (`roadmap schedule --json`), what can start (`roadmap next --json`), the
  priorities, recommendations, the status overview, ``roadmap.json`` and the build's manifest.
"""

from __future__ import annotations

import hashlib
import io
import json
from typing import TYPE_CHECKING, Any

import msgspec

from roadmap_cli.views.words import status_text, value_of

if TYPE_CHECKING:
    from roadmap_cli.diff import Change, Effect, Json, Placement
    from roadmap_cli.history import RecommendationLog, Step
    from roadmap_cli.model import Project, Recommendation
    from roadmap_cli.priorities import PriorityReport
    from roadmap_cli.schedule import NextUp, Plan, Slot
    from roadmap_cli.views.annex import AnnexView, Row
    from roadmap_cli.views.diff import DiffView
    from roadmap_cli.views.manifest import Manifest
    from roadmap_cli.views.plan import PlanDocument
    from roadmap_cli.views.recommendation import RecommendationSelection
    from roadmap_cli.views.status import Overview


def document(value: Any) -> bytes:
    """``value`` as an indented JSON document ending with a newline.

    The text is encoded as it is made, a few thousand pieces at a time: ``json.dumps`` of an
    indented document holds every piece (a few bytes each, millions for ``roadmap.json`` of
    10,000 units) until it joins them (issue 16)."""
    buffer = io.BytesIO()
    pieces: list[str] = []
    for piece in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(value):
        pieces.append(piece)
        if len(pieces) == 4096:
            buffer.write("".join(pieces).encode("utf-8"))
            pieces.clear()
    pieces.append("\n")
    buffer.write("".join(pieces).encode("utf-8"))
    return buffer.getvalue()


def _row(view: AnnexView, row: Row) -> dict[str, Any]:
    keys = [column.key for column in view.columns]
    data: dict[str, Any] = {"id": row.id}
    if view.baseline is not None:
        data["change"] = row.change.value
    data["cells"] = {key: cell.text for key, cell in zip(keys, row.cells, strict=True)}
    data["unknown"] = [key for key, cell in zip(keys, row.cells, strict=True) if not cell.known]
    if view.baseline is not None:
        data["before"] = {
            key: cell.before
            for key, cell in zip(keys, row.cells, strict=True)
            if cell.before is not None
        }
    return data


def render_annex(view: AnnexView) -> bytes:
    """One JSON document, indented, keys in a fixed order, ending with a newline."""
    annex: dict[str, Any] = {
        "title": view.title,
        "subtitle": view.subtitle,
        "source_session": view.source_session,
        "baseline": view.baseline,
        "summary_lead": view.summary_lead,
        "summary": list(view.summary),
        "columns": [{"key": c.key, "header": c.header} for c in view.columns],
        "rows": [_row(view, row) for row in view.rows],
        "legend": list(view.legend),
    }
    return document(annex)


def render_schedule(plan: Plan) -> bytes:
    """`roadmap schedule --json`: the plan as of its day, as ``roadmap.json``'s ``plan``."""
    return document(_plan(plan))


def render_next(view: NextUp) -> bytes:
    """`roadmap next --json`."""
    return document(_next(view))


def render_priorities(report: PriorityReport) -> bytes:
    """`roadmap priorities --json`: one object per recommendation, in rank order."""
    return document(_priority_items(report))


def render_recommendations(view: RecommendationSelection) -> bytes:
    """`roadmap list --json` (a list) and `roadmap show ID --json` (one object)."""
    items = [_recommendation(view.project, rec) for rec in view.recommendations]
    return document(items[0] if view.single else items)


def render_status(view: Overview) -> bytes:
    """`roadmap status --json`."""
    return document(_status(view))


def render_roadmap(build: PlanDocument) -> bytes:
    """The computed schedule and priorities, for tools: ``roadmap.json``."""
    roadmap: dict[str, Any] = {
        "as_of": build.as_of.isoformat(),
        "plan": _plan(build.plan),
        "priorities": None,
    }
    if build.priorities is not None:
        report = build.priorities
        roadmap["priorities"] = {
            "survey": report.survey_id,
            "illustrative": report.illustrative,
            "method": report.method.value,
            "respondents": report.respondents,
            "answered": report.answered,
            "items": _priority_items(report),
        }
    return document(roadmap)


def render_manifest(view: Manifest) -> bytes:
    """Each file's name, size and SHA-256, in name order."""
    manifest = {
        "as_of": view.as_of.isoformat(),
        "files": [
            {"file": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in view.files
        ],
    }
    return (json.dumps(manifest, indent=2) + "\n").encode("utf-8")


def _plan(plan: Plan) -> dict[str, Any]:
    """The plan as of its day: `roadmap schedule --json`, and ``plan`` in ``roadmap.json``."""
    from roadmap_cli.planning import Source
    from roadmap_cli.views.plan import assumption_notes

    inp = plan.input
    labels = {slot.unit.id: slot.unit.label for slot in plan.slots}
    return {
        "as_of": plan.as_of.isoformat(),
        "start": inp.calendar.start.isoformat(),
        "start_assumed": inp.start_source is Source.ASSUMED,
        "end": plan.end_date.isoformat(),
        "critical_path": [labels[u] for u in plan.critical_path],
        "critical_chains": [[labels[u] for u in chain] for chain in plan.critical_chains],
        "assumptions": assumption_notes(plan),
        "not_scheduled": {s.recommendation: s.status.value for s in inp.settled},
        "warnings": [finding.message for finding in plan.findings],
        "units": _schedule_units(plan),
    }


def _schedule_units(plan: Plan) -> list[dict[str, Any]]:
    """One object per scheduled unit, in the order; dates are ISO, durations whole months."""
    return [_slot_json(plan, slot) for slot in plan.slots]


def _slot_json(plan: Plan, slot: Slot) -> dict[str, Any]:
    unit, calendar = slot.unit, plan.input.calendar
    ordered = plan.ordering.entries[slot.position - 1]
    return {
        "order": slot.position,
        "id": unit.id,
        "recommendations": list(unit.members),
        "title": unit.title,
        "priority": value_of(unit.priority),
        "priority_source": unit.priority_source,
        "inherited_priority": value_of(ordered.key.inherited),
        "inherited_from": ordered.inherited_from,
        "status": status_text(unit.status),
        "owner": unit.owner,
        "effort_months": unit.effort_months,
        "remaining_months": unit.months,
        "start": slot.start_date.isoformat(),
        "end": slot.end_date.isoformat(),
        "earliest_start": calendar.date_of(slot.earliest_start).isoformat(),
        "latest_start": calendar.date_of(slot.latest_start).isoformat(),
        "latest_end": calendar.end_of(slot.latest_finish).isoformat(),
        "slack_months": slot.slack,
        "critical": slot.critical,
        "start_reason": slot.reason.value,
        "waits_for": slot.binding,
        "capacity_delay_months": slot.capacity_delay,
        "session": slot.session.id if slot.session else None,
        "session_start": slot.session.start.isoformat() if slot.session else None,
        "not_before": unit.not_before.text if unit.not_before else None,
        "deadline": unit.deadline.text if unit.deadline else None,
        "deadline_met": None if unit.due is None else slot.finish <= unit.due,
        "assumed": list(slot.assumed),
    }


def _next(view: NextUp) -> dict[str, Any]:
    from roadmap_cli.views.plan import next_assumed

    return {
        "as_of": view.as_of.isoformat(),
        "startable": [
            {
                "order": i.ordered.position,
                "id": i.ordered.unit.id,
                "recommendations": list(i.ordered.unit.members),
                "title": i.ordered.unit.title,
                "priority": value_of(i.ordered.unit.priority),
                "status": status_text(i.ordered.unit.status),
                "owner": i.ordered.unit.owner,
                "owner_free_places": i.free,
                "fits": i.fits,
                "held_by": list(i.held_by),
                "assumed": list(next_assumed(i.ordered.unit, view.input)),
            }
            for i in view.startable
        ],
        "in_progress": [e.unit.id for e in view.in_progress],
        "waiting": view.waiting,
    }


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits) + 0.0  # + 0.0 turns -0.0 into 0.0


def _priority_items(report: PriorityReport) -> list[dict[str, Any]]:
    """One object per recommendation, in rank order; ``level`` is the computed level."""
    return [
        {
            "id": item.id,
            "rank": item.rank,
            "title": item.title,
            "score": _round(item.score),
            "n": item.n,
            "no_opinion": item.no_opinion,
            "absent": item.absent,
            "coverage": _round(item.coverage),
            "median": _round(item.median),
            "mean": _round(item.mean),
            "top_box": _round(item.top_box),
            "bayes": _round(item.bayes),
            "borda": _round(item.borda),
            "iqr": _round(item.iqr),
            "contested": item.contested,
            "level": None if item.level is None else item.level.value,
            "adopted": None if item.adopted is None else item.adopted.value,
            "flags": [flag.value for flag in item.flags],
            "survey": report.survey_id,
            "method": report.method.value,
        }
        for item in report.items
    ]


def _recommendation(project: Project, rec: Recommendation) -> dict[str, Any]:
    """A recommendation with the YAML field names, plus its dependents and work item."""
    data: dict[str, Any] = msgspec.to_builtins(rec)
    work_item = project.work_item_by_member.get(rec.id)
    data["dependents"] = list(project.dependents_by_id[rec.id])
    data["work_item"] = work_item.id if work_item else None
    return data


def _status(view: Overview) -> dict[str, Any]:
    session = view.next_session
    return {
        "total": view.total,
        "by_group": dict(view.by_group),
        "by_priority": dict(view.by_priority),
        "by_status": dict(view.by_status),
        "priority_recommendations": [r.id for r in view.priority_recommendations],
        "completeness": {c.field: {"known": c.known, "total": c.total} for c in view.completeness},
        "next_session": None
        if session is None
        else {
            "id": session.id,
            "start": session.start.isoformat(),
            "end": session.end.isoformat(),
            "assumed": session.assumed,
        },
    }


def render_diff(view: DiffView) -> bytes:
    """``{"base", "head", "as_of", "summary", "unavailable", "changes": [...],
    "effects": [...]}``; ``as_of`` is the day both versions were planned as of."""
    return document(
        {
            "base": view.base,
            "head": view.head,
            "as_of": view.diff.as_of.isoformat() if view.diff.as_of else None,
            "summary": list(view.summary),
            "unavailable": list(view.unavailable),
            "changes": [_change(change) for change in view.diff.changes],
            "effects": [_effect(effect) for effect in view.diff.effects],
        }
    )


def _change(change: Change) -> dict[str, Json]:
    return {
        "subject": change.subject.value,
        "id": change.id,
        "field": change.field,
        "change": change.kind,
        "before": change.before,
        "after": change.after,
    }


def _effect(effect: Effect) -> dict[str, Json]:
    from roadmap_cli.diff import PlanEndEffect, PriorityEffect, ProblemEffect, ScheduleEffect
    from roadmap_cli.problems import format_text

    match effect:
        case ProblemEffect(problem=p):
            return {
                "kind": effect.kind,
                "id": p.code,
                "severity": p.severity.value,
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "message": format_text(p),
            }
        case PriorityEffect():
            return {
                "kind": effect.kind,
                "id": effect.id,
                "survey": effect.survey,
                "method": effect.method,
                "before": effect.before,
                "after": effect.after,
                "shift": effect.shift,
            }
        case ScheduleEffect():
            return {
                "kind": effect.kind,
                "id": effect.id,
                "members": list(effect.members),
                "before": _placement(effect.before),
                "after": _placement(effect.after),
                "start_shift": effect.start_shift,
                "end_shift": effect.end_shift,
            }
        case PlanEndEffect():
            return {
                "kind": effect.kind,
                "id": effect.id,
                "before": effect.before,
                "after": effect.after,
                "shift": effect.shift,
            }


def _placement(placement: Placement | None) -> dict[str, Json] | None:
    if placement is None:
        return None
    return {
        "start": placement.start,
        "end": placement.end,
        "session": placement.session,
        "critical": placement.critical,
    }


def render_log(log: RecommendationLog) -> bytes:
    """``{"id", "recorded": [...], "versions", "steps": [...]}``, oldest step first."""
    from roadmap_cli.diff import plain

    return document(
        {
            "id": log.id,
            "recorded": [plain(entry) for entry in log.recorded],
            "versions": log.versions,
            "steps": [_step(step) for step in log.steps],
        }
    )


def _step(step: Step) -> dict[str, Json]:
    from roadmap_cli.diff import plain

    commit = step.commit
    return {
        "commit": commit.sha if commit else None,
        "date": commit.date if commit else None,
        "subject": commit.subject if commit else None,
        "changes": [_change(change) for change in step.changes],
        "recorded": [plain(entry) for entry in step.recorded],
        "unreadable": step.unreadable or None,
    }
