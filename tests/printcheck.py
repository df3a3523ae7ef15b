"""What a printed page holds, read back from the PDF Chromium made: for the report's print test.

`page_texts` gives the text of each page in the order it is drawn (``pdftotext -raw``, from
poppler-utils): Chromium draws a table cell by cell and row by row, and a chart's text in the
order of its ``<text>`` elements. A row or a chart cut by a page edge has its text on two pages,
and Chromium leaves out of each page the text that falls outside it; so:

- a table row is printed whole when its text, run together, is on one page (`cut_rows`);
- a chart is printed whole when one page holds every text of it (`cut_charts`);
- a heading is kept with what follows when lines follow it on its page (`stranded_headings`);
- the smallest text on paper is found from the word boxes of ``pdftotext -bbox``
  (`smallest_text`): a DejaVu Sans word box is 1.1655 times its font size high.

Texts are compared without white space and case (NFKC, so a ligature reads as its letters).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path


def pdftotext() -> str | None:
    return shutil.which("pdftotext")


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, in drawing order."""
    with tempfile.TemporaryDirectory(prefix="roadmap-pdf-") as folder:
        path = Path(folder) / "printed.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
        )
    pages = result.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


BOX_PER_POINT = 1.1655
"""Height of a word box per point of font size (DejaVu Sans: ascent plus descent)."""


def smallest_text(pdf: bytes) -> tuple[float, str]:
    """The font size in points of the smallest word on the pages (as its box gives it), and
    the word. A rotated word's box is as high as the word is long, never less."""
    with tempfile.TemporaryDirectory(prefix="roadmap-pdf-") as folder:
        path = Path(folder) / "printed.pdf"
        path.write_bytes(pdf)
        boxes = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
    words = [
        ((float(y_max) - float(y_min)) / BOX_PER_POINT, word)
        for y_min, y_max, word in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', boxes
        )
    ]
    return min(words)


def squeeze(text: str) -> str:
    """``text`` without white space, case folded, in compatibility form."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def cut_rows(pages: Sequence[str], rows: Iterable[str]) -> list[str]:
    """The rows (their text) that no single page holds whole."""
    squeezed = [squeeze(page) for page in pages]
    return [row for row in rows if squeeze(row) and not any(squeeze(row) in p for p in squeezed)]


def pages_with(pages: Sequence[str], text: str) -> list[int]:
    """The 1-based numbers of the pages holding ``text``."""
    wanted = squeeze(text)
    return [n for n, page in enumerate(pages, start=1) if wanted in squeeze(page)]


def cut_charts(pages: Sequence[str], charts: Iterable[Sequence[str]]) -> list[str]:
    """The charts (named by their first text) whose texts no single page holds all of."""
    squeezed = [squeeze(page) for page in pages]
    cut = []
    for texts in charts:
        wanted = [squeeze(t) for t in texts if squeeze(t)]
        if not any(all(w in page for w in wanted) for page in squeezed):
            cut.append(texts[0] if texts else "(a chart without text)")
    return cut


def stranded_headings(pages: Sequence[str], headings: Iterable[str], lines: int = 3) -> list[str]:
    """Headings followed on their page by fewer than ``lines`` lines (a heading at a page foot,
    its text on the next page)."""
    stranded = []
    for heading in headings:
        wanted = squeeze(heading)
        for page in pages:
            page_lines = [line for line in page.splitlines() if line.strip()]
            for index, line in enumerate(page_lines):
                if squeeze(line) == wanted and len(page_lines) - index - 1 < lines:
                    stranded.append(heading)
    return stranded
