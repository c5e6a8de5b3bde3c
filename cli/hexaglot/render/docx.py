"""Word editions: an edition as a .docx file that editors and CAT tools open.

The structure stays recoverable from the file: every paragraph has a style
named for what it is (Word's built-in "heading 1", "footnote text" …, and
"Numbered Paragraph", "Subparagraph 1" … of our own), paragraph numbers and
subparagraph labels are typed text followed by a tab, so they survive any
editing, and footnotes are real Word footnotes at their calls. python-docx
gives the package, its parts, sections and pictures; the rest (runs with
their language and fonts, footnotes, bidi, fields, tables) is written here
as WordprocessingML. The file holds no hyperlink or other external
relationship, and no current date: two builds give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, replace

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from lxml import etree

from hexaglot.paper.inline import NoteCall, Ref, Styled, Symbol, Text, plain
from hexaglot.paper.model import (
    Annex,
    Block,
    Content,
    Decision,
    Figure,
    Item,
    Note,
    Para,
    Quote,
    Section,
    Table,
    walk,
)
from hexaglot.render.conventions import get as convention
from hexaglot.render.edition import Edition

#: Twentieths of a point per millimetre, the unit of Word's indents and page sizes.
TWIPS_PER_MM = 1440 / 25.4
#: A4, and the margins of the PDF editions (data/print.css): top, sides, foot.
PAGE_MM = (210, 297)
MARGINS_MM = (22, 20, 25)
TEXT_WIDTH_MM = PAGE_MM[0] - 2 * MARGINS_MM[1]
#: Where a paragraph's text starts after its number, and each further level of subparagraphs.
INDENT_MM = 10


def _twips(mm: float) -> str:
    return str(round(mm * TWIPS_PER_MM))


def w(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """A WordprocessingML element: ``w(tag, {"val": "x"})`` is <w:tag w:val="x"/>."""
    el = OxmlElement(f"w:{tag}")
    for name, value in (attrs or {}).items():
        el.set(qn(name if ":" in name else f"w:{name}"), value)
    for child in children:
        el.append(child)
    return el


# Styles ---------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """A paragraph (or character) style: its name, and what it sets."""

    name: str
    kind: str = "paragraph"
    based_on: str | None = "Normal"
    size: float | None = None  # points
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    indent: int = 0  # mm from the start margin
    hanging: int = 0  # mm the first line starts before ``indent`` (a number in it)
    first_line: int = 0  # mm
    before: int = 0  # points of space above
    after: int = 0  # points of space below
    justify: bool = False
    keep_next: bool = False
    page_break: bool = False
    rule_below: bool = False
    end_tab: bool = False  # a tab stop at the end of the line
    outline: int | None = None  # heading level - 1

    @property
    def ident(self) -> str:
        """The style's id, as Word derives it from the name: "heading 1" is "Heading1"."""
        return "".join(part[:1].upper() + part[1:] for part in self.name.split())


def _level_styles() -> list[Style]:
    """Subparagraphs and bullets, three levels each, indented one step per level."""
    out = []
    for level in (1, 2, 3):
        indent = INDENT_MM * (level + 1)
        out.append(
            Style(
                f"Subparagraph {level}",
                indent=indent,
                hanging=INDENT_MM,
                after=6,
                justify=True,
            )
        )
        name = "List Bullet" if level == 1 else f"List Bullet {level}"
        out.append(Style(name, indent=indent, hanging=INDENT_MM, after=6, justify=True))
    return out


