"""Review: what a change does (diff) and a recommendation's story (log)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roadmap_cli.problems import ExitCode
from roadmap_cli.project import load_project
from roadmap_cli.render import DiffFormat

if TYPE_CHECKING:
    from collections.abc import Iterator

    from roadmap_cli.snapshot import Snapshot

from roadmap_cli.cli.common import (
    AsOfOption,
    CapacityOption,
    DataOption,
    JsonOption,
    PlanSurveyOption,
    ScenarioOption,
    StartOption,
    app,
    choices,
    emit,
    enum_parser,
    existing_folder,
    exit_with,
    load_or_exit,
    plan_options,
    recommendation_or_exit,
    report,
    stderr,
    usage_error,
)

# ---- review: diff and log -----------------------------------------------------------------


DiffDataOption = Annotated[
    Path,
    typer.Option(
        "--data",
        envvar="ROADMAP_DATA",
        help="The data folder: the head when HEAD is not given, and the folder that a "
        "git ref is read from (its path in the repository).",
    ),
]


def _version_of(spec: str | None, data: Path, param: str) -> Snapshot:
    """The data at ``spec`` (a git ref or a folder), or in ``data`` as it is now; exit 2 when
    it cannot be read."""
    from roadmap_cli.snapshot import Snapshot, SnapshotError, load_snapshot

    if spec is None:
        return Snapshot(f"{existing_folder(data)} (working tree)", load_project(data))
    try:
        return load_snapshot(spec, data if Path(spec).is_dir() else existing_folder(data))
    except SnapshotError as exc:
        raise typer.BadParameter(str(exc), param_hint=param) from None


@app.command()
def diff(
    base: Annotated[
        str,
        typer.Argument(metavar="BASE", help="A git ref (main, HEAD~1, a tag) or a data folder."),
    ],
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="HEAD", help="A git ref or a data folder (default: --data as it is now)."
        ),
    ] = None,
    data: DiffDataOption = Path("data"),
    fmt: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            "-f",
            help="text, markdown (a pull-request comment) or json.",
            parser=enum_parser(DiffFormat),
            metavar=choices(DiffFormat),
        ),
    ] = DiffFormat.TEXT,
    differences_fail: Annotated[
        bool,
        typer.Option(
            "--exit-code", help="Exit 1 when the versions differ, as git diff --exit-code."
        ),
    ] = False,
    as_of: AsOfOption = None,
    start: StartOption = None,
    capacity: CapacityOption = None,
    scenario: ScenarioOption = None,
    survey: PlanSurveyOption = None,
) -> None:
    """What a change does to the roadmap: recommendations added or removed, fields changed
    (before and after), and the effects, such as schedule moves and new warnings or errors.
    Both versions are planned with the same options, as of the same day."""
    from roadmap_cli.diff import diff_versions
    from roadmap_cli.project import OptionError
    from roadmap_cli.render import renderer
    from roadmap_cli.views.diff import diff_view

    options = plan_options(
        as_of=as_of, start=start, capacity=capacity, scenario=scenario, survey=survey
    )
    before, after = _version_of(base, data, "BASE"), _version_of(head, data, "HEAD")
    try:
        result = diff_versions(before, after, options)
    except OptionError as exc:
        raise usage_error(exc) from None
    emit(renderer("diff", fmt.value)(diff_view(result)), None)  # every change it can compute,
    for version in (before, after):  # then the problems
        if version.loaded.project is None:
            report(version.loaded.problems)
            stderr(
                f"note: {version.label} has data errors; only its records without errors "
                "were compared"
            )
    # As the README states: 0 when it ran, 1 with --exit-code when the versions differ.
    exit_with(ExitCode.DIFFERENCES if differences_fail and not result.is_empty else ExitCode.OK)


@app.command("log")
def log_history(
    rec_id: Annotated[str, typer.Argument(metavar="ID", help="A recommendation, e.g. R20.")],
    data: DataOption = Path("data"),
    as_json: JsonOption = False,
) -> None:
    """How a recommendation changed: the decisions recorded in its history, and every commit
    of the data folder that changed it (group moves, priority added, standards changed)."""
    from roadmap_cli.history import recommendation_log
    from roadmap_cli.snapshot import History, Snapshot, SnapshotError

    def versions() -> Iterator[Snapshot]:
        try:
            history = History(data)
        except SnapshotError as exc:
            stderr(f"note: {exc}; only the history recorded in the data is shown")
            yield Snapshot("", load_project(data))
        else:
            yield from history.versions(working_tree=True)

    story = recommendation_log(rec_id.upper(), versions())
    if not story.known:
        recommendation_or_exit(load_or_exit(data), rec_id)  # exits 2 with a suggestion
    if as_json:
        from roadmap_cli.render.json import render_log
    else:
        from roadmap_cli.render.text import render_log
    emit(render_log(story), None)
