"""The document sources under ``data/documents/``: the Secretariat's prose of a CWS working
document, with placeholders for what the tool computes (issue #13).

A source is Markdown with YAML front matter::

    ---
    symbol: CWS/10/5            # null until the Secretariat assigns one
    session: CWS/10             # or `next`: the first session not ended on the as-of day
    date: 2022-09-30            # null: the day the draft is made
    original_language: English
    title: Draft strategic roadmap of Task No. 58
    prepared_by: the International Bureau
    baseline: {document: CWS/8/24, ref: cws-8}   # the Annex I revision marks; or null
    ---
    # Background
    At its sixth session, ... {{ count.recommendations }} ...

Headings (``#``) become the document's headings in capitals, paragraphs its numbered paragraphs,
``-`` lists its bulleted items; a paragraph that opens "The CWS is invited to" followed by a list
is the decision paragraph, the list its lettered items. ``{{ name }}`` inserts a computed value
(`PLACEHOLDERS`); a block placeholder stands alone in its paragraph, and the annex placeholders
(``{{ annex }}``, ``{{ gantt }}``) come after the body, one annex each, in order.

The Markdown is read with markdown-it-py (CommonMark), the only reader measured that gives each
block its source lines (`benchmarks/markdown_readers.py`), so that every problem is located.
This module parses and checks; `views.document` fills the placeholders; nothing here renders.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import msgspec

from roadmap_cli.load import locate_all, read_file_text, read_yaml_text
from roadmap_cli.model import SESSION_ID_PATTERN, Project, SessionIdField, Text, session_number
from roadmap_cli.problems import Problem, Severity, did_you_mean, error, sorted_unique, warning
from roadmap_cli.shape import convert

DOCUMENTS_FOLDER = "documents"
DEFAULT_DOCUMENT = "roadmap-draft"
"""The document `roadmap build` renders (``data/documents/roadmap-draft.md``)."""
NEXT = "next"
DOCUMENT_SYMBOL_PATTERN = r"^CWS/[1-9][0-9]*/[A-Z0-9][A-Z0-9/ ]*$"
DECISION_OPENING = "The CWS is invited to"
"""A paragraph that opens so is the decision paragraph; the list after it, its lettered items."""
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")


class Kind(enum.Enum):
    """Where a placeholder may stand."""

    INLINE = "inline"
    """Inside a sentence: a number, a date, a list of ids, a footnote."""
    BLOCK = "block"
    """Alone in its paragraph: a list or a table in the body."""
    ANNEX = "annex"
    """Alone in its paragraph, after the body: an annex of its own."""


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str
    kind: Kind
    help: str


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("count.recommendations", Kind.INLINE, "how many Recommendations (40)"),
    Placeholder("count.group-1", Kind.INLINE, "how many are in Group 1"),
    Placeholder("count.group-2", Kind.INLINE, "how many are in Group 2"),
    Placeholder("count.group-3", Kind.INLINE, "how many are in Group 3"),
    Placeholder("count.priority-high", Kind.INLINE, "how many have an adopted high priority"),
    Placeholder("count.priority-medium", Kind.INLINE, "how many have an adopted medium priority"),
    Placeholder("count.priority-low", Kind.INLINE, "how many have an adopted low priority"),
    Placeholder("count.open", Kind.INLINE, "how many are still open (scheduled)"),
    Placeholder("session", Kind.INLINE, 'the session, in words ("tenth session")'),
    Placeholder("date", Kind.INLINE, 'the date of the document, in words ("May 2, 2022")'),
    Placeholder("plan.start", Kind.INLINE, 'when the open work starts ("January 2022")'),
    Placeholder("plan.end", Kind.INLINE, 'when the open work ends ("June 2028")'),
    Placeholder("work-items", Kind.INLINE, 'Recommendations carried out together ("R04 and R18")'),
    Placeholder("assumptions", Kind.INLINE, "a footnote stating the planning assumptions, once"),
    Placeholder("priorities", Kind.BLOCK, "a list of the Recommendations of high priority"),
    Placeholder("next-sessions", Kind.BLOCK, "a list: what the next two sessions can expect"),
    Placeholder("schedule", Kind.BLOCK, "a table: the work reported and under way, by session"),
    Placeholder("annex", Kind.ANNEX, 'the table "40 RECOMMENDATIONS AND CWS ACTIVITIES"'),
    Placeholder("gantt", Kind.ANNEX, "the timeline (Gantt chart) on landscape pages"),
)
PLACEHOLDER_BY_NAME = {p.name: p for p in PLACEHOLDERS}


# ---- the front matter ----------------------------------------------------------------------


class _Block(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class Baseline(_Block, frozen=True, kw_only=True):
    """The earlier Annex table the revision marks of Annex I are made against."""

    document: str | None = None
    """The document it was reproduced in, as cited in ``recommendations.yaml`` (``CWS/8/24``)."""
    session: SessionIdField | None = None
    """Or the session it was presented to."""
    ref: Text
    """The git tag or ref holding the data as that document left it (``cws-8``)."""


SessionOrNext = Annotated[
    str,
    msgspec.Meta(
        pattern=f"^(next|{SESSION_ID_PATTERN[1:-1]})$",
        description="A CWS session (CWS/10), or next: the first one not ended on the as-of day.",
    ),
]
DocumentSymbol = Annotated[
    str,
    msgspec.Meta(pattern=DOCUMENT_SYMBOL_PATTERN, description="A document symbol, e.g. CWS/10/5."),
]


class FrontMatter(_Block, frozen=True, kw_only=True):
    """The cover block of a CWS working document."""

    symbol: DocumentSymbol | None = None
    """Assigned by the Secretariat; null until known (the draft then shows a gap)."""
    session: SessionOrNext
    date: dt.date | None = None
    """The date of the document; null: the day the draft is made."""
    original_language: Text = "English"
    title: Text
    prepared_by: Text = "the International Bureau"
    baseline: Baseline | None = None
    note: str | None = None


# ---- the body ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Words:
    """A run of text, as written (``bold``/``italic`` from ``**``/``*``)."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Slot:
    """A placeholder in a sentence."""

    name: str


