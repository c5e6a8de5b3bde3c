"""Per-language conventions, read from data/languages.toml.

Everything that differs between editions (labels, fonts, direction, date
styles, the masthead language, how lines are justified) is looked up here, so renderers never ask
which language they are rendering.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from babel.dates import format_date
from babel.numbers import format_decimal, get_decimal_symbol

from hexaglot.base import numerals, resources
from hexaglot.base.languages import LANGUAGES

# A figure as a table cell holds it: digits with group separators (any space,
# comma, point) and a decimal part.
_FIGURE = re.compile(r"\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")

_FIELD = re.compile(r"\{(first|last):([^}@]+)(?:@([A-Za-z_]+))?\}")


@dataclass(frozen=True)
class Convention:
    lang: str
    locale: str  # with a region: "en-GB"
    dir: str
    fonts: tuple[str, ...]
    masthead: str
    justify: str
    section: str
    section_labels: str
    subsection: str
    subsection_labels: str
    paragraph: str
    subparagraphs: tuple[tuple[str, str], ...]
    list_separator: str
    annex_labels: str
    table_notes: str
    same_month: str
    same_year: str
    other: str
    issued: str
    references: tuple[str, ...]  # "paragraphs {n}": how text refers to the paper's paragraphs
    reference_joins: tuple[str, ...]
    reference_stops: tuple[str, ...]

    @property
    def font_stack(self) -> str:
        """The fonts as a CSS font-family value."""
        return ", ".join(f'"{f}"' if " " in f else f for f in self.fonts)

    def section_label(self, n: int) -> str:
        return self.section.format(n=numerals.label(self.section_labels, n))

    def subsection_label(self, n: int) -> str:
        return self.subsection.format(n=numerals.label(self.subsection_labels, n))

    def table_note_label(self, n: int) -> str:
        return numerals.label(self.table_notes, n)

    def annex_label(self, n: int) -> str:
        return numerals.label(self.annex_labels, n)

    def paragraph_label(self, n: int) -> str:
        return self.paragraph.format(n=n)

    def subparagraph_label(self, level: int, n: int) -> str:
        fmt, seq = self.subparagraphs[min(level, len(self.subparagraphs)) - 1]
        return fmt.format(n=numerals.label(seq, n))

    def date_range(self, first: dt.date, last: dt.date) -> str:
        """Meeting dates in this language's house style."""
        if (first.year, first.month) == (last.year, last.month):
            pattern = self.same_month
        elif first.year == last.year:
            pattern = self.same_year
        else:
            pattern = self.other
        days = {"first": first, "last": last}

        def field(m: re.Match[str]) -> str:
            return format_date(days[m.group(1)], m.group(2), locale=m.group(3) or self.lang)

        return _FIELD.sub(field, pattern)

    def figures(self, text: str, source: str) -> str:
        """A cell of figures written in ``source``'s style, in this language's style.

        Each figure keeps its decimals, and its grouping only if it had one
        ("2020" stays a year): "1 250,5" (French) is "1,250.5" in English.
        """
        decimal = get_decimal_symbol(source)

        def one(found: re.Match[str]) -> str:
            whole, sep, fraction = found.group(0).rpartition(decimal)
            if not sep:
                whole, fraction = found.group(0), ""
            digits = re.sub(r"\D", "", whole)
            value = Decimal(f"{digits}.{fraction}" if fraction else digits)
            pattern = ("#,##0" if digits != whole else "0") + (
                f".{'0' * len(fraction)}" if fraction else ""
            )
            return format_decimal(value, format=pattern, locale=self.lang)

        return _FIGURE.sub(one, text)

    def date(self, day: dt.date) -> str:
        return format_date(day, self.issued, locale=self.lang)


@cache
def _all() -> dict[str, Convention]:
    raw = tomllib.loads(resources.data("languages.toml").read_text("utf-8"))
    if set(raw) != set(LANGUAGES):
        raise RuntimeError(f"languages.toml must describe exactly {', '.join(LANGUAGES)}")
    return {
        lang: Convention(
            lang=lang,
            **{
                k: tuple(v) if isinstance(v, list) else v
                for k, v in data.items()
                if k != "subparagraphs"
            },
            subparagraphs=tuple(tuple(level) for level in data["subparagraphs"]),
        )
        for lang, data in raw.items()
    }


def get(lang: str) -> Convention:
    """The conventions of ``lang``, one of the six languages."""
    return _all()[lang]
