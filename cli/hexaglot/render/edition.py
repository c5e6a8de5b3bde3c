"""An edition: a paper in one language, with what rendering needs to know about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from hexaglot.paper.model import Item, Paper, Para, walk
from hexaglot.render.conventions import Convention
from hexaglot.render.conventions import get as convention


@dataclass(frozen=True)
class Links:
    """What symbols link to: the papers of the project, by symbol, and a resolver for others.

    ``resolver`` is a URL with ``{symbol}`` in it, such as an official document
    system's address; None (the default) leaves other symbols unlinked.
    """

    papers: tuple[tuple[str, str], ...] = ()  # (symbol, stem)
    resolver: str | None = None


@dataclass(frozen=True)
class Edition:
    """``paper`` already translated into ``lang``; ``percent`` < 100 makes it a draft."""

    paper: Paper
    lang: str
    languages: tuple[str, ...]  # every language this paper has an edition in
    percent: int = 100
    untranslated: frozenset[str] = frozenset()  # blocks shown in the source language
    links: Links = field(default_factory=lambda: Links())

    def link(self, symbol: str, ext: str) -> str | None:
        """Where ``symbol`` links to from this edition's ``ext`` file, if anywhere."""
        stem = dict(self.links.papers).get(symbol)
        if stem == self.paper.stem:
            return None
        if stem is not None:
            return f"../{stem}/{self.lang}.{ext}"
        if self.links.resolver:
            return self.links.resolver.replace("{symbol}", quote(symbol, safe="/()"))
        return None

    @property
    def conv(self) -> Convention:
        return convention(self.lang)

    @property
    def masthead_conv(self) -> Convention:
        return convention(self.conv.masthead)

    @property
    def draft(self) -> bool:
        return self.percent < 100

    def numbers(self) -> dict[str, str]:
        """What a reference to each paragraph or subparagraph prints, by id: "14 (a)"."""
        out: dict[str, str] = {}
        for node, ancestors in walk(self.paper):
            if isinstance(node, Para) and node.number is not None:
                out[node.block.id] = str(node.number)
            elif isinstance(node, Item) and node.label is not None:
                parent = out.get(ancestors[-1].block.id)
                if parent is not None:
                    level = sum(isinstance(a, Item) for a in ancestors) + 1
                    label = self.conv.subparagraph_label(level, node.label)
                    out[node.block.id] = f"{parent} {label}"
        return out

    @property
    def series(self) -> str:
        """The letters top right of page 1: the symbol's series ("EP" for UNEP)."""
        head = self.paper.symbol.split("/")[0].split("(")[0]
        return head[2:] if head.startswith("UN") and len(head) > 2 else head
