"""Rendering: the Annex table, the Gantt chart and the whole build."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import msgspec
import typer

from roadmap_cli.cli.common import (
    AsOfOption,
    CapacityOption,
    DataOption,
    OutputFileOption,
    PlanSurveyOption,
    ScenarioOption,
    StartOption,
    app,
    choices,
    collecting_nothing,
    emit,
    enum_parser,
    exit_with,
    load_or_exit,
    plan_options,
    plan_or_exit,
    refuse_to_overwrite_input,
    report,
    stderr,
    usage_error,
)
from roadmap_cli.model import Project
from roadmap_cli.problems import ExitCode
from roadmap_cli.project import OptionError, PlanOptions
from roadmap_cli.render import AnnexFormat, GanttFormat
from roadmap_cli.views.timeline import GroupBy

if TYPE_CHECKING:
    from roadmap_cli.build import Baseline, Build
    from roadmap_cli.drafts import DocumentSource
    from roadmap_cli.views.annex import Planned


def _annex_format(fmt: AnnexFormat | None, output: Path | None, baseline: str | None) -> str:
    """The format asked for, else the one the file name implies, else Markdown."""
    from roadmap_cli.render import BINARY_FORMATS, FORMAT_BY_SUFFIX, REVISION_FORMATS

    implied = FORMAT_BY_SUFFIX.get(output.suffix.lower(), "md") if output else "md"
    name = fmt.value if fmt else implied
    if output is None and name in BINARY_FORMATS:
        raise typer.BadParameter(
            f"{name} is a binary format; give -o FILE.{name}", param_hint="--format"
        )
    if baseline is not None and name not in REVISION_FORMATS:
        raise typer.BadParameter(
            f"{name} cannot show revision marks; use {', '.join(sorted(REVISION_FORMATS))}",
            param_hint="--baseline",
        )
    return name


def baseline_or_exit(spec: str, data: Path) -> tuple[str, Project | None]:
    """The baseline's label and project; exit 2 when it cannot be read, 1 when its data is bad."""
    from roadmap_cli.snapshot import SnapshotError, load_snapshot

    try:
        snapshot = load_snapshot(spec, data)
    except SnapshotError as exc:
        raise typer.BadParameter(str(exc), param_hint="--baseline") from None
    if snapshot.loaded.project is None:
        report(snapshot.loaded.problems)
        stderr(
            f"error: the baseline {snapshot.label} has data errors; "
            "fix them there or choose another baseline"
        )
        exit_with(ExitCode.DATA_PROBLEMS)
    return snapshot.label, snapshot.loaded.project


@app.command()
def annex(
    data: DataOption = Path("data"),
    fmt: Annotated[
        AnnexFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: from the -o file name, else md).",
            parser=enum_parser(AnnexFormat),
            metavar=choices(AnnexFormat),
        ),
    ] = None,
    columns: Annotated[
        list[str] | None,
        typer.Option(
            "--columns",
            metavar="NAMES",
            help="Columns, comma-separated; a list starting with + is added to the default ones "
            "(no, recommendation, group, references, priority), e.g. +status,sources. "
            "Others: title, "
            "status, work-item, depends-on, sources, note, and the planning columns start, end, "
            "target-session, slack (from the computed schedule, as `roadmap schedule` gives it).",
        ),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="REF|DIR",
            help="Mark the changes since a git ref (HEAD~1, a tag) or another data folder.",
        ),
    ] = None,
    as_of: AsOfOption = None,
    start: StartOption = None,
    capacity: CapacityOption = None,
    scenario: ScenarioOption = None,
    survey: PlanSurveyOption = None,
    output: OutputFileOption = None,
) -> None:
    """The Annex table "40 RECOMMENDATIONS AND CWS ACTIVITIES" (md, html, csv, docx, json)."""
    refuse_to_overwrite_input(output, data, "--output")
    from roadmap_cli.render import renderer
    from roadmap_cli.views.annex import ColumnError, columns_from_names, planned_by_recommendation
    from roadmap_cli.views.revisions import annex_view

    name = _annex_format(fmt, output, baseline)
    try:
        chosen = columns_from_names(columns or [])
    except ColumnError as exc:
        raise typer.BadParameter(str(exc), param_hint="--columns") from None
    label, before = baseline_or_exit(baseline, data) if baseline else ("", None)
    options = plan_options(
        as_of=as_of, start=start, capacity=capacity, scenario=scenario, survey=survey
    )
    planned = any(column.needs_schedule for column in chosen)
    if planned:  # planning.yaml is required, and reported like `roadmap schedule` does
        project, plan, _ = plan_or_exit(data, options)
    else:
        project = load_or_exit(data)
    view = annex_view(
        project,
        chosen,
        baseline=before,
        baseline_label=label,
        planning=planned_by_recommendation(plan) if planned else None,
        baseline_planning=(
            _planned(before, msgspec.structs.replace(options, as_of=plan.as_of))
            if planned and before
            else None
        ),
        as_of=plan.as_of if planned else None,
    )
    emit(renderer("annex", name)(view), output)


