"""Reading YAML data files safely, and finding where a value sits in them.

Files are decoded as UTF-8, composed by libyaml (``CSafeLoader``; PyYAML's pure-Python parser
when libyaml is missing) and turned into plain data by a small constructor of our own that
- resolves scalars by the YAML 1.2 core schema, so ``NO`` (Norway) stays text and ``010`` is not 8;
- reports duplicate keys, which PyYAML silently overwrites;
- accepts only the standard tags (no ``!!python/...``), bounds nesting and alias expansion.

Positions are not recorded on the way: clean data does not pay for them. When a problem must be
reported, `SourceFile.locate` composes the file again and walks the key path to the node.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
import yaml

from roadmap_cli.files import FileTooLarge, NotRegularFile, read_regular_file
from roadmap_cli.prescan import FATAL, MAX_DEPTH, position_of_offset, prescan
from roadmap_cli.problems import KeyPath, Problem, error, warning

if TYPE_CHECKING:  # `roadmap log` brings its blocks; a single load needs none
    from roadmap_cli.yaml_blocks import ParsedBlocks

T = TypeVar("T")

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
    USING_LIBYAML = True
except AttributeError:  # PyYAML built without libyaml: about 6x slower, but correct
    _BaseLoader = yaml.SafeLoader
    USING_LIBYAML = False

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Larger files are refused before parsing: 2,000 recommendations take about 1 MB."""
MAX_VALUES = 5_000_000
"""Values a file may expand to once aliases are followed (an 'alias bomb' expands to billions)."""
MAX_INTEGER_DIGITS = 18
"""Whole numbers in roadmap data are small (months, task numbers, scores); 18 digits still fit
a 64-bit integer, and a 5,000-digit one would pass Python's int() limit (issue #12)."""

_TAG = "tag:yaml.org,2002:"


_STR, _SEQ, _MAP = _TAG + "str", _TAG + "seq", _TAG + "map"
_CORE_PATTERNS = {  # the YAML 1.2 core schema, except that 010 (a leading zero) stays text
    "bool": r"^(?:true|True|TRUE|false|False|FALSE)$",
    "null": r"^(?:~|null|Null|NULL|)$",
    "int": r"^(?:[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+)$",
    "float": r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
}
_INT = re.compile(_CORE_PATTERNS["int"])
_FLOAT = re.compile(_CORE_PATTERNS["float"])
_MAYBE_NOT_TEXT = frozenset("-+.0123456789tTfFnN~")
"""First characters of plain scalars that may be something other than text."""


class _CoreSchemaLoader(_BaseLoader):  # type: ignore[valid-type, misc]
    """Leaves every scalar untyped: `_plain` types plain scalars by the YAML 1.2 core schema.

    YAML 1.1 reads ``NO``/``yes``/``on`` as booleans, ``010`` as 8 and ``2020-01-01`` as a date;
    here they stay text (dates are checked and converted by the shape check). Resolving in one
    step of our own, from the node's style, also costs a third of PyYAML's per-scalar resolver.
    """

    def resolve(self, kind: type[yaml.Node], value: object, implicit: object) -> str:
        return _STR if kind is yaml.ScalarNode else _SEQ if kind is yaml.SequenceNode else _MAP