Inline = Words | Slot
Inlines = tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    content: Inlines


@dataclass(frozen=True, slots=True)
class Paragraph:
    content: Inlines


@dataclass(frozen=True, slots=True)
class Items:
    """A list; after the decision paragraph, its lettered items."""

    items: tuple[Inlines, ...]


@dataclass(frozen=True, slots=True)
class Computed:
    """A block or annex placeholder, alone in its paragraph."""

    name: str


Block = Heading | Paragraph | Items | Computed


@dataclass(frozen=True, slots=True)
class DocumentSource:
    """One document source, checked."""

    name: str
    """The file name without ``.md``: what ``roadmap draft --document`` takes."""
    file: str
    """The path as shown to the user."""
    front: FrontMatter
    body: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class DocumentLoad:
    document: DocumentSource | None
    problems: tuple[Problem, ...]


def document_names(data_dir: Path) -> tuple[str, ...]:
    """The documents in ``data_dir/documents``, by name."""
    folder = data_dir / DOCUMENTS_FOLDER
    if not folder.is_dir():
        return ()
    return tuple(sorted(p.stem for p in folder.glob("*.md") if p.is_file()))


def document_path(data_dir: Path, name: str) -> Path:
    return data_dir / DOCUMENTS_FOLDER / f"{name}.md"


def load_documents(data_dir: Path, project: Project | None) -> tuple[DocumentLoad, ...]:
    """Every document source of ``data_dir``, checked against ``project`` when there is one."""
    return tuple(
        load_document(document_path(data_dir, name), project) for name in document_names(data_dir)
    )


