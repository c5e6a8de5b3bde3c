"""An edition: a paper in one language, with what rendering needs to know about it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from hexaglot.paper.model import Item, Paper, Para, Table, walk
from hexaglot.render import strings
from hexaglot.render.conventions import Convention
from hexaglot.render.conventions import get as convention

#: The kind of document a symbol's last part names, as the line under the title says it.
_KINDS = {"Add": "Addendum", "Corr": "Corrigendum"}


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

    def gettext(self, msgid: str, **values: object) -> str:
        """A toolkit string in this edition's language."""
        return strings.gettext(self.lang, msgid, **values)

    def distribution(self) -> tuple[str, str, str | None, str]:
        """The lines under the symbol, in the masthead's language: distribution,
        date of issue, this version's language (None for the original), "Original: …"."""
        m, mlang = self.paper.masthead, self.conv.masthead
        original = strings.gettext(
            mlang, "Original: %(language)s", language=strings.language_name(m.original, mlang)
        )
        version = None
        if self.lang != m.original:
            name = strings.language_name(self.lang, mlang)
            version = name[:1].upper() + name[1:]
        distr = strings.gettext(mlang, f"Distr.: {m.distribution.capitalize()}")
        return distr, self.masthead_conv.date(m.issued), version, original

    def agenda_line(self) -> tuple[str, str]:
        """ "Item 3 of the provisional agenda*", "Items 3 and 4 (a) …" in this edition's
        words: the text before the agenda note's call, and after it."""
        m = self.paper.masthead
        numbers = [
            f"{item.number} {self.conv.subparagraph_label(1, ord(item.sub) - ord('a') + 1)}"
            if item.sub
            else str(item.number)
            for item in m.agenda
        ]
        which = "provisional agenda" if m.provisional else "agenda"
        if len(numbers) == 1:
            line = self.gettext(
                f"Item %(number)s of the {which}%(call)s", number=numbers[0], call="\0"
            )
        else:
            joined = self.gettext(
                "%(items)s and %(last)s",
                items=self.conv.list_separator.join(numbers[:-1]),
                last=numbers[-1],
            )
            line = self.gettext(
                f"Items %(numbers)s of the {which}%(call)s", numbers=joined, call="\0"
            )
        before, _, after = line.partition("\0")
        return before, after

    def kind(self) -> str | None:
        """ "Addendum" or "Corrigendum" (translated) when the symbol ends /Add.1 or /Corr.1."""
        found = re.fullmatch(r"(Add|Corr)\.\d+", self.paper.symbol.rsplit("/", 1)[-1])
        return self.gettext(_KINDS[found.group(1)]) if found else None

    def table_notes(self) -> dict[str, str]:
        """The letter that calls each table note, by note id: a, b … or أ، ب …"""
        out: dict[str, str] = {}
        for node, _ in walk(self.paper):
            if isinstance(node, Table):
                out.update(
                    (n.block.id, self.conv.table_note_label(i)) for i, n in enumerate(node.notes, 1)
                )
        return out
