"""Label sequences: how the n-th section, subsection or subparagraph is written.

Each sequence maps a 1-based position to its label without the punctuation
around it ("iv", "C", "ثانيا", "ج"); a language's conventions choose the
sequences and the punctuation. Every UN paper numbers from one place, so
the reader (for the places it names in catalogues) and the renderers (for
the labels they print) draw on the same functions.
"""

from __future__ import annotations

from collections.abc import Callable

from hexaglot.base.errors import InputError

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


class SequenceExhausted(InputError):
    """A label asked for past the end of a closed sequence (the 16th Arabic ordinal)."""


def roman(n: int) -> str:
    """Upper-case roman numerals: 4 → "IV"."""
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out += numeral
            n -= value
    return out


def latin(n: int) -> str:
    """A, B, … Z, then AA, BB, … ZZ, AAA …: the UN's way past the end of the alphabet."""
    return _doubled(_LATIN, n)


def _doubled(letters: str, n: int) -> str:
    repeat, index = divmod(n - 1, len(letters))
    return letters[index] * (repeat + 1)


def chinese(n: int) -> str:
    """Chinese numerals up to 99: 1 → 一, 10 → 十, 21 → 二十一."""
    if not 0 < n < 100:
        raise SequenceExhausted(f"no Chinese numeral for item {n} (1 to 99)")
    if n < 10:
        return _CHINESE_DIGITS[n]
    tens, units = divmod(n, 10)
    head = "" if tens == 1 else _CHINESE_DIGITS[tens]
    return f"{head}十{_CHINESE_DIGITS[units] if units else ''}"


def _closed(seq: tuple[str, ...] | str, what: str) -> Callable[[int], str]:
    def label(n: int) -> str:
        if not 0 < n <= len(seq):
            raise SequenceExhausted(f"no {what} for item {n}: the sequence has {len(seq)}")
        return seq[n - 1]

    return label


SEQUENCES: dict[str, Callable[[int], str]] = {
    "upper-roman": roman,
    "lower-roman": lambda n: roman(n).lower(),
    "upper-latin": latin,
    "lower-latin": lambda n: latin(n).lower(),
    "cyrillic-latin": lambda n: _doubled(_CYRILLIC_LATIN, n),
    "arabic-ordinal": _closed(_ARABIC_ORDINALS, "Arabic ordinal"),
    "arabic-letter-names": _closed(_ARABIC_LETTER_NAMES, "Arabic letter name"),
    "arabic-abjad": _closed(_ABJAD, "abjad letter"),
    "decimal": str,
    "chinese": chinese,
}


def label(sequence: str, n: int) -> str:
    """The ``n``-th label of the named sequence."""
    return SEQUENCES[sequence](n)
