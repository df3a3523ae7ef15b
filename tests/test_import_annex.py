"""`roadmap import annex`: the Annex table of a document into the data (issue 15).

The documents are MADE FOR THE TESTS (tests/document_cases.py) in the shape of the real ones.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest
from conftest import DATA, Golden
from document_cases import ANNEX_HEADER, LABEL, word_annex, word_with_table
from typer.testing import CliRunner

from roadmap_cli.annex_import import parse_number, parse_references, read_annex
from roadmap_cli.cli import app
from roadmap_cli.project import load_project

IDS = [f"R{i:02d}" for i in range(1, 41)]
RECS = "data/recommendations.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def changed_lines(before: str, after: str) -> list[str]:
    """The lines of ``before`` that ``after`` does not keep byte for byte."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        line
        for tag, i1, i2, _, _ in matcher.get_opcodes()
        if tag != "equal" and tag != "insert"
        for line in a[i1:i2]
    ]


# ---- reading the table ------------------------------------------------------------------------


def test_word_annex_is_found_by_its_header_and_parsed(tmp_path: Path) -> None:
    word_annex(tmp_path / "annex.docx")
    read = read_annex(tmp_path / "annex.docx", "annex.docx", IDS)
    assert read.problems == ()
    assert read.table == "table 2"  # the table of contents before it is not the Annex
    values = {
        (row.id, v.field): (v.after, v.before, v.marked) for row in read.rows for v in row.values
    }
    assert [row.id for row in read.rows] == ["R01", "R02", "R03"]  # R1, R02 and 3.
    assert values["R01", "text"][0] == (
        "Develop an online data exchange protocol (test text, first paragraph). "
        "A second paragraph of the test text."
    )
    assert values["R01", "standards"] == (["ST.96", "ST.37"], ["ST.96", "ST.37"], False)
    assert values["R01", "tasks"] == ([], [], False)
    assert values["R01", "priority"] == ("high", "high", False)
    assert values["R02", "text"] == (
        "The new test text.",
        "The old test text.",
        True,
    )  # w:ins/w:del
    assert values["R02", "group"] == (1, 2, True)  # struck 2, underlined 1
    assert values["R02", "tasks"] == ([58], [58], False)
    assert values["R02", "priority"] == (None, None, False)  # an em dash: not known
    assert values["R03", "text"] == (None, None, False)  # N/A
    assert values["R03", "group"] == (None, None, False)  # a hyphen: not known
    assert values["R03", "standards"] == ([], [], False)  # none
    assert values["R03", "priority"] == (None, None, False)  # empty


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R01", "R01"),
        ("R1", "R01"),
        ("1", "R01"),
        ("1.", "R01"),
        ("R 12*", "R12"),
        ("R0", None),
        ("x", None),
    ],
)
def test_number_column_spellings(text: str, expected: str | None) -> None:
    assert parse_number(text) == expected


def test_references_split_into_standards_and_tasks() -> None:
    assert parse_references("ST.96, ST.37; Task No. 58") == (["ST.96", "ST.37"], [58])
    assert parse_references("WIPO ST 3 and CWS Task #59") == (["ST.3"], [59])
    with pytest.raises(ValueError, match=r"'XML' in 'ST\.96, XML' is neither"):
        parse_references("ST.96, XML")


def test_html_marks_spans_footnotes_and_lines(tmp_path: Path) -> None:
    page = tmp_path / "annex.html"
    page.write_text(
        f"<!DOCTYPE html><html><body><p>{LABEL}</p>\n<table>\n"
        '<tr><th colspan="2">Recommendation</th><th rowspan="2">Group<sup>2</sup></th>'
        '<th rowspan="2">Priority</th></tr>\n'
        "<tr><th>No.</th><th>Text</th></tr>\n"
        "<tr><td>R05</td><td>A <s>first</s> <u>second</u> test text.<p>More.</p></td>"
        "<td><del>3</del> <ins>2</ins></td><td>Low</td></tr>\n"
        "<tr><td>R5</td><td>again</td><td>1</td><td>Low</td></tr>\n"
        "</table></body></html>\n",
        encoding="utf-8",
    )
    read = read_annex(page, "annex.html", IDS)
    lines = [f"{p.line}:{p.column} {p.message}" for p in read.problems]
    assert lines == [
        "6:5 table 1, row 4, column 1 (No.): R05 has a second row (the first is row 3)"
    ]


