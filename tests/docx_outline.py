"""A DOCX's structure as lines of text, read from its XML: sections (page size, orientation,
margins, first-page header, page numbering) with their headers, and every paragraph and table
of the body with its style, its numbering and its alignment. Golden files compare these lines,
so that a change to the layout shows up as a readable diff."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}


def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


def _text(element: etree._Element) -> str:
    out = []
    for node in element.iter(_q("w:t"), _q("w:instrText"), _q("w:footnoteReference"), _q("w:tab")):
        if node.tag == _q("w:instrText"):
            out.append("{" + (node.text or "").strip() + "}")
        elif node.tag == _q("w:footnoteReference"):
            out.append(f"[^{node.get(_q('w:id'))}]")
        elif node.tag == _q("w:tab"):
            if node.getparent().tag == _q("w:r"):  # not a tab stop of the paragraph
                out.append("\t")
        else:
            out.append(node.text or "")
    text = "".join(out)
    # A field's cached result follows its instruction: keep the instruction only.
    return text.replace("{PAGE}2", "{PAGE}")


def _paragraph(p: etree._Element) -> str:
    props = p.find("w:pPr", NS)
    style = "Normal"
    extras = []
    if props is not None:
        found = props.find("w:pStyle", NS)
        if found is not None:
            style = found.get(_q("w:val"))
        jc = props.find("w:jc", NS)
        if jc is not None:
            extras.append(jc.get(_q("w:val")))
        num = props.find("w:numPr/w:numId", NS)
        if num is not None:
            extras.append(f"num={num.get(_q('w:val'))}")
    if p.find(".//w:drawing", NS) is not None:
        extras.append("picture")
    if p.find(".//w:br[@w:type='page']", NS) is not None:
        extras.append("page-break")
    bold = any(b.get(_q("w:val")) not in ("0", "false") for b in p.findall(".//w:r/w:rPr/w:b", NS))
    if bold:
        extras.append("bold")
    tail = f" [{', '.join(extras)}]" if extras else ""
    return f"p {style}{tail}: {_text(p)}"


def _table(tbl: etree._Element) -> list[str]:
    grid = [c.get(_q("w:w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
    rows = tbl.findall("w:tr", NS)
    header = sum(1 for r in rows if r.find("w:trPr/w:tblHeader", NS) is not None)
    lines = [f"table {len(rows)} rows, header rows {header}, widths {'/'.join(grid)}"]
    for row in rows[:3]:
        cells = [_text(c) for c in row.findall("w:tc", NS)]
        lines.append("  | " + " | ".join(cells))
    return lines


def _section(
    sect: etree._Element, parts: dict[str, etree._Element], rels: dict[str, str]
) -> list[str]:
    size = sect.find("w:pgSz", NS)
    margins = sect.find("w:pgMar", NS)
    assert size is not None and margins is not None
    width, height = int(size.get(_q("w:w"))), int(size.get(_q("w:h")))
    orientation = "landscape" if width > height else "portrait"
    edges = "/".join(margins.get(_q(f"w:{side}")) for side in ("top", "right", "bottom", "left"))
    flags = []
    if sect.find("w:titlePg", NS) is not None:
        flags.append("different first page")
    start = sect.find("w:pgNumType", NS)
    if start is not None:
        flags.append(f"pages from {start.get(_q('w:start'))}")
    lines = [f"section {orientation} {width}x{height} margins {edges} {', '.join(flags)}".rstrip()]
    for reference in sect.findall("w:headerReference", NS):
        kind = reference.get(_q("w:type"))
        header = parts[rels[reference.get(_q("r:id"))]]
        texts = [_text(p) for p in header.findall("w:p", NS)]
        lines.append(
            f"  header {kind}: " + " / ".join(t for t in texts if t)
            if any(texts)
            else f"  header {kind}: (empty)"
        )
    return lines


def outline(data: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(data))
    document = etree.fromstring(archive.read("word/document.xml"))
    rels_xml = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
    rels = {r.get("Id"): "word/" + r.get("Target") for r in rels_xml}
    parts = {
        name: etree.fromstring(archive.read(name))
        for name in archive.namelist()
        if name.startswith("word/header")
    }
    body = document.find("w:body", NS)
    assert body is not None
    lines: list[str] = []
    for child in body:
        if child.tag == _q("w:p"):
            lines.append(_paragraph(child))
            sect = child.find("w:pPr/w:sectPr", NS)
            if sect is not None:
                lines += _section(sect, parts, rels)
        elif child.tag == _q("w:tbl"):
            lines += _table(child)
        elif child.tag == _q("w:sectPr"):
            lines += _section(child, parts, rels)
    if "word/footnotes.xml" in archive.namelist():
        notes = etree.fromstring(archive.read("word/footnotes.xml"))
        for note in notes.findall("w:footnote", NS):
            if note.get(_q("w:type")) is None:
                lines.append(f"footnote {note.get(_q('w:id'))}:{_text(note)}")
    return "\n".join(lines) + "\n"
