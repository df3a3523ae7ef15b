"""The built report opened in headless Chromium: every row renders, nothing fails or loads; the
report printed to A4 PDF cuts no chart and no table row, keeps headings with what follows and
prints every table; on a phone (390 px) the page does not scroll sideways and no word of a table
is broken; axe-core finds no accessibility violation.

Skipped with a message when no Chromium is installed, unless ``ROADMAP_REQUIRE_BROWSER=1`` (set
by .ci/run), which turns the skip into a failure; the same goes for axe-core (its npm package,
installed by .ci/run in ``tests/.axe``, or ``ROADMAP_AXE`` naming ``axe.min.js``) and for
pdftotext. The screenshots (``report.png``, ``phone.png``) and the printed report
(``report.pdf``) are saved in the test's tmp folder to be looked at.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from browser import PageResult, open_page, require_chromium
from printcheck import (
    cut_charts,
    cut_rows,
    page_texts,
    pages_with,
    pdftotext,
    smallest_text,
    stranded_headings,
)

AXE = Path(__file__).resolve().parent / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = 390

MEASURE = """JSON.stringify({
  rows: [...document.querySelectorAll('#annex tbody tr')]
    .map(r => [r.id, r.getBoundingClientRect().height]),
  bars: [...document.querySelectorAll('#timeline [id^="gantt-bar-"]')]
    .filter(b => b.getBoundingClientRect().width > 0).length,
  charts: [...document.querySelectorAll('figure.screen-chart svg')]
    .map(s => s.getBoundingClientRect()).map(r => [Math.round(r.width), Math.round(r.height)]),
  sections: [...document.querySelectorAll('section h2')].map(h => h.textContent),
  scripts: document.scripts.length,
  width: document.documentElement.scrollWidth,
})"""


PRINTED = """JSON.stringify({
  tables: [...document.querySelectorAll('main table')].map(t => ({
    name: t.id || t.closest('section').id,
    header: [...t.tHead.rows].map(r => r.textContent).join(' '),
    rows: [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent).join(' ')),
  })),
  charts: [...document.querySelectorAll('figure.print-chart svg')]
    .map(s => [...s.querySelectorAll('text')].map(t => t.textContent)),
  headings: [...document.querySelectorAll('main h2, main h3')].map(h => h.textContent),
})"""

PHONE_MEASURE = """JSON.stringify({
  width: document.documentElement.scrollWidth,
  broken: [...document.querySelectorAll('main td, main th')].flatMap(cell => {
    const words = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) words.push(match[0]);
      }
    }
    return words;
  }),
  boxes: [...document.querySelectorAll('.scroll, figure.screen-chart')]
    .map(b => [b.clientWidth, b.scrollWidth]),
  charts: [...document.querySelectorAll('figure.screen-chart svg')]
    .map(s => Math.round(s.getBoundingClientRect().width)),
})"""

AXE_RUN = """axe.run(document, {resultTypes: ['violations']}).then(result => JSON.stringify(
  result.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target)}))
))"""


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()


def _required(found: Path | str | None, what: str) -> None:
    """Skip when ``what`` is missing, or fail when ``ROADMAP_REQUIRE_BROWSER=1``."""
    if found:
        return
    message = f"{what} not found"
    if os.environ.get("ROADMAP_REQUIRE_BROWSER") == "1":
        pytest.fail(message + ", and ROADMAP_REQUIRE_BROWSER=1 requires it")
    pytest.skip(message)


@pytest.fixture(scope="module")
def report_page(built_outputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    page = folder / "report.html"
    shutil.copy(built_outputs / "report.html", page)  # alone: it must need no other file
    return page


@pytest.fixture(scope="module")
def printed(chromium: str, report_page: Path) -> tuple[PageResult, list[str]]:
    _required(pdftotext(), "pdftotext (poppler-utils)")
    result = open_page(chromium, report_page, PRINTED, pdf=True)
    (report_page.parent / "report.pdf").write_bytes(result.pdf)
    return result, page_texts(result.pdf)


@pytest.fixture(scope="module")
def opened(chromium: str, report_page: Path) -> PageResult:
    result = open_page(chromium, report_page, MEASURE)
    (report_page.parent / "report.png").write_bytes(result.screenshot)
    return result


def test_the_report_renders_every_row_without_errors(opened: PageResult) -> None:
    assert opened.errors == []
    measured = json.loads(opened.measured)
    assert [row_id for row_id, _ in measured["rows"]] == [f"R{n:02}" for n in range(1, 41)]
    assert all(height > 10 for _, height in measured["rows"])
    assert measured["bars"] == 38
    assert len(measured["charts"]) == 2 and all(w > 800 and h > 500 for w, h in measured["charts"])
    assert measured["sections"][:2] == ["Summary", "Status"]
    assert measured["scripts"] == 0
    assert measured["width"] <= 1400  # no horizontal scrolling at 1400 px


def test_the_screenshot_is_a_whole_page(opened: PageResult) -> None:
    assert opened.screenshot.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(opened.screenshot) > 100_000


def test_the_checks_catch_a_broken_page(chromium: str, tmp_path: Path) -> None:
    """The error collection is real: a page with a failing script and a missing image fails."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><title>x</title><img src='missing.png'>"
        "<script>console.error('boom'); undefinedFunction();</script>",
        encoding="utf-8",
    )
    result = open_page(chromium, page, "1")
    assert any("boom" in error for error in result.errors)
    assert any(error.startswith("exception:") for error in result.errors)
    assert any("missing.png" in error for error in result.errors)


