"""Where a string may be wrapped, and how wide it prints: what GNU gettext's writer needs.

GNU gettext (and Poedit after it) wrap catalogue strings at the line
break opportunities of Unicode's line breaking algorithm (UAX #14),
counting East Asian wide characters as two columns. To write new entries
in the style of a wrapped catalogue, hexaglot wraps as they do. The
classes below cover the scripts and punctuation of the six official
languages; any other character breaks like a letter.
"""

from __future__ import annotations

import unicodedata

# Line breaking classes (UAX #14) of the characters whose class the general
# category does not tell.
_CLASSES: dict[str, str] = {
    " ": "SP",
    "\u00a0": "GL",  # no-break space
    "\u202f": "GL",  # narrow no-break space (French punctuation)
    "\u2007": "GL",  # figure space
    "\u2011": "GL",  # non-breaking hyphen
    "\u0f0c": "GL",
    "\u2060": "WJ",  # word joiner
    "\ufeff": "WJ",
    "\u200b": "ZW",  # zero width space
    "-": "HY",
    "\u00ad": "BA",  # soft hyphen
    "\u2010": "BA",  # hyphen
    "\u2012": "BA",  # figure dash
    "\u2013": "BA",  # en dash
    "\u058a": "BA",
    "\u2014": "B2",  # em dash
    "\u00b4": "BB",
    "!": "EX",
    "?": "EX",
    "\u061b": "EX",  # Arabic semicolon
    "\u061f": "EX",  # Arabic question mark
    "\uff01": "EX",
    "\uff1f": "EX",
    ",": "IS",
    ".": "IS",
    ":": "IS",
    ";": "IS",
    "\u060c": "IS",  # Arabic comma
    "\u037e": "IS",
    "\u0589": "IS",
    "/": "SY",
    "(": "OP",
    "[": "OP",
    "{": "OP",
    "\u00a1": "OP",  # inverted exclamation mark
    "\u00bf": "OP",  # inverted question mark
    "\u201a": "OP",
    "\u201e": "OP",
    ")": "CP",
    "]": "CP",
    "}": "CL",
    '"': "QU",
    "'": "QU",
    "\u00ab": "QU",
    "\u00bb": "QU",
    "\u2018": "QU",
    "\u2019": "QU",
    "\u201b": "QU",
    "\u201c": "QU",
    "\u201d": "QU",
    "\u201f": "QU",
    "\u2039": "QU",
    "\u203a": "QU",
    "%": "PO",
    "\u00a2": "PO",
    "\u00b0": "PO",
    "\u2030": "PO",
    "\u2032": "PO",
    "\u2033": "PO",
    "\u066a": "PO",  # Arabic percent sign
    "\uff05": "PO",
    "$": "PR",
    "+": "PR",
    "\\": "PR",
    "\u00a3": "PR",
    "\u00a5": "PR",
    "\u00b1": "PR",
    "\u20ac": "PR",
    "\u2116": "PR",  # numero sign
    "\u2026": "IN",  # ellipsis
    "\u2025": "IN",
    # CJK punctuation: closing, opening, and characters that never start a line.
    "\u3001": "CL",
    "\u3002": "CL",
    "\uff0c": "CL",
    "\uff0e": "CL",
    "\uff09": "CL",
    "\uff3d": "CL",
    "\uff5d": "CL",
    "\u3009": "CL",
    "\u300b": "CL",
    "\u300d": "CL",
    "\u300f": "CL",
    "\u3011": "CL",
    "\u3015": "CL",
    "\u3017": "CL",
    "\uff08": "OP",
    "\uff3b": "OP",
    "\uff5b": "OP",
    "\u3008": "OP",
    "\u300a": "OP",
    "\u300c": "OP",
    "\u300e": "OP",
    "\u3010": "OP",
    "\u3014": "OP",
    "\u3016": "OP",
    "\uff1a": "NS",
    "\uff1b": "NS",
    "\u3005": "NS",
    "\u30fb": "NS",
    "\u30fc": "NS",
}

# Pairs with no break between them (UAX #14 rules 23 to 30).
_KEPT_TOGETHER = {
    ("AL", "NU"),
    ("NU", "AL"),
    ("PR", "ID"),
    ("ID", "PO"),
    ("PR", "AL"),
    ("PO", "AL"),
    ("AL", "PR"),
    ("AL", "PO"),
    ("CL", "PO"),
    ("CP", "PO"),
    ("CL", "PR"),
    ("CP", "PR"),
    ("NU", "PO"),
    ("NU", "PR"),
    ("PO", "OP"),
    ("PO", "NU"),
    ("PR", "OP"),
    ("PR", "NU"),
    ("HY", "NU"),
    ("IS", "NU"),
    ("NU", "NU"),
    ("SY", "NU"),
    ("AL", "AL"),
    ("CP", "AL"),
    ("CP", "NU"),
}


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def line_class(ch: str) -> str:
    """The UAX #14 class of ``ch`` (CM for combining marks), as far as wrapping needs it."""
    known = _CLASSES.get(ch)
    if known:
        return known
    category = unicodedata.category(ch)
    if category == "Nd":
        return "NU"
    if category in ("Mn", "Mc", "Me", "Cc", "Cf"):
        return "CM"
    if category == "Zs":
        return "BA"
    if category in ("Pi", "Pf"):
        return "QU"
    if _wide(ch):
        return {"Ps": "OP", "Pe": "CL"}.get(category, "ID")
    if category == "Ps":
        return "OP"
    if category == "Pe":
        return "CL"
    return "AL"


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide characters two, marks none."""
    total = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cc", "Cf"):
            continue
        total += 2 if _wide(ch) else 1
    return total


def _allowed(before: str, after: str, spaces: bool, after_char: str) -> bool:
    """Whether a line may break between classes ``before`` and ``after``."""
    if before == "ZW":
        return True
    if "WJ" in (before, after) and not spaces:
        return False
    if after in ("CL", "CP", "EX", "IS", "SY"):
        return False
    if before == "OP":
        return False
    if (before, after) in (("QU", "OP"), ("CL", "NS"), ("CP", "NS"), ("B2", "B2")):
        return False
    if spaces:
        return True
    if before == "GL" or (after == "GL" and before not in ("BA", "HY")):
        return False
    if "QU" in (before, after):
        return False
    if after in ("BA", "HY", "NS", "IN") or before == "BB":
        return False
    if before in ("AL", "NU") and after == "OP" and not _wide(after_char):
        return False
    return (before, after) not in _KEPT_TOGETHER


def opportunities(text: str) -> list[bool]:
    """For each index i, whether a line may break before ``text[i]`` (never before 0)."""
    classes: list[str] = []
    for i, ch in enumerate(text):
        cls = line_class(ch)
        if cls == "CM":  # a mark goes with the character it is on (a letter if none)
            cls = classes[i - 1] if i and classes[i - 1] not in ("SP", "ZW") else "AL"
        classes.append(cls)
    out = [False] * len(text)
    for i in range(1, len(text)):
        mark = line_class(text[i]) == "CM"
        if classes[i] == "SP" or (mark and classes[i - 1] != "SP"):
            continue  # no break before a space, nor between a character and its marks
        if mark:  # a mark after a space stands alone, and gettext may break before it
            out[i] = True
            continue
        j = i - 1
        while j >= 0 and classes[j] == "SP":
            j -= 1
        if j < 0:
            continue
        out[i] = _allowed(classes[j], classes[i], j < i - 1, text[i])
    return out
