"""The Annex table as one self-contained HTML page (inline CSS, no scripts, no network).

The page comes from the jinja2 template ``templates/annex.html.j2`` with autoescaping on, so a
``<script>`` in a recommendation text shows as text. Revision marks are ``<ins>`` and ``<del>``;
the header row repeats on every printed page. No timestamps: the same view gives the same bytes.
"""

from __future__ import annotations

import functools

import jinja2

from roadmap_cli.views.annex import AnnexView


@functools.cache
def environment() -> jinja2.Environment:
    """The templates' environment: autoescaping on, undefined names are errors."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("roadmap_cli.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_annex(view: AnnexView) -> bytes:
    """A complete HTML document with the title, the source session, the summary and the table."""
    template = environment().get_template("annex.html.j2")
    return template.render(view=view).encode("utf-8")
