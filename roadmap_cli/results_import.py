"""Reading the collated results of a survey, as WIPO publishes them, into one answer file per
office (issue 15).

The layout (the 2021 "Survey on ICT Strategy Recommendations", CWS/9 documents): for each
recommendation a heading "<n>. R0n - <text>", the question ("How would you rank the priority of
the R0n recommendation?"), and a table "ST.3 Code | Response | Comments", one row per office.
"Empty table cells mean that the respondent did not answer that part of the question": an empty
Response is an absent answer. A web page or Word document gives headings and tables in reading
order; a spreadsheet gives the same rows (a heading is a row with one cell), or one table whose
extra "Recommendation" column (R01, or the heading) names the recommendation of each row.

`read_results` returns every office's answers, the answer values seen, and the texts of the
headings (offered to the data as `annex_merge.Value`s), or located problems: a table before any
heading, an office code that is not ST.3, a recommendation the data does not know, a second row
of one office for one recommendation, a value off the survey's scale. Nothing is written here.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from roadmap_cli.annex_import import parse_number
from roadmap_cli.annex_merge import Value
from roadmap_cli.forms import answer_value
from roadmap_cli.model import OFFICE_CODE_PATTERN
from roadmap_cli.problems import Problem, error, warning
from roadmap_cli.readers import Table, TableCell, TablesRead, TextBlock, read_tables
from roadmap_cli.surveys import NO_OPINION, Answer, AnswerEntry, ResponseFile, ScaleValue, Survey

_HEADING = re.compile(
    r"^\s*(?:[0-9]+\s*[.)]\s*)?(R\s*[0-9]{1,4})\s*(?:[-\u2013\u2014:]\s*(.*))?$", re.DOTALL
)
_OFFICE = re.compile(OFFICE_CODE_PATTERN)


@dataclass(frozen=True, slots=True)
class ResultsRead:
    """What a results document gave."""

    responses: tuple[ResponseFile, ...]
    """One per office, in office order; answers in recommendation order."""
    values_seen: tuple[tuple[str, int], ...]
    """Each answer value as written (case kept) and how many times, most frequent first."""
    texts: tuple[Value, ...]
    """The recommendation texts of the headings, to offer to the data."""
    problems: tuple[Problem, ...]
    recommendations: int = 0
    """How many recommendation sections were read."""


Place = Callable[[int], tuple[str, int, int]]
"""A column of the current row -> (where in words, line, column)."""


@dataclass
class _State:
    rec: str | None = None
    columns: dict[str, int] = field(default_factory=dict)
    answers: dict[str, dict[str, AnswerEntry]] = field(default_factory=dict)
    seen_rows: dict[tuple[str, str], str] = field(default_factory=dict)
    values: Counter[str] = field(default_factory=Counter)
    texts: list[Value] = field(default_factory=list)
    sections: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


def read_results(
    path: Path, shown: str, survey: Survey, known_ids: Sequence[str], scale: Sequence[ScaleValue]
) -> ResultsRead:
    """The answers of every office in the results document at ``path``. ``scale`` is the one to
    read the answers on (the survey's, or the one given for a survey that has none; empty: read
    no values, only report them)."""
    read = read_tables(path, shown)
    if read.problems:
        return ResultsRead((), (), (), read.problems)
    return parse_results(read, shown, survey, known_ids, scale)


def parse_results(
    read: TablesRead,
    shown: str,
    survey: Survey,
    known_ids: Sequence[str],
    scale: Sequence[ScaleValue],
) -> ResultsRead:
    state = _State()
    for item in read.in_order():
        if isinstance(item, TextBlock):
            _heading(state, item.text, shown, item.line or 1, 1, known_ids, f"line {item.line}")
        else:
            _table(state, item, read.has_lines, shown, survey, known_ids, scale)
    if not state.answers and not state.problems:
        state.problems.append(
            error(
                shown,
                "no-results",
                "no table 'ST.3 Code | Response | Comments' with answers was found",
                "is this the collated results page of the survey?",
                line=1,
                column=1,
            )
        )
    errors = [p for p in state.problems if p.severity.value == "error"]
    responses = tuple(
        ResponseFile(office=office, answers=answers)
        for office, answers in sorted(state.answers.items())
    )
    return ResultsRead(
        () if errors else responses,
        tuple(state.values.most_common()),
        tuple(state.texts),
        tuple(state.problems),
        len(state.sections),
    )


def _heading(
    state: _State,
    text: str,
    shown: str,
    line: int,
    column: int,
    known_ids: Sequence[str],
    where: str,
) -> bool:
    """Start a recommendation's section when ``text`` is its heading; False when it is not."""
    match = _HEADING.match(text)
    if match is None:
        return False
    rec_id = parse_number(match[1])
    if rec_id is None or rec_id not in known_ids:
        state.problems.append(
            error(
                shown,
                "not-a-recommendation",
                f"{where}: the heading '{text[:60]}' names {match[1]}, which is not a "
                "recommendation in the data",
                "check the heading",
                line=line,
                column=column,
            )
        )
        state.rec = None
        return True
    state.rec = rec_id
    state.columns = {}
    body = " ".join((match[2] or "").split())
    if rec_id not in state.sections and body and body.lower() not in ("text pending", "\u2014"):
        state.texts.append(Value(rec_id, "text", body, body, False, where, line, column))
    state.sections.add(rec_id)
    return True


