"""What every `roadmap` command shares: the typer app, option aliases, and the helpers that
report problems, load the project or exit with the right code.

The commands live in one module per concern beside this one and register on `app`.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import enum
import gc
import importlib
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
import typer.core

from roadmap_cli import __version__
from roadmap_cli.model import Project, Recommendation
from roadmap_cli.problems import (
    ExitCode,
    Problem,
    as_json,
    count_line,
    format_github,
    format_text,
    one_line,
    printable,
)
from roadmap_cli.project import OptionError, PlanOptions, load_project

if TYPE_CHECKING:
    from typer import _click as click  # the click that typer carries (typer >= 0.24)

    from roadmap_cli.schedule import Plan

COMMAND_MODULES: Mapping[str, tuple[str, ...]] = {
    "validate": ("queries",),
    "list": ("queries",),
    "show": ("queries",),
    "status": ("queries",),
    "schema": ("queries",),
    "priorities": ("surveys",),
    "schedule": ("plan",),
    "why": ("plan",),
    "next": ("plan",),
    "annex": ("render",),
    "gantt": ("render",),
    "draft": ("render",),
    "build": ("render",),
    "export": ("export",),
    "diff": ("review",),
    "log": ("review",),
    "survey": ("surveys", "imports"),
    "import": ("imports",),
}
"""Every command, in the order of ``roadmap --help``, and the modules of this package that
define it (the `survey` group has commands in two). A command's modules are imported only when
the command runs (or help lists them all), so `roadmap status` does not pay for the imports of
`diff` or `build` (issue 16)."""


class LazyGroup(typer.core.TyperGroup):
    """The group of `roadmap` commands, each imported from its module when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        modules = [f"roadmap_cli.cli.{m}" for m in COMMAND_MODULES.get(cmd_name, ())]
        if cmd_name not in self.commands or any(m not in sys.modules for m in modules):
            for module in modules:  # a group (survey) may have commands in a module not read yet
                importlib.import_module(module)
            self._add_registered(cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in COMMAND_MODULES:  # a typo: suggest among all the commands
            for name in COMMAND_MODULES:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def _add_registered(self, name: str) -> None:
        """The click command ``name`` from what its modules registered on `app`: only that one,
        as typer reads the signature of every command it converts (a few ms each)."""
        from typer.main import get_command_from_info, get_command_name, get_group_from_info

        for info in app.registered_commands:
            if (info.name or get_command_name(info.callback.__name__)) == name:  # type: ignore[union-attr]
                self.add_command(
                    get_command_from_info(
                        info,
                        pretty_exceptions_short=app.pretty_exceptions_short,
                        rich_markup_mode=app.rich_markup_mode,
                    )
                )
        for group_info in app.registered_groups:
            if group_info.name == name:
                group = get_group_from_info(
                    group_info,
                    pretty_exceptions_short=app.pretty_exceptions_short,
                    suggest_commands=app.suggest_commands,
                    rich_markup_mode=app.rich_markup_mode,
                )
                self.add_command(group, name)


app = typer.Typer(
    cls=LazyGroup,
    name="roadmap",
    help="The CWS Task No. 58 strategic roadmap: validate, query, prioritise, schedule and render "
    "the 40 Recommendations from the YAML files in a data folder.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


survey_app = typer.Typer(
    help="Survey forms: make the form offices fill in, import the returned ones and the "
    "collated results.",
    no_args_is_help=True,
)
"""The `roadmap survey` commands; registered on `app` by cli/surveys.py, which holds most of
them (`survey import-results` is in cli/imports.py)."""


def existing_folder(path: Path) -> Path:
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
        callback=existing_folder,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Warnings count as problems (exit 1).")
]


def day_in_range(value: dt.datetime | None) -> dt.datetime | None:
    """A day option within the years roadmap dates may take (the planner counts past them)."""
    from roadmap_cli.validate import FIRST_YEAR, LAST_YEAR

    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise typer.BadParameter(
            f"{value:%Y-%m-%d} is out of range: give a day from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return value


AsOfOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Plan the remaining work from this day (default: the as_of of planning.yaml, "
        "else today).",
        callback=day_in_range,
    ),
]
StartOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--start",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Start the plan on this day instead of the data's plan_start.",
        callback=day_in_range,
    ),
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
PlanSurveyOption = Annotated[
    str | None,
    typer.Option(
        "--survey",
        help="Order recommendations with no adopted priority by this survey's "
        "computed one (default: the last survey with answers that is not illustrative).",
    ),
]