def test_html_annex_values(tmp_path: Path) -> None:
    page = tmp_path / "annex.html"
    page.write_text(
        "<table><tr><th>No.</th><th>Recommendation</th><th>Group</th></tr>"
        "<tr><td>R05</td><td>A <s>first</s> <u>second</u> test text.<br>More.</td>"
        "<td><del>3</del> <ins>2</ins></td></tr></table>",
        encoding="utf-8",
    )
    read = read_annex(page, "annex.html", IDS)
    values = {v.field: (v.after, v.before) for v in read.rows[0].values}
    assert values == {
        "text": ("A second test text. More.", "A first test text. More."),
        "group": (2, 3),
    }


# ---- the command ------------------------------------------------------------------------------


def test_preview_shows_the_changes_as_diff_words_them_and_writes_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    word_annex(tmp_path / "annex.docx")
    before = (data_dir / "recommendations.yaml").read_bytes()
    code, out, err = run(
        "import",
        "annex",
        str(tmp_path / "annex.docx"),
        "--source",
        "CWS/7/TEST",
        "--session",
        "CWS/7",
        "--prefer",
        "data",
    )
    assert code == 0, err
    assert (data_dir / "recommendations.yaml").read_bytes() == before
    assert out.splitlines()[:4] == [
        f"Changes from {RECS} to {RECS} with {tmp_path / 'annex.docx'} (CWS/7/TEST)",
        "",
        "The text of R02 was added.",
        "R01 and R02 were put in Group 1.",
    ]
    assert "  R02  group: — → 1" in out.splitlines()
    assert err.splitlines() == [
        f"{tmp_path / 'annex.docx'}:4:2: warning: table 2, row 4, column 2 (Text): the text of "
        "R01 is 'Develop an online data exchange protocol covering key commo…' in the data and "
        "'Develop an online data exchange protocol (test text, first …' in the document; the "
        "data's is kept (--prefer data) [conflict]",
        "0 errors, 1 warning in 1 file",
        f"nothing written; run again with --write to update {RECS}",
    ]


def test_write_edits_only_the_changed_values(
    data_dir: Path, tmp_path: Path, golden: Golden
) -> None:
    word_annex(tmp_path / "annex.docx")
    before = (data_dir / "recommendations.yaml").read_text(encoding="utf-8")
    args = ["import", "annex", str(tmp_path / "annex.docx"), "--source", "CWS/7/TEST"]
    code, _, err = run(*args, "--session", "CWS/7", "--prefer", "data", "--write")
    assert code == 0, err
    assert err.splitlines()[-1] == (
        f"wrote {RECS}: 3 recommendations changed, 2 history entries added"
    )
    after = (data_dir / "recommendations.yaml").read_text(encoding="utf-8")
    golden("import-annex.recommendations.yaml", after)
    # Every line the import does not change is byte-identical: only `field: null` lines of the
    # three rows and their `sources` lines were replaced (the rest was inserted).
    assert changed_lines(before, after) == [
        "    group: null\n",
        "    standards: null\n",
        "    tasks: null\n",
        "    priority: null\n",
        "    sources: [CWS/6/3, survey-2021-results]\n",
        "    text: null\n",
        "    group: null\n",
        "    standards: null\n",
        "    tasks: null\n",
        "    sources: [CWS/6/3]\n",
        "    standards: null\n",
        "    tasks: null\n",
        "    sources: [CWS/6/3]\n",
    ]
    assert load_project(data_dir).problems == ()
    # A second import of the same document changes nothing (no second history entry).
    code, out, _ = run(*args, "--session", "CWS/7", "--prefer", "data", "--write")
    assert code == 0
    assert out.startswith("no changes from")
    assert (data_dir / "recommendations.yaml").read_text(encoding="utf-8") == after


def test_a_conflict_blocks_the_write_and_names_both_values_and_the_cell(
    data_dir: Path, tmp_path: Path
) -> None:
    word_annex(tmp_path / "annex.docx")
    before = (data_dir / "recommendations.yaml").read_bytes()
    code, _, err = run(
        "import",
        "annex",
        str(tmp_path / "annex.docx"),
        "--source",
        "CWS/7/TEST",
        "--session",
        "CWS/7",
        "--write",
    )
    assert code == 1
    assert err.splitlines() == [
        f"{tmp_path / 'annex.docx'}:4:2: error: table 2, row 4, column 2 (Text): the text of R01 "
        "is 'Develop an online data exchange protocol covering key commo…' in the data and "
        "'Develop an online data exchange protocol (test text, first …' in the document; pass "
        "--prefer document to take the document's value, or --prefer data to keep the data's "
        "[conflict]",
        "1 error, 0 warnings in 1 file",
        "nothing written: 1 conflict to settle with --prefer",
    ]
    assert (data_dir / "recommendations.yaml").read_bytes() == before


