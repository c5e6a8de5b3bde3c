"""The template (POT) of a paper: one message per block, keyed by its stable id.

The msgctxt is the block's id, so a catalogue entry stays tied to its
paragraph however the text or the file around it changes. A paper's text
is never a format string: no message carries a format flag, whatever
``%`` or ``{`` its text holds, so that ``msgfmt --check`` never holds a
translation to format rules.
"""

from __future__ import annotations

import datetime as dt
import os

from hexaglot import __version__
from hexaglot.catalogs import markup
from hexaglot.catalogs.catalog import Catalog, Message
from hexaglot.paper.inline import Strong, Sub, Sup, walk_styles
from hexaglot.paper.model import Block, Document, Paper

#: The hint on messages with placeholders, as the lines of its "#." comment.
PLACEHOLDER_HINT = (
    "Copy the tags <symbol>…</symbol>, <ref …/> and <note …/> unchanged; you may",
    "move them. Translate the text inside <em>…</em>.",
)
GENERATOR = f"hexaglot {__version__}"


#: Added where a message has styles besides emphasis.
STYLE_HINT = "Translate the text inside <strong>, <sub> and <sup> too, keeping the tags."


def message(doc: Document, block: Block) -> Message:
    comments = [block.where]
    if any(not isinstance(node, str) for node in block.text):
        comments.extend(PLACEHOLDER_HINT)
    if any(isinstance(node, (Strong, Sub, Sup)) for node in walk_styles(block.text)):
        comments.append(STYLE_HINT)
    return Message(
        markup.dump(block.text),
        context=block.id,
        auto_comments=comments,
        locations=[f"{doc.source_name}#{block.id}"],
    )


def keys(doc: Document) -> set[tuple[str, str]]:
    """(msgctxt, msgid) of every message of ``doc``: what its catalogues must hold."""
    return {(block.id, markup.dump(block.text)) for block in doc.blocks()}


def now() -> str:
    """The time stamped on new files, as gettext writes it; SOURCE_DATE_EPOCH fixes it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(dt.UTC)
    )
    return moment.strftime("%Y-%m-%d %H:%M+0000")


def header(fields: list[tuple[str, str]]) -> str:
    """The msgstr of a header entry holding ``fields``."""
    return "".join(f"{name}: {value}\n" for name, value in fields)


def build(doc: Document, creation_date: str | None = None) -> Catalog:
    """The template catalogue of a paper or meeting, dated ``creation_date`` (default: now)."""
    fields = [
        ("Project-Id-Version", f"{doc.symbol} {doc.version_date.isoformat()}"),
        ("Report-Msgid-Bugs-To", "EMAIL@ADDRESS"),
        ("POT-Creation-Date", creation_date or now()),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Generator", GENERATOR),
    ]
    head = Message(
        "",
        header(fields),
        user_comments=[
            f"Messages of {doc.symbol} ({doc.stem}), original language: {doc.source_lang}.",
            f"Each msgctxt is the stable id of a block of the "
            f"{'paper' if isinstance(doc, Paper) else 'meeting'}.",
        ],
    )
    return Catalog([head, *(message(doc, block) for block in doc.blocks())])
