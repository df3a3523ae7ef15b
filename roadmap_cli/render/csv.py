"""The Annex table as CSV: a header row, then one row per recommendation, UTF-8, ``\\n`` endings.

CSV holds values, not layout: no title and no revision marks. Unknown values keep their markers
(an em dash, "text pending") so that the file reads like the table; a spreadsheet that needs
blanks can replace them.
"""

from __future__ import annotations

import csv
import io

from roadmap_cli.views.annex import AnnexView


def render_annex(view: AnnexView) -> bytes:
    """The header row and the rows, quoted only where needed."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([column.header for column in view.columns])
    writer.writerows([cell.text for cell in row.cells] for row in view.rows)
    return buffer.getvalue().encode("utf-8")
