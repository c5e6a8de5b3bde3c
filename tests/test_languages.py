"""All six official languages: each edition follows its language's UN conventions.

The expected labels, dates and masthead lines are written out here by hand
(from facts.md and UN documents), not read from languages.toml, so a wrong
entry in the data file fails a test instead of being copied into it.
"""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

pytest.register_assert_rewrite("editions_support")

from babel.messages.pofile import read_po  # noqa: E402
from editions_support import (  # noqa: E402
    CONVENTIONS,
    LANGS,
    MM,
    PAGE_WIDTH,
    PARAGRAPHS,
    REPO,
    SIDE_MARGIN,
    STEM,
    SYMBOL,
    Build,
    Word,
    normalise,
    paragraph_numbers,
    same_line,
    same_symbol,
    squeeze,
)
from fontTools.ttLib import TTFont  # noqa: E402

pytest_plugins = ("editions_support",)

LATIN = ["A.", "B.", "C.", "D.", "E.", "F.", "G.", "H.", "I."]
HEADINGS = {
    "en": ["I.", *LATIN, "II."],
    "fr": ["I.", *LATIN, "II."],
    "es": ["I.", *LATIN, "II."],
    # А, В, С are Cyrillic (U+0410, U+0412, U+0421); Latin letters from D on.
    "ru": ["I.", "\u0410.", "\u0412.", "\u0421.", *LATIN[3:], "II."],
    "ar": [
        "أولا -",
        *(f"{name} -" for name in ("ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء")),
        "ثانيا -",
    ],
    "zh": ["一、", *(f"{letter[0]}．" for letter in LATIN), "二、"],
}
SUBPARAGRAPHS = {
    "en": ["(a)", "(b)"],
    "zh": ["(a)", "(b)"],
    "fr": ["a)", "b)"],
    "es": ["a)", "b)"],
    "ru": ["a)", "b)"],
    "ar": ["(أ)", "(ب)"],
}
DATES = {
    "en": "6–10 October 2008",
    "fr": "6-10 octobre 2008",
    "es": "6 a 10 de octubre de 2008",
    "ru": "6-10 октября 2008 года",
    "ar": "6-10 تشرين الأول/أكتوبر 2008",
    "zh": "2008年10月6日至10日",
}
ENGLISH_BLOCK = ("Distr.: General", "Original: English")
DISTRIBUTION = {
    "en": ENGLISH_BLOCK,
    "ar": ENGLISH_BLOCK,
    "ru": ENGLISH_BLOCK,
    "zh": ENGLISH_BLOCK,
    "fr": ("Distr. générale", "Original : anglais"),
    "es": ("Distr. general", "Original: inglés"),
}


def pdf_text(build: Build, lang: str) -> str:
    """The whole PDF text without whitespace (pdftotext wraps and spaces Arabic freely)."""
    return squeeze("".join(build.pages(lang)))


def in_order(text: str, parts: list[str]) -> bool:
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


@pytest.mark.parametrize("lang", LANGS)
def test_paragraph_anchors(editions: Build, lang: str) -> None:
    """para_1 … para_39 in order: "paragraph 27" links the same in every language."""
    root = editions.html(lang)
    ids = [p.get("id") for p in root.find_class("para")]
    assert ids == [f"para_{n}" for n in range(1, PARAGRAPHS + 1)]


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_paragraph_numbers_and_asterisk(editions: Build, lang: str) -> None:
    """1 … 39 at the start of their paragraphs (right to left in Arabic), "*" on page 1."""
    found = [n for n, _, _ in paragraph_numbers(editions.words(lang), rtl=lang == "ar")]
    assert found == list(range(1, PARAGRAPHS + 1))
    assert editions.pages(lang)[0].count("*") >= 2


