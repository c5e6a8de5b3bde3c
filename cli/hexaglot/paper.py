"""The paper as plain data: what the XML says, once it has been validated.

Every translatable piece is a Block with a stable id; the rest of the
toolkit (messages, translation, rendering) works on these data classes
and never on the XML again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from hexaglot.errors import InputError
from hexaglot.findings import Finding
from hexaglot.inline import Em, Node, NoteCall, Ref, Symbol, Text
from hexaglot.safexml import parse_file
from hexaglot.validation import check_tree


@dataclass(frozen=True)
class Block:
    """One translatable unit: its id (the msgctxt), where it stands, its text."""

    id: str
    where: str
    text: Text


@dataclass(frozen=True)
class Note:
    """A footnote; ``marker`` is "*" for the agenda note, else its number."""

    block: Block
    marker: str


@dataclass(frozen=True)
class Item:
    """A subparagraph (a), or (i) inside one."""

    block: Block
    label: int  # 1-based position, styled per language
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Para:
    block: Block
    number: int
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Subsection:
    heading: Block
    number: int
    paras: tuple[Para, ...]


@dataclass(frozen=True)
class Section:
    heading: Block
    number: int | None  # None for an unnumbered section ("Background")
    paras: tuple[Para, ...]
    subsections: tuple[Subsection, ...]


@dataclass(frozen=True)
class Masthead:
    organ_code: str
    organ: Block
    distribution: str
    issued: dt.date
    original: str
    meeting_name: Block
    meeting_session: Block
    meeting_place: Block
    first_day: dt.date
    last_day: dt.date
    agenda_number: str
    provisional: bool
    agenda_title: Block
    agenda_note: Note
    job_number: str | None


@dataclass(frozen=True)
class Paper:
    """A validated paper. ``lang`` is the language its blocks are in."""

    path: Path
    symbol: str
    lang: str
    masthead: Masthead
    title: Block
    sections: tuple[Section, ...]
    notes: tuple[Note, ...] = field(default=())

    @property
    def stem(self) -> str:
        return self.path.stem

    def blocks(self) -> list[Block]:
        """Every translatable block, in reading order (notes after their block)."""
        m = self.masthead
        out = [
            m.organ,
            m.meeting_name,
            m.meeting_session,
            m.meeting_place,
            m.agenda_title,
            m.agenda_note.block,
            self.title,
        ]
        notes = {n.block.id: n.block for n in self.notes}

        def add(block: Block) -> None:
            out.append(block)
            out.extend(notes[c] for c in _calls(block.text))

        def add_items(items: tuple[Item, ...]) -> None:
            for item in items:
                add(item.block)
                add_items(item.items)

        for section in self.sections:
            add(section.heading)
            for sub_or_para in _section_parts(section):
                if isinstance(sub_or_para, Subsection):
                    add(sub_or_para.heading)
                    for para in sub_or_para.paras:
                        add(para.block)
                        add_items(para.items)
                else:
                    add(sub_or_para.block)
                    add_items(sub_or_para.items)
        return out

    def paras(self) -> list[Para]:
        out = []
        for section in self.sections:
            out.extend(section.paras)
            for sub in section.subsections:
                out.extend(sub.paras)
        return out

    def translated(self, lang: str, texts: dict[str, Text]) -> Paper:
        """The same paper with each block's text replaced where ``texts`` has its id."""

        def tr(block: Block) -> Block:
            return replace(block, text=texts[block.id]) if block.id in texts else block

        def tr_items(items: tuple[Item, ...]) -> tuple[Item, ...]:
            return tuple(replace(i, block=tr(i.block), items=tr_items(i.items)) for i in items)

        def tr_paras(paras: tuple[Para, ...]) -> tuple[Para, ...]:
            return tuple(replace(p, block=tr(p.block), items=tr_items(p.items)) for p in paras)

        m = self.masthead
        masthead = replace(
            m,
            organ=tr(m.organ),
            meeting_name=tr(m.meeting_name),
            meeting_session=tr(m.meeting_session),
            meeting_place=tr(m.meeting_place),
            agenda_title=tr(m.agenda_title),
            agenda_note=replace(m.agenda_note, block=tr(m.agenda_note.block)),
        )
        sections = tuple(
            replace(
                s,
                heading=tr(s.heading),
                paras=tr_paras(s.paras),
                subsections=tuple(
                    replace(u, heading=tr(u.heading), paras=tr_paras(u.paras))
                    for u in s.subsections
                ),
            )
            for s in self.sections
        )
        notes = tuple(replace(n, block=tr(n.block)) for n in self.notes)
        return replace(
            self, lang=lang, masthead=masthead, title=tr(self.title), sections=sections, notes=notes
        )


def _section_parts(section: Section) -> list[Para | Subsection]:
    return [*section.paras, *section.subsections]


def _calls(text: Text) -> list[str]:
    out = []
    for node in text:
        if isinstance(node, NoteCall):
            out.append(node.note)
        elif isinstance(node, Em):
            out.extend(_calls(node.content))
    return out


class PaperInvalid(InputError):
    """A paper that does not pass validation; carries every finding."""

    def __init__(self, findings: list[Finding]):
        first = findings[0]
        extra = len(findings) - 1
        more = f" (and {extra} more: run hexaglot validate)" if extra else ""
        super().__init__(first.message + more, first.path, first.line)
        self.findings = findings


