"""Planning: schedule, why, next."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roadmap_cli.load import (
    PLANNING_FILE,
    ProjectLoad,
    load_project,
    load_scenario,
    locate_all,
)
from roadmap_cli.model import Project
from roadmap_cli.problems import (
    ExitCode,
    Problem,
    error,
    exit_code,
    sorted_unique,
)

if TYPE_CHECKING:
    from roadmap_cli.planning import Finding, PlanSettings

if TYPE_CHECKING:
    pass

if TYPE_CHECKING:
    pass

from roadmap_cli.cli.common import (
    AsOfOption,
    DataOption,
    JsonOption,
    StrictOption,
    app,
    exit_with,
    print_json,
    print_rich,
    recommendation_or_exit,
    report,
    today,
)
from roadmap_cli.cli.surveys import (
    survey_or_exit,
)

PlanSurveyOption = Annotated[
    str | None,
    typer.Option(
        "--survey",
        help="Order recommendations with no adopted priority by this survey's "
        "computed one (default: the last survey with answers that is not illustrative).",
    ),
]


# ---- planning: schedule, why, next (issue #4) -------------------------------------------

StartOption = Annotated[
    dt.datetime | None,
    typer.Option("--start", formats=["%Y-%m-%d"], help="Start the plan on this day instead."),
]
CapacityOption = Annotated[
    list[str] | None,
    typer.Option(
        "--capacity",
        metavar="OWNER=N",
        help="How many pieces of work OWNER runs at once (repeatable; N=none: no limit).",
    ),
]
ScenarioOption = Annotated[
    Path | None,
    typer.Option(
        "--scenario",
        metavar="FILE",
        help="A YAML what-if of start, capacities and efforts; data/ is not touched.",
    ),
]


def date_of(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _parse_capacities(values: list[str], project: Project) -> dict[str, int | None]:
    """``OWNER=N`` options as a mapping; an unknown owner or a bad N is a usage error (exit 2)."""
    from roadmap_cli.problems import did_you_mean

    owners = [o.id for o in project.planning.owners] if project.planning else []
    capacities: dict[str, int | None] = {}
    for value in values:
        owner, _, number = value.partition("=")
        if owner not in owners:
            hint = did_you_mean(owner, owners) or "owners: " + (", ".join(owners) or "none defined")
            raise typer.BadParameter(
                f"'{owner}' is not a known owner; {hint}", param_hint="--capacity"
            )
        if number != "none" and not (number.isdigit() and int(number) >= 1):
            raise typer.BadParameter(
                f"'{value}': write OWNER=N with N a whole number >= 1, or OWNER=none",
                param_hint="--capacity",
            )
        capacities[owner] = None if number == "none" else int(number)
    return capacities


def plan_setup(
    data: Path,
    scenario: Path | None,
    *,
    start: dt.date | None,
    as_of: dt.date | None,
    capacity: list[str] | None,
    survey: str | None = None,
    every_survey: bool = False,
) -> tuple[Project, ProjectLoad, PlanSettings]:
    """The valid project with its planning file, and the settings; else report and exit 1.

    Unless ``every_survey`` (the build shows them all), only the answers of the survey that
    can steer the order are read: the one named, else the non-illustrative ones (made-up
    answers never steer a real plan).
    """
    loaded = load_project(
        data,
        surveys=every_survey
        or (
            lambda survey_id, metadata: survey_id == survey if survey else not metadata.illustrative
        ),
    )
    project = loaded.project
    if project is None:
        report(loaded.problems)
        exit_with(ExitCode.DATA_PROBLEMS)
    if project.planning is None:
        report(
            (
                error(
                    str(data / PLANNING_FILE),
                    "file-not-found",
                    "the planner needs planning assumptions and this file does not exist",
                    "add it; `roadmap schema planning` gives its shape",
                    line=1,
                    column=1,
                ),
            )
        )
        exit_with(ExitCode.DATA_PROBLEMS)
    overlay = load_scenario(scenario, project) if scenario is not None else None
    if overlay is not None and overlay.problems:
        report(overlay.problems)
    if overlay is not None and overlay.scenario is None:
        exit_with(ExitCode.DATA_PROBLEMS)
    from roadmap_cli.planning import PlanSettings
    from roadmap_cli.priorities import steering_levels

    chosen = survey_or_exit(project, survey, need_scale=True) if survey else None

    return (
        project,
        loaded,
        PlanSettings(
            start=start,
            as_of=as_of,
            capacities=_parse_capacities(capacity or [], project),
            scenario=overlay.scenario if overlay else None,
            computed_priorities=steering_levels(project.surveys, project.recommendations, chosen),
        ),
    )


def report_findings(
    findings: tuple[Finding, ...], project: Project, loaded: ProjectLoad
) -> tuple[Problem, ...]:
    """The planner's warnings, located in the data files, on stderr."""
    from roadmap_cli.planning import finding_problems

    problems = finding_problems(findings, project, loaded.files[0])
    located = tuple(sorted_unique(locate_all(problems, loaded.sources)))
    report(located)
    return located


