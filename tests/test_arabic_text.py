"""The text layer of every Arabic PDF edition reads back: its words and its symbols.

Each Arabic edition (the real paper OEWG.2/10 and the editorial test paper)
is built and read back with ``pdftotext``, as a user's copy or search sees
it. Two measures:

- word recovery: of the Arabic words of more than three letters in the
  paper's ar catalogue (every translated msgstr), the share found as whole
  words in the PDF's text, counting each occurrence (a word the catalogue
  has twice must be read twice). It must reach 98%.
- symbols: the paper's symbol on every page (masthead, running heads) and
  every ``<symbol>`` of the paper and its meeting read back exactly as
  written, never with their brackets swapped.

What is normalised, and why: pdftotext's embedding marks (U+202A–U+202E)
and the directional marks U+200E/U+200F are layout, not text; tatweel
(U+0640) only stretches a line. Nothing else is: no folding of alef or hamza
forms, harakat stay, and a space pdftotext puts inside a word splits it, so
the word counts as lost. A word's length counts its letters, not its harakat.
The figure's text for the image (``…__alt``) is left out: it is not printed,
it is the figure's /Alt in the structure tree, which pdftotext does not read.

The control: the same builds in a process where the /ActualText fix
(hexaglot.render.actualtext) is left out must fail both measures, so these
tests can fail.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, run_hexaglot
from lxml import etree

from hexaglot.catalogs import pofile
from hexaglot.paper.reader import meeting_path

pytest.register_assert_rewrite("editions_support")

from editions_support import Started, pdf_pages  # noqa: E402

pytest_plugins = ("editions_support",)

#: The Arabic editions: paper stem -> its project folder.
PAPERS = {
    "UNEP-DTIE-Hg-OEWG.2-10": REPO,
    "editorial": REPO / "tests" / "papers" / "editorial",
}
THRESHOLD = 0.98

_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_HARAKAT = "\u064b-\u065f\u0670"
_WORD = re.compile(f"[{_LETTERS}{_HARAKAT}]+")
_NOT_LETTERS = re.compile(f"[{_HARAKAT}]")
_IGNORED = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u0640"))

# The build as it was before the fix: hexaglot.render.pdf.prepare() then
# leaves WeasyPrint's text drawing as it is.
_UNPATCHED = """
import sys
from hexaglot.render import actualtext
actualtext.apply = lambda: None
from hexaglot.cli import cli
cli(sys.argv[1:], prog_name="hexaglot")
"""

# Another fix recompiles draw_first_line first: the hook must refuse, not drop it.
_TWO_FIXES = """
from weasyprint.draw import text
from hexaglot.render import actualtext, patching
text.draw_first_line = patching.recompiled(
    text.draw_first_line, "width = glyph_info.geometry.width", "width = glyph_info.geometry.width"
)
try:
    actualtext.apply()
except RuntimeError as error:
    print(error)
"""


def arabic_words(text: str) -> Counter[str]:
    """The Arabic words of more than three letters in ``text``, with their counts."""
    words = _WORD.findall(text.translate(_IGNORED))
    return Counter(w for w in words if len(_NOT_LETTERS.sub("", w)) > 3)


def catalogue_words(stem: str) -> Counter[str]:
    """The Arabic words of the paper's ar catalogue that its PDF prints."""
    catalogue = pofile.read(PAPERS[stem] / "translations" / "ar" / f"{stem}.po")
    words: Counter[str] = Counter()
    for message in catalogue:
        if message.string and not message.fuzzy and not message.context.endswith("__alt"):
            words += arabic_words(message.string)
    return words


def recovery(stem: str, pdf: Path) -> tuple[float, list[str]]:
    """The share of the catalogue's words the PDF reads back, and the words it misses."""
    wanted = catalogue_words(stem)
    found = arabic_words("\n".join(pdf_pages(pdf)))
    read = sum(min(count, found[word]) for word, count in wanted.items())
    return read / sum(wanted.values()), sorted(w for w in wanted if found[w] < wanted[w])


