"""Compact CJK fonts (hexaglot.render.fontsubset): small, valid, and drawn as before.

The Chinese edition's CJK faces are embedded as bare CID-keyed CFF programs
that hold only the glyphs drawn, each under its CID in the system font. The
tests read the embedded programs back with fontTools and compare every glyph's
outline with the system font's; a stock render and a compact render of the
real Chinese edition give the same text and the same pixels.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.register_assert_rewrite("editions_support")

from editions_support import LANGS, REPO, STEM, Build  # noqa: E402
from fontTools.cffLib import CFFFontSet  # noqa: E402
from fontTools.pens.recordingPen import RecordingPen  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from pdfminer.pdfpage import PDFPage  # noqa: E402
from pdfminer.pdftypes import resolve1  # noqa: E402
from PIL import Image, ImageChops  # noqa: E402

from hexaglot.render import fontsubset, pdf  # noqa: E402
from hexaglot.render.patching import PATCHED_VERSION, is_patched  # noqa: E402

pytest_plugins = ("editions_support",)

#: The six-page Chinese edition of OEWG.2/10 weighed 478 KiB with WeasyPrint's own
#: subsets and 195 KiB with compact ones, of which about 160 KiB are the deflated
#: outlines of the 880 glyphs drawn: no subset of the same outlines is much smaller.
ZH_CEILING_KIB = 210


def _cid_fonts(path: Path) -> dict[str, tuple[str, bytes]]:
    """Each CIDFontType0 of a PDF by name: the /Subtype of its FontFile3 stream and the
    program in it."""
    fonts = {}
    with path.open("rb") as handle:  # pdfminer reads streams lazily: keep the file open
        for page in PDFPage.get_pages(handle):
            for ref in resolve1(resolve1(page.resources).get("Font", {})).values():
                font = resolve1(resolve1(ref)["DescendantFonts"][0])
                if font["Subtype"].name == "CIDFontType0":
                    stream = resolve1(resolve1(font["FontDescriptor"])["FontFile3"])
                    program = (stream.attrs["Subtype"].name, stream.get_data())
                    fonts[font["BaseFont"].name] = program
    return fonts


def _system_cff(postscript_name: str) -> tuple[bytes, Any]:
    """The CFF table of the installed font with this PostScript name, and its top DICT."""
    found = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{index}", f":postscriptname={postscript_name}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    font = TTFont(found[0], fontNumber=int(found[1]), lazy=True)
    assert font["name"].getDebugName(6) == postscript_name, found
    return font.reader["CFF "], font["CFF "].cff.topDictIndex[0]


def _top(program: bytes) -> Any:
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(program), None)
    return cff.topDictIndex[0]


def _postscript_name(program: bytes) -> str:
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(program), None)
    return str(cff.fontNames[0])


def _outline(top: Any, cid: int) -> list[tuple[str, tuple[Any, ...]]]:
    pen = RecordingPen()
    top.CharStrings[f"cid{cid:05d}" if cid else ".notdef"].draw(pen)
    return pen.value


def test_patch_installed() -> None:
    """On the pinned WeasyPrint, preparing renders installs both halves of the fix."""
    import weasyprint
    from weasyprint.pdf.fonts import Font

    if weasyprint.__version__ != PATCHED_VERSION:
        pytest.skip(f"WeasyPrint {weasyprint.__version__}: the fix stays out")
    pdf.prepare()
    assert is_patched(Font._harfbuzz_subset)
    assert is_patched(weasyprint.pdf.build_fonts_dictionary)


def test_zh_edition_under_ceiling(editions: Build) -> None:
    size = editions.path("zh", "pdf").stat().st_size / 1024
    assert size <= ZH_CEILING_KIB, f"zh.pdf is {size:.0f} KiB"


@pytest.mark.parametrize("lang", LANGS)
def test_only_cjk_faces_are_cid_keyed_cff(editions: Build, lang: str) -> None:
    """The other editions embed TrueType faces, which WeasyPrint subsets as before."""
    fonts = _cid_fonts(editions.path(lang, "pdf"))
    assert bool(fonts) == (lang == "zh"), sorted(fonts)
    assert all("CJK" in name for name in fonts), sorted(fonts)


def test_cjk_subsets_are_compact_and_draw_the_system_glyphs(editions: Build) -> None:
    """Each CJK program is a bare CID-keyed CFF program of a few hundred glyphs, each
    under its CID in the installed font and with that font's outline for it.
    (test_glyphs.py checks that they are exactly the glyphs drawn.)"""
    fonts = _cid_fonts(editions.path("zh", "pdf"))
    assert {name.split("+")[1] for name in fonts} == {
        "Noto-Serif-CJK-SC",
        "Noto-Serif-CJK-SC-Bold",
    }
    for name, (subtype, program) in fonts.items():
        assert subtype == "CIDFontType0C", name
        top = _top(program)
        assert top.ROS == ("Adobe", "Identity", 0), name
        cids = [int(glyph.removeprefix("cid")) for glyph in top.charset[1:]]
        assert sorted(cids) == cids, name
        assert len(top.charset) < 1000, f"{name}: {len(top.charset)} glyphs"
        _, system = _system_cff(_postscript_name(program))
        for cid in (0, *cids):
            assert _outline(top, cid) == _outline(system, cid), f"{name}: CID {cid}"


def test_identity_charset_reads_real_charsets(editions: Build) -> None:
    """The installed Noto Serif CJK gives every glyph its id as CID; a compact subset
    of it does not, so it could not be compacted again."""
    table, system = _system_cff("NotoSerifCJKsc-Regular")
    assert fontsubset.identity_charset(table, system.rawDict["charset"], system.numGlyphs)
    for _, program in _cid_fonts(editions.path("zh", "pdf")).values():
        top = _top(program)
        assert not fontsubset.identity_charset(program, top.rawDict["charset"], top.numGlyphs)


_RENDER = """
import sys
from pathlib import Path

