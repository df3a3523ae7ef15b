"""The `roadmap` command: a thin typer shell over the core library.

Each command resolves its options, calls the core, prints to stdout (results) or stderr
(problems, progress) and exits with an ExitCode. Heavy libraries are imported inside the
commands that need them, so queries start fast.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from roadmap_cli import __version__
from roadmap_cli.load import (
    PLANNING_FILE,
    USING_LIBYAML,
    ProjectLoad,
    load_project,
    load_scenario,
    locate_all,
)
from roadmap_cli.model import Group, Method, Priority, Project, Recommendation, Status
from roadmap_cli.problems import (
    ExitCode,
    Problem,
    as_json,
    count_line,
    error,
    exit_code,
    format_github,
    format_text,
    sorted_unique,
)

if TYPE_CHECKING:
    from roadmap_cli.planning import Finding, PlanSettings
    from roadmap_cli.surveys import Survey

if TYPE_CHECKING:
    from roadmap_cli.snapshot import Snapshot

if TYPE_CHECKING:
    from roadmap_cli.render.table import Planned

app = typer.Typer(
    name="roadmap",
    help="The CWS Task No. 58 strategic roadmap: validate, query, prioritise, schedule and render "
    "the 40 Recommendations from the YAML files in a data folder.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _existing_folder(path: Path) -> Path:
    if not path.is_dir():
        raise typer.BadParameter(
            f"the data folder '{path}' does not exist; pass --data DIR or set ROADMAP_DATA"
        )
    return path


DataOption = Annotated[
    Path,
    typer.Option(
        "--data",
        envvar="ROADMAP_DATA",
        help="Folder with recommendations.yaml, sessions.yaml and surveys/.",
        callback=_existing_folder,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
StrictOption = Annotated[bool, typer.Option("--strict", help="Warnings count as problems (exit 1).")]
AsOfOption = Annotated[
    dt.datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="The day to plan from (default: today)."),
]


class ProblemFormat(str, enum.Enum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def _report(problems: tuple[Problem, ...], fmt: ProblemFormat = ProblemFormat.TEXT) -> None:
    """Problems on stderr, one per line, then the count (JSON goes to stdout, for tools)."""
    if fmt is ProblemFormat.JSON:
        print(as_json(problems))
    else:
        for problem in problems:
            _stderr(format_github(problem) if fmt is ProblemFormat.GITHUB else format_text(problem))
    if problems:
        _stderr(count_line(list(problems)))


def _exit(code: ExitCode) -> NoReturn:
    raise typer.Exit(int(code))


def _project(data: Path, *, surveys: bool = False) -> Project:
    """The project in ``data``, or exit 1 after reporting what is wrong with it.

    Survey answers are read (and checked) only by the commands that use them.
    """
    loaded = load_project(data, surveys=surveys)
    if loaded.project is None:
        _report(loaded.problems)
        _exit(ExitCode.DATA_PROBLEMS)
    return loaded.project


def _recommendation(project: Project, rec_id: str) -> Recommendation:
    from roadmap_cli.validate import did_you_mean

    rec = project.recommendations_by_id.get(rec_id.upper())
    if rec is None:
        hint = did_you_mean(rec_id.upper(), list(project.recommendations_by_id))
        raise typer.BadParameter(
            f"{rec_id} is not a known recommendation" + (f"; {hint}" if hint else ""),
            param_hint="ID",
        )
    return rec


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def _print(renderable: Any) -> None:
    from rich.console import Console

    Console().print(renderable)


def _today(as_of: dt.datetime | None) -> dt.date:
    return as_of.date() if as_of else dt.date.today()


@app.command()
def validate(
    data: DataOption = Path("data"),
    fmt: Annotated[ProblemFormat, typer.Option("--format", help="How to print problems.")] = ProblemFormat.TEXT,
    strict: StrictOption = False,
) -> None:
    """Check the data files; print every problem as file:line:col, and how complete the data is."""
    loaded: ProjectLoad = load_project(data)
    _report(loaded.problems, fmt)
    if not USING_LIBYAML:
        _stderr("note: PyYAML has no libyaml here; loading uses the pure-Python parser (about 6x slower)")
    if loaded.project is not None and fmt is not ProblemFormat.JSON:
        from roadmap_cli.overview import completeness, completeness_line

        total = len(loaded.project.recommendations)
        _stderr(f"{total} recommendation{'' if total == 1 else 's'}: "
                f"{completeness_line(completeness(loaded.project))}")
    _exit(exit_code(loaded.problems, strict=strict))


@app.command("list")
def list_recommendations(
    data: DataOption = Path("data"),
    group: Annotated[Group | None, typer.Option(help="Only this group (1, 2 or 3).")] = None,
    priority: Annotated[Priority | None, typer.Option(help="Only this adopted priority.")] = None,
    status: Annotated[Status | None, typer.Option(help="Only this status.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the recommendations, optionally filtered."""
    project = _project(data)
    recs = [r for r in project.recommendations
            if (group is None or r.group == group) and (priority is None or r.priority == priority)
            and (status is None or r.status == status)]
    if as_json:
        from roadmap_cli.export import recommendation_json

        _print_json([recommendation_json(project, r) for r in recs])
    else:
        from roadmap_cli.views import recommendation_table

        _print(recommendation_table(recs))


