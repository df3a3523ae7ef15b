"""The Annex rows: columns, order, unknown markers, the Recommendation cell, the planning seam."""

from __future__ import annotations

import datetime as dt

import pytest
from annex_cases import variant

from roadmap_cli.model import Project
from roadmap_cli.render.table import (
    COLUMNS,
    DEFAULT_COLUMNS,
    ColumnError,
    Planned,
    build_annex,
    columns_from_names,
)
from roadmap_cli.views.words import DASH


def _cells(project: Project, rec_id: str, columns=DEFAULT_COLUMNS, **kwargs) -> dict[str, str]:
    view = build_annex(project, columns, **kwargs)
    row = next(r for r in view.rows if r.id == rec_id)
    return {c.key: cell.text for c, cell in zip(view.columns, row.cells, strict=True)}


def test_default_columns_are_those_of_the_cws_documents(project: Project) -> None:
    view = build_annex(project)
    assert [c.header for c in view.columns] == [
        "No.",
        "Recommendation",
        "Group",
        "Relevant WIPO Standard(s) or CWS Task(s)",
        "Priority",
    ]
    assert view.title == "40 RECOMMENDATIONS AND CWS ACTIVITIES"
    assert view.subtitle == "CWS Task No. 58, status after CWS/8"
    assert abs(sum(view.widths) - 1) < 0.001


def test_rows_are_in_number_order_one_per_recommendation(project: Project) -> None:
    view = build_annex(project)
    assert [row.id for row in view.rows] == [f"R{n:02d}" for n in range(1, 41)]


def test_unknown_values_show_a_dash_or_text_pending_never_none(project: Project) -> None:
    view = build_annex(project, tuple(c for c in COLUMNS.values() if not c.needs_schedule))
    texts = [cell.text for row in view.rows for cell in row.cells]
    assert not any("None" in text for text in texts)
    assert _cells(project, "R02") == {
        "no": "R02",
        "recommendation": "text pending",
        "group": DASH,
        "references": DASH,
        "priority": DASH,
    }
    assert view.legend and "text pending" in view.legend[0]


def test_recommendation_cell_quotes_the_text_or_says_pending_with_the_topic(
    project: Project,
) -> None:
    assert _cells(project, "R06")["recommendation"].startswith("Re-engineer and transform")
    r04 = _cells(project, "R04")
    assert r04["recommendation"] == (
        "text pending. Topic: Common conversion software tool to XML (e.g. a DOCX converter)"
    )
    assert r04["group"] == "1" and r04["priority"] == "High"
    view = build_annex(project)
    r04_cell = next(r for r in view.rows if r.id == "R04").cells[1]
    assert not r04_cell.known


def test_references_column_lists_standards_then_tasks(project: Project) -> None:
    changed = variant(
        project,
        {
            "R04": {"standards": ("ST.96", "ST.36"), "tasks": (58,)},
            "R05": {"standards": (), "tasks": ()},
        },
    )
    assert _cells(changed, "R04")["references"] == "ST.96, ST.36, Task No. 58"
    assert _cells(changed, "R05")["references"] == "none"


def test_extra_columns_are_chosen_by_name_or_added_with_plus(project: Project) -> None:
    assert [c.key for c in columns_from_names(["no,title", "status"])] == ["no", "title", "status"]
    extended = ["no", "recommendation", "group", "references", "priority", "status", "work-item"]
    assert [c.key for c in columns_from_names(["+status", "+work-item"])] == extended
    assert [c.key for c in columns_from_names(["+status,work-item"])] == extended
    assert [c.key for c in columns_from_names(["+status,work-item,status"])] == extended
    assert columns_from_names([]) == DEFAULT_COLUMNS
    cells = _cells(project, "R04", columns_from_names(["+work-item,depends-on"]))
    assert cells["work-item"].endswith("(R04, R18)") or cells["work-item"].endswith("(R18, R04)")
    assert cells["depends-on"] == "none"


def test_unknown_column_name_suggests_the_closest(project: Project) -> None:
    with pytest.raises(ColumnError, match=r"'statu' is not a column; did you mean status\?"):
        columns_from_names(["+statu"])


def test_planning_columns_need_a_schedule(project: Project) -> None:
    with pytest.raises(ColumnError, match="start, slack need the computed schedule"):
        build_annex(project, columns_from_names(["no,start,slack"]))


def test_planning_columns_format_what_the_schedule_supplies(project: Project) -> None:
    planning = {
        "R04": Planned(dt.date(2021, 1, 1), dt.date(2021, 11, 5), "CWS/11", 3, target_assumed=True)
    }
    columns = columns_from_names(["no,start,end,target-session,slack"])
    assert _cells(project, "R04", columns, planning=planning) == {
        "no": "R04",
        "start": "2021-01-01",
        "end": "2021-11-05",
        "target-session": "CWS/11 (dates assumed)",
        "slack": "3",
    }
    assert _cells(project, "R05", columns, planning=planning)["start"] == DASH