from hexaglot.build.editions import edition
from hexaglot.paper import reader
from hexaglot.project.layout import Project
from hexaglot.render import fontsubset, html, pdf

root, stem, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
paper = reader.load(root / "source" / f"{stem}.xml")
zh, _ = edition(Project(root), paper, "zh", (paper.lang, "zh"))
page, images = html.render(zh, for_print=True), html.images(zh)
apply, fontsubset.apply = fontsubset.apply, lambda: None
(out / "stock.pdf").write_bytes(pdf.render(page, images=images))
fontsubset.apply = apply
(out / "compact.pdf").write_bytes(pdf.render(page, images=images))
"""


def _pixels(pdf_path: Path, prefix: Path) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-r", "100", "-png", pdf_path, prefix], check=True)
    return [
        Image.open(png).convert("RGB") for png in sorted(prefix.parent.glob(f"{prefix.name}-*.png"))
    ]


def test_compact_render_matches_stock_render(tmp_path: Path) -> None:
    """The Chinese edition rendered with WeasyPrint's own subsets and with compact ones:
    the same text, the same pixels on every page, less than half the bytes."""
    subprocess.run([sys.executable, "-c", _RENDER, REPO, STEM, tmp_path], check=True)
    stock, compact = tmp_path / "stock.pdf", tmp_path / "compact.pdf"

    def text(path: Path) -> str:
        return subprocess.run(
            ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
        ).stdout

    assert text(compact) == text(stock)
    before, after = _pixels(stock, tmp_path / "stock"), _pixels(compact, tmp_path / "compact")
    assert len(before) == len(after) >= 6
    for number, (old, new) in enumerate(zip(before, after, strict=True), 1):
        assert old.size == new.size, number
        assert ImageChops.difference(old, new).getbbox() is None, f"page {number} differs"
    assert compact.stat().st_size < stock.stat().st_size / 2
