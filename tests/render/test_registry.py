"""The renderer registry: every format the CLI offers resolves, renders, and loads lazily."""

from __future__ import annotations

import pytest
from annex_cases import before_cws7

from roadmap_cli.model import Project
from roadmap_cli.render import (
    ANNEX_FORMATS,
    BINARY_FORMATS,
    GANTT_FORMATS,
    OUTPUTS,
    REVISION_FORMATS,
    renderer,
)
from roadmap_cli.views.annex import build_annex
from roadmap_cli.views.revisions import annex_view


@pytest.mark.parametrize(
    ("output", "fmt"), [(output, fmt) for output, formats in OUTPUTS.items() for fmt in formats]
)
def test_every_registered_output_resolves_to_a_function(output: str, fmt: str) -> None:
    assert callable(renderer(output, fmt))


def test_binary_and_revision_formats_are_registered_formats() -> None:
    assert set(ANNEX_FORMATS) | set(GANTT_FORMATS) >= BINARY_FORMATS
    assert set(ANNEX_FORMATS) >= REVISION_FORMATS


@pytest.mark.parametrize("fmt", sorted(ANNEX_FORMATS))
def test_every_format_renders_the_bundled_data_the_same_twice(project: Project, fmt: str) -> None:
    render = renderer("annex", fmt)
    view = build_annex(project)
    output = render(view)
    assert isinstance(output, bytes) and len(output) > 1000
    assert output == render(build_annex(project))
    if fmt not in BINARY_FORMATS:
        text = output.decode("utf-8")
        assert "R40" in text and "None" not in text


@pytest.mark.parametrize("fmt", sorted(REVISION_FORMATS))
def test_every_revision_format_shows_the_summary(project: Project, fmt: str) -> None:
    output = renderer("annex", fmt)(
        annex_view(project, baseline=before_cws7(project), baseline_label="CWS/6")
    )
    if fmt == "docx":
        import io

        import docx

        text = "\n".join(p.text for p in docx.Document(io.BytesIO(output)).paragraphs)
    else:
        text = output.decode("utf-8")
    assert "R20, R33 and R35 moved from Group 2 to Group 1." in text
