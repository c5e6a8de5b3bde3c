"""HTML for an edition: the web page, and the print variant WeasyPrint lays out.

Elements are built with lxml, never by pasting strings, so any text from a
paper or a catalogue reaches the page as text, escaped, and never as markup.
The two variants differ only in footnotes: the web page lists them at the
end and links both ways; the print variant keeps each note at its call,
where CSS floats it to the foot of the page.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import tostring

from hexaglot.base import resources
from hexaglot.base.languages import UN_ORDER
from hexaglot.paper.inline import Em, NoteCall, Ref, Symbol, Text
from hexaglot.paper.model import Block, Item, Note, Para
from hexaglot.render import strings
from hexaglot.render.edition import Edition

NBH = "\u2011"  # non-breaking hyphen


def _el(tag: str, attrs: dict[str, str] | None = None, *children: object) -> etree._Element:
    el = etree.Element(tag, {k: v for k, v in (attrs or {}).items() if v is not None})
    _append(el, *children)
    return el


def _append(el: etree._Element, *children: object) -> None:
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            if len(el):
                el[-1].tail = (el[-1].tail or "") + child
            else:
                el.text = (el.text or "") + child
        else:
            el.append(child)


class _Renderer:
    def __init__(self, edition: Edition, for_print: bool):
        self.ed = edition
        self.conv = edition.conv
        self.for_print = for_print
        self.numbers = edition.numbers()
        self.notes = {n.block.id: n for n in edition.paper.notes}
        self.notes[edition.paper.masthead.agenda_note.block.id] = edition.paper.masthead.agenda_note
        self.called: list[Note] = []

    def _(self, msgid: str, **values: object) -> str:
        return strings.gettext(self.ed.lang, msgid, **values)

    # Inline -----------------------------------------------------------------
    def inline(self, el: etree._Element, text: Text) -> etree._Element:
        for node in text:
            if isinstance(node, str):
                self.text(el, node)
            elif isinstance(node, Em):
                _append(el, self.inline(_el("em"), node.content))
            elif isinstance(node, Symbol):
                _append(el, _el("span", {"class": "symbol", "dir": "ltr"}, node.value))
            elif isinstance(node, Ref):
                _append(el, _el("a", {"href": f"#{node.to}"}, self.numbers.get(node.to, "?")))
            elif isinstance(node, NoteCall):
                _append(el, self.call(self.notes[node.note]))
        return el

    def text(self, el: etree._Element, text: str) -> None:
        """Plain text; in print, each U+2011 in a span of its own (see print.css .nbh)."""
        if not self.for_print or NBH not in text:
            _append(el, text)
            return
        for i, part in enumerate(text.split(NBH)):
            if i:
                _append(el, _el("span", {"class": "nbh"}, NBH))
            _append(el, part)

    def call(self, note: Note) -> etree._Element:
        self.called.append(note)
        nid = note.block.id
        if self.for_print:
            cls = "fn star" if note.marker == "*" else "fn"
            return self.inline(_el("span", {"class": cls, "id": nid}), note.block.text)
        return _el(
            "a",
            {"href": f"#{nid}", "id": f"call_{nid}", "class": "fn-call", "role": "doc-noteref"},
            _el("sup", None, note.marker),
        )

    # Masthead ---------------------------------------------------------------
    def masthead(self) -> etree._Element:
        ed, m = self.ed, self.ed.paper.masthead
        mlang = ed.conv.masthead
        mconv = ed.masthead_conv

        def ml(msgid: str, **values: object) -> str:
            return strings.gettext(mlang, msgid, **values)

        top = _el(
            "div",
            {"class": "top"},
            _el("p", {"class": "un"}, self._("United Nations")),
            _el("p", {"class": "series", "lang": "en", "dir": "ltr"}, ed.series),
        )
        version = strings.language_name(ed.lang, mlang)
        dist = _el(
            "div",
            {"class": "dist", "lang": mlang, "dir": mconv.dir},
            _el("p", {"class": "symbol-main"}, ed.paper.symbol),
            _el("p", None, ml(f"Distr.: {m.distribution.capitalize()}")),
            _el("p", None, mconv.date(m.issued)),
            _el("p", {"class": "gap"}, version[:1].upper() + version[1:]),
            _el(
                "p",
                None,
                ml("Original: %(language)s", language=strings.language_name(m.original, mlang)),
            ),
        )
        organ = _el(
            "div",
            {"class": "organ"},
            _el("div", {"class": "emblem", "aria-hidden": "true"}, _el("span", None, m.organ_code)),
            self.inline(_el("p", {"class": "organ-name"}), m.organ.text),
        )
        ident = _el("div", {"class": "ident"}, organ, dist)

        agenda_key = (
            "Item %(number)s of the provisional agenda%(call)s"
            if m.provisional
            else "Item %(number)s of the agenda%(call)s"
        )
        before, _, after = self._(agenda_key, number=m.agenda_number, call="\0").partition("\0")
        agenda = _el("p", {"class": "agenda"}, before, self.call(m.agenda_note), after)
        meeting = _el(
            "div",
            {"class": "meeting"},
            self.inline(_el("p", {"class": "meeting-name"}), m.meeting_name.text),
            self.inline(_el("p"), m.meeting_session.text),
            self.inline(_el("p"), m.meeting_place.text),
            _el("p", None, ed.conv.date_range(m.first_day, m.last_day)),
            agenda,
            self.inline(_el("p", {"class": "agenda-title"}), m.agenda_title.text),
        )
        return _el("header", {"class": "masthead"}, top, ident, meeting)

    # Body -------------------------------------------------------------------
    def heading(self, tag: str, block: Block, label: str | None) -> etree._Element:
        h = _el(tag, {"class": "heading"})
        if label:
            _append(h, _el("span", {"class": "num"}, label))
        return self.inline(h, block.text)

    def para(self, para: Para) -> list[etree._Element]:
        p = _el(
            "p",
            {"class": "para", "id": para.block.id},
            _el("span", {"class": "num"}, self.conv.paragraph_label(para.number)),
        )
        out = [self.inline(p, para.block.text)]
        if para.items:
            out.append(self.items(para.items, 1))
        return out

    def items(self, items: tuple[Item, ...], level: int) -> etree._Element:
        ol = _el("ol", {"class": f"subparas level{level}"})
        for item in items:
            li = _el(
                "li",
                {"id": item.block.id},
                _el("span", {"class": "num"}, self.conv.subparagraph_label(level, item.label)),
            )
            self.inline(li, item.block.text)
            if item.items:
                li.append(self.items(item.items, level + 1))
            ol.append(li)
        return ol

    def body(self) -> etree._Element:
        paper = self.ed.paper
        main = _el("main", None, self.inline(_el("h1", {"class": "title"}), paper.title.text))
        for sec in paper.sections:
            label = self.conv.section_label(sec.number) if sec.number else None
            s = _el(
                "section",
                {"id": sec.heading.id, "class": "numbered" if label else None},
                self.heading("h2", sec.heading, label),
            )
            for para in sec.paras:
                _append(s, *self.para(para))
            for sub in sec.subsections:
                ss = _el(
                    "section",
                    {"id": sub.heading.id},
                    self.heading("h3", sub.heading, self.conv.subsection_label(sub.number)),
                )
                for para in sub.paras:
                    _append(ss, *self.para(para))
                s.append(ss)
            main.append(s)
        return main

    def footer(self) -> etree._Element:
        notes = _el(
            "section",
            {"class": "footnotes", "role": "doc-endnotes", "aria-labelledby": "footnotes-heading"},
            _el("h2", {"id": "footnotes-heading"}, self._("Footnotes")),
        )
        for note in self.called:
            nid = note.block.id
            back = _el(
                "a",
                {
                    "href": f"#call_{nid}",
                    "role": "doc-backlink",
                    "aria-label": self._("Back to the text"),
                },
                note.marker,
            )
            notes.append(self.inline(_el("p", {"id": nid}, back, " "), note.block.text))
        nav = _el(
            "nav",
            {"aria-labelledby": "editions-heading"},
            _el("h2", {"id": "editions-heading"}, self._("Other editions")),
        )
        ul = _el("ul")
        for lang in sorted(self.ed.languages, key=UN_ORDER.index):
            if lang != self.ed.lang:
                name = strings.language_name(lang, lang)
                ul.append(
                    _el(
                        "li",
                        None,
                        _el("a", {"href": f"{lang}.html", "hreflang": lang, "lang": lang}, name),
                    )
                )
        nav.append(ul)
        return _el("footer", None, notes, nav)

    def document(self, css: str) -> str:
        ed = self.ed
        title = " ".join("".join(self.inline(_el("span"), ed.paper.title.text).itertext()).split())
        head = _el(
            "head",
            None,
            _el("meta", {"charset": "utf-8"}),
            _el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
            _el("title", None, f"{ed.paper.symbol} — {title}"),
            _el("meta", {"name": "description", "content": ed.paper.symbol}),
            _el("meta", {"name": "keywords", "content": ed.paper.symbol}),
            _el("meta", {"name": "generator", "content": "hexaglot"}),
            _el("style", None, css),
        )
        body = _el("body", {"class": "draft" if ed.draft else None})
        if ed.draft:
            body.append(
                _el(
                    "p",
                    {"class": "draft-banner", "role": "note"},
                    self._("Draft — %(percent)s%% translated", percent=ed.percent),
                )
            )
        _append(body, self.masthead(), self.body())
        if not self.for_print:
            body.append(self.footer())
        html = _el("html", {"lang": ed.lang, "dir": ed.conv.dir}, head, body)
        return tostring(html, doctype="<!DOCTYPE html>", encoding="unicode", method="html")


def _css_string(value: str) -> str:
    """A CSS string literal holding ``value`` and nothing more."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " ./()-–:_%" else f"\\{ord(ch):x} " for ch in value
    )
    return f'"{escaped}"'


def stylesheet(edition: Edition, for_print: bool) -> str:
    """The CSS of an edition: shared rules, then this language's fonts and page furniture."""
    conv = edition.conv
    fonts = ", ".join(f'"{f}"' if " " in f else f for f in conv.fonts)
    css = [resources.data("edition.css").read_text("utf-8"), f":root {{ --font: {fonts}; }}"]
    if for_print:
        css.append(resources.data("print.css").read_text("utf-8"))
        symbol = _css_string(edition.paper.symbol)
        job = edition.paper.masthead.job_number
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


def render(edition: Edition, for_print: bool = False) -> str:
    """The HTML of ``edition`` (the web page, or with ``for_print`` the PDF's source)."""
    return _Renderer(edition, for_print).document(stylesheet(edition, for_print))
