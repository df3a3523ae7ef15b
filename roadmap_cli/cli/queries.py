"""Terminal queries: validate, list, show, status, schema."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from roadmap_cli.cli.common import (
    AsOfOption,
    DataOption,
    JsonOption,
    ProblemFormat,
    StrictOption,
    app,
    as_of_day,
    choices,
    emit,
    enum_parser,
    exit_with,
    load_or_exit,
    recommendation_or_exit,
    report,
    stderr,
)
from roadmap_cli.load import USING_LIBYAML
from roadmap_cli.model import Group, Priority, Status
from roadmap_cli.problems import exit_code
from roadmap_cli.project import ProjectLoad, load_project
from roadmap_cli.schema import SchemaKind


@app.command()
def validate(
    data: DataOption = Path("data"),
    fmt: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            help="How to print problems.",
            parser=enum_parser(ProblemFormat),
            metavar=choices(ProblemFormat),
        ),
    ] = ProblemFormat.TEXT,
    strict: StrictOption = False,
) -> None:
    """Check the data files; print every problem as file:line:col, and how complete the data is."""
    loaded: ProjectLoad = load_project(data)
    problems = loaded.problems
    documents = 0
    from roadmap_cli.drafts import document_names

    if document_names(data):  # only a data folder with documents pays for the Markdown reader
        from roadmap_cli.drafts import load_documents

        loaded_documents = load_documents(data, loaded.project)
        documents = len(loaded_documents)
        problems += tuple(p for d in loaded_documents for p in d.problems)
    report(problems, fmt, notes=loaded.skipped, checked=len(loaded.files) + documents)
    if not USING_LIBYAML:
        stderr(
            "note: PyYAML has no libyaml here; loading uses the pure-Python parser "
            "(about 6x slower)"
        )
    if loaded.project is not None and fmt is not ProblemFormat.JSON:
        from roadmap_cli.views.status import completeness, completeness_line

        total = len(loaded.project.recommendations)
        stderr(
            f"{total} recommendation{'' if total == 1 else 's'}: "
            f"{completeness_line(completeness(loaded.project))}"
        )
    exit_with(exit_code(problems, strict=strict))


@app.command("list")
def list_recommendations(
    data: DataOption = Path("data"),
    group: Annotated[
        Group | None,
        typer.Option(help="Only this group.", parser=enum_parser(Group), metavar=choices(Group)),
    ] = None,
    priority: Annotated[
        Priority | None,
        typer.Option(
            help="Only this adopted priority (any case: HIGH works).",
            parser=enum_parser(Priority),
            metavar=choices(Priority),
        ),
    ] = None,
    status: Annotated[
        Status | None,
        typer.Option(help="Only this status.", parser=enum_parser(Status), metavar=choices(Status)),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the recommendations, optionally filtered."""
    project = load_or_exit(data)
    recs = tuple(
        r
        for r in project.recommendations
        if (group is None or r.group == group)
        and (priority is None or r.priority == priority)
        and (status is None or r.status == status)
    )
    from roadmap_cli.render import renderer

    if as_json:
        from roadmap_cli.views.recommendation import RecommendationSelection

        emit(renderer("recommendations", "json")(RecommendationSelection(project, recs)), None)
    else:
        from roadmap_cli.views.recommendation import recommendation_list

        emit(renderer("recommendations", "text")(recommendation_list(recs)), None)


@app.command()
def show(
    rec_id: Annotated[str, typer.Argument(metavar="ID", help="A recommendation, e.g. R14.")],
    data: DataOption = Path("data"),
    as_json: JsonOption = False,
) -> None:
    """Everything about one recommendation: its facts, history, and what depends on it."""
    from roadmap_cli.render import renderer

    project = load_or_exit(data)
    rec = recommendation_or_exit(project, rec_id)
    if as_json:
        from roadmap_cli.views.recommendation import RecommendationSelection

        selection = RecommendationSelection(project, (rec,), single=True)
        emit(renderer("recommendations", "json")(selection), None)
    else:
        from roadmap_cli.views.recommendation import recommendation_detail

        emit(renderer("recommendation", "text")(recommendation_detail(project, rec)), None)


@app.command()
def status(
    data: DataOption = Path("data"), as_of: AsOfOption = None, as_json: JsonOption = False
) -> None:
    """At a glance: counts by group, priority and status; the priorities; the next session."""
    from roadmap_cli.render import renderer
    from roadmap_cli.views.status import overview

    project = load_or_exit(data)
    view = overview(project, as_of=as_of_day(project, as_of))
    emit(renderer("status", "json" if as_json else "text")(view), None)


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            help="Which data file.", parser=enum_parser(SchemaKind), metavar=choices(SchemaKind)
        ),
    ] = SchemaKind.RECOMMENDATIONS,
) -> None:
    """Print the JSON Schema of a data file, for editors (yaml-language-server) and tools."""
    from roadmap_cli.schema import json_schema_text

    sys.stdout.write(json_schema_text(kind.value))
