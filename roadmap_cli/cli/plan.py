"""Planning: schedule, why, next."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roadmap_cli.cli.common import (
    AsOfOption,
    CapacityOption,
    DataOption,
    JsonOption,
    PlanSurveyOption,
    ScenarioOption,
    StartOption,
    StrictOption,
    app,
    emit,
    exit_with,
    plan_options,
    plan_or_exit,
    print_rich,
    recommendation_or_exit,
)
from roadmap_cli.problems import exit_code, printable


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
    from roadmap_cli.render import renderer

    options = plan_options(
        as_of=as_of, start=start, capacity=capacity, scenario=scenario, survey=survey
    )
    _, plan, findings = plan_or_exit(data, options)
    if as_json:
        emit(renderer("schedule", "json")(plan), None)
    else:
        from rich.console import Console

        from roadmap_cli.render.terminal import schedule_table
        from roadmap_cli.views.plan import schedule_view

        print_rich(schedule_table(schedule_view(plan, titles=Console().width >= 110)))
    exit_with(exit_code(findings, strict=strict))


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
    from roadmap_cli.render import renderer
    from roadmap_cli.schedule import Explanation, explain
    from roadmap_cli.views.plan import explanation_lines, settled_text

    options = plan_options(
        as_of=as_of, start=start, capacity=capacity, scenario=scenario, survey=survey
    )
    project, plan, _ = plan_or_exit(data, options)
    found = explain(plan, rec_id if rec_id in plan.ordering.by_id() else rec_id.upper())
    if found is None:
        recommendation_or_exit(project, rec_id)  # unknown: exits 2 with a suggestion
    elif isinstance(found, Explanation):
        emit(renderer("why", "text")(tuple(explanation_lines(plan, found))), None)
    else:
        print(printable(settled_text(found)))


@app.command("next")
def next_command(
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    start: StartOption = None,
    capacity: CapacityOption = None,
    scenario: ScenarioOption = None,
    survey: PlanSurveyOption = None,
    as_json: JsonOption = False,
) -> None:
    """What can start now (as of --as-of, default today): prerequisites done, by priority."""
    from roadmap_cli.render import renderer
    from roadmap_cli.schedule import next_up

    options = plan_options(
        as_of=as_of, start=start, capacity=capacity, scenario=scenario, survey=survey
    )
    _, plan, _ = plan_or_exit(data, options)
    view = next_up(plan.input)
    if as_json:
        emit(renderer("next", "json")(view), None)
    else:
        from roadmap_cli.render.terminal import next_table
        from roadmap_cli.views.plan import next_view

        print_rich(next_table(next_view(view)))