def _planned(project: Project, options: PlanOptions) -> dict[str, Planned]:
    """The planning columns' values of a baseline planned with the same options, as of the same
    day (none when it has no planning.yaml)."""
    if project.planning is None:
        return {}
    from roadmap_cli.project import plan_project
    from roadmap_cli.views.annex import planned_by_recommendation

    try:
        return planned_by_recommendation(plan_project(project, options))
    except OptionError as exc:
        raise usage_error(exc) from None


# ---- charts and the build (issue #5) --------------------------------------------------------


def _gantt_format(fmt: GanttFormat | None, output: Path | None) -> str:
    """The format asked for, else the one the file name implies, else Mermaid (Markdown)."""
    from roadmap_cli.render import BINARY_FORMATS, GANTT_FORMAT_BY_SUFFIX

    implied = GANTT_FORMAT_BY_SUFFIX.get(output.suffix.lower()) if output else "mermaid"
    if fmt is None and implied is None:
        raise typer.BadParameter(
            "give --format, or a file name ending in " + ", ".join(sorted(GANTT_FORMAT_BY_SUFFIX)),
            param_hint="--output",
        )
    name = fmt.value if fmt else str(implied)
    if output is None and name in BINARY_FORMATS:
        raise typer.BadParameter(
            f"{name} is a binary format; give -o FILE.{name}", param_hint="--format"
        )
    return name


@app.command()
def gantt(
    data: DataOption = Path("data"),
    output: OutputFileOption = None,
    fmt: Annotated[
        GanttFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="svg, png, pdf, mermaid (a Markdown page with a mermaid block, "
            "as GitHub draws it) or mmd (the bare block); default: from the -o file name, else "
            "mermaid.",
            parser=enum_parser(GanttFormat),
            metavar=choices(GanttFormat),
        ),
    ] = None,
    as_of: AsOfOption = None,
    group_by: Annotated[
        GroupBy,
        typer.Option(
            "--group-by",
            help="Sections of the chart.",
            parser=enum_parser(GroupBy),
            metavar=choices(GroupBy),
        ),
    ] = GroupBy.GROUP,
    start: StartOption = None,
    capacity: CapacityOption = None,
    scenario: ScenarioOption = None,
    survey: PlanSurveyOption = None,
) -> None:
    """The Gantt chart of the schedule as of a day: bars by group, priorities, dependencies,
    the critical path, the CWS sessions (assumed dates dashed and starred) and the as-of line."""
    from roadmap_cli.render import renderer
    from roadmap_cli.views.timeline import gantt_view

    refuse_to_overwrite_input(output, data, "--output")
    name = _gantt_format(fmt, output)
    options = plan_options(
        as_of=as_of, start=start, capacity=capacity, scenario=scenario, survey=survey
    )
    project, plan, _ = plan_or_exit(data, options)
    view = gantt_view(project, plan, as_of=plan.as_of, group_by=group_by)
    emit(renderer("gantt", name)(view), output)


@app.command()
def build(
    data: DataOption = Path("data"),
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="The folder to write to.")
    ] = Path("outputs"),
    as_of: AsOfOption = None,
    start: StartOption = None,
    capacity: CapacityOption = None,
    scenario: ScenarioOption = None,
    survey: PlanSurveyOption = None,
) -> None:
    """Every artefact in one go: the roadmap draft (DOCX, from data/documents/roadmap-draft.md)
    and its preparation checklist, the report (HTML), the Annex table in every format, the Gantt
    chart (SVG, PNG, PDF, Mermaid), the priorities chart, the schedule and priorities as JSON,
    and a manifest. Files are written only once all are made."""
    refuse_to_overwrite_input(out, data, "--out", folder=True)
    options = plan_options(
        as_of=as_of, start=start, capacity=capacity, scenario=scenario, survey=survey
    )
    with collecting_nothing():
        _build(data, out, options)


def _build(data: Path, out: Path, options: PlanOptions) -> None:
    from roadmap_cli.build import file_names, render_build
    from roadmap_cli.output import OutputError, prepare_folder, replace_folder

    made = _build_or_exit(data, options)
    day = made.as_of
    try:
        prepare_folder(out)
    except OutputError as exc:
        stderr(f"error: {exc}")
        exit_with(ExitCode.DATA_PROBLEMS)
    try:
        files = with_progress(
            lambda tick: render_build(made, tick, workers=_cores()), len(file_names(made))
        )
    except KeyboardInterrupt:
        stderr(f"interrupted: nothing was written; {out} holds the previous files")
        raise typer.Exit(130) from None
    try:
        replace_folder(out, files)
    except OutputError as exc:
        stderr(f"error: {exc}")
        exit_with(ExitCode.DATA_PROBLEMS)
    except KeyboardInterrupt:
        stderr(f"interrupted: {out} holds the previous build")
        raise typer.Exit(130) from None
    stderr(f"wrote {len(files)} files to {out} (as of {day}; see {out / files[-1][0]})")


