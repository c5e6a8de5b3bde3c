"""Chinese paragraphs are justified to both margins by spacing their characters.

The zh editions of the real paper and of the editorial test paper are built,
and their lines read back with pdfplumber, character by character. A *full
line* is a body line that is not the last line of its paragraph: the next
line on the page continues the same block (same size, same text column, no
label such as "2." or "(a)" at its start, no paragraph spacing above it).
Lines at the foot of a page are left out: from the page alone one cannot
tell whether their paragraph goes on. The control is the same build with
stock WeasyPrint justification (hexaglot.render.justify left out), in a
process of its own since the fix patches WeasyPrint for the whole process.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest
from conftest import REPO, run_hexaglot

pytest.register_assert_rewrite("editions_support")

from editions_support import (  # noqa: E402
    BOTTOM_MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SIDE_MARGIN,
    TOP_MARGIN,
    pdf_pages,
)

from hexaglot.render import justify, pdf  # noqa: E402
from hexaglot.render.patching import PATCHED_VERSION, is_patched  # noqa: E402

RIGHT_MARGIN = PAGE_WIDTH - SIDE_MARGIN
# WeasyPrint writes glyph displacements truncated to 1/1000 em: a spaced line
# of 38 characters ends about 0.35pt short of the margin.
TOLERANCE = 1.5  # pt
BODY_SIZE = 12.0
PITCH = BODY_SIZE * 1.35  # edition.css: line-height 1.35
# Paragraphs are 6pt apart; a sub- or superscript deepens a line by up to 4pt.
SAME_BLOCK_GAP = PITCH + 5
# A label ("1.", "(a)", "•") is an inline-block 10 mm wide before the text.
LABEL_GAP = 3.0
CLOSING = set("，。、；：？！）」』》〉】〕”’")
OPENING = set("（「『《〈【〔“‘")

PAPERS = {
    "OEWG.2/10": (REPO, "UNEP-DTIE-Hg-OEWG.2-10"),
    "editorial": (REPO / "tests" / "papers" / "editorial", "editorial"),
}

# Runs the CLI with the inter-character fix left out: stock WeasyPrint justification.
_STOCK = (
    "import sys\n"
    "from hexaglot.render import justify\n"
    "justify.apply = lambda: None\n"
    "from hexaglot.cli import cli\n"
    "cli(sys.argv[1:], prog_name='hexaglot')\n"
)


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    x1: float
    bottom: float
    size: float
    bold: bool
    text_x0: float  # where the text starts, after a label if the line has one
    labelled: bool


def _line(chars: list[dict]) -> Line:
    chars = sorted(chars, key=lambda c: c["x0"])
    size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]
    bottom = Counter(round(c["bottom"], 1) for c in chars).most_common(1)[0][0]
    bold = sum("Bold" in c["fontname"] for c in chars) * 2 > len(chars)
    gaps = [
        i for i in range(min(len(chars) - 1, 5)) if chars[i + 1]["x0"] - chars[i]["x1"] > LABEL_GAP
    ]
    start = chars[gaps[0] + 1]["x0"] if gaps else chars[0]["x0"]
    text = "".join(c["text"] for c in chars)
    return Line(text, chars[0]["x0"], chars[-1]["x1"], bottom, size, bold, start, bool(gaps))


def page_lines(pdf: Path) -> list[list[Line]]:
    """The lines of text inside each page's area (running heads and folios left out)."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            rows: dict[float, list[dict]] = {}
            for char in page.chars:
                middle = (char["top"] + char["bottom"]) / 2
                if (
                    not char["text"].strip()
                    or not TOP_MARGIN < middle < PAGE_HEIGHT - BOTTOM_MARGIN
                ):
                    continue
                # Lines are 12pt apart or more; sub- and superscripts sit within 5pt.
                key = next((k for k in rows if abs(k - char["bottom"]) < 6), char["bottom"])
                rows.setdefault(key, []).append(char)
            pages.append([_line(rows[key]) for key in sorted(rows)])
    return pages


def classify(pdf: Path) -> tuple[list[Line], list[Line]]:
    """(full lines, last lines) among the body's 12pt regular lines below the title.

    A line is full when the next line on its page continues its block, last
    when the next line starts another; a page's final line is neither.
    """
    full: list[Line] = []
    last: list[Line] = []
    seen_title = False
    for lines in page_lines(pdf):
        body: list[Line] = []
        for line in lines:
            # The masthead ends with the title, the first 14pt bold line.
            seen_title = seen_title or (line.size == 14 and line.bold)
            if seen_title:
                body.append(line)
        for line, following in pairwise(body):
            if line.size != BODY_SIZE or line.bold:
                continue
            goes_on = (
                following.size == BODY_SIZE
                and not following.bold
                and not following.labelled
                and abs(following.x0 - line.text_x0) < 1
                and following.bottom - line.bottom < SAME_BLOCK_GAP
            )
            (full if goes_on else last).append(line)
    return full, last


