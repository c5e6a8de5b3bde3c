"""The template (POT) of a paper: one message per block, keyed by its stable id.

The msgctxt is the block's id, so a catalogue entry stays tied to its
paragraph however the text or the file around it changes.
"""

from __future__ import annotations

import datetime as dt
import os

from babel.messages.catalog import Catalog, Message

from hexaglot import __version__
from hexaglot.catalogs import markup
from hexaglot.paper.inline import Strong, Sub, Sup, walk_styles
from hexaglot.paper.model import Block, Paper

PLACEHOLDER_HINT = (
    "Copy the tags <symbol>…</symbol>, <ref …/> and <note …/> unchanged; "
    "you may move them. Translate the text inside <em>…</em>."
)


#: Added where a message has styles besides emphasis.
STYLE_HINT = "Translate the text inside <strong>, <sub> and <sup> too, keeping the tags."


def message(paper: Paper, block: Block) -> Message:
    comments = [block.where]
    if any(not isinstance(node, str) for node in block.text):
        comments.append(PLACEHOLDER_HINT)
    if any(isinstance(node, (Strong, Sub, Sup)) for node in walk_styles(block.text)):
        comments.append(STYLE_HINT)
    return Message(
        markup.dump(block.text),
        context=block.id,
        auto_comments=comments,
        locations=[(f"source/{paper.stem}.xml#{block.id}", None)],
    )


def keys(paper: Paper) -> set[tuple[str, str]]:
    """(msgctxt, msgid) of every message of ``paper``: what its catalogues must hold."""
    return {(block.id, markup.dump(block.text)) for block in paper.blocks()}


def now() -> dt.datetime:
    """The time stamped on new files; SOURCE_DATE_EPOCH makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def build(paper: Paper, creation_date: dt.datetime | None = None) -> Catalog:
    """The template catalogue of ``paper``."""
    catalog = Catalog(
        domain=paper.stem,
        project=paper.symbol,
        version=paper.masthead.issued.isoformat(),
        copyright_holder="United Nations",
        msgid_bugs_address="",
        creation_date=creation_date or now(),
        revision_date=None,
        fuzzy=False,
        header_comment=(
            f"# Messages of {paper.symbol} ({paper.stem}), original language: {paper.lang}.\n"
            f"# Extracted by hexaglot {__version__}; msgctxt is the block's stable id.\n"
        ),
    )
    for block in paper.blocks():
        msg = message(paper, block)
        catalog[msg.id] = msg
    return catalog
