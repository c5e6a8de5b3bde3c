"""Word editions (``hexaglot build -f docx``), read back as an editor's tools read them.

python-docx reads each file (styles, sections, headers), lxml the parts it
does not model (footnotes, run languages, bidi); LibreOffice, a second
reader, converts every edition to PDF. The Chinese edition must carry the
seed's text, paragraph numbers and footnote included.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm
from lxml import etree

# Before the import below, so that the helpers' asserts are rewritten (and no warning).
pytest.register_assert_rewrite("editions_support")

from conftest import run_hexaglot  # noqa: E402
from editions_support import (  # noqa: E402
    AGENDA_SYMBOL,
    CONVENTIONS,
    LANGS,
    NB_HYPHEN,
    PARAGRAPHS,
    SEED_NOTE,
    STEM,
    SYMBOL,
    body_seed_lines,
    missing_in_order,
    pdf_pages,
    squeeze,
)

REPO = Path(__file__).resolve().parents[1]
EDITORIAL = REPO / "tests" / "papers" / "editorial"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(name: str) -> str:
    """A WordprocessingML attribute or tag name: q("val") is {w namespace}val."""
    return f"{{{W}}}{name}"


def text_of(element: etree._Element) -> str:
    """The text of an element's w:t, the text a reader sees (python-docx's element
    classes do not give plain text through itertext)."""
    return "".join(t.text or "" for t in element.iter(q("t")))


@dataclass(frozen=True)
class Edition:
    """One Word edition read back: python-docx's document and the parts it leaves to lxml."""

    path: Path
    doc: Document
    footnotes: etree._Element

    @classmethod
    def read(cls, path: Path) -> Edition:
        doc = docx.Document(str(path))
        notes = etree.fromstring(doc.part.part_related_by(RT.FOOTNOTES).blob)
        return cls(path, doc, notes)

    @property
    def body(self) -> etree._Element:
        return self.doc.element.body

    def text(self) -> str:
        """The body's text in reading order, tables included, without whitespace."""
        return squeeze(text_of(self.body))

    def styled(self, name: str) -> list[str]:
        """The text of each paragraph of the body in the style ``name`` (as Word shows it)."""
        return [p.text for p in self.doc.paragraphs if p.style.name.lower() == name.lower()]

    def notes(self) -> dict[str, str]:
        """Each real footnote's text (separators left out), by id."""
        return {
            note.get(q("id")): text_of(note)
            for note in self.footnotes.iterfind("w:footnote", NS)
            if note.get(q("type")) is None
        }


def build(project: Path, out: Path, *options: str) -> str:
    """``hexaglot build -f docx`` (in this process); what it printed."""
    result = run_hexaglot(
        "-C", project, "build", "-f", "docx", "-j", "1", "-o", out, *options, cwd=REPO
    )
    assert result.code == 0, result.err
    return result.out


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The six Word editions of OEWG.2/10, built from the checkout."""
    out = tmp_path_factory.mktemp("word")
    build(REPO, out)
    return out


@pytest.fixture(scope="module")
def editions(word: Path) -> dict[str, Edition]:
    return {lang: Edition.read(word / STEM / f"{lang}.docx") for lang in LANGS}


@pytest.fixture(scope="module")
def editorial(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The six Word editions of the editorial test paper (tables, annexes, decisions, images)."""
    out = tmp_path_factory.mktemp("editorial-word")
    build(EDITORIAL, out)
    return out


# The Chinese edition against the seed -----------------------------------------


def test_zh_docx_carries_the_seed(editions: dict[str, Edition]) -> None:
    """Every seed line is in the zh body, in order, and its footnote line is a real footnote."""
    zh = editions["zh"]
    assert missing_in_order(zh.text(), body_seed_lines()) == []
    assert [squeeze(text) for text in zh.notes().values()] == [SEED_NOTE]
    hyphenated = [line for line in body_seed_lines() if NB_HYPHEN in line]
    assert hyphenated, "the seed's U+2011 have changed"
    assert missing_in_order(zh.text(), hyphenated) == []


def test_agenda_note_is_a_footnote_at_its_call(editions: dict[str, Edition]) -> None:
    """The agenda line's asterisk is a footnote reference with its own mark, in every language."""
    for lang, edition in editions.items():
        calls = edition.body.findall(".//w:footnoteReference", NS)
        assert len(calls) == 1, lang
        call = calls[0]
        assert call.get(q("customMarkFollows")) == "1"
        assert call.getnext().text == "*"
        agenda = call.getparent().getparent()
        assert agenda.find("w:pPr/w:pStyle", NS).get(q("val")) == "AgendaLine"
        note = edition.notes()[call.get(q("id"))]
        assert note.startswith("*") and AGENDA_SYMBOL in note, lang


