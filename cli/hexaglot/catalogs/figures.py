"""Figures in running text, compared as numbers whatever the locale writes.

"1,000", "1 000" and "1.000" are all a thousand; "2,7" is 2.7 in French;
"2.7 billion", "27亿" and "2 700 millones" are the same quantity. Each
token yields every value it may mean, and a source figure is kept when
some token of the translation may mean the same.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import get_decimal_symbol

# A run of digits with optional group separators (comma, point, no-break spaces,
# apostrophe) and an optional decimal part. A plain space does not group: "in
# 2008 100 centres" is two figures (UN French and Russian group with U+00A0).
_NUMBER = re.compile(r"\d+(?:[,.\u00a0\u202f']\d{3})*(?:[.,]\d+)?")
_SEPARATORS = ",.\u00a0\u202f'"

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


def figures(text: str, decimal: str | None = None) -> list[tuple[str, set[Decimal]]]:
    """The figures of ``text``: (as written, the values it may mean).

    With ``decimal`` (the text's decimal separator) each figure has the one
    reading its language gives it; without, every reading any language gives.
    """
    out = []
    for m in _NUMBER.finditer(text):
        token = m.group(0)
        values = _readings(token, decimal)
        scale = _SCALE_AFTER.match(text, m.end())
        if scale:  # "2.7 billion" is 2.7e9 only: "2.7 million" must not match it
            values = {v * int(_SCALES[scale.group(1)]) for v in values}
        out.append((token, values))
    return out


def missing(source: str, translation: str, source_lang: str) -> list[str]:
    """Source figures that no figure of ``translation`` can mean.

    The source is read in its own language (an English "1,000" is a thousand,
    never one); the translation in any, as translators write figures variously.
    """
    target = figures(translation)
    values = set().union(*(v for _, v in target)) if target else set()
    integers = {v for v in values if v == v.to_integral_value()}
    out = []
    for token, readings in figures(source, get_decimal_symbol(source_lang)):
        if readings & values:
            continue
        # "Article 4.5" is often written "paragraph 5 of article 4".
        if "." in token and all(Decimal(p) in integers for p in token.split(".") if p.isdigit()):
            continue
        out.append(token)
    return out
