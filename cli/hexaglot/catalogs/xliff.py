"""XLIFF for CAT tools (OmegaT, Trados, memoQ): a paper's blocks and their translations.

One ``unit`` (``trans-unit`` in 1.2) per block, its id the block's id, with
the block's place in the paper ("paragraph 14 (a)") as a note. Placeholders
are inline codes that tools protect, never escaped markup: a document
symbol, a paragraph reference and a footnote call are ``<ph>`` (2.0) or
``<x>`` (1.2) that may be moved but not deleted or copied; emphasis is a
``<pc>`` (2.0) or ``<g>`` (1.2) whose text is translated. States: no target
for an untranslated block; ``translated``; a fuzzy translation is
``initial`` with a target and subState ``hexaglot:needs-review`` in 2.0,
``needs-review-translation`` in 1.2, where a finished translation's
trans-unit is also ``approved="yes"`` (what 1.2 tools read as not fuzzy).

Reading goes through the hardened XML parser (no DTD, no entities, no
network, bounded size), and what an inline code stands for is taken from
the paper, never from the file: a unit can only place the source's own
placeholders.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from lxml import etree

from hexaglot.base import safexml
from hexaglot.base.errors import InputError
from hexaglot.catalogs import markup
from hexaglot.catalogs.catalog import Catalog, Message
from hexaglot.catalogs.translate import same_placeholders
from hexaglot.paper.inline import Em, NoteCall, Ref, Symbol, Text
from hexaglot.paper.model import Block, Paper

VERSIONS = ("2.0", "1.2")
NAMESPACES = {
    "2.0": "urn:oasis:names:tc:xliff:document:2.0",
    "1.2": "urn:oasis:names:tc:xliff:document:1.2",
}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FUZZY_SUBSTATE = "hexaglot:needs-review"
#: Target states of a finished translation; any other state (or, in 1.2, a
#: trans-unit with approved="no") makes the entry fuzzy.
_FINISHED_12 = {"translated", "final", "signed-off"}
_FINISHED_20 = {"translated", "reviewed", "final"}


@dataclass(frozen=True)
class Unit:
    """One unit as read: its block id, its line, its source, and its target if it has one.

    Source and target are inline content as read: strings and the codes of
    the file (:class:`_Code`, :class:`_Pair`), which :func:`resolve` turns
    into the paper's placeholders.
    """

    id: str
    line: int
    source: Inline
    target: Inline | None
    fuzzy: bool


@dataclass(frozen=True)
class Document:
    """An XLIFF file as read: which paper and languages, and its units."""

    version: str
    stem: str
    source_lang: str
    target_lang: str
    units: tuple[Unit, ...]


# Codes: the placeholders and emphases of a source, numbered in order. ---------------------


class _Codes:
    """The inline codes of one block's source; targets reuse them by what they stand for."""

    def __init__(self, source: Text, where: dict[str, str]):
        self.where = where
        self.by_node: dict[Symbol | Ref | NoteCall, list[str]] = defaultdict(list)
        self.ems: list[str] = []
        self.node_of: dict[str, Symbol | Ref | NoteCall | None] = {}  # id -> placeholder (None: em)
        self.count = 0
        self._number(source)

    def _number(self, text: Text) -> None:
        for node in text:
            if isinstance(node, str):
                continue
            self.count += 1
            code = str(self.count)
            if isinstance(node, Em):
                self.ems.append(code)
                self.node_of[code] = None
                self._number(node.content)
            else:
                self.by_node[node].append(code)
                self.node_of[code] = node

    def display(self, node: Symbol | Ref | NoteCall) -> str:
        if isinstance(node, Symbol):
            return node.value
        target = node.to if isinstance(node, Ref) else node.note
        return self.where.get(target, target)


def _original(node: Symbol | Ref | NoteCall) -> str:
    return markup.dump((node,))


