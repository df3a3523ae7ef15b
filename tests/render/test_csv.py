"""The Annex table as CSV: golden file, quoting, line endings, encoding."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from annex_cases import variant

from roadmap_cli.model import Project
from roadmap_cli.render.csv import render_annex
from roadmap_cli.views.annex import build_annex


def test_bundled_annex_matches_the_golden_file(
    project: Project, golden: Callable[..., None]
) -> None:
    golden("annex.csv", render_annex(build_annex(project)))


def test_rows_read_back_as_the_table(project: Project) -> None:
    text = 'Says "hello", then\nstops; naïve café'
    view = build_annex(variant(project, {"R02": {"text": text}}))
    output = render_annex(view)
    assert b"\r" not in output and output.endswith(b"\n")
    assert output.startswith(b"\xef\xbb\xbfNo.,")  # a byte-order mark, for Excel
    rows = list(csv.reader(io.StringIO(output.decode("utf-8-sig"), newline="")))
    assert rows[0] == [c.header for c in view.columns]
    assert rows[1:] == [[cell.text for cell in row.cells] for row in view.rows]
    assert rows[2][1] == text


def test_render_twice_is_identical(project: Project) -> None:
    assert render_annex(build_annex(project)) == render_annex(build_annex(project))
