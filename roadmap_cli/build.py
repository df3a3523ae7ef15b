"""`roadmap build`: every artefact of the roadmap, rendered from one plan, with a manifest.

`prepare_build` computes once, from a plan (`project.prepare_plan`), what every artefact draws
on (the priorities of the survey shown, the Gantt view, the Annex view, the roadmap document's
content); every file is rendered through the registry (`render.renderer`);
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
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from roadmap_cli.drafts import DocumentSource
from roadmap_cli.model import Project
from roadmap_cli.priorities import PriorityReport, prioritise, shown_survey
from roadmap_cli.render import ANNEX_FORMATS, renderer
from roadmap_cli.schedule import Plan
from roadmap_cli.surveys import Survey
from roadmap_cli.views.document import ChecklistView, DocumentView, checklist_view, document_view
from roadmap_cli.views.manifest import Manifest
from roadmap_cli.views.plan import PlanDocument
from roadmap_cli.views.priorities import PriorityChartView
from roadmap_cli.views.revisions import annex_view
from roadmap_cli.views.roadmap import RoadmapView, priorities_table, roadmap_view
from roadmap_cli.views.timeline import GanttView, gantt_view

MANIFEST = "manifest.json"
REPORT = "report.html"
DRAFT = "roadmap-draft.docx"
CHECKLIST = "checklist.md"


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
    document: DocumentView | None = None
    """The roadmap draft (the default document source); None when the data has none."""
    checklist: ChecklistView | None = None


@dataclass(frozen=True, slots=True)
class Baseline:
    """The earlier data the document's Annex I is revision-marked against."""

    project: Project
    label: str
    """How the document names it: ``document CWS/8/24``."""


def prepare_build(
    project: Project,
    plan: Plan,
    as_of: dt.date,
    source: DocumentSource | None = None,
    baseline: Baseline | None = None,
) -> Build:
    """The views of every artefact of ``plan``, planned as of ``as_of``; the roadmap draft from
    the document ``source``, its Annex marked against ``baseline``."""
    survey = shown_survey(project.surveys)
    report = prioritise(survey, project.recommendations) if survey else None
    gantt = gantt_view(project, plan, as_of=as_of)
    document = checklist = None
    if source is not None:
        document, checklist = prepare_document(project, plan, as_of, source, baseline, gantt)
    return Build(
        project=project,
        as_of=as_of,
        plan=plan,
        survey=survey,
        priorities=report,
        gantt=gantt,
        roadmap=roadmap_view(
            project,
            plan,
            as_of=as_of,
            gantt=gantt,
            annex=annex_view(project),
            survey=survey,
            priorities=report,
        ),
        document=document,
        checklist=checklist,
    )


def prepare_document(
    project: Project,
    plan: Plan,
    as_of: dt.date,
    source: DocumentSource,
    baseline: Baseline | None = None,
    gantt: GanttView | None = None,
    *,
    include_illustrative: bool = False,
) -> tuple[DocumentView, ChecklistView]:
    """A document source filled in from ``plan``, and the Secretariat's checklist for it; with
    ``include_illustrative``, the priorities of the illustrative survey as a last annex."""
    chart = gantt or gantt_view(project, plan, as_of=as_of)
    annex = annex_view(
        project,
        baseline=baseline.project if baseline else None,
        baseline_label=baseline.label if baseline else "the baseline",
    )
    illustrative = None
    survey = shown_survey(project.surveys) if include_illustrative else None
    if survey is not None and survey.metadata.illustrative:
        illustrative = priorities_table(survey, prioritise(survey, project.recommendations))
    document = document_view(
        source, project, plan, as_of=as_of, annex=annex, gantt=chart, illustrative=illustrative
    )
    return document, checklist_view(source, project, document, chart)


Step = Callable[[Mapping[str, bytes]], bytes]
"""Renders one file; it may read the files rendered before it (the report inlines the SVGs)."""


def steps(build: Build) -> tuple[tuple[str, Step], ...]:
    """The files of a build in the order they are rendered: (file name, step)."""
    gantt, annex = build.gantt, build.roadmap.annex

    def file(output: str, fmt: str, view: object) -> Step:
        return lambda _: renderer(output, fmt)(view)

    result = [(f"gantt.{fmt}", file("gantt", fmt, gantt)) for fmt in ("svg", "png", "pdf")]
    result.append(("gantt.md", file("gantt", "mermaid", gantt)))
    if build.priorities is not None and build.survey is not None:
        chart = PriorityChartView(build.priorities, build.survey)
        result.append(("priorities.svg", file("priority-chart", "svg", chart)))
    result += [(f"annex.{fmt}", file("annex", fmt, annex)) for fmt in sorted(ANNEX_FORMATS)]
    document = PlanDocument(build.as_of, build.plan, build.priorities)
    result += [
        ("roadmap.json", file("roadmap", "json", document)),
        (REPORT, lambda done: _report(build, done)),
    ]
    draft, checklist = build.document, build.checklist
    if draft is not None and checklist is not None:
        result += [
            (CHECKLIST, file("checklist", "md", checklist)),
            (DRAFT, lambda _: render_document(draft)),
        ]
    return tuple(result)


def _report(build: Build, done: Mapping[str, bytes]) -> bytes:
    from roadmap_cli.render.report import ReportView, print_pages

    chart = (
        PriorityChartView(build.priorities, build.survey)
        if build.priorities is not None and build.survey is not None
        else None
    )
    gantt_pages, priorities_pages = print_pages(build.gantt, chart)
    view = ReportView(
        build.roadmap,
        done["gantt.svg"],
        done.get("priorities.svg"),
        gantt_pages,
        priorities_pages,
    )
    return renderer("report", "html")(view)


def render_document(document: DocumentView) -> bytes:
    """The Word file of a document view, its timeline drawn for the page."""
    from roadmap_cli.render.draft import DraftView, timeline_pictures

    return renderer("draft", "docx")(DraftView(document, timeline_pictures(document)))


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
    return (*files, (MANIFEST, renderer("manifest", "json")(Manifest(build.as_of, files))))