@pytest.mark.parametrize("lang", LANGS)
def test_heading_labels(editions: Build, lang: str) -> None:
    """Sections and subsections are numbered in the language's style, in the page and PDF."""
    root = editions.html(lang)
    headings = root.xpath("//main//h2 | //main//h3")
    # The label keeps the space that separates it from the heading's text.
    labels = [h.find_class("num")[0].text_content() for h in headings if h.find_class("num")]
    assert [label.strip() for label in labels] == HEADINGS[lang]
    assert all(label.endswith(" ") for label in labels) == (lang != "zh")
    if lang == "ar":
        # pdftotext spaces Arabic words unreliably: the label alone must be there.
        parts = [squeeze(label) for label in labels]
    else:
        parts = [squeeze(h.text_content())[:6] for h in headings if h.find_class("num")]
    assert in_order(pdf_text(editions, lang), parts)


@pytest.mark.parametrize("lang", LANGS)
def test_subparagraph_labels(editions: Build, lang: str) -> None:
    """Paragraph 14's subparagraphs: (a) (b), a) b) or (أ) (ب)."""
    root = editions.html(lang)
    items = root.xpath("//p[@id='para_14']/following-sibling::ol[1]/li")
    assert [li.find_class("num")[0].text_content() for li in items] == SUBPARAGRAPHS[lang]
    parts = [squeeze(li.text_content())[:6] for li in items]
    if lang == "ar":
        parts = [squeeze(label) for label in SUBPARAGRAPHS[lang]]
    assert in_order(pdf_text(editions, lang), parts)


@pytest.mark.parametrize("lang", LANGS)
def test_meeting_dates(editions: Build, lang: str) -> None:
    """The meeting's dates in UN house style (not CLDR's interval formats)."""
    meeting = editions.html(lang).find_class("meeting")[0]
    lines = [normalise(p.text_content()) for p in meeting.iterchildren("p")]
    assert lines[3] == DATES[lang]
    assert squeeze(DATES[lang]) in pdf_text(editions, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_distribution_block(editions: Build, lang: str) -> None:
    """Kept in English in ar, ru and zh editions; localised in fr and es."""
    dist = editions.html(lang).find_class("dist")[0]
    lines = [normalise(p.text_content()) for p in dist.iterchildren("p")]
    assert lines[0] == SYMBOL
    assert (lines[1], lines[-1]) == DISTRIBUTION[lang]
    # An original shows only "Original: …"; a translation names its own language above it.
    assert len(lines) == (4 if lang == "en" else 5), lines
    text = pdf_text(editions, lang)
    assert all(squeeze(line) in text for line in DISTRIBUTION[lang])


# Glyphs -------------------------------------------------------------------------

SERIES_FONTS = ("Liberation Sans", "Arial", "sans-serif")  # the "EP" of the masthead


@cache
def font_file(family: str) -> str:
    """The file fontconfig picks for ``family`` (what WeasyPrint, through Pango, gets)."""
    return subprocess.run(
        ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=True
    ).stdout


@cache
def coverage(path: str) -> frozenset[int]:
    """The code points the font's cmap maps (first face of a .ttc)."""
    with TTFont(path, fontNumber=0, lazy=True) as font:
        return frozenset(font.getBestCmap())


@pytest.mark.parametrize("lang", LANGS)
def test_every_character_has_a_glyph(editions: Build, lang: str) -> None:
    """Every character of the PDF's text is in a font of the edition's font stacks.

    Method: take the text with pdftotext; for each family of the language's
    stack (languages.toml), of the masthead language's stack and of the
    masthead's sans "EP", ask fontconfig (fc-match) for the file it selects,
    as WeasyPrint's Pango does, and read that file's cmap with fontTools.
    Every character (whitespace and pdftotext's bidi marks aside) must be in
    the union: the stack's own fallback chain is allowed ("serif" resolves to
    Noto Serif, which draws U+2011 for Liberation Serif), a glyph picked by
    fontconfig from outside the stacks, or none at all, is not.
    """
    masthead = CONVENTIONS[lang]["masthead"]
    families = [*CONVENTIONS[lang]["fonts"], *CONVENTIONS[masthead]["fonts"], *SERIES_FONTS]
    covered = frozenset().union(*(coverage(font_file(f)) for f in families))
    text = "".join(editions.pages(lang))
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})
    assert [f"U+{ord(ch):04X} {ch}" for ch in missing] == []


