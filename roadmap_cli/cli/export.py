"""Export: the plan for another planner (a TaskJuggler project)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
    emit,
    enum_parser,
    plan_options,
    plan_or_exit,
    refuse_to_overwrite_input,
)
from roadmap_cli.render import ExportFormat


@app.command()
def export(
    data: DataOption = Path("data"),
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="tjp: a TaskJuggler 3 project, for tj3.",
            parser=enum_parser(ExportFormat),
            metavar=choices(ExportFormat),
        ),
    ] = ExportFormat.TJP,
    output: OutputFileOption = None,
    as_of: AsOfOption = None,
    start: StartOption = None,
    capacity: CapacityOption = None,
    scenario: ScenarioOption = None,
    survey: PlanSurveyOption = None,
) -> None:
    """The open work for another planner: a TaskJuggler 3 project (tjp) with the same units,
    efforts left, dependencies, owners and capacities and priority order as `roadmap schedule`,
    starting on the as-of day; `tj3 FILE` plans it. Done and dropped recommendations are
    listed in comments, not scheduled."""
    from roadmap_cli.render import renderer
    from roadmap_cli.views.plan_tasks import plan_tasks

    refuse_to_overwrite_input(output, data, "--output")
    options = plan_options(
        as_of=as_of, start=start, capacity=capacity, scenario=scenario, survey=survey
    )
    project, plan, _ = plan_or_exit(data, options)
    emit(renderer("export", fmt.value)(plan_tasks(project, plan)), output)