# Structure --------------------------------------------------------------------


def test_paragraph_numbers_are_typed_text(editions: dict[str, Edition]) -> None:
    """Paragraphs 1 to 39 in order, each number typed before a tab, in every language."""
    for lang, edition in editions.items():
        numbered = edition.styled("Numbered Paragraph")
        labels = [text.split("\t", 1)[0] for text in numbered]
        form = CONVENTIONS[lang]["paragraph"]
        assert labels == [form.format(n=n) for n in range(1, PARAGRAPHS + 1)], lang
        assert all("\t" in text for text in numbered)


def test_headings_and_subparagraphs_have_their_styles(editions: dict[str, Edition]) -> None:
    """Background, I. and II. are Heading 1; A. to I. Heading 2; (a) and (b) Subparagraph 1."""
    for lang, edition in editions.items():
        conv = CONVENTIONS[lang]
        headings = edition.styled("Heading 1")
        assert len(headings) == 3, lang
        assert "\t" not in headings[0]  # "Background" has no number
        assert headings[1].startswith(conv["section"].format(n=_first(conv["section_labels"])))
        assert len(edition.styled("Heading 2")) == 9
        subs = [text.split("\t", 1)[0] for text in edition.styled("Subparagraph 1")]
        form, _ = conv["subparagraphs"][0]
        letters = ("أ", "ب") if lang == "ar" else ("a", "b")
        assert subs == [form.format(n=letter) for letter in letters], lang
        assert len(edition.styled("Title")) == 1


def _first(sequence: str) -> str:
    """The first label of a section sequence of languages.toml."""
    return {"upper-roman": "I", "chinese": "一", "arabic-ordinal": "أولا"}[sequence]


def test_styles_are_named_for_what_they_hold(editions: dict[str, Edition]) -> None:
    names = {style.name for style in editions["en"].doc.styles}
    for name in ("Heading 1", "Heading 2", "Numbered Paragraph", "Subparagraph 1", "Title"):
        assert name in names
    assert "footnote text" in names  # Word's own name, shown as "Footnote Text"
    for note in editions["en"].footnotes.iterfind("w:footnote/w:p/w:pPr/w:pStyle", NS):
        assert note.get(q("val")) == "FootnoteText"


# Pages ------------------------------------------------------------------------


def test_a4_with_running_head_and_page_numbers(editions: dict[str, Edition]) -> None:
    """A4; page 1 without head or number; later pages the symbol above and a PAGE field below."""
    for lang, edition in editions.items():
        (section,) = edition.doc.sections
        assert abs(section.page_width - Mm(210)) < Mm(0.1)
        assert abs(section.page_height - Mm(297)) < Mm(0.1)
        assert abs(section.left_margin - Mm(20)) < Mm(0.1), lang
        assert section.different_first_page_header_footer
        assert edition.doc.settings.odd_and_even_pages_header_footer
        for header in (section.header, section.even_page_header):
            assert [p.text for p in header.paragraphs] == [SYMBOL]
        assert "".join(p.text for p in section.first_page_header.paragraphs) == ""
        for footer in (section.footer, section.even_page_footer):
            fields = footer._element.findall(".//w:instrText", NS)
            assert [f.text.strip() for f in fields] == ["PAGE"], lang


def test_job_number_at_the_foot_of_page_1(editorial: Path) -> None:
    """The editorial paper's French job number and date of issue (ddmmyy) on page 1 only."""
    fr = Edition.read(editorial / "editorial" / "fr.docx")
    section = fr.doc.sections[0]
    assert [p.text for p in section.first_page_footer.paragraphs] == ["K2401234 170524"]


# Languages and direction ---------------------------------------------------------


def _runs(edition: Edition) -> Iterator[etree._Element]:
    """Every run with text, in the body and the footnotes."""
    for root in (edition.body, edition.footnotes):
        for r in root.iter(q("r")):
            if r.find("w:t", NS) is not None:
                yield r


def test_every_run_has_a_language_and_fonts(editions: dict[str, Edition]) -> None:
    """w:lang (val, eastAsia, bidi) and the language's first font on every run."""
    for lang, edition in editions.items():
        tags = set()
        for r in _runs(edition):
            tag = r.find("w:rPr/w:lang", NS)
            assert tag is not None
            tags.add(tag.get(q("val")))
            assert tag.get(q("val")) == tag.get(q("eastAsia")) == tag.get(q("bidi"))
        mine = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "ar": "ar-SA"}
        assert mine.get(lang, "zh-CN") in tags, lang
        # Arabic, Chinese and Russian keep the distribution block in English.
        assert tags <= {mine.get(lang, "zh-CN"), "en-GB"}, lang