#: Every style an edition uses. Built-in Word styles keep Word's own names
#: (Word shows "heading 1" as "Heading 1"), so that Word and LibreOffice treat
#: them as theirs (outline, navigation, footnotes).
STYLES = (
    Style("Normal", based_on=None, size=10),
    *(
        Style(
            f"heading {level}",
            size=size,
            bold=True,
            indent=INDENT_MM,
            hanging=INDENT_MM,
            before=before,
            after=6,
            keep_next=True,
            outline=level - 1,
        )
        for level, size, before in ((1, 14, 12), (2, 12, 12), (3, 10, 6))
    ),
    Style("Title", size=14, bold=True, indent=INDENT_MM, before=18, after=12, keep_next=True),
    Style("Subtitle", bold=True, indent=INDENT_MM, after=12, keep_next=True),
    Style("Document Kind", bold=True, indent=INDENT_MM, after=12),
    Style("Numbered Paragraph", indent=INDENT_MM, hanging=INDENT_MM, after=6, justify=True),
    Style("Body Text", indent=INDENT_MM, after=6, justify=True),
    *_level_styles(),
    Style("Quote", indent=2 * INDENT_MM, after=6, justify=True),
    Style("Decision Heading", bold=True, indent=INDENT_MM, after=6, keep_next=True),
    Style("Decision Intro", indent=INDENT_MM, first_line=INDENT_MM, after=6),
    Style("Decision Preamble", indent=INDENT_MM, first_line=INDENT_MM, after=6, justify=True),
    Style("Decision Operative", indent=2 * INDENT_MM, hanging=INDENT_MM, after=6, justify=True),
    Style("Annex Label", size=12, bold=True, after=6, keep_next=True, page_break=True),
    Style("Annex Notice", italic=True, indent=INDENT_MM, after=6),
    Style("Table Label", indent=INDENT_MM, before=6, keep_next=True),
    Style("Table Title", bold=True, indent=INDENT_MM, after=4, keep_next=True),
    Style("Table Text", size=9),
    Style("Table Heading", size=9, italic=True),
    Style("Table Row Heading", size=9),
    Style("Table Source", size=9, indent=INDENT_MM, before=4),
    Style("Table Note", size=9, indent=INDENT_MM),
    Style("Figure", indent=INDENT_MM, before=6, keep_next=True),
    Style("caption", indent=INDENT_MM, after=6),
    Style("footnote text", size=9, indent=INDENT_MM, hanging=INDENT_MM),
    Style("footnote reference", kind="character", based_on=None, superscript=True),
    Style("header", size=9, bold=True),
    Style("footer", size=9),
    Style("Masthead Top", size=16, bold=True, after=2, rule_below=True, end_tab=True),
    Style("Masthead Organ", bold=True),
    Style("Masthead Symbol", size=15, bold=True, after=4),
    Style("Masthead Distribution"),
    Style("Meeting Name", bold=True, before=8),
    Style("Meeting"),
    Style("Agenda Line", before=8),
    Style("Agenda Title", bold=True, after=6),
    Style("Draft Notice", bold=True, after=6),
)


def _ppr(style: Style, direction: str) -> etree._Element:
    """A style's paragraph properties, children in the order the schema requires."""
    ppr = w("pPr")
    if style.keep_next:
        ppr.append(w("keepNext"))
    if style.page_break:
        ppr.append(w("pageBreakBefore"))
    if style.rule_below:
        rule = {"val": "single", "sz": "18", "space": "1", "color": "000000"}
        ppr.append(w("pBdr", None, w("bottom", rule)))
    if style.hanging:
        ppr.append(w("tabs", None, w("tab", {"val": "left", "pos": _twips(style.indent)})))
    if style.end_tab:
        # "right" is the end of the line in a right-to-left paragraph too.
        ppr.append(w("tabs", None, w("tab", {"val": "right", "pos": _twips(TEXT_WIDTH_MM)})))
    if direction == "rtl":
        ppr.append(w("bidi"))
    ppr.append(w("spacing", {"before": str(style.before * 20), "after": str(style.after * 20)}))
    # In a right-to-left paragraph Word reads "left" as the start side, and so does LibreOffice.
    indent = {"left": _twips(style.indent)} if style.indent else {}
    if style.hanging:
        indent["hanging"] = _twips(style.hanging)
    if style.first_line:
        indent["firstLine"] = _twips(style.first_line)
    if indent:
        ppr.append(w("ind", indent))
    if style.justify:
        ppr.append(w("jc", {"val": "both"}))
    if style.outline is not None:
        ppr.append(w("outlineLvl", {"val": str(style.outline)}))
    return ppr


