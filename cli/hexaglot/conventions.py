"""Per-language conventions, read from data/languages.toml.

Everything that differs between editions (labels, fonts, direction, date
styles, the masthead language) is looked up here, so renderers never ask
which language they are rendering.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.dates import format_date

DATA = Path(__file__).resolve().parent / "data" / "languages.toml"

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Russian editions print A, B, C as the Cyrillic letters of the same shape.
_CYRILLIC_LATIN = "АВС" + _LATIN[3:]
_ARABIC_ORDINALS = (
    "أولا",
    "ثانيا",
    "ثالثا",
    "رابعا",
    "خامسا",
    "سادسا",
    "سابعا",
    "ثامنا",
    "تاسعا",
    "عاشرا",
    "حادي عشر",
    "ثاني عشر",
    "ثالث عشر",
    "رابع عشر",
    "خامس عشر",
)
_ARABIC_LETTER_NAMES = (
    "ألف",
    "باء",
    "جيم",
    "دال",
    "هاء",
    "واو",
    "زاي",
    "حاء",
    "طاء",
    "ياء",
    "كاف",
    "لام",
    "ميم",
    "نون",
    "سين",
    "عين",
    "فاء",
    "صاد",
)
# Abjad order: أ ب ج د هـ و ز ح ط ي ك ل م ن س ع ف ص ق ر ش ت ث خ ذ ض ظ غ
_ABJAD = (
    "أ",
    "ب",
    "ج",
    "د",
    "هـ",
    "و",
    "ز",
    "ح",
    "ط",
    "ي",
    "ك",
    "ل",
    "م",
    "ن",
    "س",
    "ع",
    "ف",
    "ص",
    "ق",
    "ر",
    "ش",
    "ت",
    "ث",
    "خ",
    "ذ",
    "ض",
    "ظ",
    "غ",
)
_CHINESE_DIGITS = "零一二三四五六七八九"


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out += numeral
            n -= value
    return out


def _chinese(n: int) -> str:
    if n < 10:
        return _CHINESE_DIGITS[n]
    tens, units = divmod(n, 10)
    head = "" if tens == 1 else _CHINESE_DIGITS[tens]
    return f"{head}十{_CHINESE_DIGITS[units] if units else ''}"


def _nth(seq: tuple[str, ...] | str, n: int) -> str:
    if n > len(seq):
        raise ValueError(f"no label for item {n}: the sequence has {len(seq)}")
    return seq[n - 1]


SEQUENCES = {
    "upper-roman": _roman,
    "lower-roman": lambda n: _roman(n).lower(),
    "upper-latin": lambda n: _nth(_LATIN, n),
    "lower-latin": lambda n: _nth(_LATIN, n).lower(),
    "cyrillic-latin": lambda n: _nth(_CYRILLIC_LATIN, n),
    "arabic-ordinal": lambda n: _nth(_ARABIC_ORDINALS, n),
    "arabic-letter-names": lambda n: _nth(_ARABIC_LETTER_NAMES, n),
    "arabic-abjad": lambda n: _nth(_ABJAD, n),
    "decimal": str,
    "chinese": _chinese,
}

_FIELD = re.compile(r"\{(first|last):([^}@]+)(?:@([A-Za-z_]+))?\}")


@dataclass(frozen=True)
class Convention:
    lang: str
    dir: str
    fonts: tuple[str, ...]
    masthead: str
    section: str
    section_labels: str
    subsection: str
    subsection_labels: str
    paragraph: str
    subparagraphs: tuple[tuple[str, str], ...]
    quotes: tuple[str, str]
    same_month: str
    same_year: str
    other: str
    issued: str

    def section_label(self, n: int) -> str:
        return self.section.format(n=SEQUENCES[self.section_labels](n))

    def subsection_label(self, n: int) -> str:
        return self.subsection.format(n=SEQUENCES[self.subsection_labels](n))

    def paragraph_label(self, n: int) -> str:
        return self.paragraph.format(n=n)

    def subparagraph_label(self, level: int, n: int) -> str:
        fmt, seq = self.subparagraphs[min(level, len(self.subparagraphs)) - 1]
        return fmt.format(n=SEQUENCES[seq](n))

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

    def date(self, day: dt.date) -> str:
        return format_date(day, self.issued, locale=self.lang)


@cache
def _all() -> dict[str, Convention]:
    raw = tomllib.loads(DATA.read_text("utf-8"))
    return {
        lang: Convention(
            lang=lang,
            **{k: v for k, v in data.items() if k not in ("fonts", "subparagraphs", "quotes")},
            fonts=tuple(data["fonts"]),
            subparagraphs=tuple(tuple(level) for level in data["subparagraphs"]),
            quotes=tuple(data["quotes"]),
        )
        for lang, data in raw.items()
    }


def get(lang: str) -> Convention:
    return _all()[lang]