@app.command()
def show(
    rec_id: Annotated[str, typer.Argument(metavar="ID", help="A recommendation, e.g. R14.")],
    data: DataOption = Path("data"),
    as_json: JsonOption = False,
) -> None:
    """Everything about one recommendation: its facts, history, and what depends on it."""
    project = _project(data)
    rec = _recommendation(project, rec_id)
    if as_json:
        from roadmap_cli.export import recommendation_json

        _print_json(recommendation_json(project, rec))
    else:
        from roadmap_cli.views import recommendation_detail

        _print(recommendation_detail(project, rec))


@app.command()
def status(data: DataOption = Path("data"), as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """At a glance: counts by group, priority and status; the priorities; the next session."""
    project = _project(data)
    from roadmap_cli.overview import overview

    view = overview(project, as_of=_today(as_of))
    if as_json:
        from roadmap_cli.export import overview_json

        _print_json(overview_json(view))
    else:
        from roadmap_cli.plain import status_text

        sys.stdout.write(status_text(view, project))


class SchemaKind(str, enum.Enum):
    RECOMMENDATIONS = "recommendations"
    SESSIONS = "sessions"
    SURVEY = "survey"
    ANSWERS = "answers"
    PLANNING = "planning"
    SCENARIO = "scenario"


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which data file.")] = SchemaKind.RECOMMENDATIONS,
) -> None:
    """Print the JSON Schema of a data file, for editors (yaml-language-server) and tools."""
    from roadmap_cli.schema import json_schema_text

    sys.stdout.write(json_schema_text(kind.value))


class AnnexFormat(enum.StrEnum):
    """The formats of `roadmap annex`; the values are the keys of render.ANNEX_FORMATS."""

    MD = "md"
    HTML = "html"
    CSV = "csv"
    DOCX = "docx"
    JSON = "json"


OutputFileOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE",
                 help="Write to FILE (atomically) instead of stdout."),
]


def _annex_format(fmt: AnnexFormat | None, output: Path | None, baseline: str | None) -> str:
    """The format asked for, else the one the file name implies, else Markdown."""
    from roadmap_cli.render import BINARY_FORMATS, FORMAT_BY_SUFFIX, REVISION_FORMATS

    implied = FORMAT_BY_SUFFIX.get(output.suffix.lower(), "md") if output else "md"
    name = fmt.value if fmt else implied
    if output is None and name in BINARY_FORMATS:
        raise typer.BadParameter(f"{name} is a binary format; give -o FILE.{name}",
                                 param_hint="--format")
    if baseline is not None and name not in REVISION_FORMATS:
        raise typer.BadParameter(
            f"{name} cannot show revision marks; use {', '.join(sorted(REVISION_FORMATS))}",
            param_hint="--baseline",
        )
    return name


