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
from typing import Any, TypeVar

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


#: Fields that :func:`walk` passes over: footnotes are visited after the
#: block that calls them, not where the paper keeps them.
_AT_CALL = {"walk": False}


@dataclass(frozen=True)
class Paper:
    """A validated paper. ``lang`` is the language its blocks are in."""

    path: Path
    symbol: str
    lang: str
    masthead: Masthead
    title: Block
    sections: tuple[Section, ...]
    notes: tuple[Note, ...] = field(default=(), metadata=_AT_CALL)

    @property
    def stem(self) -> str:
        return self.path.stem

    def blocks(self) -> list[Block]:
        """Every translatable block, in reading order (notes after their block)."""
        notes = {n.block.id: n.block for n in self.notes}
        out = []
        for node, _ in walk(self):
            if isinstance(node, Block):
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
