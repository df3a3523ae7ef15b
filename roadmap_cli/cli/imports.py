"""Bringing in the documents the Secretariat holds: `roadmap import annex` (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roadmap_cli.cli.common import (
    DataOption,
    app,
    emit,
    exit_with,
    load_or_exit,
    report,
    stderr,
    survey_app,
    usage_error,
)
from roadmap_cli.model import SESSION_ID_PATTERN, Prefer, Project
from roadmap_cli.problems import ExitCode, printable

if TYPE_CHECKING:
    from roadmap_cli.annex_merge import DocumentImport, ImportPlan

import_app = typer.Typer(
    help="Bring in the documents the Secretariat holds: the Annex table of a CWS document.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")

DOCUMENT_SUFFIXES = (".docx", ".html", ".htm", ".xlsx", ".csv")


def document_file(path: Path) -> Path:
    if path.suffix.lower() == ".pdf":
        raise typer.BadParameter(
            f"'{path}' is a PDF, which is not read: convert it to .docx first (Word or "
            "LibreOffice open a PDF and save it as .docx)"
        )
    if path.suffix.lower() not in DOCUMENT_SUFFIXES:
        raise typer.BadParameter(f"'{path}' should end in .docx, .html, .xlsx or .csv")
    return path


def session_name(value: str | None) -> str | None:
    if value is not None and not re.match(SESSION_ID_PATTERN, value):
        raise typer.BadParameter(f"'{value}' is not a CWS session; write it as CWS/9")
    return value


DocumentArgument = Annotated[
    Path,
    typer.Argument(
        help="The document: .docx, .html, .xlsx or .csv (a PDF: convert it to .docx first).",
        exists=True,
        dir_okay=False,
        callback=document_file,
    ),
]
SourceOption = Annotated[
    str,
    typer.Option(
        "--source", help="The document's symbol, e.g. CWS/6/3: added to documents and sources."
    ),
]
SessionOption = Annotated[
    str | None,
    typer.Option(
        "--session",
        help="The session whose decisions the revision marks record, e.g. CWS/7.",
        callback=session_name,
    ),
]
WriteOption = Annotated[
    bool, typer.Option("--write", help="Write the data (default: only show what would change).")
]


def check_session(project: Project, session: str | None) -> None:
    if session is not None and project.session(session) is None:
        raise typer.BadParameter(
            f"{session} is not in sessions.yaml; add the session first", param_hint="--session"
        )


def show_changes(
    result: DocumentImport, project: Project, data: Path, shown: str, source: str
) -> ImportPlan:
    """Report the problems and show the changes as `roadmap diff` words them; exit 1 when a
    problem or an unsettled conflict stops the import."""
    from roadmap_cli.diff import Diff, compare_projects
    from roadmap_cli.project import RECOMMENDATIONS_FILE
    from roadmap_cli.render import renderer
    from roadmap_cli.views.diff import diff_view

    report(result.problems)
    plan = result.plan
    if plan is None:
        exit_with(ExitCode.DATA_PROBLEMS)
    target = data / RECOMMENDATIONS_FILE
    changes = compare_projects(project, plan.after)
    head = f"{target} with {shown} ({source})"
    emit(renderer("diff", "text")(diff_view(Diff(str(target), head, changes, ()))), None)
    if plan.blocked:
        count = len(plan.conflicts)
        stderr(
            f"nothing written: {count} conflict{'s' if count != 1 else ''} to settle with --prefer"
        )
        exit_with(ExitCode.DATA_PROBLEMS)
    return plan


def write_plan(plan: ImportPlan, data: Path) -> None:
    from roadmap_cli.output import write_atomic
    from roadmap_cli.project import RECOMMENDATIONS_FILE

    target = data / RECOMMENDATIONS_FILE
    if plan.changed:
        write_atomic(target, plan.text.encode("utf-8"))
        stderr(
            f"wrote {target}: {len(plan.changed)} recommendations changed, "
            f"{plan.history_added} history entries added"
        )


@import_app.command("annex")
def import_annex(
    file: DocumentArgument,
    source: SourceOption,
    session: SessionOption = None,
    write: WriteOption = False,
    prefer: Annotated[
        Prefer | None,
        typer.Option(
            "--prefer",
            help="Settle conflicts: take the document's values, or keep the data's.",
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="The document's title in documents (default: a label).")
    ] = None,
    data: DataOption = Path("data"),
) -> None:
    """Read the Annex table "40 RECOMMENDATIONS AND CWS ACTIVITIES" of a document and bring its
    texts, groups, Standards/Tasks and priorities into the data (with --write)."""
    from roadmap_cli import annex_merge
    from roadmap_cli.project import RECOMMENDATIONS_FILE

    project = load_or_exit(data)
    check_session(project, session)
    result = annex_merge.import_annex(
        project,
        data / RECOMMENDATIONS_FILE,
        file,
        str(file),
        source=source,
        session=session,
        prefer=prefer,
        title=title,
    )
    plan = show_changes(result, project, data, str(file), source)
    if write:
        write_plan(plan, data)
    elif plan.changed:
        stderr(f"nothing written; run again with --write to update {data / RECOMMENDATIONS_FILE}")


def scale_values(value: str | None) -> list[str | int] | None:
    if value is None:
        return None
    items = [item.strip() for item in value.split(",") if item.strip()]
    if len(items) < 2:
        raise typer.BadParameter("give two or more values, lowest priority first: 1,2,3,4,5")
    return [int(item) if item.isdigit() else item for item in items]


@survey_app.command("import-results")
def survey_import_results(
    file: DocumentArgument,
    survey: Annotated[str, typer.Option("--survey", help="The survey's id (its folder name).")],
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="The results document's id in documents (e.g. survey-2021-results): offer the "
            "recommendation texts of its headings to the data, as import annex does.",
        ),
    ] = None,
    scale: Annotated[
        str | None,
        typer.Option(
            help="The answer scale, lowest priority first (1,2,3,4,5), for a survey that has "
            "none: written into survey.yaml with the answers."
        ),
    ] = None,
    write: WriteOption = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the answer files of offices that have one.")
    ] = False,
    prefer: Annotated[
        Prefer | None,
        typer.Option("--prefer", help="Settle conflicts of texts: the document's or the data's."),
    ] = None,
    data: DataOption = Path("data"),
) -> None:
    """Read the collated results of a survey ("<n>. R0n - <text>", then "ST.3 Code | Response |
    Comments") and write one answer file per office (with --write); nothing on any error."""
    from roadmap_cli import annex_merge, results_import
    from roadmap_cli.output import write_all
    from roadmap_cli.project import RECOMMENDATIONS_FILE, SURVEYS_FOLDER, OptionError, find_survey
    from roadmap_cli.views.priorities import results_summary

    project = load_or_exit(data, surveys=True)
    try:
        chosen = find_survey(project, survey)
    except OptionError as exc:
        raise usage_error(exc) from None
    folder = data / SURVEYS_FOLDER / chosen.id
    ids = [rec.id for rec in project.recommendations]
    result = results_import.import_results(
        chosen, folder, file, str(file), ids, scale=scale_values(scale), force=force
    )
    report(result.problems)
    print(printable(results_summary(result, str(folder))))
    plan = None
    if source is None and result.read.texts:
        stderr(
            f"{len(result.read.texts)} recommendation texts read; pass --source SYMBOL (the "
            "results document's id in documents) to offer them to the data"
        )
    if source is not None and result.read.texts:
        texts = annex_merge.import_values(
            project,
            data / RECOMMENDATIONS_FILE,
            str(file),
            result.read.texts,
            source=source,
            session=None,
            prefer=prefer,
            title=f"{source}: collated results, imported from {file.name}",
        )
        plan = show_changes(texts, project, data, str(file), source)
    if not result.ok:
        stderr("nothing written")
        exit_with(ExitCode.DATA_PROBLEMS)
    if not write:
        stderr(f"nothing written; run again with --write to write the answer files in {folder}")
        return
    write_all(folder, list(result.files))
    stderr(f"wrote {len(result.files)} files in {folder}")
    if plan is not None:
        write_plan(plan, data)
