"""An author's Word draft made a paper: the masthead facts, the structure, the text.

What the importer recognises (README, "Importing a Word draft"):
- the masthead, above the title: the symbol, "Distr.: General", the date of
  issue, "Original: English" (and the edition's language line), the issuing
  body, the meeting lines (name, session, place, dates), "Item 3 of the
  provisional agenda*" with its footnote and the agenda item titles, a job
  number; then the title (style Title, or the paragraph after the agenda
  titles) and a subtitle (style Subtitle, or "Note by …");
- headings: styles "Heading 1" and "Heading 2", or a label I. / A. typed or
  numbered, or a short paragraph in bold (an unnumbered section);
- paragraphs numbered "1." by Word or typed; subparagraphs (a), (i), a. and
  bullets; footnotes at their calls; italic, bold, superscript, subscript;
  tables ("Table 1" and its title above, "Source: …" below); symbols.

Nothing is dropped: a paragraph that fits nowhere is added to the text of
the block before it (or, in the masthead, of the title) and reported with
its Word paragraph number. A masthead fact that is missing gets a marked
placeholder, reported too, so that the paper still validates; a paper that
does not validate all the same is not written.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from hexaglot.base import atomic, numerals
from hexaglot.base.errors import InputError
from hexaglot.base.findings import WARNING, Finding
from hexaglot.paper.inline import NoteCall, Ref, Styled, Symbol, Text, leaves
from hexaglot.paper.schema import check_tree
from hexaglot.word import package, symbols, wording
from hexaglot.word.reader import Document, Footnote, Paragraph, Picture, Table, read
from hexaglot.word.wording import Wording

JOB = re.compile(r"([A-Z]\d{7})(?:\s+\d{6})?")
SUBTITLE = re.compile(r"(Note|Report) (by|of) the ", re.IGNORECASE)
ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
SESSION = re.compile(r"(\w+)\s+(?:meeting|session)", re.IGNORECASE)
#: Issuing bodies hexaglot knows by name: the organ's code.
ORGANS = {"united nations environment programme": "UNEP"}
#: What editions print above the masthead and hexaglot writes itself (with "United
#: Nations" in the draft's language, :mod:`wording`).
BOILERPLATE = {"ep", "english only", "please recycle"}
#: The styles of a Word edition (render/docx.py) that say what a paragraph is.
STYLED = {
    "decision heading": "decision-heading",
    "decision intro": "decision-intro",
    "decision preamble": "decision-preamble",
    "decision operative": "decision-operative",
    "quote": "quote",
    "body text": "text",
    "table note": "table-note",
}
#: The images a paper may show, by the bytes they start with: the file's extension.
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
#: How many paragraphs from the top may hold masthead lines (which tell the language).
MASTHEAD_LINES = 40
#: The placeholder symbol of a paper whose symbol was not found (as `init` writes).
PLACEHOLDER_SYMBOL = "UNEP/XX/1/1"


@dataclass
class _Holder:
    """A block's text as it grows (unplaced paragraphs are added to it)."""

    text: list


@dataclass
class _Item:
    holder: _Holder
    n: int  # its position among its siblings, as its label says; 0 for a bullet
    items: list[_Item] = field(default_factory=list)


@dataclass
class _Para:
    number: int | None  # None: an unnumbered paragraph (of an annex or a quoted text)
    holder: _Holder
    items: list[_Item] = field(default_factory=list)


@dataclass
class _Table:
    table: Table
    title: _Holder | None = None
    source: _Holder | None = None
    notes: dict[str, _Holder] = field(default_factory=dict)  # by the letter that calls them


@dataclass
class _Decision:
    """A quoted decision: heading, the acting body, preamble, operative paragraphs."""

    heading: _Holder | None = None
    intro: _Holder | None = None
    preamble: list[_Holder] = field(default_factory=list)
    operative: list[_Para] = field(default_factory=list)


@dataclass
class _Figure:
    picture: Picture
    caption: _Holder


@dataclass
class _Quote:
    paras: list[_Para] = field(default_factory=list)


@dataclass
class _Annex:
    number: int  # 0 for a paper's only annex
    heading: _Holder | None = None
    as_received: bool = False
    lang: str | None = None
    content: list = field(default_factory=list)
    parts: list[_Part] = field(default_factory=list)


@dataclass
class _Part:
    """A section or subsection being filled."""

    heading: _Holder
    numbered: bool
    content: list = field(default_factory=list)
    subsections: list[_Part] = field(default_factory=list)