def justified_share(pdf: Path) -> tuple[int, int]:
    """(full lines ending within TOLERANCE of the right margin, full lines)."""
    lines, _ = classify(pdf)
    return sum(abs(line.x1 - RIGHT_MARGIN) <= TOLERANCE for line in lines), len(lines)


@dataclass(frozen=True)
class ZhBuild:
    justified: Path
    stock: Path


def _build(project: Path, out: Path) -> list[str]:
    return ["-C", str(project), "build", "-l", "zh", "-f", "pdf", "-o", str(out), "--force"]


@pytest.fixture(scope="module")
def zh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ZhBuild]:
    """The zh PDF of each paper, justified by hexaglot and by stock WeasyPrint."""
    built = {}
    for name, (source, stem) in PAPERS.items():
        root = tmp_path_factory.mktemp("justify")
        project = root / "project"
        for folder in ("source", "translations"):
            shutil.copytree(source / folder, project / folder)
        result = run_hexaglot(*_build(project, root / "out"), cwd=root)
        assert result.code == 0, result
        subprocess.run(
            [sys.executable, "-c", _STOCK, *_build(project, root / "stock")],
            check=True,
            capture_output=True,
        )
        built[name] = ZhBuild(root / "out" / stem / "zh.pdf", root / "stock" / stem / "zh.pdf")
    return built


def test_chinese_justifies_between_characters() -> None:
    """languages.toml, not the code, says which languages are spaced between characters."""
    assert justify.spaced_languages() == ("zh",)


def test_fix_is_installed_on_the_pinned_weasyprint() -> None:
    """Rendering patches both functions on WeasyPrint 70.0 (and raises if their source
    differs); on any other version it must patch nothing."""
    import weasyprint
    from weasyprint.layout import inline

    pdf.prepare()
    patched = [is_patched(inline.count_expandable_spaces), is_patched(inline.add_word_spacing)]
    assert patched == [weasyprint.__version__ == PATCHED_VERSION] * 2


@pytest.mark.parametrize("paper", PAPERS)
def test_full_lines_reach_the_right_margin(zh: dict[str, ZhBuild], paper: str) -> None:
    reached, lines = justified_share(zh[paper].justified)
    assert lines > 0
    assert reached >= 0.8 * lines, f"{reached} of {lines} full lines reach the right margin"


@pytest.mark.parametrize("paper", PAPERS)
def test_stock_weasyprint_leaves_chinese_ragged(zh: dict[str, ZhBuild], paper: str) -> None:
    """The control: the same measure fails without the fix. When this test fails,
    WeasyPrint justifies Chinese by itself and hexaglot/render/justify.py can go."""
    reached, lines = justified_share(zh[paper].stock)
    assert reached < 0.8 * lines, f"{reached} of {lines} full lines reach the right margin"


@pytest.mark.parametrize("paper", PAPERS)
def test_last_lines_stay_ragged(zh: dict[str, ZhBuild], paper: str) -> None:
    """A paragraph's last line is not stretched: it ends where it ends without the fix."""
    _, last = classify(zh[paper].justified)
    _, stock = classify(zh[paper].stock)
    assert [(line.text, round(line.x1, 2)) for line in last] == [
        (line.text, round(line.x1, 2)) for line in stock
    ]
    assert any(line.x1 < RIGHT_MARGIN - 4 * BODY_SIZE for line in last)


@pytest.mark.parametrize("paper", PAPERS)
def test_line_breaking_rules_hold(zh: dict[str, ZhBuild], paper: str) -> None:
    """No line starts with closing punctuation nor ends with opening punctuation."""
    lines = [line.text for page in page_lines(zh[paper].justified) for line in page]
    assert [t for t in lines if t[0] in CLOSING or t[-1] in OPENING] == []


@pytest.mark.parametrize("paper", PAPERS)
def test_text_layer_unchanged(zh: dict[str, ZhBuild], paper: str) -> None:
    """The spacing adds no character, not even a space, to what pdftotext and pdfplumber
    read: the text of each page is the same as without justification."""
    build = zh[paper]
    assert pdf_pages(build.justified) == pdf_pages(build.stock)
    with pdfplumber.open(build.justified) as ours, pdfplumber.open(build.stock) as stock:
        texts = [[page.extract_text() for page in pdf.pages] for pdf in (ours, stock)]
    assert texts[0] == texts[1]


def test_same_lines_as_without_justification(zh: dict[str, ZhBuild]) -> None:
    """Justification comes after line breaking: every line holds the same text."""
    for build in zh.values():
        lines = [
            [[line.text for line in page] for page in page_lines(pdf)]
            for pdf in (build.justified, build.stock)
        ]
        assert lines[0] == lines[1]