def _plain(value: str) -> object:
    """A plain (unquoted) scalar's value: null, a boolean, a number, or text."""
    if not value:
        return None
    if value[0] not in _MAYBE_NOT_TEXT:
        return value
    if value in ("~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.match(value):
        if len(value.lstrip("+-")) > MAX_INTEGER_DIGITS:
            raise NumberTooLong(value)
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.match(value):
        lowered = value.lower()
        if lowered.endswith(".inf"):
            return -math.inf if lowered.startswith("-") else math.inf
        return math.nan if lowered == ".nan" else float(value)
    return value


class NumberTooLong(ValueError):
    """A whole number with more than `MAX_INTEGER_DIGITS` digits (a mistake or an attack)."""


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters other than tab and newline: a double-quoted scalar can write
them as escapes (``"\\e[31m"``, ``"\\f"``); they garble terminals and break DOCX and charts."""


@functools.cache
def _safe_dumper() -> type[yaml.SafeDumper]:
    """A dumper that quotes every string YAML 1.1 or the 1.2 core schema would read as non-text.

    Built on first use: only `survey import` writes YAML, and its regexes cost start-up time.
    """

    class SafeDumper(yaml.SafeDumper):
        pass

    for name, pattern in _CORE_PATTERNS.items():
        SafeDumper.add_implicit_resolver(
            _TAG + name, re.compile(pattern), list("-+.0123456789tTfFnN~")
        )
    SafeDumper.add_implicit_resolver(_TAG + "null", re.compile(r"^$"), [""])
    SafeDumper.add_representer(str, _represent_str)
    return SafeDumper


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML writes NEL/LS/PS raw inside single quotes, where a reader folds them: escape them.
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar(_TAG + "str", value, style=style)


def dump_yaml(data: object) -> str:
    """Plain data as YAML that `read_yaml` reads back as the same data (keys in given order)."""
    return yaml.dump(
        data,
        Dumper=_safe_dumper(),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


class SourceFile(msgspec.Struct):
    """A data file's text, kept so that problems can be located after the fact."""

    path: Path
    name: str
    """The path as shown to the user."""
    text: str
    _root: yaml.Node | None = None
    _index: dict[int, dict[object, tuple[yaml.Node, yaml.Node]]] = {}

    def node_at(self, key_path: KeyPath, *, at_key: bool = False) -> yaml.Node | None:
        """The node at ``key_path`` (or its key node), else the deepest node on the way."""
        if self._root is None:
            self._root = _compose(self.text)
        node: yaml.Node | None = self._root
        key_node: yaml.Node | None = None
        for step in key_path:
            if isinstance(node, yaml.MappingNode):
                pairs = self._pairs(node)
                if step not in pairs:
                    return node
                key_node, node = pairs[step]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    return node
                key_node, node = None, node.value[step]
            else:
                return node
        return key_node if at_key and key_node is not None else node

    def locate(self, problem: Problem) -> Problem:
        """The problem with its 1-based line and column filled in from its key path."""
        if problem.is_located:
            return problem
        node = self.node_at(problem.path, at_key=problem.at_key)
        if node is None:
            return _with_position(problem, 1, 1)
        return _with_position(problem, node.start_mark.line + 1, node.start_mark.column + 1)

    def scalar_text(self, key_path: KeyPath) -> str | None:
        """The value at ``key_path`` exactly as written, for messages like '3.10 is not 3.1'."""
        node = self.node_at(key_path)
        return node.value if isinstance(node, yaml.ScalarNode) else None

    def _pairs(self, node: yaml.MappingNode) -> dict[object, tuple[yaml.Node, yaml.Node]]:
        pairs = self._index.get(id(node))
        if pairs is None:
            pairs = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    try:
                        key = _scalar(key_node)
                    except ValueError:  # a key that was reported already
                        continue
                    if isinstance(key, str | int) and key not in pairs:
                        pairs[key] = (key_node, value_node)
            self._index[id(node)] = pairs
        return pairs


def _with_position(problem: Problem, line: int, column: int) -> Problem:
    return msgspec.structs.replace(problem, line=line, column=column)


def locate_all(problems: Iterable[Problem], sources: Iterable[SourceFile]) -> list[Problem]:
    """Fill in line and column of every problem whose file is among ``sources``."""
    by_name = {s.name: s for s in sources}
    return [
        by_name[p.file].locate(p)
        if p.file in by_name
        else p
        if p.is_located
        else _with_position(p, 1, 1)  # about the whole file
        for p in problems
    ]


class Loaded(msgspec.Struct, frozen=True):
    """What reading one file gave: its data (None when unusable) and the problems found."""

    source: SourceFile | None
    data: Any
    problems: tuple[Problem, ...]


def read_file_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """A data file's text, decoded as UTF-8, with the problems of reading and decoding it
    (the same checks as for YAML files: size, bad bytes, a byte-order mark)."""
    raw, problem = _read_bytes(path, shown)
    if raw is None:
        return None, [problem] if problem else []
    return _decode(raw, shown)


def read_yaml(path: Path, name: str | None = None, *, blocks: ParsedBlocks | None = None) -> Loaded:
    """Read one YAML file into plain data, reporting every problem in it with its position.

    With ``blocks`` (the same file's last version parsed), only the blocks whose text changed
    are parsed again, when the file allows it (`yaml_blocks`)."""
    shown = name or str(path)
    raw, problem = _read_bytes(path, shown)
    if raw is None:
        return Loaded(None, None, (problem,) if problem else ())
    text, problems = _decode(raw, shown)
    if text is None:
        return Loaded(None, None, tuple(problems))
    return read_yaml_text(text, path, shown, problems, blocks=blocks)


def read_yaml_text(
    text: str,
    path: Path,
    shown: str,
    problems: list[Problem] | None = None,
    *,
    blocks: ParsedBlocks | None = None,
) -> Loaded:
    """Decoded YAML text into plain data, as `read_yaml` reads a file, its problems located in
    ``text`` (a document's front matter; the text an importer is about to write, read back
    before it is written); ``problems`` found before (decoding) come first."""
    problems = list(problems or ())
    source = SourceFile(path, shown, text)
    problems += prescan(text, shown)
    if any(p.code in FATAL for p in problems):
        return Loaded(source, None, tuple(problems))
    if blocks is not None:
        parsed = blocks.parse(text, _parse_block)
        if parsed is not None:
            return Loaded(source, parsed, tuple(problems))
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        return Loaded(source, None, (*problems, _syntax_problem(exc, shown, text)))
    except yaml.reader.ReaderError as exc:
        line, column = position_of_offset(text, exc.position)
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        message = f"the control character U+{character:04X} is not allowed in YAML"
        return Loaded(
            source,
            None,
            (*problems, error(shown, "syntax", message, "remove it", line=line, column=column)),
        )
    if root is None or _is_null_document(root):
        problems.append(
            error(
                shown,
                "empty-file",
                "the file is empty",
                "add the data or delete the file",
                line=1,
                column=1,
            )
        )
        return Loaded(source, None, tuple(problems))
    constructor = _Constructor(shown, has_anchors="&" in text)
    try:
        data = constructor.construct(root)
    except _TooDeep:
        data = None
    problems += constructor.problems
    if constructor.values > MAX_VALUES:
        problems = [p for p in problems if p.code != "alias-bomb"]
        problems.append(
            error(
                shown,
                "alias-bomb",
                f"the file expands to more than {MAX_VALUES:,} values through anchors and aliases",
                "write the values out instead of nesting aliases",
                line=root.start_mark.line + 1,
                column=root.start_mark.column + 1,
            )
        )
        data = None
    return Loaded(source, data, tuple(problems))


def _parse_block(text: str, depth: int) -> object | None:
    """A block of a file parsed alone (`yaml_blocks`), its root ``depth`` levels down in the
    file; None when it has any problem (the file is then parsed whole to report it) or is not
    a block mapping or list (``{a: 1}`` at column 0 is no key of the top level)."""
    try:
        root = _compose(text)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode | yaml.SequenceNode) or root.flow_style:
        return None
    constructor = _Constructor("", has_anchors=False)
    try:
        data = constructor.construct(root, depth)
    except _TooDeep:
        return None
    return None if constructor.problems else data


