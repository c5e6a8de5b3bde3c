"""Applying a catalogue to a paper: the translated paper and how complete it is.

A msgstr is used only if its markup parses and carries exactly the
placeholders of its msgid; anything else falls back to the source text and
is reported, so a broken entry can make an edition a draft but never a
broken or injected page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from hexaglot.catalogs import markup
from hexaglot.catalogs.catalog import Catalog, Message
from hexaglot.catalogs.stats import words
from hexaglot.paper.inline import Text, placeholders
from hexaglot.paper.model import Block, Meeting, Paper, map_blocks


@dataclass(frozen=True)
class Result:
    paper: Paper
    percent: int  # source words whose translation was used, rounded down
    problems: tuple[str, ...]  # "paragraph 4: <reason>", for entries not used
    untranslated: frozenset[str]  # ids of the blocks left in the source language


def same_placeholders(source: Text, text: Text) -> bool:
    """Whether ``text`` has the placeholders of ``source``, each as often, in any order."""
    return Counter(placeholders(source)) == Counter(placeholders(text))


def _texts(
    blocks: list[Block], entries: dict[str, Message]
) -> tuple[dict[str, Text], list[str], int]:
    """The usable translation of each block, the problems of the others, and the
    percentage of source words translated (rounded down, 100 only when all are)."""
    texts: dict[str, Text] = {}
    problems: list[str] = []
    total = done = 0
    for block in blocks:
        source = markup.dump(block.text)
        size = words(source)
        total += size
        msg = entries.get(block.id)
        if msg is None or msg.id != source or not msg.string or msg.fuzzy:
            continue
        try:
            text = markup.load(msg.string)
        except markup.MarkupError as exc:
            problems.append(f"{block.where}: {exc}")
            continue
        if not same_placeholders(block.text, text):
            problems.append(f"{block.where}: placeholders differ from the source")
            continue
        bad = markup.suspicious(block.text, text)
        if bad:
            problems.append(f"{block.where}: the translation contains {bad!r}")
            continue
        texts[block.id] = text
        done += size
    percent = 100 if done == total else min(99, done * 100 // max(total, 1))
    return texts, problems, percent


def _entries(catalog: Catalog) -> dict[str, Message]:
    return {m.context: m for m in catalog if m.context is not None}


def translate(paper: Paper, catalog: Catalog, lang: str, meeting: Catalog | None = None) -> Result:
    """``paper`` in ``lang``: each block whose entry is usable, translated.

    A paper whose masthead comes from a meeting file takes those blocks from
    ``meeting``, the meeting's catalogue in ``lang`` (None: left untranslated).
    """
    blocks = paper.blocks(with_meeting=True)
    entries = _entries(catalog)
    if meeting is not None and paper.masthead.meeting:
        shared = {b.id for b in blocks} - {b.id for b in paper.blocks()}
        entries.update((c, m) for c, m in _entries(meeting).items() if c in shared)
    texts, problems, percent = _texts(blocks, entries)
    untranslated = frozenset(b.id for b in blocks) - texts.keys()
    return Result(paper.translated(lang, texts), percent, tuple(problems), untranslated)


def translate_meeting(meeting: Meeting, catalog: Catalog | None) -> Meeting:
    """``meeting`` with each block whose entry in ``catalog`` is usable, translated."""
    if catalog is None:
        return meeting
    texts, _, _ = _texts(meeting.blocks(), _entries(catalog))
    return map_blocks(meeting, lambda b: replace(b, text=texts[b.id]) if b.id in texts else b)