def _baseline(spec: str, data: Path) -> tuple[str, Project | None]:
    """The baseline's label and project; exit 2 when it cannot be read, 1 when its data is bad."""
    from roadmap_cli.snapshot import SnapshotError, load_snapshot

    try:
        snapshot = load_snapshot(spec, data)
    except SnapshotError as exc:
        raise typer.BadParameter(str(exc), param_hint="--baseline") from None
    if snapshot.loaded.project is None:
        _report(snapshot.loaded.problems)
        _stderr(f"error: the baseline {snapshot.label} has data errors; "
                "fix them there or choose another baseline")
        _exit(ExitCode.DATA_PROBLEMS)
    return snapshot.label, snapshot.loaded.project


def _emit(data: bytes, output: Path | None) -> None:
    """``data`` to stdout, or atomically to ``output`` (exit 1 with a clear error if impossible)."""
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from roadmap_cli.output import OutputError, write_atomic

    try:
        write_atomic(output, data)
    except OutputError as exc:
        _stderr(f"error: {exc}")
        _exit(ExitCode.DATA_PROBLEMS)
    _stderr(f"wrote {output} ({len(data):,} bytes)")


@app.command()
def annex(
    data: DataOption = Path("data"),
    fmt: Annotated[AnnexFormat | None, typer.Option(
        "--format", "-f", help="Output format (default: from the -o file name, else md).")] = None,
    columns: Annotated[list[str] | None, typer.Option(
        "--columns", metavar="NAMES",
        help="Columns, comma-separated; a list starting with + is added to the default ones "
        "(no, recommendation, group, references, priority), e.g. +status,sources. Others: title, "
        "status, work-item, depends-on, sources, note, and the planning columns start, end, "
        "target-session, slack (from the computed schedule, as `roadmap schedule` gives it).")
    ] = None,
    baseline: Annotated[str | None, typer.Option(
        "--baseline", metavar="REF|DIR",
        help="Mark the changes since a git ref (HEAD~1, a tag) or another data folder.")] = None,
    as_of: Annotated[dt.datetime | None, typer.Option(
        "--as-of", formats=["%Y-%m-%d"],
        help="Planning columns: schedule the remaining work from this day (default: the plan "
        "start, as `roadmap schedule`).")] = None,
    output: OutputFileOption = None,
) -> None:
    """The Annex table "40 RECOMMENDATIONS AND CWS ACTIVITIES" (md, html, csv, docx, json)."""
    from roadmap_cli.render.annex import annex_view, render_annex
    from roadmap_cli.render.table import ColumnError, columns_from_names

    name = _annex_format(fmt, output, baseline)
    try:
        chosen = columns_from_names(columns or [])
        label, before = _baseline(baseline, data) if baseline else ("", None)
        planned = any(column.needs_schedule for column in chosen)
        if planned:  # planning.yaml is required, and reported like `roadmap schedule` does
            project = _plan_setup(data, None, start=None, as_of=_day(as_of), capacity=None)[0]
        else:
            project = _project(data)
        view = annex_view(
            project, chosen, baseline=before, baseline_label=label,
            planning=_planned(project, _day(as_of)) if planned else None,
            baseline_planning=_planned(before, _day(as_of)) if planned and before else None,
        )
    except ColumnError as exc:
        raise typer.BadParameter(str(exc), param_hint="--columns") from None
    _emit(render_annex(view, name), output)


def _planned(project: Project, as_of: dt.date | None) -> dict[str, Planned]:
    """The planning columns' values from the default schedule of ``project`` (none when it has
    no planning.yaml, as a baseline may not)."""
    if project.planning is None:
        return {}
    from roadmap_cli.build import plan_settings
    from roadmap_cli.render.annex import planned_by_recommendation
    from roadmap_cli.schedule import make_plan

    return planned_by_recommendation(make_plan(project, plan_settings(project, as_of=as_of)))


# ---- surveys and priorities ----------------------------------------------------------------


