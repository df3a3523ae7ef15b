"""`roadmap build`: every artefact of the roadmap, rendered from one plan, with a manifest.

`prepare_build` computes once, from a plan (`project.prepare_plan`), what every artefact draws
on (the priorities of the survey shown and what its chart draws, the Gantt view, the Annex view,
the roadmap document's content), and keeps nothing else of the data. `jobs` cuts the work into
pieces: a file, the two files of the screen Gantt chart (drawn once), or one page of a chart
printed in the report or the draft, which the report and the draft then read; every file is
rendered through the registry (`render.renderer`). `render_build` renders the jobs in memory,
in one process or in one per core (the costliest first), calling an optional ``progress``
callback after each file, and returns ``(file name, bytes)`` pairs ending with
``manifest.json`` (each file's size and SHA-256). Nothing here writes a file: the CLI writes the
pairs through `output.replace_folder` only once all of them are rendered, so an interrupted
build leaves the previous files as they were.

The bytes depend only on the data and the as-of day: every renderer is deterministic, no
artefact carries the time of the build or the version of the tool, and a job's bytes do not
depend on the process that renders it.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from functools import partial

from roadmap_cli.drafts import DocumentSource
from roadmap_cli.model import Project
from roadmap_cli.priorities import PriorityReport, prioritise, shown_survey
from roadmap_cli.render import ANNEX_FORMATS, renderer
from roadmap_cli.schedule import Plan
from roadmap_cli.views.document import ChecklistView, DocumentView, checklist_view, document_view
from roadmap_cli.views.manifest import Manifest
from roadmap_cli.views.plan import PlanDocument
from roadmap_cli.views.priorities import PriorityChartView, priority_chart_view
from roadmap_cli.views.revisions import annex_view
from roadmap_cli.views.roadmap import RoadmapView, priorities_table, roadmap_view
from roadmap_cli.views.timeline import GanttView, gantt_view

MANIFEST = "manifest.json"
PRIORITIES = "priorities.svg"
REPORT = "report.html"
DRAFT = "roadmap-draft.docx"
CHECKLIST = "checklist.md"


@dataclass(frozen=True, slots=True)
class Build:
    """What every artefact draws on, computed once; not the data itself, which a build of two
    million answers need not keep while it renders (issue 16)."""

    as_of: dt.date
    plan: Plan
    priorities: PriorityReport | None
    """The priorities of the survey shown (`priorities.shown_survey`); None: no answers."""
    chart: PriorityChartView | None
    """What the priorities chart draws of them and of the survey's answers; None: no answers."""
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
        as_of=as_of,
        plan=plan,
        priorities=report,
        chart=priority_chart_view(report, survey) if survey and report is not None else None,
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


@dataclass(frozen=True, slots=True)
class Job:
    """A piece of a build that one process renders: a file, the files of one figure, or a page
    of a chart that a file is then made of."""

    outputs: tuple[str, ...]
    """What it makes, in order: file names, or ``<file>#<part>`` for a part of a file."""
    render: Callable[[Mapping[str, bytes]], tuple[bytes, ...]]
    """The bytes of each output, from the outputs of other jobs it reads (`needs`)."""
    needs: tuple[str, ...] = ()
    cost: float = 0.0
    """An estimate of its milliseconds of work (`cost`): the costliest are started first."""


FIXED_MS: Mapping[str, float] = {"svg": 40, "png": 100, "pdf": 80, "docx": 30, "text": 0}
ROW_MS: Mapping[str, float] = {"svg": 3, "png": 8, "pdf": 4, "docx": 2, "text": 0.3}
"""Milliseconds of work in a file of each format, and for each row it draws or holds (a bar, a
table row, a unit of the plan), roughly as measured on the bundled data and at 10,000 rows."""


def cost(fmt: str, rows: int) -> float:
    """The milliseconds a job of ``fmt`` (svg, png, pdf, docx; text for any other) and
    ``rows`` rows takes, roughly: enough to start the longest jobs first."""
    return FIXED_MS[fmt] + ROW_MS[fmt] * rows


