"""How far each language has got: messages and source words, by state."""

from __future__ import annotations

from dataclasses import dataclass

from babel.messages.catalog import Catalog

from hexaglot.catalogs import markup
from hexaglot.paper.inline import plain


@dataclass(frozen=True)
class Stats:
    paper: str
    lang: str
    translated: int
    fuzzy: int
    untranslated: int
    words_translated: int
    words_fuzzy: int
    words_untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """Share of source words translated (fuzzy does not count)."""
        words = self.words_translated + self.words_fuzzy + self.words_untranslated
        return 100.0 * self.words_translated / words if words else 100.0


def words(msgid: str) -> int:
    try:
        return len(plain(markup.load(msgid)).split())
    except markup.MarkupError:
        return len(msgid.split())


def count(paper: str, lang: str, catalog: Catalog) -> Stats:
    n = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    w = dict.fromkeys(n, 0)
    for msg in catalog:
        if not msg.id:
            continue
        state = "fuzzy" if msg.fuzzy else "translated" if msg.string else "untranslated"
        n[state] += 1
        w[state] += words(msg.id)
    return Stats(
        paper,
        lang,
        n["translated"],
        n["fuzzy"],
        n["untranslated"],
        w["translated"],
        w["fuzzy"],
        w["untranslated"],
    )
