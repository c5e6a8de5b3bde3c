"""How far each language has got: the paper's blocks and source words, by state.

Counts go by the paper, not by the catalogue: each block is translated
(its entry has the block's current text and a translation, not fuzzy),
fuzzy (its entry is fuzzy, or was made for an older text), or
untranslated (no translation, or no entry at all). An entry that names
no block of the paper counts for nothing, so a catalogue that lost its
msgctxt, or belongs to another paper, is 0% translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from hexaglot.catalogs import markup
from hexaglot.catalogs.catalog import Catalog
from hexaglot.paper.inline import plain
from hexaglot.paper.model import Paper


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


def count(paper: Paper, lang: str, catalog: Catalog) -> Stats:
    """The state of each block of ``paper`` in ``catalog``."""
    entries = {m.context: m for m in catalog if m.context is not None}
    n = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    w = dict.fromkeys(n, 0)
    for block in paper.blocks():
        source = markup.dump(block.text)
        msg = entries.get(block.id)
        if msg is None or not msg.string:
            state = "untranslated"
        elif msg.fuzzy or msg.id != source:
            state = "fuzzy"
        else:
            state = "translated"
        n[state] += 1
        w[state] += words(source)
    return Stats(
        paper.stem,
        lang,
        n["translated"],
        n["fuzzy"],
        n["untranslated"],
        w["translated"],
        w["fuzzy"],
        w["untranslated"],
    )