def jobs(build: Build) -> tuple[Job, ...]:
    """The jobs of a build, each after the jobs it reads; the files come in the order of
    `file_names`."""
    from roadmap_cli.render.gantt import render_formats

    gantt, annex, bars = build.gantt, build.roadmap.annex, len(build.gantt.bars)

    def file(name: str, output: str, fmt: str, view: object, work: float) -> Job:
        return _single(name, lambda: renderer(output, fmt)(view), work)

    rows = len(annex.rows)
    result = [
        Job(  # one figure, saved twice
            ("gantt.svg", "gantt.png"),
            lambda _: render_formats(gantt, ("svg", "png")),
            cost=cost("svg", bars) + cost("png", bars),
        ),
        file("gantt.pdf", "gantt", "pdf", gantt, cost("pdf", bars)),
        file("gantt.md", "gantt", "mermaid", gantt, cost("text", bars)),
    ]
    chart = build.chart
    if chart is not None:
        result.append(file(PRIORITIES, "priority-chart", "svg", chart, _chart_cost(chart)))
    result += [
        file(f"annex.{fmt}", "annex", fmt, annex, cost(fmt if fmt == "docx" else "text", rows))
        for fmt in sorted(ANNEX_FORMATS)
    ]
    document = PlanDocument(build.as_of, build.plan, build.priorities)
    units = len(build.plan.slots)
    result.append(file("roadmap.json", "roadmap", "json", document, cost("text", units)))
    result += _report_jobs(build, chart)
    if build.document is not None and build.checklist is not None:
        result.append(file(CHECKLIST, "checklist", "md", build.checklist, cost("text", rows)))
        result += _draft_jobs(build.document, rows)
    return tuple(result)


def _single(name: str, make: Callable[[], bytes], work: float) -> Job:
    """A job that makes one output and reads nothing."""
    return Job((name,), lambda _: (make(),), cost=work)


def _chart_cost(chart: PriorityChartView) -> float:
    """A row of the priorities chart: its dots, and a cell for each office."""
    return cost("svg", len(chart.report.items) * 2)


def file_names(build: Build) -> tuple[str, ...]:
    """The files of a build (the manifest aside), in the order they are reported done."""
    return _files(jobs(build))


def _files(every: Sequence[Job]) -> tuple[str, ...]:
    """The files the jobs make, in order; not the parts (``<file>#<part>``) files are made of."""
    return tuple(name for job in every for name in job.outputs if "#" not in name)


def _report_jobs(build: Build, chart: PriorityChartView | None) -> list[Job]:
    """The report's printed chart parts, one job each, then the report, which reads them."""
    from roadmap_cli.render import gantt_pages, priority_chart
    from roadmap_cli.render.report import PAGE, ReportView

    width, height = PAGE
    gantt_parts = gantt_pages.print_parts(build.gantt, width, height)
    chart_parts = priority_chart.page_views(chart, width, height) if chart is not None else ()
    gantt_names = [f"{REPORT}#gantt-{n}" for n in range(1, len(gantt_parts) + 1)]
    chart_names = [f"{REPORT}#priorities-{n}" for n in range(1, len(chart_parts) + 1)]
    parts = [
        _single(
            name, partial(gantt_pages.render_page_svg, part, width), cost("svg", len(part.bars))
        )
        for name, part in zip(gantt_names, gantt_parts, strict=True)
    ]
    parts += [
        _single(name, partial(priority_chart.render_page_svg, view, width, part), _chart_cost(view))
        for name, (view, part) in zip(chart_names, chart_parts, strict=True)
    ]
    screens = ("gantt.svg", PRIORITIES) if chart is not None else ("gantt.svg",)

    def report(done: Mapping[str, bytes]) -> tuple[bytes]:
        view = ReportView(
            build.roadmap,
            done["gantt.svg"],
            done.get(PRIORITIES),
            tuple(done[name] for name in gantt_names),
            tuple(done[name] for name in chart_names),
        )
        return (renderer("report", "html")(view),)

    needs = (*screens, *gantt_names, *chart_names)
    return [*parts, Job((REPORT,), report, needs, cost("text", len(build.roadmap.annex.rows)))]


def _draft_jobs(document: DocumentView, rows: int) -> list[Job]:
    """The pages of the draft's timeline, one job each, then the draft, which reads them."""
    from roadmap_cli.render.draft import DraftView, timeline_pages
    from roadmap_cli.render.gantt_pages import render_page_png

    pages, width = timeline_pages(document)
    names = [f"{DRAFT}#timeline-{n}" for n in range(1, len(pages) + 1)]
    parts = [
        _single(name, partial(render_page_png, page, width), cost("png", len(page.bars)))
        for name, page in zip(names, pages, strict=True)
    ]

    def draft(done: Mapping[str, bytes]) -> tuple[bytes]:
        pictures = tuple(done[name] for name in names)
        return (renderer("draft", "docx")(DraftView(document, pictures)),)

    return [*parts, Job((DRAFT,), draft, tuple(names), cost("docx", rows))]


def render_document(document: DocumentView) -> bytes:
    """The Word file of a document view, its timeline drawn for the page."""
    from roadmap_cli.render.draft import DraftView, timeline_pictures

    return renderer("draft", "docx")(DraftView(document, timeline_pictures(document)))


