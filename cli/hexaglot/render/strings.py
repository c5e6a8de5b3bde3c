"""The toolkit's own strings (masthead labels), from its gettext domain "hexaglot".

The catalogues live in data/locale/<lang>/hexaglot.po and are read with
Babel, so translators edit them with the same tools as a paper's.
"""

from __future__ import annotations

import io
from functools import cache

from babel import Locale
from babel.messages.pofile import read_po

from hexaglot.base import resources


@cache
def _table(lang: str) -> dict[str, str]:
    # Shipped with the package and checked by the tests with msgfmt: read as is.
    data = resources.data("locale", lang, "hexaglot.po").read_text("utf-8")
    catalog = read_po(io.StringIO(data), locale=lang)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def gettext(lang: str, msgid: str, **values: object) -> str:
    """``msgid`` in ``lang`` (falling back to English), with %(name)s values filled in."""
    text = _table(lang).get(msgid, msgid)
    return text % values if values else text


def language_name(lang: str, in_lang: str) -> str:
    """The name of ``lang`` as the masthead of an ``in_lang`` edition writes it."""
    return Locale.parse(lang).get_language_name(in_lang)
