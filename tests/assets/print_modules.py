"""Run the roadmap app with the given arguments, then print every module that got imported.

Used by tests/test_startup.py (typer's tests/assets/print_modules.py pattern).
"""

import contextlib
import sys

from roadmap_cli.cli import app

with contextlib.suppress(SystemExit):
    app(sys.argv[1:], prog_name="roadmap")
sys.__stdout__.write("\nMODULES:" + ",".join(sorted(sys.modules)) + "\n")
