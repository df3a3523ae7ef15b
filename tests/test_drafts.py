"""Document sources (data/documents/*.md): every placeholder filled as the document says it, the
checks `roadmap validate` runs on the front matter and the body (located, with "did you mean"),
and `roadmap draft`."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from conftest import BUILD_AS_OF, DATA
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.drafts import PLACEHOLDER_BY_NAME, Kind, load_document
from roadmap_cli.model import Project
from roadmap_cli.project import PlanOptions, plan_project
from roadmap_cli.views.document import (
    Bullets,
    DocumentView,
    Numbered,
    Table,
    document_view,
)
from roadmap_cli.views.revisions import annex_view
from roadmap_cli.views.timeline import gantt_view

FRONT = """---
symbol: null
session: next
date: null
original_language: English
title: A test document
prepared_by: the International Bureau
baseline: null
---
"""
DECISION = "\nThe CWS is invited to:\n\n- note the content of the present document.\n"


def _write(folder: Path, body: str, front: str = FRONT, name: str = "test") -> Path:
    path = folder / f"{name}.md"
    path.write_text(front + body, encoding="utf-8")
    return path


def _view(project: Project, path: Path) -> DocumentView:
    loaded = load_document(path, project)
    assert loaded.document is not None, loaded.problems
    plan = plan_project(project, PlanOptions(as_of=BUILD_AS_OF))
    return document_view(
        loaded.document,
        project,
        plan,
        as_of=BUILD_AS_OF,
        annex=annex_view(project),
        gantt=gantt_view(project, plan, as_of=BUILD_AS_OF),
    )


INLINE = {
    "count.recommendations": "40",
    "count.group-1": "12",
    "count.group-2": "0",
    "count.group-3": "0",
    "count.priority-high": "9",
    "count.priority-medium": "0",
    "count.priority-low": "0",
    "count.open": "40",
    "session": "fourteenth session",
    "date": "November 23, 2026",
    "plan.start": "December 2026",
    "plan.end": "November 2031",
    "work-items": "R04 and R18; R12 and R15",
}
"""What each inline placeholder says for the bundled data as of `BUILD_AS_OF`."""


def test_every_placeholder_has_a_test() -> None:
    tested = {*INLINE, "assumptions", *BLOCKS, *ANNEXES}
    assert tested == set(PLACEHOLDER_BY_NAME)


@pytest.mark.parametrize("name", sorted(INLINE))
def test_an_inline_placeholder_says(project: Project, tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, f"Before {{{{ {name} }}}} after.\n{DECISION}")
    first = _view(project, path).body[0]
    assert isinstance(first, Numbered)
    assert "".join(run.text for run in first.runs) == f"Before {INLINE[name]} after."


def test_the_assumptions_placeholder_is_a_footnote(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path, f"It rests on assumptions{{{{ assumptions }}}}.\n{DECISION}")
    view = _view(project, path)
    first = view.body[0]
    assert isinstance(first, Numbered)
    assert [(r.text, r.footnote) for r in first.runs] == [
        ("It rests on assumptions", None),
        ("", 1),
        (".", None),
    ]
    assert view.footnotes[0].startswith("The timeline assumes that the work on the roadmap began")


BLOCKS = {
    "priorities": (
        Bullets,
        "Common conversion software tool to XML (e.g. a DOCX converter) (R04 and R18);",
    ),
    "next-sessions": (
        Bullets,
        "at the fourteenth session (November 2026, dates assumed), no result is due; and",
    ),
    "schedule": (Table, "CWS/15 (November 2027*)"),
}


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_a_block_placeholder_inserts(project: Project, tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, f"Lead.\n\n{{{{ {name} }}}}\n{DECISION}")
    block = _view(project, path).body[1]
    kind, first = BLOCKS[name]
    assert isinstance(block, kind)
    if isinstance(block, Bullets):
        assert "".join(r.text for r in block.items[0]) == first
    elif isinstance(block, Table):
        assert block.table.headers == ("Session", "Results that can be reported", "Work under way")
        assert block.table.rows[0][0] == first


ANNEXES = {"annex": "40 RECOMMENDATIONS AND CWS ACTIVITIES", "gantt": "TIMELINE"}


@pytest.mark.parametrize("name", sorted(ANNEXES))
def test_an_annex_placeholder_makes_the_only_annex(
    project: Project, tmp_path: Path, name: str
) -> None:
    path = _write(tmp_path, f"Text.\n{DECISION}\n{{{{ {name} }}}}\n")
    view = _view(project, path)
    (annex,) = view.annexes
    assert annex.label == "Annex" and annex.title.startswith(ANNEXES[name])
    assert (view.annex_follows, view.end_line) == (
        "[Annex follows]",
        "[End of Annex and of document]",
    )


def test_two_annexes_are_numbered_and_closed_as_the_cws_documents_are(project: Project) -> None:
    view = _view(project, DATA / "documents" / "roadmap-draft.md")
    assert [a.label for a in view.annexes] == ["Annex I", "Annex II"]
    assert (view.annex_follows, view.end_line) == (
        "[Annex follows]",
        "[End of Annex and of document]",
    )


def test_placeholders_are_kinds_of_their_own() -> None:
    kinds = {name: p.kind for name, p in PLACEHOLDER_BY_NAME.items()}
    assert {n for n, k in kinds.items() if k is Kind.ANNEX} == set(ANNEXES)
    assert {n for n, k in kinds.items() if k is Kind.BLOCK} == set(BLOCKS)


# ---- checks, through `roadmap validate` ------------------------------------------------------


@pytest.fixture
def documents(data_dir: Path) -> Path:
    return data_dir / "documents"


def _validate(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["validate", *args])
    return result.exit_code, result.stderr.splitlines()


def test_an_unknown_placeholder_is_located_with_a_suggestion(documents: Path) -> None:
    _write(
        documents, f"# Background\n\nWe have {{{{ count.recomendations }}}} of them.\n{DECISION}"
    )
    code, lines = _validate()
    assert code == 1
    assert lines[0] == (
        "data/documents/test.md:12:9: error: {{ count.recomendations }} is not a known "
        "placeholder; did you mean count.recommendations? [unknown-placeholder]"
    )


def test_a_block_placeholder_in_a_sentence_is_an_error(documents: Path) -> None:
    _write(documents, f"See\n{{{{ schedule }}}} here.\n{DECISION}")
    code, lines = _validate()
    assert code == 1
    assert lines[0] == (
        "data/documents/test.md:11:1: error: {{ schedule }} inserts a block and cannot stand in "
        "a sentence; put it alone in a paragraph of its own (blank lines around it) "
        "[placeholder-not-alone]"
    )


def test_text_after_an_annex_is_an_error(documents: Path) -> None:
    _write(documents, f"Text.\n{DECISION}\n{{{{ annex }}}}\n\nMore text.\n")
    code, lines = _validate()
    assert code == 1
    assert lines[0] == (
        "data/documents/test.md:18:1: error: text after {{ annex }} (line 16): the annexes come "
        "after the body; move this text above the annex placeholders [text-after-annex]"
    )


def test_front_matter_problems_are_located(documents: Path) -> None:
    front = FRONT.replace("session: next", "session: CWS/21").replace(
        "symbol: null", "symbol: CWS/10/5"
    )
    front = front.replace("title: A test", "titel: A test")
    _write(documents, f"Text.\n{DECISION}", front=front)
    code, lines = _validate()
    assert code == 1
    assert lines[:2] == [
        "data/documents/test.md:2:1: error: a front matter needs the key 'title'; add 'title:' "
        "[missing-key]",
        "data/documents/test.md:6:1: error: 'titel' is not a known key of a front matter; did "
        "you mean title? [unknown-key]",
    ]


def test_the_session_and_the_symbol_must_agree(documents: Path) -> None:
    front = FRONT.replace("session: next", "session: CWS/11").replace(
        "symbol: null", "symbol: CWS/10/5"
    )
    _write(documents, f"Text.\n{DECISION}", front=front)
    code, lines = _validate()
    assert code == 1
    assert lines[0] == (
        "data/documents/test.md:2:9: error: the symbol CWS/10/5 belongs to CWS/10, not to "
        "CWS/11; write a symbol CWS/11/<number>, or fix the session [symbol-session-mismatch]"
    )


def test_an_unknown_session_and_baseline_document_get_suggestions(documents: Path) -> None:
    front = FRONT.replace("session: next", "session: CWS/13").replace(
        "baseline: null", "baseline: {document: CWS/8/42, ref: cws-8}"
    )
    _write(documents, f"Text.\n{DECISION}", front=front)
    code, lines = _validate()
    assert code == 1
    assert lines[:2] == [
        "data/documents/test.md:3:10: error: CWS/13 is not in the session calendar; did you "
        "mean CWS/12? [unknown-session]",
        "data/documents/test.md:8:22: error: CWS/8/42 is not a document cited in the data; did "
        "you mean CWS/8/24? [unknown-source]",
    ]


def test_markdown_a_wipo_document_has_no_place_for_is_an_error(documents: Path) -> None:
    _write(documents, f"Text.\n\n```\ncode\n```\n{DECISION}")
    code, lines = _validate()
    assert code == 1
    assert lines[0] == (
        "data/documents/test.md:12:1: error: a code block has no place in a CWS working "
        "document; write headings (#), paragraphs and lists (-) only [unsupported-markdown]"
    )


def test_a_missing_front_matter_and_decision_paragraph_are_reported(documents: Path) -> None:
    (documents / "bare.md").write_text("# Background\n\nText.\n", encoding="utf-8")
    code, lines = _validate()
    assert code == 1
    assert lines[0].startswith(
        "data/documents/bare.md:1:1: error: the document has no front matter; start the file"
    )
    _write(documents, "Text without a decision.\n", name="bare")
    code, lines = _validate()
    assert code == 0
    assert lines[0] == (
        "data/documents/bare.md:10:1: warning: the document has no decision paragraph ('The CWS "
        "is invited to: ...'); end the body with it, its items as a list (-) "
        "[no-decision-paragraph]"
    )


def test_the_bundled_document_validates_clean() -> None:
    from roadmap_cli.project import load_project

    project = load_project(DATA).project
    loaded = load_document(DATA / "documents" / "roadmap-draft.md", project)
    assert loaded.problems == ()
    assert loaded.document is not None


# ---- `roadmap draft` ------------------------------------------------------------------------


def test_draft_renders_a_named_document(documents: Path, tmp_path: Path) -> None:
    front = FRONT.replace("session: next", "session: CWS/10").replace(
        "symbol: null", "symbol: CWS/10/5"
    )
    front = front.replace("date: null", "date: 2022-09-30")
    _write(documents, f"# Introduction\n\nText.\n{DECISION}\n{{{{ annex }}}}\n", front=front)
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(
        app, ["draft", "--document", "test", "-o", str(out), "--as-of", "2022-09-30"]
    )
    assert result.exit_code == 0, result.stderr
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert [p.text for p in document.paragraphs[:6]] == [
        "CWS/10/5",
        "ORIGINAL: ENGLISH",
        "DATE: SEPTEMBER 30, 2022",
        "Committee on WIPO Standards (CWS)",
        "Tenth Session",
        "Geneva (hybrid), November 21 to 25, 2022",
    ]
    assert [p.text for p in document.sections[1].header.paragraphs][:2] == [
        "CWS/10/5",
        "Annex, page 2",
    ]
    texts = [p.text for p in document.paragraphs]
    assert "[Annex follows]" in texts and texts[-1] == "[End of Annex and of document]"


def test_draft_of_an_unknown_document_suggests_one(data_dir: Path) -> None:
    result = CliRunner().invoke(app, ["draft", "--document", "roadmap-draf"])
    assert result.exit_code == 2
    assert "data/documents/roadmap-draf.md does not exist; did you mean roadmap-draft?" in (
        " ".join(result.stderr.replace("\u2502", " ").split())
    )


def test_a_data_folder_without_documents_builds_without_a_draft(
    data_dir: Path, tmp_path: Path
) -> None:
    shutil.rmtree(data_dir / "documents")
    result = CliRunner().invoke(
        app, ["build", "--out", str(tmp_path / "out"), "--as-of", "2026-11-23"]
    )
    assert result.exit_code == 0, result.stderr
    assert "note: no data/documents/roadmap-draft.md: the build has no draft" in result.stderr
    assert not (tmp_path / "out" / "roadmap-draft.docx").exists()


def test_include_illustrative_adds_a_labelled_last_annex(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "with.docx"
    result = CliRunner().invoke(
        app, ["draft", "--include-illustrative", "-o", str(out), "--as-of", "2026-11-23"]
    )
    assert result.exit_code == 0, result.stderr
    document = docx.Document(io.BytesIO(out.read_bytes()))
    last = document.sections[-1]
    assert [p.text for p in last.header.paragraphs][:2] == [
        "CWS/14/[to be assigned]",
        "Annex III, page 2",
    ]
    texts = [p.text for p in document.paragraphs]
    assert "ILLUSTRATIVE: PRIORITIES FROM MADE-UP SURVEY ANSWERS" in texts
    assert texts[-1] == "[End of Annex and of document]"
    assert document.tables[-1].rows[0].cells[0].text == "Rank"


def test_the_baseline_is_named_as_the_document_it_comes_from(
    cws7_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Annex is marked against the data at a git ref; the document names the document."""
    front = FRONT.replace("baseline: null", "baseline: {document: CWS/7/29, ref: HEAD~1}")
    _write(cws7_repo / "documents", f"Text.\n{DECISION}\n{{{{ annex }}}}\n", front=front)
    monkeypatch.chdir(cws7_repo.parent)
    out = tmp_path / "marked.docx"
    result = CliRunner().invoke(
        app, ["draft", "--document", "test", "-o", str(out), "--as-of", "2026-11-23"]
    )
    assert result.exit_code == 0, result.stderr
    document = docx.Document(io.BytesIO(out.read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert (
        "Changes against document CWS/7/29: R20, R33 and R35 moved from Group 2 to Group 1."
        in texts
    )
    assert any(
        t.startswith("Revision marks show the changes against document CWS/7/29") for t in texts
    )
    assert not any("HEAD" in t for t in texts)
    row = next(r for r in document.tables[0].rows if r.cells[0].text == "R20")
    group = row.cells[2].paragraphs[0].runs
    assert [(r.text, bool(r.font.strike), bool(r.font.underline)) for r in group] == [
        ("2", True, False),
        (" ", False, False),
        ("1", False, True),
    ]


def test_a_list_or_a_block_placeholder_after_an_annex_is_an_error(documents: Path) -> None:
    _write(documents, f"Text.\n{DECISION}\n{{{{ gantt }}}}\n\n- an item\n\n{{{{ schedule }}}}\n")
    code, lines = _validate()
    assert code == 1
    assert [line.split(": error: ")[0] for line in lines[:2]] == [
        "data/documents/test.md:18:1",
        "data/documents/test.md:20:1",
    ]
    assert all(line.endswith("[text-after-annex]") for line in lines[:2])
