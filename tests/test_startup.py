"""Terminal queries never import the heavy libraries (checked in a fresh interpreter)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("matplotlib", "networkx", "docx", "jinja2", "openpyxl", "numpy")


def _modules(*args: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "assets" / "print_modules.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    marker = result.stdout.rsplit("MODULES:", 1)
    assert len(marker) == 2, result.stderr
    return set(marker[1].strip().split(","))


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["status"],
        ["list"],
        ["show", "R14"],
        ["validate"],
        ["status", "--json"],
        ["priorities"],
        ["priorities", "--json"],
    ],
    ids=" ".join,
)
def test_queries_do_not_import_heavy_libraries(args: list[str]) -> None:
    modules = _modules(*args)
    assert "roadmap_cli.cli" in modules
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert loaded == [], f"roadmap {' '.join(args)} imported {loaded}"


def test_the_annex_command_loads_its_renderer_only() -> None:
    modules = _modules("annex", "--format", "html")
    assert "jinja2" in modules
    assert not [m for m in modules if m.split(".")[0] in ("docx", "matplotlib", "networkx")]


def test_diff_loads_networkx_for_the_schedule_and_no_renderer() -> None:
    modules = _modules("diff", "HEAD", "--format", "json")
    assert "roadmap_cli.diff" in modules
    loaded = sorted({m.split(".")[0] for m in modules} & set(HEAVY))
    assert loaded == ["networkx"], f"roadmap diff imported {loaded}"


def test_the_diff_view_imports_no_format_library() -> None:
    """views/ says what the outputs say; the format libraries are for render/ (issue 10)."""
    code = "import sys, roadmap_cli.views.diff; print(','.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    modules = set(result.stdout.strip().split(","))
    assert "roadmap_cli.views.diff" in modules
    loaded = sorted({m.split(".")[0] for m in modules} & {"rich", "jinja2", "matplotlib", "docx"})
    assert loaded == [], f"roadmap_cli.views.diff imported {loaded}"
