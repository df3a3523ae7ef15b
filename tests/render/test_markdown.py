"""The Annex table in Markdown: golden files, escaping, revision marks GitHub renders."""

from __future__ import annotations

from collections.abc import Callable

from annex_cases import before_cws7, variant

from roadmap_cli.model import Project
from roadmap_cli.render.markdown import render_annex
from roadmap_cli.views.annex import build_annex
from roadmap_cli.views.revisions import annex_view


def test_bundled_annex_matches_the_golden_file(
    project: Project, golden: Callable[..., None]
) -> None:
    golden("annex.md", render_annex(build_annex(project)))


def test_revision_marks_match_the_golden_file(
    project: Project, golden: Callable[..., None]
) -> None:
    view = annex_view(
        project, baseline=before_cws7(project), baseline_label="the data before CWS/7"
    )
    output = render_annex(view)
    golden("annex-revisions.md", output)
    text = output.decode()
    assert (
        "**Changes against the data before CWS/7:** R20, R33 and R35 moved from Group 2 to Group 1."
    ) in text
    assert "| R20 | text pending | <del>2</del> <ins>1</ins> | — | — |" in text


def test_text_is_escaped_so_it_shows_as_written(project: Project) -> None:
    text = "Use <script>alert(1)</script> | *not bold* and_underscores\nsecond line"
    output = render_annex(build_annex(variant(project, {"R02": {"text": text}}))).decode()
    row = next(line for line in output.splitlines() if line.startswith("| R02 |"))
    assert row == (
        r"| R02 | Use &lt;script&gt;alert(1)&lt;/script&gt; \| \*not bold\* and\_underscores"
        "<br>second line | — | — | — |"
    )


def test_every_line_ends_with_a_newline_and_render_twice_is_identical(project: Project) -> None:
    first, second = render_annex(build_annex(project)), render_annex(build_annex(project))
    assert first == second
    assert first.endswith(b"\n") and b"\r" not in first
