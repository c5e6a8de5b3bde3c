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

from babel.messages.catalog import Catalog, Message

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


def _translated(msg: Message) -> bool:
    return bool(msg.string) if isinstance(msg.string, str) else any(msg.string)


def merge(template: Catalog, old: Catalog) -> Catalog:
    """A new catalogue: ``template``'s messages carrying ``old``'s translations."""
    new = Catalog(locale=old.locale, domain=old.domain, fuzzy=False)
    new.mime_headers = old.mime_headers
    new.header_comment = old.header_comment
    new.creation_date = template.creation_date

    by_context: dict[str | None, Message] = {}
    for msg in [*old.obsolete.values(), *(m for m in old if m.id)]:
        by_context[msg.context] = msg  # active entries win over obsolete ones
    wanted = {m.context for m in template if m.id}
    used: set[int] = set()  # old entries whose translation was carried over

    # Messages go into ``new`` in the template's order, whichever way they matched.
    merged: dict[int, Message] = {}
    leftovers: list[tuple[int, Message]] = []
    for position, msg in enumerate(template):
        if not msg.id:
            continue
        prev = by_context.get(msg.context)
        if prev is not None and (prev.id == msg.id or _translated(prev)):
            merged[position] = _carry(msg, prev, exact=prev.id == msg.id)
            used.add(id(prev))
        else:
            leftovers.append((position, msg))

    if leftovers:
        pool = [
            m
            for m in [*old, *old.obsolete.values()]
            if m.id and _translated(m) and m.context not in wanted
        ]
        by_text = {m.id: m for m in pool}
        index = _Index(pool)
        for position, msg in leftovers:
            prev = by_text.get(msg.id) or index.best(msg.id)
            if prev is None:
                merged[position] = _fresh(msg)
            else:
                merged[position] = _carry(msg, prev, exact=False)
                used.add(id(prev))
    for position in sorted(merged):
        new[merged[position].id] = merged[position]

    for msg in [*old, *old.obsolete.values()]:
        if not msg.id or id(msg) in used:
            continue
        if msg.context not in wanted or _translated(msg):
            new.obsolete[(msg.id, msg.context)] = msg.clone()
    return new


def _fresh(msg: Message) -> Message:
    return Message(
        msg.id,
        "",
        locations=msg.locations,
        auto_comments=msg.auto_comments,
        flags=[f for f in msg.flags if f != "fuzzy"],
        context=msg.context,
    )


def _carry(msg: Message, prev: Message, exact: bool) -> Message:
    """The template message with ``prev``'s translation, fuzzy unless it matched exactly."""
    flags = set(msg.flags) - {"fuzzy"}
    previous_id = prev.previous_id
    if not exact:
        flags.add("fuzzy")
        # A translation still fuzzy was made for its previous msgid: keep that one.
        if not (prev.fuzzy and prev.previous_id):
            previous_id = [prev.id] if prev.id else []
    elif prev.fuzzy:
        flags.add("fuzzy")
    return Message(
        msg.id,
        prev.string,
        locations=msg.locations,
        auto_comments=msg.auto_comments,
        user_comments=prev.user_comments,
        flags=sorted(flags),
        previous_id=previous_id,
        context=msg.context,
    )
