"""`roadmap build`: every artefact of the roadmap, rendered from one plan, with a manifest.

`prepare_build` computes once what every artefact draws on (the plan as of a day, the priorities
of the survey shown, the Gantt view, the Annex view, the roadmap document's content);
`render_build` renders the artefacts in order, in memory, calling an optional ``progress``
callback after each, and returns ``(file name, bytes)`` pairs ending with ``manifest.json``
(each file's size and SHA-256). Nothing here writes a file: the CLI writes the pairs through
`output.write_atomic` only once all of them are rendered, so an interrupted build leaves the
previous files as they were.

The bytes depend only on the data and the as-of day: every renderer is deterministic, and no
artefact carries the time of the build or the version of the tool.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from roadmap_cli.model import Project
from roadmap_cli.plan_views import assumption_notes, schedule_json
from roadmap_cli.planning import PlanSettings, Source
from roadmap_cli.priorities import (
    PriorityReport,
    prioritise,
    shown_survey,
    steering_levels,
)
from roadmap_cli.priority_views import priorities_json
from roadmap_cli.render import ANNEX_FORMATS, annex_renderer, gantt_renderer, resolve
from roadmap_cli.render.annex import annex_view
from roadmap_cli.render.roadmap import RoadmapView, roadmap_view
from roadmap_cli.render.timeline import GanttView, gantt_view
from roadmap_cli.schedule import Plan, make_plan
from roadmap_cli.surveys import Survey

MANIFEST = "manifest.json"
REPORT = "report.html"
DRAFT = "roadmap-draft.docx"


def plan_settings(project: Project, *, as_of: dt.date | None = None) -> PlanSettings:
    """The settings `roadmap schedule` uses by default: the data's assumptions, and computed
    priorities from the last survey with answers that is not illustrative (if any)."""
    levels = steering_levels(project.surveys, project.recommendations)
    return PlanSettings(as_of=as_of, computed_priorities=levels)


@dataclass(frozen=True, slots=True)
class Build:
    """What every artefact draws on, computed once."""

    project: Project
    as_of: dt.date
    plan: Plan
    survey: Survey | None
    """The survey whose priorities are charted (`priorities.shown_survey`); None: no answers."""
    priorities: PriorityReport | None
    gantt: GanttView
    roadmap: RoadmapView


def prepare_build(project: Project, settings: PlanSettings) -> Build:
    """The plan as of ``settings.as_of`` (required) and the views of every artefact."""
    if settings.as_of is None:
        raise ValueError("a build needs the as-of day")
    plan = make_plan(project, settings)
    survey = shown_survey(project.surveys)
    report = prioritise(survey, project.recommendations) if survey else None
    gantt = gantt_view(project, plan, as_of=settings.as_of)
    return Build(
        project=project,
        as_of=settings.as_of,
        plan=plan,
        survey=survey,
        priorities=report,
        gantt=gantt,
        roadmap=roadmap_view(
            project,
            plan,
            as_of=settings.as_of,
            gantt=gantt,
            annex=annex_view(project),
            survey=survey,
            priorities=report,
        ),
    )


Step = Callable[[Mapping[str, bytes]], bytes]
"""Renders one file; it may read the files rendered before it (the report inlines the SVGs)."""


def steps(build: Build) -> tuple[tuple[str, Step], ...]:
    """The files of a build in the order they are rendered: (file name, step)."""
    gantt, annex = build.gantt, build.roadmap.annex
    charts = functools.cache(lambda: _gantt_files(gantt))

    def chart(fmt: str) -> Step:
        return lambda _: charts()[fmt]

    def table(fmt: str) -> Step:
        return lambda _: annex_renderer(fmt)(annex)

    result = [(f"gantt.{fmt}", chart(fmt)) for fmt in ("svg", "png", "pdf")]
    result.append(("gantt.md", lambda _: gantt_renderer("mermaid")(gantt)))
    if build.priorities is not None and build.survey is not None:
        report, survey = build.priorities, build.survey
        result.append(("priorities.svg", lambda _: _priority_chart(report, survey)))
    result += [(f"annex.{fmt}", table(fmt)) for fmt in sorted(ANNEX_FORMATS)]
    result += [
        ("roadmap.json", lambda _: export_json(build)),
        (REPORT, lambda done: _report(build, done)),
        (DRAFT, lambda done: _draft(build, done)),
    ]
    return tuple(result)


def _gantt_files(gantt: GanttView) -> dict[str, bytes]:
    """The three chart files from one drawing of the figure (a third of the time)."""
    from roadmap_cli.render.gantt import render_gantt_files

    return render_gantt_files(gantt, ("svg", "png", "pdf"))


def _priority_chart(report: PriorityReport, survey: Survey) -> bytes:
    render: Callable[..., bytes] = resolve(
        "roadmap_cli.render.priority_chart:render_priority_chart"
    )
    return render(report, survey, "svg")


def _report(build: Build, done: Mapping[str, bytes]) -> bytes:
    from roadmap_cli.render.report import ReportView, render_report

    return render_report(ReportView(build.roadmap, done["gantt.svg"], done.get("priorities.svg")))


def _draft(build: Build, done: Mapping[str, bytes]) -> bytes:
    from roadmap_cli.render.draft import DraftView, render_draft

    return render_draft(DraftView(build.roadmap, done["gantt.png"]))


def render_build(
    build: Build, progress: Callable[[str], None] | None = None
) -> tuple[tuple[str, bytes], ...]:
    """Every file of the build, in memory, then the manifest; ``progress(name)`` after each."""
    done: dict[str, bytes] = {}
    for name, step in steps(build):
        done[name] = step(done)
        if progress is not None:
            progress(name)
    files = tuple(sorted(done.items()))
    return (*files, (MANIFEST, manifest_json(build.as_of, files)))


def manifest_json(as_of: dt.date, files: tuple[tuple[str, bytes], ...]) -> bytes:
    """Each file's name, size and SHA-256, in name order."""
    document = {
        "as_of": as_of.isoformat(),
        "files": [
            {"file": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in files
        ],
    }
    return (json.dumps(document, indent=2) + "\n").encode("utf-8")


def export_json(build: Build) -> bytes:
    """The computed schedule and priorities, for tools: ``roadmap.json``."""
    plan, inp = build.plan, build.plan.input
    labels = {slot.unit.id: slot.unit.label for slot in plan.slots}
    document: dict[str, Any] = {
        "as_of": build.as_of.isoformat(),
        "plan": {
            "start": inp.calendar.start.isoformat(),
            "start_assumed": inp.start_source is Source.ASSUMED,
            "end": plan.end_date.isoformat(),
            "critical_path": [labels[u] for u in plan.critical_path],
            "assumptions": assumption_notes(plan),
            "not_scheduled": {s.recommendation: s.status.value for s in inp.settled},
            "warnings": [finding.message for finding in plan.findings],
            "units": schedule_json(plan),
        },
        "priorities": None,
    }
    if build.priorities is not None:
        report = build.priorities
        document["priorities"] = {
            "survey": report.survey_id,
            "illustrative": report.illustrative,
            "method": report.method.value,
            "respondents": report.respondents,
            "items": priorities_json(report),
        }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
