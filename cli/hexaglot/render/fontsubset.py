"""Compact subsets of CID-keyed CFF fonts (the CJK faces) with WeasyPrint 70.0.

WeasyPrint subsets every font with HarfBuzz and ``HB_SUBSET_FLAGS_RETAIN_GIDS``
(``weasyprint.pdf.fonts.Font._harfbuzz_subset``), so that the glyph ids it has
written into the content streams stay valid. A subset of Noto Serif CJK then
keeps a slot, a width and a charset entry for every glyph up to the highest id
used, about 63,000: the six-page Chinese edition of OEWG.2/10 weighed 478 KiB,
most of it empty slots.

A CID-keyed CFF font does not need the slots. WeasyPrint embeds it as a
CIDFontType0 with /Identity-H, so the codes in the content streams, the keys
of /W and of ToUnicode are CIDs, and a reader finds the glyph of a CID through
the charset of the CFF program (ISO 32000, 9.7.4.2: "The CIDs shall be used to
determine the GID value for the glyph procedure using the charset table in the
CFF program"), not by its position. HarfBuzz keeps each glyph's CID in the
charset when it renumbers glyphs. So where the font's own charset gives every
glyph its glyph id as CID (Noto CJK: Adobe-Identity-0), the codes WeasyPrint
wrote are the CIDs of the compact subset: content streams, /W and ToUnicode
stay as they are.

:func:`apply` patches two functions, for such fonts only:

- ``Font._harfbuzz_subset`` subsets them without ``RETAIN_GIDS``;
- ``build_fonts_dictionary`` embeds their bare CFF program (FontFile3
  /CIDFontType0C) instead of the OpenType file (/OpenType). Poppler, through
  FreeType, looks the glyphs of an OpenType font up by glyph id, and only
  those of a bare CID-keyed CFF program by CID through the charset. The
  bare program is also a few KiB smaller.

TrueType faces (Amiri, Liberation, Noto Serif) and name-keyed CFF faces are
looked up by glyph id: they are subset and embedded as before. How: see
hexaglot.render.patching; the new expressions run in WeasyPrint's module, so
they reach this one by import. It is inert on any other WeasyPrint version, as
the footnote fixes are.
"""

from __future__ import annotations

import io
import struct
import weakref
from typing import Any

from hexaglot.render.patching import PATCHED_VERSION, is_patched, recompiled

_MODULE = "__import__('hexaglot.render.fontsubset', fromlist=['compactable'])"
_SUBSET_FIX = (
    "harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS |",
    f"(0 if {_MODULE}.compactable(self) else harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS) |",
)
_EMBED_FIX = (
    "pydyf.Stream([font.file_content], font_extra, compress=compress)",
    f"pydyf.Stream([{_MODULE}.program(font, font_extra)], font_extra, compress=compress)",
)

#: The fonts subset without their empty slots, whose CFF program is embedded bare.
_COMPACT: weakref.WeakSet[Any] = weakref.WeakSet()


def apply() -> None:
    """Subset CID-keyed CFF fonts without their empty glyph slots (see module docstring);
    no-op on other WeasyPrint versions."""
    import weasyprint

    if weasyprint.__version__ != PATCHED_VERSION:
        return
    from weasyprint import pdf
    from weasyprint.pdf.fonts import Font

    if is_patched(Font._harfbuzz_subset):
        return
    subset = recompiled(Font._harfbuzz_subset, *_SUBSET_FIX)
    embed = recompiled(pdf.build_fonts_dictionary, *_EMBED_FIX)
    # Both copies are built before either is installed: all or nothing. The
    # dictionary builder is replaced where generate_pdf looks it up.
    Font._harfbuzz_subset = subset
    pdf.build_fonts_dictionary = embed


def compactable(font: Any) -> bool:
    """Whether a WeasyPrint Font is CID-keyed CFF whose charset maps every glyph id to
    the same CID, so that a subset may renumber its glyphs."""
    if "CFF " not in font.tables:
        return False
    from fontTools.cffLib import CFFFontSet
    from fontTools.ttLib import TTFont, TTLibError

    try:
        file = io.BytesIO(font.file_content)
        cff = TTFont(file, fontNumber=font.index, lazy=True).reader["CFF "]
        fontset = CFFFontSet()
        fontset.decompile(io.BytesIO(cff), None)
        top = fontset.topDictIndex[0]
        # A name-keyed font has no ROS: its CIDs are glyph ids.
        if "ROS" not in top.rawDict:
            return False
        if not identity_charset(cff, top.rawDict["charset"], top.numGlyphs):
            return False
    except (TTLibError, struct.error, IndexError, KeyError, ValueError):
        return False  # a font fontTools cannot read: subset it as WeasyPrint does
    _COMPACT.add(font)
    return True


def program(font: Any, extra: Any) -> bytes:
    """The font program to embed for a WeasyPrint Font, with ``extra`` (its stream
    dictionary) saying what it is: a compact subset's bare CFF program (/CIDFontType0C),
    or what WeasyPrint embeds (also when HarfBuzz failed to subset the font, which
    WeasyPrint then embeds whole)."""
    if font not in _COMPACT or font.file_content[:4] != b"OTTO":
        return font.file_content
    from fontTools.ttLib import TTFont

    extra["Subtype"] = "/CIDFontType0C"
    return TTFont(io.BytesIO(font.file_content)).reader["CFF "]


def identity_charset(cff: bytes, offset: int, glyphs: int) -> bool:
    """Whether the charset at ``offset`` in a CID-keyed CFF table gives glyph i CID i.

    The charset lists the CIDs of glyphs 1 to n-1 (glyph 0 is .notdef, CID 0), as an
    array (format 0) or as ranges of consecutive CIDs (formats 1 and 2; Adobe TN 5176,
    section 13).
    """
    fmt = cff[offset]
    position = offset + 1
    if fmt == 0:
        cids = struct.unpack_from(f">{glyphs - 1}H", cff, position)
        return cids == tuple(range(1, glyphs))
    if fmt not in (1, 2):
        return False
    layout = ">HB" if fmt == 1 else ">HH"
    glyph = 1
    while glyph < glyphs:
        first, left = struct.unpack_from(layout, cff, position)
        if first != glyph:
            return False
        glyph += left + 1
        position += struct.calcsize(layout)
    return glyph == glyphs
