"""The Annex table as GitHub-flavoured Markdown.

Revision marks use the HTML elements GitHub keeps in Markdown: ``<ins>`` (underlined) and
``<del>`` (struck through); ``~~`` would not strike a word inside another one. Cell text is
escaped so that it shows as written: Markdown punctuation gets a backslash, ``<``, ``>`` and
``&`` become entities (a ``<script>`` in a text is text), and line breaks become ``<br>``.
"""

from __future__ import annotations

import re

from roadmap_cli.render.table import AnnexView, Cell, Mark

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|#~])")
_TAGS = {Mark.SAME: ("", ""), Mark.INSERTED: ("<ins>", "</ins>"), Mark.DELETED: ("<del>", "</del>")}


def escape(text: str) -> str:
    """``text`` as literal Markdown inline text, on one line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return "<br>".join(line.strip() for line in text.splitlines()) if "\n" in text else text


def _cell(cell: Cell) -> str:
    parts = []
    for span in cell.spans:
        opening, closing = _TAGS[span.mark]
        parts.append(
            f"{opening}{escape(span.text)}{closing}"
            if span.text.strip() or not opening
            else escape(span.text)
        )
    return "".join(parts)


def render_annex(view: AnnexView) -> bytes:
    """The title, the source session, the change summary, the table and its legend."""
    lines = [f"# {escape(view.title)}", "", escape(view.subtitle), ""]
    if view.summary:
        lead = f"**{escape(view.summary_lead)}** " if view.summary_lead else ""
        lines += [lead + " ".join(escape(s) for s in view.summary), ""]
    lines.append("| " + " | ".join(escape(c.header) for c in view.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in view.columns) + "|")
    lines += ["| " + " | ".join(_cell(cell) for cell in row.cells) + " |" for row in view.rows]
    for line in view.legend:
        lines += ["", escape(line)]
    return ("\n".join(lines) + "\n").encode("utf-8")
