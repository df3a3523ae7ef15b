"""The Annex table as JSON: structure, unknown values, revision data."""

from __future__ import annotations

import json

from annex_cases import before_cws7

from roadmap_cli.model import Project
from roadmap_cli.render.json import render_annex
from roadmap_cli.views.annex import build_annex
from roadmap_cli.views.revisions import annex_view


def test_rows_hold_the_cells_by_column_key(project: Project) -> None:
    document = json.loads(render_annex(build_annex(project)))
    assert document["title"] == "40 RECOMMENDATIONS AND CWS ACTIVITIES"
    assert document["source_session"] == "CWS/8"
    assert [c["key"] for c in document["columns"]] == [
        "no",
        "recommendation",
        "group",
        "references",
        "priority",
    ]
    r04 = document["rows"][3]
    assert r04["id"] == "R04"
    assert r04["cells"]["group"] == "1" and r04["cells"]["priority"] == "High"
    assert r04["unknown"] == ["recommendation", "references"]
    assert "change" not in r04 and document["baseline"] is None


def test_changes_carry_the_before_values(project: Project) -> None:
    view = annex_view(project, baseline=before_cws7(project), baseline_label="CWS/6")
    document = json.loads(render_annex(view))
    r20 = next(row for row in document["rows"] if row["id"] == "R20")
    assert r20["change"] == "changed"
    assert r20["before"] == {"group": "2"} and r20["cells"]["group"] == "1"
    assert document["summary"] == ["R20, R33 and R35 moved from Group 2 to Group 1."]


def test_render_twice_is_identical(project: Project) -> None:
    output = render_annex(build_annex(project))
    assert output == render_annex(build_annex(project)) and output.endswith(b"}\n")