def test_zh_runs_have_east_asian_fonts(editions: dict[str, Edition]) -> None:
    """Every run holding a CJK character is Chinese, in the language's East Asian font."""
    font = CONVENTIONS["zh"]["fonts"][0]
    cjk = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
    chinese = [r for r in _runs(editions["zh"]) if cjk.search(text_of(r))]
    assert len(chinese) > 50
    for r in chinese:
        assert r.find("w:rPr/w:rFonts", NS).get(q("eastAsia")) == font
        assert r.find("w:rPr/w:lang", NS).get(q("eastAsia")) == "zh-CN"


def test_arabic_is_right_to_left(editions: dict[str, Edition]) -> None:
    """Arabic paragraphs bidi, Arabic runs rtl, the section bidi; the English
    distribution block explicitly left to right."""
    ar = editions["ar"]
    arabic = re.compile(r"[\u0600-\u06ff]")
    paragraphs = list(ar.body.iter(q("p")))
    for p in paragraphs:
        text = text_of(p)
        bidi = p.find("w:pPr/w:bidi", NS)
        if arabic.search(text):
            assert bidi is not None and bidi.get(q("val")) is None, text[:40]
        for r in p.iterfind("w:r", NS):
            if arabic.search(text_of(r)):
                assert r.find("w:rPr/w:rtl", NS) is not None
    english = [p for p in paragraphs if text_of(p) == "Original: English"]
    assert english and english[0].find("w:pPr/w:bidi", NS).get(q("val")) == "0"
    assert ar.body.find("w:sectPr/w:bidi", NS) is not None
    styles = ar.doc.styles.element
    assert styles.find("w:style[@w:styleId='NumberedParagraph']/w:pPr/w:bidi", NS) is not None
    # Left-to-right editions have no bidi anywhere.
    assert editions["en"].body.find(".//w:bidi", NS) is None


def test_draft_keeps_untranslated_text_in_its_language(project: Path, tmp_path: Path) -> None:
    """A block left untranslated is English text in an Arabic draft: tagged en-GB, left to
    right; the draft says how much is translated."""
    po = project / "translations" / "ar" / f"{STEM}.po"
    text, found = re.subn(
        r'(msgctxt "para_1"\nmsgid (?:".*"\n)+)msgstr (?:".*"\n)+',
        r'\1msgstr ""\n',
        po.read_text("utf-8"),
    )
    assert found == 1
    po.write_text(text, "utf-8")
    build(project, tmp_path, "-l", "ar")
    ar = Edition.read(tmp_path / STEM / "ar.docx")
    (notice,) = ar.styled("Draft Notice")
    assert 0 < int(re.search(r"\d+", notice).group()) < 100
    first = next(p for p in ar.doc.paragraphs if p.style.name == "Numbered Paragraph")
    assert first.text.startswith("1 -\tThe Governing Council")
    bidi = first._p.find("w:pPr/w:bidi", NS)
    assert bidi is not None and bidi.get(q("val")) == "0"
    runs = first._p.findall("w:r", NS)
    assert {r.find("w:rPr/w:lang", NS).get(q("val")) for r in runs[1:]} == {"en-GB"}
    assert all(r.find("w:rPr/w:rtl", NS) is None for r in runs[1:])


# Reproducibility --------------------------------------------------------------


def test_two_builds_are_identical(word: Path, tmp_path: Path) -> None:
    """Same bytes from a second build, zip members dated by the paper's date of issue."""
    build(REPO, tmp_path)
    for lang in LANGS:
        first = (word / STEM / f"{lang}.docx").read_bytes()
        assert (tmp_path / STEM / f"{lang}.docx").read_bytes() == first, lang
        with zipfile.ZipFile(io.BytesIO(first)) as package:
            assert {info.date_time for info in package.infolist()} == {(2008, 8, 13, 0, 0, 0)}
            names = package.namelist()
        assert names[0] == "[Content_Types].xml"
        assert "word/footnotes.xml" in names
        assert not any("thumbnail" in name or "customXml" in name for name in names)
    props = Edition.read(word / STEM / "en.docx").doc.core_properties
    assert props.created == props.modified == dt.datetime(2008, 8, 13, tzinfo=dt.UTC)
    assert props.identifier == SYMBOL
    assert props.language == "en-GB"


