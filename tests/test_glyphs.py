"""No glyph is missing from any PDF edition, checked against the fonts the PDF embeds.

Text extraction cannot show a missing glyph: WeasyPrint writes the intended
character into the ToUnicode map even when the font drew .notdef. So this
reads the fonts and glyphs themselves:

- WeasyPrint gives a font the /Identity-H encoding unless one of its glyphs is
  missing; then it writes a CMap that sends those codes to CID 0 (.notdef)
  (weasyprint/pdf/fonts.py). Every font must be /Identity-H.
- Every glyph the content streams draw must not be 0 and must exist in the
  embedded program. Under Identity-H a code is a CID. For a TrueType program
  (CIDToGIDMap /Identity) and an OpenType-wrapped CFF program, as WeasyPrint
  writes them, the CID is the glyph id. A bare CID-keyed CFF program (the
  compact CJK subsets, hexaglot.render.fontsubset) has glyphs for the CIDs of
  its charset (ISO 32000, 9.7.4.2).
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

pytest.register_assert_rewrite("editions_support")

from editions_support import LANGS, Build  # noqa: E402
from fontTools.cffLib import CFFFontSet  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from pdfminer.converter import PDFPageAggregator  # noqa: E402
from pdfminer.layout import LAParams  # noqa: E402
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager  # noqa: E402
from pdfminer.pdfpage import PDFPage  # noqa: E402
from pdfminer.pdftypes import resolve1  # noqa: E402

from hexaglot.render.pdf import render  # noqa: E402

pytest_plugins = ("editions_support",)


class _GlyphRecorder(PDFPageAggregator):
    """Records every (font, CID) a page draws."""

    def __init__(self, manager: PDFResourceManager) -> None:
        super().__init__(manager, laparams=LAParams())
        self.drawn: Counter[tuple[str, int]] = Counter()
        self.fonts: dict[str, Any] = {}

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):  # type: ignore[no-untyped-def]
        self.drawn[(font.fontname, cid)] += 1
        self.fonts[font.fontname] = font
        return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)


def _glyph_codes(font: Any) -> set[int]:
    """The codes (CIDs) that reach a glyph of the font program the PDF embeds for ``font``."""
    descriptor = font.descriptor
    assert "FontFile2" in descriptor or "FontFile3" in descriptor, f"{font.fontname} not embedded"
    if "FontFile2" in descriptor:  # TrueType
        data = resolve1(descriptor["FontFile2"]).get_data()
        return set(range(len(TTFont(io.BytesIO(data)).getGlyphSet())))
    data = resolve1(descriptor["FontFile3"]).get_data()
    if data[:4] == b"OTTO":
        return set(range(len(TTFont(io.BytesIO(data)).getGlyphOrder())))
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data), None)
    top = cff[cff.fontNames[0]]
    if not hasattr(top, "ROS"):  # name-keyed: CIDs are glyph ids
        return set(range(len(top.charset)))
    return {0} | {int(name.removeprefix("cid")) for name in top.charset[1:]}


def _encodings(page: PDFPage) -> dict[str, str]:
    """Each font of ``page`` with its encoding (a name, or "CMap" for a stream)."""
    fonts = resolve1(resolve1(page.resources).get("Font", {}))
    out = {}
    for ref in fonts.values():
        font = resolve1(ref)
        encoding = resolve1(font.get("Encoding"))
        name = getattr(font.get("BaseFont"), "name", str(font.get("BaseFont")))
        out[name] = getattr(encoding, "name", "CMap")
    return out


def _drawn(pdf: Path) -> tuple[Counter[tuple[str, int]], dict[str, set[int]], dict[str, str]]:
    """The (font, CID) pairs drawn, each font's codes that have a glyph, and its encoding."""
    manager = PDFResourceManager()
    recorder = _GlyphRecorder(manager)
    interpreter = PDFPageInterpreter(manager, recorder)
    encodings: dict[str, str] = {}
    with pdf.open("rb") as handle:  # font streams are read lazily: keep it open
        for page in PDFPage.get_pages(handle):
            encodings.update(_encodings(page))
            interpreter.process_page(page)
        codes = {name: _glyph_codes(font) for name, font in recorder.fonts.items()}
    return recorder.drawn, codes, encodings


@pytest.mark.parametrize("lang", LANGS)
def test_no_glyph_is_missing(editions: Build, lang: str) -> None:
    """Every glyph drawn is a real glyph of the font embedded for it."""
    drawn, codes, encodings = _drawn(editions.path(lang, "pdf"))
    assert drawn, "no text drawn at all"
    assert encodings and set(encodings.values()) == {"Identity-H"}, encodings
    notdef = {font for font, cid in drawn if cid == 0}
    assert not notdef, f"{lang}: .notdef drawn with {sorted(notdef)}"
    for name, known in codes.items():
        beyond = sorted(cid for f, cid in drawn if f == name and cid not in known)
        assert not beyond, f"{lang}: {name} has {len(known)} glyphs; drawn: {beyond[:5]}"


def test_cjk_programs_hold_only_the_glyphs_drawn(editions: Build) -> None:
    """The CJK subsets are compact (hexaglot.render.fontsubset): each has .notdef, the
    glyphs drawn with it and the few that HarfBuzz keeps for the variation sequences of
    the characters drawn (、 U+3001 U+FE01 ...), none of the 63,000 empty slots."""
    drawn, codes, _ = _drawn(editions.path("zh", "pdf"))
    cjk = {name: known for name, known in codes.items() if "CJK" in name}
    assert len(cjk) == 2, sorted(codes)
    for name, known in cjk.items():
        used = {0} | {cid for font, cid in drawn if font == name}
        assert used <= known, name
        assert len(known - used) <= len(used) // 50, f"{name}: {sorted(known - used)}"


def test_recorder_sees_notdef(tmp_path: Path) -> None:
    """The check can fail: a character no installed font has is drawn as glyph 0."""
    pdf = tmp_path / "tofu.pdf"
    # U+10FFFD is a private-use code point that no font on the system covers.
    page = '<html lang="en"><p style="font-family: Liberation Serif">a \U0010fffd b</p></html>'
    pdf.write_bytes(render(page))
    _, _, encodings = _drawn(pdf)
    assert set(encodings.values()) == {"CMap"}, encodings