def _style_rpr(style: Style) -> etree._Element:
    rpr = w("rPr")
    if style.bold:
        rpr.extend([w("b"), w("bCs")])
    if style.italic:
        rpr.extend([w("i"), w("iCs")])
    if style.size:
        half_points = str(round(style.size * 2))
        rpr.extend([w("sz", {"val": half_points}), w("szCs", {"val": half_points})])
    if style.superscript:
        rpr.append(w("vertAlign", {"val": "superscript"}))
    return rpr


def styles_element(edition: Edition) -> etree._Element:
    """The styles part: document defaults in the edition's language and fonts, and STYLES."""
    lang = edition.lang
    root = parse_xml(f"<w:styles {nsdecls('w')}/>")
    defaults = w(
        "docDefaults",
        None,
        w("rPrDefault", None, w("rPr", None, _fonts(lang), _lang(lang))),
        w("pPrDefault", None, w("pPr")),
    )
    root.append(defaults)
    for style in STYLES:
        el = w(
            "style",
            {
                "type": style.kind,
                "styleId": style.ident,
                **({"default": "1"} if style.ident == "Normal" else {}),
            },
            w("name", {"val": style.name}),
        )
        if style.based_on:
            el.append(w("basedOn", {"val": style.based_on}))
        if style.outline is not None:
            el.append(w("next", {"val": "NumberedParagraph"}))
        el.append(w("qFormat"))
        if style.kind == "paragraph":
            el.append(_ppr(style, edition.conv.dir))
        el.append(_style_rpr(style))
        root.append(el)
    return root


# Runs -----------------------------------------------------------------------


def _fonts(lang: str) -> etree._Element:
    """The language's first font for every script class Word tells apart."""
    font = convention(lang).fonts[0]
    return w("rFonts", {"ascii": font, "hAnsi": font, "eastAsia": font, "cs": font})


def _lang(lang: str) -> etree._Element:
    """The language of a run, for Latin, East Asian and complex-script text alike."""
    tag = convention(lang).locale
    return w("lang", {"val": tag, "eastAsia": tag, "bidi": tag})


@dataclass(frozen=True)
class Look:
    """How a run is set: its language, direction, styles and character style."""

    lang: str
    rtl: bool
    bold: bool = False
    italic: bool = False
    vert: str | None = None  # "superscript" or "subscript"
    char_style: str | None = None


def run(look: Look, *content: etree._Element | str) -> etree._Element:
    """A run: properties in schema order, then text (strings) and other content."""
    rpr = w("rPr")
    if look.char_style:
        rpr.append(w("rStyle", {"val": look.char_style}))
    rpr.append(_fonts(look.lang))
    if look.bold:
        rpr.extend([w("b"), w("bCs")])
    if look.italic:
        rpr.extend([w("i"), w("iCs")])
    if look.vert:
        rpr.append(w("vertAlign", {"val": look.vert}))
    if look.rtl:
        rpr.append(w("rtl"))
    rpr.append(_lang(look.lang))
    r = w("r", None, rpr)
    for part in content:
        if isinstance(part, str):
            t = w("t")
            t.text = part
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
        else:
            r.append(part)
    return r


def field_runs(look: Look, instruction: str) -> list[etree._Element]:
    """A field (PAGE) as Word writes one: begin, instruction, separate, end."""
    instr = w("instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return [
        run(look, w("fldChar", {"fldCharType": "begin"})),
        run(look, instr),
        run(look, w("fldChar", {"fldCharType": "separate"})),
        run(look, "1"),
        run(look, w("fldChar", {"fldCharType": "end"})),
    ]


# The edition ----------------------------------------------------------------