def test_docx_is_rebuilt_only_when_changed(tmp_path: Path) -> None:
    """The manifest knows Word editions: a second build writes nothing; another format
    leaves them alone."""
    out = tmp_path / "out"
    build(REPO, out)
    again = build(REPO, out)
    assert again.count("up to date") == len(LANGS)
    assert "wrote build" not in again and f"wrote {out}" not in again
    html = run_hexaglot(
        "-C", REPO, "build", "-f", "html", "-l", "fr", "-j", "1", "-o", out, cwd=REPO
    )
    assert html.code == 0
    assert not (out / STEM / "fr.pdf").exists()
    assert build(REPO, out).count("up to date") == len(LANGS)


def test_default_build_writes_no_word_edition(tmp_path: Path) -> None:
    """Without -f, a build writes HTML and PDF only (here the share with English HTML)."""
    result = run_hexaglot(
        "-C", REPO, "build", "-l", "en", "-j", "1", "--shard", "2/2", "-o", tmp_path, cwd=REPO
    )
    assert result.code == 0, result.err
    assert not list(tmp_path.rglob("*.docx"))


def test_shards_together_write_every_word_edition(word: Path, tmp_path: Path) -> None:
    """-f docx --shard K/3: the three shares together are the full build, byte for byte."""
    for k in (1, 2, 3):
        build(REPO, tmp_path, "--shard", f"{k}/3")
    for lang in LANGS:
        built = tmp_path / STEM / f"{lang}.docx"
        assert built.read_bytes() == (word / STEM / f"{lang}.docx").read_bytes()


# The editorial paper ------------------------------------------------------------


def test_editorial_paper_in_six_languages(editorial: Path) -> None:
    """Tables with repeated header rows, the figure with its alt text, decisions, annexes."""
    for lang in LANGS:
        edition = Edition.read(editorial / "editorial" / f"{lang}.docx")
        tables = edition.body.findall("w:tbl", NS)
        assert len(tables) == 3  # the masthead's layout table and the paper's two
        for table in tables[1:]:
            assert table.find("w:tr/w:trPr/w:tblHeader", NS) is not None
        pictures = edition.body.findall(".//w:drawing", NS)
        assert len(pictures) == 1
        assert pictures[0].find(".//{*}docPr").get("descr")
        assert len(edition.styled("Annex Label")) == 2
        assert edition.styled("Decision Operative")
        assert len(edition.styled("Subparagraph 3")) == 2, lang
        # The agenda's note and the body's; table notes are lettered under their tables.
        assert len(edition.notes()) == 2
        assert len(edition.styled("Table Note")) == 2
    # The annex reproduced as received stays Spanish in every edition.
    fr = Edition.read(editorial / "editorial" / "fr.docx")
    spanish = [r for r in _runs(fr) if "Comunicación" in text_of(r)]
    assert spanish and spanish[0].find("w:rPr/w:lang", NS).get(q("val")) == "es-ES"


# LibreOffice as a second reader -------------------------------------------------


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        pytest.fail(
            "the Word editions are checked with LibreOffice (Debian: apt-get install "
            "libreoffice-writer-nogui; or run `make test-system`)"
        )
    return found


def test_libreoffice_converts_every_edition(
    soffice: str, word: Path, editorial: Path, tmp_path: Path
) -> None:
    """Headless LibreOffice turns each Word edition into an A4 PDF holding its text."""
    files = [word / STEM / f"{lang}.docx" for lang in LANGS]
    files += [editorial / "editorial" / f"{lang}.docx" for lang in LANGS]
    pdfs, given = tmp_path / "pdf", tmp_path / "docx"
    given.mkdir()
    for path in files:  # named paper.lang.docx: the two papers' editions share names
        shutil.copy(path, given / f"{path.parent.name}.{path.name}")
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    convert = [soffice, "--headless", profile, "--convert-to", "pdf", "--outdir", str(pdfs)]
    inputs = sorted(str(path) for path in given.iterdir())
    subprocess.run([*convert, *inputs], check=True, capture_output=True, timeout=300)
    for path in files:
        pdf = pdfs / f"{path.parent.name}.{path.stem}.pdf"
        assert pdf.exists(), pdf.name
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info.stdout), pdf.name
    zh = squeeze("".join(pdf_pages(pdfs / f"{STEM}.zh.pdf")))
    lines = body_seed_lines()
    assert lines[0] in zh and lines[-1] in zh
    ar = squeeze("".join(pdf_pages(pdfs / f"{STEM}.ar.pdf")))
    assert SYMBOL in ar