def render_build(
    build: Build, progress: Callable[[str], None] | None = None, *, workers: int = 1
) -> tuple[tuple[str, bytes], ...]:
    """Every file of the build, in memory, then the manifest; ``progress(name)`` after each
    file, in the order of `file_names`.

    With ``workers`` > 1 (and where processes can be forked), the jobs are rendered by that
    many processes at once, the costliest first, each as soon as what it reads is done: charts
    are drawn by matplotlib, which holds the GIL, so threads would not help (issue 16). The
    bytes are the same either way: each job depends only on the build and what it reads.
    """
    every = jobs(build)
    gc.freeze()  # what the jobs read is kept: no collection need look at it, no worker copy it
    _release_free_memory()
    try:
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            done = _render_parallel(every, progress, workers)
        else:
            done = {}
            for job in every:
                done.update(zip(job.outputs, _render(job, done), strict=True))
                if progress is not None:
                    for name in _files([job]):
                        progress(name)
    finally:
        gc.unfreeze()
    files = tuple(sorted((name, done[name]) for name in _files(every)))
    return (*files, (MANIFEST, renderer("manifest", "json")(Manifest(build.as_of, files))))


_FORKED: tuple[Job, ...] = ()
"""The jobs being rendered, set before the worker processes are forked: they inherit them, so
nothing but a job's number and what it reads is sent to them."""


def _start_worker(build: int) -> None:
    """Run in each worker as it starts: no garbage collection while a job runs (matplotlib
    makes objects by the hundred thousand, and their collection took a tenth of the time);
    `_render` collects once after each job. And the worker dies with the ``build`` process:
    a build killed outright (SIGKILL, the OOM killer, a CI job's timeout) would otherwise
    leave its workers waiting for jobs for ever, holding their memory."""
    gc.disable()
    try:  # Linux: the kernel sends the worker SIGKILL when the process that forked it ends
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # elsewhere the workers end when their queue closes, as before
    if os.getppid() != build:  # the build ended before the line above
        os._exit(1)


_PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>."""


def _render_job(number: int, inputs: Mapping[str, bytes]) -> tuple[bytes, ...]:
    """Run in a worker: one of the inherited jobs."""
    return _render(_FORKED[number], inputs)


def _render(job: Job, inputs: Mapping[str, bytes]) -> tuple[bytes, ...]:
    """A job's bytes, then its garbage (a figure is a web of cycles) collected and its memory
    given back, so that the next job starts from as little: the collection looks at what was
    made since the last (in a worker, what it inherited is frozen)."""
    result = job.render(inputs)
    gc.collect(0)
    _release_free_memory()
    return result


def _priorities(every: Sequence[Job]) -> list[float]:
    """Each job's cost plus the costliest chain of jobs that read it: a part that a file waits
    for goes before work of the same cost that nothing waits for."""
    made_by = {name: number for number, job in enumerate(every) for name in job.outputs}
    rank = [job.cost for job in every]
    for number in reversed(range(len(every))):  # a job comes after what it reads
        for name in every[number].needs:
            before = made_by[name]
            rank[before] = max(rank[before], every[before].cost + rank[number])
    return rank


def _render_parallel(
    every: tuple[Job, ...], progress: Callable[[str], None] | None, workers: int
) -> dict[str, bytes]:
    global _FORKED
    files = _files(every)
    rank = _priorities(every)
    waiting = sorted(range(len(every)), key=lambda number: -rank[number])
    done: dict[str, bytes] = {}
    told = 0

    def tell() -> None:
        """Progress in the order of the files, whatever order the workers finish in."""
        nonlocal told
        while told < len(files) and files[told] in done:
            if progress is not None:
                progress(files[told])
            told += 1

    _FORKED = every
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(os.getpid(),),
        ) as pool:
            running: dict[Future[tuple[bytes, ...]], int] = {}

            def submit_ready() -> None:
                for number in [n for n in waiting if all(d in done for d in every[n].needs)]:
                    waiting.remove(number)
                    inputs = {name: done[name] for name in every[number].needs}
                    running[pool.submit(_render_job, number, inputs)] = number

            submit_ready()
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    outputs = every[running.pop(future)].outputs
                    done.update(zip(outputs, future.result(), strict=True))
                tell()
                submit_ready()
    finally:
        _FORKED = ()
    return done


def _release_free_memory() -> None:
    """Give the C heap's free pages back to the system: each worker counts what it inherits,
    loading two million answers leaves a hundred MiB free but not returned, and so does a job
    (glibc's ``malloc_trim``; elsewhere nothing to do)."""
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)
