"""Queries start fast: they never import the heavy rendering and graph libraries.

The pattern of typer's tests/test_rich_import.py: run the command in a fresh interpreter and
look at sys.modules when it is done.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("matplotlib", "networkx", "docx", "jinja2")
_PROBE = """
import atexit, json, sys
from roadmap_cli.cli import app

def report():
    loaded = sorted(m for m in sys.modules if m.split('.')[0] in {heavy})
    sys.__stderr__.write("\\nMODULES " + json.dumps(loaded) + "\\n")

atexit.register(report)
sys.argv = ["roadmap", *{args}]
app()
"""


@pytest.mark.parametrize("args", [["--help"], ["status"], ["list"], ["show", "R14"], ["validate"]])
def test_queries_do_not_import_heavy_libraries(args: list[str]) -> None:
    code = _PROBE.format(heavy=set(HEAVY), args=args)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stderr.rsplit("MODULES ", 1)[1])
    assert loaded == []


def test_the_annex_command_loads_its_renderer_only() -> None:
    code = _PROBE.format(heavy=set(HEAVY), args=["annex", "--format", "html"])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stderr.rsplit("MODULES ", 1)[1])
    assert "jinja2" in loaded and not any(m.split(".")[0] in ("docx", "matplotlib") for m in loaded)
