"""The bundled data is the real Task 58 data: it validates, and it holds the published facts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from roadmap_cli.model import Group, Priority, Project
from roadmap_cli.project import load_project
from roadmap_cli.views.status import completeness, completeness_line

DATA = Path(__file__).resolve().parent.parent / "data"
PRIORITIES_2020 = {"R04", "R06", "R09", "R12", "R15", "R18", "R23", "R38", "R39"}


def _project() -> Project:
    loaded = load_project(DATA)
    assert loaded.problems == ()
    assert loaded.project is not None
    return loaded.project


def test_bundled_data_validates_with_zero_problems() -> None:
    _project()


def test_all_forty_recommendations_in_order() -> None:
    assert [r.id for r in _project().recommendations] == [f"R{n:02d}" for n in range(1, 41)]


def test_cws7_moved_r20_r33_r35_to_group_1_with_source() -> None:
    project = _project()
    for rid in ("R20", "R33", "R35"):
        rec = project.recommendations_by_id[rid]
        assert rec.group is Group.ONE
        [move] = [h for h in rec.history if h.field == "group"]
        assert (move.session, move.before, move.after, move.source) == ("CWS/7", 2, 1, "CWS/7/29")


def test_the_nine_2020_priorities_are_group_1_and_high() -> None:
    project = _project()
    high = {r.id for r in project.recommendations if r.priority is Priority.HIGH}
    assert high == PRIORITIES_2020
    assert all(project.recommendations_by_id[r].group is Group.ONE for r in high)


def test_references_changed_at_cws7_are_recorded_without_inventing_values() -> None:
    project = _project()
    changed = {
        r.id for r in project.recommendations for h in r.history if h.field == "standards-or-tasks"
    }
    assert changed == {"R04", "R05", "R09", "R10", "R11", "R13", "R15", "R22", "R33", "R35"}
    assert all(r.standards is None and r.tasks is None for r in project.recommendations)


def test_only_the_two_published_texts_are_present() -> None:
    project = _project()
    assert [r.id for r in project.recommendations if r.text] == ["R01", "R06"]
    assert project.recommendations_by_id["R06"].text.startswith("Re-engineer and transform")  # type: ignore[union-attr]


def test_work_items_pair_the_recommendations_prioritised_together() -> None:
    project = _project()
    assert {w.id: set(w.members) for w in project.work_items} == {
        "xml-conversion-tool": {"R18", "R04"},
        "distributed-ip-registry": {"R12", "R15"},
    }


def test_session_calendar_has_the_announced_dates() -> None:
    project = _project()
    cws8 = project.session("CWS/8")
    assert cws8 is not None and (cws8.start, cws8.end) == (
        dt.date(2020, 11, 30),
        dt.date(2020, 12, 4),
    )
    cws11 = project.session("CWS/11")
    assert cws11 is not None and cws11.start is None


def test_completeness_is_reported_as_counts() -> None:
    line = completeness_line(completeness(_project()))
    assert line == "2/40 texts, 10/40 titles, 12/40 groups, 0/40 Standards/Tasks known"


def test_the_task_and_its_task_force_are_recorded_with_sources() -> None:
    task = _project().task
    assert task is not None
    assert (task.number, task.created_at, task.leader) == (58, "CWS/6", "International Bureau")
    assert task.task_force == "ICT Strategy for Standards Task Force"
    assert len(task.activities) == 4
    assert [m.when for m in task.meetings] == ["2019-07", "2020-07"]
    assert task.title is None  # the official wording is not known here: never invented
