"""Documents MADE FOR THE TESTS in the shape of the Secretariat's (issue 15): a Word Annex table
with merged header cells, multi-paragraph cells, underlined and struck runs and tracked changes;
a spreadsheet; a collated results page. Every text in them is invented for the tests and says so;
none of it is a fact about the real recommendations."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.table import _Cell

LABEL = "MADE FOR THE TESTS of roadmap-cli: not a WIPO document; every text here is invented."
TEST_TEXT_R01 = "Develop an online data exchange protocol (test text, first paragraph)."
TEST_TEXT_R02 = "A text made up for the tests."
TEST_TEXT_R02_SECOND = "Its second paragraph, also made up."


def _tracked(paragraph: object, tag: str, text: str) -> None:
    """A tracked insertion (w:ins) or deletion (w:del) holding one run."""
    text_tag = "w:delText" if tag == "w:del" else "w:t"
    element = parse_xml(
        f'<{tag} {nsdecls("w")} w:id="1" w:author="Test" w:date="2020-01-01T00:00:00Z">'
        f'<w:r><{text_tag} xml:space="preserve">{text}</{text_tag}></w:r></{tag}>'
    )
    paragraph._p.append(element)  # type: ignore[attr-defined]


def word_annex(path: Path) -> None:
    """A Word document with a table of contents table, then the Annex table:

    - a caption row merged across the table; a two-row header where "Recommendation" spans the
      number and text columns, "Group", "Relevant..." and "Priority" are merged down two rows,
      and "Priority" carries a superscript footnote marker;
    - R1 (written "R1"): two paragraphs of text, Group 1, "ST.96, ST.37", priority High;
    - R02: a tracked change in its text (w:del "old" / w:ins "new"), Group struck "2" and
      underlined "1" (moved from Group 2 to Group 1), references "Task No. 58", priority "—";
    - 3 (written "3."): text "N/A", group "-", references "none", priority empty.
    """
    document = Document()
    document.add_paragraph(LABEL)
    contents = document.add_table(rows=2, cols=2)
    contents.cell(0, 0).text, contents.cell(0, 1).text = "Contents", "Page"
    contents.cell(1, 0).text, contents.cell(1, 1).text = "Annex", "2"
    table = document.add_table(rows=3, cols=5)
    caption = table.cell(0, 0).merge(table.cell(0, 4))  # w:gridSpan across the table
    caption.text = "40 RECOMMENDATIONS AND CWS ACTIVITIES (test document)"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Recommendation"  # over No. and Text
    labels = ("Group", "Relevant WIPO Standard(s) or CWS Task(s)", "Priority")
    for index, label in enumerate(labels):  # w:vMerge down the two header rows
        table.cell(1, 2 + index).merge(table.cell(2, 2 + index)).text = label
    marker = table.cell(1, 4).paragraphs[0].add_run("1")
    marker.font.superscript = True
    table.cell(2, 0).text, table.cell(2, 1).text = "No.", "Text"

    def add(number: str, group: str, references: str, priority: str) -> list[_Cell]:
        cells = table.add_row().cells
        cells[0].text = number
        cells[2].text, cells[3].text, cells[4].text = group, references, priority
        return cells

    r1 = add("R1", "1", "ST.96, ST.37", "High")
    r1[1].text = TEST_TEXT_R01
    r1[1].add_paragraph("A second paragraph of the test text.")
    r2 = add("R02", "", "Task No. 58", "\u2014")
    paragraph = r2[1].paragraphs[0]
    paragraph.add_run("The ")
    _tracked(paragraph, "w:del", "old")
    _tracked(paragraph, "w:ins", "new")
    paragraph.add_run(" test text.")
    group = r2[2].paragraphs[0]
    group.add_run("2").font.strike = True
    group.add_run(" ")
    group.add_run("1").font.underline = True
    r3 = add("3.", "-", "none", "")
    r3[1].text = "N/A"
    document.save(path)


def word_with_table(path: Path, rows: list[list[str]]) -> None:
    """A Word document (made for the tests) holding one table of plain cells."""
    document = Document()
    document.add_paragraph(LABEL)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    document.save(path)


ANNEX_HEADER = [
    "No.",
    "Recommendation",
    "Group",
    "Relevant WIPO Standard(s) or CWS Task(s)",
    "Priority",
]


def results_page(survey: object, recommendations: object, offices: list[str]) -> str:
    """A collated results page MADE FOR THE TESTS in the layout WIPO publishes: per
    recommendation "<n>. R0n - <text>", the question, and a table "ST.3 Code | Response |
    Comments" with one row per office (an empty Response: the office did not answer)."""
    from html import escape

    from roadmap_cli.surveys import Survey

    assert isinstance(survey, Survey)
    parts = [
        "<!DOCTYPE html><html><head><title>Survey results (test)</title></head><body>",
        f"<p>{LABEL}</p>",
        "<p>Empty table cells mean that the respondent did not answer that part of the "
        "question.</p>",
    ]
    by_office = {r.office: r for r in survey.responses}
    for number, rec in enumerate(recommendations, start=1):  # type: ignore[call-overload]
        parts.append(f"<h3>{number}. {rec.id} - {escape(rec.text or '')}</h3>")
        parts.append(f"<p>{escape(survey.question_for(rec.id))}</p>")
        parts.append("<table><tr><th>ST.3 Code</th><th>Response</th><th>Comments</th></tr>")
        for office in offices:
            answer = by_office[office].answers.get(rec.id) if office in by_office else None
            value = "" if answer is None else str(answer.value)
            comment = "" if answer is None or answer.comment is None else answer.comment
            parts.append(
                f"<tr><td>{office}</td><td>{escape(value)}</td><td>{escape(comment)}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
