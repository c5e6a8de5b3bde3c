"""TMX 1.4: translation memory as every CAT tool exchanges it.

Each translation unit is one message: its source and target segments, the
paper and block id as properties. A message's placeholders and styles are
TMX inline codes holding the message markup as native code (``<ph>`` for
``<symbol>…</symbol>``, ``<ref/>`` and ``<note/>``; ``<bpt>``/``<ept>`` around
styled text), so CAT tools protect them and reading gives the markup back
exactly. A TMX file is read with the same defences as a paper: no DTD, no
entities, no network, bounded size.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from hexaglot import __version__
from hexaglot.base import safexml
from hexaglot.base.errors import InputError
from hexaglot.catalogs import markup
from hexaglot.paper.inline import Styled, Text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Unit:
    """One translation unit: where it comes from, and its text in two languages."""

    tuid: str  # "<paper>#<block id>"
    source_lang: str
    source: str  # message markup
    target_lang: str
    target: str


def _seg(text: Text) -> etree._Element:
    seg = etree.Element("seg")
    counter = [0]

    def add(parent: etree._Element, nodes: Text) -> None:
        for node in nodes:
            if isinstance(node, str):
                if len(parent):
                    parent[-1].tail = (parent[-1].tail or "") + node
                else:
                    parent.text = (parent.text or "") + node
            elif isinstance(node, Styled):
                counter[0] += 1
                number = str(counter[0])
                etree.SubElement(parent, "bpt", i=number).text = f"<{node.tag}>"
                add(parent, node.content)
                etree.SubElement(parent, "ept", i=number).text = f"</{node.tag}>"
            else:
                etree.SubElement(parent, "ph").text = markup.dump((node,))

    add(seg, text)
    return seg


def write(units: list[Unit]) -> bytes:
    """A TMX 1.4 document of ``units``; its srclang is theirs, or *all* when they differ."""
    sources = {unit.source_lang for unit in units}
    source_lang = sources.pop() if len(sources) == 1 else "*all*"
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="hexaglot",
        creationtoolversion=__version__,
        segtype="block",
        adminlang="en",
        srclang=source_lang,
        datatype="xml",
        **{"o-tmf": "gettext"},
    )
    body = etree.SubElement(root, "body")
    segments = []
    for unit in units:
        tu = etree.SubElement(body, "tu", tuid=unit.tuid)
        paper, _, block = unit.tuid.partition("#")
        etree.SubElement(tu, "prop", type="x-paper").text = paper
        etree.SubElement(tu, "prop", type="x-block").text = block
        for lang, text in ((unit.source_lang, unit.source), (unit.target_lang, unit.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            segments.append((etree.SubElement(tuv, "seg"), text))
    # Indent the structure only: a segment's white space is its text.
    etree.indent(root, space="  ")
    for seg, text in segments:
        filled = _seg(markup.load(text))
        filled.tail = seg.tail
        seg.getparent().replace(seg, filled)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _markup(seg: etree._Element) -> str:
    """The message markup a segment holds: its text, and its codes' native text."""
    out = [seg.text or ""]
    for child in seg:
        if child.tag not in ("ph", "bpt", "ept"):
            raise InputError(f"<{child.tag}> is not an inline code hexaglot writes", line=None)
        out.append(child.text or "")
        out.append(child.tail or "")
    return "".join(out)


def read(data: bytes, path: Path | str) -> list[Unit]:
    """The units of a TMX file whose segments are sound message markup; InputError if the
    file is not a TMX document hexaglot can read."""
    root = safexml.parse_bytes(data, path).getroot()
    if root.tag != "tmx" or root.find("body") is None:
        raise InputError("not a TMX document (no <tmx> with a <body>)", path, root.sourceline)
    units = []
    for tu in root.find("body").iterfind("tu"):
        segments = []
        for tuv in tu.iterfind("tuv"):
            seg = tuv.find("seg")
            lang = (tuv.get(XML_LANG) or "").lower().split("-")[0]  # fr-FR is fr
            if seg is None or not lang:
                continue
            try:
                text = _markup(seg)
                markup.load(text)
            except (InputError, markup.MarkupError) as exc:
                message = exc.message if isinstance(exc, InputError) else str(exc)
                raise InputError(
                    f"unit {tu.get('tuid')!r}: {message}", path, seg.sourceline
                ) from None
            segments.append((lang, text))
        # Each segment is a source for the others: a reader picks the pair it needs.
        for source_lang, source in segments:
            for lang, text in segments:
                if lang != source_lang:
                    units.append(Unit(tu.get("tuid") or "", source_lang, source, lang, text))
    return units
