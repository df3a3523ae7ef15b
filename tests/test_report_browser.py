"""The built report opened in headless Chromium: every row renders, nothing fails or loads.

Skipped with a message when no Chromium is installed, unless ``ROADMAP_REQUIRE_BROWSER=1`` (set
by .ci/run), which turns the skip into a failure. The screenshot is saved in the test's tmp
folder (``report.png``) to be looked at.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from browser import PageResult, open_page, require_chromium

MEASURE = """JSON.stringify({
  rows: [...document.querySelectorAll('#annex tbody tr')]
    .map(r => [r.id, r.getBoundingClientRect().height]),
  bars: [...document.querySelectorAll('#timeline [id^="gantt-bar-"]')]
    .filter(b => b.getBoundingClientRect().width > 0).length,
  charts: [...document.querySelectorAll('figure svg')]
    .map(s => s.getBoundingClientRect()).map(r => [Math.round(r.width), Math.round(r.height)]),
  sections: [...document.querySelectorAll('section h2')].map(h => h.textContent),
  scripts: document.scripts.length,
  width: document.documentElement.scrollWidth,
})"""


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()


@pytest.fixture(scope="module")
def opened(
    chromium: str, built_outputs: Path, tmp_path_factory: pytest.TempPathFactory
) -> PageResult:
    folder = tmp_path_factory.mktemp("browser")
    page = folder / "report.html"
    shutil.copy(built_outputs / "report.html", page)  # alone: it must need no other file
    result = open_page(chromium, page, MEASURE)
    (folder / "report.png").write_bytes(result.screenshot)
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
