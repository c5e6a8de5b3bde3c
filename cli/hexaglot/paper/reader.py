"""Reading a paper: XML file → validated tree → :class:`~hexaglot.paper.model.Paper`.

White space is read the way a browser reads HTML: each run of spaces, tabs
and line breaks is one space, whichever inline elements it runs across, and
a block neither starts nor ends with one. So any editor may wrap a paper
without changing a message that translators see or a line an edition prints.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from lxml import etree

from hexaglot.base import numerals
from hexaglot.base.errors import InputError
from hexaglot.base.findings import Finding
from hexaglot.base.safexml import parse_file
from hexaglot.paper.inline import Em, Node, NoteCall, Ref, Symbol, Text
from hexaglot.paper.model import Block, Item, Masthead, Note, Paper, Para, Section, Subsection
from hexaglot.paper.schema import check_tree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class PaperInvalid(InputError):
    """A paper that does not pass validation: the first finding, and how many more."""

    def __init__(self, findings: list[Finding]):
        first = findings[0]
        extra = len(findings) - 1
        more = f" (and {extra} more: run hexaglot validate)" if extra else ""
        super().__init__(first.message + more, first.path, first.line)


def read(path: Path) -> tuple[Paper | None, list[Finding]]:
    """The paper at ``path``, or None and every finding that keeps it from being read."""
    try:
        tree = parse_file(path)
    except InputError as exc:
        return None, [Finding(str(path), exc.line, "xml", exc.message)]
    findings = check_tree(tree, str(path))
    if findings:
        return None, findings
    return _Reader(path).paper(tree.getroot()), []


def load(path: Path) -> Paper:
    """Read, validate and convert a paper; PaperInvalid if it breaks any rule."""
    paper, findings = read(path)
    if paper is None:
        raise PaperInvalid(findings)
    return paper


class _Reader:
    """Turns a valid paper tree into data; collects footnotes as it goes."""

    def __init__(self, path: Path):
        self.path = path
        self.notes: list[Note] = []

    def inline(self, el: etree._Element) -> list[Node]:
        nodes: list[Node] = [el.text] if el.text else []
        for child in el:
            if child.tag == "list" or not isinstance(child.tag, str):
                pass
            elif child.tag == "em":
                nodes.append(Em(tuple(self.inline(child))))
            elif child.tag == "symbol":
                nodes.append(Symbol(child.text.strip()))
            elif child.tag == "ref":
                nodes.append(Ref(child.get("to")))
            elif child.tag == "note":
                # Numbered in order of call; the schema forbids notes in notes.
                number = str(len(self.notes) + 1)
                block = self.block(child, child.get("id"), f"footnote {number}")
                self.notes.append(Note(block, number))
                nodes.append(NoteCall(child.get("id")))
            if child.tail and child.tag != "list":
                nodes.append(child.tail)
        return nodes

    def block(self, el: etree._Element, block_id: str, where: str) -> Block:
        return Block(block_id, where, fold(tuple(self.inline(el))))

    def items(self, para: etree._Element, where: str) -> tuple[Item, ...]:
        lst = para.find("list")
        if lst is None:
            return ()
        out = []
        sequence = "lower-roman" if "(" in where else "lower-latin"
        for i, item in enumerate(lst.findall("item"), 1):
            label = f"{where} ({numerals.label(sequence, i)})"
            out.append(Item(self.block(item, item.get("id"), label), i, self.items(item, label)))
        return tuple(out)

    def para(self, el: etree._Element) -> Para:
        n = int(el.get("n"))
        where = f"paragraph {n}"
        return Para(self.block(el, el.get("id"), where), n, self.items(el, where))

    def masthead(self, m: etree._Element) -> Masthead:
        meeting, agenda = m.find("meeting"), m.find("agenda-item")
        dates = meeting.find("dates")
        note_el = agenda.find("note")
        job = m.findtext("job-number")
        return Masthead(
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
            agenda_note=Note(self.block(note_el, note_el.get("id"), "footnote *"), "*"),
            job_number=job.strip() if job else None,
        )

    def section(self, sec: etree._Element, number: int | None) -> Section:
        label = f"section {numerals.roman(number)}" if number else "unnumbered section"
        heading = self.block(sec.find("heading"), sec.get("id"), f"heading of {label}")
        paras = tuple(self.para(p) for p in sec.findall("para"))
        subs = []
        for i, sub in enumerate(sec.findall("subsection"), 1):
            letter = numerals.latin(i)
            where = f"{numerals.roman(number)}.{letter}" if number else letter
            heading_of = self.block(
                sub.find("heading"), sub.get("id"), f"heading of subsection {where}"
            )
            subs.append(Subsection(heading_of, i, tuple(self.para(p) for p in sub.findall("para"))))
        return Section(heading, number, paras, tuple(subs))

    def paper(self, root: etree._Element) -> Paper:
        masthead = self.masthead(root.find("masthead"))
        title = self.block(root.find("title"), "paper-title", "title of the paper")
        sections = []
        numbered = 0
        for sec in root.findall("section"):
            number = None
            if sec.get("numbered", "yes") == "yes":
                numbered += 1
                number = numbered
            sections.append(self.section(sec, number))
        return Paper(
            self.path,
            root.get("symbol"),
            root.get(XML_LANG),
            masthead,
            title,
            tuple(sections),
            tuple(self.notes),
        )


_SPACE = re.compile(r"[ \t\r\n]+")


def fold(text: Text) -> Text:
    """``text`` with white space folded as HTML does, and none at either end."""
    at_space = [True]  # a space here would follow a space (or the block's start)
    return _trim_end(_fold(text, at_space))


def _fold(text: Text, at_space: list[bool]) -> Text:
    out: list[Node] = []
    for node in text:
        if isinstance(node, str):
            node = _SPACE.sub(" ", node)
            if at_space[0] and node.startswith(" "):
                node = node[1:]
            if not node:
                continue
            at_space[0] = node.endswith(" ")
            if out and isinstance(out[-1], str):
                out[-1] += node
                continue
        elif isinstance(node, Em):
            node = Em(_fold(node.content, at_space))
        else:
            at_space[0] = False
        out.append(node)
    return tuple(out)


def _trim_end(text: Text) -> Text:
    """``text`` without the space it may end with, inside emphasis too."""
    if not text:
        return text
    last = text[-1]
    if isinstance(last, str):
        last = last.rstrip(" ")
    elif isinstance(last, Em):
        last = Em(_trim_end(last.content))
    else:
        return text
    return (*text[:-1], last) if last else text[:-1]
