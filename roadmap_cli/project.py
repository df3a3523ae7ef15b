"""A data folder -> the project and its problems; with the planning options -> its plan.

`load_project` reads every file of a data folder (`load.read_yaml`), checks shape and meaning
and builds the `Project` only when there is no error. `prepare_plan` is the one function every
command that plans calls (`schedule`, `why`, `next`, `gantt`, `annex --columns`, `build`);
`plan_project` plans a project already loaded (each side
of `roadmap diff`, an Annex baseline) with the same options, through the same `plan_settings`.
Options that do not fit the data (an unknown owner, a survey that does not exist) raise
`OptionError`, which the CLI turns into a usage error (exit 2). Nothing here prints or exits.
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import msgspec

from roadmap_cli.load import Loaded, SourceFile, locate_all, read_yaml
from roadmap_cli.model import (
    PlanningFile,
    Project,
    RecommendationsFile,
    ScenarioFile,
    SessionsFile,
)
from roadmap_cli.problems import Problem, Severity, did_you_mean, error, sorted_unique, warning
from roadmap_cli.shape import convert, salvage
from roadmap_cli.validate import DataFiles, check_meaning, check_scenario

if TYPE_CHECKING:
    from roadmap_cli.planning import PlanSettings
    from roadmap_cli.schedule import Plan
    from roadmap_cli.snapshot import ParseCache
    from roadmap_cli.surveys import Survey, SurveyFile
    from roadmap_cli.yaml_blocks import ParsedBlocks

T = TypeVar("T")


RECOMMENDATIONS_FILE = "recommendations.yaml"
SESSIONS_FILE = "sessions.yaml"
SURVEYS_FOLDER = "surveys"
PLANNING_FILE = "planning.yaml"
"""Optional: `status`, `list` and `show` need no planning; `schedule`, `why` and `next` do."""


class ProjectLoad(msgspec.Struct, frozen=True):
    """The outcome of loading a data folder: the project when it is valid, and every problem."""

    project: Project | None
    problems: tuple[Problem, ...]
    """Located, sorted, each once."""
    files: tuple[str, ...]
    """The files read, as shown to the user."""
    sources: tuple[SourceFile, ...] = ()
    """The files read, kept so that later findings (the planner's warnings) can be located."""
    skipped: tuple[str, ...] = ()
    """Sentences: the checks that could not run, or ran on part of a file, and why."""
    partial: Project | None = None
    """When the data has errors: a project of the parts without errors (`shape.salvage`), for
    `roadmap diff` to report the changes it can; None when a file it needs cannot be read.
    Never planned or rendered: only ``project`` is valid."""
    with_errors: frozenset[tuple[str, str]] = frozenset()
    """The records of ``partial`` that have errors, as (kind, id): ``("recommendation",
    "R02")``; id ``*`` for every record of a kind (``("survey", "*")``). Their values in
    ``partial`` are not what the file says, so they are not compared."""


AnswersWanted = Callable[[str, "SurveyFile"], bool]
"""Given a survey's id and metadata: should its answer files be read?"""


def _read(
    path: Path, data_dir: Path, file_type: type[T], cache: ParseCache | None
) -> tuple[Loaded, T | None, list[Problem]]:
    """A file of ``data_dir`` read and shape-checked, through ``cache`` when there is one; a link
    that leads out of the data folder, to nothing or in a loop is refused unread, so that no
    message quotes a file that is not data (issue 12)."""
    refused = _refused_link(path, data_dir)
    if refused is not None:
        return Loaded(None, None, (refused,)), None, []
    if cache is not None:
        return cache.read(path, str(path), file_type)
    return parse_file(path, str(path), file_type)


def parse_file(
    path: Path, shown: str | None, file_type: type[T], blocks: ParsedBlocks | None = None
) -> tuple[Loaded, T | None, list[Problem]]:
    """A file read and shape-checked (with ``blocks``, parsing again only the blocks that
    changed since its last version). The plain data of a clean file goes as soon as it is
    converted: 200 answer files of 10,000 answers would otherwise all be held twice (issue 16).
    A file with problems keeps it: the records with errors are found in it (issue 11)."""
    loaded = read_yaml(path, shown, blocks=blocks)
    converted, problems = _convert(loaded, file_type)
    if loaded.problems or problems:
        return loaded, converted, problems
    return Loaded(loaded.source, None, loaded.problems), converted, problems


def load_project(
    data_dir: Path, *, surveys: bool | AnswersWanted = True, cache: ParseCache | None = None
) -> ProjectLoad:
    """Read, check and build the project in ``data_dir``; problems come located and sorted.

    With ``surveys=False`` the survey folders are neither read nor checked (`Project.surveys` is
    empty): the queries that do not use them stay fast however many answers there are. With a
    function, every survey's metadata is read but only the answers it asks for (the others come
    with no responses): the planner reads no answers it will not use.
    """
    names = [RECOMMENDATIONS_FILE, SESSIONS_FILE]
    if (data_dir / PLANNING_FILE).exists() or (data_dir / PLANNING_FILE).is_symlink():
        names.append(PLANNING_FILE)
    loads_rec, recommendations_file, recommendations_problems = _read(
        data_dir / RECOMMENDATIONS_FILE, data_dir, RecommendationsFile, cache
    )
    loads_ses, sessions_file, sessions_problems = _read(
        data_dir / SESSIONS_FILE, data_dir, SessionsFile, cache
    )
    loads = [loads_rec, loads_ses]
    planning_file: PlanningFile | None = None
    planning_problems: list[Problem] = []
    if len(names) > 2:
        loads_plan, planning_file, planning_problems = _read(
            data_dir / PLANNING_FILE, data_dir, PlanningFile, cache
        )
        loads.append(loads_plan)
    problems = [p for loaded in loads for p in loaded.problems]
    problems += recommendations_problems + sessions_problems + planning_problems
    survey_data, survey_problems, survey_loads = (
        _load_surveys(
            data_dir,
            recommendations_file,
            sessions_file,
            (lambda survey_id, metadata: True) if surveys is True else surveys,
            cache,
        )
        if surveys
        else ((), [], [])
    )
    problems += survey_problems
    project = partial = None
    meaning: list[Problem] = []
    planning_ok = len(loads) == 2 or planning_file is not None
    skipped = _skipped(
        [
            (str(data_dir / name), value, [*loaded.problems, *shape])
            for name, loaded, value, shape in zip(
                names,
                loads,
                (recommendations_file, sessions_file, planning_file),
                (recommendations_problems, sessions_problems, planning_problems),
                strict=False,
            )
        ]
    )
    if recommendations_file is not None and sessions_file is not None:
        shown = [loaded.source.name if loaded.source else "" for loaded in loads]
        data = DataFiles(
            recommendations_file,
            shown[0],
            sessions_file,
            shown[1],
            planning_file,
            shown[2] if planning_file else "",
            left_out=_left_out(loads[0].data, recommendations_file),
        )
        meaning = _beside(
            check_meaning(data), recommendations_problems + sessions_problems + planning_problems
        )
        problems += meaning
        partial = Project(
            recommendations=recommendations_file.recommendations,
            work_items=recommendations_file.work_items,
            sessions=sessions_file.sessions,
            documents=recommendations_file.documents,
            surveys=survey_data,
            planning=planning_file,
            task=recommendations_file.task,
        )
        if planning_ok and not any(p.severity is Severity.ERROR for p in meaning):
            project = partial
    sources = tuple(
        loaded.source for loaded in (*loads, *survey_loads) if loaded.source is not None
    )
    located = sorted_unique(locate_all(problems, sources))
    if any(p.severity is Severity.ERROR for p in located):
        project = None
    files = [str(data_dir / n) for n in names]
    files += [loaded.source.name for loaded in survey_loads if loaded.source is not None]
    if not any(p.severity is Severity.ERROR for p in located):
        skipped, partial = (), None
    # The records whose values salvage changed: those with a loader or shape error (a
    # dependency cycle leaves the values as written).
    checked = set(meaning)
    unread = sorted_unique(locate_all([p for p in problems if p not in checked], sources))
    with_errors = _records_with_errors(loads, unread) if partial is not None else frozenset()
    return ProjectLoad(
        project, tuple(located), tuple(files), sources, skipped, partial, with_errors
    )


_RECORDS = (
    ("recommendations", "recommendation"),
    ("work_items", "work-item"),
    ("sessions", "session"),
    ("documents", "document"),
    ("owners", "owner"),
)
"""The lists of records in the data files, and what a diff calls a record of each."""


def _records_with_errors(
    loads: list[Loaded], problems: list[Problem]
) -> frozenset[tuple[str, str]]:
    """The records that an error falls inside, found by the lines of their blocks."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    found: set[tuple[str, str]] = set()
    if any(f"/{SURVEYS_FOLDER}/" in f"/{p.file}" for p in errors):
        found |= {("survey", "*"), ("response", "*")}
    for loaded in loads:
        if loaded.source is None or not isinstance(loaded.data, dict):
            continue
        lines = [p.line for p in errors if p.file == loaded.source.name]
        inside = set()
        for key, kind in _RECORDS:
            blocks = loaded.data.get(key)
            for index, block in enumerate(blocks if isinstance(blocks, list) else ()):
                node = loaded.source.node_at((key, index))
                if node is None or not isinstance(block, dict):
                    continue
                first, last = node.start_mark.line + 1, node.end_mark.line + 1
                hit = [line for line in lines if first <= line < last or line == first]
                if hit:
                    found.add((kind, str(block.get("id"))))
                    inside.update(hit)
        if any(line not in inside for line in lines):  # outside every record: the file's own
            name = loaded.source.name
            kind = {PLANNING_FILE: "planning", SESSIONS_FILE: "session"}.get(
                Path(name).name, "task"
            )
            found.add((kind, "*"))
    return frozenset(found)


def _beside(meaning: list[Problem], shape: list[Problem]) -> list[Problem]:
    """The meaning problems outside the blocks that have shape problems: a block whose bad value
    `shape.salvage` left out is reported for that value only, not again for what is missing."""
    blocks = {(p.file, p.path[:2]) for p in shape if len(p.path) >= 2}
    return [p for p in meaning if (p.file, p.path[:2]) not in blocks]


def _left_out(data: object, recommendations: RecommendationsFile) -> frozenset[str]:
    """The ids written in the file whose blocks `shape.salvage` left out (they have errors)."""
    blocks = data.get("recommendations") if isinstance(data, dict) else None
    written = (
        [b.get("id") for b in blocks if isinstance(b, dict)] if isinstance(blocks, list) else []
    )
    kept = {r.id for r in recommendations.recommendations}
    return frozenset(i for i in written if isinstance(i, str) and i not in kept)


def _skipped(files: list[tuple[str, object | None, list[Problem]]]) -> tuple[str, ...]:
    """Why the checks across files could not run, or ran on part of a file: ``files`` holds
    each file's name, its contents (None: unreadable) and its own problems."""
    unread = [name for name, value, _ in files if value is None]
    partial = [
        name
        for name, value, problems in files
        if value is not None and any(p.severity is Severity.ERROR for p in problems)
    ]
    notes = []
    if unread:
        notes.append(
            f"the checks across files (ids, dependencies and cycles, sessions, owners) were "
            f"skipped for {' and '.join(unread)}: fix the errors that stop it from being "
            "read, then validate again"
        )
    if partial:
        notes.append(
            f"the checks across files ran on the parts of {' and '.join(partial)} without "
            "errors; the parts with errors were left out of them"
        )
    return tuple(notes)


class ScenarioLoad(msgspec.Struct, frozen=True):
    """A scenario file for ``roadmap schedule --scenario``, when valid, and its problems."""

    scenario: ScenarioFile | None
    problems: tuple[Problem, ...]


def load_scenario(path: Path, project: Project) -> ScenarioLoad:
    """Read and check a what-if overlay against ``project``; problems come located and sorted."""
    loaded = read_yaml(path)
    scenario, problems = _convert(loaded, ScenarioFile)
    problems = [*loaded.problems, *problems]
    if scenario is not None:
        problems += check_scenario(
            scenario,
            str(path),
            owners=[o.id for o in project.planning.owners] if project.planning else [],
            recommendations=list(project.recommendations_by_id),
        )
    located = sorted_unique(locate_all(problems, [loaded.source] if loaded.source else []))
    if any(p.severity is Severity.ERROR for p in located):
        scenario = None
    return ScenarioLoad(scenario, tuple(located))


def _refused_link(path: Path, data_dir: Path) -> Problem | None:
    """Why ``path`` is not read when it is a link that leads out of the data folder, to nothing
    or in a loop; None when it may be read."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a link to nothing, or a loop of links
        return _broken_link(path)
    if target != data_dir.resolve() and data_dir.resolve() not in target.parents:
        return error(
            str(path),
            "link-outside-data",
            "this is a link to a file outside the data folder; it is not read",
            "copy the file into the data folder instead of linking to it",
            line=1,
            column=1,
        )
    return None


def _broken_link(path: Path) -> Problem:
    try:
        path.resolve(strict=True)
        why = "a link"
    except RuntimeError:
        why = "a link that loops"
    except OSError as exc:
        why = "a link that loops" if exc.errno == errno.ELOOP else "a link to nothing"
    return error(
        str(path),
        "broken-link",
        f"this is {why}, so it cannot be read",
        "remove the link, or point it at the file",
        line=1,
        column=1,
    )


_SALVAGEABLE = frozenset({"duplicate-key"})
"""The loader's errors after which the data read is still plain data (PyYAML kept the last of
the duplicated keys): shape and meaning checks can run on it. After any other (a bad tag, an
alias bomb...), they do not."""


def _convert(loaded: Loaded, file_type: type[T]) -> tuple[T | None, list[Problem]]:
    """The file's contents as ``file_type`` with its shape problems. With problems (its own, or
    the loader's, such as a duplicate key), the value is what `shape.salvage` keeps: enough for
    the meaning checks to report every other problem, never enough to build a project (any
    error leaves the project unbuilt)."""
    if (
        loaded.data is None
        or loaded.source is None
        or any(p.severity is Severity.ERROR and p.code not in _SALVAGEABLE for p in loaded.problems)
    ):
        return None, []
    value, problems = convert(loaded.data, file_type, loaded.source.name, loaded.source.scalar_text)
    if value is None:
        value = salvage(loaded.data, file_type, problems)
    return value, problems


def _load_surveys(
    data_dir: Path,
    recommendations_file: RecommendationsFile | None,
    sessions_file: SessionsFile | None,
    answers_wanted: AnswersWanted,
    cache: ParseCache | None = None,
) -> tuple[tuple[Survey, ...], list[Problem], list[Loaded]]:
    """Every survey folder under ``data_dir/surveys`` (in name order): the valid surveys, all
    problems and the files read. Files that are not YAML (a README, say) are left alone; a YAML
    file that is not read (``.yml``, ``.YAML``, a link to nothing, a pipe) is reported."""
    # Imported here: the survey model (many Structs) costs start-up time that the queries which
    # read no survey should not pay.
    from roadmap_cli.surveys import (
        SURVEY_FILE,
        Known,
        ResponseFile,
        ResponseSource,
        SurveyFile,
        SurveySource,
        build_survey,
        check_survey,
    )

    folder = data_dir / SURVEYS_FOLDER
    known = Known(
        recommendations=None
        if recommendations_file is None
        else tuple(r.id for r in recommendations_file.recommendations),
        sessions=None if sessions_file is None else tuple(s.id for s in sessions_file.sessions),
        documents=None
        if recommendations_file is None
        else tuple(d.id for d in recommendations_file.documents),
    )
    if not folder.is_dir():
        return (), [], []
    surveys: list[Survey] = []
    problems: list[Problem] = []
    loads: list[Loaded] = []
    for path in sorted(folder.iterdir()):
        if _is_yaml_name(path.name) and not path.is_dir():
            problems.append(
                warning(
                    str(path),
                    "ignored-file",
                    "this file is not in a survey's folder, so it is ignored",
                    f"move it into {folder}/<survey-id>/",
                    line=1,
                    column=1,
                )
            )
        elif path.is_symlink() and not path.exists():
            problems.append(_broken_link(path))
        if not path.is_dir():
            continue
        survey_path = path / SURVEY_FILE
        if not survey_path.exists() and not survey_path.is_symlink():
            problems.append(
                error(
                    str(survey_path),
                    "missing-survey-file",
                    "the survey folder has no survey.yaml",
                    "add it (title, question, scale, ...), or remove the folder",
                )
            )
            continue
        meta, survey_file, meta_problems = _read(survey_path, data_dir, SurveyFile, cache)
        loads.append(meta)
        problems += meta.problems
        problems += meta_problems
        answers: list[ResponseSource] = []
        failed = survey_file is None
        wanted = survey_file is None or answers_wanted(path.name, survey_file)
        for answer_path in sorted(path.iterdir()) if wanted else ():
            if answer_path.name == SURVEY_FILE or not _is_yaml_name(answer_path.name):
                continue
            if answer_path.suffix != ".yaml":
                problems.append(
                    warning(
                        str(answer_path),
                        "ignored-file",
                        "answer files end in .yaml (lower case); this one is ignored",
                        f"rename it to {answer_path.stem}.yaml",
                        line=1,
                        column=1,
                    )
                )
                continue
            if answer_path.is_dir():
                problems.append(
                    warning(
                        str(answer_path),
                        "ignored-file",
                        "this is a folder, not an answer file; it is ignored",
                        "move the answer files it holds up into the survey's folder",
                        line=1,
                        column=1,
                    )
                )
                continue
            # a pipe or a device is refused unread
            loaded, answers_file, answer_problems = _read(
                answer_path, data_dir, ResponseFile, cache
            )
            loads.append(loaded)
            problems += loaded.problems
            problems += answer_problems
            if answers_file is None:
                failed = True
            else:
                answers.append(ResponseSource(str(answer_path), answer_path.stem, answers_file))
        if survey_file is None:
            continue
        source = SurveySource(path.name, str(survey_path), survey_file, tuple(answers))
        if cache is None:
            checked = check_survey(source, known)
        else:
            checked = cache.check_survey(source, known)
        problems += checked
        if not failed and not any(p.severity is Severity.ERROR for p in checked):
            surveys.append(build_survey(source) if cache is None else cache.build_survey(source))
    return tuple(surveys), problems, loads


def _is_yaml_name(name: str) -> bool:
    return name.lower().endswith((".yaml", ".yml"))


class OptionError(ValueError):
    """A planning option that does not fit the data; ``option`` names it (``--capacity``)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