def _header(row: Sequence[TableCell]) -> dict[str, int]:
    names: dict[str, int] = {}
    for index, cell in enumerate(row):
        text = cell.text().lower()
        if "st.3" in text or text in ("office", "code", "st3 code"):
            names.setdefault("office", index)
        elif text.startswith("response") or text in ("answer", "value", "priority"):
            names.setdefault("response", index)
        elif text.startswith("comment"):
            names.setdefault("comment", index)
        elif text.startswith("recommendation") or text in ("no.", "id"):
            names.setdefault("recommendation", index)
    return names if "office" in names and "response" in names else {}


def _table(
    state: _State,
    table: Table,
    has_lines: bool,
    shown: str,
    survey: Survey,
    known_ids: Sequence[str],
    scale: Sequence[ScaleValue],
) -> None:
    if table.truncated:
        state.problems.append(
            error(
                shown,
                "too-many-rows",
                f"{table.label} has more than {len(table.rows):,} rows; no more are read",
                "a results table has one row per office: is this the right document?",
                line=1,
                column=1,
            )
        )
        return
    for index, row in enumerate(table.rows):
        cells = [c for c in row if not c.merged]
        filled = [c for c in cells if c.text()]
        if not filled:
            continue

        place = functools.partial(_place, table, row, index, has_lines)
        if len(filled) == 1:
            where, line, col = place(row.index(filled[0]))
            if _heading(state, filled[0].text(), shown, line, col, known_ids, where):
                continue
        header = _header(row)
        if header:
            state.columns = header
            continue
        if not state.columns:
            continue  # the question, or text before the first table header
        _answer_row(state, row, place, shown, survey, known_ids, scale)


def _place(
    table: Table, row: Sequence[TableCell], index: int, has_lines: bool, column: int
) -> tuple[str, int, int]:
    cell = row[column]
    line, col = (cell.line, cell.column) if has_lines and cell.line else (index + 1, column + 1)
    return f"{table.label}, row {index + 1}, column {column + 1}", line, col


def _answer_row(
    state: _State,
    row: Sequence[TableCell],
    at: Place,
    shown: str,
    survey: Survey,
    known_ids: Sequence[str],
    scale: Sequence[ScaleValue],
) -> None:
    columns = state.columns

    def text(name: str) -> str:
        column = columns.get(name)
        return row[column].text() if column is not None and column < len(row) else ""

    def bad(name: str, code: str, message: str, hint: str, *, warn: bool = False) -> None:
        where, line, col = at(columns.get(name, 0))
        make = warning if warn else error
        state.problems.append(make(shown, code, f"{where}: {message}", hint, line=line, column=col))

    rec_id = state.rec
    if "recommendation" in columns:
        named = text("recommendation")
        match = _HEADING.match(named)
        rec_id = parse_number(match[1]) if match else parse_number(named)
        if rec_id is None or rec_id not in known_ids:
            bad(
                "recommendation",
                "not-a-recommendation",
                f"'{named[:40]}' is not a recommendation in the data",
                "write the recommendation's number, e.g. R01",
            )
            return
    if rec_id is None:
        bad(
            "office",
            "answers-before-heading",
            "answers come before any heading '<n>. R0n - <text>'",
            "each table follows the heading of its recommendation",
        )
        return
    office = text("office").upper()
    if not _OFFICE.match(office):
        bad(
            "office",
            "not-an-office",
            f"'{text('office')[:20]}' is not an ST.3 office code",
            "write the office's two-letter ST.3 code, e.g. EP",
        )
        return
    first = state.seen_rows.get((rec_id, office))
    where = at(columns["office"])[0]
    if first is not None:
        bad(
            "office",
            "duplicate-row",
            f"{office} has a second row for {rec_id} (the first is at {first})",
            "keep one row per office and recommendation",
        )
        return
    state.seen_rows[(rec_id, office)] = where
    response, comment = text("response"), text("comment")
    answers = state.answers.setdefault(office, {})
    if not response:
        if comment:
            bad(
                "comment",
                "comment-without-answer",
                f"{office} commented on {rec_id} without answering; the comment is not kept "
                "(an answer file holds comments on answers)",
                "",
                warn=True,
            )
        return
    state.values[response] += 1
    if not scale:
        return
    parsed = answer_value(response, _with_scale(survey, scale))
    if parsed is None:
        choices = ", ".join([*(str(v) for v in scale), NO_OPINION])
        bad("response", "off-scale", f"'{response}' is not on the scale", f"use one of {choices}")
        return
    answers[rec_id] = parsed if not comment else Answer(value=parsed, comment=comment)


