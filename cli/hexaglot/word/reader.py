"""What a Word document says, paragraph by paragraph, in the terms of a UN paper.

python-docx gives the body, the styles and the tables; the parts it does
not model are read here with lxml: footnotes (footnotes.xml) and Word's
automatic numbering (numbering.xml), whose labels ("1.", "(a)", "I.") Word
computes when it lays the page out and never stores. A label typed by hand
("1.<tab>") is read the same way, so an author's habits do not matter.
Only direct formatting of runs and character styles count as emphasis: a
heading style's bold is the heading's look, not part of its text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from hexaglot.base import numerals
from hexaglot.paper.inline import STYLES, NoteCall, Styled, Text
from hexaglot.word.package import Docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
#: DrawingML measures in English Metric Units.
EMU_PER_MM = 36000


@dataclass(frozen=True)
class Footnote:
    """A footnote's text; ``marker`` is a custom mark ("*"), None when Word numbers it."""

    marker: str | None
    text: Text


@dataclass(frozen=True)
class Picture:
    """An image drawn in the text: its bytes (from inside the archive), width and description."""

    data: bytes = field(repr=False)
    width_mm: int | None
    alt: str


@dataclass(frozen=True)
class Paragraph:
    """One Word paragraph; ``number`` counts every paragraph of the body from 1, in order."""

    number: int
    style: str
    label: str | None  # "1.", "(a)", "I.", "A.": computed from Word numbering, or typed
    level: int | None  # the Word numbering level (0 = top), None for a typed label
    text: Text  # the text after the label; footnote calls are NoteCall(Word footnote id)
    in_table: bool = False
    lang: str | None = None  # the language most of its runs are tagged with ("es")
    picture: Picture | None = None  # the first image drawn in it

    @property
    def plain(self) -> str:
        return "".join(_strings(self.text))


@dataclass(frozen=True)
class Cell:
    paragraphs: tuple[Paragraph, ...]
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class Row:
    header: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    number: int  # the Word number of its first paragraph
    rows: tuple[Row, ...]


