"""What each command and module imports, checked in a fresh interpreter: terminal queries never
load the heavy libraries, and nothing outside render/ and cli/ loads a format library."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("matplotlib", "docx", "jinja2", "openpyxl", "numpy")


FORMAT_LIBRARIES = {"rich", "jinja2", "matplotlib", "docx"}


def _modules(*args: str) -> set[str]:
    """The modules loaded by ``roadmap ARGS`` (``--import MODULE``: by importing MODULE)."""
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
    assert not [m for m in modules if m.split(".")[0] in ("docx", "matplotlib")]


def test_diff_loads_the_planner_and_no_heavy_library() -> None:
    modules = _modules("diff", "HEAD", "--format", "json")
    assert {"roadmap_cli.diff", "roadmap_cli.schedule"} <= modules
    loaded = sorted({m.split(".")[0] for m in modules} & set(HEAVY))
    assert loaded == [], f"roadmap diff imported {loaded}"


def _core_and_view_modules() -> list[str]:
    package = ROOT / "roadmap_cli"
    return sorted(
        ".".join(("roadmap_cli", *path.relative_to(package).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        for path in package.rglob("*.py")
        if path.relative_to(package).parts[0] not in ("render", "cli", "__main__.py")
    )


@pytest.mark.parametrize("module", _core_and_view_modules())
def test_no_module_outside_render_and_cli_imports_a_format_library(module: str) -> None:
    """views/ says what the outputs say and the core computes; rich, jinja2, matplotlib and
    python-docx are for render/ and cli/ (issue 10)."""
    modules = _modules("--import", module)
    assert module in modules
    assert sorted({m.split(".")[0] for m in modules} & FORMAT_LIBRARIES) == []


def test_the_registry_imports_no_renderer_until_asked() -> None:
    modules = _modules("--import", "roadmap_cli.render")
    assert not {m.split(".")[0] for m in modules} & FORMAT_LIBRARIES


@pytest.mark.parametrize("args", [["schema", "planning"], ["--help"]], ids=" ".join)
def test_schema_and_help_import_no_planner(args: list[str]) -> None:
    assert not {m.split(".")[0] for m in _modules(*args)} & set(HEAVY)


def test_schedule_imports_the_planner_only_when_it_runs() -> None:
    assert "roadmap_cli.schedule" not in _modules("schedule", "--help")
    assert "roadmap_cli.schedule" in _modules("schedule", "--json", "--data", str(ROOT / "data"))


def test_a_build_that_no_terminal_watches_draws_no_progress_bar(tmp_path: Path) -> None:
    """Rich, for the progress bar alone, is a twentieth of a second of a bundled build."""
    modules = _modules("build", "--as-of", "2026-11-23", "--out", str(tmp_path / "out"))
    assert (tmp_path / "out" / "manifest.json").is_file()
    assert not [m for m in modules if m.split(".")[0] == "rich"]


def test_every_command_module_is_named_in_the_lazy_table() -> None:
    """`roadmap` imports a command's module only when the command runs; the table that says
    which module holds which command must name each command that the modules register, in
    the order of `roadmap --help`."""
    import importlib

    from roadmap_cli.cli.common import COMMAND_MODULES, app

    for module in sorted({m for modules in COMMAND_MODULES.values() for m in modules}):
        importlib.import_module(f"roadmap_cli.cli.{module}")
    registered = [
        info.name or info.callback.__name__.replace("_", "-")
        for info in app.registered_commands
        if info.callback is not None
    ]
    registered += [group.name for group in app.registered_groups if group.name]
    assert sorted(registered) == sorted(COMMAND_MODULES)


def test_a_query_imports_only_its_own_command_module() -> None:
    modules = _modules("status")
    loaded = sorted(m for m in modules if m.startswith("roadmap_cli.cli."))
    assert loaded == ["roadmap_cli.cli.common", "roadmap_cli.cli.queries"]
    assert "rich" not in {m.split(".")[0] for m in _modules("status", "--json")}


@pytest.mark.parametrize("args", [["list"], ["show", "R14"], ["priorities"]], ids=" ".join)
def test_the_plain_text_queries_do_not_import_rich(args: list[str]) -> None:
    """Their tables are plain text (`render.text`): rich is for the planning commands."""
    assert "rich" not in {m.split(".")[0] for m in _modules(*args)}
