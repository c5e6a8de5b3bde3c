"""Editions: HTML and print-ready PDF in UN layout.

What a reader, a printer and a web server get from ``hexaglot build``: the
Chinese edition carries the official text of the seed; paragraph numbers,
footnotes, running heads and the job number stand where a UN paper has them;
the PDFs embed their fonts and are tagged, with metadata; the web pages are
valid HTML5 and link to each other; builds are reproducible and incremental.

Builds are shared session fixtures from editions_support.py.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest
from lxml import html as lxml_html

# Before the import below, so that the helpers' asserts are rewritten (and no warning).
pytest.register_assert_rewrite("editions_support")

from conftest import Runner  # noqa: E402
from editions_support import (  # noqa: E402
    AGENDA_SYMBOL,
    BOTTOM_MARGIN,
    LANGS,
    LONG_NOTES,
    LONG_PAPER,
    MM,
    NB_HYPHEN,
    PAGE_HEIGHT,
    PARAGRAPHS,
    SEED_NOTE,
    STEM,
    SYMBOL,
    Axe,
    Build,
    Incremental,
    SecondBuild,
    StockRender,
    Word,
    body_seed_lines,
    missing_in_order,
    note_pages,
    nu_errors,
    paragraph_numbers,
    same_symbol,
    snapshot,
    squeeze,
)
from pdfminer.pdftypes import resolve1  # noqa: E402

pytest_plugins = ("editions_support",)
REPO = Path(__file__).resolve().parents[1]

# Fidelity of the Chinese edition to the seed ----------------------------------


def strip_furniture(pages: list[str]) -> list[str]:
    """Each page's text without whitespace, running head and folio.

    The running head is the first line from page 2 on. pdftotext does not
    always put the folio last (on some pages it comes mid-page, in reading
    order), so the last line equal to the page number is dropped wherever it is.
    """
    out = []
    for number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if number > 1:
            assert lines[0] == SYMBOL, f"page {number} does not start with the running head"
            del lines[0]
            folio = [i for i, line in enumerate(lines) if line == str(number)]
            assert folio, f"page {number} has no page number"
            del lines[folio[-1]]
        out.append(squeeze("".join(lines)))
    return out


def test_zh_pdf_carries_the_seed(editions: Build) -> None:
    """Every seed line appears in the zh PDF, in order, character for character.

    The footnote is taken out of the flow first (it sits at the foot of page 1,
    and could interrupt a paragraph running over a page break); it must be on
    page 1.
    """
    pages = strip_furniture(editions.pages("zh"))
    assert [n for n, page in enumerate(pages, 1) if SEED_NOTE in page] == [1]
    flow = "".join(pages).replace(SEED_NOTE, "", 1)
    assert missing_in_order(flow, body_seed_lines()) == []
    text = "".join(editions.pages("zh"))
    assert "UNEP/GC/24/3/Add.1" in text


def test_zh_pdf_keeps_non_breaking_hyphens(editions: Build) -> None:
    """The seed's U+2011 (SC‑1/15, 2009‑2010) survive in the PDF's text, untouched."""
    flow = "".join(strip_furniture(editions.pages("zh")))
    hyphenated = [line for line in body_seed_lines() if NB_HYPHEN in line]
    assert len(hyphenated) == 2
    assert missing_in_order(flow, hyphenated) == []


def test_zh_html_carries_the_seed(editions: Build) -> None:
    """Every seed line, U+2011 included, appears in the zh web page's text, in order."""
    body = editions.html("zh").find("body")
    text = squeeze(body.text_content())
    assert missing_in_order(text, body_seed_lines()) == []
    assert SEED_NOTE in text


# Paragraph numbers and footnotes --------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_paragraph_numbers_and_asterisk(editions: Build, lang: str) -> None:
    """Numbers 1–39 hang at the left margin in order; the "*" call and note are on page 1."""
    found = [n for n, _, _ in paragraph_numbers(editions.words(lang), rtl=False)]
    assert found == list(range(1, PARAGRAPHS + 1))
    pages = editions.pages(lang)
    assert pages[0].count("*") >= 2, "page 1 needs the call and the note marker"
    assert all("*" not in page for page in pages[1:])


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_note_on_page_one(editions: Build, lang: str) -> None:
    """The asterisk note stands at the foot of page 1, the page of its call, and nowhere else."""
    text = editions.pages(lang)
    assert text[0].count("*") >= 2, "page 1 needs the call and the note marker"
    assert all("*" not in page for page in text[1:])
    pages = editions.words(lang)

    def notes(words: list[Word]) -> list[Word]:
        return [w for w in words if same_symbol(w.text.strip(".。"), AGENDA_SYMBOL)]

    first = notes(pages[0])
    assert len(first) == 1
    assert first[0].top > PAGE_HEIGHT * 2 / 3
    assert [n for n, words in enumerate(pages[1:], 2) if notes(words)] == []