class _Writer:
    """Inline content of one unit, in one XLIFF version."""

    def __init__(self, version: str, codes: _Codes):
        self.version = version
        self.codes = codes
        self.ns = NAMESPACES[version]
        self.data: dict[str, str] = {}  # original markup -> data id (2.0)

    def data_ref(self, original: str) -> str:
        if original not in self.data:
            self.data[original] = f"d{len(self.data) + 1}"
        return self.data[original]

    def fill(self, parent: etree._Element, text: Text) -> None:
        """Append ``text`` to ``parent`` as text and inline codes.

        ``text`` is the source or a translation with the source's placeholders
        and no more emphases than it (see :func:`_target`), so each code it
        needs is one of the source's.
        """
        ids = {node: iter(codes) for node, codes in self.codes.by_node.items()}
        ems = iter(self.codes.ems)

        def add(into: etree._Element, content: Text) -> None:
            last: etree._Element | None = None
            for node in content:
                if isinstance(node, str):
                    if last is None:
                        into.text = (into.text or "") + node
                    else:
                        last.tail = (last.tail or "") + node
                elif isinstance(node, Em):
                    last = self.em(into, next(ems))
                    add(last, node.content)
                else:
                    last = self.placeholder(into, node, next(ids[node]))

        add(parent, text)

    def placeholder(
        self, parent: etree._Element, node: Symbol | Ref | NoteCall, code: str
    ) -> etree._Element:
        shown = self.codes.display(node)
        if self.version == "2.0":
            return etree.SubElement(
                parent,
                f"{{{self.ns}}}ph",
                id=code,
                canCopy="no",
                canDelete="no",
                dataRef=self.data_ref(_original(node)),
                disp=shown,
            )
        kind = {Symbol: "x-symbol", Ref: "x-ref", NoteCall: "x-note"}[type(node)]
        return etree.SubElement(
            parent, f"{{{self.ns}}}x", id=code, ctype=kind, **{"equiv-text": shown}
        )

    def em(self, parent: etree._Element, code: str) -> etree._Element:
        if self.version == "2.0":
            return etree.SubElement(
                parent,
                f"{{{self.ns}}}pc",
                id=code,
                type="fmt",
                subType="xlf:i",
                dataRefStart=self.data_ref("<em>"),
                dataRefEnd=self.data_ref("</em>"),
            )
        return etree.SubElement(parent, f"{{{self.ns}}}g", id=code, ctype="italic")


# Export. ------------------------------------------------------------------------------------


def export(paper: Paper, lang: str, catalog: Catalog, version: str = "2.0") -> bytes:
    """The XLIFF of ``paper``'s blocks with the translations of ``catalog`` (in ``lang``)."""
    ns = NAMESPACES[version]
    where = {block.id: block.where for block in paper.blocks()}
    entries = {m.context: m for m in catalog if m.context is not None}
    original = f"source/{paper.stem}.xml"
    if version == "2.0":
        root = etree.Element(
            f"{{{ns}}}xliff", nsmap={None: ns}, version="2.0", srcLang=paper.lang, trgLang=lang
        )
        units = etree.SubElement(root, f"{{{ns}}}file", id=_file_id(paper.stem), original=original)
    else:
        root = etree.Element(f"{{{ns}}}xliff", nsmap={None: ns}, version="1.2")
        file = etree.SubElement(
            root,
            f"{{{ns}}}file",
            original=original,
            datatype="xml",
            **{"source-language": paper.lang, "target-language": lang},
        )
        units = etree.SubElement(file, f"{{{ns}}}body")
    unit = _unit_20 if version == "2.0" else _unit_12
    for block in paper.blocks():
        msg = entries.get(block.id)
        fuzzy = msg is not None and msg.fuzzy
        unit(
            units,
            block,
            _target(msg, block.text),
            fuzzy,
            _Writer(version, _Codes(block.text, where)),
        )
    _indent(root)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"
    )