@app.command()
def schedule(
    data: DataOption = Path("data"),
    as_json: JsonOption = False,
    start: StartOption = None,
    capacity: CapacityOption = None,
    as_of: AsOfOption = None,
    scenario: ScenarioOption = None,
    survey: PlanSurveyOption = None,
    strict: StrictOption = False,
) -> None:
    """The priority order and the dated timeline: start, end, slack, critical path, target session.

    Work items are scheduled as one. Done and dropped recommendations are not scheduled.
    Values that are planning assumptions are marked as assumed.
    """
    from roadmap_cli import plan_views
    from roadmap_cli.schedule import make_plan

    project, loaded, settings = plan_setup(
        data, scenario, start=date_of(start), capacity=capacity, as_of=date_of(as_of), survey=survey
    )
    plan = make_plan(project, settings)
    problems = report_findings(plan.findings, project, loaded)
    if as_json:
        print_json(plan_views.schedule_json(plan))
    else:
        from rich.console import Console

        print_rich(plan_views.schedule_table(plan, titles=Console().width >= 110))
    exit_with(exit_code(problems, strict=strict))


@app.command()
def why(
    rec_id: Annotated[str, typer.Argument(metavar="ID", help="A recommendation or work item.")],
    data: DataOption = Path("data"),
    start: StartOption = None,
    capacity: CapacityOption = None,
    as_of: AsOfOption = None,
    scenario: ScenarioOption = None,
    survey: PlanSurveyOption = None,
) -> None:
    """Why ID starts when it starts, and why it sits where it does in the order."""
    from roadmap_cli import plan_views
    from roadmap_cli.schedule import Explanation, explain, make_plan

    project, _, settings = plan_setup(
        data, scenario, start=date_of(start), capacity=capacity, as_of=date_of(as_of), survey=survey
    )
    plan = make_plan(project, settings)
    found = explain(plan, rec_id if rec_id in plan.ordering.by_id() else rec_id.upper())
    if found is None:
        recommendation_or_exit(project, rec_id)  # unknown: exits 2 with a suggestion
    elif isinstance(found, Explanation):
        print("\n".join(plan_views.explanation_lines(plan, found)))
    else:
        print(plan_views.settled_text(found))


@app.command("next")
def next_command(
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    capacity: CapacityOption = None,
    scenario: ScenarioOption = None,
    survey: PlanSurveyOption = None,
    as_json: JsonOption = False,
) -> None:
    """What can start now (as of --as-of, default today): prerequisites done, by priority."""
    from roadmap_cli import plan_views
    from roadmap_cli.schedule import next_up

    project, _, settings = plan_setup(
        data, scenario, start=None, capacity=capacity, as_of=today(as_of), survey=survey
    )
    view = next_up(project, settings)
    if as_json:
        print_json(plan_views.next_json(view))
    else:
        print_rich(plan_views.next_table(view))