@dataclass
class Document:
    items: list[Paragraph | Table]
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    furniture: tuple[str, ...] = ()  # the text of each paragraph of the headers and footers

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph, those in table cells too, in document order."""
        for item in self.items:
            if isinstance(item, Paragraph):
                yield item
            else:
                for row in item.rows:
                    for cell in row.cells:
                        yield from cell.paragraphs


#: A label typed at the start of a paragraph, followed by a tab or spaces.
TYPED_LABEL = re.compile(
    r"\s*(\d{1,4}\s?[.．]|\((?:[a-z]{1,3}|[ivxlc]{1,6})\)|(?:[a-z]{1,2}|[ivxlc]{1,6})\)"
    r"|[IVXLC]{1,6}[.．]|[A-Z][.．]|[a-z][.．])[\t ]+"
)

_FORMATS = {
    "decimal": str,
    "lowerLetter": lambda n: numerals.latin(n).lower(),
    "upperLetter": numerals.latin,
    "lowerRoman": lambda n: numerals.roman(n).lower(),
    "upperRoman": numerals.roman,
}


def read(package: Docx, typed: re.Pattern[str] = TYPED_LABEL) -> Document:
    """The document of a checked Word file; ``typed`` finds the labels typed by hand
    (by default English ones; :mod:`wording` gives each language's)."""
    return _Reader(package, typed).document()


class _Numbering:
    """Word's list numbering, counted in document order as Word counts it."""

    def __init__(self, root: etree._Element | None):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.iter(f"{W}lvl"):
                levels[_int(lvl.get(f"{W}ilvl", "0"), 0)] = (
                    _int(_val(lvl.find(f"{W}start"), "1"), 1),
                    _val(lvl.find(f"{W}numFmt"), "decimal"),
                    _val(lvl.find(f"{W}lvlText"), ""),
                )
            self.levels[abstract.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            overrides = {}
            for override in num.iter(f"{W}lvlOverride"):
                start = _val(override.find(f"{W}startOverride"), "")
                if start.isdigit():
                    overrides[_int(override.get(f"{W}ilvl", "0"), 0)] = _int(start, 1)
            abstract = _val(num.find(f"{W}abstractNumId"), "")
            self.nums[num.get(f"{W}numId", "")] = (abstract, overrides)

    def label(self, num_id: str, level: int) -> str | None:
        """The label of the next paragraph numbered ``num_id`` at ``level``."""
        if num_id not in self.nums:
            return None
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if level not in levels:
            return None
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
        start = levels[level][0]
        counters[level] = counters[level] + 1 if level in counters else start
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        fmt, text = levels[level][1], levels[level][2]
        if fmt == "bullet":
            return "•"
        if fmt == "none":
            return None

        def one(found: re.Match[str]) -> str:
            lvl = int(found.group(1)) - 1
            value = counters.get(lvl, levels.get(lvl, (1,))[0])
            return _FORMATS.get(levels.get(lvl, (1, "decimal"))[1], str)(value)

        return re.sub(r"%([1-9])", one, text) or None


def _int(value: str, default: int) -> int:
    """A number Word writes as text; what is not one counts as ``default``."""
    return int(value) if value.isdigit() and len(value) < 6 else default


def _val(el: etree._Element | None, default: str) -> str:
    return el.get(f"{W}val", default) if el is not None else default


def _on(el: etree._Element | None) -> bool:
    return el is not None and el.get(f"{W}val", "true") not in ("0", "false", "off", "none")


class _Reader:
    def __init__(self, package: Docx, typed: re.Pattern[str]):
        self.package = package
        self.typed = typed
        self.styles = package.document.styles.element
        self.numbering = _Numbering(package.related("numbering"))
        self.count = 0

    def document(self) -> Document:
        body = self.package.document.element.body
        items = list(self._blocks(body))
        return Document(items, self._footnotes(), self._furniture())

    def _furniture(self) -> tuple[str, ...]:
        """What the headers and footers say: a job number, printed at the foot of page 1."""
        out = []
        for rel in self.package.document.part.rels.values():
            if not rel.is_external and rel.reltype.rsplit("/", 1)[-1] in ("header", "footer"):
                tree = self.package.parts.get(str(rel.target_part.partname).lstrip("/"))
                for p in tree.getroot().iter(f"{W}p") if tree is not None else ():
                    out.append("".join(t.text or "" for t in p.iter(f"{W}t")))
        return tuple(out)

    def _blocks(self, parent: etree._Element, in_table: bool = False) -> Iterator:
        for child in parent:
            if child.tag == f"{W}p":
                yield self._paragraph(child, in_table)
            elif child.tag == f"{W}tbl":
                yield self._table(child)
            elif child.tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    yield from self._blocks(content, in_table)

    # Styles --------------------------------------------------------------

    def _style(self, style_id: str | None) -> etree._Element | None:
        if not style_id:
            return None
        return self.styles.find(f"{W}style[@{W}styleId='{style_id}']")

    def _style_name(self, style_id: str | None) -> str:
        style = self._style(style_id)
        name = style.find(f"{W}name") if style is not None else None
        return _val(name, style_id or "") if name is not None else (style_id or "Normal")

    def _style_numbering(self, style_id: str | None) -> tuple[str, int] | None:
        """The numbering a paragraph style gives (following basedOn), if any."""
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._style(style_id)
            if style is None:
                return None
            num = style.find(f"{W}pPr/{W}numPr")
            if num is not None:
                return _val(num.find(f"{W}numId"), ""), _int(_val(num.find(f"{W}ilvl"), "0"), 0)
            style_id = _val(style.find(f"{W}basedOn"), "") or None
        return None

    def _char_styles(self, style_id: str | None) -> set[str]:
        style = self._style(style_id)
        props = style.find(f"{W}rPr") if style is not None else None
        return _run_styles(props)

    # Paragraphs ----------------------------------------------------------

    def _paragraph(self, p: etree._Element, in_table: bool) -> Paragraph:
        self.count += 1
        style_id = _val(p.find(f"{W}pPr/{W}pStyle"), "") or None
        text = self._inline(p)
        label, level = None, None
        direct = p.find(f"{W}pPr/{W}numPr")
        numbering = (
            (_val(direct.find(f"{W}numId"), ""), _int(_val(direct.find(f"{W}ilvl"), "0"), 0))
            if direct is not None
            else self._style_numbering(style_id)
        )
        if numbering and numbering[0] not in ("", "0"):
            label = self.numbering.label(*numbering)
            level = numbering[1] if label else None
        if label is None:
            typed = self.typed.match("".join(_leading(text)))
            if typed:
                label = re.sub(r"\s", "", typed.group(1))
                text = _drop(text, typed.end())
        tags = Counter(tag.get(f"{W}val", "").split("-")[0].lower() for tag in p.iter(f"{W}lang"))
        lang = next((t for t, _ in tags.most_common() if t), None)
        return Paragraph(
            self.count,
            self._style_name(style_id),
            label,
            level,
            text,
            in_table,
            lang,
            self._picture(p),
        )

    def _picture(self, p: etree._Element) -> Picture | None:
        """The first image of ``p`` whose bytes are a part of the document."""
        for blip in p.iter(f"{A}blip"):
            part = self.package.document.part.related_parts.get(blip.get(f"{R}embed", ""))
            if part is None:
                continue
            drawing = next(blip.iterancestors(f"{W}drawing"), None)
            extent = drawing.find(f".//{WP}extent") if drawing is not None else None
            doc_pr = drawing.find(f".//{WP}docPr") if drawing is not None else None
            cx = extent.get("cx", "") if extent is not None else ""
            width = round(int(cx) / EMU_PER_MM) if cx.isdigit() and len(cx) < 12 else None
            return Picture(
                part.blob, width or None, doc_pr.get("descr", "") if doc_pr is not None else ""
            )
        return None

    def _inline(self, parent: etree._Element) -> Text:
        """The runs of a paragraph as inline text: styles nested, footnote calls kept."""
        pieces: list[tuple[tuple[str, ...], str | NoteCall]] = []
        for run in _runs(parent):
            props = run.find(f"{W}rPr")
            styles = _run_styles(props) | self._char_styles(
                _val(props.find(f"{W}rStyle"), "") if props is not None else None
            )
            order = tuple(tag for tag in ("strong", "em", "sup", "sub") if tag in styles)
            skip_mark = False
            for node in run:
                tag = node.tag
                if tag == f"{W}t":
                    value = node.text or ""
                    if skip_mark:  # the custom mark of a footnote call ("*") is not text
                        skip_mark = False
                        continue
                    pieces.append((order, value))
                elif tag == f"{W}tab":
                    pieces.append((order, "\t"))
                elif tag in (f"{W}br", f"{W}cr"):
                    pieces.append((order, " "))
                elif tag == f"{W}noBreakHyphen":
                    pieces.append((order, "\u2011"))
                elif tag == f"{W}footnoteReference":
                    pieces.append(((), NoteCall(node.get(f"{W}id", ""))))
                    skip_mark = node.get(f"{W}customMarkFollows") in ("1", "true", "on")
        return _nest(pieces)

    # Tables --------------------------------------------------------------

    def _table(self, tbl: etree._Element) -> Table:
        first = self.count + 1
        rows: list[Row] = []
        open_cells: dict[int, list] = {}  # grid column -> [paragraphs, rows, cols] merging down
        built: list[list[list]] = []
        for tr in tbl.iter(f"{W}tr"):
            if tr.getparent() is not tbl:
                continue
            header = _on(tr.find(f"{W}trPr/{W}tblHeader"))
            cells: list[list] = []
            column = 0
            for tc in tr.findall(f"{W}tc"):
                cols = max(_int(_val(tc.find(f"{W}tcPr/{W}gridSpan"), "1"), 1), 1)
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                # A table nested in a cell gives its paragraphs to the cell.
                paragraphs = list(Document(list(self._blocks(tc, in_table=True))).paragraphs())
                if merge is not None and _val(merge, "continue") != "restart":
                    above = open_cells.get(column)
                    if above is not None:
                        above[1] += 1
                        above[0].extend(p for p in paragraphs if p.plain.strip())
                        column += cols
                        continue
                cell = [paragraphs, 1, cols]
                if merge is not None:
                    open_cells[column] = cell
                else:
                    open_cells.pop(column, None)
                cells.append(cell)
                column += cols
            built.append(cells)
            rows.append(Row(header, ()))
        return Table(
            first,
            tuple(
                Row(row.header, tuple(Cell(tuple(c[0]), c[1], c[2]) for c in cells))
                for row, cells in zip(rows, built, strict=True)
            ),
        )

    # Footnotes -----------------------------------------------------------

    def _footnotes(self) -> dict[str, Footnote]:
        root = self.package.related("footnotes")
        if root is None:
            return {}
        marks = {
            ref.get(f"{W}id", ""): _custom_mark(ref)
            for ref in self.package.document.element.body.iter(f"{W}footnoteReference")
        }
        out = {}
        for note in root.iter(f"{W}footnote"):
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            note_id = note.get(f"{W}id", "")
            texts = [self._inline(p) for p in note.iter(f"{W}p")]
            joined: list = []
            for text in texts:
                if joined and text:
                    joined.append(" ")
                joined.extend(text)
            mark = marks.get(note_id)
            text = _drop(tuple(joined), _blank(joined))
            if mark and "".join(_leading(text)).startswith(mark):
                text = _drop(text, len(mark))  # Word repeats a custom mark in the note
                text = _drop(text, _blank(list(text)))
            out[note_id] = Footnote(mark, text)
        return out


def _custom_mark(ref: etree._Element) -> str | None:
    if ref.get(f"{W}customMarkFollows") not in ("1", "true", "on"):
        return None
    run = ref.getparent()
    return "".join(t.text or "" for t in run.iter(f"{W}t")).strip() or None


def _blank(text: list) -> int:
    """How many blank characters open ``text`` (Word writes a space or tab after the mark)."""
    lead = "".join(_leading(tuple(text)))
    return len(lead) - len(lead.lstrip())


def _runs(parent: etree._Element) -> Iterator[etree._Element]:
    """The runs of a paragraph in order, inside links, insertions and fields too."""
    for child in parent:
        tag = child.tag
        if tag == f"{W}r":
            yield child
        elif tag in (f"{W}hyperlink", f"{W}ins", f"{W}moveTo", f"{W}smartTag", f"{W}fldSimple"):
            yield from _runs(child)
        elif tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _runs(content)


def _run_styles(props: etree._Element | None) -> set[str]:
    if props is None:
        return set()
    out = set()
    if _on(props.find(f"{W}b")):
        out.add("strong")
    if _on(props.find(f"{W}i")):
        out.add("em")
    align = _val(props.find(f"{W}vertAlign"), "")
    if align == "superscript":
        out.add("sup")
    elif align == "subscript":
        out.add("sub")
    return out


def _nest(pieces: list[tuple[tuple[str, ...], str | NoteCall]]) -> Text:
    """Inline text from (styles, piece) pairs: equal neighbours merged, styles nested."""
    merged: list[tuple[tuple[str, ...], list]] = []
    for styles, piece in pieces:
        if merged and merged[-1][0] == styles:
            merged[-1][1].append(piece)
        else:
            merged.append((styles, [piece]))
    return _group(merged, 0)


def _group(merged: list[tuple[tuple[str, ...], list]], depth: int) -> Text:
    out: list = []
    i = 0
    while i < len(merged):
        styles, pieces = merged[i]
        if len(styles) <= depth:
            for piece in pieces:
                if isinstance(piece, str) and out and isinstance(out[-1], str):
                    out[-1] += piece
                else:
                    out.append(piece)
            i += 1
            continue
        tag = styles[depth]
        j = i
        while j < len(merged) and len(merged[j][0]) > depth and merged[j][0][depth] == tag:
            j += 1
        inner = _group(merged[i:j], depth + 1)
        if inner:
            out.append(STYLES[tag](inner))
        i = j
    return tuple(out)


def _strings(text: Text) -> Iterator[str]:
    for node in text:
        if isinstance(node, str):
            yield node
        elif isinstance(node, Styled):
            yield from _strings(node.content)


def _leading(text: Text) -> Iterator[str]:
    """The strings that open ``text``, up to its first placeholder."""
    for node in text:
        if isinstance(node, str):
            yield node
        elif isinstance(node, Styled):
            inner = list(_leading(node.content))
            yield from inner
            if len(inner) != len(node.content):
                return
        else:
            return


def _drop(text: Text, count: int) -> Text:
    """``text`` without its first ``count`` characters (all in its leading strings)."""
    out: list = []
    for node in text:
        if count <= 0:
            out.append(node)
        elif isinstance(node, str):
            if len(node) > count:
                out.append(node[count:])
            count -= len(node)
        elif isinstance(node, Styled):
            size = sum(len(s) for s in _leading(node.content))
            inner = _drop(node.content, count)
            count -= size
            if inner:
                out.append(type(node)(inner))
        else:
            out.append(node)
    return tuple(out)
