"""Which Markdown reader reads the document sources (data/documents/*.md)? (issue #13)

For each reader installed (markdown-it-py, mistune, marko), prints the median import time of a
fresh interpreter (``python -X importtime``, cumulative, over ``--runs`` runs), the time to parse
the bundled roadmap draft, and what it gives back on our input: whether block elements carry
their source lines (needed for `roadmap validate` to locate a bad placeholder), and whether the
headings, paragraphs, the decision paragraph's list and the ``{{ name }}`` placeholders come out
intact (CommonMark could read ``{{`` as text only, never as markup). pandoc is not a Python
package: it is a 150 MB binary started once per conversion, and is listed only when on PATH.

    python benchmarks/markdown_readers.py [--runs 15]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "data" / "documents" / "roadmap-draft.md"
PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def import_ms(module: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=True,
        )
        last = [line for line in result.stderr.splitlines() if line.endswith(f"| {module}")][-1]
        times.append(int(last.split("|")[1]) / 1000)
    return statistics.median(times)


def body() -> str:
    text = SOURCE.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1]


def with_markdown_it(text: str) -> tuple[bool, int, int, int]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    lines = all(t.map is not None for t in tokens if t.nesting == 1)
    headings = sum(t.type == "heading_open" for t in tokens)
    items = sum(t.type == "list_item_open" for t in tokens)
    found = sum(len(PLACEHOLDER.findall(t.content)) for t in tokens if t.type == "inline")
    return lines, headings, items, found


def with_mistune(text: str) -> tuple[bool, int, int, int]:
    import mistune

    ast = mistune.create_markdown(renderer="ast")(text)
    assert isinstance(ast, list)
    lines = all("position" in node or "line" in node for node in ast)

    def walk(nodes: list[dict[str, object]]) -> list[dict[str, object]]:
        out = []
        for node in nodes:
            out.append(node)
            children = node.get("children")
            if isinstance(children, list):
                out += walk(children)
        return out

    every = walk(ast)
    found = sum(len(PLACEHOLDER.findall(str(n.get("raw", "")))) for n in every)
    return (
        lines,
        sum(n["type"] == "heading" for n in every),
        sum(n["type"] == "list_item" for n in every),
        found,
    )


def with_marko(text: str) -> tuple[bool, int, int, int]:
    import marko
    from marko import block, inline

    document = marko.parse(text)
    every = []
    stack = [document]
    while stack:
        element = stack.pop()
        every.append(element)
        children = getattr(element, "children", None)
        if isinstance(children, list):
            stack.extend(children)
    lines = all(hasattr(e, "line_number") for e in every if isinstance(e, block.BlockElement))
    found = sum(
        len(PLACEHOLDER.findall(e.children))
        for e in every
        if isinstance(e, inline.RawText) and isinstance(e.children, str)
    )
    return (
        lines,
        sum(isinstance(e, block.Heading) for e in every),
        sum(isinstance(e, block.ListItem) for e in every),
        found,
    )


READERS = {
    "markdown_it": ("markdown-it-py", with_markdown_it),
    "mistune": ("mistune", with_mistune),
    "marko": ("marko", with_marko),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    text = body()
    expected = len(PLACEHOLDER.findall(text))
    print(f"input: {SOURCE.name}, {len(text):,} characters, {expected} placeholders")
    print(
        f"{'reader':16} {'import ms':>10} {'parse ms':>9}  source lines  headings  items  {{{{}}}}"
    )
    for module, (name, read) in READERS.items():
        if importlib.util.find_spec(module) is None:
            print(f"{name:16} not installed")
            continue
        read(text)  # warm up
        started = time.perf_counter()
        for _ in range(50):
            lines, headings, items, found = read(text)
        parse = (time.perf_counter() - started) / 50 * 1000
        print(
            f"{name:16} {import_ms(module, runs):10.1f} {parse:9.2f}  {lines!s:12}"
            f"  {headings:8}  {items:5}  {found}/{expected}"
        )
    pandoc = shutil.which("pandoc")
    where = f"on PATH: {pandoc}" if pandoc else "not installed (not a Python package)"
    print(f"{'pandoc':16} {where}")


if __name__ == "__main__":
    main()