class _Import:
    def __init__(self, doc: Document, path: Path, words: Wording):
        self.doc = doc
        self.images: dict[str, bytes] = {}  # written beside the paper
        self.words = words
        self.path = path
        self.findings: list[Finding] = []
        self.facts: dict[str, object] = {}
        self.parts: list[_Part] = []  # the paper's sections, or the current annex's
        self.sections = self.parts
        self.annexes: list[_Annex] = []
        self.last: _Holder | None = None
        self.pending: list[Paragraph] = []  # placed before the title once it exists
        self.title: _Holder | None = None
        self.subtitle: _Holder | None = None

    def report(self, number: int | None, message: str) -> None:
        where = f"Word paragraph {number}" if number else None
        self.findings.append(Finding(str(self.path), None, "import", message, WARNING, where))

    # The masthead ----------------------------------------------------------

    def masthead(self, zone: list[Paragraph]) -> list[Paragraph]:
        """Take the masthead facts from ``zone``; return what follows the title."""
        words = self.words
        rest: list[Paragraph] = []
        agenda_titles = 0
        meeting: list[Paragraph] = []
        after_distribution = False
        code: str | None = None  # an issuing body's code: its name follows
        for p in zone:
            plain = " ".join(p.plain.split())
            bare = plain.rstrip("*").strip()
            if not bare:
                continue  # an empty paragraph holds nothing to keep
            if agenda_titles:
                self.facts.setdefault("agenda_titles", []).append(p)
                agenda_titles -= 1
                continue
            if self.title is not None or rest or p.style.lower() in ("title", "subtitle"):
                rest.append(p)
                continue
            after_code, code = code, None
            if symbols.is_symbol(bare) and "symbol" not in self.facts:
                self.facts["symbol"] = bare
            elif found := words.distribution(bare):
                self.facts["distribution"] = found
                after_distribution = True
            elif (day := words.issued(bare)) and "issued" not in self.facts:
                self.facts["issued"] = day
            elif found := words.original(bare):
                self.facts["original"] = found
            elif (found := words.version(bare)) and after_distribution:
                self.facts["lang"] = found
            elif bare.lower() in ORGANS:
                self.facts["organ"] = (ORGANS[bare.lower()], bare)
            elif bare in ORGANS.values():
                code = bare
            elif all(
                wording.norm(part) in BOILERPLATE | words.boilerplate
                for part in p.plain.split("\t")
            ):
                pass  # "United Nations<tab>EP": what editions print themselves
            elif after_code and "organ" not in self.facts:
                self.facts["organ"] = (after_code, bare)
            elif m := JOB.fullmatch(bare):
                self.facts["job"] = m.group(1)
            elif agenda := words.agenda(bare):
                numbers, provisional = agenda
                self.facts["agenda"] = (numbers, provisional, p)
                agenda_titles = len(numbers)
            elif "agenda" not in self.facts:
                meeting.append(p)
            else:
                self.title = self._holder(p)
        titled = self.title is not None or any(p.style.lower() == "title" for p in rest)
        if not titled and "agenda" not in self.facts and meeting:
            last = meeting[-1]  # no agenda line: the title is the last line above the body
            if not words.meeting_dates(last.plain):
                self.title = self._holder(meeting.pop())
        self._meeting(meeting)
        return rest

    def _meeting(self, lines: list[Paragraph]) -> None:
        """Name, session, place and dates: the lines above the agenda line, dates last."""
        for i, p in enumerate(lines):
            dates = self.words.meeting_dates(p.plain)
            if not dates:
                continue
            self.facts["dates"] = dates
            before = lines[:i]
            if before:
                self.facts["place"] = before.pop()
            if before and (len(before) > 1 or SESSION.fullmatch(before[-1].plain.strip())):
                self.facts["session"] = before.pop()
            if before:
                self.facts["name"] = before.pop()
            self._leftover([*before, *lines[i + 1 :]])
            return
        self._leftover(lines)

    def _leftover(self, lines: list[Paragraph]) -> None:
        for p in lines:
            self.pending.append(p)
            self.report(p.number, "not recognised in the masthead; kept as text in the next block")

    # The body --------------------------------------------------------------

    def body(self, items: list[Paragraph | Table]) -> None:
        levels: list[_Item] = []  # the open subparagraphs, one per nesting level
        para: _Para | None = None
        waiting: list[Paragraph] = []  # "Table 1" and the table's title, before the table
        picture: Picture | None = None  # an image, waiting for its caption
        for item in items:
            if isinstance(item, Table):
                table = _Table(item, self._holder(waiting[1]) if len(waiting) > 1 else None)
                waiting = []
                self._container(item.number).append(table)
                self.last = None
                para = None
                continue
            p = item
            plain = p.plain.strip()
            if picture is not None:  # the image's caption follows it
                drop = self.words.caption(plain)
                if drop:
                    figure = _Figure(picture, self._holder(p, drop=drop))
                    self._container(p.number).append(figure)
                    picture = None
                    continue
                self.report(p.number - 1, "an image without a caption after it: not imported")
                picture = None
            if p.picture is not None and not plain:
                picture = p.picture
                continue
            if not plain and not _has_call(p.text):
                continue
            kind = self.kind(p)
            if (kind is None and self.words.table_label(plain)) or len(waiting) == 1:
                waiting.append(p)
                continue
            for early in waiting:  # "Table 1" and a title, but no table after them
                self._unplaced(early, "a table's label or title without a table")
            waiting = []
            annex = self.annexes[-1] if self.annexes else None
            if kind == "annex":
                self.annexes.append(_Annex(self.words.annex(plain) or 0))
                self.parts = self.annexes[-1].parts
                para, levels, self.last = None, [], None
                continue
            if annex is not None and annex.heading is None and kind in ("section", "unnumbered"):
                annex.heading, annex.lang = self._holder(p), p.lang
                continue
            if annex is not None and kind == "notice":
                annex.as_received = True
                continue
            level = _heading_level(p)
            if annex is not None and level:  # an annex's sections are a level down
                kind = "subsection" if level > 2 else "section" if p.label else "unnumbered"
            container = self._open()
            if kind == "table-note" and container and isinstance(container[-1], _Table):
                self.last = _Holder(list(self._text(p.text[1:])))
                container[-1].notes[_mark(p)] = self.last
                continue
            if kind and kind.startswith("decision"):
                para, levels = self._decision(p, kind, container), []
                continue
            if kind == "quote" or (kind == "text" and annex is not None and not self.parts):
                para, levels = _Para(None, self._holder(p)), []
                if kind == "text":
                    container.append(para)
                elif container and isinstance(container[-1], _Quote):
                    container[-1].paras.append(para)
                else:
                    self._container(p.number).append(_Quote([para]))
                continue
            if (
                kind is None
                and self.words.source(plain)
                and container
                and isinstance(container[-1], _Table)
            ):
                container[-1].source = self._holder(p, drop=self.words.source(plain))
                continue
            if kind in ("section", "unnumbered"):
                self.parts.append(_Part(self._holder(p), kind == "section"))
                para, levels = None, []
            elif kind == "subsection":
                if not self.parts:
                    self.parts.append(_Part(_Holder(["[heading]"]), False))
                    self.report(p.number, "a subsection before any section: placeholder heading")
                self.parts[-1].subsections.append(_Part(self._holder(p), True))
                para, levels = None, []
            elif kind == "para":
                para = _Para(self._position(p, "para"), self._holder(p))
                self._container(p.number).append(para)
                levels = []
            elif kind in ("item", "bullet") and para is not None:
                depth = self._depth(p, levels)
                holder = self._holder(p)
                new = _Item(holder, 0 if kind == "bullet" else self._position(p, "item", depth))
                (levels[depth - 1].items if depth else para.items).append(new)
                del levels[depth:]
                levels.append(new)
            else:
                self._unplaced(p, "not a heading, numbered paragraph or subparagraph")

    def kind(self, p: Paragraph) -> str | None:
        """What a paragraph is by its style, label or wording: section, subsection, para,
        item, bullet; in a Word edition also annex, notice, decision-…, quote, text."""
        level = _heading_level(p)
        if level:
            return ("section" if p.label else "unnumbered") if level == 1 else "subsection"
        if p.style.lower() in STYLED:
            return STYLED[p.style.lower()]
        if not p.label and self.words.annex(p.plain) is not None:
            return "annex"
        if not p.label and self.words.as_received(p.plain):
            return "notice"
        if _mark(p) and self.words.table_note(_mark(p)):
            return "table-note"
        kinds = {meaning.kind for meaning in self.words.label(p.label)}
        for kind in ("para", "bullet", "item", "section", "subsection"):
            if kind in kinds:
                return kind
        if not p.label and _all_bold(p.text) and len(p.plain) < 200:
            return "unnumbered" if p.plain.strip()[-1:] not in ".;:" else None
        return None

    def _open(self) -> list:
        """Where the next block goes: the last (sub)section's content, or an annex's own."""
        if self.parts:
            part = self.parts[-1]
            return (part.subsections[-1] if part.subsections else part).content
        return self.annexes[-1].content if self.annexes else []

    def _decision(self, p: Paragraph, kind: str, container: list) -> _Para | None:
        """Add ``p`` to the decision it continues, or open one; the operative paragraph
        (whose subparagraphs may follow) if ``p`` is one."""
        last = container[-1] if container and isinstance(container[-1], _Decision) else None
        order = ("decision-heading", "decision-intro", "decision-preamble", "decision-operative")
        reached = (
            3 if last and last.operative else 2 if last and last.preamble
            else 1 if last and last.intro else 0 if last and last.heading else -1
        )  # fmt: skip
        if (
            last is None
            or order.index(kind) < reached
            or (kind in order[:2] and order.index(kind) == reached)
        ):
            last = _Decision()
            self._container(p.number).append(last)
        holder = self._holder(p)
        if kind == "decision-heading":
            last.heading = holder
        elif kind == "decision-intro":
            last.intro = holder
        elif kind == "decision-preamble":
            last.preamble.append(holder)
        else:
            last.operative.append(_Para(self._position(p, "para"), holder))
            return last.operative[-1]
        return None

    def _position(self, p: Paragraph, kind: str, depth: int = 0) -> int:
        """The number a label gives, at ``depth`` for a subparagraph ("(ii)": 2)."""
        found = [
            m.n for m in self.words.label(p.label) if m.kind == kind and m.level in (0, depth + 1)
        ]
        return found[0] if found else 1

    def _depth(self, p: Paragraph, levels: list[_Item]) -> int:
        """How deep a subparagraph stands, 0 to 2: where its label continues the open
        subparagraphs ("(i)" after "(h)"), or else opens a new level ("(i)" after "(a)")."""
        if p.level is not None and p.level <= len(levels):
            return min(p.level, 2)
        styled = re.fullmatch(r"(?:subparagraph|list bullet)\s*(\d?)", p.style.lower())
        if styled:  # an edition's style says the level: "Subparagraph 2", "List Bullet 2"
            return min(int(styled.group(1) or 1) - 1, len(levels), 2)
        if p.label == "•":  # a bullet typed by hand: beside the one before it
            return len(levels) - 1 if levels and levels[-1].n == 0 else 0
        can = {
            m.level - 1: m.n
            for m in self.words.label(p.label)
            if m.kind == "item" and m.level - 1 <= len(levels)
        }
        for depth, n in sorted(can.items()):
            if depth < len(levels) and levels[depth].n + 1 == n:
                return depth
        for depth, n in sorted(can.items()):
            if depth == len(levels) and n == 1:
                return depth
        return min(can, default=0)

    def _container(self, number: int) -> list:
        if not self.parts and self.annexes:
            return self.annexes[-1].content
        if not self.parts:
            self.parts.append(_Part(_Holder(["[heading]"]), False))
            self.report(number, "text before the first heading: placeholder heading [heading]")
        part = self.parts[-1]
        return part.subsections[-1].content if part.subsections else part.content

    def _holder(self, p: Paragraph, drop: int = 0) -> _Holder:
        text = list(self._text(p.text))
        if drop and text and isinstance(text[0], str):
            text[0] = text[0][drop:]
        if self.pending and self.title is not None:
            text = [*self._joined(self.pending), " ", *text]
            self.pending = []
        holder = _Holder(text)
        self.last = holder
        return holder

    def _unplaced(self, p: Paragraph, why: str) -> None:
        label = f"{p.label} " if p.label else ""
        if self.last is None:
            self.pending.append(p)
            self.report(p.number, f"{why}; kept as text at the start of the next block")
            return
        self.last.text.extend([" ", label, *self._text(p.text)])
        self.report(p.number, f"{why}; kept as text at the end of the block before it")

    def _joined(self, paragraphs: list[Paragraph]) -> list:
        out: list = []
        for p in paragraphs:
            if out:
                out.append(" ")
            out.extend([f"{p.label} " if p.label else "", *self._text(p.text)])
        return out

    def _text(self, text: Text) -> Text:
        """Inline text for the paper: tabs as spaces, heading bold dropped, symbols marked."""
        return symbols.mark(_tabs(text))

    # The paper -------------------------------------------------------------

    def paper(self) -> etree._Element:
        f = self.facts
        self.numbers, self.prefix = _numbers(self.sections, []), ""
        self.notes = self.table_notes = self.tables = self.decisions = self.quotes = 0
        self.figures = 0
        symbol = f.get("symbol")
        if symbol is None:
            symbol = PLACEHOLDER_SYMBOL
            self.missing("symbol", PLACEHOLDER_SYMBOL)
        self.symbol = str(symbol)
        original = f.get("original") or self.missing("original language", "en") or "en"
        root = etree.Element("paper", symbol=str(symbol))
        root.set("{http://www.w3.org/XML/1998/namespace}lang", str(f.get("lang", self.words.lang)))
        mast = etree.SubElement(root, "masthead")
        code, organ = f.get("organ") or (
            re.match(r"[A-Z][A-Z0-9\-]*", str(symbol)).group(0),  # type: ignore[union-attr]
            self.missing("issuing body", "[issuing body]"),
        )
        etree.SubElement(mast, "organ", code=code).text = organ
        etree.SubElement(mast, "distribution").text = str(
            f.get("distribution") or self.missing("distribution", "general")
        )
        issued = f.get("issued") or self.missing("date of issue", dt.date.today())
        etree.SubElement(mast, "issued").text = issued.isoformat()  # type: ignore[union-attr]
        etree.SubElement(mast, "original").text = str(original)
        meeting = etree.SubElement(mast, "meeting")
        self._line(meeting, "name", "meeting name")
        session = self._line(meeting, "session", "session")
        session.set("number", str(_session_number(f.get("session"))))
        self._line(meeting, "place", "place")
        first, last = f.get("dates") or (issued, issued)  # type: ignore[misc]
        if "dates" not in f:
            self.missing("meeting dates", "the date of issue")
        etree.SubElement(meeting, "dates", first=first.isoformat(), last=last.isoformat())
        self._agenda(mast)
        for line in self.doc.furniture:  # page 1's foot: "K2401234 170524"
            found = JOB.fullmatch(" ".join(line.split()))
            if found and "job" not in f:
                f["job"] = found.group(1)
        if "job" in f:
            etree.SubElement(mast, "job-number").text = str(f["job"])
        title = etree.SubElement(root, "title")
        if self.title is None:
            self.missing("title", "[title]")
            self.title = _Holder(["[title]", *(" ", *self._joined(self.pending))])
            self.pending = []
        self._fill(title, self.title)
        if self.subtitle is not None:
            self._fill(etree.SubElement(root, "subtitle"), self.subtitle)
        if not self.sections:
            self.report(None, "no heading or numbered paragraph found")
            self.sections.append(
                _Part(_Holder(["[heading]"]), False, [_Para(1, _Holder(["[text]"]))])
            )
        self._sections(root, self.sections)
        for k, annex in enumerate(self.annexes, 1):
            self._annex(root, annex, k)
        _layout(root, 0)
        return root

    def _annex(self, root: etree._Element, annex: _Annex, k: int) -> None:
        aid = f"annex_{k}"
        self.numbers, self.prefix = _numbers(annex.parts, annex.content), f"{aid}__"
        el = etree.SubElement(root, "annex", id=aid)
        if annex.as_received:
            el.set("as-received", "yes")
            if annex.lang:
                el.set("{http://www.w3.org/XML/1998/namespace}lang", annex.lang)
        if annex.heading is None:
            self.report(None, f"annex {k} has no heading: wrote [heading]")
        self._fill(etree.SubElement(el, "heading"), annex.heading or _Holder(["[heading]"]))
        if annex.parts:
            if annex.content:  # text before the first section: a section of its own
                annex.parts.insert(0, _Part(_Holder(["[heading]"]), False, annex.content))
                self.report(None, f"annex {k}: text before its first section under [heading]")
            self._sections(el, annex.parts)
        elif annex.content:
            self._content(el, annex.content)
        else:
            self.report(None, f"annex {k} has no paragraph: wrote [text]")
            self._content(el, [_Para(None, _Holder(["[text]"]))])

    def missing(self, what: str, placeholder: object) -> object:
        self.report(None, f"masthead: no {what} found; wrote {placeholder}")
        return placeholder

    def _line(self, parent: etree._Element, tag: str, what: str) -> etree._Element:
        el = etree.SubElement(parent, tag)
        found = self.facts.get(tag)
        if isinstance(found, Paragraph):
            self._fill(el, _Holder(list(self._text(found.text))))
        else:
            el.text = str(self.missing(what, f"[{what}]"))
        return el

    def _agenda(self, mast: etree._Element) -> None:
        numbers, provisional, line = self.facts.get("agenda") or ([], True, None)
        if not numbers:
            self.missing("agenda line", "item [1]")
            numbers = ["1"]
        titles: list[Paragraph] = list(self.facts.get("agenda_titles", []))  # type: ignore[arg-type]
        flag = "yes" if provisional else "no"
        single = len(numbers) == 1
        holder = etree.SubElement(mast, "agenda-item" if single else "agenda", provisional=flag)
        for i, number in enumerate(numbers):
            item = holder if single else etree.SubElement(holder, "item")
            item.set("number", number)
            title = etree.SubElement(item, "title")
            if i < len(titles):
                self._fill(title, _Holder(list(self._text(titles[i].text))))
            else:
                title.text = str(self.missing(f"title of agenda item {number}", "[agenda item]"))
        note = self._agenda_note(line)
        el = etree.SubElement(holder, "note", id="fn_agenda", marker="*")
        self._fill(el, _Holder(list(note)))

    def _agenda_note(self, line: Paragraph | None) -> Text:
        calls = [n.note for n in leaves(line.text) if isinstance(n, NoteCall)] if line else []
        note = self.doc.footnotes.get(calls[0]) if calls else None
        text = symbols.mark(_tabs(note.text)) if note else ()
        found = [n for n in leaves(text) if isinstance(n, Symbol)]
        if len(found) == 1:
            return text
        if note is not None:
            self.report(line.number if line else None, "the agenda footnote names no one symbol")
        placeholder = str(self.facts.get("symbol", PLACEHOLDER_SYMBOL)).rsplit("/", 1)[0] + "/1"
        self.missing("agenda footnote", placeholder)
        return (Symbol(placeholder), ".", *(("", " ", *_strip_symbols(text)) if text else ()))

    def _sections(self, root: etree._Element, parts: list[_Part]) -> None:
        used: set[str] = set()
        numbered = 0
        for part in parts:
            if part.numbered:
                numbered += 1
                sid = f"{self.prefix}sec_{numbered}"
            else:
                sid = self.prefix + _unique(_slug(part.heading.text), used)
            used.add(sid)
            sec = etree.SubElement(root, "section", id=sid)
            if not part.numbered:
                sec.set("numbered", "no")
            self._fill(etree.SubElement(sec, "heading"), part.heading)
            self._content(sec, part.content)
            for k, sub in enumerate(part.subsections, 1):
                el = etree.SubElement(sec, "subsection", id=f"{sid}__subsec_{numerals.latin(k)}")
                self._fill(etree.SubElement(el, "heading"), sub.heading)
                self._content(el, sub.content)
                if not sub.content:
                    self._content(el, [_Para(0, _Holder(["[text]"]))])
                    self.report(None, f"subsection {numerals.latin(k)} has no paragraph: [text]")
            if not part.content and not part.subsections:
                self.report(None, f"section {sid} has no paragraph: wrote [text]")
                self._content(sec, [_Para(0, _Holder(["[text]"]))])

    def _content(self, parent: etree._Element, content: list) -> None:
        unnumbered = 0
        for block in content:
            if isinstance(block, _Para) and block.number is None:
                unnumbered += 1
                self._para(parent, block, "p", f"{self.prefix}p_{unnumbered}")
            elif isinstance(block, _Para):
                self._para(parent, block, "para", f"{self.prefix}para_{block.number}")
            elif isinstance(block, _Decision):
                self._write_decision(parent, block)
            elif isinstance(block, _Figure):
                self._figure(parent, block)
            elif isinstance(block, _Quote):
                self.quotes += 1
                qid = f"quote_{self.quotes}"
                el = etree.SubElement(parent, "quote", id=qid)
                for i, para in enumerate(block.paras, 1):
                    self._para(el, para, "p", f"{qid}__p_{i}")
            else:
                self._table(parent, block)

    def _figure(self, parent: etree._Element, block: _Figure) -> None:
        """A figure; its image is written beside the paper (``images``), named for both."""
        kind = next(
            (t for sig, t in IMAGE_TYPES.items() if block.picture.data.startswith(sig)), None
        )
        if kind is None:
            self.report(None, "an image neither PNG nor JPEG: not imported, its caption dropped")
            return
        self.figures += 1
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", self.symbol).strip("-")
        name = f"{stem}-figure-{self.figures}.{kind}"
        self.images[name] = block.picture.data
        el = etree.SubElement(parent, "figure", id=f"fig_{self.figures}")
        image = etree.SubElement(el, "image", src=name)
        if block.picture.width_mm:
            image.set("width", str(block.picture.width_mm))
        self._fill(etree.SubElement(el, "caption"), block.caption)
        etree.SubElement(el, "alt").text = block.picture.alt or "[image]"

    def _para(self, parent: etree._Element, block: _Para, tag: str, pid: str) -> None:
        el = etree.SubElement(parent, tag, id=pid)
        if block.number is not None:
            el.set("n", str(max(block.number, 1)))
        self._fill(el, block.holder)
        self._list(el, block.items, pid)

    def _write_decision(self, parent: etree._Element, block: _Decision) -> None:
        self.decisions += 1
        did = f"dec_{self.decisions}"
        el = etree.SubElement(parent, "decision", id=did)
        for tag, holder in (("heading", block.heading), ("intro", block.intro)):
            if holder is not None:
                self._fill(etree.SubElement(el, tag), holder)
        for holder in block.preamble:
            self._fill(etree.SubElement(el, "preamble"), holder)
        if not block.operative:
            self.report(None, f"decision {self.decisions} has no operative paragraph: [text]")
        for i, para in enumerate(block.operative or [_Para(1, _Holder(["[text]"]))], 1):
            op = etree.SubElement(el, "operative")
            self._fill(op, para.holder)
            self._list(op, para.items, f"{did}__op_{i}")

    def _list(self, parent: etree._Element, items: list[_Item], prefix: str) -> None:
        if not items:
            return
        bullets = all(i.n == 0 for i in items)
        el = etree.SubElement(parent, "list")
        if bullets:
            el.set("style", "bullets")
        for k, item in enumerate(items, 1):
            depth = prefix.count("__point_")
            name = (
                f"bullet_{k}"
                if bullets
                else "point_"
                + (numerals.roman(k).lower() if depth == 1 else numerals.latin(k).lower())
            )
            iid = f"{prefix}__{name}"
            node = etree.SubElement(el, "item", id=iid)
            self._fill(node, item.holder)
            self._list(node, item.items, iid)

    def _table(self, parent: etree._Element, block: _Table) -> None:
        self.tables += 1
        el = etree.SubElement(parent, "table", id=f"table_{self.tables}")
        if block.title is not None:
            self._fill(etree.SubElement(el, "title"), block.title)
        for row in block.table.rows:
            tr = etree.SubElement(el, "row")
            if row.header:
                tr.set("header", "yes")
            for cell in row.cells:
                td = etree.SubElement(tr, "cell")
                if cell.rows > 1:
                    td.set("rows", str(cell.rows))
                if cell.cols > 1:
                    td.set("cols", str(cell.cols))
                if any(x.style.lower() == "table row heading" for x in cell.paragraphs):
                    td.set("header", "row")
                text = _calls(self._joined(list(cell.paragraphs)), block.notes)
                self._fill(td, _Holder(text))
        if block.source is not None:
            self._fill(etree.SubElement(el, "source"), block.source)

    def _fill(self, el: etree._Element, holder: _Holder) -> None:
        """Write inline text into ``el``: styles, symbols, references, footnotes at their calls."""
        _inline(el, self._refs(_trim(tuple(holder.text))), self._note)

    def _refs(self, text: Text) -> Text:
        return _refs(text, self.numbers, self.prefix, self.words.references())

    def _note(self, parent: etree._Element, call: NoteCall | _TableCall) -> None:
        if isinstance(call, _TableCall):
            self.table_notes += 1
            el = etree.SubElement(parent, "note", id=f"tn_{self.table_notes}")
            self._fill(el, call.holder)
            return
        note = self.doc.footnotes.get(call.note, Footnote(None, ("[footnote not found]",)))
        self.notes += 1
        el = etree.SubElement(parent, "note", id=f"fn_{self.notes}")
        _inline(el, self._refs(_trim(self._text(note.text))), self._note)