def load_document(path: Path, project: Project | None) -> DocumentLoad:
    """Read and check one document source; the document only when it has no error."""
    shown = str(path)
    text, problems = read_file_text(path, shown)
    if text is None:
        return DocumentLoad(None, tuple(problems))
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        problems.append(
            error(
                shown,
                "missing-front-matter",
                "the document has no front matter",
                "start the file with a line '---', the symbol, session, date, original_language,"
                " title and prepared_by, and a closing '---'",
                line=1,
                column=1,
            )
        )
        return DocumentLoad(None, tuple(problems))
    closing = next((n for n in range(1, len(lines)) if lines[n].rstrip() == "---"), None)
    if closing is None:
        problems.append(
            error(
                shown,
                "missing-front-matter",
                "the front matter is not closed",
                "end it with a line '---' before the body",
                line=1,
                column=1,
            )
        )
        return DocumentLoad(None, tuple(problems))
    # The YAML keeps the opening '---' (a document start) so its lines are the file's lines.
    loaded = read_yaml_text("\n".join(lines[:closing]) + "\n", path, shown)
    problems += loaded.problems
    front: FrontMatter | None = None
    if loaded.data is not None and loaded.source is not None:
        front, shape = convert(loaded.data, FrontMatter, shown, loaded.source.scalar_text)
        problems += shape
        if front is not None and project is not None:
            problems += _check_front(front, project, shown)
    sources = [loaded.source] if loaded.source is not None else []
    problems = locate_all(problems, sources)
    body, body_problems = parse_body(lines, closing + 1, shown)
    problems = sorted_unique([*problems, *body_problems])
    if front is None or any(p.severity is Severity.ERROR for p in problems):
        return DocumentLoad(None, tuple(problems))
    return DocumentLoad(DocumentSource(path.stem, shown, front, body), tuple(problems))


def _check_front(front: FrontMatter, project: Project, file: str) -> Iterator[Problem]:
    sessions = [s.id for s in project.sessions]
    if front.session != NEXT and front.session not in sessions:
        hint = did_you_mean(front.session, sessions) or "add it to sessions.yaml, or write next"
        yield error(
            file,
            "unknown-session",
            f"{front.session} is not in the session calendar",
            hint,
            path=("session",),
        )
    if front.symbol is not None and front.session != NEXT:
        number = int(front.symbol.split("/")[1])
        if number != session_number(front.session):
            yield error(
                file,
                "symbol-session-mismatch",
                f"the symbol {front.symbol} belongs to CWS/{number}, not to {front.session}",
                f"write a symbol CWS/{session_number(front.session)}/<number>, or fix the session",
                path=("symbol",),
            )
    baseline = front.baseline
    if baseline is None:
        return
    if (baseline.document is None) == (baseline.session is None):
        yield error(
            file,
            "baseline-source",
            "the baseline names neither a document nor a session, or both",
            "give one: document (a symbol cited in recommendations.yaml) or session (CWS/8)",
            path=("baseline",),
        )
    documents = [d.id for d in project.documents]
    if baseline.document is not None and baseline.document not in documents:
        yield error(
            file,
            "unknown-source",
            f"{baseline.document} is not a document cited in the data",
            did_you_mean(baseline.document, documents)
            or "add it to `documents` in recommendations.yaml",
            path=("baseline", "document"),
        )
    if baseline.session is not None and baseline.session not in sessions:
        yield error(
            file,
            "unknown-session",
            f"{baseline.session} is not in the session calendar",
            did_you_mean(baseline.session, sessions) or "add it to sessions.yaml",
            path=("baseline", "session"),
        )


# ---- reading the Markdown body -------------------------------------------------------------

_UNSUPPORTED = {
    "fence": "a code block",
    "code_block": "an indented code block (four spaces)",
    "html_block": "HTML",
    "blockquote_open": "a block quote",
    "hr": "a horizontal rule",
    "table_open": "a table",
}


