"""Problems found in the data: where they are, how bad they are, and how to fix them.

Checks report a problem against a *key path* (the keys and indexes that lead to the value, as in
``("recommendations", 3, "depends_on", 0)``); the loader's SourceMap turns that path into a
1-based line and column only when the problem is reported, so clean data never pays for
positions. Formatting follows yamllint's parsable format, which editors and CI understand.
"""

from __future__ import annotations

import enum
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import msgspec

KeyPath = tuple[str | int, ...]


class ExitCode(enum.IntEnum):
    """The exit codes of every command."""

    OK = 0
    DATA_PROBLEMS = 1
    USAGE = 2
    DIFFERENCES = 1
    """`roadmap diff --exit-code` found differences (as `git diff --exit-code`); an alias of 1."""


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class Problem(msgspec.Struct, frozen=True):
    """One thing wrong with the data, in the user's words."""

    file: str
    """The file as the user named it (relative to the current directory when possible)."""
    code: str
    """A stable kebab-case name of the check, e.g. ``unknown-recommendation``."""
    message: str
    """What is wrong, quoting the bad value."""
    hint: str = ""
    """How to fix it; may be empty."""
    severity: Severity = Severity.ERROR
    path: KeyPath = ()
    """Where in the file, as keys and indexes; resolved to a line and column on report."""
    at_key: bool = False
    """Point at the mapping key at ``path`` rather than at its value (unknown keys, duplicates)."""
    line: int = 0
    """1-based line; 0 until located (or when the problem concerns the whole file)."""
    column: int = 0

    @property
    def is_located(self) -> bool:
        return self.line > 0

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)


def error(file: str, code: str, message: str, hint: str = "", **where: object) -> Problem:
    """Shorthand for an error-level Problem; ``where`` takes path, at_key, line, column."""
    return Problem(file, code, message, hint, Severity.ERROR, **where)  # type: ignore[arg-type]


def warning(file: str, code: str, message: str, hint: str = "", **where: object) -> Problem:
    """Shorthand for a warning-level Problem; ``where`` takes path, at_key, line, column."""
    return Problem(file, code, message, hint, Severity.WARNING, **where)  # type: ignore[arg-type]