@dataclass(frozen=True)
class _TableCall:
    """A table note's letter in a cell, with the note it calls."""

    holder: _Holder


def _calls(text: list, notes: dict[str, _Holder]) -> list:
    """A cell's text with each superscript letter of a table note made the note's call."""
    out: list = []
    for node in text:
        mark = "".join(n for n in leaves((node,)) if isinstance(n, str)).strip()
        if isinstance(node, Styled) and node.tag == "sup" and mark in notes:
            out.append(_TableCall(notes[mark]))
        else:
            out.append(node)
    return out


def _numbers(parts: list[_Part], content: list) -> set[int]:
    """The paragraph numbers of a paper's sections (or an annex's), for references."""
    blocks = [
        *content,
        *(b for part in parts for x in (part, *part.subsections) for b in x.content),
    ]
    return {b.number for b in blocks if isinstance(b, _Para) and b.number is not None}


def _refs(text: Text, numbers: set[int], prefix: str, pattern: re.Pattern[str]) -> Text:
    """``text`` with "paragraphs 5–8" made references to the paper's paragraphs 5 and 8."""
    out: list = []
    for node in text:
        if isinstance(node, Styled):
            out.append(type(node)(_refs(node.content, numbers, prefix, pattern)))
        elif not isinstance(node, str):
            out.append(node)
            continue
        else:
            last = 0
            for found in pattern.finditer(node):
                group = next(name for name, value in found.groupdict().items() if value)
                for number in re.finditer(r"\d+", found.group(group)):
                    if int(number.group(0)) not in numbers:
                        continue
                    start = found.start(group) + number.start()
                    out.extend([node[last:start], Ref(f"{prefix}para_{number.group(0)}")])
                    last = found.start(group) + number.end()
            out.append(node[last:])
    return tuple(n for n in out if n != "")


