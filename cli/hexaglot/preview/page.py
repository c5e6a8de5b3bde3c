"""The preview's HTML: the page, its rows (one block each) and its summary, built with lxml.

Catalogue text arrives here already as elements from hexaglot.render.html,
which escapes every text; this module only sets them in the page's
structure. The page carries no script or style of its own text: both are
fixed routes of the server, so that its Content-Security-Policy can forbid
any inline script.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree
from lxml.html import tostring

from hexaglot.base.languages import LANGUAGES
from hexaglot.render.conventions import get as convention
from hexaglot.render.elements import element

#: What the page calls each status of a block's message.
STATUSES = ("translated", "fuzzy", "untranslated")


@dataclass(frozen=True)
class Note:
    """A check finding as a row or the summary shows it (no line: rows are found by msgctxt)."""

    severity: str
    rule: str
    message: str
    hint: str | None


def serialise(el: etree._Element) -> str:
    return tostring(el, encoding="unicode", method="html")


def _notes(notes: Sequence[Note], cls: str) -> etree._Element | None:
    if not notes:
        return None
    return element(
        "ul",
        {"class": cls, "lang": "en", "dir": "ltr"},
        *(
            element(
                "li",
                {"class": note.severity},
                element("span", {"class": "rule"}, note.rule),
                " ",
                f"{note.message}. {note.hint}" if note.hint else note.message,
            )
            for note in notes
        ),
    )


def _text(fragment: etree._Element) -> etree._Element:
    """A block's rendered text, without the ids it has in an edition (the page has two
    columns of them; rows carry the block ids)."""
    for el in fragment.iter():
        el.attrib.pop("id", None)
    return fragment


def row(
    block_id: str,
    where: str,
    status: str,
    source: etree._Element,
    target: etree._Element,
    notes: Sequence[Note],
    langs: tuple[str, str],
) -> etree._Element:
    """One block: where it stands, its msgctxt and status, its source, its translation and
    the findings of its message."""
    source_lang, lang = langs
    return element(
        "tr",
        {"id": block_id, "class": f"block {status}"},
        element(
            "th",
            {"scope": "row"},
            element("span", {"class": "where"}, where),
            element("code", {"class": "msgctxt", "title": "msgctxt"}, block_id),
            element("span", {"class": "status"}, status),
        ),
        element(
            "td",
            {"class": "source", "lang": source_lang, "dir": convention(source_lang).dir},
            _text(source),
        ),
        element(
            "td",
            {"class": "target", "lang": lang, "dir": convention(lang).dir},
            _text(target),
            _notes(notes, "findings"),
        ),
    )


def summary(counts: dict[str, int], percent: int, notes: Sequence[Note]) -> etree._Element:
    """The counts of blocks by status, the words translated, the catalogue's own findings
    and the link to the PDF edition."""
    parts = ", ".join(f"{counts.get(status, 0)} {status}" for status in STATUSES)
    return element(
        "div",
        {"id": "hexaglot-summary"},
        element(
            "p",
            None,
            f"Blocks: {parts}; {percent}% of source words translated. ",
            element("a", {"href": "/edition.pdf", "target": "_blank"}, "PDF edition"),
            " (rendered on request)",
        ),
        _notes(notes, "catalogue-findings"),
    )


def document(
    title: str,
    langs: tuple[str, str],
    rows: Iterable[etree._Element],
    summary_el: etree._Element,
    error: str | None,
    version: int,
) -> str:
    """The whole page as it stands now: what a first visit (or a reload) gets."""
    source_lang, lang = langs
    head = element(
        "head",
        None,
        element("meta", {"charset": "utf-8"}),
        element("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
        element("title", None, title),
        element("link", {"rel": "stylesheet", "href": "/preview.css"}),
        element("link", {"rel": "icon", "href": "data:,"}),  # no request for /favicon.ico
        element("script", {"src": "/preview.js", "defer": "defer"}),
    )
    table = element(
        "table",
        {"id": "hexaglot-blocks"},
        element(
            "thead",
            None,
            element(
                "tr",
                None,
                element("th", {"scope": "col"}, "Block"),
                element("th", {"scope": "col"}, f"Source ({source_lang})"),
                element("th", {"scope": "col"}, f"Edition ({lang})"),
            ),
        ),
        element("tbody", None, *(copy.deepcopy(r) for r in rows)),
    )
    body = element(
        "body",
        {"data-version": str(version)},
        element(
            "header",
            None,
            element("h1", None, title),
            copy.deepcopy(summary_el),
            element(
                "p",
                {"id": "hexaglot-error", "role": "alert", "hidden": None if error else ""},
                error,
            ),
        ),
        element("main", None, table),
    )
    html = element("html", {"lang": "en", "dir": "ltr"}, head, body)
    return tostring(html, doctype="<!DOCTYPE html>", encoding="unicode", method="html")


def stylesheet(base: str) -> str:
    """The page's CSS: ``base`` (the preview's own rules), then each language's fonts, as
    the editions set them."""
    fonts = [
        f'[lang="{lang}"] {{ font-family: {convention(lang).font_stack}; }}' for lang in LANGUAGES
    ]
    return "\n".join([base, *fonts])
