"""The timeline view: sections, row order, links, critical work, labels, axis range."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import Planned
from gantt_cases import LONG_TITLE

from roadmap_cli.model import Priority
from roadmap_cli.views.timeline import GroupBy, gantt_view, quarters, wrap_label


def test_sections_follow_the_groups_and_rows_their_start(gantt_case: Planned) -> None:
    view = gantt_view(gantt_case.project, gantt_case.plan, as_of=gantt_case.as_of)
    assert [(s.label, [b.label for b in s.bars]) for s in view.sections] == [
        ("Group 1", ["R01", "R02"]),
        ("Group 2", ["R04+R05", "R03"]),
        ("Group not known", ["R06"]),
    ]
    assert view.not_scheduled == ("done: R07",)


@pytest.mark.parametrize(
    ("group_by", "sections"),
    [
        (GroupBy.PRIORITY, ["High priority", "Medium priority", "Low priority", "No priority"]),
        (GroupBy.OWNER, ["International Bureau", "Task Force"]),
        (GroupBy.NONE, ["All work"]),
    ],
)
def test_other_groupings(gantt_case: Planned, group_by: GroupBy, sections: list[str]) -> None:
    view = gantt_view(
        gantt_case.project, gantt_case.plan, as_of=gantt_case.as_of, group_by=group_by
    )
    assert [s.label for s in view.sections] == sections
    assert sorted(b.id for b in view.bars) == sorted(s.unit.id for s in gantt_case.plan.slots)


def test_bars_carry_dates_progress_priority_and_criticality(gantt_case: Planned) -> None:
    view = gantt_view(gantt_case.project, gantt_case.plan, as_of=gantt_case.as_of)
    bars = {bar.id: bar for bar in view.bars}
    r01 = bars["R01"]
    assert (r01.start, r01.end, r01.finish) == (
        dt.date(2022, 4, 1),
        dt.date(2022, 6, 30),
        dt.date(2022, 7, 1),
    )
    assert r01.percent_complete == 25 and r01.priority is Priority.HIGH
    assert [b.id for b in view.bars if b.critical] == ["R01", "R02", "R03"]
    assert view.critical_path == ("R01", "R02", "R03")
    assert bars["conversion-tool"].label == "R04+R05"
    assert view.priorities == (Priority.HIGH, Priority.MEDIUM, Priority.LOW, None)


def test_links_run_from_prerequisites_and_mark_the_critical_path(gantt_case: Planned) -> None:
    view = gantt_view(gantt_case.project, gantt_case.plan, as_of=gantt_case.as_of)
    assert [(link.before, link.after, link.critical) for link in view.links] == [
        ("R01", "R02", True),
        ("R01", "R03", False),
        ("R02", "R03", True),
    ]


def test_the_axis_covers_whole_quarters_and_the_sessions_inside(gantt_case: Planned) -> None:
    view = gantt_view(gantt_case.project, gantt_case.plan, as_of=gantt_case.as_of)
    assert (view.start, view.end) == (dt.date(2022, 1, 1), dt.date(2023, 4, 1))
    assert [s.id for s in view.sessions] == ["CWS/10"]
    assert quarters(view.start, view.end)[:3] == (
        dt.date(2022, 1, 1),
        dt.date(2022, 4, 1),
        dt.date(2022, 7, 1),
    )
    assert any("CWS/11" in note for note in view.notes)  # R03's session: dates assumed


def test_bundled_plan_marks_assumed_sessions(bundled_plan: Planned) -> None:
    view = gantt_view(bundled_plan.project, bundled_plan.plan, as_of=bundled_plan.as_of)
    assert len(view.bars) == 38 and view.has_assumed_session
    assert all(session.assumed for session in view.sessions)
    assert view.plan_start_assumed


def test_long_labels_wrap_without_losing_a_word() -> None:
    lines = wrap_label("R03", LONG_TITLE)
    assert len(lines) > 1 and all(len(line) <= 44 for line in lines)
    assert " ".join(" ".join(lines).split()) == " ".join(f"R03 {LONG_TITLE}".split())
    assert wrap_label("R02", None) == ("R02",)
    assert "".join(wrap_label("R09", "x" * 100)).count("x") == 100  # a long word breaks, whole