def _is_null_document(root: yaml.Node) -> bool:
    """``~``, ``null`` or a bare ``---``: a document that holds nothing."""
    return (
        isinstance(root, yaml.ScalarNode)
        and root.tag == _STR
        and not root.style
        and root.value in ("", "~", "null", "Null", "NULL")
    )


def _read_bytes(path: Path, shown: str) -> tuple[bytes | None, Problem | None]:
    def fail(code: str, message: str, hint: str) -> tuple[None, Problem]:
        return None, error(shown, code, message, hint)

    try:
        return read_regular_file(path, MAX_FILE_BYTES), None
    except NotRegularFile as exc:
        if exc.directory:
            return fail("not-a-file", "this is a directory, not a YAML file", "name a .yaml file")
        return fail(
            "not-a-file",
            "this is not a regular file (a pipe, socket or device)",
            "name a .yaml file",
        )
    except FileTooLarge as exc:
        return fail(
            "file-too-large",
            f"the file is {exc.size / 2**20:.0f} MiB; data files are limited to "
            f"{MAX_FILE_BYTES // 2**20} MiB",
            "split the data or check that this is the right file",
        )
    except FileNotFoundError:
        return fail("file-not-found", "the file does not exist", "check the path or --data")
    except PermissionError:
        return fail(
            "unreadable", "the file cannot be read (permission denied)", "check its permissions"
        )
    except OSError as exc:
        return fail("unreadable", f"the file cannot be read ({exc.strerror})", "check the path")


