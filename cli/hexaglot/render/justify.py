"""Justify Chinese by spacing its characters, as UN Chinese editions are set.

WeasyPrint 70.0 justifies a line by widening its spaces only (and does not
know ``text-justify``), so a Chinese paragraph, which has no spaces, stays
ragged right. :func:`apply` makes ``text-align: justify`` spread a line's
free width between the characters of text whose ``lang`` is one that
languages.toml marks ``justify = "inter-character"``; other text keeps
WeasyPrint's inter-word justification. Line breaking is untouched (Pango
keeps closing punctuation off a line's start), and so is the last line of a
paragraph (``text-align-last: start``, which ``text-align: justify`` implies).

Two functions of ``weasyprint.layout.inline`` are recompiled:

``count_expandable_spaces``
    counts, for such a text box, the gaps between its characters instead of
    its spaces: ``justify_line`` divides the free width by that count.
``add_word_spacing``
    gives such a text box that share as CSS letter-spacing on a copy of its
    style, instead of as extra word spacing. Pango then adds it between
    every two characters of the box (not before the first nor after the
    last), which is exactly the count above, so the line ends on the margin.

The spacing goes into the PDF as glyph positions; no character is added to
the text layer. The gaps at the edges of a text box (next to a footnote call
or another inline element) are not widened: the box's own gaps take them.
A box that may not wrap (a document symbol and the punctuation that clings
to it) keeps its letters as drawn and is justified as other languages are.

It is inert on any other WeasyPrint version, as the footnote fixes are.
"""

from __future__ import annotations

from hexaglot.base.languages import LANGUAGES
from hexaglot.render import conventions
from hexaglot.render.patching import PATCHED_VERSION, is_patched, recompiled

#: The value of ``justify`` in languages.toml that selects spacing between characters.
INTER_CHARACTER = "inter-character"


def spaced_languages() -> tuple[str, ...]:
    """The languages whose text is justified between characters (from languages.toml)."""
    return tuple(lang for lang in LANGUAGES if conventions.get(lang).justify == INTER_CHARACTER)


def _fixes(langs: tuple[str, ...]) -> tuple[tuple[str, str], tuple[str, str]]:
    """(old, new) for count_expandable_spaces and add_word_spacing, for text in ``langs``."""
    spaced = (
        f"(box.style['lang'] or '').split('-')[0] in {langs!r} "
        "and box.style['white_space'] != 'nowrap'"
    )
    count = (
        "return box.text.count(' ') + box.text.count('\\u00a0')",
        f"return max(len(box.text) - 1, 0) if {spaced} else "
        "box.text.count(' ') + box.text.count('\\u00a0')",
    )
    spacing = (
        "box.justification_spacing = justification_spacing",
        "box.justification_spacing = justification_spacing\n"
        f"        if {spaced}:\n"
        "            letter_spacing = box.style['letter_spacing']\n"
        "            box.style = box.style.copy()\n"
        "            box.style['letter_spacing'] = justification_spacing + (\n"
        "                0 if letter_spacing == 'normal' else letter_spacing)\n"
        "            box.justification_spacing = 0",
    )
    return count, spacing


def apply() -> None:
    """Justify text of inter-character languages between characters; no-op on other
    WeasyPrint versions."""
    import weasyprint

    if weasyprint.__version__ != PATCHED_VERSION:
        return
    from weasyprint.layout import inline

    count, spacing = _fixes(spaced_languages())
    fixed = {}
    for name, fix in (("count_expandable_spaces", count), ("add_word_spacing", spacing)):
        current = getattr(inline, name)
        if not is_patched(current):
            fixed[name] = recompiled(current, *fix)
    # Both copies are built before either is installed: all or nothing.
    for name, function in fixed.items():
        setattr(inline, name, function)
