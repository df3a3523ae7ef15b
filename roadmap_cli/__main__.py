"""`python -m roadmap_cli` runs the command-line interface."""

from __future__ import annotations

from roadmap_cli.cli import app

app(prog_name="roadmap")