def sorted_unique(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by (file, line, column, code), each reported once."""
    seen: dict[tuple[object, ...], Problem] = {}
    for problem in problems:
        key = (*problem.sort_key(), problem.severity)
        seen.setdefault(key, problem)
    return sorted(seen.values(), key=Problem.sort_key)


_LINE_BREAKING = {c: repr(chr(c))[1:-1] for c in (*range(0x20), 0x7F, 0x85, 0x2028, 0x2029)}


def one_line(text: str) -> str:
    """A message quoting user text stays on one line: line breaks and controls are escaped."""
    return text.translate(_LINE_BREAKING)


_LONG_RUN = re.compile(r"\S{121,}")
"""A run of text with no space longer than any id, session, path or word a message names."""


def elided(text: str) -> str:
    """``text`` with each run of more than 120 characters without a space shortened to its
    first 60 and last 20, and its length: a value of 30,000 characters that the data put in a
    message would otherwise be a 30,000-character line."""

    def short(run: re.Match[str]) -> str:
        return f"{run[0][:60]}\u2026({len(run[0]):,} characters)\u2026{run[0][-20:]}"

    return _LONG_RUN.sub(short, text)


def format_text(problem: Problem) -> str:
    """``file:line:col: severity: message; hint [code]``, a long value elided (`elided`)."""
    text = one_line(elided(problem.message + (f"; {problem.hint}" if problem.hint else "")))
    where = f"{problem.file}:{problem.line}:{problem.column}"
    return f"{where}: {problem.severity.value}: {text} [{problem.code}]"


def format_github(problem: Problem) -> str:
    """A GitHub Actions workflow command that annotates the line in a pull request.

    Whatever the data or the folder's name, the line stays one command: the message and the
    properties are escaped as GitHub documents (``%25``, ``%0D``, ``%0A``; ``%3A`` and ``%2C``
    in properties), so no value can end the command early or start another one.
    """
    text = _workflow_value(elided(problem.message + (f"; {problem.hint}" if problem.hint else "")))
    file = _workflow_value(problem.file, is_property=True)
    title = _workflow_value(problem.code, is_property=True)
    return (
        f"::{problem.severity.value} file={file},line={problem.line},col={problem.column},"
        f"title={title}::{text}"
    )


def _workflow_value(text: str, *, is_property: bool = False) -> str:
    text = _UNPRINTABLE.sub("", text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    if is_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


_UNPRINTABLE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, screen clears
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks, clipboard
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -~]?"  # any other escape
    r"|\x9b[0-?]*[ -/]*[@-~]"  # the one-byte CSI of C1
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # every other C0/C1 control but tab and newline
)
_WORKFLOW_COMMAND = re.compile(r":(?=:)|#(?=#\[)")
"""``::`` starts a GitHub workflow command, and so does ``##[`` (the old syntax), at the start of
a line once leading spaces are trimmed; a terminal table may wrap any text to a line's start, so
every occurrence is broken, not only those that start a line."""


def printable(text: str) -> str:
    """``text`` as it may reach a terminal or a CI log (issue #12).

    Escape sequences and control characters (but tab and newline) are removed, so data or a git
    commit subject cannot recolour, retitle or clear the terminal; and every ``::`` and ``##[``,
    which could start a GitHub workflow command, gets a zero-width space between its first two
    characters, so it is printed, not run.
    """
    if text.isascii() and text.isprintable():  # the common case: nothing to do
        return text if "::" not in text and "##[" not in text else _commands_off(text)
    return _commands_off(_UNPRINTABLE.sub("", text))


def _commands_off(text: str) -> str:
    return _WORKFLOW_COMMAND.sub(lambda m: m.group() + "\u200b", text)


def as_json(problems: Iterable[Problem]) -> str:
    """The problems as a JSON list of objects, for tools."""
    return json.dumps(
        [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "severity": p.severity.value,
                "code": p.code,
                "message": p.message,
                "hint": p.hint,
            }
            for p in problems
        ],
        indent=2,
        ensure_ascii=False,
    )


def count_line(problems: list[Problem], *, checked: int = 0) -> str:
    """The closing count, e.g. ``2 errors, 1 warning in 2 files`` (the files with problems);
    with none, the ``checked`` files: ``0 errors, 0 warnings in 12 files``."""
    by_severity = Counter(p.severity for p in problems)
    files = len({p.file for p in problems}) if problems else checked

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{plural(by_severity[Severity.ERROR], 'error')}, "
        f"{plural(by_severity[Severity.WARNING], 'warning')} in {plural(files, 'file')}"
    )


def exit_code(problems: Iterable[Problem], *, strict: bool = False) -> ExitCode:
    """1 when there is an error (or, with ``strict``, a warning); else 0."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return ExitCode.DATA_PROBLEMS if any(p.severity in failing for p in problems) else ExitCode.OK


def id_hint(value: object, ids: Sequence[str]) -> str:
    """``did you mean R04?`` for ``R4``, ``r004`` or ``R 4``: the id with the same number, else
    the closest id by spelling (`did_you_mean`)."""
    match = re.fullmatch(r"\s*[Rr]\s*([0-9]+)\s*", str(value))  # linear: no nested repeats
    if match:
        number = _number(match[1])
        same = [i for i in ids if i[:1] == "R" and i[1:].isdigit() and _number(i[1:]) == number]
        if same:
            return f"did you mean {same[0]}?"
    return did_you_mean(value, ids)


def _number(digits: str) -> str:
    """``007`` -> ``7``: compared as text, as a number of any length may be (`int` refuses
    more than 4,300 digits)."""
    return digits.lstrip("0") or "0"


def did_you_mean(value: object, choices: Sequence[str]) -> str:
    """``did you mean R14?`` from the closest known names, or an empty hint."""
    import difflib  # on the error path only: it costs start-up time

    matches = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.6)
    return f"did you mean {matches[0]}?" if matches else ""
