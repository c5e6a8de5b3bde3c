"""HTML for an edition: the web page, and the print variant WeasyPrint lays out.

Elements are built with lxml, never by pasting strings, so any text from a
paper or a catalogue reaches the page as text, escaped, and never as markup.
The two variants differ only in footnotes: the web page lists them at the
end and links both ways; the print variant keeps each note at its call,
where CSS floats it to the foot of the page.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree
from lxml.html import tostring

from hexaglot.base import resources
from hexaglot.base.languages import UN_ORDER
from hexaglot.paper.inline import Node, NoteCall, Ref, Styled, Symbol, Text, plain
from hexaglot.paper.model import (
    Annex,
    Block,
    Content,
    Decision,
    Figure,
    Image,
    Item,
    Note,
    Para,
    Section,
    Table,
    walk,
)
from hexaglot.render import strings
from hexaglot.render.conventions import get as convention
from hexaglot.render.edition import Edition
from hexaglot.render.elements import append, element

NBH = "\u2011"  # non-breaking hyphen
#: Tables of at most this many rows are kept on one page in print.
SHORT_TABLE_ROWS = 12


class _Renderer:
    def __init__(self, edition: Edition, for_print: bool):
        self.ed = edition
        self.conv = edition.conv
        self.for_print = for_print
        self.numbers = edition.numbers()
        self.notes = {n.block.id: n for n in edition.paper.notes}
        self.notes[edition.paper.masthead.agenda_note.block.id] = edition.paper.masthead.agenda_note
        # Table notes are lettered in the edition's own letters: a, b … or أ، ب …
        self.table_notes = edition.table_notes()
        for node, _ in walk(edition.paper):
            if isinstance(node, Table):
                self.notes.update((n.block.id, n) for n in node.notes)
        self.called: list[Note] = []
        self.source_lang = edition.paper.source_lang
        self.source_dir = convention(self.source_lang).dir

    def _(self, msgid: str, **values: object) -> str:
        return strings.gettext(self.ed.lang, msgid, **values)

    # Inline -----------------------------------------------------------------
    def inline(self, el: etree._Element, text: Text, glue: bool = True) -> etree._Element:
        for node in _glue(text) if glue else text:
            if isinstance(node, _Glued):
                append(el, self.inline(element("span", {"class": "nobr"}), node.content, False))
            elif isinstance(node, str):
                self.text(el, node)
            elif isinstance(node, Styled):
                append(el, self.inline(element(node.tag), node.content))
            elif isinstance(node, Symbol):
                href = self.ed.link(node.value, "pdf" if self.for_print else "html")
                tag = "a" if href else "span"
                append(
                    el, element(tag, {"class": "symbol", "dir": "ltr", "href": href}, node.value)
                )
            elif isinstance(node, Ref):
                append(el, element("a", {"href": f"#{node.to}"}, self.numbers.get(node.to, "?")))
            elif isinstance(node, NoteCall):
                append(el, self.call(self.notes[node.note]))
        return el

    def fill(self, el: etree._Element, block: Block) -> etree._Element:
        """``el`` holding ``block``; a block left untranslated says its language."""
        if block.id in self.ed.untranslated:
            el.set("lang", self.source_lang)
            el.set("dir", self.source_dir)
            el.set("class", f"{el.get('class', '')} fallback".strip())
        return self.inline(el, block.text)

    def text(self, el: etree._Element, text: str) -> None:
        """Plain text; in print, each U+2011 in a span of its own (see print.css .nbh)."""
        if not self.for_print or NBH not in text:
            append(el, text)
            return
        for i, part in enumerate(text.split(NBH)):
            if i:
                append(el, element("span", {"class": "nbh"}, NBH))
            append(el, part)

    def call(self, note: Note) -> etree._Element:
        nid = note.block.id
        if nid in self.table_notes:  # printed under its table
            mark = element("sup", None, self.table_notes[nid])
            return element("a", {"href": f"#{nid}", "class": "tnote-call"}, mark)
        self.called.append(note)
        if self.for_print:
            # The note floats to the page foot; its call, left here, links to it.
            cls = "fn star" if note.marker == "*" else "fn"
            fn = element("span", {"class": cls, "id": nid, "data-pdf-tag": "Note"})
            return element("a", {"href": f"#{nid}", "class": "fn-ref"}, self.fill(fn, note.block))
        return element(
            "a",
            {"href": f"#{nid}", "id": f"call_{nid}", "class": "fn-call", "role": "doc-noteref"},
            element("sup", None, note.marker),
        )

    # Masthead ---------------------------------------------------------------
    def masthead(self) -> etree._Element:
        ed, m = self.ed, self.ed.paper.masthead
        mlang = ed.conv.masthead
        distr, issued, version, original = ed.distribution()
        top = element(
            "div",
            {"class": "top"},
            element("p", {"class": "un"}, self._("United Nations")),
            element("p", {"class": "series", "lang": "en", "dir": "ltr"}, ed.series),
        )
        # An original shows only "Original: …"; a translation its own language above it.
        dist = element(
            "div",
            {"class": "dist", "lang": mlang, "dir": ed.masthead_conv.dir},
            element("p", {"class": "symbol-main"}, ed.paper.symbol),
            element("p", None, distr),
            element("p", None, issued),
            element("p", {"class": "gap"}, version) if version else None,
            element("p", {"class": None if version else "gap"}, original),
        )
        organ = element(
            "div",
            {"class": "organ"},
            element(
                "div",
                {"class": "emblem", "aria-hidden": "true"},
                element("span", None, m.organ_code),
            ),
            self.fill(element("p", {"class": "organ-name"}), m.organ),
        )
        ident = element("div", {"class": "ident"}, organ, dist)
        meeting = element(
            "div",
            {"class": "meeting"},
            self.fill(element("p", {"class": "meeting-name"}), m.meeting_name),
            self.fill(element("p"), m.meeting_session),
            self.fill(element("p"), m.meeting_place),
            element("p", None, ed.conv.date_range(m.first_day, m.last_day)),
            self.agenda_line(),
            *(self.fill(element("p", {"class": "agenda-title"}), item.title) for item in m.agenda),
        )
        return element("header", {"class": "masthead"}, top, ident, meeting)

    def agenda_line(self) -> etree._Element:
        """ "Item 3 of the provisional agenda*", "Items 3 and 4 (a) …", in the edition's words."""
        before, after = self.ed.agenda_line()
        call = self.call(self.ed.paper.masthead.agenda_note)
        return element("p", {"class": "agenda"}, before, call, after)

    # Body -------------------------------------------------------------------
    def heading(self, tag: str, block: Block, label: str | None) -> etree._Element:
        h = element(tag, {"class": "heading"})
        if label:
            # The space, kept inside the number's box (edition.css), is what bookmarks
            # and the text layer need to read "I. Experience", not "I.Experience";
            # a full-width stop or comma (A．, 一、) is its own spacing.
            space = "" if unicodedata.east_asian_width(label[-1]) in "FW" else " "
            append(h, element("span", {"class": "num"}, label + space))
        return self.fill(h, block)

    def para(self, para: Para, cls: str = "para") -> list[etree._Element]:
        p = element("p", {"class": cls, "id": para.block.id})
        if para.number is not None:
            p.append(element("span", {"class": "num"}, self.conv.paragraph_label(para.number)))
        else:
            p.set("class", f"{cls} unnumbered")
        out = [self.fill(p, para.block)]
        if para.items:
            out.append(self.items(para.items, 1))
        return out

    def items(self, items: tuple[Item, ...], level: int) -> etree._Element:
        bullets = items[0].label is None
        lst = element("ul" if bullets else "ol", {"class": f"subparas level{level}"})
        for item in items:
            if item.label is None:
                mark = element(
                    "span",
                    {"class": "num bullet", "aria-hidden": "true", "data-pdf-tag": "Lbl"},
                    "•",
                )
            else:
                label = self.conv.subparagraph_label(level, item.label)
                mark = element("span", {"class": "num", "data-pdf-tag": "Lbl"}, label)
            li = element("li", {"id": item.block.id}, mark)
            self.fill(li, item.block)
            if item.items:
                li.append(self.items(item.items, level + 1))
            lst.append(li)
        return lst

    def content(self, parent: etree._Element, content: tuple[Content, ...]) -> None:
        for part in content:
            if isinstance(part, Para):
                append(parent, *self.para(part))
            elif isinstance(part, Table):
                append(parent, *self.table(part))
            elif isinstance(part, Figure):
                append(parent, self.figure(part))
            elif isinstance(part, Decision):
                append(parent, self.decision(part))
            else:
                quote = element("blockquote", {"class": "quote", "id": part.id})
                for para in part.paras:
                    append(quote, *self.para(para))
                append(parent, quote)

    def table(self, table: Table) -> list[etree._Element]:
        caption = element("caption")
        if table.number is not None:
            append(
                caption,
                element(
                    "span", {"class": "label"}, self._("Table %(number)s", number=table.number)
                ),
            )
        if table.title is not None:
            append(caption, self.fill(element("span", {"class": "title"}), table.title))
        # A short table is kept on one page; a long one runs on, its header rows repeated.
        keep = "keep" if len(table.rows) <= SHORT_TABLE_ROWS else None
        el = element("table", {"id": table.id, "class": keep}, caption if len(caption) else None)
        head = element("thead")
        body = element("tbody")
        for row in table.rows:
            tr = element("tr")
            for cell in row.cells:
                attrs = {
                    "rowspan": str(cell.rows) if cell.rows > 1 else None,
                    "colspan": str(cell.cols) if cell.cols > 1 else None,
                    "class": "figures" if cell.block is None else None,
                }
                if cell.header:
                    attrs["scope"] = cell.header
                td = element("th" if cell.header else "td", attrs)
                if cell.block is None:
                    append(td, self.conv.figures(cell.figures, self.source_lang))
                else:
                    self.fill(td, cell.block)
                tr.append(td)
            (head if row.header else body).append(tr)
        append(el, head if len(head) else None, body)
        out = [el]
        below = element("div", {"class": "table-notes"})
        if table.source is not None:
            source = self.fill(element("p", {"class": "source"}), table.source)
            label = element("span", {"class": "source-label"}, self._("Source:"))
            label.tail = " " + (source.text or "")
            source.text = None
            source.insert(0, label)
            below.append(source)
        for note in table.notes:
            mark = element("sup", None, self.table_notes[note.block.id])
            below.append(self.fill(element("p", {"id": note.block.id}, mark, " "), note.block))
        if len(below):
            out.append(below)
        return out

    def figure(self, figure: Figure) -> etree._Element:
        image = figure.image
        src = image_url(figure) if self.for_print else data_url(image)
        alt = " ".join(plain(figure.alt.text).split())
        attrs = {"src": src, "alt": alt}  # the width, if any, is in the stylesheet
        caption = element(
            "figcaption",
            None,
            element("span", {"class": "label"}, self._("Figure %(number)s", number=figure.number)),
            " ",
        )
        return element(
            "figure", {"id": figure.id}, element("img", attrs), self.fill(caption, figure.caption)
        )

    def decision(self, decision: Decision) -> etree._Element:
        quote = element("blockquote", {"class": "decision", "id": decision.id})
        if decision.heading is not None:
            quote.append(self.fill(element("p", {"class": "decision-heading"}), decision.heading))
        if decision.intro is not None:
            quote.append(self.fill(element("p", {"class": "intro"}), decision.intro))
        for block in decision.preamble:
            quote.append(self.fill(element("p", {"class": "preamble", "id": block.id}), block))
        for para in decision.operative:
            append(quote, *self.para(para, "operative"))
        return quote

    def section(self, sec: Section, levels: tuple[str, str]) -> etree._Element:
        label = self.conv.section_label(sec.number) if sec.number else None
        s = element(
            "section",
            {"id": sec.heading.id, "class": "numbered" if label else None},
            self.heading(levels[0], sec.heading, label),
        )
        self.content(s, sec.content)
        for sub in sec.subsections:
            ss = element(
                "section",
                {"id": sub.heading.id},
                self.heading(levels[1], sub.heading, self.conv.subsection_label(sub.number)),
            )
            self.content(ss, sub.content)
            s.append(ss)
        return s

    def annex(self, annex: Annex) -> etree._Element:
        label = (
            self._("Annex %(number)s", number=self.conv.annex_label(annex.number))
            if annex.number
            else self._("Annex")
        )
        attrs = {"id": annex.id, "class": "annex"}
        if annex.as_received and annex.lang != self.ed.lang:
            attrs.update(lang=annex.lang, dir=convention(annex.lang).dir)
        el = element(
            "section",
            attrs,
            element(
                "p",
                {"class": "annex-label", "lang": self.ed.lang, "dir": self.conv.dir},
                label,
            ),
            self.fill(element("h2", {"class": "annex-title"}), annex.heading),
        )
        if annex.as_received:
            el.append(
                element(
                    "p",
                    {"class": "as-received", "lang": self.ed.lang, "dir": self.conv.dir},
                    self._("The annex is reproduced as received, without formal editing."),
                )
            )
        self.content(el, annex.content)
        for sec in annex.sections:
            el.append(self.section(sec, ("h3", "h4")))
        return el

    def body(self) -> etree._Element:
        paper = self.ed.paper
        main = element("main", None, self.fill(element("h1", {"class": "title"}), paper.title))
        kind = self.ed.kind()
        if kind:
            main.append(element("p", {"class": "doc-kind"}, kind))
        if paper.subtitle is not None:
            main.append(self.fill(element("p", {"class": "subtitle"}), paper.subtitle))
        for sec in paper.sections:
            main.append(self.section(sec, ("h2", "h3")))
        for annex in paper.annexes:
            main.append(self.annex(annex))
        return main

    def footer(self) -> etree._Element:
        notes = element(
            "section",
            {"class": "footnotes", "role": "doc-endnotes", "aria-labelledby": "footnotes-heading"},
            element("h2", {"id": "footnotes-heading"}, self._("Footnotes")),
        )
        for note in self.called:
            nid = note.block.id
            back = element(
                "a",
                {
                    "href": f"#call_{nid}",
                    "role": "doc-backlink",
                    "aria-label": f"{note.marker} {self._('Back to the text')}",
                },
                note.marker,
            )
            notes.append(self.fill(element("p", {"id": nid}, back, " "), note.block))
        nav = element(
            "nav",
            {"aria-labelledby": "editions-heading"},
            element("h2", {"id": "editions-heading"}, self._("Other editions")),
        )
        ul = element("ul")
        for lang in sorted(self.ed.languages, key=UN_ORDER.index):
            if lang != self.ed.lang:
                name = strings.language_name(lang, lang)
                ul.append(
                    element(
                        "li",
                        None,
                        element(
                            "a", {"href": f"{lang}.html", "hreflang": lang, "lang": lang}, name
                        ),
                    )
                )
        nav.append(ul)
        return element("footer", None, notes, nav)

    def document(self, css: str) -> str:
        ed = self.ed
        title = " ".join(
            "".join(self.inline(element("span"), ed.paper.title.text).itertext()).split()
        )
        job = ed.paper.masthead.job_number(ed.lang)
        head = element(
            "head",
            None,
            element("meta", {"charset": "utf-8"}),
            element("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
            element("title", None, f"{ed.paper.symbol} — {title}"),
            element("meta", {"name": "description", "content": ed.paper.symbol}),
            element("meta", {"name": "keywords", "content": ed.paper.symbol}),
            element("meta", {"name": "generator", "content": "hexaglot"}),
            element("meta", {"name": "dcterms.identifier", "content": job}) if job else None,
            element("style", None, css),
        )
        body = element("body", {"class": "draft" if ed.draft else None})
        if ed.draft:
            body.append(
                element(
                    "p",
                    {"class": "draft-banner", "role": "note"},
                    self._("Draft — %(percent)s%% translated", percent=ed.percent),
                )
            )
        append(body, self.masthead(), self.body())
        if not self.for_print:
            body.append(self.footer())
        html = element("html", {"lang": ed.lang, "dir": ed.conv.dir}, head, body)
        return tostring(html, doctype="<!DOCTYPE html>", encoding="unicode", method="html")


@dataclass(frozen=True)
class _Glued:
    """A symbol with the text it is glued to by no-break spaces or no space at all."""

    content: Text


# What clings to a symbol: no-break spaces (U+00A0, U+202F) and punctuation.
_CLINGS_BEFORE = re.compile(r"(?:[\u00a0\u202f]|[^\w\s])+$")
_CLINGS_AFTER = re.compile(r"^(?:[\u00a0\u202f]|[^\w\s])+")


def _glue(text: Text) -> list[Node | _Glued]:
    """``text`` with each symbol and what clings to it as one unbreakable run.

    WeasyPrint 70 breaks a line badly (after the paragraph's first word) when
    a no-break space joins text to the edge of an inline box, as in French
    "document\u00a0UNEP/…\u202f;". The symbol, with the no-break spaces and
    punctuation on either side of it, in one nowrap box leaves no such edge;
    the words around it keep their own break opportunities.
    """
    out: list[Node | _Glued] = list(text)
    for i, node in enumerate(out):
        if not isinstance(node, Symbol):
            continue
        before = out[i - 1] if i and isinstance(out[i - 1], str) else ""
        after = out[i + 1] if i + 1 < len(out) and isinstance(out[i + 1], str) else ""
        head = _CLINGS_BEFORE.search(before)
        tail = _CLINGS_AFTER.search(after)
        if head or tail:
            if head:
                out[i - 1] = before[: head.start()]
            if tail:
                out[i + 1] = after[tail.end() :]
            parts = (head.group(0) if head else "", node, tail.group(0) if tail else "")
            out[i] = _Glued(tuple(x for x in parts if x))
    return [node for node in out if node != ""]


def image_url(figure: Figure) -> str:
    """The URL by which the print HTML asks the PDF renderer for a figure's image."""
    return f"hexaglot-image:{figure.id}"


def images(edition: Edition) -> dict[str, tuple[str, bytes]]:
    """The images the print HTML of ``edition`` asks for: URL → (media type, bytes)."""
    return {
        image_url(node): (node.image.media_type, node.image.data)
        for node, _ in walk(edition.paper)
        if isinstance(node, Figure)
    }


def data_url(image: Image) -> str:
    """``image`` inline in a web page, so that the edition stays one self-contained file."""
    return f"data:{image.media_type};base64,{base64.b64encode(image.data).decode('ascii')}"


def _css_string(value: str) -> str:
    """A CSS string literal holding ``value`` and nothing more."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " ./()-–:_%" else f"\\{ord(ch):x} " for ch in value
    )
    return f'"{escaped}"'


def stylesheet(edition: Edition, for_print: bool) -> str:
    """The CSS of an edition: shared rules, then this language's fonts and page furniture."""
    fonts = convention(edition.lang).font_stack
    css = [resources.data("edition.css").read_text("utf-8"), f":root {{ --font: {fonts}; }}"]
    # Text left in another language (untranslated blocks, annexes as received) keeps its fonts.
    # A figure's printed width: its id is an NCName, safe as a CSS selector.
    for node, _ in walk(edition.paper):
        if isinstance(node, Figure) and node.image.width_mm:
            css.append(f"#{node.id} img {{ width: {node.image.width_mm}mm; }}")
    others = {a.lang for a in edition.paper.annexes if a.as_received}
    if edition.untranslated:
        others.add(edition.paper.source_lang)
    for lang in sorted(others - {edition.lang}):
        where = f'.fallback[lang="{lang}"], .annex[lang="{lang}"]'
        css.append(f"{where} {{ font-family: {convention(lang).font_stack}; }}")
    if for_print:
        css.append(resources.data("print.css").read_text("utf-8"))
        symbol = _css_string(edition.paper.symbol)
        job = edition.paper.masthead.job_number(edition.lang)
        css.append(f"@page {{ font-family: {fonts}; }}")
        css.append(f"@page :left {{ @top-left {{ content: {symbol}; }} }}")
        css.append(f"@page :right {{ @top-right {{ content: {symbol}; }} }}")
        # Page 1 carries the masthead instead of a running head or page number.
        css.append(
            "@page :first { @top-left { content: none; } @top-right { content: none; }"
            " @bottom-left { content: none; } @bottom-right { content: none; } }"
        )
        if job:
            stamp = f"{job} {edition.paper.masthead.issued:%d%m%y}"
            css.append(f"@page :first {{ @bottom-left {{ content: {_css_string(stamp)}; }} }}")
        if edition.draft:
            mark = _css_string(
                strings.gettext(
                    edition.lang, "Draft — %(percent)s%% translated", percent=edition.percent
                )
            )
            css.append(f"@page {{ @top-center {{ content: {mark}; color: #a00; }} }}")
    return "\n".join(css)


def fragments(edition: Edition, blocks: Iterable[Block]) -> dict[str, etree._Element]:
    """Each of ``blocks`` (blocks of ``edition``) on its own, as the web page shows its text:
    what a live preview sets beside the source, one block at a time, through the same
    elements as the page. A block left untranslated says its language, as on the page."""
    renderer = _Renderer(edition, for_print=False)
    return {block.id: renderer.fill(element("div", {"class": "text"}), block) for block in blocks}


def render(edition: Edition, for_print: bool = False) -> str:
    """The HTML of ``edition`` (the web page, or with ``for_print`` the PDF's source)."""
    return _Renderer(edition, for_print).document(stylesheet(edition, for_print))
