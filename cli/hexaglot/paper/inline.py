"""Inline content of a block: text with styles, symbols, references and note calls.

The same small tree serves the source paper, the message markup that
translators see, and the renderers, so nothing is lost between them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, TypeAlias


@dataclass(frozen=True)
class Styled:
    """Text in a style; ``tag`` is its element in a paper, a message and HTML alike."""

    content: Text
    tag: ClassVar[str]


class Em(Styled):
    """Emphasis (italic in print)."""

    tag = "em"


class Strong(Styled):
    """Strong importance (bold in print)."""

    tag = "strong"


class Sub(Styled):
    """Subscript: CO₂."""

    tag = "sub"


class Sup(Styled):
    """Superscript: m³."""

    tag = "sup"


#: The styles by tag name.
STYLES: dict[str, type[Styled]] = {cls.tag: cls for cls in (Em, Strong, Sub, Sup)}


@dataclass(frozen=True)
class Symbol:
    """A document symbol: copied verbatim, never broken across lines."""

    value: str


@dataclass(frozen=True)
class Ref:
    """A reference to a paragraph or subparagraph; renders as its number."""

    to: str


@dataclass(frozen=True)
class NoteCall:
    """Where a footnote is called; the note's own text is a separate block."""

    note: str


Node: TypeAlias = "str | Styled | Symbol | Ref | NoteCall"
Text: TypeAlias = "tuple[Node, ...]"
Placeholder: TypeAlias = "Symbol | Ref | NoteCall"


def leaves(text: Text) -> Iterator[str | Placeholder]:
    """Every string and placeholder of ``text`` in order, styles opened up."""
    for node in text:
        if isinstance(node, Styled):
            yield from leaves(node.content)
        else:
            yield node


def walk_styles(text: Text) -> Iterator[Styled]:
    """Every styled run of ``text``, nested ones too."""
    for node in text:
        if isinstance(node, Styled):
            yield node
            yield from walk_styles(node.content)


def placeholders(text: Text) -> list[Placeholder]:
    """The symbols, references and note calls of ``text``, in order."""
    return [node for node in leaves(text) if not isinstance(node, str)]


def calls(text: Text) -> list[str]:
    """The ids of the notes called in ``text``, in order."""
    return [node.note for node in leaves(text) if isinstance(node, NoteCall)]


def plain(text: Text) -> str:
    """The text as read: strings and symbols (references and calls vanish)."""
    return "".join(
        node if isinstance(node, str) else node.value if isinstance(node, Symbol) else ""
        for node in leaves(text)
    )


def prose(text: Text) -> str:
    """The translatable words of ``text``, with each placeholder as a space."""
    return "".join(node if isinstance(node, str) else " " for node in leaves(text))
