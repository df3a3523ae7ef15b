"""Run the roadmap app with the given arguments (or, with ``--import MODULE``, import MODULE
alone), then print every module that got imported.

Used by tests/test_startup.py (typer's tests/assets/print_modules.py pattern).
"""

import contextlib
import importlib
import sys

if sys.argv[1:2] == ["--import"]:
    importlib.import_module(sys.argv[2])
else:
    from roadmap_cli.cli import app

    with contextlib.suppress(SystemExit):
        app(sys.argv[1:], prog_name="roadmap")
sys.__stdout__.write("\nMODULES:" + ",".join(sorted(sys.modules)) + "\n")