def _survey(project: Project, survey_id: str | None, *, need_scale: bool = False) -> Survey:
    """The survey named, else the last one (by id) with answers; usage error when none fits."""
    from roadmap_cli.validate import did_you_mean

    if survey_id is None:
        from roadmap_cli.priorities import shown_survey

        shown = shown_survey(project.surveys)
        if shown is None:
            raise typer.BadParameter("no survey has answers yet; name one", param_hint="--survey")
        return shown
    survey = project.survey(survey_id)
    if survey is None:
        known = [s.id for s in project.surveys]
        hint = did_you_mean(survey_id, known) or f"known surveys: {', '.join(known) or 'none'}"
        raise typer.BadParameter(
            f"{survey_id} is not a survey in the data; {hint}", param_hint="--survey"
        )
    from roadmap_cli.surveys import SurveyKind

    if need_scale and survey.metadata.kind is SurveyKind.RATING and survey.metadata.scale is None:
        raise typer.BadParameter(
            f"the survey {survey_id} has no scale yet (see its survey.yaml)", param_hint="--survey"
        )
    return survey


def _suffix(allowed: tuple[str, ...]) -> Any:
    def check(path: Path | None) -> Path | None:
        if path is not None and path.suffix.lower() not in allowed:
            raise typer.BadParameter(f"'{path}' should end in {' or '.join(allowed)}")
        if path is not None and not path.parent.is_dir():
            raise typer.BadParameter(f"the folder '{path.parent}' does not exist")
        return path

    return check


def _office(value: str) -> str:
    from roadmap_cli.model import OFFICE_CODE_PATTERN

    if not re.match(OFFICE_CODE_PATTERN, value.upper()):
        raise typer.BadParameter(
            f"'{value}' is not an ST.3 office code; write two letters, e.g. EP"
        )
    return value.upper()


SurveyOption = Annotated[
    str | None, typer.Option("--survey", help="The survey's id (its folder name).")
]
PlanSurveyOption = Annotated[
    str | None,
    typer.Option("--survey", help="Order recommendations with no adopted priority by this survey's "
                 "computed one (default: the last survey with answers that is not illustrative)."),
]


@app.command()
def priorities(
    data: DataOption = Path("data"),
    survey: SurveyOption = None,
    method: Annotated[
        Method | None,
        typer.Option(
            help="How answers become a score (default: median; borda for a ranking survey)."
        ),
    ] = None,
    as_json: JsonOption = False,
    chart: Annotated[
        Path | None,
        typer.Option(
            help="Also draw the chart to FILE.svg or FILE.png.", callback=_suffix((".svg", ".png"))
        ),
    ] = None,
) -> None:
    """Rank the recommendations by a survey's answers; show agreement and the adopted levels."""
    from roadmap_cli import priority_views
    from roadmap_cli.priorities import methods_for, prioritise

    project = _project(data, surveys=True)
    chosen = _survey(project, survey)
    if method is not None and method not in methods_for(chosen):
        raise typer.BadParameter(
            f"{method.value} does not fit the ranking survey {chosen.id}; use borda",
            param_hint="--method",
        )
    report = prioritise(chosen, project.recommendations, method)
    if chart is not None:
        from roadmap_cli.output import write_atomic
        from roadmap_cli.render.priority_chart import render_priority_chart

        write_atomic(chart, render_priority_chart(report, chosen, chart.suffix.lower().lstrip(".")))
        _stderr(f"wrote {chart}")
    if as_json:
        _print_json(priority_views.priorities_json(report))
    else:
        _print(priority_views.priorities_renderable(report))


survey_app = typer.Typer(
    help="Survey forms: make the form offices fill in, import the returned ones.",
    no_args_is_help=True,
)
app.add_typer(survey_app, name="survey")