E = TypeVar("E", bound=enum.Enum)


def choices(enum_type: type[enum.Enum]) -> str:
    """The metavar of an option with ``enum_type``'s values: ``[high | medium | low]``. The
    spaces let a narrow help column wrap between two choices, never inside one (rich folds a
    word longer than the column)."""
    return "[" + " | ".join(str(member.value) for member in enum_type) + "]"


def enum_parser(enum_type: type[E]) -> Callable[[object], E]:
    """A parser for an option whose values are ``enum_type``'s: in any case (``--priority
    HIGH``, as ``show r12``), and with a "did you mean" for a near miss (``--priority hgh``)."""

    def parse(value: object) -> E:
        if isinstance(value, enum_type):
            return value
        text = str(value).strip()
        for member in enum_type:
            if str(member.value).lower() == text.lower():
                return member
        from roadmap_cli.problems import did_you_mean

        values = [str(member.value) for member in enum_type]
        hint = did_you_mean(text.lower(), values)
        raise typer.BadParameter(
            f"'{text}' is not one of {', '.join(values)}" + (f"; {hint}" if hint else "")
        )

    return parse


class ProblemFormat(enum.StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def stderr(line: str) -> None:
    """A line on stderr, without escape sequences or workflow commands from the data."""
    print(printable(line), file=sys.stderr)


def report(
    problems: tuple[Problem, ...],
    fmt: ProblemFormat = ProblemFormat.TEXT,
    *,
    notes: tuple[str, ...] = (),
    checked: int = 0,
    limit: int | None = None,
) -> None:
    """Problems on stderr, one per line, then ``notes`` (the checks skipped, and why), then the
    count (JSON goes to stdout, for tools). With ``checked`` (the files read), a clean run says
    so too: ``0 errors, 0 warnings in 12 files``. With ``limit``, only the first ``limit``
    problems are printed, then how many more there are."""
    if fmt is ProblemFormat.JSON:
        print(printable(as_json(problems)))
    else:
        for problem in problems[:limit]:
            if fmt is ProblemFormat.GITHUB:  # a workflow command by design; its values escaped
                print(format_github(problem), file=sys.stderr)
            else:
                stderr(format_text(problem))
        if limit is not None and len(problems) > limit:
            rest = len(problems) - limit
            stderr(f"... and {rest:,} more problem{'' if rest == 1 else 's'}, not shown")
    for note in notes:  # one line each, as problems are, whatever the file names hold
        stderr("note: " + one_line(note))
    if problems or checked:
        stderr(count_line(list(problems), checked=checked))


def exit_with(code: ExitCode) -> NoReturn:
    raise typer.Exit(int(code))


def load_or_exit(data: Path, *, surveys: bool = False) -> Project:
    """The project in ``data``, or exit 1 after reporting what is wrong with it.

    Survey answers are read (and checked) only by the commands that use them.
    """
    loaded = load_project(data, surveys=surveys)
    if loaded.project is None:
        report(loaded.problems)
        exit_with(ExitCode.DATA_PROBLEMS)
    return loaded.project


def recommendation_or_exit(project: Project, rec_id: str) -> Recommendation:
    rec = project.recommendations_by_id.get(rec_id.upper())
    if rec is None:
        from roadmap_cli.problems import id_hint

        hint = id_hint(rec_id.upper(), list(project.recommendations_by_id))
        raise typer.BadParameter(
            f"{rec_id} is not a known recommendation" + (f"; {hint}" if hint else ""),
            param_hint="ID",
        )
    return rec


def print_json(value: Any) -> None:
    print(printable(json.dumps(value, indent=2, ensure_ascii=False)))


def print_rich(renderable: Any) -> None:
    from rich.console import Console

    Console().print(renderable)


def as_of_day(project: Project, as_of: dt.datetime | None) -> dt.date:
    """The day a command that does not plan (`status`) speaks as of: the same day the planning
    commands plan as of (`project.planned_as_of`)."""
    from roadmap_cli.project import planned_as_of

    return planned_as_of(project, plan_options(as_of=as_of)) or dt.date.today()


def date_of(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def plan_options(
    *,
    as_of: dt.datetime | None = None,
    start: dt.datetime | None = None,
    capacity: list[str] | None = None,
    scenario: Path | None = None,
    survey: str | None = None,
) -> PlanOptions:
    """The planning options as typed on the command line, with today's date for the plans
    made as of no other day (`project.planned_as_of`): every planning command plans as of the
    same day."""
    return PlanOptions(
        as_of=date_of(as_of),
        today=dt.date.today(),
        start=date_of(start),
        capacities=tuple(capacity or ()),
        scenario=scenario,
        survey=survey,
    )


def usage_error(exc: OptionError) -> typer.BadParameter:
    return typer.BadParameter(str(exc), param_hint=exc.option)


def plan_or_exit(
    data: Path, options: PlanOptions, *, every_survey: bool = False
) -> tuple[Project, Plan, tuple[Problem, ...]]:
    """The project, its plan under ``options`` and the planner's warnings (located); problems
    and warnings are reported on stderr; exit 1 when the data or the scenario has errors, 2 when
    an option does not fit the data."""
    from roadmap_cli.project import prepare_plan

    try:
        prepared = prepare_plan(data, options, every_survey=every_survey)
    except OptionError as exc:
        raise usage_error(exc) from None
    report(prepared.problems)
    if prepared.project is None or prepared.plan is None:
        exit_with(ExitCode.DATA_PROBLEMS)
    report(prepared.findings)
    return prepared.project, prepared.plan, prepared.findings


OutputFileOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout."
    ),
]