@pytest.mark.parametrize("lang", LANGS)
def test_no_unmapped_glyph(editions: Build, lang: str) -> None:
    """No glyph in the PDF lacks text: pdfplumber sees no empty or U+FFFD character."""
    with pdfplumber.open(editions.path(lang, "pdf")) as pdf:
        bad = [
            (number, round(c["x0"]), round(c["top"]))
            for number, page in enumerate(pdf.pages, 1)
            for c in page.chars
            if c["text"] in ("", "\ufffd")
        ]
    assert bad == []


# Arabic: right to left ----------------------------------------------------------


def test_arabic_html_is_right_to_left(editions: Build) -> None:
    assert editions.html("ar").get("dir") == "rtl"


def test_arabic_paragraph_numbers_at_the_right(editions: Build) -> None:
    """Each paragraph number hangs at the right margin, right of its line's text."""
    pages = editions.words("ar")
    right_margin = PAGE_WIDTH - SIDE_MARGIN
    found = list(paragraph_numbers(pages, rtl=True))
    assert [n for n, _, _ in found] == list(range(1, PARAGRAPHS + 1))
    for number, word, page in found:
        assert right_margin - word.x1 <= 15 * MM, f"paragraph {number} (page {page})"
        line = [w for w in pages[page - 1] if same_line(w, word) and w is not word]
        assert line, f"paragraph {number} has no text beside its number"
        assert word.x0 >= max(w.x1 for w in line), f"paragraph {number} (page {page})"


def spells(word: str, *texts: str) -> bool:
    """Whether a PDF word is one of ``texts`` in logical or visual (reversed) order."""
    return word in texts or word[::-1] in texts


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_masthead_mirrored_in_arabic(editions: Build, lang: str) -> None:
    """Arabic: symbol left, "الأمم المتحدة" right; other editions the other way round."""
    page = editions.words(lang)[0]
    # The masthead ends with the "Original: English" line (English in both editions).
    end = next(w for w in page if w.text == "Original:").bottom
    words = [w for w in page if w.bottom <= end + 1]
    symbol = [w for w in words if same_symbol(w.text)]
    assert len(symbol) == 1

    def left(word: Word) -> bool:
        return (word.x0 + word.x1) / 2 < PAGE_WIDTH / 2

    if lang == "ar":
        un = [w for w in words if spells(w.text, "الأمم", "المتحدة")]
        assert len(un) >= 2
        assert left(symbol[0])
        assert not any(left(w) for w in un)
    else:
        un = [w for w in words if w.text in ("United", "Nations")]
        assert len(un) >= 2
        assert not left(symbol[0])
        assert all(left(w) for w in un)


# Catalogues -----------------------------------------------------------------------

PAPER_CATALOGUES = sorted((REPO / "translations").glob(f"*/{STEM}.po"))
TOOLKIT_LOCALE = REPO / "cli" / "hexaglot" / "data" / "locale"
TOOLKIT_CATALOGUES = sorted(TOOLKIT_LOCALE.glob("*/hexaglot.po"))


def template_size(po: Path) -> int:
    """How many messages the catalogue's template has."""
    if po.name == "hexaglot.po":
        pot = TOOLKIT_LOCALE / "hexaglot.pot"
    else:
        pot = REPO / "translations" / "templates" / f"{STEM}.pot"
    with pot.open("rb") as f:
        return sum(1 for m in read_po(f) if m.id)


@pytest.mark.parametrize(
    "po",
    PAPER_CATALOGUES + TOOLKIT_CATALOGUES,
    ids=lambda p: p.relative_to(REPO).as_posix(),
)
def test_catalogue_complete(po: Path, tmp_path: Path) -> None:
    """msgfmt --check passes and counts every template message translated, none fuzzy."""
    proc = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "out.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    stats = proc.stderr.strip().splitlines()[-1]
    assert "fuzzy" not in stats and "untranslated" not in stats, stats
    match = re.fullmatch(r"(\d+) translated messages?\.", stats)
    assert match, stats
    assert int(match.group(1)) == template_size(po)


def test_every_language_has_a_catalogue() -> None:
    assert sorted(p.parent.name for p in PAPER_CATALOGUES) == [x for x in LANGS if x != "en"]
    assert sorted(p.parent.name for p in TOOLKIT_CATALOGUES) == list(LANGS)