def _inline(el: etree._Element, text: Text, note) -> None:
    for node in text:
        if isinstance(node, str):
            if len(el):
                el[-1].tail = (el[-1].tail or "") + node
            else:
                el.text = (el.text or "") + node
        elif isinstance(node, Styled):
            _inline(etree.SubElement(el, node.tag), node.content, note)
        elif isinstance(node, Symbol):
            etree.SubElement(el, "symbol").text = node.value
        elif isinstance(node, Ref):
            etree.SubElement(el, "ref", to=node.to)
        elif isinstance(node, NoteCall | _TableCall):
            note(el, node)


#: Elements that hold only other elements: indented in the file, never their text.
_STRUCTURE = {
    "paper", "masthead", "meeting", "agenda", "agenda-item", "section", "subsection", "table",
    "row",
}  # fmt: skip


def _layout(el: etree._Element, depth: int) -> None:
    if el.tag not in _STRUCTURE or not len(el):
        return
    el.text = "\n" + "  " * (depth + 1)
    for child in el:
        child.tail = "\n" + "  " * (depth + 1)
        _layout(child, depth + 1)
    el[-1].tail = "\n" + "  " * depth


def _heading_level(p: Paragraph) -> int | None:
    found = re.search(r"heading\s*(\d)", p.style.lower())
    return int(found.group(1)) if found else None


