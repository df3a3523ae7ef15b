"""The plain-text list of `roadmap list`: 80 columns, every word where it belongs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_cli.render.text import render_recommendations
from roadmap_cli.views.recommendation import LIST_COLUMNS, RecommendationList

WORD = st.text(alphabet="abcdefghij.,()-/", min_size=1, max_size=14)
CELL = st.lists(WORD, min_size=1, max_size=12).map(" ".join)
SHORT = st.sampled_from(["\u2014", "1", "high", "in-progress", "under-review"])
ROW = st.tuples(st.from_regex(r"R[0-9]{2}", fullmatch=True), CELL, SHORT, CELL, SHORT, SHORT)


@settings(max_examples=60, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=8))
def test_every_line_fits_80_columns_and_every_cell_reads_in_its_column(
    rows: list[tuple[str, ...]],
) -> None:
    text = render_recommendations(RecommendationList("n recommendations", tuple(rows)))
    lines = text.decode("utf-8").splitlines()
    assert max(len(line) for line in lines) <= 80
    rule = lines[3]
    starts = [0] + [i + 2 for i, c in enumerate(rule) if c == " " and rule[i + 1 : i + 2] == " "]
    starts = sorted({s for s in starts if rule[s : s + 1] == "\u2500"})
    assert len(starts) == len(LIST_COLUMNS)
    bounds = list(zip(starts, [*starts[1:], None], strict=True))
    # Rows begin where the id column has a value; a cell's lines, joined, give back its text.
    firsts = [n for n, line in enumerate(lines[4:], 4) if line[:3].strip()]
    for row, first, end in zip(rows, firsts, [*firsts[1:], len(lines)], strict=True):
        for value, (start, stop) in zip(row, bounds, strict=True):
            pieces = [line[start:stop].strip() for line in lines[first:end]]
            assert "".join(pieces).replace(" ", "") == value.replace(" ", "")