def _decode(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    problems: list[Problem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        problems.append(
            warning(
                shown,
                "byte-order-mark",
                "the file starts with a byte-order mark (BOM)",
                "save it as UTF-8 without BOM",
                line=1,
                column=1,
            )
        )
    try:
        return raw.decode("utf-8"), problems
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            error(
                shown,
                "not-utf8",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                "save the file as UTF-8",
                line=line,
                column=column,
            )
        )
        return None, problems


def _compose(text: str) -> yaml.Node | None:
    loader = _CoreSchemaLoader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    finally:
        loader.dispose()


_OPENING_QUOTE = re.compile(r"""(?:^\s*(?:-\s+)*(?:[^\s#'"][^#'"]*?:\s+)?|[\[{,]\s*)(["'])""")
"""A quote that opens a scalar: after the key of a line, a list dash or a flow separator."""


def _unclosed_quote(text: str, before_line: int) -> tuple[int, int] | None:
    """The 1-based (line, column) of the last quote opened on a line before ``before_line``
    and not closed on it: the mistake behind a syntax error the parser finds further down
    (a quoted scalar may go on over several lines, so it reads on until its next quote)."""
    lines = text.split("\n")[: before_line - 1]
    for number in range(len(lines), 0, -1):
        line = lines[number - 1]
        opened = _OPENING_QUOTE.search(line)
        if opened is None:
            continue
        quote = opened.group(1)
        rest = "\n".join([line[opened.end() :], *lines[number:]])  # up to the error's line
        if quote == '"':
            rest = rest.replace("\\\\", "").replace('\\"', "")
        else:
            rest = rest.replace("''", "")
        # The scalar runs on to the error's line: nothing closes it before. Otherwise a quote
        # closed further down (a legal text over several lines) is not the mistake.
        return (number, opened.start(1) + 1) if quote not in rest else None
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, shown: str, text: str = "") -> Problem:
    """A PyYAML error as a Problem at its 1-based position (yamllint's get_syntax_error); when
    a quote left open further up explains it, at that quote."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    quote = _unclosed_quote(text, line) if exc.problem_mark and text else None
    if quote is not None:
        return error(
            shown,
            "syntax",
            f"invalid YAML: this quote is not closed on its line, so everything up to line "
            f"{line} is read as one text",
            "close the quote on the same line",
            line=quote[0],
            column=quote[1],
        )
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if "expected a single document" in f"{exc.context} {exc.problem}":
        return error(
            shown,
            "multiple-documents",
            "the file holds more than one YAML document",
            "remove the '---' separator and keep one document",
            line=line,
            column=column,
        )
    hint = "check the indentation and quoting around here"
    if exc.context:
        problem = f"{problem} ({exc.context.strip()})"
    return error(shown, "syntax", f"invalid YAML: {problem}", hint, line=line, column=column)


def _scalar(node: yaml.ScalarNode) -> object:
    """The Python value of a scalar; raises ValueError for an unsupported or lying tag."""
    tag, value = node.tag, node.value
    if tag == _STR:
        return _plain(value) if not node.style else value  # plain: None, or "" from libyaml
    explicit = {
        _TAG + "str": str,
        _TAG + "int": int,
        _TAG + "float": float,
        _TAG + "bool": bool,
        _TAG + "null": type(None),
    }.get(tag)
    if explicit is None:
        raise ValueError("unsupported tag")
    if explicit is str:
        return value
    typed = _plain(value)
    if type(typed) is not explicit:
        raise ValueError(f"{value!r} is not {explicit.__name__}")
    return typed


_SHARED_LENGTH = 16
_SHARED_TEXTS: dict[str, str] = {}
"""The short texts read so far, shared by every file read (a file's ids are the answers'
keys in every survey file). It holds only short texts, at most one copy of each."""


class _Constructor:
    """Nodes to plain data (dict, list, str, int, float, bool, None), collecting problems.

    A file without anchors (no ``&`` in its text) has no aliases, so nodes are built once each
    with no bookkeeping; with anchors, each node's value is built once and shared, and its
    expanded size is counted so that an alias bomb is refused before anything walks it.
    """

    def __init__(self, shown: str, *, has_anchors: bool) -> None:
        self.shown = shown
        self.problems: list[Problem] = []
        self.values = 0
        self._built: dict[int, object] | None = {} if has_anchors else None
        self._sizes: dict[int, int] = {}
        self._texts: dict[str, str] = _SHARED_TEXTS

    def construct(self, root: yaml.Node, depth: int = 1) -> object:
        value = self._node(root, depth)
        self.values = self._sizes.get(id(root), 1)
        return value

    def _fail(self, node: yaml.Node, code: str, message: str, hint: str) -> None:
        self.problems.append(
            error(
                self.shown,
                code,
                message,
                hint,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
            )
        )

    def _node(self, node: yaml.Node, depth: int) -> object:
        built = self._built
        if built is not None and id(node) in built:  # an alias: share the value
            return built[id(node)]
        if depth > MAX_DEPTH:
            self._fail(
                node,
                "nesting-too-deep",
                f"the data nests more than {MAX_DEPTH} levels deep",
                "roadmap files nest a few levels; check the brackets and indentation",
            )
            raise _TooDeep
        value: object
        children: list[yaml.Node]
        if type(node) is yaml.ScalarNode:
            if node.tag == _STR:
                if not node.style:
                    try:
                        value = _plain(node.value)
                    except NumberTooLong:
                        self._number_too_long(node)
                        return None
                else:
                    if node.style == '"' and CONTROL_CHARACTERS.search(node.value):
                        self._control_character(node)
                    value = node.value
                if type(value) is str and len(value) <= _SHARED_LENGTH:
                    # One object per distinct short text (ids, answers such as "high"): two
                    # million answers hold a few thousand strings, not two million (issue 16).
                    return self._texts.setdefault(value, value)
                return value
            value, children = self._scalar(node), []
        elif type(node) is yaml.SequenceNode:
            self._check_tag(node, _SEQ)
            children = node.value
            value = [self._node(child, depth + 1) for child in children]
        else:
            assert isinstance(node, yaml.MappingNode)
            self._check_tag(node, _MAP)
            value = self._mapping(node, depth)
            children = [value_node for _, value_node in node.value]
        if built is not None:
            built[id(node)] = value
            sizes = self._sizes
            self._sizes[id(node)] = min(
                1 + sum(sizes.get(id(c), 1) for c in children), MAX_VALUES + 1
            )
        return value

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[object, object]:
        mapping: dict[object, object] = {}
        for key_node, value_node in node.value:
            key = self._node(key_node, depth + 1)
            if not isinstance(key, str | int | bool | None):
                self._fail(
                    key_node,
                    "complex-key",
                    "a key must be a plain value, not a list or mapping",
                    "write the key as text",
                )
                continue
            if key in mapping:
                first = next(
                    k for k, _ in node.value if k is not key_node and _scalar_or_none(k) == key
                )
                self._fail(
                    key_node,
                    "duplicate-key",
                    f"the key '{key}' appears twice in this mapping",
                    f"it was already given on line {first.start_mark.line + 1}; keep one "
                    "(YAML would silently keep the last)",
                )
                self._node(value_node, depth + 1)
                continue
            mapping[key] = self._node(value_node, depth + 1)
        return mapping

    def _number_too_long(self, node: yaml.ScalarNode) -> None:
        digits = len(node.value.lstrip("+-"))
        self._fail(
            node,
            "number-too-long",
            f"a whole number of {digits:,} digits; numbers in roadmap data have at most "
            f"{MAX_INTEGER_DIGITS} digits",
            "correct the value",
        )

    def _control_character(self, node: yaml.ScalarNode) -> None:
        match = CONTROL_CHARACTERS.search(node.value)
        assert match is not None
        self._fail(
            node,
            "control-character",
            f"the text holds the control character U+{ord(match.group()):04X}, which no output "
            "can show",
            "remove its escape; text may hold tabs and new lines, no other control character",
        )

    def _check_tag(self, node: yaml.Node, tag: str) -> None:
        if node.tag != tag:
            self._fail(
                node,
                "unsupported-tag",
                f"the tag {_short_tag(node.tag)} is not allowed in roadmap data",
                "remove the tag; roadmap files hold plain text, numbers, lists and mappings",
            )

    def _scalar(self, node: yaml.ScalarNode) -> object:
        try:
            value = _scalar(node)
        except NumberTooLong:
            self._number_too_long(node)
            return None
        except ValueError as exc:
            if str(exc) == "unsupported tag":
                self._fail(
                    node,
                    "unsupported-tag",
                    f"the tag {_short_tag(node.tag)} is not allowed in roadmap data",
                    "remove the tag; roadmap files hold plain text, numbers, lists and mappings",
                )
            else:
                self._fail(
                    node,
                    "bad-scalar",
                    f"'{node.value}' does not fit its tag {_short_tag(node.tag)}",
                    "remove the tag or correct the value",
                )
            return None
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            self._control_character(node)
        return value


def _scalar_or_none(node: yaml.Node) -> object:
    try:
        return _scalar(node) if isinstance(node, yaml.ScalarNode) else None
    except ValueError:
        return None


class _TooDeep(Exception):
    """Raised once nesting passes MAX_DEPTH, to stop constructing that file."""


_MISSING = object()


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
