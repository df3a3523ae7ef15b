"""The diff core and its view: two projects (and their problems) in, changes and effects out,
then the sentences that `views.diff` words them in."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import msgspec
from annex_cases import before_cws7, variant

from roadmap_cli.diff import (
    Change,
    PlanEndEffect,
    PriorityEffect,
    ProblemEffect,
    ScheduleEffect,
    Subject,
    compare_projects,
    diff_versions,
    problem_effects,
    recommendation_changes,
)
from roadmap_cli.model import Group, Priority, Project, Recommendation, Session, Status, WorkItem
from roadmap_cli.problems import Problem, Severity
from roadmap_cli.project import ProjectLoad, load_project
from roadmap_cli.render.json import render_diff
from roadmap_cli.snapshot import Snapshot
from roadmap_cli.views.diff import diff_view, format_value


def _version(label: str, project: Project | None, *problems: Problem, root: str = "d/") -> Snapshot:
    files = (f"{root}recommendations.yaml", f"{root}sessions.yaml")
    return Snapshot(label, ProjectLoad(project, tuple(problems), files))


def _diff(before: Project, after: Project) -> tuple[tuple[Change, ...], tuple[str, ...]]:
    """Changes and sentences, without the schedule (whose effects the last tests check)."""
    result = diff_versions(
        _version("base", replace(before, planning=None)),
        _version("head", replace(after, planning=None)),
    )
    return result.changes, diff_view(result).summary


def test_identical_projects_give_an_empty_diff(project: Project) -> None:
    result = diff_versions(_version("a", project), _version("b", project))
    assert result.is_empty
    assert result.changes == () and result.effects == () and diff_view(result).summary == ()


def test_the_cws7_move_is_three_group_changes_in_one_sentence(project: Project) -> None:
    changes, summary = _diff(before_cws7(project), project)
    assert [(c.id, c.field, c.before, c.after, c.kind) for c in changes] == [
        ("R20", "group", 2, 1, "changed"),
        ("R33", "group", 2, 1, "changed"),
        ("R35", "group", 2, 1, "changed"),
    ]
    assert summary == ("R20, R33 and R35 moved from Group 2 to Group 1.",)


def test_every_field_of_a_recommendation_is_compared_with_yaml_names(project: Project) -> None:
    after = variant(
        project,
        {
            "R02": {
                "title": "A title",
                "text": "The text.",
                "group": Group.THREE,
                "standards": ("ST.96",),
                "tasks": (),
                "priority": Priority.LOW,
                "depends_on": ("R01",),
                "status": Status.PLANNED,
                "sources": ("CWS/6/3", "report"),
                "note": None,
            }
        },
    )
    changes = compare_projects(project, after)
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("title", None, "A title"),
        ("text", None, "The text."),
        ("group", None, 3),
        ("standards", None, ["ST.96"]),
        ("tasks", None, []),
        ("priority", None, "low"),
        ("depends_on", [], ["R01"]),
        ("status", None, "planned"),
        ("sources", ["CWS/6/3"], ["CWS/6/3", "report"]),
        (
            "note",
            "Text, group and relevant Standard(s)/Task(s) to be transcribed from CWS/6/3 Annex.",
            None,
        ),
    ]
    assert {c.kind for c in changes[:6]} == {"set"}
    assert changes[-1].kind == "cleared"


def test_recommendations_added_and_removed_carry_the_whole_record(project: Project) -> None:
    new = Recommendation(id="R41", title="A new one", group=Group.TWO)
    changes, summary = _diff(project, variant(project, {}, drop=("R40",), add=(new,)))
    removed, added = changes
    assert (removed.id, removed.field, removed.kind, removed.after) == (
        "R40",
        None,
        "removed",
        None,
    )
    assert removed.before["sources"] == ["CWS/6/3"]
    assert (added.id, added.kind, added.before) == ("R41", "added", None)
    assert added.after["title"] == "A new one" and added.after["group"] == 2
    assert summary == (
        "R41 was added.",
        "R40 was removed.",
        # R40 was ranked 20th in the 2020 survey: the 20 below it move up one place
        "Survey 2020-task-force (median): 20 computed ranks moved.",
    )


def test_history_and_dependencies_are_compared_as_lists(project: Project) -> None:
    r20 = project.recommendations_by_id["R20"]
    entry = msgspec.structs.replace(
        r20.history[0],
        session="CWS/8",
        field="priority",
        before=None,
        after="high",
        source="CWS/8/24",
    )
    after = variant(project, {"R20": {"history": (*r20.history, entry), "depends_on": ("R04",)}})
    changes, summary = _diff(project, after)
    assert [c.field for c in changes] == ["depends_on", "history"]
    assert len(changes[1].after) == 2 and changes[1].after[1]["session"] == "CWS/8"
    assert summary == (
        "The dependencies of R20 changed from none to R04.",
        "The history of R20 changed.",
    )
    assert format_value("history", changes[1].after) == (
        "CWS/7 group: 2 \u2192 1 (CWS/7/29); CWS/8 priority: \u2014 \u2192 high (CWS/8/24)"
    )


def test_joining_a_work_item_is_a_change_of_the_recommendation(project: Project) -> None:
    items = tuple(
        msgspec.structs.replace(w, members=(*w.members, "R09"))
        if w.id == "xml-conversion-tool"
        else w
        for w in project.work_items
    )
    after = replace(project, work_items=items)
    changes, summary = _diff(project, after)
    assert [(c.subject, c.id, c.field, c.before, c.after) for c in changes] == [
        (Subject.RECOMMENDATION, "R09", "work_item", None, "xml-conversion-tool"),
    ]
    assert summary == ("The work item of R09 was set to xml-conversion-tool.",)


def test_work_items_sessions_and_documents_are_compared_too(project: Project) -> None:
    new_item = WorkItem(id="pair", title="A pair", members=("R01", "R02"))
    sessions = (
        *(
            msgspec.structs.replace(s, place="Geneva") if s.id == "CWS/9" else s
            for s in project.sessions
        ),
        Session(id="CWS/13"),
    )
    documents = project.documents[1:]
    after = replace(
        project, work_items=(*project.work_items, new_item), sessions=sessions, documents=documents
    )
    changes, summary = _diff(project, after)
    assert [(c.subject.value, c.id, c.field, c.kind) for c in changes] == [
        ("recommendation", "R01", "work_item", "set"),
        ("recommendation", "R02", "work_item", "set"),
        ("work-item", "pair", None, "added"),
        ("session", "CWS/9", "place", "set"),
        ("session", "CWS/13", None, "added"),
        ("document", "CWS/6/3", None, "removed"),
    ]
    assert summary == (
        "The work item of R01 and R02 was set to pair.",
        "Work item pair was added.",
        "Session CWS/13 was added.",
        "The place of session CWS/9 was set to Geneva.",
        "Document CWS/6/3 was removed.",
    )


def test_the_changes_of_one_recommendation(project: Project) -> None:
    changes = recommendation_changes(before_cws7(project), project, "R33")
    assert [(c.field, c.before, c.after) for c in changes] == [("group", 2, 1)]
    assert recommendation_changes(project, project, "R33") == ()
    assert recommendation_changes(project, project, "R99") == ()


def _problem(
    file: str, line: int, code: str = "bom", severity: Severity = Severity.WARNING
) -> Problem:
    return Problem(file, code, f"message of {code}", severity=severity, line=line, column=1)


def test_problems_are_matched_without_their_line_numbers() -> None:
    base = ProjectLoad(
        None,
        (_problem("HEAD~1:data/recommendations.yaml", 3),),
        ("HEAD~1:data/recommendations.yaml", "HEAD~1:data/sessions.yaml"),
    )
    moved = _problem("data/recommendations.yaml", 9)
    new = _problem("data/sessions.yaml", 2, "unknown-session", Severity.ERROR)
    head = ProjectLoad(None, (moved, new), ("data/recommendations.yaml", "data/sessions.yaml"))
    assert problem_effects(base, head) == (ProblemEffect(True, new),)
    assert problem_effects(head, base) == (ProblemEffect(False, new),)


def test_a_version_with_errors_is_not_compared_but_its_new_problems_are_effects(
    project: Project,
) -> None:
    error = _problem("d/recommendations.yaml", 57, "unknown-recommendation", Severity.ERROR)
    result = diff_versions(_version("base", project), _version("head", None, error))
    assert result.changes == ()
    view = diff_view(result)
    assert view.unavailable == (
        "head has data errors: only the records without errors are compared, and its schedule "
        "and priorities are not computed",
    )
    assert [e.kind for e in result.effects] == ["new-problem"]
    assert view.summary == ("New problems: 1 error.",)
    assert not result.is_empty


def test_json_of_a_change_has_the_documented_keys(project: Project) -> None:
    result = diff_versions(_version("a", before_cws7(project)), _version("b", project))
    document = json.loads(render_diff(diff_view(result)))
    assert document["changes"][0] == {
        "subject": "recommendation",
        "id": "R20",
        "field": "group",
        "change": "changed",
        "before": 2,
        "after": 1,
    }
    assert document["effects"] == []


# ---- surveys and computed priorities -------------------------------------------------------

SURVEY_2020 = "2020-task-force"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _loaded(folder: Path) -> Project:
    loaded = load_project(folder)
    assert loaded.project is not None, loaded.problems
    return loaded.project


def test_offices_added_removed_and_answers_changed_are_survey_changes(
    project: Project, data_copy: Path
) -> None:
    survey = data_copy / "surveys" / SURVEY_2020
    _edit(survey / "QM.yaml", "  R04: high\n", "  R04: low\n")
    _edit(survey / "QM.yaml", "  R09: high\n", "  R09: {value: medium, comment: later}\n")
    (survey / "QT.yaml").write_text(
        (survey / "QS.yaml").read_text(encoding="utf-8").replace("office: QS", "office: QT"),
        encoding="utf-8",
    )
    (survey / "QS.yaml").unlink()
    _edit(survey / "survey.yaml", "QR, QS]", "QR, QT]")
    changes = [c for c in compare_projects(project, _loaded(data_copy))]
    assert [(c.subject.value, c.id, c.field, c.kind) for c in changes] == [
        ("survey", SURVEY_2020, "respondents", "changed"),
        ("response", f"{SURVEY_2020}/QM", "R04", "changed"),
        ("response", f"{SURVEY_2020}/QM", "R09", "changed"),
        ("response", f"{SURVEY_2020}/QS", None, "removed"),
        ("response", f"{SURVEY_2020}/QT", None, "added"),
    ]
    assert changes[2].after == {"value": "medium", "comment": "later"}
    assert changes[4].after["office"] == "QT" and changes[4].after["answers"]["R01"]
    result = diff_versions(_version("base", project), _version("head", _loaded(data_copy)))
    assert diff_view(result).summary[:2] == (
        "The respondents of survey 2020-task-force changed from QM, QN, QO, QP, QQ, QR, QS to "
        "QM, QN, QO, QP, QQ, QR, QT.",
        "Survey 2020-task-force: new responses from QT; the responses of QS were removed; "
        "answers changed by QM (R04, R09).",
    )


def test_answers_that_move_a_recommendation_are_rank_and_level_effects(
    project: Project, data_copy: Path
) -> None:
    survey = data_copy / "surveys" / SURVEY_2020
    for office in ("QM", "QN", "QO", "QQ"):
        _edit(survey / f"{office}.yaml", "  R04: high\n", "  R04: low\n")
    result = diff_versions(_version("base", project), _version("head", _loaded(data_copy)))
    effects = [e for e in result.effects if isinstance(e, PriorityEffect)]
    moves = [(e.id, e.field, e.before, e.after, e.shift) for e in effects]
    # R04 falls from 4th to 29th: the 25 ranked between move up one place each
    assert moves[-2:] == [("R04", "rank", 4, 29, -25), ("R04", "level", "high", "low", None)]
    assert [m[2] - m[3] for m in moves[:-2]] == [1] * 25
    assert [m[3] for m in moves[:-2]] == list(range(4, 29))
    assert diff_view(result).summary == (
        "Survey 2020-task-force: answers changed by QM (R04), QN (R04), QO (R04) and QQ (R04).",
        "Survey 2020-task-force (median): 26 computed ranks moved; the computed priority of R04 "
        "changed from high to low.",
    )
    assert json.loads(render_diff(diff_view(result)))["effects"][0] == {
        "kind": "priority-rank",
        "id": "R18",
        "survey": SURVEY_2020,
        "method": "median",
        "before": 5,
        "after": 4,
        "shift": 1,
    }


def test_a_few_rank_moves_are_named_in_the_summary(project: Project, data_copy: Path) -> None:
    survey = data_copy / "surveys" / SURVEY_2020
    _edit(survey / "QP.yaml", "  R04: medium\n", "  R04: high\n")
    result = diff_versions(_version("base", project), _version("head", _loaded(data_copy)))
    assert diff_view(result).summary[-1] == (
        "Survey 2020-task-force (median): 4 computed ranks moved "
        "(R04 4 \u2192 1, R06 1 \u2192 2, R39 2 \u2192 3, R12 3 \u2192 4)."
    )


def test_data_changes_that_leave_the_answers_alone_move_no_rank(project: Project) -> None:
    result = diff_versions(_version("base", before_cws7(project)), _version("head", project))
    assert result.effects == ()


# ---- the schedule ----------------------------------------------------------------------------


def test_work_done_leaves_the_timeline_and_frees_a_place_for_others(project: Project) -> None:
    after = variant(project, {"R06": {"status": Status.DONE}})
    result = diff_versions(_version("base", project), _version("head", after))
    schedule = [e for e in result.effects if isinstance(e, ScheduleEffect)]
    left = [e for e in schedule if e.after is None]
    assert [(e.id, e.before.start if e.before else None) for e in left] == [("R06", "2022-01-01")]
    r23 = next(e for e in schedule if e.id == "R23")  # next in the order takes the free place
    assert (r23.start_shift, r23.end_shift) == (-6, -6)
    document = json.loads(render_diff(diff_view(result)))
    r23_json = next(e for e in document["effects"] if e["kind"] == "schedule" and e["id"] == "R23")
    assert r23_json["before"] == {
        "start": "2022-07-01",
        "end": "2022-12-31",
        "session": "CWS/11",
        "critical": False,
    }
    summary = diff_view(result).summary
    assert "No longer scheduled: R06." in summary
    assert "The target session of R23 moves from CWS/11 to CWS/10." in summary


def test_work_items_are_named_by_their_members(project: Project) -> None:
    after = variant(project, {"R18": {"status": Status.DROPPED}, "R04": {"status": Status.DROPPED}})
    effects = [
        e
        for e in diff_versions(_version("a", project), _version("b", after)).effects
        if isinstance(e, ScheduleEffect) and e.after is None
    ]
    assert [(e.id, e.label) for e in effects] == [("xml-conversion-tool", "R04+R18")]


def test_without_planning_assumptions_there_is_no_schedule_to_compare(project: Project) -> None:
    after = replace(variant(project, {"R06": {"status": Status.DONE}}), planning=None)
    result = diff_versions(_version("a", project), _version("b", after))
    assert not [e for e in result.effects if isinstance(e, ScheduleEffect | PlanEndEffect)]
    assert [(c.subject.value, c.id, c.kind) for c in result.changes] == [
        ("recommendation", "R06", "set"),
        ("planning", "planning.yaml", "removed"),
        ("owner", "international-bureau", "removed"),
        ("owner", "task-force", "removed"),
    ]


def test_planning_settings_and_owners_are_changes_and_move_the_plan(
    project: Project, data_copy: Path
) -> None:
    _edit(data_copy / "planning.yaml", "  date: 2022-01-01\n", "  date: 2022-04-01\n")
    _edit(data_copy / "planning.yaml", "    capacity: 4\n", "    capacity: 3\n")
    result = diff_versions(_version("base", project), _version("head", _loaded(data_copy)))
    assert [(c.subject.value, c.id, c.field) for c in result.changes] == [
        ("planning", "planning.yaml", "plan_start"),
        ("owner", "task-force", "capacity"),
    ]
    assert result.changes[0].after["date"] == "2022-04-01"
    assert diff_view(result).summary[:2] == (
        "The plan start of planning.yaml changed.",
        "The capacity of owner task-force changed from 4 to 3.",
    )
    first = next(e for e in result.effects if isinstance(e, ScheduleEffect))
    assert (first.label, first.start_shift) == ("R04+R18", 3)
    assert isinstance(result.effects[-1], PlanEndEffect) and result.effects[-1].shift == 21


def test_a_change_to_the_task_block_is_reported(data_copy: Path) -> None:
    from typer.testing import CliRunner

    from roadmap_cli.cli import app

    path = data_copy / "recommendations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('  leader: "International Bureau"', '  leader: "IB"'), encoding="utf-8"
    )
    bundled = str(Path(__file__).resolve().parent.parent / "data")
    result = CliRunner().invoke(app, ["diff", bundled, str(data_copy), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    changes = json.loads(result.stdout)["changes"]
    assert [(c["id"], c["field"], c["before"], c["after"]) for c in changes] == [
        ("Task No. 58", "leader", "International Bureau", "IB")
    ]