def test_prefer_document_replaces_the_known_value(data_dir: Path, tmp_path: Path) -> None:
    word_annex(tmp_path / "annex.docx")
    code, _, err = run(
        "import",
        "annex",
        str(tmp_path / "annex.docx"),
        "--source",
        "CWS/7/TEST",
        "--session",
        "CWS/7",
        "--prefer",
        "document",
        "--write",
    )
    assert code == 0, err
    project = load_project(data_dir).project
    assert project is not None
    assert project.recommendations_by_id["R01"].text is not None
    assert project.recommendations_by_id["R01"].text.endswith(
        "A second paragraph of the test text."
    )


def test_revision_marks_need_a_session(data_dir: Path, tmp_path: Path) -> None:
    word_annex(tmp_path / "annex.docx")
    code, _, err = run(
        "import", "annex", str(tmp_path / "annex.docx"), "--source", "X", "--prefer", "data"
    )
    assert code == 1
    assert err.splitlines()[0] == (
        f"{tmp_path / 'annex.docx'}:5:2: error: table 2, row 5, column 2 (Text): the document "
        "has revision marks (2 values changed), and a change needs the session that decided "
        "it; pass --session CWS/<n>, the session whose decisions the marks record [session-needed]"
    )


# ---- bad documents ----------------------------------------------------------------------------


def _import_errors(data_dir: Path, document: Path) -> list[str]:
    before = (data_dir / "recommendations.yaml").read_bytes()
    code, out, err = run("import", "annex", str(document), "--source", "X", "--write")
    assert code == 1
    assert out == ""
    assert (data_dir / "recommendations.yaml").read_bytes() == before  # nothing written
    return err.splitlines()


def test_no_annex_table_says_which_tables_were_seen(data_dir: Path, tmp_path: Path) -> None:
    document = tmp_path / "other.docx"
    word_with_table(document, [["Contents", "Page"], ["Annex", "2"]])
    assert _import_errors(data_dir, document) == [
        f"{document}:1:1: error: no table has the Annex header (No., Recommendation, Group, "
        "Relevant WIPO Standard(s) or CWS Task(s), Priority); tables seen: table 1 (2 rows; "
        "first row: 'Contents', 'Page'); check that the document holds the Annex as a table "
        "(not as text or a picture); its header needs at least a number column and a "
        "Recommendation column [no-annex-table]",
        "1 error, 0 warnings in 1 file",
    ]


