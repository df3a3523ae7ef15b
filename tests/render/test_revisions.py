"""Revision marks: cells compared with a baseline, rows added and removed, the summary."""

from __future__ import annotations

import msgspec
from annex_cases import before_cws7, variant

from roadmap_cli.model import Group, Priority, Project
from roadmap_cli.views.annex import AnnexView, Mark, Row, RowChange, Span
from roadmap_cli.views.revisions import annex_view, join_ids, word_diff


def _row(view: AnnexView, rec_id: str) -> Row:
    return next(r for r in view.rows if r.id == rec_id)


def test_the_cws7_move_is_marked_and_summarised_in_one_sentence(project: Project) -> None:
    view = annex_view(project, baseline=before_cws7(project), baseline_label="CWS/6")
    assert view.summary == ("R20, R33 and R35 moved from Group 2 to Group 1.",)
    assert view.baseline == "CWS/6"
    for rec_id in ("R20", "R33", "R35"):
        row = _row(view, rec_id)
        assert row.change is RowChange.CHANGED
        assert row.cells[2].spans == (Span("2", Mark.DELETED), Span(" "), Span("1", Mark.INSERTED))
        assert row.cells[2].before == "2"
    assert _row(view, "R21").change is RowChange.UNCHANGED
    assert "changes against CWS/6" in view.legend[-1]


def test_identical_data_gives_no_marks_and_says_so(project: Project) -> None:
    view = annex_view(project, baseline=project, baseline_label="HEAD")
    assert view.summary == ("No changes.",)
    assert view.summary_lead == "Changes against HEAD:"
    assert all(span.mark is Mark.SAME for row in view.rows for c in row.cells for span in c.spans)


def test_texts_are_marked_word_by_word() -> None:
    assert word_diff("use ST.96 for XML data", "use ST.96 and ST.36 for XML") == (
        Span("use ST.96 "),
        Span("and ST.36 ", Mark.INSERTED),
        Span("for XML"),
        Span(" data", Mark.DELETED),
    )
    assert word_diff("a paper workflow", "a digital workflow") == (
        Span("a "),
        Span("paper", Mark.DELETED),
        Span(" "),
        Span("digital", Mark.INSERTED),
        Span(" workflow"),
    )


def test_a_value_that_becomes_known_is_only_inserted(project: Project) -> None:
    baseline = variant(project, {"R04": {"priority": None}, "R18": {"priority": None}})
    view = annex_view(project, baseline=baseline, baseline_label="CWS/7")
    assert _row(view, "R04").cells[4].spans == (Span("High", Mark.INSERTED),)
    assert view.summary == ("The priority of R04 and R18 was set to High.",)


def test_changes_of_the_same_kind_are_grouped_in_table_order(project: Project) -> None:
    new = msgspec.structs.replace(project.recommendations_by_id["R40"], id="R41")
    current = variant(
        project,
        {
            "R02": {"text": "Adopt XML."},
            "R03": {"text": "Use APIs."},
            "R09": {"priority": Priority.MEDIUM},
            "R12": {"group": None},
        },
        drop=("R39",),
        add=(new,),
    )
    baseline = variant(project, {"R20": {"group": Group.TWO}})
    view = annex_view(current, baseline=baseline, baseline_label="v1")
    assert view.summary == (
        "R41 was added.",
        "R39 was removed.",
        "The text of R02 and R03 was added.",
        "The group of R12 is no longer given (was Group 1).",
        "R20 moved from Group 2 to Group 1.",
        "The priority of R09 changed from High to Medium.",
    )
    assert _row(view, "R41").change is RowChange.ADDED
    assert all(s.mark is Mark.INSERTED for c in _row(view, "R41").cells for s in c.spans)
    removed = _row(view, "R39")
    assert removed.change is RowChange.REMOVED
    assert removed.cells[0].spans == (Span("R39", Mark.DELETED),)
    assert [r.id for r in view.rows][-3:] == ["R39", "R40", "R41"]


def test_ids_are_joined_as_in_the_cws_documents() -> None:
    assert join_ids(["R20"]) == "R20"
    assert join_ids(["R20", "R33"]) == "R20 and R33"
    assert join_ids(["R20", "R33", "R35"]) == "R20, R33 and R35"
