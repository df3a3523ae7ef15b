"""Parsing a file block by block (`yaml_blocks`, for `roadmap log`) gives exactly what parsing
it whole gives: the same data and the same located problems, on the bundled files and on
generated files full of traps (comments, quotes and brackets over several lines, anchors,
block scalars, document markers), whether the blocks of a previous version are reused or not."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_cli.load import Loaded, dump_yaml, read_yaml_text
from roadmap_cli.yaml_blocks import ParsedBlocks

DATA = Path(__file__).resolve().parent.parent / "data"
FILE = Path("recommendations.yaml")


def _outcome(loaded: Loaded) -> tuple[str, object]:
    # repr tells True from 1 and 1.0, and equals itself for NaN, where == does neither.
    return repr(loaded.data), loaded.problems


def _whole(text: str) -> tuple[str, object]:
    return _outcome(read_yaml_text(text, FILE, "recommendations.yaml"))


def _blocks(text: str, blocks: ParsedBlocks) -> tuple[str, object]:
    return _outcome(read_yaml_text(text, FILE, "recommendations.yaml", blocks=blocks))


def _counting(blocks: ParsedBlocks, text: str) -> list[str]:
    """The blocks parsed to read ``text`` (those not known from the last version)."""
    from roadmap_cli import load

    parsed: list[str] = []

    def parse_block(block: str, depth: int) -> object | None:
        parsed.append(block)
        return load._parse_block(block, depth)

    assert blocks.parse(text, parse_block) is not None
    return parsed


def test_the_bundled_files_read_block_by_block_are_read_as_whole() -> None:
    for path in sorted(DATA.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert _blocks(text, ParsedBlocks()) == _whole(text), path


def test_after_an_edit_only_the_edited_recommendation_is_parsed_again() -> None:
    text = (DATA / "recommendations.yaml").read_text(encoding="utf-8")
    blocks = ParsedBlocks()
    assert len(_counting(blocks, text)) > 40  # every recommendation, document and work item
    edited = text.replace("  - id: R20\n", "  - id: R20\n    owner: IB\n", 1)
    items = [block for block in _counting(blocks, edited) if block.startswith("  - ")]
    assert [item.split("\n", 2)[:2] for item in items] == [["  - id: R20", "    owner: IB"]]
    assert _blocks(edited, ParsedBlocks()) == _whole(edited)


def test_a_quote_that_runs_on_over_an_item_line_is_read_as_one_text() -> None:
    text = 'recommendations:\n  - id: R1\n    title: "abc\n  - id: R2 def"\n  - id: R3\n'
    assert _blocks(text, ParsedBlocks()) == _whole(text)
    assert "'title': 'abc - id: R2 def'" in _whole(text)[0]


def test_an_error_is_reported_as_a_whole_parse_reports_it() -> None:
    blocks = ParsedBlocks()
    good = "recommendations:\n  - id: R1\n  - id: R2\n"
    bad = "recommendations:\n  - id: R1\n  - id: [R2\n"
    for text in (good, bad, good):
        assert _blocks(text, blocks) == _whole(text)
    assert [p.code for p in read_yaml_text(bad, FILE, "f", blocks=blocks).problems] == ["syntax"]


_WORDS = st.sampled_from(
    ["R01", "a", "NO", "010", "3.10", "~", "", "- x", "# no", "a: b", "'q'", '"d"', "x y"]
)
_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[
            chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c not in (9, 10)
        ]
        + ["\u2028", "\u2029"],
    ),
    max_size=30,
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    _WORDS,
    _TEXT,
    st.lists(_WORDS, max_size=3).map(" ".join).map(lambda s: s * 8),  # folded over lines
)
_RECORDS = st.dictionaries(
    st.sampled_from(["id", "title", "text", "group", "depends_on", "history"]),
    st.one_of(_SCALARS, st.lists(_SCALARS, max_size=3)),
    max_size=4,
)
_DOCUMENTS = st.dictionaries(
    st.sampled_from(["task", "documents", "recommendations", "work_items", "true", "null"]),
    st.one_of(st.lists(st.one_of(_RECORDS, _SCALARS), max_size=5), _RECORDS, _SCALARS),
    min_size=1,
    max_size=4,
)
_LINES = [
    "# a comment",
    "  # an indented comment",
    "",
    "   ",
    "---",
    "...",
    "%YAML 1.2",
    "- x",
    "  - x",
    "  -",
    "- - x",
    "  - id: R9",
    "    title: |",
    "    text: |+",
    "      kept",
    "    text: >-",
    '    title: "opened',
    '  closed"',
    "    title: 'opened",
    "  closed'",
    "    depends_on: [R1,",
    "  R2]",
    "    x: {a: 1,",
    "? key",
    ": value",
    "    ref: &a x",
    "    copy: *a",
    "    tag: !!str x",
    "    tag: !custom x",
    "key:",
    "recommendations:",
    "work_items: []",
    "    id: R1  # trailing",
    "\tx: 1",
    "x: 1\r",
]


def _edited(draw: st.DrawFn, text: str) -> str:
    """``text`` edited by hand a few times: lines inserted (from `_LINES`), deleted, indented
    again, or joined."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        edit = draw(st.sampled_from(["insert", "delete", "indent", "join"]))
        if edit == "insert":
            lines.insert(at, draw(st.sampled_from(_LINES)))
        elif at < len(lines) and edit == "delete":
            del lines[at]
        elif at < len(lines) and edit == "indent":
            lines[at] = " " * draw(st.integers(0, 5)) + lines[at].lstrip(" ")
        elif at + 1 < len(lines):
            lines[at : at + 2] = [lines[at] + lines[at + 1]]
    return "\n".join(lines)


@st.composite
def _versions(draw: st.DrawFn) -> list[str]:
    """Versions of a data file as a person might write it: dumped, then edited by hand."""
    data = draw(_DOCUMENTS)
    if draw(st.booleans()):
        text = dump_yaml(data)
    else:
        text = yaml.safe_dump(
            data,
            indent=draw(st.sampled_from([2, 4])),
            default_flow_style=draw(st.sampled_from([False, None])),
            allow_unicode=True,
            width=draw(st.sampled_from([20, 80])),
        )
    versions = [_edited(draw, text)]
    for _ in range(draw(st.integers(0, 2))):
        versions.append(_edited(draw, versions[-1]))
    return versions


@settings(max_examples=500, deadline=None)
@given(versions=_versions())
def test_a_file_read_block_by_block_is_read_as_whole(versions: list[str]) -> None:
    """Each version alone, and each with the blocks the one before it left."""
    blocks = ParsedBlocks()
    for text in versions:
        assert _blocks(text, ParsedBlocks()) == _whole(text)
        assert _blocks(text, blocks) == _whole(text)
