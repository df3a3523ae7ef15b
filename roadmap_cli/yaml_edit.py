"""Editing a YAML data file in place: new values written at the loader's positions.

Importers (`roadmap import annex`, `roadmap survey import-results`) change a few values of
``recommendations.yaml``, a file people write by hand: comments, key order, quoting, blank lines
and every block an import does not change must stay byte for byte as they were. So the file is
not dumped again: it is composed (PyYAML's nodes carry their line and column), and each edit
replaces the characters of one value, or inserts lines at the start of a key's line or after a
node's last line. Everything else is copied from the original text.

This was chosen over a round-trip library after trying ruamel.yaml 0.19 on the bundled file
(issue 15): it reproduces the file only with a representer for ``null`` and fixed indentation
settings, and it puts an item appended to ``documents`` after the blank line that closes the
list (the blank line belongs to the last item in its comment model); edits at positions need no
dependency and cannot touch a line they do not edit.

New values follow the file's style: prose double-quoted, ids and symbols plain, lists of
standards and sources in flow style (``[ST.96, ST.37]``), history entries as block mappings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import yaml

from roadmap_cli.problems import KeyPath

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_./-]*$")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}
_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff]")


def quoted(text: str) -> str:
    """A double-quoted YAML scalar that every YAML reader reads back as ``text``."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(text, ensure_ascii=False))


def scalar(value: object, *, prose: bool = False) -> str:
    """A value in flow style: null, a number, an id plain, prose (or anything odd) quoted, a
    list in brackets."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    text = str(value)
    if not prose and _PLAIN.match(text) and text.lower() not in _YAML_WORDS:
        return text
    return quoted(text)


def block_mapping(entries: Mapping[str, object], indent: int, prose: Sequence[str] = ()) -> str:
    """A block sequence item holding a mapping, its dash at column ``indent``, with a newline."""
    lines = []
    for index, (key, value) in enumerate(entries.items()):
        lead = " " * indent + ("- " if index == 0 else "  ")
        lines.append(f"{lead}{key}: {scalar(value, prose=key in prose)}")
    return "\n".join(lines) + "\n"


@dataclass
class YamlEditor:
    """The edits to one YAML text, applied all at once by `result`."""

    text: str
    _root: yaml.Node = field(init=False, repr=False)
    _line_starts: list[int] = field(init=False, repr=False)
    _edits: list[tuple[int, int, int, str]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        root = yaml.compose(self.text, Loader=yaml.SafeLoader)  # pure Python: marks in characters
        if root is None:
            raise ValueError("the file is empty")
        self._root = root
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    # ---- finding nodes ----

    def node(self, path: KeyPath) -> yaml.Node | None:
        """The value node at ``path`` (keys and indexes), or None."""
        found = self._pair(path)
        return None if found is None else found[1]

    def _pair(self, path: KeyPath) -> tuple[yaml.Node | None, yaml.Node] | None:
        node: yaml.Node = self._root
        key_node: yaml.Node | None = None
        for step in path:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == step:
                        key_node, node = k, v
                        break
                else:
                    return None
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    return None
                key_node, node = None, node.value[step]
            else:
                return None
        return key_node, node

    def _offset(self, mark: yaml.Mark) -> int:
        return self._line_starts[mark.line] + mark.column

    def _end(self, node: yaml.Node) -> int:
        """Where the node's own characters end (a block collection: its last value's end, not
        the comments and blank lines that follow it)."""
        while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
            if not node.value:
                break
            last = node.value[-1]
            node = last[1] if isinstance(last, tuple) else last
        return self._offset(node.end_mark)

    def _line_end(self, offset: int) -> int:
        """The offset just after the newline of the line holding ``offset``."""
        newline = self.text.find("\n", offset)
        return len(self.text) if newline < 0 else newline + 1

    def _line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    # ---- edits ----

    def _edit(self, start: int, end: int, text: str) -> None:
        self._edits.append((start, end, len(self._edits), text))

    def set_value(self, path: KeyPath, text: str) -> None:
        """Replace the value at ``path`` (which must exist) with ``text`` (flow style)."""
        node = self.node(path)
        if node is None:
            raise KeyError(path)
        start = self._offset(node.start_mark)
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
            start = self._line_end(self._offset(self._pair(path)[0].end_mark))  # type: ignore[index, union-attr]
            self._edit(start - 1, self._end(node), " " + text)
            return
        self._edit(start, self._offset(node.end_mark), text)

    def add_key(self, mapping: KeyPath, key: str, text: str, before: Sequence[str]) -> None:
        """Add ``key: text`` to the block mapping at ``mapping``, on a line of its own before
        the first of the keys ``before`` that it has, else after its last line. ``text`` may
        be a flow value or, starting with a newline, a block."""
        node = self.node(mapping)
        if not isinstance(node, yaml.MappingNode) or not node.value:
            raise KeyError(mapping)
        indent = node.value[0][0].start_mark.column
        line = f"{' ' * indent}{key}:{'' if text.startswith(chr(10)) else ' '}{text}"
        line = line if line.endswith("\n") else line + "\n"
        keys = {k.value: k for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
        anchor = next((keys[name] for name in before if name in keys), None)
        if anchor is not None:
            self._edit(*(2 * (self._line_start(self._offset(anchor.start_mark)),)), line)
        else:
            at = self._line_end(self._end(node) - 1)
            self._edit(at, at, line)

    def append(self, sequence: KeyPath, item: object, *, block: str | None = None) -> None:
        """Add an item to the sequence at ``sequence``: ``item`` in a flow sequence, or the
        lines of ``block`` (made for the sequence's dash column by `dash_column`) in a block
        one."""
        node = self.node(sequence)
        if not isinstance(node, yaml.SequenceNode):
            raise KeyError(sequence)
        if node.flow_style:
            close = self._offset(node.end_mark) - 1
            self._edit(close, close, (", " if node.value else "") + scalar(item))
            return
        assert block is not None
        at = self._line_end(self._end(node) - 1)
        self._edit(at, at, block)

    def dash_column(self, sequence: KeyPath) -> int:
        """The column of the dashes of the block sequence at ``sequence``."""
        node = self.node(sequence)
        assert isinstance(node, yaml.SequenceNode) and node.value
        first = node.value[0]
        start = self._offset(first.start_mark)
        return self.text.rfind("-", self._line_start(start), start) - self._line_start(start)

    def result(self) -> str:
        """The text with every edit applied; edits at one place keep the order they were made."""
        out: list[str] = []
        position = 0
        for start, end, _, text in sorted(self._edits):
            if start < position:
                raise ValueError("two edits overlap")
            out.append(self.text[position:start])
            out.append(text)
            position = end
        out.append(self.text[position:])
        return "".join(out)
