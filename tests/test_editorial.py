"""The editorial model beyond OEWG.2/10, on a paper that uses every part of it.

tests/papers/editorial/ is a project: a French original (an addendum with
a subtitle, several agenda items, job numbers per language, bullets and
subparagraphs three deep, strong/sub/sup, tables with spans, figures and
lettered notes, a long table, an image, a quoted decision and text, an
annex with its own numbering and one reproduced as received in Spanish)
and complete unofficial catalogues in the five other languages. Its twelve
editions are built once per module; the tests read the HTML and the PDFs
back (text, words with coordinates, the structure tree).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from conftest import REPO, Runner, run_hexaglot
from lxml import html as lxml_html
from pdfminer.pdftypes import resolve1

from hexaglot.catalogs import pofile

pytest.register_assert_rewrite("editions_support")

from editions_support import LANGS, Axe, nu_errors, pdf_pages, pdf_words, squeeze  # noqa: E402

pytest_plugins = ("editions_support",)

PROJECT = REPO / "tests" / "papers" / "editorial"
STEM = "editorial"

AGENDA = {
    "en": "Items 3 and 4 (a) of the provisional agenda*",
    "fr": "Points 3 et 4 a) de l’ordre du jour provisoire*",
    "es": "Temas 3 y 4 a) del programa provisional*",
    "ru": "Пункты 3 и 4 a) предварительной повестки дня*",
    "zh": "临时议程*项目3和4 (a)",
    "ar": "البنود 3 و4 (أ) من جدول الأعمال المؤقت*",
}
TABLE_LABEL = {
    "en": "Table 1",
    "fr": "Tableau 1",
    "es": "Cuadro 1",
    "ru": "Таблица 1",
    "zh": "表1",
    "ar": "الجدول 1",
}
ANNEX_LABEL = {
    "en": "Annex I",
    "fr": "Annexe I",
    "es": "Anexo I",
    "ru": "Приложение I",
    "zh": "附件一",
    "ar": "المرفق الأول",
}
KIND = {"en": "Addendum", "fr": "Additif", "es": "Adición", "ru": "Добавление", "zh": "增编"}
KIND["ar"] = "إضافة"
JOBS = {"fr": "K2401234", "en": "K2401235", "zh": "K2401236", "ar": "K2401237"}
PROJECT_HEADER = {"en": "Project", "ar": "المشروع", "zh": "项目", "fr": "Projet"}


def _copy(target: Path) -> Path:
    shutil.copytree(PROJECT, target, ignore=shutil.ignore_patterns("build"))
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with its twelve editions built into build/."""
    root = _copy(tmp_path_factory.mktemp("editorial") / "p")
    result = run_hexaglot("build", cwd=root)
    assert result.code == 0, result
    assert "draft" not in result.out, result.out
    return root


def _html(root: Path, lang: str) -> lxml_html.HtmlElement:
    return lxml_html.parse(str(root / "build" / STEM / f"{lang}.html")).getroot()


def _pdf(root: Path, lang: str) -> Path:
    return root / "build" / STEM / f"{lang}.pdf"


def _text(el: lxml_html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _structure(pdf: Path) -> Iterator[dict]:
    """Every structure element of a tagged PDF."""
    with pdfplumber.open(pdf) as document:
        stack = [resolve1(document.doc.catalog["StructTreeRoot"])]
        while stack:
            node = resolve1(stack.pop())
            if not isinstance(node, dict):
                continue
            if "S" in node:
                yield node
            kids = node.get("K")
            stack.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])


def _tag(node: dict) -> str:
    return str(node["S"]).strip("/'").rsplit("'", 1)[-1].lstrip("/")


# The project ---------------------------------------------------------------------------


def test_project_validates_and_is_complete(run: Runner) -> None:
    assert run("validate", cwd=PROJECT).out.strip() == "1 paper(s) and 5 catalogue(s) valid"
    result = run("check", "--strict", cwd=PROJECT)
    assert result.code == 0, result
    stats = json.loads(run("stats", "--format", "json", cwd=PROJECT).out)["stats"]
    assert {row["lang"]: row["percent"] for row in stats} == dict.fromkeys(
        ("ar", "en", "es", "ru", "zh"), 100.0
    )