class PlanOptions(msgspec.Struct, frozen=True):
    """What the user asks for on top of the data; every field is optional."""

    as_of: dt.date | None = None
    """Plan the remaining work from this day (``--as-of``); it wins over the data's day."""
    today: dt.date | None = None
    """The day to plan from when neither ``--as-of`` nor the data (``planning.yaml``'s
    ``as_of``) names one: the CLI passes the clock's day, as the core never reads the clock.
    None with neither: the plan is made from its start, as though nothing had happened yet."""
    start: dt.date | None = None
    """Start the plan on this day instead of the data's (``--start``)."""
    capacities: tuple[str, ...] = ()
    """``OWNER=N`` or ``OWNER=none`` as typed (``--capacity``)."""
    scenario: Path | None = None
    """A what-if overlay of start, capacities and efforts (``--scenario``)."""
    survey: str | None = None
    """The survey whose computed priorities order what has no adopted one (``--survey``)."""


class PreparedPlan(msgspec.Struct, frozen=True):
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
    from roadmap_cli.planning import PastTheCalendar, finding_problems

    try:
        plan = plan_project(project, options, scenario=scenario)
    except PastTheCalendar as exc:
        past = error(
            str(data / PLANNING_FILE),
            "plan-past-calendar",
            str(exc),
            "check the efforts, the not_before dates and the plan start",
            path=("plan_start", "date"),
        )
        located = locate_all([past], loaded.sources)
        return PreparedPlan(project, None, (*problems, *located), load=loaded)

    located = locate_all(finding_problems(plan.findings, project, loaded.files[0]), loaded.sources)
    return PreparedPlan(project, plan, problems, tuple(sorted_unique(located)), loaded)