def test_no_browser_skips_unless_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ROADMAP_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("ROADMAP_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium found"):
        require_chromium()
    monkeypatch.setenv("ROADMAP_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="ROADMAP_REQUIRE_BROWSER=1 requires it"):
        require_chromium()


def test_the_printed_report_is_a4_pages(printed: tuple[PageResult, list[str]]) -> None:
    result, pages = printed
    assert result.pdf.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", result.pdf)
    assert len(boxes) == len(pages) > 5
    assert all(abs(float(w) - 841.89) < 0.1 and abs(float(h) - 595.28) < 0.4 for w, h in boxes)


def test_no_printed_text_is_smaller_than_8_points(printed: tuple[PageResult, list[str]]) -> None:
    """The charts are printed at their own size: their smallest labels stay at 8 pt."""
    size, word = smallest_text(printed[0].pdf)
    assert size >= 7.95, word


def test_every_table_row_is_printed_whole(printed: tuple[PageResult, list[str]]) -> None:
    result, pages = printed
    tables = json.loads(result.measured)["tables"]
    names = [table["name"] for table in tables]
    assert {"priorities-table", "schedule-table", "annex"} <= set(names)
    assert sum(len(table["rows"]) for table in tables if table["name"] == "annex") == 40
    for table in tables:
        assert cut_rows(pages, table["rows"]) == [], table["name"]


def test_the_header_row_is_printed_on_every_page_of_a_table(
    printed: tuple[PageResult, list[str]],
) -> None:
    result, pages = printed
    for table in json.loads(result.measured)["tables"]:
        holding = {pages_with(pages, row)[0] for row in table["rows"]}  # where it is printed
        assert holding, table["name"]
        assert set(pages_with(pages, table["header"])) >= holding, table["name"]


def test_no_chart_is_cut_between_pages(printed: tuple[PageResult, list[str]]) -> None:
    result, pages = printed
    charts = json.loads(result.measured)["charts"]
    assert len(charts) >= 2  # the Gantt chart and the priority chart, in one part or more
    assert cut_charts(pages, charts) == []
    gantt = [texts for texts in charts if any("planned work" in t for t in texts)]
    bars = {t for texts in gantt for t in texts if t.startswith("R") and t[1:3].isdigit()}
    assert {"R01", "R40"} <= {t.split()[0] for t in bars}  # every row of the chart is printed


def test_no_heading_is_left_at_a_page_foot(printed: tuple[PageResult, list[str]]) -> None:
    result, pages = printed
    headings = json.loads(result.measured)["headings"]
    assert "Timeline" in headings
    assert stranded_headings(pages, headings) == []


def test_the_print_checks_catch_a_cut_chart_and_a_cut_row(chromium: str, tmp_path: Path) -> None:
    """The checks are real: a chart taller than a page and a row split across pages fail."""
    _required(pdftotext(), "pdftotext (poppler-utils)")
    page = tmp_path / "cut.html"
    page.write_text(
        "<!DOCTYPE html><html lang='en'><title>cut</title>"
        "<style>@page { size: A4 landscape; margin: 1cm }</style><p>Lead</p>"
        "<svg viewBox='0 0 100 300' style='width: 100mm; height: 300mm; display: block'>"
        "<text x='5' y='10' font-size='5'>TOPMARK</text>"
        "<text x='5' y='290' font-size='5'>BOTTOMMARK</text></svg>"
        "<table><tr><td style='height: 250mm; vertical-align: top'>ROWSTART"
        "<div style='height: 240mm'></div>ROWEND</td></tr></table></html>",
        encoding="utf-8",
    )
    pages = page_texts(open_page(chromium, page, "1", pdf=True).pdf)
    assert cut_charts(pages, [["TOPMARK", "BOTTOMMARK"]]) == ["TOPMARK"]
    assert cut_rows(pages, ["ROWSTART ROWEND"]) == ["ROWSTART ROWEND"]
    assert stranded_headings(["Text\nHeading\n", "More text\n"], ["Heading"]) == ["Heading"]


@pytest.fixture(scope="module")
def phone(chromium: str, report_page: Path) -> PageResult:
    result = open_page(chromium, report_page, PHONE_MEASURE, width=PHONE, mobile=True)
    (report_page.parent / "phone.png").write_bytes(result.screenshot)
    return result


def test_on_a_phone_the_page_does_not_scroll_sideways(phone: PageResult) -> None:
    measured = json.loads(phone.measured)
    assert phone.errors == []
    assert measured["width"] <= PHONE
    assert all(client <= PHONE for client, _ in measured["boxes"])
    assert any(scroll > client for client, scroll in measured["boxes"])  # the annex table scrolls


def test_on_a_phone_no_word_of_a_table_is_broken(phone: PageResult) -> None:
    assert json.loads(phone.measured)["broken"] == []


def test_on_a_phone_the_charts_keep_a_legible_width(phone: PageResult) -> None:
    assert all(width >= 900 for width in json.loads(phone.measured)["charts"])


def test_axe_core_finds_no_accessibility_violation(chromium: str, report_page: Path) -> None:
    axe = Path(os.environ.get("ROADMAP_AXE") or AXE)
    _required(axe if axe.is_file() else None, f"axe-core ({axe}; .ci/run installs it with npm)")
    result = open_page(chromium, report_page, AXE_RUN, inject=axe.read_text(encoding="utf-8"))
    assert json.loads(result.measured) == []