def _mark(p: Paragraph) -> str | None:
    """The superscript letter that opens a table note ("a"), if ``p`` opens with one."""
    first = p.text[0] if p.text else None
    if isinstance(first, Styled) and first.tag == "sup":
        return "".join(n for n in leaves(first.content) if isinstance(n, str)).strip() or None
    return None


def _all_bold(text: Text) -> bool:
    parts = [n for n in text if not (isinstance(n, str) and not n.strip())]
    return bool(parts) and all(isinstance(n, Styled) and n.tag == "strong" for n in parts)


def _tabs(text: Text) -> Text:
    out: list = []
    for node in text:
        if isinstance(node, str):
            out.append(node.replace("\t", " "))
        elif isinstance(node, Styled):
            out.append(type(node)(_tabs(node.content)))
        else:
            out.append(node)
    return tuple(out)


def _trim(text: Text) -> Text:
    """``text`` without blank strings at either end; a heading's overall bold unwrapped."""
    if _all_bold(text):
        text = tuple(n.content if isinstance(n, Styled) else (n,) for n in text if n)  # type: ignore[misc]
        text = tuple(x for group in text for x in group)
    nodes = list(text)
    while nodes and isinstance(nodes[0], str) and not nodes[0].strip():
        nodes.pop(0)
    while nodes and isinstance(nodes[-1], str) and not nodes[-1].strip():
        nodes.pop()
    if nodes and isinstance(nodes[0], str):
        nodes[0] = nodes[0].lstrip()
    if nodes and isinstance(nodes[-1], str):
        nodes[-1] = nodes[-1].rstrip()
    return tuple(nodes)