def test_template_holds_what_translators_translate(tmp_path: Path, run: Runner) -> None:
    root = _copy(tmp_path / "p")
    assert run("extract", cwd=root).out.startswith("unchanged")
    pot = root / "translations" / "templates" / f"{STEM}.pot"
    template = pot.read_text("utf-8")
    where = {m.context: m.auto_comments[0] for m in pofile.read(pot) if m.id}
    assert where["table_1__r3c1"] == "table 1, row 3, column 1"  # "Afrique" and its note
    assert where["tn_1"] == "table note a" and where["tn_2"] == "table note b"
    assert where["para_5__point_a__point_i__point_a"] == "paragraph 5 (a) (i) a."
    assert where["para_2__bullet_1"] == "paragraph 2, bullet 1"
    assert where["dec_1__pre_2"] == "quoted decision dec_1, preamble 2"
    assert where["annex_1__para_2"] == "annex I, paragraph 2"
    assert where["fig_1__alt"] == "figure 1, text for the image"
    assert where["agenda-title-4a"] == "title of agenda item 4"
    # Cells of figures only are not messages; nor is an annex reproduced as received.
    assert "table_1__r3c2" not in where and "table_2__r2c2" not in where
    assert not any(ctx.startswith("annex_2") for ctx in where)
    assert "CCl<sub>4</sub>" in template and "<strong>trois points</strong>" in template


# HTML ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_masthead_and_title_parts(built: Path, lang: str) -> None:
    root = _html(built, lang)
    assert _text(root.find_class("agenda")[0]) == AGENDA[lang]
    assert len(root.find_class("agenda-title")) == 2
    assert _text(root.find_class("doc-kind")[0]) == KIND[lang]
    assert root.find_class("subtitle")[0].text_content().strip()
    job = root.xpath("//meta[@name='dcterms.identifier']/@content")
    assert job == ([JOBS[lang]] if lang in JOBS else [])


@pytest.mark.parametrize("lang", LANGS)
def test_tables_in_html(built: Path, lang: str) -> None:
    table = _html(built, lang).get_element_by_id("table_1")
    caption = table.find("caption")
    assert _text(caption.find_class("label")[0]) == TABLE_LABEL[lang]
    head = table.find("thead")
    assert [th.get("scope") for th in head.iter("th")] == ["col"] * 4
    assert head.find("tr/th").get("rowspan") == "2"
    assert head.find("tr/th[2]").get("colspan") == "2"
    rows = table.find("tbody").findall("tr")
    assert [tr.find("th").get("scope") for tr in rows] == ["row"] * 3
    # Figures are not translated, but written in the edition's style.
    point = lang in ("en", "zh", "ar")
    assert [td.text for td in rows[0].find_class("figures")] == (
        ["12.5", "11.8"] if point else ["12,5", "11,8"]
    )
    notes = table.getnext().find_class("table-notes") or [table.getnext()]
    letters = ["أ", "ب"] if lang == "ar" else ["a", "b"]
    assert [p.find("sup").text for p in notes[0].findall("p[@id]")] == letters