def _with_scale(survey: Survey, scale: Sequence[ScaleValue]) -> Survey:
    if survey.metadata.scale is not None:
        return survey
    import msgspec

    return Survey(survey.id, msgspec.structs.replace(survey.metadata, scale=tuple(scale)), ())


def proposed_scale(values_seen: Sequence[tuple[str, int]]) -> tuple[ScaleValue, ...]:
    """The values seen, lowest priority first when that order is plain: numbers ascending,
    low/medium/high words in that order; otherwise in order of first frequency (to be checked)."""
    values = [v for v, _ in values_seen if v.lower().replace(" ", "-") != NO_OPINION]
    if values and all(v.isdigit() for v in values):
        return tuple(sorted({int(v) for v in values}))
    order = {"low": 0, "medium": 1, "high": 2}
    lowered = {v.lower() for v in values}
    if lowered <= set(order):
        return tuple(sorted(lowered, key=order.__getitem__))
    return tuple(dict.fromkeys(values))


# ---- the import ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResultsImport:
    """What importing a results document would write, or the problems that stop it."""

    read: ResultsRead
    scale: tuple[ScaleValue, ...]
    """The scale the answers were read on; empty when the survey has none and none was given."""
    proposed: tuple[ScaleValue, ...]
    """The values seen, as a scale (lowest first when the order is plain)."""
    files: tuple[tuple[str, bytes], ...]
    """The files to write into the survey's folder: answer files, and ``survey.yaml`` when the
    scale is new."""
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not any(p.severity.value == "error" for p in self.problems)


def import_results(
    survey: Survey,
    survey_folder: Path,
    document: Path,
    shown: str,
    known_ids: Sequence[str],
    *,
    scale: Sequence[ScaleValue] | None,
    force: bool,
) -> ResultsImport:
    """Read the results document and prepare one answer file per office (and the survey's
    scale, when it has none and ``scale`` gives it); nothing is written here."""
    from roadmap_cli.forms import response_yaml
    from roadmap_cli.surveys import SURVEY_FILE
    from roadmap_cli.yaml_edit import YamlEditor, scalar

    problems: list[Problem] = []
    if survey.metadata.scale is not None and scale and tuple(scale) != survey.metadata.scale:
        problems.append(
            error(
                str(survey_folder / SURVEY_FILE),
                "scale-differs",
                f"the survey {survey.id} has the scale "
                f"{', '.join(str(v) for v in survey.metadata.scale)}; --scale gives another",
                "leave out --scale, or change the scale in survey.yaml first",
                line=1,
                column=1,
            )
        )
    used = tuple(survey.metadata.scale or scale or ())
    read = read_results(document, shown, survey, known_ids, used)
    problems += read.problems
    proposed = proposed_scale(read.values_seen)
    if not used and read.values_seen:
        suggestion = ",".join(str(v) for v in proposed)
        problems.append(
            error(
                shown,
                "no-scale",
                f"the survey {survey.id} has no scale, so the answers cannot be read on one; the "
                f"answers use {', '.join(f'{v} ({n})' for v, n in read.values_seen)}",
                f"pass --scale {suggestion} (lowest priority first; check the order) to write "
                "it into survey.yaml with the answers",
                line=1,
                column=1,
            )
        )
    files: list[tuple[str, bytes]] = []
    for response in read.responses:
        target = survey_folder / f"{response.office}.yaml"
        if target.exists() and not force:
            problems.append(
                error(
                    str(target),
                    "answers-exist",
                    f"{response.office} has already answered the survey {survey.id}",
                    "pass --force to replace its answers",
                    line=1,
                    column=1,
                )
            )
        respondents = survey.metadata.respondents
        if respondents is not None and response.office not in respondents:
            problems.append(
                warning(
                    shown,
                    "unlisted-respondent",
                    f"{response.office} is not among the respondents of {survey.id}",
                    "add it to respondents in the survey's survey.yaml",
                    line=1,
                    column=1,
                )
            )
        with_scale = _with_scale(survey, used) if used else survey
        files.append(
            (
                target.name,
                response_yaml(response, with_scale, document.name, "roadmap survey import-results"),
            )
        )
    if survey.metadata.scale is None and used:
        path = survey_folder / SURVEY_FILE
        editor = YamlEditor(path.read_text(encoding="utf-8"))
        editor.set_value(("scale",), scalar(list(used)))
        files.append((SURVEY_FILE, editor.result().encode("utf-8")))
    return ResultsImport(read, used, proposed, tuple(files), tuple(problems))