def _build_or_exit(data: Path, options: PlanOptions) -> Build:
    """What the build of ``data`` renders (the default document source too, when there is
    one); the data itself is let go on return, so the processes that render do not hold it."""
    from roadmap_cli.build import prepare_build
    from roadmap_cli.drafts import DEFAULT_DOCUMENT, document_path

    project, plan, _ = plan_or_exit(data, options, every_survey=True)
    source, baseline = None, None
    if document_path(data, DEFAULT_DOCUMENT).is_file():
        source, baseline = document_or_exit(data, DEFAULT_DOCUMENT, project)
    else:
        stderr(f"note: no {document_path(data, DEFAULT_DOCUMENT)}: the build has no draft")
    return prepare_build(project, plan, plan.as_of, source, baseline)


def _cores() -> int:
    """The processors this process may run on (a container or `taskset` may allow fewer than
    the machine has)."""
    import os

    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


_TERMINAL_VARIABLES = ("TTY_COMPATIBLE", "FORCE_COLOR")
"""What makes rich treat a stream that is not a terminal as one."""


def with_progress(work: Any, total: int) -> Any:
    """Run ``work(tick)`` under a progress bar on stderr (when it is a terminal); ``tick(name)``
    advances it. Rich is not even imported when stderr cannot be a terminal (CI, a script,
    a pipe): it costs a build a twentieth of a second."""
    import os
    import sys

    if not sys.stderr.isatty() and not any(map(os.environ.get, _TERMINAL_VARIABLES)):
        return work(lambda name: None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    columns = (
        TextColumn("building"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as progress:
        task = progress.add_task("", total=total)
        return work(lambda name: progress.update(task, advance=1, description=name))


# ---- the roadmap draft as a CWS working document (issue #13) ----------------------------------


def document_or_exit(
    data: Path, name: str, project: Project
) -> tuple[DocumentSource, Baseline | None]:
    """The checked document source ``name`` and the baseline its front matter names; its
    problems are reported (exit 1 on an error; 2 when the document does not exist)."""
    from roadmap_cli.build import Baseline
    from roadmap_cli.drafts import document_names, document_path, load_document
    from roadmap_cli.problems import did_you_mean

    path = document_path(data, name)
    if not path.is_file():
        names = document_names(data)
        hint = did_you_mean(name, names) or f"documents: {', '.join(names) or 'none'}"
        raise typer.BadParameter(f"{path} does not exist; {hint}", param_hint="--document")
    loaded = load_document(path, project)
    report(loaded.problems)
    if loaded.document is None:
        exit_with(ExitCode.DATA_PROBLEMS)
    wanted = loaded.document.front.baseline
    if wanted is None:
        return loaded.document, None
    _, before = baseline_or_exit(wanted.ref, data)
    assert before is not None  # baseline_or_exit exits when the baseline has errors
    label = (
        f"document {wanted.document}"
        if wanted.document
        else f"the table presented to the {_ordinal_session(str(wanted.session))}"
    )
    return loaded.document, Baseline(before, label)


def _ordinal_session(session_id: str) -> str:
    from roadmap_cli.model import session_number
    from roadmap_cli.views.words import ordinal

    return f"{ordinal(session_number(session_id))} session of the CWS"


@app.command()
def draft(
    data: DataOption = Path("data"),
    document: Annotated[
        str,
        typer.Option(
            "--document",
            metavar="NAME",
            help="The document source data/documents/NAME.md (default: roadmap-draft).",
        ),
    ] = "roadmap-draft",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="The .docx to write (default: NAME.docx)."
        ),
    ] = None,
    as_of: AsOfOption = None,
    start: StartOption = None,
    capacity: CapacityOption = None,
    scenario: ScenarioOption = None,
    survey: PlanSurveyOption = None,
    include_illustrative: Annotated[
        bool,
        typer.Option(
            "--include-illustrative",
            help="Add the priorities of the illustrative survey (made-up answers) as a last "
            "annex, labelled ILLUSTRATIVE: for discussion, never for filing.",
        ),
    ] = False,
) -> None:
    """One CWS working document from its source in data/documents/, as Word (.docx), in the
    layout of WIPO documents: placeholders filled from the data and the plan as of a day."""
    from roadmap_cli.build import prepare_document, render_document

    options = plan_options(
        as_of=as_of, start=start, capacity=capacity, scenario=scenario, survey=survey
    )
    project, plan, _ = plan_or_exit(data, options, every_survey=include_illustrative)
    day = plan.as_of
    source, baseline = document_or_exit(data, document, project)
    view, _ = prepare_document(
        project, plan, day, source, baseline, include_illustrative=include_illustrative
    )
    emit(render_document(view), output or Path(f"{document}.docx"))