def refuse_to_overwrite_input(
    output: Path | None, data: Path, option: str, *, folder: bool = False
) -> None:
    """A usage error (exit 2, before any work) when ``output`` would write over the data."""
    from roadmap_cli.output import overwrites_input

    why = None if output is None else overwrites_input(output, data, folder=folder)
    if why is not None:
        raise typer.BadParameter(why, param_hint=option)


def emit(data: bytes, output: Path | None) -> None:
    """``data`` to stdout, or atomically to ``output`` (exit 1 with a clear error if impossible)."""
    if output is None:  # text only: the commands refuse a binary format without -o
        sys.stdout.flush()
        sys.stdout.buffer.write(printable(data.decode("utf-8")).encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    from roadmap_cli.output import OutputError, write_atomic

    try:
        write_atomic(output, data)
    except OutputError as exc:
        stderr(f"error: {exc}")
        exit_with(ExitCode.DATA_PROBLEMS)
    stderr(f"wrote {output} ({len(data):,} bytes)")


def _version(value: bool) -> None:
    if value:
        print(f"roadmap {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """The CWS Task No. 58 strategic roadmap, from the YAML files in a data folder."""


@contextlib.contextmanager
def collecting_nothing() -> Iterator[None]:
    """No garbage collection while a command runs, nor when the process exits: for a command
    that makes objects to keep them, as `roadmap build` does, the collector looked through
    millions of them for next to nothing (40% of the time of loading 10,000 x 200; a fifth of a
    second at the exit; issue 16). What the command drops goes by reference counting; the
    build collects the figures it drops, job by job (`build.render_build`)."""
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)  # atexit runs before the interpreter's last collection
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
