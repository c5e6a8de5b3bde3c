"""Label sequences: how the n-th section, subsection or subparagraph is written.

Each sequence maps a 1-based position to its label without the punctuation
around it ("iv", "C", "ثانيا", "ج"); a language's conventions choose the
sequences and the punctuation. Every UN paper numbers from one place, so
the reader (for the places it names in catalogues) and the renderers (for
the labels they print) draw on the same functions.
"""

from __future__ import annotations

from collections.abc import Callable

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
# Section ordinals as UN Arabic editions write them: أولا - ، ثانيا - (no
# tanwin). Past the fifteenth: the compound ordinals, our construction (no
# edition with that many sections was found).
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
)
# Annexes: المرفق الأول، المرفق الثاني (definite masculine ordinals).
_ARABIC_DEFINITE = (
    "الأول",
    "الثاني",
    "الثالث",
    "الرابع",
    "الخامس",
    "السادس",
    "السابع",
    "الثامن",
    "التاسع",
    "العاشر",
)
_ARABIC_COMPOUND_UNITS = ("حادي", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع")
_ARABIC_TENS = ("عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون")
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
    "قاف",
    "راء",
    "شين",
    "تاء",
    "ثاء",
    "خاء",
    "ذال",
    "ضاد",
    "ظاء",
    "غين",
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


def _doubled(letters: tuple[str, ...] | str, n: int, joiner: str = "") -> str:
    """The n-th of ``letters``, written twice, three times … once they run out."""
    repeat, index = divmod(n - 1, len(letters))
    return joiner.join([letters[index]] * (repeat + 1))


def chinese(n: int) -> str:
    """Chinese numerals: 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五, 2008 → 二千零八."""
    if n < 10:
        return _CHINESE_DIGITS[n]
    if n < 20:
        return "十" + (_CHINESE_DIGITS[n - 10] if n > 10 else "")
    out = ""
    gap = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if gap and out else "") + _CHINESE_DIGITS[digit] + unit
            gap = False
        else:
            gap = True
    return out


def arabic_ordinal(n: int) -> str:
    """أولا … عاشرا, حادي عشر … تاسع عشر, عشرون, حادي وعشرون … تسعون; then figures."""
    if n <= len(_ARABIC_ORDINALS):
        return _ARABIC_ORDINALS[n - 1]
    tens, units = divmod(n, 10)
    if tens == 1:
        return f"{_ARABIC_COMPOUND_UNITS[units - 1]} عشر"
    if tens > len(_ARABIC_TENS) + 1:
        return str(n)
    if not units:
        return _ARABIC_TENS[tens - 2]
    return f"{_ARABIC_COMPOUND_UNITS[units - 1]} و{_ARABIC_TENS[tens - 2]}"


def arabic_definite_ordinal(n: int) -> str:
    """الأول … العاشر, الحادي عشر … التاسع عشر; then figures."""
    if n <= len(_ARABIC_DEFINITE):
        return _ARABIC_DEFINITE[n - 1]
    if n < 20:
        return f"ال{_ARABIC_COMPOUND_UNITS[n - 11]} عشر"
    return str(n)


SEQUENCES: dict[str, Callable[[int], str]] = {
    "upper-roman": roman,
    "lower-roman": lambda n: roman(n).lower(),
    "upper-latin": latin,
    "lower-latin": lambda n: latin(n).lower(),
    "cyrillic-latin": lambda n: _doubled(_CYRILLIC_LATIN, n),
    "arabic-ordinal": arabic_ordinal,
    "arabic-definite-ordinal": arabic_definite_ordinal,
    # Past the last letter, names and letters are doubled as Latin ones are
    # ((z) → (aa)): our choice, no Arabic edition that long was found.
    "arabic-letter-names": lambda n: _doubled(_ARABIC_LETTER_NAMES, n, " "),
    "arabic-abjad": lambda n: _doubled(_ABJAD, n, " "),
    "decimal": str,
    "chinese": chinese,
}


def label(sequence: str, n: int) -> str:
    """The ``n``-th label of the named sequence."""
    return SEQUENCES[sequence](n)