def symbols(stem: str) -> tuple[str, set[str]]:
    """The paper's symbol, and every symbol its text and its meeting's show."""
    source = PAPERS[stem] / "source" / f"{stem}.xml"
    root = etree.parse(str(source)).getroot()
    trees = [root]
    for meeting in root.iterfind("masthead/meeting[@ref]"):  # a meeting kept in its own file
        trees.append(etree.parse(str(meeting_path(source, meeting.get("ref")))).getroot())
    return root.get("symbol"), {el.text for tree in trees for el in tree.iter("symbol")}


def has(text: str, symbol: str) -> bool:
    """Whether ``symbol`` is in ``text`` as a whole symbol (…/1 is not …/10).

    Only Latin letters, digits and "/" extend a symbol: pdftotext may join an
    Arabic word to it, the space between them moved to the other side of a
    full stop by its reordering of right-to-left lines.
    """
    pattern = rf"(?<![A-Za-z0-9/]){re.escape(symbol)}(?![A-Za-z0-9/])"
    return re.search(pattern, text) is not None


def symbol_faults(stem: str, pdf: Path) -> list[str]:
    """Each page that lacks the paper's symbol, each symbol missing or read mirrored."""
    own, others = symbols(stem)
    pages = pdf_pages(pdf)
    faults = [f"page {n}: no {own}" for n, page in enumerate(pages, 1) if not has(page, own)]
    text = "\n".join(pages)
    for symbol in sorted(others | {own}):
        mirrored = symbol.translate(str.maketrans("()[]", ")(]["))
        if not has(text, symbol):
            faults.append(f"{symbol} not read back")
        if mirrored != symbol and mirrored in text:
            faults.append(f"{symbol} read as {mirrored}")
    return faults


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Per paper: its Arabic PDF as built, and as built without the fix."""
    out = tmp_path_factory.mktemp("arabic")
    control = {
        stem: Started(
            [
                sys.executable,
                "-c",
                _UNPATCHED,
                "-C",
                project,
                "build",
                "-l",
                "ar",
                "-f",
                "pdf",
                "-j",
                "1",
                "-o",
                out / "unpatched" / stem,
            ],
            f"unpatched build of {stem}",
        )
        for stem, project in PAPERS.items()
    }
    try:
        for stem, project in PAPERS.items():
            args = ("-C", project, "build", "-l", "ar", "-f", "pdf", "-o", out / "built" / stem)
            result = run_hexaglot(*args, cwd=REPO)
            assert result.code == 0, result
        for started in control.values():
            started.wait()
    finally:
        for started in control.values():
            started.stop()
    return {
        stem: tuple(out / kind / stem / stem / "ar.pdf" for kind in ("built", "unpatched"))
        for stem in PAPERS
    }


@pytest.mark.parametrize("stem", PAPERS)
def test_arabic_words_read_back(stem: str, pdfs: dict[str, tuple[Path, Path]]) -> None:
    share, missing = recovery(stem, pdfs[stem][0])
    assert share >= THRESHOLD, f"{share:.1%} of the catalogue's words; missing {missing}"


@pytest.mark.parametrize("stem", PAPERS)
def test_symbols_read_back_exactly(stem: str, pdfs: dict[str, tuple[Path, Path]]) -> None:
    assert symbol_faults(stem, pdfs[stem][0]) == []


@pytest.mark.parametrize("stem", PAPERS)
def test_measure_fails_without_the_fix(stem: str, pdfs: dict[str, tuple[Path, Path]]) -> None:
    """The same paper built without /ActualText falls below the threshold."""
    share, missing = recovery(stem, pdfs[stem][1])
    assert share < THRESHOLD and missing


def test_symbol_check_fails_without_the_fix(pdfs: dict[str, tuple[Path, Path]]) -> None:
    """Without the fix the running heads of OEWG.2/10 read "UNEP)DTIE(/Hg/OEWG.2/10"."""
    faults = symbol_faults("UNEP-DTIE-Hg-OEWG.2-10", pdfs["UNEP-DTIE-Hg-OEWG.2-10"][1])
    assert "UNEP(DTIE)/Hg/OEWG.2/10 read as UNEP)DTIE(/Hg/OEWG.2/10" in faults


def test_hook_refuses_to_drop_another_fix_of_draw_first_line() -> None:
    """Two fixes of one function must be combined: recompiling would lose the first."""
    out = subprocess.run(
        [sys.executable, "-c", _TWO_FIXES], capture_output=True, text=True, check=True
    ).stdout
    assert "draw_first_line is already patched by another fix" in out
