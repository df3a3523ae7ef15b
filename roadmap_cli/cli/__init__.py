"""The `roadmap` command: a thin typer shell over the core library.

Each command resolves its options, calls the core, prints to stdout (results) or stderr
(problems, progress) and exits with an ExitCode. Heavy libraries are imported inside the commands
that need them, so queries start fast. One module per concern registers its commands on the
shared `app` (common.py), and is imported only when one of its commands runs:
`common.COMMAND_MODULES` names them, in the order of `roadmap --help`.
"""

from __future__ import annotations

from roadmap_cli.cli.common import app

__all__ = ["app"]