def load(path: Path) -> Paper:
    """Read, validate and convert a paper; PaperInvalid if it breaks any rule."""
    tree = parse_file(path)
    findings = check_tree(tree, str(path))
    if findings:
        raise PaperInvalid(findings)
    return _Reader(path).paper(tree.getroot())


class _Reader:
    """Turns a valid paper tree into data; collects footnotes as it goes."""

    def __init__(self, path: Path):
        self.path = path
        self.notes: list[Note] = []

    def text(self, el: etree._Element) -> Text:
        nodes: list[Node] = []
        if el.text:
            nodes.append(el.text)
        for child in el:
            if child.tag == "list" or not isinstance(child.tag, str):
                pass
            elif child.tag == "em":
                nodes.append(Em(self.text(child)))
            elif child.tag == "symbol":
                nodes.append(Symbol(child.text.strip()))
            elif child.tag == "ref":
                nodes.append(Ref(child.get("to")))
            elif child.tag == "note":
                # Numbered in order of call; the schema forbids notes in notes.
                number = str(len(self.notes) + 1)
                block = Block(child.get("id"), f"footnote {number}", self.text(child))
                self.notes.append(Note(block, number))
                nodes.append(NoteCall(child.get("id")))
            if child.tail and child.tag != "list":
                nodes.append(child.tail)
        return _squeeze(nodes)

    def block(self, el: etree._Element, block_id: str, where: str) -> Block:
        return Block(block_id, where, self.text(el))

    def items(self, para: etree._Element, where: str) -> tuple[Item, ...]:
        lst = para.find("list")
        if lst is None:
            return ()
        out = []
        for i, item in enumerate(lst.findall("item"), 1):
            label = f"{where} ({_letter(i) if '(' not in where else _roman(i)})"
            out.append(Item(self.block(item, item.get("id"), label), i, self.items(item, label)))
        return tuple(out)

    def para(self, el: etree._Element) -> Para:
        n = int(el.get("n"))
        where = f"paragraph {n}"
        return Para(self.block(el, el.get("id"), where), n, self.items(el, where))

    def paper(self, root: etree._Element) -> Paper:
        m = root.find("masthead")
        meeting, agenda = m.find("meeting"), m.find("agenda-item")
        dates = meeting.find("dates")
        note_el = agenda.find("note")
        agenda_note = Note(self.block(note_el, note_el.get("id"), "footnote *"), "*")
        job = m.findtext("job-number")
        masthead = Masthead(
            organ_code=m.find("organ").get("code"),
            organ=self.block(m.find("organ"), "organ", "masthead: issuing body"),
            distribution=m.findtext("distribution"),
            issued=dt.date.fromisoformat(m.findtext("issued")),
            original=m.findtext("original"),
            meeting_name=self.block(meeting.find("name"), "meeting-name", "masthead: meeting"),
            meeting_session=self.block(
                meeting.find("session"), "meeting-session", "masthead: session"
            ),
            meeting_place=self.block(meeting.find("place"), "meeting-place", "masthead: place"),
            first_day=dt.date.fromisoformat(dates.get("first")),
            last_day=dt.date.fromisoformat(dates.get("last")),
            agenda_number=agenda.get("number"),
            provisional=agenda.get("provisional") == "yes",
            agenda_title=self.block(agenda.find("title"), "agenda-title", "agenda item title"),
            agenda_note=agenda_note,
            job_number=job.strip() if job else None,
        )
        title = self.block(root.find("title"), "paper-title", "title of the paper")
        sections = []
        numbered = 0
        for sec in root.findall("section"):
            number = None
            if sec.get("numbered", "yes") == "yes":
                numbered += 1
                number = numbered
            label = f"section {_roman(number).upper()}" if number else "unnumbered section"
            heading = self.block(sec.find("heading"), sec.get("id"), f"heading of {label}")
            paras = tuple(self.para(p) for p in sec.findall("para"))
            subs = []
            for i, sub in enumerate(sec.findall("subsection"), 1):
                where = f"heading of subsection {_letter(i).upper()}"
                if number:
                    where = f"heading of subsection {_roman(number).upper()}.{_letter(i).upper()}"
                subs.append(
                    Subsection(
                        self.block(sub.find("heading"), sub.get("id"), where),
                        i,
                        tuple(self.para(p) for p in sub.findall("para")),
                    )
                )
            sections.append(Section(heading, number, paras, tuple(subs)))
        return Paper(
            self.path,
            root.get("symbol"),
            root.get("{http://www.w3.org/XML/1998/namespace}lang"),
            masthead,
            title,
            tuple(sections),
            tuple(self.notes),
        )


def _squeeze(nodes: list[Node]) -> Text:
    """Join adjacent strings and fold the source's line-wrapping whitespace."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str):
            node = " ".join(node.split()) if "\n" in node else node
            if out and isinstance(out[-1], str):
                out[-1] += node
                continue
        out.append(node)
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip()
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    return tuple(n for n in out if n != "")


def _letter(i: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[(i - 1) % 26]


def _roman(i: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while i >= value:
            out += numeral
            i -= value
    return out
