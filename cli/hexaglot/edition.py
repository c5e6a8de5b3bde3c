"""An edition: a paper in one language, with what rendering needs to know about it."""

from __future__ import annotations

from dataclasses import dataclass

from hexaglot.conventions import Convention
from hexaglot.conventions import get as convention
from hexaglot.paper import Item, Paper


@dataclass(frozen=True)
class Edition:
    """``paper`` already translated into ``lang``; ``percent`` < 100 makes it a draft."""

    paper: Paper
    lang: str
    languages: tuple[str, ...]  # every language this paper has an edition in
    percent: int = 100

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
        """What a reference to each paragraph or subparagraph prints, by id."""
        out: dict[str, str] = {}

        def walk(items: tuple[Item, ...], prefix: str, level: int) -> None:
            for item in items:
                label = f"{prefix} {self.conv.subparagraph_label(level, item.label)}"
                out[item.block.id] = label
                walk(item.items, label, level + 1)

        for para in self.paper.paras():
            out[para.block.id] = str(para.number)
            walk(para.items, str(para.number), 1)
        return out

    @property
    def series(self) -> str:
        """The letters top right of page 1: the symbol's series ("EP" for UNEP)."""
        head = self.paper.symbol.split("/")[0].split("(")[0]
        return head[2:] if head.startswith("UN") and len(head) > 2 else head