@survey_app.command("form")
def survey_form(
    survey: Annotated[str, typer.Option("--survey", help="The survey's id (its folder name).")],
    out: Annotated[
        Path,
        typer.Option(help="FILE.xlsx or FILE.csv to write.", callback=_suffix((".xlsx", ".csv"))),
    ],
    office: Annotated[str | None, typer.Option(help="Fill in this office's ST.3 code.")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Write the form the Secretariat sends to offices: one row per recommendation."""
    from roadmap_cli import forms
    from roadmap_cli.output import write_atomic

    project = _project(data, surveys=True)
    chosen = _survey(project, survey, need_scale=True)
    grid = forms.form_grid(chosen, project.recommendations, _office(office) if office else None)
    write_atomic(
        out,
        forms.form_xlsx(grid, chosen) if out.suffix.lower() == ".xlsx" else forms.form_csv(grid),
    )
    print(f"wrote {out}: {len(project.recommendations)} recommendations")


@survey_app.command("import")
def survey_import(
    file: Annotated[
        Path,
        typer.Argument(
            help="The returned form (.xlsx or .csv).",
            exists=True,
            dir_okay=False,
            callback=_suffix((".xlsx", ".csv")),
        ),
    ],
    survey: Annotated[str, typer.Option("--survey", help="The survey's id (its folder name).")],
    office: Annotated[
        str, typer.Option(help="The answering office's ST.3 code.", callback=_office)
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace the office's existing answers.")
    ] = False,
    data: DataOption = Path("data"),
) -> None:
    """Read a returned form and write the office's answer file; nothing is written on any error."""
    from roadmap_cli import forms
    from roadmap_cli.output import write_atomic
    from roadmap_cli.priority_views import import_summary

    project = _project(data, surveys=True)
    chosen = _survey(project, survey, need_scale=True)
    target = data / "surveys" / chosen.id / f"{office}.yaml"
    result = forms.import_form(
        file, str(file), chosen, project.recommendations, office, target, force=force
    )
    _report(result.problems)
    if result.response is None:
        _exit(ExitCode.DATA_PROBLEMS)
    write_atomic(target, forms.response_yaml(result.response, chosen, file.name))
    print(import_summary(result.response, str(target)))


# ---- planning: schedule, why, next (issue #4) -------------------------------------------

StartOption = Annotated[
    dt.datetime | None,
    typer.Option("--start", formats=["%Y-%m-%d"], help="Start the plan on this day instead."),
]
CapacityOption = Annotated[
    list[str] | None,
    typer.Option("--capacity", metavar="OWNER=N",
                 help="How many pieces of work OWNER runs at once (repeatable; N=none: no limit)."),
]
ScenarioOption = Annotated[
    Path | None,
    typer.Option("--scenario", metavar="FILE",
                 help="A YAML what-if of start, capacities and efforts; data/ is not touched."),
]


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _parse_capacities(values: list[str], project: Project) -> dict[str, int | None]:
    """``OWNER=N`` options as a mapping; an unknown owner or a bad N is a usage error (exit 2)."""
    from roadmap_cli.validate import did_you_mean

    owners = [o.id for o in project.planning.owners] if project.planning else []
    capacities: dict[str, int | None] = {}
    for value in values:
        owner, _, number = value.partition("=")
        if owner not in owners:
            hint = did_you_mean(owner, owners) or "owners: " + (", ".join(owners) or "none defined")
            raise typer.BadParameter(f"'{owner}' is not a known owner; {hint}",
                                     param_hint="--capacity")
        if number != "none" and not (number.isdigit() and int(number) >= 1):
            raise typer.BadParameter(f"'{value}': write OWNER=N with N a whole number >= 1, or "
                                     "OWNER=none", param_hint="--capacity")
        capacities[owner] = None if number == "none" else int(number)
    return capacities


def _plan_setup(
    data: Path, scenario: Path | None, *, start: dt.date | None, as_of: dt.date | None,
    capacity: list[str] | None, survey: str | None = None,
) -> tuple[Project, ProjectLoad, PlanSettings]:
    """The valid project with its planning file, and the settings; else report and exit 1."""
    loaded = load_project(data)
    project = loaded.project
    if project is None:
        _report(loaded.problems)
        _exit(ExitCode.DATA_PROBLEMS)
    if project.planning is None:
        _report((error(str(data / PLANNING_FILE), "file-not-found", "the planner needs planning "
                       "assumptions and this file does not exist", "add it; `roadmap schema "
                       "planning` gives its shape", line=1, column=1),))
        _exit(ExitCode.DATA_PROBLEMS)
    overlay = load_scenario(scenario, project) if scenario is not None else None
    if overlay is not None and overlay.problems:
        _report(overlay.problems)
    if overlay is not None and overlay.scenario is None:
        _exit(ExitCode.DATA_PROBLEMS)
    from roadmap_cli.priorities import computed_levels, planning_survey

    chosen = _survey(project, survey, need_scale=True) if survey else planning_survey(project.surveys)
    from roadmap_cli.planning import PlanSettings

    return project, loaded, PlanSettings(
        start=start, as_of=as_of, capacities=_parse_capacities(capacity or [], project),
        scenario=overlay.scenario if overlay else None,
        computed_priorities=computed_levels(chosen, project.recommendations) if chosen else None,
    )


def _report_findings(
    findings: tuple[Finding, ...], project: Project, loaded: ProjectLoad
) -> tuple[Problem, ...]:
    """The planner's warnings, located in the data files, on stderr."""
    from roadmap_cli.planning import finding_problems

    problems = finding_problems(findings, project, loaded.files[0])
    located = tuple(sorted_unique(locate_all(problems, loaded.sources)))
    _report(located)
    return located


@app.command()
def schedule(
    data: DataOption = Path("data"), as_json: JsonOption = False, start: StartOption = None,
    capacity: CapacityOption = None, as_of: AsOfOption = None, scenario: ScenarioOption = None,
    survey: PlanSurveyOption = None, strict: StrictOption = False,
) -> None:
    """The priority order and the dated timeline: start, end, slack, critical path, target session.

    Work items are scheduled as one. Done and dropped recommendations are not scheduled.
    Values that are planning assumptions are marked as assumed.
    """
    from roadmap_cli import plan_views
    from roadmap_cli.schedule import make_plan

    project, loaded, settings = _plan_setup(data, scenario, start=_day(start), capacity=capacity,
                                            as_of=_day(as_of), survey=survey)
    plan = make_plan(project, settings)
    problems = _report_findings(plan.findings, project, loaded)
    if as_json:
        _print_json(plan_views.schedule_json(plan))
    else:
        from rich.console import Console

        _print(plan_views.schedule_table(plan, titles=Console().width >= 110))
    _exit(exit_code(problems, strict=strict))


@app.command()
def why(
    rec_id: Annotated[str, typer.Argument(metavar="ID", help="A recommendation or work item.")],
    data: DataOption = Path("data"), start: StartOption = None, capacity: CapacityOption = None,
    as_of: AsOfOption = None, scenario: ScenarioOption = None, survey: PlanSurveyOption = None,
) -> None:
    """Why ID starts when it starts, and why it sits where it does in the order."""
    from roadmap_cli import plan_views
    from roadmap_cli.schedule import Explanation, explain, make_plan

    project, _, settings = _plan_setup(data, scenario, start=_day(start), capacity=capacity,
                                       as_of=_day(as_of), survey=survey)
    plan = make_plan(project, settings)
    found = explain(plan, rec_id if rec_id in plan.ordering.by_id() else rec_id.upper())
    if found is None:
        _recommendation(project, rec_id)  # unknown: exits 2 with a suggestion
    elif isinstance(found, Explanation):
        print("\n".join(plan_views.explanation_lines(plan, found)))
    else:
        print(plan_views.settled_text(found))


@app.command("next")
def next_command(
    data: DataOption = Path("data"), as_of: AsOfOption = None, capacity: CapacityOption = None,
    scenario: ScenarioOption = None, survey: PlanSurveyOption = None, as_json: JsonOption = False,
) -> None:
    """What can start now (as of --as-of, default today): prerequisites done, by priority."""
    from roadmap_cli import plan_views
    from roadmap_cli.schedule import next_up

    project, _, settings = _plan_setup(data, scenario, start=None, capacity=capacity,
                                       as_of=_today(as_of), survey=survey)
    view = next_up(project, settings)
    if as_json:
        _print_json(plan_views.next_json(view))
    else:
        _print(plan_views.next_table(view))


# ---- review: diff and log -----------------------------------------------------------------


class DiffFormat(enum.StrEnum):
    """The formats of `roadmap diff`; the values are the keys of render.DIFF_FORMATS."""

    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


DiffDataOption = Annotated[
    Path,
    typer.Option("--data", envvar="ROADMAP_DATA",
                 help="The data folder: the head when HEAD is not given, and the folder that a "
                 "git ref is read from (its path in the repository)."),
]


def _version_of(spec: str | None, data: Path, param: str) -> Snapshot:
    """The data at ``spec`` (a git ref or a folder), or in ``data`` as it is now; exit 2 when
    it cannot be read."""
    from roadmap_cli.snapshot import Snapshot, SnapshotError, load_snapshot

    if spec is None:
        return Snapshot(f"{_existing_folder(data)} (working tree)", load_project(data))
    try:
        return load_snapshot(spec, data if Path(spec).is_dir() else _existing_folder(data))
    except SnapshotError as exc:
        raise typer.BadParameter(str(exc), param_hint=param) from None


@app.command()
def diff(
    base: Annotated[str, typer.Argument(
        metavar="BASE", help="A git ref (main, HEAD~1, a tag) or a data folder.")],
    head: Annotated[str | None, typer.Argument(
        metavar="HEAD", help="A git ref or a data folder (default: --data as it is now).")
    ] = None,
    data: DiffDataOption = Path("data"),
    fmt: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="text, markdown (a pull-request comment) or json.")
    ] = DiffFormat.TEXT,
    differences_fail: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when the versions differ, as git diff --exit-code.")
    ] = False,
) -> None:
    """What a change does to the roadmap: recommendations added or removed, fields changed
    (before and after), and the effects, such as new warnings or errors."""
    from roadmap_cli.diff import diff_versions
    from roadmap_cli.render import diff_renderer

    before, after = _version_of(base, data, "BASE"), _version_of(head, data, "HEAD")
    result = diff_versions(before, after)
    for version in (before, after):
        if version.loaded.project is None:
            _report(version.loaded.problems)
            _stderr(f"error: {version.label} has data errors; its data cannot be compared")
    _emit(diff_renderer(fmt.value)(result), None)
    if after.loaded.project is None:
        _exit(ExitCode.DATA_PROBLEMS)
    _exit(ExitCode.DIFFERENCES if differences_fail and not result.is_empty else ExitCode.OK)


