"""The Annex table as CSV: a header row, then one row per recommendation, UTF-8 with a
byte-order mark, ``\\n`` endings.

The byte-order mark is there for Excel, which reads a CSV file without one in the machine's
legacy code page and shows "—" as mojibake; the survey form CSV carries one for the same reason
(`forms.py`). Python's ``utf-8-sig`` and most tools skip it.

CSV holds values, not layout: no title and no revision marks. Unknown values keep their markers
(an em dash, "text pending") so that the file reads like the table; a spreadsheet that needs
blanks can replace them.

A cell that a spreadsheet would read as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) gets a leading apostrophe, as OWASP advises against CSV injection:
Excel, LibreOffice and Google Sheets then show it as text (issue #12).
"""

from __future__ import annotations

import csv
import io

from roadmap_cli.views.annex import AnnexView

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV Injection)."""


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet read ``text`` as a formula?"""
    return text.startswith(FORMULA_TRIGGERS)


def neutralised(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet runs: a leading apostrophe when needed."""
    return "'" + text if is_formula_like(text) else text


def render_annex(view: AnnexView) -> bytes:
    """The header row and the rows, quoted only where needed, after a UTF-8 byte-order mark."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralised(column.header) for column in view.columns])
    writer.writerows([neutralised(cell.text) for cell in row.cells] for row in view.rows)
    return buffer.getvalue().encode("utf-8-sig")
