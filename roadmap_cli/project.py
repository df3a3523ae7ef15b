"""A data folder and the planning options -> the project, its settings, its plan and problems.

`prepare_plan` is the one function every command that plans calls (`schedule`, `why`, `next`,
`gantt`, `annex --columns`, `build`); `plan_project` plans a project already loaded (each side
of `roadmap diff`, an Annex baseline) with the same options, through the same `plan_settings`.
Options that do not fit the data (an unknown owner, a survey that does not exist) raise
`OptionError`, which the CLI turns into a usage error (exit 2). Nothing here prints or exits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_cli.load import PLANNING_FILE, ProjectLoad, load_project, load_scenario, locate_all
from roadmap_cli.model import Project, ScenarioFile
from roadmap_cli.problems import Problem, did_you_mean, error, sorted_unique

if TYPE_CHECKING:
    from roadmap_cli.planning import PlanSettings
    from roadmap_cli.schedule import Plan
    from roadmap_cli.surveys import Survey


class OptionError(ValueError):
    """A planning option that does not fit the data; ``option`` names it (``--capacity``)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True, slots=True)
class PlanOptions:
    """What the user asks for on top of the data; every field is optional."""

    as_of: dt.date | None = None
    """Plan the remaining work from this day (``--as-of``)."""
    start: dt.date | None = None
    """Start the plan on this day instead of the data's (``--start``)."""
    capacities: tuple[str, ...] = ()
    """``OWNER=N`` or ``OWNER=none`` as typed (``--capacity``)."""
    scenario: Path | None = None
    """A what-if overlay of start, capacities and efforts (``--scenario``)."""
    survey: str | None = None
    """The survey whose computed priorities order what has no adopted one (``--survey``)."""


@dataclass(frozen=True, slots=True)
class PreparedPlan:
    """A data folder planned: ``plan`` is None when the data or the scenario has errors."""

    project: Project | None
    plan: Plan | None
    problems: tuple[Problem, ...]
    """The data's and the scenario's problems, located."""
    findings: tuple[Problem, ...] = ()
    """The planner's warnings (a missed deadline...), located in the data files."""
    load: ProjectLoad | None = None


def prepare_plan(data: Path, options: PlanOptions, *, every_survey: bool = False) -> PreparedPlan:
    """Load ``data`` and plan it with ``options``.

    Unless ``every_survey`` (the build shows them all), only the answers of the survey that can
    steer the order are read: the one named, else the non-illustrative ones (made-up answers
    never steer a real plan).
    """
    loaded = load_project(
        data,
        surveys=every_survey
        or (
            lambda survey_id, metadata: (
                survey_id == options.survey if options.survey else not metadata.illustrative
            )
        ),
    )
    project = loaded.project
    if project is None:
        return PreparedPlan(None, None, loaded.problems, load=loaded)
    if project.planning is None:
        missing = error(
            str(data / PLANNING_FILE),
            "file-not-found",
            "the planner needs planning assumptions and this file does not exist",
            "add it; `roadmap schema planning` gives its shape",
            line=1,
            column=1,
        )
        return PreparedPlan(project, None, (missing,), load=loaded)
    scenario: ScenarioFile | None = None
    problems: tuple[Problem, ...] = ()
    if options.scenario is not None:
        overlay = load_scenario(options.scenario, project)
        problems = overlay.problems
        if overlay.scenario is None:
            return PreparedPlan(project, None, problems, load=loaded)
        scenario = overlay.scenario
    plan = plan_project(project, options, scenario=scenario)
    from roadmap_cli.planning import finding_problems

    located = locate_all(finding_problems(plan.findings, project, loaded.files[0]), loaded.sources)
    return PreparedPlan(project, plan, problems, tuple(sorted_unique(located)), loaded)


def plan_project(
    project: Project, options: PlanOptions, *, scenario: ScenarioFile | None = None
) -> Plan:
    """The plan of a loaded project (with a planning file) under ``options``."""
    from roadmap_cli.schedule import make_plan

    return make_plan(project, plan_settings(project, options, scenario=scenario))


def plan_settings(
    project: Project, options: PlanOptions, *, scenario: ScenarioFile | None = None
) -> PlanSettings:
    """The planner's settings for ``options``: the only place they are built."""
    from roadmap_cli.planning import PlanSettings
    from roadmap_cli.priorities import steering_levels

    chosen = find_survey(project, options.survey, need_scale=True) if options.survey else None
    return PlanSettings(
        start=options.start,
        as_of=options.as_of,
        capacities=parse_capacities(options.capacities, project),
        scenario=scenario,
        computed_priorities=steering_levels(project.surveys, project.recommendations, chosen),
    )


def parse_capacities(values: Sequence[str], project: Project) -> Mapping[str, int | None]:
    """``OWNER=N`` options as a mapping; an unknown owner or a bad N is an `OptionError`."""
    owners = [o.id for o in project.planning.owners] if project.planning else []
    capacities: dict[str, int | None] = {}
    for value in values:
        owner, _, number = value.partition("=")
        if owner not in owners:
            hint = did_you_mean(owner, owners) or "owners: " + (", ".join(owners) or "none defined")
            raise OptionError("--capacity", f"'{owner}' is not a known owner; {hint}")
        if number != "none" and not (number.isdigit() and int(number) >= 1):
            raise OptionError(
                "--capacity", f"'{value}': write OWNER=N with N a whole number >= 1, or OWNER=none"
            )
        capacities[owner] = None if number == "none" else int(number)
    return capacities


def find_survey(project: Project, survey_id: str | None, *, need_scale: bool = False) -> Survey:
    """The survey named, else the last one (by id) with answers; `OptionError` when none fits."""
    if survey_id is None:
        from roadmap_cli.priorities import shown_survey

        shown = shown_survey(project.surveys)
        if shown is None:
            raise OptionError("--survey", "no survey has answers yet; name one")
        return shown
    survey = project.survey(survey_id)
    if survey is None:
        known = [s.id for s in project.surveys]
        hint = did_you_mean(survey_id, known) or f"known surveys: {', '.join(known) or 'none'}"
        raise OptionError("--survey", f"{survey_id} is not a survey in the data; {hint}")
    from roadmap_cli.surveys import SurveyKind

    if need_scale and survey.metadata.kind is SurveyKind.RATING and survey.metadata.scale is None:
        raise OptionError(
            "--survey", f"the survey {survey_id} has no scale yet (see its survey.yaml)"
        )
    return survey