@app.command("log")
def log_history(
    rec_id: Annotated[str, typer.Argument(metavar="ID", help="A recommendation, e.g. R20.")],
    data: DataOption = Path("data"),
    as_json: JsonOption = False,
) -> None:
    """How a recommendation changed: the decisions recorded in its history, and every commit
    of the data folder that changed it (group moves, priority added, standards changed)."""
    from roadmap_cli.history import recommendation_log
    from roadmap_cli.snapshot import Snapshot, SnapshotError, load_history

    try:
        versions = load_history(data)
    except SnapshotError as exc:
        versions = ()
        _stderr(f"note: {exc}; only the history recorded in the data is shown")
    story = recommendation_log(rec_id.upper(), (*versions, Snapshot("", load_project(data))))
    if not story.known:
        _recommendation(_project(data), rec_id)  # exits 2 with a suggestion
    if as_json:
        _print_json(story.as_json())
    else:
        from roadmap_cli.render.text import render_log

        _emit(render_log(story), None)


# ---- charts and the build (issue #5) --------------------------------------------------------


class GanttFormat(enum.StrEnum):
    """The formats of `roadmap gantt`; the values are the keys of render.GANTT_FORMATS."""

    SVG = "svg"
    PNG = "png"
    PDF = "pdf"
    MERMAID = "mermaid"
    MMD = "mmd"


