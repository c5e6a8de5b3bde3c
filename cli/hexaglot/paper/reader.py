"""Reading a paper: XML file → validated tree → :class:`~hexaglot.paper.model.Paper`.

White space is read the way a browser reads HTML: each run of spaces, tabs
and line breaks is one space, whichever inline elements it runs across, and
a block neither starts nor ends with one. So any editor may wrap a paper
without changing a message that translators see or a line an edition prints.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from hexaglot.base import numerals
from hexaglot.base.errors import InputError
from hexaglot.base.findings import Finding
from hexaglot.base.safexml import parse_file
from hexaglot.paper.inline import STYLES, Node, NoteCall, Ref, Styled, Symbol, Text, leaves, plain
from hexaglot.paper.model import (
    AgendaItem,
    Annex,
    Block,
    Cell,
    Content,
    Decision,
    Figure,
    Image,
    Item,
    Masthead,
    Meeting,
    Note,
    Paper,
    Para,
    Quote,
    Row,
    Section,
    Subsection,
    Table,
)
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
    try:
        return _Reader(path).paper(tree.getroot()), []
    except InputError as exc:  # what lies outside the file: its meeting, its images
        return None, [Finding(exc.path or str(path), exc.line, "references", exc.message)]


def meeting_path(paper: Path, ref: str) -> Path:
    """Where the meeting ``ref`` of the paper at ``paper`` is kept: source/meetings/<ref>.xml."""
    return paper.parent / "meetings" / f"{ref}.xml"


def read_meeting(path: Path) -> tuple[Meeting | None, list[Finding]]:
    """The meeting file at ``path``, or None and every finding that keeps it from being read."""
    try:
        tree = parse_file(path)
    except InputError as exc:
        return None, [Finding(str(path), exc.line, "xml", exc.message)]
    findings = check_tree(tree, str(path), root="meeting")
    if findings:
        return None, findings
    root = tree.getroot()
    reader = _Reader(path)
    shared = reader.meeting(root, root.find("organ"), root.find("agenda"))
    return Meeting(path=path, lang=_token(root.get(XML_LANG)), **shared), []


def load_meeting(path: Path) -> Meeting:
    """Read and validate a meeting file; PaperInvalid if it breaks any rule."""
    meeting, findings = read_meeting(path)
    if meeting is None:
        raise PaperInvalid(findings)
    return meeting


def load(path: Path) -> Paper:
    """Read, validate and convert a paper; PaperInvalid if it breaks any rule."""
    paper, findings = read(path)
    if paper is None:
        raise PaperInvalid(findings)
    return paper


#: Largest image a paper may carry (bytes): a print-quality map or chart is far smaller.
MAX_IMAGE_BYTES = 16 * 1024 * 1024
_IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def _token(value: str | None) -> str:
    """An attribute or simple value as its XML Schema type reads it: white space collapsed."""
    return " ".join((value or "").split())


def _date(value: str | None) -> dt.date:
    return dt.date.fromisoformat(_token(value))


class _Reader:
    """Turns a valid paper tree into data; numbers notes, tables and figures as it goes."""

    def __init__(self, path: Path):
        self.path = path
        self.notes: list[Note] = []
        self.table_notes: list[Note] | None = None  # inside a table: its lettered notes
        self.tables = 0
        self.figures = 0

    # Inline text ------------------------------------------------------------
    def inline(self, el: etree._Element) -> list[Node]:
        nodes: list[Node] = [el.text] if el.text else []
        for child in el:
            if child.tag == "list" or not isinstance(child.tag, str):
                pass
            elif child.tag in STYLES:
                nodes.append(STYLES[child.tag](tuple(self.inline(child))))
            elif child.tag == "symbol":
                nodes.append(Symbol(_token(child.text)))
            elif child.tag == "ref":
                nodes.append(Ref(_token(child.get("to"))))
            elif child.tag == "note":
                nodes.append(NoteCall(self.note(child).block.id))
            if child.tail and child.tag != "list":
                nodes.append(child.tail)
        return nodes

    def note(self, el: etree._Element) -> Note:
        """A footnote, numbered in order of call; in a table, a table note lettered a, b …"""
        if self.table_notes is not None:
            marker = numerals.latin(len(self.table_notes) + 1).lower()
            note = Note(self.block(el, _token(el.get("id")), f"table note {marker}"), marker)
            self.table_notes.append(note)
        else:
            marker = str(len(self.notes) + 1)
            note = Note(self.block(el, _token(el.get("id")), f"footnote {marker}"), marker)
            self.notes.append(note)
        return note

    def block(self, el: etree._Element, block_id: str, where: str) -> Block:
        return Block(block_id, where, fold(tuple(self.inline(el))))

    # Paragraphs and lists ---------------------------------------------------
    def items(self, parent: etree._Element, where: str, level: int = 1) -> tuple[Item, ...]:
        lst = parent.find("list")
        if lst is None:
            return ()
        bullets = _token(lst.get("style")) == "bullets"
        sequence = ("lower-latin", "lower-roman", "lower-latin")[min(level, 3) - 1]
        out = []
        for i, item in enumerate(lst.findall("item"), 1):
            if bullets:
                label, number = f"{where}, bullet {i}", None
            else:
                mark = numerals.label(sequence, i)
                label, number = f"{where} {f'({mark})' if level < 3 else f'{mark}.'}", i
            block = self.block(item, _token(item.get("id")), label)
            out.append(Item(block, number, self.items(item, label, level + 1)))
        return tuple(out)

    def para(self, el: etree._Element, scope: str, position: int) -> Para:
        """A numbered <para>, or an unnumbered <p> (the ``position``-th of its ``scope``)."""
        if el.tag == "para":
            n = int(_token(el.get("n")))
            where = f"{scope}paragraph {n}"
        else:
            n = None
            where = f"{scope}unnumbered paragraph {position}"
        block = self.block(el, _token(el.get("id")), where)
        return Para(block, n, self.items(el, where))

    # Tables, figures, quoted texts --------------------------------------------
    def table(self, el: etree._Element) -> Table:
        table_id = _token(el.get("id"))
        number = None
        if _token(el.get("numbered")) != "no":
            self.tables += 1
            number = self.tables
        name = f"table {number}" if number else f"table {table_id}"
        title_el = el.find("title")
        title = (
            None
            if title_el is None
            else self.block(title_el, f"{table_id}__title", f"{name}, title")
        )
        self.table_notes = []
        rows = []
        for r, row in enumerate(el.findall("row"), 1):
            header_row = _token(row.get("header")) == "yes"
            cells = []
            for c, cell in enumerate(row.findall("cell"), 1):
                cell_id = _token(cell.get("id")) or f"{table_id}__r{r}c{c}"
                block = self.block(cell, cell_id, f"{name}, row {r}, column {c}")
                header = "col" if header_row else "row" if _token(cell.get("header")) else None
                span = (int(_token(cell.get("rows")) or 1), int(_token(cell.get("cols")) or 1))
                if _FIGURES.fullmatch(plain(block.text)) and all(
                    isinstance(n, str) for n in block.text
                ):
                    cells.append(Cell(None, plain(block.text), header, *span))
                else:
                    cells.append(Cell(block, "", header, *span))
            rows.append(Row(header_row, tuple(cells)))
        notes, self.table_notes = tuple(self.table_notes), None
        source_el = el.find("source")
        source = (
            None
            if source_el is None
            else self.block(source_el, f"{table_id}__source", f"{name}, source")
        )
        return Table(table_id, number, title, tuple(rows), source, notes)

    def figure(self, el: etree._Element) -> Figure:
        self.figures += 1
        figure_id = _token(el.get("id"))
        name = f"figure {self.figures}"
        image = el.find("image")
        width = _token(image.get("width"))
        return Figure(
            figure_id,
            self.figures,
            self.image(_token(image.get("src")), image.sourceline, int(width) if width else None),
            self.block(el.find("caption"), f"{figure_id}__caption", f"{name}, caption"),
            self.block(el.find("alt"), f"{figure_id}__alt", f"{name}, text for the image"),
        )

    def image(self, name: str, line: int | None, width: int | None) -> Image:
        """The image ``name``, read only from the paper's own folder or below it."""
        folder = self.path.parent.resolve()
        target = (folder / name).resolve()
        if not target.is_relative_to(folder):
            raise InputError(f"image {name!r} lies outside the paper's folder", self.path, line)
        try:
            size = target.stat().st_size
            data = target.read_bytes() if size <= MAX_IMAGE_BYTES else b""
        except FileNotFoundError:
            reason = "is not in the paper's folder"
        except OSError as exc:
            reason = f"cannot be read ({exc.strerror})"
        else:
            media_type = next((t for m, t in _IMAGE_TYPES.items() if data.startswith(m)), None)
            if size > MAX_IMAGE_BYTES:
                reason = f"is larger than {MAX_IMAGE_BYTES // 2**20} MiB"
            elif media_type is None:
                reason = "is not a PNG or JPEG file"
            else:
                return Image(name, media_type, data, width)
        raise InputError(f"image {name!r} {reason}", self.path, line)

    def decision(self, el: etree._Element) -> Decision:
        dec_id = _token(el.get("id"))
        name = f"quoted decision {dec_id}"
        heading_el, intro_el = el.find("heading"), el.find("intro")
        preamble = tuple(
            self.block(p, _token(p.get("id")) or f"{dec_id}__pre_{i}", f"{name}, preamble {i}")
            for i, p in enumerate(el.findall("preamble"), 1)
        )
        operative = []
        for i, op in enumerate(el.findall("operative"), 1):
            where = f"{name}, operative paragraph {i}"
            block = self.block(op, _token(op.get("id")) or f"{dec_id}__op_{i}", where)
            operative.append(Para(block, i, self.items(op, where)))
        heading = intro = None
        if heading_el is not None:
            heading = self.block(heading_el, f"{dec_id}__heading", f"{name}, heading")
        if intro_el is not None:
            intro = self.block(intro_el, f"{dec_id}__intro", f"{name}, intro")
        return Decision(dec_id, heading, intro, preamble, tuple(operative))

    def content(self, parent: etree._Element, scope: str) -> tuple[Content, ...]:
        """The paragraphs, tables, figures and quoted texts of ``parent``, in order."""
        out: list[Content] = []
        unnumbered = 0
        for el in parent:
            if el.tag in ("para", "p"):
                unnumbered += el.tag == "p"
                out.append(self.para(el, scope, unnumbered))
            elif el.tag == "table":
                out.append(self.table(el))
            elif el.tag == "figure":
                out.append(self.figure(el))
            elif el.tag == "decision":
                out.append(self.decision(el))
            elif el.tag == "quote":
                quote_id = _token(el.get("id"))
                paras = [
                    self.para(p, f"quoted text {quote_id}, ", i)
                    for i, p in enumerate(el.findall("p"), 1)
                ]
                out.append(Quote(quote_id, tuple(paras)))
        return tuple(out)

    # Masthead, sections, annexes ------------------------------------------------
    def meeting(self, root: etree._Element, organ: etree._Element, agenda_el: etree._Element):
        """The parts of a masthead that a meeting's papers share (``root`` holds the lines)."""
        dates = root.find("dates")
        single = agenda_el.tag == "agenda-item"
        items = []
        for item in [agenda_el] if single else agenda_el.findall("item"):
            found = _AGENDA_NUMBER.fullmatch(_token(item.get("number")))
            number, sub = int(found.group(1)), found.group(2)
            block_id = "agenda-title" if single else f"agenda-title-{number}{sub or ''}"
            where = "agenda item title" if single else f"title of agenda item {number}"
            items.append(AgendaItem(number, sub, self.block(item.find("title"), block_id, where)))
        note_el = agenda_el.find("note")
        return {
            "organ_code": _token(organ.get("code")),
            "organ": self.block(organ, "organ", "masthead: issuing body"),
            "name": self.block(root.find("name"), "meeting-name", "masthead: meeting"),
            "session": self.block(root.find("session"), "meeting-session", "masthead: session"),
            "place": self.block(root.find("place"), "meeting-place", "masthead: place"),
            "first_day": _date(dates.get("first")),
            "last_day": _date(dates.get("last")),
            "provisional": _token(agenda_el.get("provisional")) == "yes",
            "agenda": tuple(items),
            "agenda_note": Note(self.block(note_el, _token(note_el.get("id")), "footnote *"), "*"),
        }

    def masthead(self, m: etree._Element) -> Masthead:
        meeting_el = m.find("meeting")
        ref = _token(meeting_el.get("ref"))
        if ref:
            meeting = self.referred_meeting(ref, _token(meeting_el.get("items")), meeting_el)
            shared = {k: v for k, v in vars(meeting).items() if k not in ("path", "lang")}
        else:
            agenda_el = m.find("agenda-item")
            agenda_el = agenda_el if agenda_el is not None else m.find("agenda")
            shared = self.meeting(meeting_el, m.find("organ"), agenda_el)
        return Masthead(
            organ_code=shared["organ_code"],
            organ=shared["organ"],
            distribution=_token(m.findtext("distribution")),
            issued=_date(m.findtext("issued")),
            original=_token(m.findtext("original")),
            meeting_name=shared["name"],
            meeting_session=shared["session"],
            meeting_place=shared["place"],
            first_day=shared["first_day"],
            last_day=shared["last_day"],
            provisional=shared["provisional"],
            agenda=shared["agenda"],
            agenda_note=shared["agenda_note"],
            job_numbers=tuple(
                (_token(job.get("lang")) or None, _token(job.text))
                for job in m.findall("job-number")
            ),
            meeting=ref or None,
        )

    def referred_meeting(self, ref: str, items: str, el: etree._Element) -> Meeting:
        """The meeting file ``ref`` names, with only the paper's ``items`` on its agenda."""
        path = meeting_path(self.path, ref)
        meeting, findings = read_meeting(path)
        if meeting is None:
            first = findings[0]
            raise InputError(
                f"meeting {ref!r}: {first.path}{f':{first.line}' if first.line else ''}: "
                f"{first.message}",
                self.path,
                el.sourceline,
            )
        on_agenda = {(item.number, item.sub): item for item in meeting.agenda}
        chosen = []
        for number, sub in _ITEMS.findall(items):
            item = on_agenda.get((int(number), sub or None))
            if item is None:
                raise InputError(
                    f"agenda item {number}{f' ({sub})' if sub else ''} is not on the agenda "
                    f"of meeting {ref!r} ({path})",
                    self.path,
                    el.sourceline,
                )
            chosen.append(item)
        return replace(meeting, agenda=tuple(chosen))

    def section(self, sec: etree._Element, number: int | None, scope: str = "") -> Section:
        label = f"section {numerals.roman(number)}" if number else "unnumbered section"
        heading = self.block(
            sec.find("heading"), _token(sec.get("id")), f"{scope}heading of {label}"
        )
        content = self.content(sec, scope)
        subs = []
        for i, sub in enumerate(sec.findall("subsection"), 1):
            letter = numerals.latin(i)
            where = f"{numerals.roman(number)}.{letter}" if number else letter
            title = self.block(
                sub.find("heading"), _token(sub.get("id")), f"{scope}heading of subsection {where}"
            )
            subs.append(Subsection(title, i, self.content(sub, scope)))
        return Section(heading, number, content, tuple(subs))

    def sections(self, parent: etree._Element, scope: str = "") -> tuple[Section, ...]:
        out = []
        numbered = 0
        for sec in parent.findall("section"):
            number = None
            if _token(sec.get("numbered")) != "no":
                numbered += 1
                number = numbered
            out.append(self.section(sec, number, scope))
        return tuple(out)

    def annexes(self, root: etree._Element, lang: str) -> tuple[Annex, ...]:
        found = root.findall("annex")
        out = []
        for i, el in enumerate(found, 1):
            number = i if len(found) > 1 else None
            name = f"annex {numerals.roman(number)}" if number else "annex"
            annex_id = _token(el.get("id"))
            out.append(
                Annex(
                    annex_id,
                    number,
                    self.block(el.find("heading"), annex_id, f"{name}, title"),
                    self.content(el, f"{name}, "),
                    self.sections(el, f"{name}, "),
                    _token(el.get("as-received")) == "yes",
                    _token(el.get(XML_LANG)) or lang,
                )
            )
        return tuple(out)

    def paper(self, root: etree._Element) -> Paper:
        lang = _token(root.get(XML_LANG))
        masthead = self.masthead(root.find("masthead"))
        title = self.block(root.find("title"), "paper-title", "title of the paper")
        sub_el = root.find("subtitle")
        subtitle = None if sub_el is None else self.block(sub_el, "paper-subtitle", "subtitle")
        sections = self.sections(root)
        annexes = self.annexes(root, lang)
        return Paper(
            self.path,
            _token(root.get("symbol")),
            lang,
            lang,
            masthead,
            title,
            subtitle,
            sections,
            annexes,
            tuple(self.notes),
        )


