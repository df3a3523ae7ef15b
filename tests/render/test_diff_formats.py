"""`roadmap diff` renderers: every format the CLI offers, on a diff with every kind of change."""

from __future__ import annotations

import json

import msgspec
import pytest
from annex_cases import variant

from roadmap_cli.diff import diff_versions
from roadmap_cli.model import Group, Project, Recommendation
from roadmap_cli.problems import Problem, Severity
from roadmap_cli.project import ProjectLoad
from roadmap_cli.render import DIFF_FORMATS, renderer
from roadmap_cli.snapshot import Snapshot
from roadmap_cli.views.diff import DiffView, diff_view


def _everything(project: Project) -> DiffView:
    r06 = project.recommendations_by_id["R06"]
    r20 = project.recommendations_by_id["R20"]
    entry = msgspec.structs.replace(
        r20.history[0],
        session="CWS/8",
        field="priority",
        before=None,
        after="high",
        source="CWS/8/24",
    )
    after = variant(
        project,
        {
            "R06": {"text": r06.text.replace("paper", "analogue") if r06.text else None},
            "R20": {"history": (*r20.history, entry), "sources": ("CWS/6/3", "CWS/8/24")},
            "R21": {"group": Group.THREE},
        },
        drop=("R40",),
        add=(Recommendation(id="R41", title="A | pipe <b>", group=Group.TWO),),
    )
    warning = Problem(
        "head/recommendations.yaml",
        "byte-order-mark",
        "the file starts with a byte-order mark",
        "save it as UTF-8 without BOM",
        Severity.WARNING,
        line=1,
        column=1,
    )
    files = ("recommendations.yaml", "sessions.yaml")
    result = diff_versions(
        Snapshot("main (1a2b3c4)", ProjectLoad(project, (), tuple(f"base/{f}" for f in files))),
        Snapshot("data", ProjectLoad(after, (warning,), tuple(f"head/{f}" for f in files))),
    )
    return diff_view(result)


@pytest.mark.parametrize("fmt", sorted(DIFF_FORMATS))
def test_every_format_renders_every_kind_of_change_the_same_twice(
    project: Project, fmt: str
) -> None:
    render = renderer("diff", fmt)
    output = render(_everything(project))
    assert output == render(_everything(project))
    text = output.decode("utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")
    for expected in ("R06", "R20", "R21", "R40", "R41", "byte-order-mark"):
        assert expected in text, expected
    assert "None" not in text


def test_markdown_marks_words_and_list_items(project: Project) -> None:
    text = renderer("diff", "markdown")(_everything(project)).decode("utf-8")
    assert text.splitlines()[0] == "## Roadmap changes: main (1a2b3c4) \u2192 data"
    assert text.splitlines()[2] == (
        "R41 was added. R40 was removed. The text of R06 changed. R21 was put in Group 3. "
        "The history of R20 changed. The sources of R20 changed from CWS/6/3, CWS/7/29 to "
        "CWS/6/3, CWS/8/24. Survey 2020-task-force (median): 20 computed ranks moved. "
        "Newly scheduled: R41. No longer scheduled: R40. New problems: 1 warning."
    )
    assert "| R34 | 2020-task-force (median) | rank | 21 | 20 | up 1 |" in text
    r06 = next(line for line in text.splitlines() if line.startswith("| R06 | text |"))
    assert "<del>paper</del> <ins>analogue</ins>" in r06
    assert "| R20 | sources | CWS/6/3, <del>CWS/7/29</del> | CWS/6/3, <ins>CWS/8/24</ins> |" in text
    assert "<ins>CWS/8 priority: \u2014 \u2192 high (CWS/8/24)</ins>" in text
    assert "| R41 | *added* | \u2014 | A \\| pipe &lt;b&gt; |" in text
    assert "| R40 | *removed* | \u2014 | \u2014 |" in text
    assert "| R41 | \u2014 \u2192 2026-07-01 | \u2014 \u2192 2026-12-31 |" in text
    assert "    section R40\n    before :done, b2, 2026-07-01, 2027-01-01\n```\n" in text
    assert (
        "| new warning | `head/recommendations.yaml:1:1` | the file starts with a byte-order "
        "mark; save it as UTF-8 without BOM | byte-order-mark |"
    ) in text


def test_text_puts_long_values_on_lines_of_their_own(project: Project) -> None:
    text = renderer("diff", "text")(_everything(project)).decode("utf-8")
    lines = text.splitlines()
    at = lines.index("  R20  history:")
    assert lines[at + 1] == "       - CWS/7 group: 2 \u2192 1 (CWS/7/29)"
    assert lines[at + 2].startswith("       + CWS/7 group: 2 \u2192 1 (CWS/7/29); CWS/8 priority")
    assert "  R21  group: \u2014 \u2192 3" in lines
    assert "  R41  added: A | pipe <b>" in lines
    assert "  R34  2020-task-force (median) rank: 21 \u2192 20 (up 1)" in lines
    assert "  R40  no longer scheduled: 2026-07-01 to 2026-12-31" in lines
    assert lines[-1] == (
        "  new: head/recommendations.yaml:1:1: warning: the file starts with a byte-order mark; "
        "save it as UTF-8 without BOM [byte-order-mark]"
    )


def test_json_is_plain_data_with_the_documented_keys(project: Project) -> None:
    document = json.loads(renderer("diff", "json")(_everything(project)))
    assert list(document) == [
        "base",
        "head",
        "as_of",
        "summary",
        "unavailable",
        "changes",
        "effects",
    ]
    assert {tuple(c) for c in document["changes"]} == {
        ("subject", "id", "field", "change", "before", "after")
    }
    assert document["effects"][0] == {
        "kind": "priority-rank",
        "id": "R34",
        "survey": "2020-task-force",
        "method": "median",
        "before": 21,
        "after": 20,
        "shift": 1,
    }
    assert document["effects"][-1:] == [
        {
            "kind": "new-problem",
            "id": "byte-order-mark",
            "severity": "warning",
            "file": "head/recommendations.yaml",
            "line": 1,
            "column": 1,
            "message": "head/recommendations.yaml:1:1: warning: the file starts with a "
            "byte-order mark; save it as UTF-8 without BOM [byte-order-mark]",
        }
    ]