def plan_project(
    project: Project, options: PlanOptions, *, scenario: ScenarioFile | None = None
) -> Plan:
    """The plan of a loaded project (with a planning file) under ``options``.

    ``scenario`` is the overlay already read (`prepare_plan` reports its problems located);
    without it, the file ``options.scenario`` names is read here, and a scenario that does not
    fit ``project`` (a baseline's, a diff's base) is an `OptionError` that quotes its problems.
    """
    from roadmap_cli.schedule import make_plan

    if scenario is None and options.scenario is not None:
        overlay = load_scenario(options.scenario, project)
        if overlay.scenario is None:
            from roadmap_cli.problems import format_text

            errors = [p for p in overlay.problems if p.severity is Severity.ERROR]
            raise OptionError("--scenario", "; ".join(format_text(p) for p in errors))
        scenario = overlay.scenario
    return make_plan(project, plan_settings(project, options, scenario=scenario))


def plan_settings(
    project: Project, options: PlanOptions, *, scenario: ScenarioFile | None = None
) -> PlanSettings:
    """The planner's settings for ``options``: the only place they are built."""
    from roadmap_cli.planning import PlanSettings
    from roadmap_cli.priorities import steering_levels
    from roadmap_cli.validate import FIRST_YEAR, LAST_YEAR

    for option, day in (("--start", options.start), ("--as-of", options.as_of)):
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise OptionError(
                option, f"{day} is out of range: give a day from {FIRST_YEAR} to {LAST_YEAR}"
            )

    chosen = find_survey(project, options.survey, need_scale=True) if options.survey else None
    return PlanSettings(
        start=options.start,
        as_of=planned_as_of(project, options),
        capacities=parse_capacities(options.capacities, project),
        scenario=scenario,
        computed_priorities=steering_levels(project.surveys, project.recommendations, chosen),
    )


def planned_as_of(project: Project, options: PlanOptions) -> dt.date | None:
    """The day a plan is made as of: ``--as-of``, else the data's ``as_of``, else today."""
    pinned = project.planning.as_of if project.planning else None
    return options.as_of or pinned or options.today


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
            "--survey",
            f"the survey {survey_id} has no scale yet; add the answers it offers, lowest "
            f"priority first, to surveys/{survey_id}/survey.yaml, e.g. scale: [low, medium, "
            "high] (or scale: [1, 2, 3, 4, 5]), and the thresholds of its levels, e.g. "
            "levels: {median: {high: 3, medium: 2}}",
        )
    return survey
