"""What `validate` accepts, every command survives (issue #12, item 1).

Hypothesis mutates the bundled data folder with hostile but valid values (mathtext, rich markup,
mentions, formulas, HTML, workflow commands, right-to-left marks, line breaks, long texts,
dependencies, efforts, dates near the ends of the years allowed, owners), keeps the folders that
`roadmap validate` accepts, and runs every command on them: each exits 0 or 1, prints every
problem located (``file:line:col: severity: message [code]``), never a traceback, and writes no
escape character and no workflow command.

The budget is bounded so that CI stays fast: the queries and text outputs run on 10 examples;
the charts, the DOCX files and the build (seconds each) on 2. Hypothesis keeps the failing
examples it finds in its database and tries them first on the next run.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.load import dump_yaml, read_yaml

DATA = Path(__file__).resolve().parent.parent / "data"
RECOMMENDATIONS: dict[str, Any] = read_yaml(DATA / "recommendations.yaml").data
PLANNING: dict[str, Any] = read_yaml(DATA / "planning.yaml").data
IDS = [r["id"] for r in RECOMMENDATIONS["recommendations"]]
WORK_ITEM_MEMBERS = {m for w in RECOMMENDATIONS.get("work_items", ()) for m in w["members"]}
SESSIONS = [s["id"] for s in read_yaml(DATA / "sessions.yaml").data["sessions"]]
OWNERS = [o["id"] for o in PLANNING["owners"]]

PROBLEM_LINE = re.compile(r"^.+:[1-9]\d*:[1-9]\d*: (error|warning): .+ \[[a-z0-9-]+\]$")
COUNT_LINE = re.compile(r"^\d+ errors?, \d+ warnings? in \d+ files?$")

HOSTILE = [
    "Cost $x^{2}$ and $\\frac{a}$",
    "[bold red]markup[/] [link=https://example.org]link[/link]",
    "@octocat and @wipo/cws: fixes #123",
    '=HYPERLINK("https://example.org","x")',
    "+1",
    "-2+3",
    "@SUM(1)",
    "| a | b |",
    "<script>alert(1)</script> &amp;",
    "::error::owned",
    "##[error]owned",
    "\u202eevil\u202c",
    "line one\nline two\n",
    "tab\tseparated",
    "\u2028escaped separator\u2029",
    "%0A%25",
    "x" * 600,
    "`code` **bold** _em_ ~~strike~~",
    "\U0001f600 emoji, accents: é ü ø, CJK: 標準",
    "{{ jinja }} {% raw %}",
]
_PRINTABLE = st.characters(exclude_categories=("Cc", "Cs"))
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(_PRINTABLE, min_size=1, max_size=80))
DAY = st.dates(dt.date(1990, 1, 1), dt.date(2150, 12, 31)).map(dt.date.isoformat)
MILESTONE = st.one_of(DAY, st.sampled_from(SESSIONS))


@st.composite
def recommendation_change(draw: st.DrawFn) -> tuple[str, str, object]:
    """(id, field, value): one change to one recommendation that keeps the data valid."""
    rec_id = draw(st.sampled_from(IDS))
    field = draw(
        st.sampled_from(
            [
                "title",
                "text",
                "note",
                "group",
                "priority",
                "status",
                "depends_on",
                "effort_months",
                "not_before",
                "deadline",
                "percent_complete",
                "owner",
            ]
        )
    )
    value: object
    if field in ("title", "text", "note"):
        value = draw(TEXT)
    elif field == "group":
        value = draw(st.sampled_from([None, 1, 2, 3]))
    elif field == "priority":
        value = draw(st.sampled_from([None, "high", "medium", "low"]))
    elif field == "status":
        value = draw(
            st.sampled_from(
                [None, "under-review", "planned", "in-progress", "done", "on-hold", "dropped"]
            )
        )
    elif field == "depends_on":  # only on earlier ids outside work items: no cycle
        earlier = [i for i in IDS if i < rec_id and i not in WORK_ITEM_MEMBERS]
        assume(earlier and rec_id not in WORK_ITEM_MEMBERS)
        value = draw(st.lists(st.sampled_from(earlier), min_size=1, max_size=3, unique=True))
    elif field == "effort_months":
        value = draw(st.integers(1, 600))
    elif field in ("not_before", "deadline"):
        value = draw(MILESTONE)
    elif field == "percent_complete":
        value = draw(st.integers(0, 100))
    else:
        value = draw(st.sampled_from(OWNERS))
    return rec_id, field, value


@st.composite
def data_folder(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """The recommendations and planning files with a few changes each."""
    recommendations = copy.deepcopy(RECOMMENDATIONS)
    by_id = {r["id"]: r for r in recommendations["recommendations"]}
    for rec_id, field, value in draw(st.lists(recommendation_change(), min_size=1, max_size=6)):
        by_id[rec_id][field] = value
    planning = copy.deepcopy(PLANNING)
    planning["plan_start"]["date"] = draw(st.one_of(st.just("2022-01-01"), DAY))
    planning["plan_start"]["note"] = draw(TEXT)
    planning["owners"][0]["name"] = draw(TEXT)
    planning["owners"][0]["capacity"] = draw(st.sampled_from([None, 1, 2, 4]))
    return recommendations, planning


def _write(folder: Path, recommendations: dict[str, Any], planning: dict[str, Any]) -> Path:
    data = folder / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(DATA, data)
    (data / "recommendations.yaml").write_text(dump_yaml(recommendations), encoding="utf-8")
    (data / "planning.yaml").write_text(dump_yaml(planning), encoding="utf-8")
    return data


def _run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    return result.exit_code, result.stdout, result.stderr


def _check(args: list[str]) -> None:
    """The command exits 0 or 1, locates every problem, and prints nothing that attacks."""
    code, out, err = _run(args)
    assert code in (0, 1), (args, err)
    assert "Traceback" not in err, (args, err)
    if code == 1:
        problems = [line for line in err.splitlines() if PROBLEM_LINE.match(line)]
        assert problems, (args, err)
    for stream in (out, err):
        assert "\x1b" not in stream, args
        assert not re.search(r"^\s*::", stream, re.MULTILINE), args


def _accepted(tmp: Path, drawn: tuple[dict[str, Any], dict[str, Any]]) -> Path:
    data = _write(tmp, *drawn)
    code, _, err = _run(["validate", "--data", str(data)])
    assert code in (0, 1) and "Traceback" not in err
    assume(code == 0)
    return data


FAST_PHASES = (Phase.explicit, Phase.reuse, Phase.generate)
"""No shrinking: each example runs a dozen commands, and shrinking one took over five minutes.
The failing example is printed whole (and kept in the database); its few changes read easily."""


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-commands")


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=FAST_PHASES,
)
@given(drawn=data_folder(), rec_id=st.sampled_from(IDS), as_of=DAY)
def test_queries_and_text_outputs_survive_what_validate_accepts(
    scratch: Path, drawn: tuple[dict[str, Any], dict[str, Any]], rec_id: str, as_of: str
) -> None:
    data = _accepted(scratch, drawn)
    where = ["--data", str(data)]
    for args in (
        ["status", "--as-of", as_of],
        ["list"],
        ["show", rec_id],
        ["schedule"],
        ["schedule", "--as-of", as_of],
        ["why", rec_id],
        ["next", "--as-of", as_of],
        ["annex", "--format", "md"],
        ["annex", "--format", "csv"],
        ["annex", "--format", "html"],
        ["annex", "--format", "json"],
        ["annex", "--columns", "+title,note,start,end,target-session,slack"],
        ["gantt", "--format", "mermaid", "--as-of", as_of],
        ["gantt", "--format", "mmd", "--as-of", as_of],
        ["priorities"],
        ["priorities", "--json"],
        ["diff", str(DATA), "--format", "text"],
        ["diff", str(DATA), "--format", "markdown"],
        ["diff", str(DATA), "--format", "json"],
    ):
        _check([*args, *where])


@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=FAST_PHASES,
)
@given(drawn=data_folder(), as_of=DAY)
def test_charts_documents_and_the_build_survive_what_validate_accepts(
    scratch: Path, drawn: tuple[dict[str, Any], dict[str, Any]], as_of: str
) -> None:
    data = _accepted(scratch, drawn)
    where = ["--data", str(data)]
    out = scratch / "out"
    out.mkdir(exist_ok=True)
    for fmt in ("svg", "png", "pdf"):
        _check(
            ["gantt", "--format", fmt, "-o", str(out / f"gantt.{fmt}"), "--as-of", as_of, *where]
        )
    _check(["annex", "--format", "docx", "-o", str(out / "annex.docx"), *where])
    _check(["build", "--out", str(out / "build"), "--as-of", as_of, *where])
