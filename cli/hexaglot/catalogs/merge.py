"""Merging a template into a catalogue without ever losing a translation.

Matching goes by stable id first (the msgctxt): a paragraph whose text
changed keeps its translation, marked fuzzy with the previous msgid. What
ids cannot match (a block given a new id) is looked up by similarity in a
word index, so the cost grows with the changed messages, not their square.
Every old entry that the template no longer has is kept as obsolete.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import replace

from hexaglot.catalogs.catalog import Catalog, Message
from hexaglot.catalogs.memory import ORIGIN, Memory

#: Below this similarity an old translation is not offered as a fuzzy match
#: (GNU msgmerge uses 0.6 too).
THRESHOLD = 0.6
#: How many indexed candidates are scored with difflib for one message.
CANDIDATES = 8

_WORD = re.compile(r"\w+")


class _Index:
    """An inverted index of words over the old messages that ids did not match."""

    def __init__(self, messages: list[Message]):
        self.messages = messages
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, msg in enumerate(messages):
            for word in set(_WORD.findall(msg.id.lower())):
                self.postings[word].append(i)

    def best(self, msgid: str) -> Message | None:
        words = set(_WORD.findall(msgid.lower()))
        scores: dict[int, int] = defaultdict(int)
        for word in words:
            posting = self.postings.get(word, ())
            if len(posting) > 50:  # too common to tell messages apart
                continue
            for i in posting:
                scores[i] += 1
        best, best_ratio = None, THRESHOLD
        for i, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]:
            candidate = self.messages[i]
            ratio = difflib.SequenceMatcher(None, msgid, candidate.id, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
        return best


def merge(template: Catalog, old: Catalog, memory: Memory | None = None) -> Catalog:
    """A new catalogue: ``template``'s messages carrying ``old``'s translations.

    A message left untranslated (new, changed, or never translated) takes a
    translation of the same source text from ``memory``, fuzzy and with a
    comment saying where it came from; no translation of ``old``, fuzzy or
    not, is ever replaced by one from memory.

    The header, its comments and the file's style come from ``old``; only
    POT-Creation-Date follows the template. Messages keep the flags of the
    template (none, or fuzzy when a translation was made for another text),
    so a format flag some tool once wrote does not survive an update.
    """
    new = Catalog(width=old.width, tail=old.tail)
    if old.header is not None:
        head = replace(
            old.header, flags=list(old.header.flags), user_comments=list(old.header.user_comments)
        )
        new.entries.append(head)
        created = template.header_field("POT-Creation-Date")
        if created and new.header_field("POT-Creation-Date") != created:
            new.set_header_field("POT-Creation-Date", created)

    by_context: dict[str | None, Message] = {}
    for msg in [*old.obsolete, *old]:
        by_context[msg.context] = msg  # current entries win over obsolete ones
    wanted = {m.context for m in template}
    used: set[int] = set()  # old entries whose translation was carried over

    # Messages go into ``new`` in the template's order, whichever way they matched.
    merged: dict[int, Message] = {}
    leftovers: list[tuple[int, Message]] = []
    for position, msg in enumerate(template):
        prev = by_context.get(msg.context)
        if prev is not None and (prev.id == msg.id or prev.string):
            merged[position] = _carry(msg, prev, exact=prev.id == msg.id)
            used.add(id(prev))
        else:
            leftovers.append((position, msg))

    if leftovers:
        pool = [m for m in [*old, *old.obsolete] if m.string and m.context not in wanted]
        by_text = {m.id: m for m in pool}
        index = _Index(pool)
        for position, msg in leftovers:
            prev = by_text.get(msg.id) or index.best(msg.id)
            if prev is None:
                merged[position] = _fresh(msg)
            else:
                merged[position] = _carry(msg, prev, exact=False)
                used.add(id(prev))
    if memory is not None:  # what is still untranslated, and only that
        for position, msg in merged.items():
            recalled = None if msg.string else memory.recall(msg.id)
            if recalled is not None:
                merged[position] = _recalled(msg, *recalled)
    new.entries.extend(merged[position] for position in sorted(merged))

    for msg in [*old, *old.obsolete]:
        if id(msg) in used:
            continue
        if msg.context not in wanted or msg.string:
            new.entries.append(replace(msg, obsolete=True))
    return new


def _fresh(msg: Message) -> Message:
    return Message(
        msg.id,
        "",
        context=msg.context,
        auto_comments=list(msg.auto_comments),
        locations=list(msg.locations),
    )


def _recalled(msg: Message, string: str, origin: str) -> Message:
    """``msg`` pre-filled from translation memory, for a reviewer to confirm."""
    return Message(
        msg.id,
        string,
        context=msg.context,
        flags=["fuzzy"],
        auto_comments=list(msg.auto_comments),
        user_comments=[f"{ORIGIN} {origin}"],
        locations=list(msg.locations),
    )


def _carry(msg: Message, prev: Message, exact: bool) -> Message:
    """The template message with ``prev``'s translation, fuzzy unless it matched exactly.

    ``prev``'s text as read goes along, so that what did not change is
    written back as its translator's tool wrote it.
    """
    fuzzy = prev.fuzzy or not exact
    previous_context, previous_id = prev.previous_context, prev.previous_id
    # A translation still fuzzy was made for its previous msgid: keep that one.
    if not exact and not (prev.fuzzy and prev.previous_id is not None):
        previous_context = prev.context if prev.context != msg.context else None
        previous_id = prev.id
    return Message(
        msg.id,
        prev.string,
        context=msg.context,
        flags=["fuzzy"] if fuzzy else [],
        auto_comments=list(msg.auto_comments),
        user_comments=list(prev.user_comments),
        locations=list(msg.locations),
        previous_context=previous_context,
        previous_id=previous_id,
        source=prev.source,
    )
