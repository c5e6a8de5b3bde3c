"""A meeting's page in one language: every paper of the meeting, and its editions.

The page lists each paper by symbol with its title in the page's language
(or, marked so, in its original language while untranslated), its agenda
items, and links to its HTML and PDF editions in every language it has,
with the size of each PDF. Built like an edition: lxml elements, every
text escaped, no script; mirrored in Arabic.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import tostring

from hexaglot.base import resources
from hexaglot.base.languages import UN_ORDER
from hexaglot.paper.inline import Text, plain
from hexaglot.paper.model import Meeting
from hexaglot.render import strings
from hexaglot.render.conventions import get as convention
from hexaglot.render.elements import append, element


@dataclass(frozen=True)
class Listing:
    """One paper as a meeting's page lists it."""

    symbol: str
    stem: str
    title: Text
    title_lang: str  # the page's language, or the paper's while its title is untranslated
    agenda: tuple[tuple[int, str | None], ...]  # (item, sub-item letter)
    editions: tuple[tuple[str, int | None], ...]  # (language, PDF size in bytes if built)


def render(meeting: Meeting, lang: str, listings: list[Listing]) -> str:
    """The HTML of ``meeting``'s page in ``lang`` (``meeting`` already in ``lang``)."""
    conv = convention(lang)

    def _(msgid: str, **values: object) -> str:
        return strings.gettext(lang, msgid, **values)

    name = " ".join(plain(meeting.name.text).split())
    session = " ".join(plain(meeting.session.text).split())
    rows = element("tbody")
    for item in sorted(listings, key=lambda x: _natural(x.symbol)):
        title = element("td", None, " ".join(plain(item.title).split()))
        if item.title_lang != lang:
            title.set("lang", item.title_lang)
            title.set("dir", convention(item.title_lang).dir)
            append(title, " ", element("em", {"lang": lang}, f"({_('not yet translated')})"))
        agenda = [
            f"{n} {conv.subparagraph_label(1, ord(sub) - ord('a') + 1)}" if sub else str(n)
            for n, sub in item.agenda
        ]
        editions = element("ul", {"class": "editions"})
        for other, size in sorted(item.editions, key=lambda e: UN_ORDER.index(e[0])):
            li = element(
                "li",
                None,
                element(
                    "a",
                    {"href": f"../../{item.stem}/{other}.html", "hreflang": other, "lang": other},
                    strings.language_name(other, other),
                ),
            )
            if size is not None:
                kib = max(1, round(size / 1024))
                append(
                    li,
                    " (",
                    element(
                        "a",
                        {"href": f"../../{item.stem}/{other}.pdf", "hreflang": other},
                        _("PDF, %(size)s KB", size=kib),
                    ),
                    ")",
                )
            editions.append(li)
        rows.append(
            element(
                "tr",
                None,
                element("th", {"scope": "row", "dir": "ltr"}, item.symbol),
                title,
                element("td", None, conv.list_separator.join(agenda)),
                element("td", None, editions),
            )
        )
    table = element(
        "table",
        {"class": "documents"},
        element("caption", None, _("Documents of the meeting")),
        element(
            "thead",
            None,
            element(
                "tr",
                None,
                *(
                    element("th", {"scope": "col"}, _(label))
                    for label in ("Symbol", "Title", "Agenda item", "Editions")
                ),
            ),
        ),
        rows,
    )
    heading = element(
        "header",
        None,
        element("p", {"class": "organ"}, " ".join(plain(meeting.organ.text).split())),
        element("h1", None, name),
        element("p", None, session),
        element("p", None, " ".join(plain(meeting.place.text).split())),
        element("p", None, conv.date_range(meeting.first_day, meeting.last_day)),
    )
    css = resources.data("edition.css").read_text("utf-8")
    head = element(
        "head",
        None,
        element("meta", {"charset": "utf-8"}),
        element("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
        element("title", None, f"{name}, {session}"),
        element("meta", {"name": "generator", "content": "hexaglot"}),
        element("style", None, f"{css}\n:root {{ --font: {conv.font_stack}; }}"),
    )
    page = element(
        "html",
        {"lang": lang, "dir": conv.dir},
        head,
        element("body", {"class": "meeting-page"}, heading, element("main", None, table)),
    )
    return tostring(page, doctype="<!DOCTYPE html>", encoding="unicode", method="html")


def _natural(symbol: str) -> list[object]:
    """A sort key that puts UNEP/EA.6/2 before UNEP/EA.6/10."""
    parts: list[object] = []
    for chunk in symbol.replace(".", "/").split("/"):
        parts.append((0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk))
    return parts