def parse_body(
    lines: Sequence[str], first: int, file: str
) -> tuple[tuple[Block, ...], list[Problem]]:
    """The blocks of the Markdown after the front matter (``lines[first:]``), and problems.

    Line numbers in problems are the file's (``first`` is the 0-based line the body starts on).
    """
    from markdown_it import MarkdownIt  # only the commands that read documents pay for it

    text = "\n".join(lines[first:])
    # Typographic quotes, as WIPO documents print them ("..." becomes \u201c...\u201d).
    tokens = MarkdownIt("commonmark", {"typographer": True}).enable("smartquotes").parse(text)
    blocks: list[Block] = []
    problems: list[Problem] = []
    annex_seen: tuple[str, int] | None = None
    index = 0
    depth = 0
    while index < len(tokens):
        token = tokens[index]
        line = first + (token.map[0] if token.map else 0) + 1
        if token.type in _UNSUPPORTED and depth == 0:
            problems.append(
                error(
                    file,
                    "unsupported-markdown",
                    f"{_UNSUPPORTED[token.type]} has no place in a CWS working document",
                    "write headings (#), paragraphs and lists (-) only",
                    line=line,
                    column=1,
                )
            )
            index = _skip(tokens, index)
            continue
        if token.type == "heading_open":
            inline = tokens[index + 1]
            level = int(token.tag[1:])
            content = _inlines(inline, lines, first, file, problems)
            if level > 2:
                problems.append(
                    error(
                        file,
                        "heading-level",
                        f"a heading of level {level} ({'#' * level})",
                        "use # for a heading and ## for a sub-heading",
                        line=line,
                        column=1,
                    )
                )
            blocks.append(Heading(level, content))
            index += 3
        elif token.type == "paragraph_open":
            inline = tokens[index + 1]
            alone = _alone(inline.content)
            placeholder = PLACEHOLDER_BY_NAME.get(alone) if alone is not None else None
            index += 3
            if placeholder is not None and placeholder.kind is Kind.ANNEX:
                annex_seen = annex_seen or (placeholder.name, line)
                blocks.append(Computed(placeholder.name))
                continue
            if placeholder is not None and placeholder.kind is Kind.BLOCK:
                blocks.append(Computed(placeholder.name))
            else:
                content = _inlines(inline, lines, first, file, problems)
                blocks.append(Paragraph(content))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items, index = _list(tokens, index, lines, first, file, problems)
            blocks.append(Items(items))
        else:
            index += 1
            continue
        if annex_seen is not None:
            problems.append(
                error(
                    file,
                    "text-after-annex",
                    f"text after {{{{ {annex_seen[0]} }}}} (line {annex_seen[1]}): the annexes "
                    "come after the body",
                    "move this text above the annex placeholders",
                    line=line,
                    column=1,
                )
            )
    if not any(_is_decision(block) for block in blocks):
        problems.append(
            warning(
                file,
                "no-decision-paragraph",
                f"the document has no decision paragraph ('{DECISION_OPENING}: ...')",
                "end the body with it, its items as a list (-)",
                line=first + 1,
                column=1,
            )
        )
    return tuple(blocks), problems


def _is_decision(block: Block) -> bool:
    return isinstance(block, Paragraph) and opens_decision(block.content)


def opens_decision(content: Inlines) -> bool:
    """True for the decision paragraph's lead ("The CWS is invited to: ...")."""
    first = content[0] if content else None
    return isinstance(first, Words) and first.text.startswith(DECISION_OPENING)


def _skip(tokens: Sequence[object], index: int) -> int:
    """The index after the block that opens at ``index``."""
    token = tokens[index]
    nesting = getattr(token, "nesting", 0)
    if nesting != 1:
        return index + 1
    level = 0
    while index < len(tokens):
        level += getattr(tokens[index], "nesting", 0)
        index += 1
        if level == 0:
            break
    return index


