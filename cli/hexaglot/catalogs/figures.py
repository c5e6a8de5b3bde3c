"""Figures in running text, compared as numbers whatever the locale writes.

"1,000", "1 000" and "1.000" are all a thousand; "2,7" is 2.7 in French;
"2.7 billion", "27亿" and "2 700 millones" are the same quantity. Each
token yields every value it may mean, and a source figure is kept when
some token of the translation may mean the same.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import get_decimal_symbol, get_group_symbol

# A run of digits with optional group separators (comma, point, no-break spaces,
# apostrophe) and an optional decimal part.
_NUMBER = re.compile(r"\d+(?:[,.\u00a0\u202f']\d{3})*(?:[.,]\d+)?")
# In a language that groups digits with spaces (French, Russian), a plain space
# groups too: "1 250 000". The first group has one to three digits, so "in
# 2008 100 centres" stays two figures.
_SPACED = re.compile(r"(?<![\d,.])\d{1,3}(?: \d{3})+(?![\d])(?:[.,]\d+)?")
_SEPARATORS = ",.\u00a0\u202f' "

# Words that scale the figure before them, as UN editions write them. Not 千
# (it starts units such as 千瓦, kilowatt) nor a bare "mil" ("mil millones").
_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "millier": 1e3,
    "milliers": 1e3,
    "milliard": 1e9,
    "milliards": 1e9,
    "mil millones": 1e9,
    "millón": 1e6,
    "millones": 1e6,
    "millardo": 1e9,
    "millardos": 1e9,
    "тыс": 1e3,
    "тысяч": 1e3,
    "млн": 1e6,
    "миллион": 1e6,
    "миллионов": 1e6,
    "миллиона": 1e6,
    "млрд": 1e9,
    "миллиард": 1e9,
    "миллиарда": 1e9,
    "миллиардов": 1e9,
    "ألف": 1e3,
    "مليون": 1e6,
    "ملايين": 1e6,
    "بليون": 1e9,
    "مليار": 1e9,
    "بلايين": 1e9,
    "万": 1e4,
    "亿": 1e8,
    "百万": 1e6,
}
_SCALE_AFTER = re.compile(r"\s*(" + "|".join(sorted(_SCALES, key=len, reverse=True)) + r")")


def _reading(token: str, decimal: str) -> set[Decimal]:
    """What ``token`` means where ``decimal`` is the decimal separator (a known language)."""
    head, sep, tail = token.rpartition(decimal)
    if not sep:
        head, tail = token, ""
    whole = re.sub(f"[{_SEPARATORS}]", "", head)
    if not whole.isdigit() or (tail and not tail.isdigit()):
        return set()
    return {Decimal(f"{whole}.{tail}" if tail else whole)}


def _readings(token: str, decimal: str | None = None) -> set[Decimal]:
    """Every number ``token`` may stand for: in its language, or in any of the six."""
    # Decimal, not float: 8.2 * 1e9 is 8199999999.999999 in binary floating point.
    if token.isdigit():
        return {Decimal(token)}
    if decimal:
        return _reading(token, decimal)
    out: set[Decimal] = set()
    # Grouped thousands: drop every separator.
    groups = re.split(f"[{_SEPARATORS}]", token)
    if all(len(g) == 3 for g in groups[1:]):
        out.add(Decimal("".join(groups)))
    # Last separator decimal (point or comma), earlier ones grouping.
    head, sep, tail = max(token.rpartition("."), token.rpartition(","), key=lambda p: len(p[0]))
    if sep and tail.isdigit():
        whole = re.sub(f"[{_SEPARATORS}]", "", head)
        if whole.isdigit():
            out.add(Decimal(f"{whole}.{tail}"))
    return out


def groups_with_spaces(lang: str) -> bool:
    """Whether ``lang`` writes 1 250 000 (its CLDR group symbol is a space)."""
    return get_group_symbol(lang).isspace()


def figures(
    text: str, decimal: str | None = None, spaced: bool = False
) -> list[tuple[str, set[Decimal]]]:
    """The figures of ``text``: (as written, the values it may mean).

    With ``decimal`` (the text's decimal separator) each figure has the one
    reading its language gives it; without, every reading any language gives.
    With ``spaced``, plain spaces group digits too.
    """
    spans = [m.span() for m in _SPACED.finditer(text)] if spaced else []
    found = list(spans)
    for m in _NUMBER.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            found.append(m.span())
    out = []
    for start, end in sorted(found):
        token = text[start:end]
        values = _readings(token, decimal)
        scale = _SCALE_AFTER.match(text, end)
        if scale:  # "2.7 billion" is 2.7e9 only: "2.7 million" must not match it
            values = {v * int(_SCALES[scale.group(1)]) for v in values}
        out.append((token, values))
    return out


def missing(source: str, translation: str, source_lang: str, target_lang: str) -> list[str]:
    """Source figures that no figure of ``translation`` can mean.

    The source is read in its own language (an English "1,000" is a thousand,
    never one); the translation in any, as translators write figures variously,
    with plain spaces grouping digits where the target language does so.
    """
    target = figures(translation, spaced=groups_with_spaces(target_lang))
    if groups_with_spaces(target_lang):  # "en 2008 100 centres": each part may stand alone
        target += figures(translation)
    values = set().union(*(v for _, v in target)) if target else set()
    integers = {v for v in values if v == v.to_integral_value()}
    out = []
    source_figures = figures(
        source, get_decimal_symbol(source_lang), spaced=groups_with_spaces(source_lang)
    )
    for token, readings in source_figures:
        if readings & values:
            continue
        # "Article 4.5" is often written "paragraph 5 of article 4".
        if "." in token and all(Decimal(p) in integers for p in token.split(".") if p.isdigit()):
            continue
        out.append(token)
    return out