#: Elements whose children are elements only; the text of any other is content.
_STRUCTURE = {"xliff", "file", "body", "unit", "trans-unit", "notes", "originalData", "segment"}


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent the structure by two spaces a level, never the text of a source or target."""
    if etree.QName(element).localname not in _STRUCTURE or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        _indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level


def _file_id(stem: str) -> str:
    """``stem`` as an XML name token, as XLIFF 2.0 wants file ids."""
    return re.sub(r"[^\w.-]", "_", stem)


def _target(msg: Message | None, source: Text) -> Text | None:
    """The translation to offer: the entry's, if it is for this text and sound.

    A translation whose markup does not parse, or whose placeholders are not
    the source's, is left out (check reports it); import then leaves the
    entry as it is.
    """
    if msg is None or not msg.string or msg.id != markup.dump(source):
        return None
    try:
        text = markup.load(msg.string)
    except markup.MarkupError:
        return None
    if not same_placeholders(source, text) or _ems(text) > _ems(source):
        return None
    return text


def _ems(text: Text) -> int:
    return sum(1 + _ems(node.content) for node in text if isinstance(node, Em))


def _unit_20(
    parent: etree._Element, block: Block, target: Text | None, fuzzy: bool, writer: _Writer
) -> None:
    ns = writer.ns
    unit = etree.SubElement(parent, f"{{{ns}}}unit", id=block.id)
    unit.set(XML_SPACE, "preserve")
    notes = etree.SubElement(unit, f"{{{ns}}}notes")
    etree.SubElement(notes, f"{{{ns}}}note", category="location").text = block.where
    original = etree.SubElement(unit, f"{{{ns}}}originalData")
    segment = etree.SubElement(unit, f"{{{ns}}}segment")
    writer.fill(etree.SubElement(segment, f"{{{ns}}}source"), block.text)
    segment.set("state", "translated" if target is not None and not fuzzy else "initial")
    if target is not None:
        if fuzzy:
            segment.set("subState", FUZZY_SUBSTATE)
        writer.fill(etree.SubElement(segment, f"{{{ns}}}target"), target)
    for text, data_id in writer.data.items():
        etree.SubElement(original, f"{{{ns}}}data", id=data_id).text = text
    if not writer.data:
        unit.remove(original)


def _unit_12(
    parent: etree._Element, block: Block, target: Text | None, fuzzy: bool, writer: _Writer
) -> None:
    ns = writer.ns
    unit = etree.SubElement(parent, f"{{{ns}}}trans-unit", id=block.id)
    if target is not None and not fuzzy:
        unit.set("approved", "yes")  # what 1.2 tools (Translate Toolkit) take for not fuzzy
    unit.set(XML_SPACE, "preserve")
    writer.fill(etree.SubElement(unit, f"{{{ns}}}source"), block.text)
    if target is not None:
        state = "needs-review-translation" if fuzzy else "translated"
        writer.fill(etree.SubElement(unit, f"{{{ns}}}target", state=state), target)
    etree.SubElement(unit, f"{{{ns}}}note", {"from": "hexaglot"}).text = block.where


# Reading. -----------------------------------------------------------------------------------


def read(data: bytes, path: Path | str) -> Document:
    """The XLIFF in ``data`` (the bytes of ``path``), or InputError naming the line at fault."""
    root = safexml.parse_bytes(data, path).getroot()
    version = next((v for v, ns in NAMESPACES.items() if root.tag == f"{{{ns}}}xliff"), None)
    if version is None:
        raise InputError(
            "not an XLIFF 2.0 or 1.2 file (the root must be <xliff> in the OASIS namespace)",
            path,
            root.sourceline,
        )
    ns = NAMESPACES[version]
    files = root.findall(f"{{{ns}}}file")
    if len(files) != 1:
        raise InputError(f"an XLIFF file from hexaglot has one <file>, not {len(files)}", path, 1)
    file = files[0]
    if version == "2.0":
        source_lang, target_lang = root.get("srcLang", ""), root.get("trgLang", "")
        elements = file.iter(f"{{{ns}}}unit")
    else:
        source_lang = file.get("source-language", "")
        target_lang = file.get("target-language", "")
        elements = file.iter(f"{{{ns}}}trans-unit")
    original = file.get("original", "")
    if not original.endswith(".xml") or not target_lang:
        raise InputError(
            'the <file> must name its paper (original="source/NAME.xml") and the target language',
            path,
            file.sourceline,
        )
    reader = _Reader(version, path)
    units = tuple(reader.unit(element) for element in elements)
    return Document(version, Path(original).stem, source_lang, target_lang, units)


class _Reader:
    """Units of one XLIFF version, their codes left as ids until a paper gives them meaning."""

    def __init__(self, version: str, path: Path | str):
        self.version = version
        self.ns = NAMESPACES[version]
        self.path = path

    def fail(self, element: etree._Element, message: str) -> InputError:
        return InputError(message, self.path, element.sourceline)

    def unit(self, element: etree._Element) -> Unit:
        uid = element.get("id", "")
        if self.version == "2.0":
            segments = element.findall(f"{{{self.ns}}}segment")
            if len(segments) != 1:
                raise self.fail(
                    element, f"unit {uid!r} must have one <segment>, not {len(segments)}"
                )
            holder = segments[0]
            state = holder.get("state", "initial")
            done = state in _FINISHED_20
        else:
            holder = element
        source = holder.find(f"{{{self.ns}}}source")
        if source is None:
            raise self.fail(element, f"unit {uid!r} has no <source>")
        target = holder.find(f"{{{self.ns}}}target")
        if self.version == "1.2":
            state = target.get("state", "translated") if target is not None else "new"
            done = state in _FINISHED_12 and element.get("approved") != "no"
        return Unit(
            uid,
            element.sourceline or 0,
            self.inline(source, uid),
            None if target is None else self.inline(target, uid),
            not done,
        )

    def inline(self, element: etree._Element, uid: str) -> Inline:
        """The content of a <source> or <target>: text, and codes as _Code nodes."""
        nodes: list = []
        if element.text:
            nodes.append(element.text)
        for child in element:
            if not isinstance(child.tag, str):  # comments and processing instructions
                if child.tail:
                    nodes.append(child.tail)
                continue
            name = etree.QName(child).localname
            if etree.QName(child).namespace != self.ns:
                raise self.fail(child, f"unit {uid!r}: <{child.tag}> is not XLIFF {self.version}")
            standalone, paired = ("ph", "pc") if self.version == "2.0" else ("x", "g")
            if name == standalone:
                if len(child) or (child.text or "").strip():
                    raise self.fail(child, f"unit {uid!r}: <{name}/> holds no content")
                nodes.append(_Code(child.get("id", ""), child.sourceline or 0))
            elif name == paired:
                nodes.append(
                    _Pair(child.get("id", ""), child.sourceline or 0, self.inline(child, uid))
                )
            elif name == "mrk":  # an annotation of a tool: its text counts, the mark does not
                nodes.extend(self.inline(child, uid))
            else:
                raise self.fail(
                    child,
                    f"unit {uid!r}: <{name}> is not supported here; keep the codes as exported",
                )
            if child.tail:
                nodes.append(child.tail)
        return tuple(nodes)


@dataclass(frozen=True)
class _Code:
    """A standalone inline code as read (<ph/>, <x/>): only its id means anything."""

    id: str
    line: int


@dataclass(frozen=True)
class _Pair:
    """A paired inline code as read (<pc>, <g>): emphasis, with its content."""

    id: str
    line: int
    content: Inline


Inline: TypeAlias = "tuple[str | _Code | _Pair, ...]"


# Applying. ----------------------------------------------------------------------------------


def resolve(unit_text: Inline, source: Text, where: dict[str, str], path: Path | str) -> Text:
    """Inline text of a unit with its codes turned into the placeholders they stand for.

    The ids are those numbered from ``source`` (the paper's block); an id the
    source does not have is refused.
    """
    codes = _Codes(source, where)

    def convert(content: Inline) -> Text:
        out: list = []
        for node in content:
            if isinstance(node, str):
                out.append(node)
            elif isinstance(node, _Pair):
                out.append(Em(convert(node.content)))
            else:
                meaning = codes.node_of.get(node.id)
                if meaning is None:
                    raise InputError(
                        f"inline code id={node.id!r} is not a placeholder of this block's source",
                        path,
                        node.line,
                    )
                out.append(meaning)
        return _joined(out)

    return convert(unit_text)


def _joined(nodes: list) -> Text:
    """Adjacent strings merged into one, as the message markup has them."""
    out: list = []
    for node in nodes:
        if isinstance(node, str) and out and isinstance(out[-1], str):
            out[-1] += node
        elif node != "":
            out.append(node)
    return tuple(out)


def apply(document: Document, paper: Paper, catalog: Catalog, path: Path | str) -> list[Message]:
    """Put the translations of ``document`` into ``catalog``; return the entries it changed.

    A unit without a target leaves its entry alone. A unit for a block the
    paper does not have, or whose source is no longer the block's text, is
    refused: export again. Each changed entry's ``lineno`` becomes its
    unit's line, so that checks can point into the XLIFF file.
    """
    blocks = {block.id: block for block in paper.blocks()}
    where = {block.id: block.where for block in blocks.values()}
    entries = {(m.context, m.id): m for m in catalog}
    changed: list[Message] = []
    for unit in document.units:
        block = blocks.get(unit.id)
        if block is None:
            raise InputError(f"unit {unit.id!r} names no block of {paper.stem}", path, unit.line)
        if resolve(unit.source, block.text, where, path) != _joined(list(block.text)):
            raise InputError(
                f"the source of unit {unit.id!r} is not the paper's text any more; "
                "export the XLIFF again and carry the translations over",
                path,
                unit.line,
            )
        if unit.target is None:
            continue
        msg = entries.get((block.id, markup.dump(block.text)))
        if msg is None:
            raise InputError(f"the catalogue has no entry for {unit.id!r}", path, unit.line)
        text = markup.dump(resolve(unit.target, block.text, where, path))
        fuzzy = unit.fuzzy and bool(text)
        if _same(msg.string, text) and msg.fuzzy == fuzzy:
            continue
        if not _same(msg.string, text):
            msg.string = text
        if fuzzy and not msg.fuzzy:
            msg.flags = ["fuzzy", *msg.flags]
        elif not fuzzy and msg.fuzzy:
            msg.flags = [f for f in msg.flags if f != "fuzzy"]
            msg.previous_context = msg.previous_id = None
        msg.lineno = unit.line
        changed.append(msg)
    return changed


def _same(old: str, new: str) -> bool:
    """Whether two msgstrs say the same, however their markup is spelled."""
    if old == new:
        return True
    try:
        return markup.dump(markup.load(old)) == new
    except markup.MarkupError:
        return False
