"""The paper as plain data: what the XML says, once it has been validated.

Every translatable piece is a Block with a stable id; the rest of the
toolkit (messages, translation, rendering) works on these data classes and
never on the XML again. One walker, :func:`walk`, visits the structure in
reading order, and :func:`map_blocks` rebuilds it with blocks replaced, so
that a new kind of part needs no new traversal anywhere else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar, Union

from hexaglot.paper.inline import Text, calls


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
    """A subparagraph: (a), (i) inside one, a. inside that; or a bullet (``label`` None)."""

    block: Block
    label: int | None  # 1-based position, styled per language; None for a bullet
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Para:
    """A paragraph; ``number`` is None for an unnumbered one (annexes, quoted texts)."""

    block: Block
    number: int | None
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Cell:
    """A table cell: text to translate, or figures only (``block`` None), kept as written."""

    block: Block | None
    figures: str
    header: str | None  # "col" (in a header row), "row", or None
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class Row:
    header: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A table; its notes are lettered (a, b …) and printed under it, after the source."""

    id: str
    number: int | None
    title: Block | None
    rows: tuple[Row, ...]
    source: Block | None
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Image:
    """An image file read from the paper's own folder."""

    name: str  # as the paper gives it, relative to the paper's folder
    media_type: str
    data: bytes = field(repr=False)
    width_mm: int | None = None


@dataclass(frozen=True)
class Figure:
    id: str
    number: int
    image: Image
    caption: Block
    alt: Block


@dataclass(frozen=True)
class Decision:
    """A decision or resolution quoted as a block: preamble, then numbered operative paragraphs."""

    id: str
    heading: Block | None
    intro: Block | None
    preamble: tuple[Block, ...]
    operative: tuple[Para, ...]


@dataclass(frozen=True)
class Quote:
    """Other text quoted as a block: unnumbered paragraphs."""

    id: str
    paras: tuple[Para, ...]


#: What a section, subsection or annex holds, in reading order.
Content = Para | Table | Figure | Decision | Quote


@dataclass(frozen=True)
class Subsection:
    heading: Block
    number: int
    content: tuple[Content, ...]


@dataclass(frozen=True)
class Section:
    heading: Block
    number: int | None  # None for an unnumbered section ("Background")
    content: tuple[Content, ...]
    subsections: tuple[Subsection, ...]


@dataclass(frozen=True)
class Annex:
    """An annex; ``number`` is None when it is the paper's only one ("Annex")."""

    id: str
    number: int | None
    heading: Block
    content: tuple[Content, ...]
    sections: tuple[Section, ...]
    as_received: bool  # reproduced as received, in ``lang`` only: nothing to translate
    lang: str


@dataclass(frozen=True)
class AgendaItem:
    number: int
    sub: str | None  # the sub-item's letter: "a" of "4 (a)"
    title: Block


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
    provisional: bool
    agenda: tuple[AgendaItem, ...]
    agenda_note: Note
    job_numbers: tuple[tuple[str | None, str], ...]  # (language or None for all, number)
    meeting: str | None = None  # the meeting file these parts come from, if any

    def job_number(self, lang: str) -> str | None:
        """The job number printed on the ``lang`` edition, if the paper gives one."""
        mine = dict(self.job_numbers)
        return mine.get(lang, mine.get(None))


@dataclass(frozen=True)
class Meeting:
    """A meeting file: what the mastheads of its papers share, written and translated once."""

    path: Path
    lang: str
    organ_code: str
    organ: Block
    name: Block
    session: Block
    place: Block
    first_day: dt.date
    last_day: dt.date
    provisional: bool
    agenda: tuple[AgendaItem, ...]
    agenda_note: Note

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def symbol(self) -> str:
        """How its catalogues name it (a meeting has no symbol of its own)."""
        return f"meeting {self.stem}"

    @property
    def source_lang(self) -> str:
        return self.lang

    @property
    def source_name(self) -> str:
        """Its file as catalogue references name it."""
        return f"source/meetings/{self.stem}.xml"

    @property
    def version_date(self) -> dt.date:
        return self.first_day

    def blocks(self) -> list[Block]:
        """Every translatable block of the meeting, in reading order."""
        return [node for node, _ in walk(self) if isinstance(node, Block)]


#: What catalogues are made for: a paper, or a meeting file.
Document = Union["Paper", Meeting]

#: Fields that :func:`walk` passes over: footnotes are visited after the
#: block that calls them, not where the paper keeps them.
_AT_CALL = {"walk": False}


@dataclass(frozen=True)
class Paper:
    """A validated paper. ``lang`` is the language its blocks are in."""

    path: Path
    symbol: str
    lang: str  # the language of its blocks: after translation, the edition's
    source_lang: str  # the language the paper is written in
    masthead: Masthead
    title: Block
    subtitle: Block | None
    sections: tuple[Section, ...]
    annexes: tuple[Annex, ...] = ()
    notes: tuple[Note, ...] = field(default=(), metadata=_AT_CALL)

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def source_name(self) -> str:
        """Its file as catalogue references name it."""
        return f"source/{self.stem}.xml"

    @property
    def version_date(self) -> dt.date:
        return self.masthead.issued

    def blocks(self, with_meeting: bool = False) -> list[Block]:
        """Every translatable block, in reading order (notes after their block).

        Annexes reproduced as received are not translated, and a masthead taken
        from a meeting file is translated with the meeting: their blocks are not
        here, but for ``with_meeting`` the meeting's are.
        """
        notes = {n.block.id: n.block for n in self.notes}
        out = []
        for node, ancestors in walk(self):
            if isinstance(node, Block) and not any(
                (isinstance(a, Annex) and a.as_received)
                or (isinstance(a, Masthead) and a.meeting and not with_meeting)
                for a in ancestors
            ):
                out.append(node)
                out.extend(notes[c] for c in calls(node.text) if c in notes)
        return out

    def translated(self, lang: str, texts: dict[str, Text]) -> Paper:
        """The same paper in ``lang``, each block's text replaced where ``texts`` has its id."""
        paper = map_blocks(self, lambda b: replace(b, text=texts[b.id]) if b.id in texts else b)
        return replace(paper, lang=lang)


def walk(node: object, ancestors: tuple[object, ...] = ()) -> Iterator[tuple[Any, tuple]]:
    """Every part below ``node`` and every Block, in reading order, with its ancestors.

    Blocks are leaves: their inline text is not entered.
    """
    for f in fields(node):  # type: ignore[arg-type]
        if not f.metadata.get("walk", True):
            continue
        value = getattr(node, f.name)
        for child in value if isinstance(value, tuple) else (value,):
            if isinstance(child, Block):
                yield child, (*ancestors, node)
            elif is_dataclass(child):
                yield child, (*ancestors, node)
                yield from walk(child, (*ancestors, node))


T = TypeVar("T")


def map_blocks(node: T, fn: Callable[[Block], Block]) -> T:
    """``node`` rebuilt with ``fn`` applied to every Block below it, footnotes included."""
    if isinstance(node, Block):
        return fn(node)  # type: ignore[return-value]
    if isinstance(node, tuple):
        return tuple(map_blocks(child, fn) for child in node)  # type: ignore[return-value]
    if not is_dataclass(node) or isinstance(node, type):
        return node
    changes = {f.name: map_blocks(getattr(node, f.name), fn) for f in fields(node)}
    return replace(node, **changes)  # type: ignore[type-var]