def _strip_symbols(text: Text) -> Text:
    return tuple(n.value if isinstance(n, Symbol) else n for n in leaves(text))


def _has_call(text: Text) -> bool:
    return any(isinstance(n, NoteCall) for n in leaves(text))


def _session_number(line: object) -> int:
    if isinstance(line, Paragraph):
        m = SESSION.fullmatch(line.plain.strip())
        word = m.group(1).lower() if m else ""
        if word in ORDINALS:
            return ORDINALS.index(word) + 1
        digits = re.match(r"\d+", word)
        if digits:
            return int(digits.group(0))
    return 1


def _slug(text: list) -> str:
    words = re.findall(
        r"[a-z]+", "".join(n for n in leaves(tuple(text)) if isinstance(n, str)).lower()
    )
    return f"sec_{words[0]}" if words else "sec_unnumbered"


def _unique(name: str, used: set[str]) -> str:
    k, out = 1, name
    while out in used:
        k += 1
        out = f"{name}_{k}"
    return out


def convert(draft: Path) -> tuple[etree._Element, list[Finding], dict[str, bytes]]:
    """The paper made from ``draft`` (not yet checked), what could not be placed, and
    the images of its figures by the names the paper gives them."""
    opened = package.open_docx(draft)
    # Masthead lines carry no label: read with English labels, they tell the language.
    lines = [p.plain for p in itertools.islice(read(opened).paragraphs(), MASTHEAD_LINES)]
    words = wording.wording(wording.detect(opened, lines))
    doc = read(opened, words.typed())
    job = _Import(doc, draft, words)
    zone: list[Paragraph] = []
    body: list[Paragraph | Table] = []
    for item in doc.items:
        if body:
            body.append(item)
        elif isinstance(item, Table):
            zone.extend(c for row in item.rows for cell in row.cells for c in cell.paragraphs)
        elif job.kind(item) in ("section", "subsection", "para", "unnumbered") and _starts_body(
            job.kind(item), item, zone
        ):
            body.append(item)
        else:
            zone.append(item)
    front: list[Paragraph] = []
    for p in job.masthead(zone):
        if job.title is None:
            job.title = job._holder(p)
        elif not front and wording.norm(p.plain) in words.kinds():
            continue  # "Addendum": the edition writes it from the symbol
        elif (
            job.subtitle is None
            and not front
            and (p.style.lower() == "subtitle" or SUBTITLE.match(p.plain.strip()))
        ):
            job.subtitle = job._holder(p)
        else:
            front.append(p)
    job.body([*front, *body])
    return job.paper(), job.findings, job.images


