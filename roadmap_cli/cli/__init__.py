"""The `roadmap` command: a thin typer shell over the core library.

Each command resolves its options, calls the core, prints to stdout (results) or stderr
(problems, progress) and exits with an ExitCode. Heavy libraries are imported inside the commands
that need them, so queries start fast. One module per concern registers its commands on the
shared `app` (common.py); importing them here, in this order, gives `roadmap --help` its order.
"""

from __future__ import annotations

# isort: off
from roadmap_cli.cli import queries  # noqa: F401 - validate, list, show, status, schema
from roadmap_cli.cli import surveys  # noqa: F401 - priorities, survey form/import
from roadmap_cli.cli import plan  # noqa: F401 - schedule, why, next
from roadmap_cli.cli import render  # noqa: F401 - annex, gantt, build
from roadmap_cli.cli import review  # noqa: F401 - diff, log
from roadmap_cli.cli import imports  # noqa: F401 - import annex, survey import-results

# isort: on
from roadmap_cli.cli.common import app

__all__ = ["app"]