#: A table cell of figures only ("12.5", "1 250", "–", "3.4 %"): not a message.
_FIGURES = re.compile(r"[\d\s.,%\u00a0\u202f\u2013\u2014+\-()]*")
_AGENDA_NUMBER = re.compile(r"(\d+)\s?(?:\(([a-z])\))?")
_ITEMS = re.compile(r"(\d+)(?:\(([a-z])\))?")


_SPACE = re.compile(r"[ \t\r\n]+")


def _wide(char: str | None) -> bool:
    """Whether ``char`` is a Chinese (East Asian wide) character or punctuation mark."""
    return char is not None and unicodedata.east_asian_width(char) in ("W", "F")


@dataclass
class _Folding:
    """Where folding stands: after a space?, the last character kept, what follows each string."""

    at_space: bool
    last: str | None
    following: Iterator[str | None]


def fold(text: Text) -> Text:
    """``text`` with white space folded as HTML does, and none at either end.

    A line break between two Chinese characters is no space at all, as CSS
    reads it: Chinese is written without spaces, and an editor's wrapping
    must not add one.
    """
    flat = list(leaves(text))
    following = [
        flat[i + 1][0]
        if i + 1 < len(flat) and isinstance(flat[i + 1], str) and flat[i + 1]
        else None
        for i, leaf in enumerate(flat)
        if isinstance(leaf, str)
    ]
    return _trim_end(_fold(text, _Folding(True, None, iter(following))))


