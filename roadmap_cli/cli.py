"""The `roadmap` command: a thin typer shell over the core library.

Each command resolves its options, calls the core, prints to stdout (results) or stderr
(problems, progress) and exits with an ExitCode. Heavy libraries are imported inside the
commands that need them, so queries start fast.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

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
from roadmap_cli.model import Group, Priority, Project, Recommendation, Status
from roadmap_cli.planning import Finding, PlanSettings, finding_problems
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


def _project(data: Path) -> Project:
    """The project in ``data``, or exit 1 after reporting what is wrong with it."""
    loaded = load_project(data)
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

        _stderr(f"{len(loaded.project.recommendations)} recommendations: "
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
    from roadmap_cli import views

    if as_json:
        _print_json([views.recommendation_json(project, r) for r in recs])
    else:
        _print(views.recommendation_table(recs))


@app.command()
def show(
    rec_id: Annotated[str, typer.Argument(metavar="ID", help="A recommendation, e.g. R14.")],
    data: DataOption = Path("data"),
    as_json: JsonOption = False,
) -> None:
    """Everything about one recommendation: its facts, history, and what depends on it."""
    project = _project(data)
    rec = _recommendation(project, rec_id)
    from roadmap_cli import views

    if as_json:
        _print_json(views.recommendation_json(project, rec))
    else:
        _print(views.recommendation_detail(project, rec))


@app.command()
def status(data: DataOption = Path("data"), as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """At a glance: counts by group, priority and status; the priorities; the next session."""
    project = _project(data)
    from roadmap_cli import views
    from roadmap_cli.overview import overview

    view = overview(project, as_of=_today(as_of))
    if as_json:
        _print_json(views.overview_json(view))
    else:
        _print(views.overview_renderable(view, project))


class SchemaKind(str, enum.Enum):
    RECOMMENDATIONS = "recommendations"
    SESSIONS = "sessions"
    PLANNING = "planning"
    SCENARIO = "scenario"


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which data file.")] = SchemaKind.RECOMMENDATIONS,
) -> None:
    """Print the JSON Schema of a data file, for editors (yaml-language-server) and tools."""
    from roadmap_cli.schema import json_schema_text

    sys.stdout.write(json_schema_text(kind.value))


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
    capacity: list[str] | None,
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
    return project, loaded, PlanSettings(
        start=start, as_of=as_of, capacities=_parse_capacities(capacity or [], project),
        scenario=overlay.scenario if overlay else None,
        computed_priorities=None,  # seam: roadmap_cli.priorities (issue branch `priorities`)
    )


def _report_findings(
    findings: tuple[Finding, ...], project: Project, loaded: ProjectLoad
) -> tuple[Problem, ...]:
    """The planner's warnings, located in the data files, on stderr."""
    problems = finding_problems(findings, project, loaded.files[0])
    located = tuple(sorted_unique(locate_all(problems, loaded.sources)))
    _report(located)
    return located


@app.command()
def schedule(
    data: DataOption = Path("data"), as_json: JsonOption = False, start: StartOption = None,
    capacity: CapacityOption = None, as_of: AsOfOption = None, scenario: ScenarioOption = None,
    strict: StrictOption = False,
) -> None:
    """The priority order and the dated timeline: start, end, slack, critical path, target session.

    Work items are scheduled as one. Done and dropped recommendations are not scheduled.
    Values that are planning assumptions are marked as assumed.
    """
    from roadmap_cli import plan_views
    from roadmap_cli.schedule import make_plan

    project, loaded, settings = _plan_setup(data, scenario, start=_day(start), capacity=capacity,
                                            as_of=_day(as_of))
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
    as_of: AsOfOption = None, scenario: ScenarioOption = None,
) -> None:
    """Why ID starts when it starts, and why it sits where it does in the order."""
    from roadmap_cli import plan_views
    from roadmap_cli.schedule import Explanation, explain, make_plan

    project, _, settings = _plan_setup(data, scenario, start=_day(start), capacity=capacity,
                                       as_of=_day(as_of))
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
    scenario: ScenarioOption = None, as_json: JsonOption = False,
) -> None:
    """What can start now (as of --as-of, default today): prerequisites done, by priority."""
    from roadmap_cli import plan_views
    from roadmap_cli.schedule import next_up

    project, _, settings = _plan_setup(data, scenario, start=None, capacity=capacity,
                                       as_of=_today(as_of))
    view = next_up(project, settings)
    if as_json:
        _print_json(plan_views.next_json(view))
    else:
        _print(plan_views.next_table(view))


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