def _list(
    tokens: Sequence[object],
    index: int,
    lines: Sequence[str],
    first: int,
    file: str,
    problems: list[Problem],
) -> tuple[tuple[Inlines, ...], int]:
    """The items of the list opening at ``index`` (nested lists are folded into their item)."""
    end = _skip(tokens, index)
    items: list[Inlines] = []
    level = 0
    for token in tokens[index:end]:
        kind = getattr(token, "type", "")
        if kind == "list_item_open":
            level += 1
            if level == 1:
                items.append(())
        elif kind == "list_item_close":
            level -= 1
        elif kind == "inline" and items:
            content = _inlines(token, lines, first, file, problems)
            items[-1] = (*items[-1], *((Words(" "),) if items[-1] else ()), *content)
    return tuple(items), end


def _alone(content: str) -> str | None:
    """The name of the placeholder that is the whole paragraph, else None."""
    match = _PLACEHOLDER.fullmatch(content.strip())
    return match.group(1).strip() if match else None


def _inlines(
    token: object,
    lines: Sequence[str],
    first: int,
    file: str,
    problems: list[Problem],
) -> Inlines:
    """The runs of an inline token, placeholders split out and checked."""
    token_map = getattr(token, "map", None) or [0, 1]
    start, stop = first + token_map[0], first + token_map[1]
    out: list[Inline] = []
    bold = italic = False
    for child in getattr(token, "children", None) or ():
        kind = child.type
        if kind == "strong_open" or kind == "strong_close":
            bold = kind == "strong_open"
        elif kind == "em_open" or kind == "em_close":
            italic = kind == "em_open"
        elif kind in ("softbreak", "hardbreak"):
            out.append(Words(" ", bold, italic))
        elif kind in ("text", "code_inline", "html_inline"):
            out += _split(child.content, bold, italic)
    runs = _merged(out)
    for run in runs:
        if isinstance(run, Slot):
            problems += _check_slot(run.name, lines, start, stop, file)
    return runs


def _split(text: str, bold: bool, italic: bool) -> list[Inline]:
    out: list[Inline] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > position:
            out.append(Words(text[position : match.start()], bold, italic))
        out.append(Slot(match.group(1).strip()))
        position = match.end()
    if position < len(text):
        out.append(Words(text[position:], bold, italic))
    return out


def _merged(runs: list[Inline]) -> Inlines:
    """Adjacent runs of the same formatting joined (markdown-it splits text at some marks)."""
    out: list[Inline] = []
    for run in runs:
        last = out[-1] if out else None
        if (
            isinstance(run, Words)
            and isinstance(last, Words)
            and (last.bold, last.italic) == (run.bold, run.italic)
        ):
            out[-1] = Words(last.text + run.text, run.bold, run.italic)
        else:
            out.append(run)
    return tuple(out)


def _check_slot(
    name: str, lines: Sequence[str], start: int, stop: int, file: str
) -> Iterator[Problem]:
    """A placeholder in a sentence: known, and one that may stand in a sentence."""
    line, column = _position(name, lines, start, stop)
    placeholder = PLACEHOLDER_BY_NAME.get(name)
    if placeholder is None:
        hint = did_you_mean(name, list(PLACEHOLDER_BY_NAME)) or (
            "known placeholders: " + ", ".join(PLACEHOLDER_BY_NAME)
        )
        yield error(
            file,
            "unknown-placeholder",
            f"{{{{ {name} }}}} is not a known placeholder",
            hint,
            line=line,
            column=column,
        )
    elif placeholder.kind is not Kind.INLINE:
        yield error(
            file,
            "placeholder-not-alone",
            f"{{{{ {name} }}}} inserts "
            f"{'an annex' if placeholder.kind is Kind.ANNEX else 'a block'}"
            " and cannot stand in a sentence",
            "put it alone in a paragraph of its own (blank lines around it)",
            line=line,
            column=column,
        )


def _position(name: str, lines: Sequence[str], start: int, stop: int) -> tuple[int, int]:
    """1-based line and column of ``{{ name }}`` within the file's lines ``start..stop``."""
    pattern = re.compile(r"\{\{\s*" + re.escape(name) + r"\s*\}\}")
    for number in range(start, min(stop, len(lines))):
        match = pattern.search(lines[number])
        if match:
            return number + 1, match.start() + 1
    return start + 1, 1
