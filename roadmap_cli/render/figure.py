"""Deterministic matplotlib figures: the settings and the save step every chart shares.

The Gantt chart and the priority chart are drawn on a `matplotlib.figure.Figure` inside
`figure_settings()` and turned into bytes by `figure_bytes`, so that the same data gives the
same bytes: the Agg backend (chosen here, when a chart is drawn, never at import), the DejaVu Sans
font that ships with matplotlib, a fixed dpi, a fixed ``svg.hashsalt`` (SVG ids), glyphs as
paths (an SVG does not depend on the fonts of the machine that opens it), and no dates or
software names in the metadata of SVG, PNG or PDF files. Every label is plain text (no
mathtext, no TeX): what the data says is drawn as written.

The bundled font wins over a system copy of DejaVu Sans because matplotlib lists its own
fonts first and keeps the first of equally good matches (`font_manager.findfont`).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Mapping
from typing import Any, cast

import matplotlib
from matplotlib.figure import Figure

FORMATS = ("svg", "png", "pdf")
DPI = 100
FONT = "DejaVu Sans"
HASH_SALT = "roadmap-cli"
METADATA: Mapping[str, Mapping[str, Any]] = {
    "svg": {"Date": None, "Creator": None},
    "png": {"Software": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}
"""What each format would otherwise stamp with the time or the matplotlib version."""

MAGIC: Mapping[str, bytes] = {"svg": b"<?xml", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}
"""The first bytes of each format (for checks)."""


@contextlib.contextmanager
def figure_settings(**overrides: Any) -> Iterator[None]:
    """The rc settings under which every chart is drawn and saved."""
    matplotlib.use("Agg")
    settings = {
        "svg.hashsalt": HASH_SALT,
        "svg.fonttype": "path",
        "pdf.fonttype": 3,  # matplotlib's own Type 3 glyphs: half the time of TrueType subsets
        "font.family": FONT,
        "font.size": 8,
        "axes.titlesize": 9,
        # Every label is drawn as plain text: a title such as "cost $x^{2}$" is data, not
        # mathematics, and "$\\frac{a}$" would crash the chart (issue #12).
        "text.parse_math": False,
        "text.usetex": False,
        **overrides,
    }
    with matplotlib.rc_context(cast(Any, settings)):  # typed as a closed set of literal keys
        yield


def figure_bytes(figure: Figure, fmt: str, dpi: int = DPI) -> bytes:
    """``figure`` saved as ``fmt`` (svg, png or pdf), without dates or software names; ``dpi``
    sets the pixels of a PNG (SVG and PDF are vector graphics).

    Call it inside `figure_settings()`: the SVG ids and the fonts depend on those settings.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; use one of {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=dpi, metadata=dict(METADATA[fmt]))
    return buffer.getvalue()