def _fold(text: Text, state: _Folding) -> Text:
    out: list[Node] = []
    for node in text:
        if isinstance(node, str):
            node = _fold_string(node, state)
            if state.at_space and node.startswith(" "):
                node = node[1:]
            if not node:
                continue
            state.at_space = node.endswith(" ")
            state.last = node[-1]
            if out and isinstance(out[-1], str):
                out[-1] += node
                continue
        elif isinstance(node, Styled):
            node = type(node)(_fold(node.content, state))
        else:
            state.at_space = False
            state.last = None
        out.append(node)
    return tuple(out)


def _fold_string(node: str, state: _Folding) -> str:
    after = next(state.following)

    def one(found: re.Match[str]) -> str:
        before = node[found.start() - 1] if found.start() else state.last
        following = node[found.end()] if found.end() < len(node) else after
        if "\n" in found.group(0) and _wide(before) and _wide(following):
            return ""
        return " "

    return _SPACE.sub(one, node)


def _trim_end(text: Text) -> Text:
    """``text`` without the space it may end with, inside styles too."""
    if not text:
        return text
    last = text[-1]
    if isinstance(last, str):
        last = last.rstrip(" ")
    elif isinstance(last, Styled):
        last = type(last)(_trim_end(last.content))
    else:
        return text
    return (*text[:-1], last) if last else text[:-1]
