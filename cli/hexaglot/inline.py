"""Inline content of a block: text with emphasis, symbols, references and note calls.

The same small tree serves the source paper, the message markup that
translators see, and the renderers, so nothing is lost between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True)
class Em:
    """Emphasis (italic in print)."""

    content: Text


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


Node: TypeAlias = "str | Em | Symbol | Ref | NoteCall"
Text: TypeAlias = "tuple[Node, ...]"


def plain(text: Text) -> str:
    """The text with all markup dropped (refs and calls vanish)."""
    out = []
    for node in text:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Em):
            out.append(plain(node.content))
        elif isinstance(node, Symbol):
            out.append(node.value)
    return "".join(out)
