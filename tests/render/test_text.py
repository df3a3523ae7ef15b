"""The plain-text tables of `roadmap list` and `roadmap priorities`: within their width, every
word where it belongs, no word cut when the columns leave room for it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_cli.render.text import render_priorities, render_recommendations
from roadmap_cli.views.priorities import Line, PrioritiesView
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


LEVEL = st.sampled_from(["high", "medium", "low", "\u2014"])
FLAGS = st.lists(st.sampled_from(["contested", "low-coverage", "disagrees"]), unique=True)
PRIORITY_ROW = st.tuples(
    st.integers(1, 10_000).map(str),
    st.from_regex(r"R[0-9]{2,5}", fullmatch=True),
    CELL,
    st.sampled_from(["3.00", "2.50", "\u2014"]),
    st.integers(0, 200).map(str),
    st.sampled_from(["0.00", "1.25", "\u2014"]),
    LEVEL,
    LEVEL,
    FLAGS.map(", ".join),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(PRIORITY_ROW, min_size=1, max_size=8), st.integers(80, 200))
def test_priorities_fit_the_terminal_and_never_cut_a_word(
    rows: list[tuple[str, ...]], width: int
) -> None:
    view = PrioritiesView("Priorities", None, tuple(rows), (Line("Low coverage: ", "R01"),))
    lines = render_priorities(view, width).decode("utf-8").splitlines()
    assert max(len(line) for line in lines) <= width
    words = {word for line in lines for word in line.split()}
    for row in rows:
        assert set(row[2].split()) <= words  # every word of the title, whole
        assert set(row[8].split()) <= words  # every flag, whole
    assert lines[-1] == "Low coverage: R01"