def _starts_body(kind: str | None, p: Paragraph, zone: list[Paragraph]) -> bool:
    """Whether ``p`` (of ``kind``) opens the body: a heading style or label, a paragraph number."""
    if p.style.lower().startswith("heading"):
        return True
    return kind in ("section", "para") or (kind == "subsection" and bool(zone))


def import_draft(
    draft: Path, out: Path | None, source_dir: Path
) -> tuple[Path, bool, list[Finding]]:
    """Write the paper made from ``draft`` (default: source/<symbol>.xml) if it validates,
    and the images of its figures beside it."""
    root, findings, images = convert(draft)
    symbol = root.get("symbol", "")
    target = out or source_dir / (re.sub(r"[()/]+", "-", symbol).strip("-") + ".xml")
    data = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="utf-8") + b"\n"
    )
    tree = etree.ElementTree(etree.fromstring(data))
    errors = check_tree(tree, str(target))
    if errors:
        first = errors[0]
        raise InputError(
            f"the paper made from this draft does not validate ({first.message}); nothing written",
            draft,
        )
    files = {target.parent / name: image for name, image in images.items()}
    for path, content in {**files, target: data}.items():
        if path.exists() and path.read_bytes() != content:
            raise InputError(f"{path} exists; remove it or give another -o", draft)
    for path, content in files.items():
        atomic.write_bytes(path, content)
    return target, atomic.write_bytes(target, data), findings
