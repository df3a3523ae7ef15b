"""Checks of a file's text before it is parsed: what would hurt or mislead the YAML parser.

Tabs used for indentation, nesting deep enough to crash libyaml's recursive composer (checked
on the text, since the parser would crash first), and the line breaks that YAML 1.1 and 1.2
readers disagree on (U+0085, U+2028, U+2029: one reader could see an answer another does not,
issue #12). `load.read_yaml_text` runs `prescan` first and stops at a `FATAL` problem.
"""

from __future__ import annotations

import re

import yaml

from roadmap_cli.problems import Problem, error, warning

MAX_DEPTH = 64
"""Roadmap data nests four levels deep; anything past this is a mistake or an attack."""
_MAX_FLOW_DEPTH_SCAN = 1_000
"""libyaml's composer recurses on the C stack and crashes near 100,000 levels: check first."""
_AMBIGUOUS_BREAKS = {
    "\x85": "NEXT LINE",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
}
"""YAML 1.1 readers (PyYAML, libyaml) break lines at these; YAML 1.2 readers do not (issue #12)."""
FATAL = {"tab-indentation", "nesting-too-deep", "ambiguous-line-break"}
"""Problems after which the file is not parsed at all."""

_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_COMPACT_NESTING = re.compile(r"[ \t]*((?:[-?][ \t]+){50})")
"""Compact nesting (``- - - x``) at the start of a line."""
_COMPACT_NESTING_LATER = re.compile(r"\n" + _COMPACT_NESTING.pattern)
"""The same after a line break: a search for a pattern that starts with a character skips
ahead to it, where one anchored with ``^`` tries every offset (1.7 times slower on the file
of 2,000 recommendations, which `roadmap log` reads once a commit, issue 16)."""
_DEEP_INDENT = re.compile(r"^[ ]{400}", re.MULTILINE)


def prescan(text: str, shown: str) -> list[Problem]:
    """Tabs used for indentation, and nesting deep enough to hurt the parser."""
    problems = [
        error(
            shown,
            "tab-indentation",
            "a tab is used for indentation",
            "YAML indents with spaces only; replace the tab with spaces",
            line=text.count("\n", 0, m.end()) + 1,
            column=m.end() - m.start(),
        )
        for m in (_TAB_INDENT.finditer(text) if "\t" in text else ())
    ]
    if any(c in text for c in _AMBIGUOUS_BREAKS):
        problems += _ambiguous_breaks(text, shown)
    deep = _deep_nesting_offset(text)
    if deep is not None:
        line, column = position_of_offset(text, deep)
        problems.append(
            error(
                shown,
                "nesting-too-deep",
                f"the data nests more than {MAX_DEPTH} levels deep",
                "roadmap files nest a few levels; check the brackets and indentation",
                line=line,
                column=column,
            )
        )
    return problems


def _ambiguous_breaks(text: str, shown: str) -> list[Problem]:
    """U+0085, U+2028 and U+2029: an error outside quoted text, where one reader may see a new
    line (a new key, a new answer) that another does not; a warning inside quoted text, where
    readers disagree only on whether the character stays or becomes a space."""
    quoted: list[tuple[int, int]] = []
    try:  # the pure-Python scanner: its marks count characters, as the text's indexes do
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                quoted.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        pass  # the spans found so far; anything after the error counts as unquoted
    problems = []
    for match in re.finditer("[\x85\u2028\u2029]", text):
        offset = match.start()
        line, column = position_of_offset(text, offset)
        name = f"U+{ord(match.group()):04X} ({_AMBIGUOUS_BREAKS[match.group()]})"
        escape = f"\\u{ord(match.group()):04x}"
        if any(start < offset < end for start, end in quoted):
            problems.append(
                warning(
                    shown,
                    "line-separator-in-text",
                    f"the quoted text holds {name}, which some YAML readers turn into a space",
                    f'write it as "{escape}" in double quotes, or remove it',
                    line=line,
                    column=column,
                )
            )
        else:
            problems.append(
                error(
                    shown,
                    "ambiguous-line-break",
                    f"{name} outside quoted text: YAML readers disagree on whether it "
                    "starts a new line",
                    f'remove it, or quote the text and write it as "{escape}"',
                    line=line,
                    column=column,
                )
            )
    return problems


def _deep_nesting_offset(text: str) -> int | None:
    """Offset where nesting gets absurd, found cheaply (most files have few brackets)."""
    if text.count("[") + text.count("{") > _MAX_FLOW_DEPTH_SCAN:
        depth = 0
        for bracket in re.finditer(r"[\[\]{}]", text):
            depth += 1 if bracket.group() in "[{" else -1
            if depth > _MAX_FLOW_DEPTH_SCAN:
                return bracket.start()
    match = _COMPACT_NESTING.match(text) or _COMPACT_NESTING_LATER.search(text)
    if match:
        return match.start(1)
    if " " * 400 in text:  # a substring test first: the regex is 40 times slower
        match = _DEEP_INDENT.search(text)
        if match:
            return match.start()
    return None


def position_of_offset(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