@pytest.mark.parametrize("lang", LANGS)
def test_figure_annexes_and_lists_in_html(built: Path, lang: str) -> None:
    root = _html(built, lang)
    image = root.get_element_by_id("fig_1").find("img")
    assert image.get("src").startswith("data:image/png;base64,")
    assert not root.xpath("//*[@style]")  # SECURITY.md: no style attribute, ever
    assert "#fig_1 img { width: 60mm; }" in root.find("head/style").text
    assert len(image.get("alt")) > 20
    annex = root.get_element_by_id("annex_1")
    assert _text(annex.find_class("annex-label")[0]) == ANNEX_LABEL[lang]
    received = root.get_element_by_id("annex_2")
    if lang == "es":
        assert received.get("lang") is None  # the edition's own language
    else:
        assert (received.get("lang"), received.get("dir")) == ("es", "ltr")
        notice = received.find_class("as-received")[0]
        assert notice.get("lang") == lang and notice.text_content().strip()
    assert "Los datos de 2022 son provisionales" in _text(received)
    bullets = root.xpath("//ul[contains(@class, 'subparas')]/li/span[contains(@class, 'bullet')]")
    assert [b.text for b in bullets] == ["•"] * 3
    third = root.get_element_by_id("para_5__point_a__point_i__point_a")
    assert third.find_class("num")[0].text == ("أ." if lang == "ar" else "a.")
    assert root.xpath("//sub[text()='4']") and root.xpath("//sup[text()='3']")


def test_html_is_valid_html5(built: Path, vnu: list[str]) -> None:
    assert nu_errors(vnu, [built / "build" / STEM / f"{lang}.html" for lang in LANGS]) == []


def test_html_is_accessible(built: Path, axe: Axe) -> None:
    pages = [built / "build" / STEM / f"{lang}.html" for lang in LANGS]
    assert [v for page in pages for v in axe(page)] == []


# PDF -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_pdf_tags_tables_figures_and_languages(built: Path, lang: str) -> None:
    nodes = list(_structure(_pdf(built, lang)))
    tags = {_tag(n) for n in nodes}
    assert {"Table", "TR", "TH", "TD", "Caption", "Figure"} <= tags
    figures = [n for n in nodes if _tag(n) == "Figure"]
    assert figures and all(n.get("Alt") for n in figures)
    languages = {n["Lang"].decode() for n in nodes if "Lang" in n}
    assert "es" in languages  # the annex reproduced as received


def _pages_with(words: list[list], text: str) -> list[int]:
    return [i for i, page in enumerate(words) if any(w.text == text for w in page)]


@pytest.mark.parametrize("lang", ["en", "fr", "zh", "ar"])
def test_long_table_repeats_its_header_row(built: Path, lang: str) -> None:
    """Table 2 runs over two pages; its header row stands at the top of both."""
    pages = pdf_pages(_pdf(built, lang))
    header = squeeze(PROJECT_HEADER[lang])
    with_rows = [i for i, text in enumerate(pages) if re.search(r"\b(1037|1074|2295)\b", text)]
    assert len(with_rows) >= 2, with_rows
    for i in range(with_rows[0], with_rows[-1] + 1):
        assert header in squeeze(pages[i]), (i, pages[i][:300])


def test_arabic_table_columns_run_right_to_left(built: Path) -> None:
    """In the Arabic edition the row headers stand right of the figures."""
    africa = "أفريقيا"
    for page in pdf_words(_pdf(built, "ar")):
        figure = [w for w in page if w.text == "12.5"]
        if not figure:
            continue
        # pdfplumber gives Arabic in visual order, in pieces: match them reversed.
        region = [
            w
            for w in page
            if abs(w.top - figure[0].top) < 10 and len(w.text) > 1 and w.text[::-1] in africa
        ]
        assert region, [w.text for w in page if abs(w.top - figure[0].top) < 10]
        assert min(w.x0 for w in region) > figure[0].x1
        return
    pytest.fail("no page with table 1's first row")


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_table_notes_stand_on_the_page_of_their_calls(built: Path, lang: str) -> None:
    notes = {
        "en": ("Secretariat estimate", "Africa"),
        "ar": ("تقدير الأمانة", "أفريقيا"),
        "zh": ("秘书处的估计数", "非洲"),
    }
    note, call_cell = notes[lang]
    pages = [squeeze(p) for p in pdf_pages(_pdf(built, lang))]
    note_pages = [i for i, p in enumerate(pages) if squeeze(note) in p]
    cell_pages = [i for i, p in enumerate(pages) if squeeze(call_cell) in p]
    assert note_pages and note_pages[0] in cell_pages