def test_bad_rows_and_cells_are_located(data_dir: Path, tmp_path: Path) -> None:
    document = tmp_path / "bad.docx"
    word_with_table(
        document,
        [
            ANNEX_HEADER,
            ["R41", "A test text.", "1", "ST.96", "High"],
            ["R02", "A test text.", "Group 4", "ST.96, XML", "urgent"],
            ["R03", "A test text.", "1", "", ""],
            ["R3", "Again.", "1", "", ""],
        ],
    )
    assert _import_errors(data_dir, document) == [
        f"{document}:2:1: error: table 1, row 2, column 1 (No.): 'R41' is not the number of a "
        "recommendation in the data (R01..R40); write the number as R01, R1 or 1, or remove "
        "the row [not-a-recommendation]",
        f"{document}:3:3: error: table 1, row 3, column 3 (Group): 'Group 4' is not a group "
        "(1, 2 or 3); write 1, 2 or 3 (or Group 1), or a dash when not known [bad-cell]",
        f"{document}:3:4: error: table 1, row 3, column 4 (Relevant WIPO Standard(s) or …): "
        "'XML' in 'ST.96, XML' is neither a WIPO Standard (ST.96) nor a CWS Task (Task No. 58); "
        "write WIPO Standards as ST.<number> and CWS Tasks as Task No. <number>, separated by "
        "commas; none when there is none, a dash when not known [bad-cell]",
        f"{document}:3:5: error: table 1, row 3, column 5 (Priority): 'urgent' is not a priority "
        "(high, medium or low); write high, medium or low, or a dash when not known [bad-cell]",
        f"{document}:5:1: error: table 1, row 5, column 1 (No.): R03 has a second row (the "
        "first is row 4); keep one row per recommendation [duplicate-row]",
        "5 errors, 0 warnings in 1 file",
    ]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "annex.docx",
            b"<!DOCTYPE html><html><table></table></html>",
            "the file ends in .docx but its content is a web page (.html); rename it to end in "
            ".html, or export the document again [wrong-file-type]",
        ),
        (
            "annex.xlsx",
            b"%PDF-1.7\n...",
            "the file ends in .xlsx but its content is a PDF; PDF is not read: convert it to DOCX "
            "first (Word: File > Open the PDF) [wrong-file-type]",
        ),
        (
            "annex.html",
            b"\x00\x01\x02binary",
            "the file ends in .html but its content is binary data; export the document again as "
            ".docx, .html, .xlsx or .csv [wrong-file-type]",
        ),
        (
            "annex.docx",
            b"PK\x03\x04word/document.xml broken",
            "the file cannot be read as a Word document (File is not a zip file); open it in "
            "Word or LibreOffice and save it again as .docx [unreadable-document]",
        ),
    ],
)
def test_a_file_that_is_not_what_its_extension_says(
    data_dir: Path, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    document = tmp_path / name
    document.write_bytes(content)
    assert _import_errors(data_dir, document)[0] == f"{document}:1:1: error: {expected}"


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_pipe_or_a_device_is_refused_unread(data_dir: Path, tmp_path: Path, kind: str) -> None:
    document = tmp_path / "annex.csv"
    if kind == "fifo":
        os.mkfifo(document)  # opening it to read would wait for a writer
    else:
        document.symlink_to("/dev/zero")  # reading it would fill the memory
    assert _import_errors(data_dir, document) == [
        f"{document}:1:1: error: this is not a regular file (a directory, pipe, socket or "
        "device); it is not read; save the document as a file and name that "
        "[unreadable-document]",
        "1 error, 0 warnings in 1 file",
    ]


def test_a_pdf_is_refused_with_advice(data_dir: Path, tmp_path: Path) -> None:
    document = tmp_path / "annex.pdf"
    document.write_bytes(b"%PDF-1.7")
    code, _, err = run("import", "annex", str(document), "--source", "X")
    assert code == 2
    assert "convert it to .docx first" in err


def test_too_many_rows_is_an_error(data_dir: Path, tmp_path: Path) -> None:
    document = tmp_path / "annex.csv"
    rows = ["No.,Recommendation"] + [f"R{i},A test text." for i in range(1, 10_002)]
    document.write_text("\n".join(rows) + "\n", encoding="utf-8")
    errors = _import_errors(data_dir, document)
    assert errors[0] == (
        f"{document}:10000:1: error: table 1, row 10000, column 1 (No.): the table has more than "
        "10,000 rows; no more are read; the Annex has one row per recommendation: is this the "
        "right table? [too-many-rows]"
    )


def test_xlsx_annex_with_a_merged_title_row(data_dir: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Annex"
    sheet.append([LABEL])
    sheet.append(
        [
            "Rec. No.",
            "Recommendation",
            "Group",
            "Relevant WIPO Standard(s) or CWS Task(s)",
            "Priority",
        ]
    )
    sheet.append(["R7", "A test text\nin two lines.", 3, "ST.26", "Medium"])
    workbook.save(tmp_path / "annex.xlsx")
    code, _, err = run(
        "import", "annex", str(tmp_path / "annex.xlsx"), "--source", "TEST", "--write"
    )
    assert code == 0, err
    project = load_project(data_dir).project
    assert project is not None
    r07 = project.recommendations_by_id["R07"]
    assert (r07.text, r07.group, r07.standards, r07.tasks, r07.priority) == (
        "A test text in two lines.",
        3,
        ("ST.26",),
        (),
        "medium",
    )
    assert "TEST" in r07.sources
    assert any(d.id == "TEST" for d in project.documents)


# ---- round trip -------------------------------------------------------------------------------

ROUND_TRIP_SOURCE = "CWS/9/TEST"


def _revised(folder: Path) -> None:
    """Made-up values for the tests: R02 gets a text, a group, references and a priority; R04
    moves from Group 1 to Group 2; R06's text changes one word. Each change is recorded in the
    history the way an import records it (session CWS/9, source CWS/9/TEST)."""
    path = folder / "recommendations.yaml"
    text = path.read_text(encoding="utf-8")

    def history(*entries: tuple[str, str, str]) -> str:
        return "".join(
            f"      - session: CWS/9\n        field: {field}\n        before: {b}\n"
            f"        after: {a}\n        source: {ROUND_TRIP_SOURCE}\n"
            for field, b, a in entries
        )

    text = text.replace(
        "  - id: R02\n    title: null\n    text: null\n    group: null\n    standards: null\n"
        "    tasks: null\n    priority: null\n    status: null\n",
        '  - id: R02\n    title: null\n    text: "A test text, made up."\n    group: 2\n'
        "    standards: [ST.96, ST.37]\n    tasks: [58]\n    priority: low\n    status: null\n"
        "    history:\n"
        + history(
            ("text", "null", '"A test text, made up."'),
            ("group", "null", "2"),
            ("standards", "null", "[ST.96, ST.37]"),
            ("tasks", "null", "[58]"),
            ("priority", "null", "low"),
        ),
    )
    old_r04 = "    group: 1\n    standards: null\n    tasks: null\n    priority: high\n"
    start = text.index("  - id: R04\n")
    assert text.index(old_r04, start) < text.index("  - id: R05\n")
    text = text[:start] + text[start:].replace(old_r04, old_r04.replace("group: 1", "group: 2"), 1)
    anchor = text.index("    sources:", text.index("  - id: R04\n"))
    text = text[:anchor] + history(("group", "1", "2")) + text[anchor:]
    text = text.replace(
        "\nrecommendations:\n",
        f'  - id: {ROUND_TRIP_SOURCE}\n    title: "A revised Annex made for the tests"\n'
        "\nrecommendations:\n",
        1,
    )
    old = "Re-engineer and transform the current business models"
    new = "Re-engineer and change the current business models"
    text = text.replace(old, new, 1)
    anchor = text.index("    sources:", text.index("  - id: R06\n"))
    r06_old = '"' + _text_of("R06") + '"'
    text = text[:anchor] + history(("text", r06_old, r06_old.replace(old, new))) + text[anchor:]
    path.write_text(text, encoding="utf-8")


def _text_of(rec_id: str) -> str:
    project = load_project(DATA).project
    assert project is not None
    value = project.recommendations_by_id[rec_id].text
    assert value is not None
    return value


def _stripped(folder: Path) -> None:
    """No texts, groups, references or priorities, and none of the round trip's history."""
    import re

    path = folder / "recommendations.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(    (?:text|group|standards|tasks|priority)): .*$", r"\1: null", text)
    text = re.sub(
        rf"(?m)^      - session: CWS/9\n(?:        .*\n)*?"
        rf"        source: {re.escape(ROUND_TRIP_SOURCE)}\n",
        "",
        text,
    )
    text = text.replace("    history:\n    sources:", "    sources:")
    path.write_text(text, encoding="utf-8")


def _fields(folder: Path) -> dict[str, tuple[object, ...]]:
    project = load_project(folder).project
    assert project is not None
    return {
        r.id: (r.text, r.group, r.standards, r.tasks, r.priority, r.history)
        for r in project.recommendations
    }


@pytest.mark.parametrize(
    ("fmt", "baseline"),
    # `roadmap annex --format csv --baseline` is refused: CSV cannot show revision marks.
    [("docx", False), ("docx", True), ("html", False), ("html", True), ("csv", False)],
    ids=["docx", "docx-baseline", "html", "html-baseline", "csv"],
)
def test_round_trip_through_the_rendered_annex(tmp_path: Path, fmt: str, baseline: bool) -> None:
    """The Annex the tool renders reads back into a copy of the data with the texts, groups,
    references and priorities removed, and gives the same values; with revision marks, the same
    history too (the copy also lacks the history entries of the revision)."""
    base, revised, target = tmp_path / "base", tmp_path / "revised", tmp_path / "target"
    shutil.copytree(DATA, base)
    shutil.copytree(DATA, revised)
    _revised(revised)
    shutil.copytree(revised, target)
    _stripped(target)
    annex = tmp_path / f"annex.{fmt}"
    args = ["annex", "--data", str(revised), "--format", fmt, "-o", str(annex)]
    code, _, err = run(*args, *(["--baseline", str(base)] if baseline else []))
    assert code == 0, err
    code, _, err = run(
        "import",
        "annex",
        str(annex),
        "--source",
        ROUND_TRIP_SOURCE,
        "--session",
        "CWS/9",
        "--data",
        str(target),
        "--write",
    )
    assert code == 0, err
    expected = _fields(revised)
    if not baseline:  # no revision marks: the values come back, and no history is added
        stripped = _fields(target)
        expected = {k: (*v[:5], stripped[k][5]) for k, v in expected.items()}
        assert _fields(target)["R02"][5] == ()
    assert _fields(target) == expected


def test_an_older_annex_does_not_conflict_with_a_change_the_history_records(
    data_dir: Path, tmp_path: Path
) -> None:
    """CWS/6/3 has R20 in Group 2; the data has it in Group 1 with the CWS/7 move recorded."""
    document = tmp_path / "older.docx"
    word_with_table(document, [ANNEX_HEADER, ["R20", "", "2", "", ""]])
    before = (data_dir / "recommendations.yaml").read_bytes()
    code, out, err = run("import", "annex", str(document), "--source", "CWS/6/3", "--write")
    assert (code, err) == (0, "")
    assert out.startswith("no changes from")
    assert (data_dir / "recommendations.yaml").read_bytes() == before


def test_cells_inside_content_controls_are_read(tmp_path: Path) -> None:
    """Word wraps cells of form-like documents in content controls (w:sdt)."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    path = tmp_path / "controls.docx"
    word_with_table(path, [ANNEX_HEADER, ["R09", "A test text.", "1", "ST.90", "High"]])
    document = Document(str(path))
    row = document.tables[0].rows[1]._tr
    cell = row.findall(f"{{{row.nsmap['w']}}}tc")[1]
    wrapper = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtContent/></w:sdt>")
    cell.addprevious(wrapper)
    wrapper[0].append(cell)
    document.save(str(path))
    read = read_annex(path, "controls.docx", IDS)
    assert read.problems == ()
    values = {v.field: v.after for v in read.rows[0].values}
    assert values == {
        "text": "A test text.",
        "group": 1,
        "standards": ["ST.90"],
        "tasks": [],
        "priority": "high",
    }


def test_a_session_not_in_the_calendar_is_a_usage_error(data_dir: Path, tmp_path: Path) -> None:
    word_annex(tmp_path / "annex.docx")
    code, _, err = run(
        "import", "annex", str(tmp_path / "annex.docx"), "--source", "X", "--session", "CWS/99"
    )
    assert code == 2
    words = " ".join(err.replace("\u2502", " ").split())  # the usage box wraps the message
    assert "CWS/99 is not in sessions.yaml; add the session first" in words


def test_revision_marks_given_by_character_styles(tmp_path: Path) -> None:
    """LibreOffice writes revision formatting as character styles ("Ins", "Del"), which a
    style may inherit (basedOn)."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    document = Document()
    document.add_paragraph(LABEL)
    struck = document.styles.add_style("Del", WD_STYLE_TYPE.CHARACTER)
    struck.font.strike = True
    derived = document.styles.add_style("Gone", WD_STYLE_TYPE.CHARACTER)
    derived.base_style = struck
    underlined = document.styles.add_style("Ins", WD_STYLE_TYPE.CHARACTER)
    underlined.font.underline = True
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("No.", "Recommendation", "Group"), strict=True):
        cell.text = text
    table.cell(1, 0).text = "R08"
    text = table.cell(1, 1).paragraphs[0]
    text.add_run("A ")
    text.add_run("first", style="Gone")
    text.add_run(" ")
    text.add_run("second", style="Ins")
    text.add_run(" test")
    plain = text.add_run(" text.", style="Ins")
    plain.font.underline = False  # direct formatting overrides the style: not a mark
    group = table.cell(1, 2).paragraphs[0]
    group.add_run("3", style="Del")
    group.add_run(" ")
    group.add_run("2", style="Ins")
    document.save(str(tmp_path / "styles.docx"))
    read = read_annex(tmp_path / "styles.docx", "styles.docx", IDS)
    values = {v.field: (v.after, v.before, v.marked) for v in read.rows[0].values}
    assert values == {
        "text": ("A second test text.", "A first test text.", True),
        "group": (2, 3, True),
    }


def test_a_document_over_the_size_limit_is_refused_before_reading(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import roadmap_cli.readers

    monkeypatch.setattr(roadmap_cli.readers, "MAX_DOCUMENT_BYTES", 4 * 2**20)  # 64 MiB is slow
    document = tmp_path / "annex.csv"
    document.write_bytes(b"No.,Recommendation\n" + b"R01,x\n" * (5 * 2**20 // 6))
    assert _import_errors(data_dir, document) == [
        f"{document}:1:1: error: the file is 5 MiB; documents are limited to 4 MiB; export only "
        "the Annex table, or split the document [document-too-large]",
        "1 error, 0 warnings in 1 file",
    ]
