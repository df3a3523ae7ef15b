"""Parsing a long YAML file again after a small edit: only the blocks whose text changed.

`roadmap log` reads every version of the data folder (issue 16), and each commit edits a few
of the thousands of recommendations in one file. `ParsedBlocks` cuts the text into blocks (each
top-level key with the lines under it, and each item of a top-level block list: ``  - id: R0001``
and the lines under it), parses each block alone and keeps its value by its text, so that the
next version parses only the blocks whose text changed.

The cut is made by text, so it must never change what the file means. The file must be a
block mapping at column 0, and a cut is made before a line at column 0 (a top-level key), or
before a list's dash when every other line of the list is indented deeper. Such a line ends
every plain and block scalar and every block collection opened above it; what it cannot end
is a quoted scalar or a flow collection (``[``, ``{``), which may run on over lines: a cut
inside those leaves its block with a quote or a bracket open at its end, an error. So:

- a block with any problem (an error, a duplicate key, a bad tag), or that is not a block
  mapping or list, stops the cut: the file is parsed whole, and its problems found and located
  as before;
- files with anchors (``&``, which aliases in other blocks may use), directives or document
  markers are parsed whole.

The values are those a whole-file parse gives (a property test proves it on generated files).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

ParseBlock = Callable[[str, int], object | None]
"""Parse one block alone: its text and the nesting depth of its root node in the whole file
(1 for a top-level key's block, 2 for a list's items) -> its plain data, or None when it has
any problem."""

_SECTION = re.compile(r"\n(?=[^\s#])(?!-(?:\s|$))")
"""The end of the line before a top-level key: a line at column 0 that is not blank, a comment
or a list dash (an indentless list's item belongs to the key above)."""
_WHOLE_FILE = ("---", "...", "%")
"""Lines that start with a document marker or a directive."""
_KEY_LINE = re.compile(r"[A-Za-z_][\w-]*:[ ]*(?:\n|$)")
"""A top-level key whose value is on the lines below (written as a plain word)."""
_CONTENT = re.compile(r"^(?! *(?:#|$))", re.MULTILINE)
"""A line that is neither blank nor a comment."""
_ITEM = re.compile(r"( *)-(?: |$)", re.MULTILINE)
"""A list item's first line, and its indentation."""


class ParsedBlocks:
    """The list items of a file's last version, parsed, by their text."""

    def __init__(self) -> None:
        self._values: dict[str, list[object]] = {}

    def parse(self, text: str, parse_block: ParseBlock) -> dict[object, object] | None:
        """The file's data, parsing again only the list items not seen in the last version;
        None when the file must be parsed whole (see the module's docstring). Each version's
        items replace the last one's, so memory holds one version."""
        if (
            "&" in text
            or text.startswith(_WHOLE_FILE)
            or any(f"\n{m}" in text for m in _WHOLE_FILE)
        ):
            return None
        first = _CONTENT.search(text)
        if first is None or text.startswith(" ", first.start()):
            return None  # the top level is not at column 0: nothing is cut there
        # The comments before the first key go with it.
        starts = [0, *(match.end() for match in _SECTION.finditer(text, first.start()))]
        data: dict[object, object] = {}
        fresh: dict[str, list[object]] = {}
        for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
            section = self._section(text[start:end], fresh, parse_block)
            if section is None or any(key in data for key in section):
                return None  # the last version's items stay for the next one
            data.update(section)
        self._values = fresh
        return data

    def _section(
        self, text: str, fresh: dict[str, list[object]], parse_block: ParseBlock
    ) -> dict[object, object] | None:
        """A top-level key's block as a mapping: item by item when it holds a block list.
        The items parsed go into ``fresh``; an item written twice is parsed twice, so that no
        two items of one version share a value."""
        blocks = _list_blocks(text)
        if blocks is None:
            value = parse_block(text, 1)
            return value if isinstance(value, dict) else None
        header, *items = blocks
        key_only = parse_block(header, 1)
        if not isinstance(key_only, dict) or len(key_only) != 1:
            return None
        values: list[object] = []
        for item in items:
            value = None if item in fresh else self._values.get(item)
            if value is None:
                parsed = parse_block(item, 2)
                if not isinstance(parsed, list):
                    return None
                value = parsed
            fresh[item] = value
            values += value
        return {next(iter(key_only)): values}


def _list_blocks(section: str) -> list[str] | None:
    """The key line (with the comments and blank lines after it) and each item, when the
    section is a key whose value is a block list; else None."""
    header = _KEY_LINE.match(section)
    if header is None:
        return None
    first = _CONTENT.search(section, header.end())
    item = None if first is None else _ITEM.match(section, first.start())
    if first is None or item is None:
        return None
    dash = item.group(1)
    if _shallow_line(len(dash)).search(section, first.start()):
        return None
    head, *items = section[first.start() :].split(f"\n{dash}-")
    blocks = [section[: first.start()], head, *(f"{dash}-{rest}" for rest in items)]
    return [blocks[0], *(block + "\n" for block in blocks[1:-1]), blocks[-1]]


@functools.cache
def _shallow_line(indent: int) -> re.Pattern[str]:
    """A line as shallow as list dashes at ``indent`` that is not an item, blank or a comment
    (tabs never indent here: `prescan` stops a file indented with one before it is parsed)."""
    dashes = " " * indent
    shallower = f"| {{0,{indent - 1}}}[^ #\n]" if indent else ""
    return re.compile(f"\n(?:{dashes}[^ #\n-]|{dashes}-[^ \n]{shallower})")