@pytest.mark.parametrize(("lang", "job"), [("fr", "K2401234"), ("zh", "K2401236"), ("es", None)])
def test_each_edition_prints_its_own_job_number(built: Path, lang: str, job: str | None) -> None:
    first, *rest = pdf_pages(_pdf(built, lang))
    if job is None:
        assert "K240" not in first
    else:
        assert f"{job} 170524" in " ".join(first.split())
    assert all("K240" not in page for page in rest)


def test_annex_as_received_is_printed_in_spanish_everywhere(built: Path) -> None:
    for lang in LANGS:
        text = squeeze("".join(pdf_pages(_pdf(built, lang))))
        assert squeeze("Comunicación de una Parte") in text, lang


def test_chinese_edition_is_compact(built: Path) -> None:
    """Three CJK faces (regular, bold, oblique) in compact subsets: 98 KiB, where
    WeasyPrint's own subsets, which keep every glyph slot, made 499 KiB."""
    size = _pdf(built, "zh").stat().st_size / 1024
    assert size <= 130, f"zh.pdf is {size:.0f} KiB"


# Bugs a second paper showed -------------------------------------------------------------


def test_untranslated_block_keeps_its_language(tmp_path: Path, run: Runner) -> None:
    """A block left in French inside the Arabic edition says so: lang, dir, font, /Lang."""
    root = _copy(tmp_path / "p")
    po = root / "translations" / "ar" / f"{STEM}.po"
    text = po.read_text("utf-8")
    start = text.index('msgctxt "para_3"')
    end = text.index("\n\n", start)
    po.write_text(text[:start] + re.sub(r'msgstr ".*"', 'msgstr ""', text[start:end]) + text[end:])
    assert run("build", "-l", "ar", cwd=root).code == 0
    page = _html(root, "ar")
    para = page.get_element_by_id("para_3")
    assert (para.get("lang"), para.get("dir")) == ("fr", "ltr")
    assert "fallback" in para.get("class")
    css = page.find("head/style").text
    assert (
        '.fallback[lang="fr"]' in css and "Liberation Serif" in css.split('.fallback[lang="fr"]')[1]
    )
    langs = {n["Lang"].decode() for n in _structure(_pdf(root, "ar")) if "Lang" in n}
    assert "fr" in langs


def test_symbols_never_leave_a_first_word_alone(tmp_path: Path, run: Runner) -> None:
    """French no-break spaces around a symbol: no line holds only "N. Le"."""
    paper = (REPO / "tests" / "papers" / "minimal.xml").read_text("utf-8")
    paper = paper.replace('xml:lang="en"', 'xml:lang="fr"').replace("<original>en", "<original>fr")
    head = paper.split("<section", 1)[0]
    words = [
        "le",
        "la",
        "les",
        "des",
        "documents",
        "comité",
        "examiné",
        "avec",
        "attention",
        "note",
        "rapport",
        "Parties",
    ]
    paras = []
    for k in range(1, 61):
        before = " ".join(words[(k * 7 + i) % len(words)] for i in range(k % 13 + 1))
        space = "\u00a0" if k % 2 else " "
        tail = ("\u202f;", "\u00a0:", ",", "")[k % 4]
        symbol = ("UNEP(DTIE)/Hg/OEWG.2/10", "UNEP/OzL.Pro.WG.1/45/2/Add.1")[k % 2]
        paras.append(
            f'<para id="para_{k}" n="{k}">Le {before}{space}<symbol>{symbol}</symbol>{tail} '
            "ainsi que les observations reçues des Parties et des observateurs.</para>"
        )
    section = f'<section id="sec_1"><heading>Titre</heading>{"".join(paras)}</section></paper>'
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "fr.xml").write_text(head + section, "utf-8")
    assert run("build", "-l", "fr", "-f", "pdf", cwd=tmp_path).code == 0
    layout = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "build" / "fr" / "fr.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    alone = [line for line in layout.splitlines() if re.fullmatch(r"\s*\d+\.\s+\S+\s*", line)]
    assert alone == []
