"""Surveys and priorities: the ranked priorities, survey forms and their import."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from roadmap_cli.model import Method, Project
from roadmap_cli.problems import ExitCode, printable
from roadmap_cli.project import OptionError

if TYPE_CHECKING:
    from roadmap_cli.surveys import Survey

from roadmap_cli.cli.common import (
    DataOption,
    JsonOption,
    app,
    choices,
    emit,
    enum_parser,
    exit_with,
    load_or_exit,
    refuse_to_overwrite_input,
    report,
    stderr,
    survey_app,
    usage_error,
)

# ---- surveys and priorities ----------------------------------------------------------------

MIN_COLUMNS = 40
"""The narrowest `roadmap priorities` lays its table out in, whatever the terminal says."""
MAX_PRINTED_PROBLEMS = 50
"""Problems of a returned form printed before the rest are counted: a form of 10,000 bad rows
would otherwise bury the first, which usually explains the others (issue #12)."""


def survey_or_exit(project: Project, survey_id: str | None, *, need_scale: bool = False) -> Survey:
    """The survey named, else the last one (by id) with answers; usage error when none fits."""
    from roadmap_cli.project import find_survey

    try:
        return find_survey(project, survey_id, need_scale=need_scale)
    except OptionError as exc:
        raise usage_error(exc) from None


def suffix_check(allowed: tuple[str, ...]) -> Any:
    def check(path: Path | None) -> Path | None:
        if path is not None and path.suffix.lower() not in allowed:
            raise typer.BadParameter(f"'{path}' should end in {' or '.join(allowed)}")
        if path is not None and not path.parent.is_dir():
            raise typer.BadParameter(f"the folder '{path.parent}' does not exist")
        return path

    return check


def office_code(value: str) -> str:
    from roadmap_cli.model import OFFICE_CODE_PATTERN

    if not re.match(OFFICE_CODE_PATTERN, value.upper()):
        raise typer.BadParameter(
            f"'{value}' is not an ST.3 office code; write two letters, e.g. EP"
        )
    return value.upper()


SurveyOption = Annotated[
    str | None, typer.Option("--survey", help="The survey's id (its folder name).")
]


@app.command()
def priorities(
    data: DataOption = Path("data"),
    survey: SurveyOption = None,
    method: Annotated[
        Method | None,
        typer.Option(
            help="How answers become a score (default: median; borda for a ranking survey).",
            parser=enum_parser(Method),
            metavar=choices(Method),
        ),
    ] = None,
    as_json: JsonOption = False,
    chart: Annotated[
        Path | None,
        typer.Option(
            help="Also draw the chart to FILE.svg or FILE.png.",
            callback=suffix_check((".svg", ".png")),
        ),
    ] = None,
) -> None:
    """Rank the recommendations by a survey's answers; show agreement and the adopted levels."""
    from roadmap_cli.priorities import methods_for, prioritise
    from roadmap_cli.render import renderer

    project = load_or_exit(data, surveys=True)
    chosen = survey_or_exit(project, survey)
    if method is not None and method not in methods_for(chosen):
        raise typer.BadParameter(
            f"{method.value} does not fit the ranking survey {chosen.id}; use borda",
            param_hint="--method",
        )
    report = prioritise(chosen, project.recommendations, method)
    if chart is not None:
        from roadmap_cli.output import write_atomic
        from roadmap_cli.views.priorities import priority_chart_view

        draw = renderer("priority-chart", chart.suffix.lower().lstrip("."))
        write_atomic(chart, draw(priority_chart_view(report, chosen)))
        stderr(f"wrote {chart}")
    if as_json:
        emit(renderer("priorities", "json")(report), None)
    else:
        import shutil

        from roadmap_cli.render.text import render_priorities
        from roadmap_cli.views.priorities import priorities_view

        width = max(MIN_COLUMNS, shutil.get_terminal_size().columns)
        emit(render_priorities(priorities_view(report, project), width), None)


app.add_typer(survey_app, name="survey")


@survey_app.command("form")
def survey_form(
    survey: Annotated[str, typer.Option("--survey", help="The survey's id (its folder name).")],
    out: Annotated[
        Path,
        typer.Option(
            help="FILE.xlsx or FILE.csv to write.", callback=suffix_check((".xlsx", ".csv"))
        ),
    ],
    office: Annotated[str | None, typer.Option(help="Fill in this office's ST.3 code.")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Write the form the Secretariat sends to offices: one row per recommendation."""
    from roadmap_cli import forms
    from roadmap_cli.output import write_atomic

    refuse_to_overwrite_input(out, data, "--out")
    project = load_or_exit(data, surveys=True)
    chosen = survey_or_exit(project, survey, need_scale=True)
    grid = forms.form_grid(chosen, project.recommendations, office_code(office) if office else None)
    write_atomic(
        out,
        forms.form_xlsx(grid, chosen) if out.suffix.lower() == ".xlsx" else forms.form_csv(grid),
    )
    print(printable(f"wrote {out}: {len(project.recommendations)} recommendations"))


@survey_app.command("import")
def survey_import(
    file: Annotated[
        Path,
        typer.Argument(
            help="The returned form (.xlsx or .csv).",
            exists=True,
            dir_okay=False,
            callback=suffix_check((".xlsx", ".csv")),
        ),
    ],
    survey: Annotated[str, typer.Option("--survey", help="The survey's id (its folder name).")],
    office: Annotated[
        str, typer.Option(help="The answering office's ST.3 code.", callback=office_code)
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace the office's existing answers.")
    ] = False,
    data: DataOption = Path("data"),
) -> None:
    """Read a returned form and write the office's answer file; nothing is written on any error."""
    from roadmap_cli import forms
    from roadmap_cli.output import write_atomic
    from roadmap_cli.views.priorities import import_summary

    project = load_or_exit(data, surveys=True)
    chosen = survey_or_exit(project, survey, need_scale=True)
    target = data / "surveys" / chosen.id / f"{office}.yaml"
    result = forms.import_form(
        file, str(file), chosen, project.recommendations, office, target, force=force
    )
    report(result.problems, limit=MAX_PRINTED_PROBLEMS)
    if result.response is None:
        exit_with(ExitCode.DATA_PROBLEMS)
    write_atomic(target, forms.response_yaml(result.response, chosen, file.name))
    print(printable(import_summary(result.response, str(target))))
