"""Deterministic matplotlib figures: the settings and the save step every chart shares.

The Gantt chart and the priority chart are drawn on a `matplotlib.figure.Figure` inside
`figure_settings()` and turned into bytes by `figure_bytes`, so that the same data gives the
same bytes: the Agg backend (chosen here, when a chart is drawn, never at import), the DejaVu Sans
font that ships with matplotlib, a fixed dpi, a fixed ``svg.hashsalt`` (SVG ids), and no dates or
software names in the metadata of SVG, PNG or PDF files. Every label is plain text (no mathtext,
no TeX): what the data says is drawn as written.

An SVG keeps its text as text (``svg.fonttype: none``): a reader can search and select it, a
screen reader can read it, and it stays sharp at any zoom. The font is named with fallbacks
(`SVG_FONTS`) for a machine without DejaVu Sans. `svg_bytes` gives the SVG a ``<title>`` and a
``<desc>`` that say what it shows, and drops matplotlib's RDF metadata (which the Nu HTML checker
rejects).

The bundled font wins over a system copy of DejaVu Sans because matplotlib lists its own
fonts first and keeps the first of equally good matches (`font_manager.findfont`).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator, Mapping
from typing import Any, cast
from xml.sax.saxutils import escape

import matplotlib
from matplotlib.figure import Figure

FORMATS = ("svg", "png", "pdf")
DPI = 100
FONT = "DejaVu Sans"
SVG_FONTS = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', Arial, sans-serif"
"""The font an SVG names: the one its text was measured with, then fonts as wide or narrower."""
HASH_SALT = "roadmap-cli"
METADATA: Mapping[str, Mapping[str, Any]] = {
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}
"""What matplotlib would otherwise stamp an SVG or a PDF with: the time, its version (a PNG is
saved by `_png`, with neither)."""

MAGIC: Mapping[str, bytes] = {"svg": b"<?xml", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}
"""The first bytes of each format (for checks)."""


@contextlib.contextmanager
def figure_settings(**overrides: Any) -> Iterator[None]:
    """The rc settings under which every chart is drawn and saved."""
    matplotlib.use("Agg")
    settings = {
        "svg.hashsalt": HASH_SALT,
        "svg.fonttype": "none",
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
    if fmt == "png":
        return _png(figure, dpi)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=dpi, metadata=dict(METADATA[fmt]))
    return buffer.getvalue()


PNG_COMPRESSION = 3
"""zlib's level for a PNG: as small as matplotlib's PNG at level 6 once the alpha channel is
gone, in a fraction of its time (issue 16)."""


def _png(figure: Figure, dpi: int) -> bytes:
    """``figure`` drawn by Agg at ``dpi`` and saved as an RGB PNG: the pixels of matplotlib's own
    PNG without its alpha channel, which is opaque in every chart. Without it, and at level 3,
    the Gantt chart's PNG is 7% smaller and encoded in half the time. The PNG carries its dpi
    (how large a document shows it) and no text chunk: nothing names the software or the day."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas: Any = FigureCanvasAgg(figure)  # its draw and buffer_rgba are not annotated
    screen = figure.dpi
    figure.dpi = dpi
    try:
        canvas.draw()
        size = canvas.get_width_height(physical=True)
        image = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    finally:
        figure.dpi = screen
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "png", dpi=(dpi, dpi), compress_level=PNG_COMPRESSION)
    return buffer.getvalue()


_SVG_START = re.compile(r"<svg\b[^>]*>")
_SVG_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


def svg_bytes(figure: Figure, title: str, description: str) -> bytes:
    """``figure`` as an SVG with a ``<title>`` and a ``<desc>`` first (what a screen reader says
    and what a search shows), its text as text in `SVG_FONTS`, and no RDF metadata."""
    text = figure_bytes(figure, "svg").decode("utf-8")
    text = _SVG_METADATA.sub("", text, count=1)
    text = text.replace("font-family: 'DejaVu Sans'", f"font-family: {SVG_FONTS}")
    start = _SVG_START.search(text)
    assert start is not None, "matplotlib wrote an SVG without an <svg> element"
    label = (
        f'\n <title id="chart-title">{escape(title)}</title>'
        f'\n <desc id="chart-desc">{escape(description)}</desc>'
    )
    return (text[: start.end()] + label + text[start.end() :]).encode("utf-8")