def _gantt_format(fmt: GanttFormat | None, output: Path | None) -> str:
    """The format asked for, else the one the file name implies, else Mermaid (Markdown)."""
    from roadmap_cli.render import BINARY_FORMATS, GANTT_FORMAT_BY_SUFFIX

    implied = GANTT_FORMAT_BY_SUFFIX.get(output.suffix.lower()) if output else "mermaid"
    if fmt is None and implied is None:
        raise typer.BadParameter(
            "give --format, or a file name ending in "
            + ", ".join(sorted(GANTT_FORMAT_BY_SUFFIX)), param_hint="--output")
    name = fmt.value if fmt else str(implied)
    if output is None and name in BINARY_FORMATS:
        raise typer.BadParameter(f"{name} is a binary format; give -o FILE.{name}",
                                 param_hint="--format")
    return name


class GroupByOption(enum.StrEnum):
    """The values of `timeline.GroupBy`, which the CLI cannot import before the command runs."""

    GROUP = "group"
    PRIORITY = "priority"
    OWNER = "owner"
    NONE = "none"


@app.command()
def gantt(
    data: DataOption = Path("data"), output: OutputFileOption = None,
    fmt: Annotated[GanttFormat | None, typer.Option(
        "--format", "-f", help="svg, png, pdf, mermaid (a Markdown page with a mermaid block, "
        "as GitHub draws it) or mmd (the bare block); default: from the -o file name, else "
        "mermaid.")] = None,
    as_of: AsOfOption = None,
    group_by: Annotated[GroupByOption, typer.Option(
        "--group-by", help="Sections of the chart.")] = GroupByOption.GROUP,
    start: StartOption = None, capacity: CapacityOption = None, scenario: ScenarioOption = None,
    survey: PlanSurveyOption = None,
) -> None:
    """The Gantt chart of the schedule as of a day: bars by group, priorities, dependencies,
    the critical path, the CWS sessions (assumed dates dashed and starred) and the as-of line."""
    from roadmap_cli.render import gantt_renderer
    from roadmap_cli.render.timeline import GroupBy, gantt_view
    from roadmap_cli.schedule import make_plan

    name = _gantt_format(fmt, output)
    day = _today(as_of)
    project, loaded, settings = _plan_setup(data, scenario, start=_day(start), as_of=day,
                                            capacity=capacity, survey=survey)
    plan = make_plan(project, settings)
    _report_findings(plan.findings, project, loaded)
    view = gantt_view(project, plan, as_of=day, group_by=GroupBy(group_by.value))
    _emit(gantt_renderer(name)(view), output)