def load_generator() -> ModuleType:
    path = LONG_PAPER.with_name("make_long_footnotes.py")
    spec = importlib.util.spec_from_file_location("make_long_footnotes", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_long_paper_is_what_its_generator_writes() -> None:
    """The committed paper is reproducible: regenerate it, same text."""
    assert load_generator().generate() == LONG_PAPER.read_text("utf-8")


def test_long_paper_is_valid_and_long(long_build: Build) -> None:
    """It passes validate and is long enough to press on page breaks (~25 pages, 40 notes)."""
    assert "1 paper(s) and 0 catalogue(s) valid" in long_build.log
    text = LONG_PAPER.read_text("utf-8")
    assert text.count("<para ") == 150
    assert len(re.findall(r'<note id="fn_\d+"', text)) == LONG_NOTES
    pages = len(long_build.pages("en"))
    assert 20 <= pages <= 32


def test_long_paper_prints_every_note_once(long_build: Build) -> None:
    """No note is lost or doubled (WeasyPrint 70.0 can drop a note deferred mid-line)."""
    calls, notes = note_pages(long_build.path("en", "pdf"))
    numbers = range(1, LONG_NOTES + 1)
    assert {n: len(calls.get(n, [])) for n in numbers} == dict.fromkeys(numbers, 1)
    assert {n: len(notes.get(n, [])) for n in numbers} == dict.fromkeys(numbers, 1)


def misplaced(pdf: Path) -> dict[int, tuple[list[int], list[int]]]:
    """Notes whose text is not on the page of their call: {n: (call pages, note pages)}."""
    calls, notes = note_pages(pdf)
    return {
        n: (calls.get(n, []), notes.get(n, []))
        for n in range(1, LONG_NOTES + 1)
        if calls.get(n) != notes.get(n) or len(calls.get(n, [])) != 1
    }


def test_long_paper_notes_on_the_page_of_their_call(long_build: Build) -> None:
    """Each note's text (TOKEN-n) is on the page of its call (after CALLnX)."""
    assert misplaced(long_build.path("en", "pdf")) == {}


def test_asterisk_note_of_long_paper_on_page_one(long_build: Build) -> None:
    pages = long_build.pages("en")
    assert "UNEP/FN/1/0." in pages[0]


def test_stock_weasyprint_misplaces_footnotes(stock_render: StockRender) -> None:
    """Stock WeasyPrint 70.0 misplaces notes that hexaglot.footnotes fixes.

    Both renders pin footnote-policy to "line": with "auto", WeasyPrint moves
    a note that does not fit to the next page by design, patched or not, which
    would hide whether the patch still matters. When this test fails, upstream
    has fixed the bugs and the patch can go.
    """
    wrong = misplaced(stock_render.stock)
    if not wrong:
        pytest.fail(
            f"WeasyPrint no longer misplaces footnotes: remove hexaglot/footnotes.py "
            f"(WeasyPrint {stock_render.version})"
        )


def test_patched_weasyprint_places_every_footnote(stock_render: StockRender) -> None:
    """With hexaglot.footnotes.apply() and footnote-policy: line, every note is on its page."""
    assert misplaced(stock_render.patched) == {}


# Fonts, metadata, page furniture ----------------------------------------------

MAIN_FONT = {"ar": "Amiri", "zh": "Noto Serif CJK SC"} | dict.fromkeys(
    ("en", "es", "fr", "ru"), "Liberation Serif"
)


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_embedded(editions: Build, lang: str) -> None:
    """Every font is embedded (a print shop needs them); the body face is the language's."""
    out = subprocess.run(
        ["pdffonts", str(editions.path(lang, "pdf"))], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    fonts = [line.split() for line in out[2:] if line.strip()]
    assert fonts
    assert [f[0] for f in fonts if f[-5] != "yes"] == []
    names = {re.sub(r"[^A-Za-z]", "", f[0].partition("+")[2]) for f in fonts}
    assert MAIN_FONT[lang].replace(" ", "") in names


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_metadata(editions: Build, lang: str) -> None:
    """/Lang, a title with the symbol, a structure tree (tagged) and bookmarks."""
    with pdfplumber.open(editions.path(lang, "pdf")) as pdf:
        catalog = pdf.doc.catalog
        assert resolve1(catalog["Lang"]) == lang.encode()
        assert SYMBOL in pdf.metadata["Title"]
        assert "StructTreeRoot" in catalog
        assert resolve1(catalog["MarkInfo"])["Marked"] is True
        titles = [outline[1] for outline in pdf.doc.get_outlines()]
        xmp = resolve1(catalog["Metadata"]).get_data()
    assert len(titles) >= 13  # title, Background, I, A–I, II
    assert b'pdfuaid:part="1"' in xmp  # the default variant is PDF/UA-1


@pytest.mark.parametrize("lang", LANGS)
def test_running_head(editions: Build, lang: str) -> None:
    """Page 1 shows the symbol only in the masthead; later pages in the top 20 mm."""
    pages = editions.words(lang)
    assert len(pages) > 1
    first = [w for w in pages[0] if same_symbol(w.text)]
    assert len(first) == 1
    assert first[0].top > 15 * MM
    for number, words in enumerate(pages[1:], 2):
        heads = [w for w in words if same_symbol(w.text) and w.bottom <= 20 * MM]
        assert heads, f"page {number} has no running head"


@pytest.mark.parametrize("lang", LANGS)
def test_page_numbers_from_page_two(editions: Build, lang: str) -> None:
    """The folio stands in the foot margin of every page but the first."""
    pages = editions.words(lang)
    foot = PAGE_HEIGHT - BOTTOM_MARGIN
    assert [w.text for w in pages[0] if w.top > foot] == []
    for number, words in enumerate(pages[1:], 2):
        assert [w.text for w in words if w.top > foot] == [str(number)]


def test_two_builds_are_byte_identical(editions: Build, second_build: SecondBuild) -> None:
    """Another project folder, another output folder: the same bytes for every edition."""
    first = snapshot(editions.out)
    outputs = [f"{STEM}/{lang}.{fmt}" for lang in LANGS for fmt in ("html", "pdf")]
    assert {k: first[k] for k in outputs} == {k: second_build.hashes[k] for k in outputs}


def test_three_shards_make_the_whole_build(editions: Build, tmp_path: Path, run: Runner) -> None:
    """build --shard K/3 for K = 1, 2, 3: disjoint shares whose union is the full build."""
    # The meeting's page lists every PDF: shards leave it to a full build.
    full = {
        k: v
        for k, v in snapshot(editions.out).items()
        if k != "manifest.json" and not k.startswith("meetings/")
    }
    union: dict[str, str] = {}
    for k in (1, 2, 3):
        out = tmp_path / f"shard{k}"
        result = run("build", "--shard", f"{k}/3", "-o", out, cwd=REPO)
        assert result.code == 0, result
        share = {n: h for n, h in snapshot(out).items() if n != "manifest.json"}
        assert share and not set(share) & set(union), (k, sorted(share))
        assert sum(n.endswith(".pdf") for n in share) == 2, sorted(share)  # PDFs dealt evenly
        union |= share
    assert union == full


def test_pdfa_variant(pdfa_build: Build) -> None:
    """--pdf-variant pdf/a-3b writes PDF/A identification into the XMP metadata."""
    with pdfplumber.open(pdfa_build.path("en", "pdf")) as pdf:
        xmp = resolve1(pdf.doc.catalog["Metadata"]).get_data().decode()
    assert "pdfaid" in xmp
    assert re.search(r'pdfaid:part(="|>)3', xmp)
    assert re.search(r'pdfaid:conformance(="|>)B', xmp)


def test_job_number_at_foot_of_page_one(job_build: Build) -> None:
    """A <job-number> prints "K0800001 130808" (job, date of issue) at the foot of page 1 only."""
    pages = job_build.words("en")
    foot = PAGE_HEIGHT - BOTTOM_MARGIN
    line = sorted((w for w in pages[0] if w.top > foot), key=lambda w: w.x0)
    assert " ".join(w.text for w in line) == "K0800001 130808"
    for words in pages[1:]:
        assert not {"K0800001", "130808"} & {w.text for w in words}


def test_no_job_number_without_one(editions: Build) -> None:
    assert all("K08" not in page for page in editions.pages("en"))


# HTML -------------------------------------------------------------------------


def test_html_is_valid_html5(editions: Build, vnu: list[str], tmp_path: Path) -> None:
    """The Nu HTML Checker finds no error in any edition (and does find one in a bad page)."""
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><html lang="en"><title>x</title><p></span>', "utf-8")
    pages = [editions.path(lang, "html") for lang in LANGS]
    proc = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", str(control), *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if not m.get("url", "").endswith("control.html")
    ]
    assert errors == []
    assert any(m.get("url", "").endswith("control.html") for m in messages)


def test_html_is_accessible(editions: Build, axe: Axe, tmp_path: Path) -> None:
    """axe-core finds no violation in any edition (and does find one in a bad page)."""
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><html><title>x</title><img src="x.png"></html>', "utf-8")
    assert axe(control)
    assert [v for lang in LANGS for v in axe(editions.path(lang, "html"))] == []


def test_the_oewg2_meeting_page_in_six_languages(editions: Build, vnu: list[str], axe: Axe) -> None:
    """The build writes the meeting's page in every language: valid, accessible, linked."""
    pages = [editions.out / "meetings" / "UNEP-DTIE-Hg-OEWG.2" / f"{lang}.html" for lang in LANGS]
    assert nu_errors(vnu, pages) == []
    assert [v for page in pages for v in axe(page)] == []
    zh = lxml_html.parse(str(pages[LANGS.index("zh")])).getroot()
    [row] = zh.xpath("//table[@class='documents']/tbody/tr")
    assert row.find("th").text == SYMBOL
    assert row.findall("td")[0].text_content().startswith("关于在现行具有法律约束力")
    assert f"../../{STEM}/zh.pdf" in row.xpath(".//a/@href")


@pytest.mark.parametrize("lang", LANGS)
def test_html_lang_and_dir(editions: Build, lang: str) -> None:
    root = editions.html(lang)
    assert root.get("lang") == lang
    assert root.get("dir") == ("rtl" if lang == "ar" else "ltr")


def test_paragraph_ids_in_order_and_identical(editions: Build) -> None:
    """para_1 … para_39 in order; every id the same in all six editions (so links carry over)."""
    ids = {lang: [e.get("id") for e in editions.html(lang).iter() if e.get("id")] for lang in LANGS}
    paras = [i for i in ids["en"] if re.fullmatch(r"para_\d+", i)]
    assert paras == [f"para_{n}" for n in range(1, PARAGRAPHS + 1)]
    assert all(ids[lang] == ids["en"] for lang in LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_footnote_links_both_ways(editions: Build, lang: str) -> None:
    """The call links to its note and the note links back to the call."""
    root = editions.html(lang)
    calls = root.find_class("fn-call")
    assert [c.get("href") for c in calls] == ["#fn_agenda"]
    call = calls[0]
    assert call.get("id") == "call_fn_agenda"
    note = root.get_element_by_id("fn_agenda")
    assert [a.get("href") for a in note.iter("a")] == ["#call_fn_agenda"]
    assert AGENDA_SYMBOL in note.text_content()


@pytest.mark.parametrize("lang", LANGS)
def test_links_to_other_editions(editions: Build, lang: str) -> None:
    root = editions.html(lang)
    links = {a.get("hreflang"): a.get("href") for a in root.iter("a") if a.get("hreflang")}
    assert links == {other: f"{other}.html" for other in LANGS if other != lang}
    assert all((editions.path(lang, "html").parent / href).exists() for href in links.values())


@pytest.mark.parametrize("lang", LANGS)
def test_print_stylesheet(editions: Build, lang: str) -> None:
    css = "".join(editions.html(lang).find("head").itertext())
    assert "@media print" in css


# Incremental builds -------------------------------------------------------------


def build_lines(log: str) -> dict[str, str]:
    """{output path: "wrote" | "up to date"} from a build's stdout."""
    out = {}
    for line in log.splitlines():
        match = re.match(r"(wrote|up to date) (\S+)", line)
        if match:
            out[match.group(2)] = match.group(1)
    return out


def test_second_build_is_up_to_date(incremental: Incremental) -> None:
    """Nothing changed: every output is reported up to date and no file is rewritten."""
    assert build_lines(incremental.noop_log) == dict.fromkeys(incremental.outputs, "up to date")
    before, after = incremental.noop_mtimes
    assert before == after


def test_touching_a_catalogue_rebuilds_nothing(incremental: Incremental) -> None:
    """Keys are content hashes (manifest.py): a new mtime alone is not a change."""
    assert build_lines(incremental.touched_log) == dict.fromkeys(incremental.outputs, "up to date")


def test_editing_a_catalogue_rebuilds_only_its_language(incremental: Incremental) -> None:
    """A changed fr catalogue rebuilds fr.html and fr.pdf, nothing else."""
    lines = build_lines(incremental.edited_log)
    assert set(lines) == set(incremental.outputs)
    assert sorted(Path(p).name for p, what in lines.items() if what == "wrote") == [
        "fr.html",
        "fr.pdf",
    ]
    before, after = incremental.edited_hashes
    # A comment changes no text: same bytes, only the manifest's keys move.
    assert {k for k in before if before[k] != after[k]} == {"manifest.json"}


def test_force_rebuilds_everything(incremental: Incremental) -> None:
    assert build_lines(incremental.forced_log) == dict.fromkeys(incremental.outputs, "wrote")


def test_manifest_records_sha256_of_each_output(editions: Build) -> None:
    manifest = json.loads((editions.out / "manifest.json").read_text("utf-8"))
    hashes = snapshot(editions.out)
    outputs = {f"{STEM}/{lang}.{fmt}" for lang in LANGS for fmt in ("html", "pdf")}
    assert set(manifest) == outputs
    assert {k: v["sha256"] for k, v in manifest.items()} == {k: hashes[k] for k in outputs}