class _Writer:
    def __init__(self, edition: Edition):
        self.ed = edition
        self.conv = edition.conv
        self.doc = docx.Document()
        self.body = self.doc.element.body
        self.numbers = edition.numbers()
        self.table_notes = edition.table_notes()
        self.notes = {n.block.id: n for n in edition.paper.notes}
        for node, _ in walk(edition.paper):
            if isinstance(node, Table):
                self.notes.update((n.block.id, n) for n in node.notes)
        self.footnotes = parse_xml(f"<w:footnotes {nsdecls('w')}/>")
        # Word's two separator notes come first; the edition's notes are 1, 2 …
        for ident, kind, mark in (
            ("-1", "separator", "separator"),
            ("0", "continuationSeparator", "continuationSeparator"),
        ):
            self.footnotes.append(
                w("footnote", {"type": kind, "id": ident}, w("p", None, w("r", None, w(mark))))
            )

    # Paragraphs and runs ----------------------------------------------------
    def look(self, lang: str | None = None) -> Look:
        """Plain text in ``lang`` (default: the edition's)."""
        lang = lang or self.ed.lang
        return Look(lang, convention(lang).dir == "rtl")

    def para(self, style: str, *runs: etree._Element, lang: str | None = None) -> etree._Element:
        """A paragraph in ``style``; right to left where its language is."""
        ppr = w("pPr", None, w("pStyle", {"val": style}))
        rtl = convention(lang or self.ed.lang).dir == "rtl"
        # The styles of a right-to-left edition are right to left: a paragraph in
        # another language says it is not.
        if rtl or self.conv.dir == "rtl":
            ppr.append(w("bidi", None if rtl else {"val": "0"}))
        return w("p", None, ppr, *runs)

    def add(self, *paragraphs: etree._Element) -> None:
        """Add paragraphs (or tables) to the end of the body, before its section properties."""
        for p in paragraphs:
            self.body.sectPr.addprevious(p)

    def block_lang(self, block: Block, lang: str | None = None) -> str:
        """The language ``block`` is shown in: the source's while it is untranslated."""
        return (
            self.ed.paper.source_lang if block.id in self.ed.untranslated else lang or self.ed.lang
        )

    def text(self, block: Block, lang: str | None = None) -> list[etree._Element]:
        """The runs of a block's text, in its own language."""
        return self.inline(block.text, self.look(self.block_lang(block, lang)))

    def block_para(
        self, style: str, block: Block, lang: str | None = None, label: str | None = None
    ) -> etree._Element:
        """A paragraph holding ``block``; its label ("1.", "(a)", "I.") is typed text
        followed by a tab, so that it survives any editing."""
        lang = self.block_lang(block, lang)
        lead = [run(self.look(lang), label, w("tab"))] if label else []
        return self.para(style, *lead, *self.text(block, lang), lang=lang)

    def inline(self, text: Text, look: Look) -> list[etree._Element]:
        out: list[etree._Element] = []
        for node in text:
            if isinstance(node, str):
                out.append(run(look, node))
            elif isinstance(node, Styled):
                out.extend(self.inline(node.content, _styled(look, node.tag)))
            elif isinstance(node, Symbol):
                # A symbol reads left to right, even in an Arabic sentence.
                out.append(run(replace(look, rtl=False), node.value))
            elif isinstance(node, Ref):
                out.append(run(look, self.numbers.get(node.to, "?")))
            elif isinstance(node, NoteCall):
                out.append(self.call(self.notes[node.note], look))
        return out

    def call(self, note: Note, look: Look) -> etree._Element:
        """A table note's letter, or a real footnote at its call."""
        ident = note.block.id
        if ident in self.table_notes:
            return run(replace(look, vert="superscript"), self.table_notes[ident])
        number = str(len(self.footnotes) - 1)  # after the two separators
        ref = Look(look.lang, look.rtl, char_style="FootnoteReference")
        star = note.marker == "*"
        attrs = {"customMarkFollows": "1", "id": number} if star else {"id": number}
        mark = run(ref, "*") if star else run(ref, w("footnoteRef"))
        here = self.block_lang(note.block)
        tab = run(self.look(here), w("tab"))
        paragraph = self.para("FootnoteText", mark, tab, *self.text(note.block), lang=here)
        self.footnotes.append(w("footnote", {"id": number}, paragraph))
        return run(ref, w("footnoteReference", attrs), *(["*"] if star else []))

    # Masthead ---------------------------------------------------------------
    def masthead(self) -> None:
        ed, m = self.ed, self.ed.paper.masthead
        mlang = ed.conv.masthead
        if ed.draft:
            notice = ed.gettext("Draft — %(percent)s%% translated", percent=ed.percent)
            self.add(self.para("DraftNotice", run(self.look(), notice)))
        distr, issued, version, original = ed.distribution()
        english = self.look("en")
        top = self.para(
            "MastheadTop",
            run(self.look(), ed.gettext("United Nations")),
            run(self.look(), w("tab")),
            run(english, ed.series),
        )
        self.add(top)
        organ = [
            self.para("MastheadOrgan", run(self.look(), m.organ_code)),
            self.block_para("MastheadOrgan", m.organ),
        ]
        ml = self.look(mlang)
        dist = [
            self.para("MastheadSymbol", run(english, ed.paper.symbol), lang=mlang),
            self.para("MastheadDistribution", run(ml, distr), lang=mlang),
            self.para("MastheadDistribution", run(ml, issued), lang=mlang),
        ]
        if version:
            dist.append(self.para("MastheadDistribution", run(ml, version), lang=mlang))
        dist.append(self.para("MastheadDistribution", run(ml, original), lang=mlang))
        self.add(self.layout_table(organ, dist))
        meeting = [
            self.block_para("MeetingName", m.meeting_name),
            self.block_para("Meeting", m.meeting_session),
            self.block_para("Meeting", m.meeting_place),
            self.para("Meeting", run(self.look(), ed.conv.date_range(m.first_day, m.last_day))),
        ]
        before, after = ed.agenda_line()
        here = self.look()
        agenda = self.para(
            "AgendaLine",
            *([run(here, before)] if before else []),
            self.call(m.agenda_note, here),
            *([run(here, after)] if after else []),
        )
        titles = [self.block_para("AgendaTitle", item.title) for item in m.agenda]
        self.add(*meeting, agenda, *titles)

    def layout_table(
        self, start: list[etree._Element], end: list[etree._Element]
    ) -> etree._Element:
        """Two borderless cells side by side (organ, distribution), a rule under them."""
        width = TEXT_WIDTH_MM
        widths = (width * 0.45, width * 0.55)
        props = w(
            "tblPr",
            None,
            *([w("bidiVisual")] if self.conv.dir == "rtl" else []),
            w("tblW", {"w": _twips(width), "type": "dxa"}),
            w(
                "tblBorders",
                None,
                w("bottom", {"val": "single", "sz": "18", "space": "0", "color": "000000"}),
            ),
            w("tblLayout", {"type": "fixed"}),
        )
        grid = w("tblGrid", None, *(w("gridCol", {"w": _twips(x)}) for x in widths))
        row = w("tr")
        for paras, x in zip((start, end), widths, strict=True):
            row.append(
                w("tc", None, w("tcPr", None, w("tcW", {"w": _twips(x), "type": "dxa"})), *paras)
            )
        return w("tbl", None, props, grid, row)

    # Body -------------------------------------------------------------------
    def body_content(self) -> None:
        paper = self.ed.paper
        self.add(self.block_para("Title", paper.title))
        kind = self.ed.kind()
        if kind:
            self.add(self.para("DocumentKind", run(self.look(), kind)))
        if paper.subtitle is not None:
            self.add(self.block_para("Subtitle", paper.subtitle))
        for sec in paper.sections:
            self.section(sec, 1)
        for annex in paper.annexes:
            self.annex(annex)

    def section(self, sec: Section, level: int, lang: str | None = None) -> None:
        label = self.conv.section_label(sec.number) if sec.number else None
        self.add(self.block_para(f"Heading{level}", sec.heading, lang, label))
        self.content(sec.content, lang)
        for sub in sec.subsections:
            label = self.conv.subsection_label(sub.number)
            self.add(self.block_para(f"Heading{level + 1}", sub.heading, lang, label))
            self.content(sub.content, lang)

    def annex(self, annex: Annex) -> None:
        label = (
            self.ed.gettext("Annex %(number)s", number=self.conv.annex_label(annex.number))
            if annex.number
            else self.ed.gettext("Annex")
        )
        self.add(self.para("AnnexLabel", run(self.look(), label)))
        lang = annex.lang if annex.as_received else None
        self.add(self.block_para("Heading1", annex.heading, lang))
        if annex.as_received:
            notice = self.ed.gettext("The annex is reproduced as received, without formal editing.")
            self.add(self.para("AnnexNotice", run(self.look(), notice)))
        self.content(annex.content, lang)
        for sec in annex.sections:
            self.section(sec, 2, lang)

    def content(self, content: tuple[Content, ...], lang: str | None) -> None:
        for part in content:
            if isinstance(part, Para):
                self.paragraph(part, lang)
            elif isinstance(part, Table):
                self.table(part, lang)
            elif isinstance(part, Figure):
                self.figure(part, lang)
            elif isinstance(part, Decision):
                self.decision(part, lang)
            elif isinstance(part, Quote):
                for para in part.paras:
                    self.paragraph(para, lang, "Quote")

    def paragraph(self, para: Para, lang: str | None, style: str | None = None) -> None:
        if para.number is not None:
            label = self.conv.paragraph_label(para.number)
            self.add(self.block_para(style or "NumberedParagraph", para.block, lang, label))
        else:
            self.add(self.block_para(style or "BodyText", para.block, lang))
        self.items(para.items, 1, lang)

    def items(self, items: tuple[Item, ...], level: int, lang: str | None) -> None:
        shown = min(level, 3)
        for item in items:
            if item.label is None:
                style = "ListBullet" if shown == 1 else f"ListBullet{shown}"
                self.add(self.block_para(style, item.block, lang, "•"))
            else:
                label = self.conv.subparagraph_label(level, item.label)
                self.add(self.block_para(f"Subparagraph{shown}", item.block, lang, label))
            self.items(item.items, level + 1, lang)

    def decision(self, decision: Decision, lang: str | None) -> None:
        if decision.heading is not None:
            self.add(self.block_para("DecisionHeading", decision.heading, lang))
        if decision.intro is not None:
            self.add(self.block_para("DecisionIntro", decision.intro, lang))
        for block in decision.preamble:
            self.add(self.block_para("DecisionPreamble", block, lang))
        for para in decision.operative:
            self.paragraph(para, lang, "DecisionOperative")

    def table(self, table: Table, lang: str | None) -> None:
        if table.number is not None:
            label = self.ed.gettext("Table %(number)s", number=table.number)
            self.add(self.para("TableLabel", run(self.look(), label)))
        if table.title is not None:
            self.add(self.block_para("TableTitle", table.title, lang))
        columns = sum(cell.cols for cell in table.rows[0].cells)
        width = TEXT_WIDTH_MM - INDENT_MM
        rule = {"val": "single", "sz": "4", "space": "0", "color": "000000"}
        props = w(
            "tblPr",
            None,
            *([w("bidiVisual")] if self.conv.dir == "rtl" else []),
            w("tblW", {"w": _twips(width), "type": "dxa"}),
            w("tblInd", {"w": _twips(INDENT_MM), "type": "dxa"}),
            w("tblBorders", None, w("top", rule), w("bottom", rule), w("insideH", rule)),
        )
        grid = w(
            "tblGrid", None, *(w("gridCol", {"w": _twips(width / columns)}) for _ in range(columns))
        )
        tbl = w("tbl", None, props, grid)
        spans: dict[int, tuple[int, int]] = {}  # column → (rows still covered, columns)
        for row in table.rows:
            tr = w("tr")
            if row.header:
                tr.append(w("trPr", None, w("cantSplit"), w("tblHeader")))
            else:
                tr.append(w("trPr", None, w("cantSplit")))
            column = 0
            cells = iter(row.cells)
            while column < columns:
                covered, span = spans.get(column, (0, 1))
                if covered:
                    spans[column] = (covered - 1, span)
                    tr.append(self.cell(None, span, "continue"))
                    column += span
                    continue
                cell = next(cells, None)
                if cell is None:
                    break
                if cell.rows > 1:
                    spans[column] = (cell.rows - 1, cell.cols)
                style = {"col": "TableHeading", "row": "TableRowHeading"}.get(
                    cell.header or "", "TableText"
                )
                if cell.block is None:
                    figures = self.conv.figures(cell.figures, self.ed.paper.source_lang)
                    p = self.para(style, run(self.look(lang), figures), lang=lang)
                    p[0].append(w("jc", {"val": "right"}))
                else:
                    p = self.block_para(style, cell.block, lang)
                tr.append(self.cell(p, cell.cols, "restart" if cell.rows > 1 else None))
                column += cell.cols
            tbl.append(tr)
        self.add(tbl)
        if table.source is not None:
            here = self.block_lang(table.source, lang)
            label = run(self.look(here), self.ed.gettext("Source:") + " ")
            self.add(self.para("TableSource", label, *self.text(table.source, here), lang=here))
        for note in table.notes:
            here = self.block_lang(note.block, lang)
            look = self.look(here)
            mark = run(replace(look, vert="superscript"), self.table_notes[note.block.id])
            text = self.text(note.block, here)
            self.add(self.para("TableNote", mark, run(look, " "), *text, lang=here))

    def cell(
        self, paragraph: etree._Element | None, columns: int, merge: str | None
    ) -> etree._Element:
        props = w("tcPr")
        if columns > 1:
            props.append(w("gridSpan", {"val": str(columns)}))
        if merge:
            props.append(w("vMerge", {"val": merge}))
        return w("tc", None, props, paragraph if paragraph is not None else w("p"))

    def figure(self, figure: Figure, lang: str | None) -> None:
        image = figure.image
        width = Mm(image.width_mm) if image.width_mm else None
        # next_id counts the ids already in the body: the picture's paragraph goes in first.
        holder = self.para("Figure")
        self.add(holder)
        inline = self.doc.part.new_pic_inline(io.BytesIO(image.data), width, None)
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("name", figure.id)
        doc_pr.set("descr", " ".join(plain(figure.alt.text).split()))
        holder.append(w("r", None, w("drawing", None, inline)))
        here = self.block_lang(figure.caption, lang)
        label = run(
            self.look(here), self.ed.gettext("Figure %(number)s", number=figure.number) + " "
        )
        self.add(self.para("Caption", label, *self.text(figure.caption, here), lang=here))

    # Page furniture ---------------------------------------------------------
    def pages(self) -> None:
        """A4 with UN margins; page 1 without running head, later pages with the
        symbol at the outer corner and the page number under it."""
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        top, side, foot = (Mm(x) for x in MARGINS_MM)
        section.top_margin, section.bottom_margin = top, foot
        section.left_margin = section.right_margin = side
        section.header_distance = section.footer_distance = Mm(12)
        section.different_first_page_header_footer = True
        symbol = self.look("en")
        here = self.look()
        # Odd pages: the symbol and number at the end side; even pages: at the start side.
        for part, align in ((section.header, "right"), (section.even_page_header, "left")):
            self.furniture(part, align, "Header", [run(symbol, self.ed.paper.symbol)])
        for part, align in ((section.footer, "right"), (section.even_page_footer, "left")):
            self.furniture(part, align, "Footer", field_runs(here, "PAGE"))
        self.furniture(section.first_page_header, "left", "Header", [])
        job = self.ed.paper.masthead.job_number(self.ed.lang)
        stamp = [run(symbol, f"{job} {self.ed.paper.masthead.issued:%d%m%y}")] if job else []
        self.furniture(section.first_page_footer, "left", "Footer", stamp)
        if self.conv.dir == "rtl":
            section._sectPr.find(qn("w:docGrid")).addprevious(w("bidi"))

    def furniture(self, part: object, align: str, style: str, runs: list[etree._Element]) -> None:
        """One paragraph as the whole of a header or footer, in place of the template's."""
        element = part._element  # type: ignore[attr-defined]  # python-docx gives no other way
        for child in list(element):
            element.remove(child)
        p = self.para(style, *runs)
        p[0].append(w("jc", {"val": align}))
        element.append(p)

    # The package ------------------------------------------------------------
    def package(self) -> bytes:
        """The .docx bytes, trimmed of the template's extra parts, dated by the paper."""
        doc = self.doc
        styles = doc.styles.element
        for child in list(styles):
            styles.remove(child)
        styles.extend(list(styles_element(self.ed)))
        for rel_id, rel in list(doc.part.rels.items()):
            if rel.reltype not in (RT.STYLES, RT.SETTINGS, RT.IMAGE, RT.HEADER, RT.FOOTER):
                doc.part.drop_rel(rel_id)
        package_rels = doc.part.package.rels
        for rel_id, rel in list(package_rels.items()):
            if rel.reltype not in (RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES):
                package_rels.pop(rel_id)
        notes = XmlPart(
            PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.footnotes, doc.part.package
        )
        doc.part.relate_to(notes, RT.FOOTNOTES)
        self.settings()
        self.core()
        raw = io.BytesIO()
        doc.save(raw)
        return _stable_zip(raw.getvalue(), self.ed.paper.masthead.issued)

    def settings(self) -> None:
        """Only what the edition needs: odd and even headers, footnotes, the tab stop."""
        element = self.doc.settings.element
        for child in list(element):
            element.remove(child)
        element.extend(
            [
                w("defaultTabStop", {"val": _twips(INDENT_MM)}),
                w("evenAndOddHeaders"),
                w("footnotePr", None, w("footnote", {"id": "-1"}), w("footnote", {"id": "0"})),
                w(
                    "compat",
                    None,
                    w(
                        "compatSetting",
                        {
                            "name": "compatibilityMode",
                            "uri": "http://schemas.microsoft.com/office/word",
                            "val": "15",
                        },
                    ),
                ),
            ]
        )

    def core(self) -> None:
        """Document properties from the paper: its symbol, title, language and date of issue."""
        props = self.doc.core_properties
        issued = dt.datetime.combine(self.ed.paper.masthead.issued, dt.time(), dt.UTC)
        title = " ".join(plain(self.ed.paper.title.text).split())
        # The format allows 255 characters: a longer title ends with an ellipsis.
        props.title = title if len(title) <= 255 else title[:254].rsplit(" ", 1)[0] + "…"
        props.subject = self.ed.paper.symbol
        props.identifier = self.ed.paper.symbol
        props.keywords = self.ed.paper.symbol
        props.language = self.conv.locale
        props.author = props.last_modified_by = ""
        props.comments = props.category = props.content_status = ""
        props.created = props.modified = issued
        props.revision = 1

    def document(self) -> bytes:
        self.masthead()
        self.body_content()
        self.pages()
        return self.package()


def _styled(look: Look, tag: str) -> Look:
    """``look`` inside an inline style."""
    if tag == "em":
        return replace(look, italic=True)
    if tag == "strong":
        return replace(look, bold=True)
    return replace(look, vert="superscript" if tag == "sup" else "subscript")


def _stable_zip(data: bytes, day: dt.date) -> bytes:
    """The same package with every member dated ``day`` and no host-specific fields.

    A zip cannot date anything before 1980: an older paper's members say 1980-01-01.
    """
    day = max(day, dt.date(1980, 1, 1))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(
                member.filename, date_time=(day.year, day.month, day.day, 0, 0, 0)
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(member.filename), compresslevel=9)
    return out.getvalue()


def render(edition: Edition) -> bytes:
    """The .docx file of ``edition``."""
    return _Writer(edition).document()