@app.command()
def build(
    data: DataOption = Path("data"),
    out: Annotated[Path, typer.Option("--out", metavar="DIR",
                                      help="The folder to write to.")] = Path("outputs"),
    as_of: AsOfOption = None,
) -> None:
    """Every artefact in one go: the roadmap draft (DOCX), the report (HTML), the Annex table in
    every format, the Gantt chart (SVG, PNG, PDF, Mermaid), the priorities chart, the schedule
    and priorities as JSON, and a manifest. Files are written only once all are made."""
    from roadmap_cli.build import prepare_build, render_build, steps
    from roadmap_cli.output import OutputError, prepare_folder, write_all

    project, loaded, settings = _plan_setup(data, None, start=None, as_of=_today(as_of),
                                            capacity=None)
    try:
        prepare_folder(out)
    except OutputError as exc:
        _stderr(f"error: {exc}")
        _exit(ExitCode.DATA_PROBLEMS)
    made = prepare_build(project, settings)
    _report_findings(made.plan.findings, project, loaded)
    try:
        files = _with_progress(lambda tick: render_build(made, tick), len(steps(made)))
    except KeyboardInterrupt:
        _stderr(f"interrupted: nothing was written; {out} holds the previous files")
        raise typer.Exit(130) from None
    try:
        write_all(out, files)
    except OutputError as exc:
        _stderr(f"error: {exc}")
        _exit(ExitCode.DATA_PROBLEMS)
    except KeyboardInterrupt:
        _stderr(f"interrupted: each file in {out} is either the previous one or the new one")
        raise typer.Exit(130) from None
    _stderr(f"wrote {len(files)} files to {out} (as of {settings.as_of}; see "
            f"{out / files[-1][0]})")


def _with_progress(work: Any, total: int) -> Any:
    """Run ``work(tick)`` under a progress bar on stderr (when it is a terminal); ``tick(name)``
    advances it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    columns = (TextColumn("building"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=True,
                  disable=not console.is_terminal) as progress:
        task = progress.add_task("", total=total)
        return work(lambda name: progress.update(task, advance=1, description=name))


def _version(value: bool) -> None:
    if value:
        print(f"roadmap {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """The CWS Task No. 58 strategic roadmap, from the YAML files in a data folder."""
