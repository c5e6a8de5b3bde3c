"""The meeting: one file for what its papers share, translated once, and its page.

A test meeting (a full agenda) with three papers, made in a temporary
project from minimal.xml: papers name the meeting and their agenda items
instead of repeating them; the meeting has catalogues of its own; the
build writes the meeting's page in every language, listing every paper
with its title in that language (or marked untranslated), its agenda
items and its editions with their PDF sizes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, Runner, run_hexaglot
from lxml import html as lxml_html

pytest.register_assert_rewrite("editions_support")

from editions_support import Axe, nu_errors  # noqa: E402

pytest_plugins = ("editions_support",)

MINIMAL = (REPO / "tests" / "papers" / "minimal.xml").read_text("utf-8")
MEETING = """<?xml version="1.0" encoding="UTF-8"?>
<meeting xml:lang="en">
  <organ code="UNEP">United Nations Environment Programme</organ>
  <name>Test Working Group</name>
  <session number="1">First meeting</session>
  <place>Nairobi, Kenya</place>
  <dates first="2008-10-06" last="2008-10-10"/>
  <agenda provisional="yes">
    <item number="1"><title>Opening of the meeting</title></item>
    <item number="2"><title>Adoption of the agenda</title></item>
    <item number="3"><title>Review of options</title></item>
    <item number="4 (a)"><title>Financing: the Fund</title></item>
    <item number="4 (b)"><title>Financing: other sources</title></item>
    <note id="fn_agenda" marker="*"><symbol>UNEP/TEST/1/1</symbol>.</note>
  </agenda>
</meeting>
"""
# (stem, symbol, items, title)
PAPERS = [
    ("a", "UNEP/TEST/1/2", "3", "A paper on options"),
    ("b", "UNEP/TEST/1/10", "4(a) 4(b)", "A paper on financing"),
    ("c", "UNEP/TEST/1/3", "2", "The annotated agenda"),
]


def _paper(symbol: str, items: str, title: str) -> str:
    head, rest = MINIMAL.split("<masthead>", 1)
    rest = rest.split("</masthead>", 1)[1]
    masthead = (
        "<masthead><distribution>general</distribution><issued>2008-08-13</issued>"
        f'<original>en</original><meeting ref="UNEP-TEST-1" items="{items}"/></masthead>'
    )
    paper = head.replace('symbol="UNEP/TEST/1/2"', f'symbol="{symbol}"') + masthead + rest
    return paper.replace("A small paper for the test suite", title)


def _project(root: Path) -> Path:
    (root / "source" / "meetings").mkdir(parents=True)
    (root / "source" / "meetings" / "UNEP-TEST-1.xml").write_text(MEETING, "utf-8")
    for stem, symbol, items, title in PAPERS:
        (root / "source" / f"{stem}.xml").write_text(_paper(symbol, items, title), "utf-8")
    return root


def _translate(po: Path, values: dict[str, str]) -> None:
    """Fill the msgstr of the entries whose msgctxt is in ``values``."""
    lines = po.read_text("utf-8").splitlines()
    out, context = [], None
    for line in lines:
        if line.startswith("msgctxt "):
            context = json.loads(line[len("msgctxt ") :])
        if line == 'msgstr ""' and context in values:
            line = f"msgstr {json.dumps(values[context], ensure_ascii=False)}"
        out.append(line)
    po.write_text("\n".join(out) + "\n", "utf-8")


@pytest.fixture(scope="module")
def meeting(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project, extracted, updated, with French for the meeting and paper a, built."""
    root = _project(tmp_path_factory.mktemp("meeting") / "p")
    for command in (("validate",), ("extract",), ("update", "-l", "fr", "-l", "ar")):
        result = run_hexaglot(*command, cwd=root)
        assert result.code == 0, (command, result)
    _translate(
        root / "translations" / "fr" / "meetings" / "UNEP-TEST-1.po",
        {
            "organ": "Programme des Nations Unies pour l’environnement",
            "meeting-name": "Groupe de travail d’essai",
            "meeting-session": "Première réunion",
            "meeting-place": "Nairobi (Kenya)",
            "agenda-title-3": "Examen des options",
            "fn_agenda": "<symbol>UNEP/TEST/1/1</symbol>.",
        },
    )
    _translate(
        root / "translations" / "fr" / "a.po", {"paper-title": "Un document sur les options"}
    )
    result = run_hexaglot(
        "build", "-f", "html", "-f", "pdf", "-l", "fr", "-l", "en", "-l", "ar", cwd=root
    )
    assert result.code == 0, result
    return root


def _page(root: Path, lang: str) -> lxml_html.HtmlElement:
    return lxml_html.parse(
        str(root / "build" / "meetings" / "UNEP-TEST-1" / f"{lang}.html")
    ).getroot()


def test_templates_and_catalogues_of_the_meeting(meeting: Path, run: Runner) -> None:
    pot = (meeting / "translations" / "templates" / "meetings" / "UNEP-TEST-1.pot").read_text(
        "utf-8"
    )
    for context in ("organ", "meeting-name", "agenda-title-1", "agenda-title-4a", "fn_agenda"):
        assert f'msgctxt "{context}"' in pot
    paper_pot = (meeting / "translations" / "templates" / "a.pot").read_text("utf-8")
    assert 'msgctxt "organ"' not in paper_pot and 'msgctxt "paper-title"' in paper_pot
    rows = json.loads(run("stats", "--format", "json", cwd=meeting).out)["stats"]
    assert {(r["paper"], r["lang"]) for r in rows} >= {("UNEP-TEST-1", "fr"), ("a", "fr")}


def test_papers_print_the_meetings_masthead(meeting: Path) -> None:
    fr = lxml_html.parse(str(meeting / "build" / "a" / "fr.html")).getroot()
    lines = [
        " ".join(p.text_content().split()) for p in fr.find_class("meeting")[0].iterchildren("p")
    ]
    assert lines[:3] == ["Groupe de travail d’essai", "Première réunion", "Nairobi (Kenya)"]
    assert "Examen des options" in lines
    b = lxml_html.parse(str(meeting / "build" / "b" / "en.html")).getroot()
    agenda = " ".join(b.find_class("agenda")[0].text_content().split())
    assert agenda == "Items 4 (a) and 4 (b) of the provisional agenda*"


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_the_meeting_page_lists_every_paper(meeting: Path, lang: str) -> None:
    page = _page(meeting, lang)
    assert (page.get("lang"), page.get("dir")) == (lang, "rtl" if lang == "ar" else "ltr")
    rows = page.xpath("//table[@class='documents']/tbody/tr")
    # Sorted by symbol as people read them: /2 before /3 before /10.
    assert [row.find("th").text for row in rows] == [
        "UNEP/TEST/1/2",
        "UNEP/TEST/1/3",
        "UNEP/TEST/1/10",
    ]
    title = rows[0].findall("td")[0]
    if lang == "fr":
        assert title.text_content().strip() == "Un document sur les options"
        assert title.get("lang") is None
    elif lang == "ar":
        assert title.get("lang") == "en" and title.find("em") is not None  # marked untranslated
    assert rows[2].findall("td")[1].text_content() == (
        "4 a), 4 b)" if lang == "fr" else "4 (a), 4 (b)" if lang == "en" else "4 (أ)، 4 (ب)"
    )
    links = rows[0].findall("td")[2].xpath(".//a/@href")
    assert f"../../a/{lang}.html" in links and f"../../a/{lang}.pdf" in links
    size = (meeting / "build" / "a" / f"{lang}.pdf").stat().st_size
    assert f"{round(size / 1024)}" in rows[0].findall("td")[2].text_content()


def test_meeting_pages_are_valid_and_accessible(meeting: Path, vnu: list[str], axe: Axe) -> None:
    # Pages in the languages built: English, French, Arabic.
    pages = [
        meeting / "build" / "meetings" / "UNEP-TEST-1" / f"{lang}.html"
        for lang in ("en", "fr", "ar")
    ]
    assert all(page.exists() for page in pages)
    assert nu_errors(vnu, pages) == []
    assert [v for page in pages for v in axe(page)] == []


def test_references_to_a_missing_meeting_or_item(tmp_path: Path, run: Runner) -> None:
    root = _project(tmp_path / "p")
    paper = root / "source" / "a.xml"
    paper.write_text(paper.read_text("utf-8").replace('items="3"', 'items="3 7"'), "utf-8")
    result = run("validate", "a", cwd=root)
    assert result.code == 1
    assert "agenda item 7 is not on the agenda of meeting 'UNEP-TEST-1'" in result.out
    paper.write_text(
        paper.read_text("utf-8").replace('ref="UNEP-TEST-1"', 'ref="UNEP-TEST-9"'), "utf-8"
    )
    result = run("validate", "a", cwd=root)
    assert result.code == 1
    assert "meeting 'UNEP-TEST-9': source/meetings/UNEP-TEST-9.xml: no such file" in result.out
    broken = root / "source" / "meetings" / "UNEP-TEST-1.xml"
    broken.write_text(MEETING.replace("<place>Nairobi, Kenya</place>", ""), "utf-8")
    result = run("validate", "b", cwd=root)
    assert result.code == 1 and "<place>" in result.out, result


def test_update_prefills_from_the_languages_other_catalogues(tmp_path: Path, run: Runner) -> None:
    """A message translated elsewhere in the project arrives fuzzy, saying where it came from.

    The three papers share minimal.xml's paragraphs. Paper a's French is the memory;
    b gets it for what it lacks, never over what it has; a fuzzy entry is no memory.
    """
    root = _project(tmp_path / "p")
    assert run("extract", cwd=root).code == 0
    assert run("update", "a", "b", "-l", "fr", cwd=root).code == 0
    _translate(
        root / "translations" / "fr" / "a.po",
        {
            "para_1": "Le premier paragraphe du contexte.",
            "para_3": "Le troisième paragraphe.",
            "para_6": "Le sixième et dernier paragraphe.",
        },
    )
    _translate(root / "translations" / "fr" / "b.po", {"para_3": "Troisième paragraphe (à nous)."})
    a = root / "translations" / "fr" / "a.po"
    a.write_text(
        a.read_text("utf-8").replace('msgctxt "para_6"', '#, fuzzy\nmsgctxt "para_6"'), "utf-8"
    )
    assert run("update", "b", "-l", "fr", cwd=root).code == 0
    b = root / "translations" / "fr" / "b.po"
    text = b.read_text("utf-8")
    entry = text[text.index('msgctxt "para_1"') - 200 : text.index('msgctxt "para_1"') + 120]
    assert "# translation memory: translations/fr/a.po#para_1" in entry
    assert "#, fuzzy" in entry and 'msgstr "Le premier paragraphe du contexte."' in entry
    assert 'msgstr "Troisième paragraphe (à nous)."' in text  # never overwritten
    assert "Le sixième et dernier paragraphe." not in text  # fuzzy is not memory
    assert run("check", "b", "-l", "fr", "--format", "json", cwd=root).code == 0
    # A second update changes nothing.
    assert run("update", "b", "-l", "fr", cwd=root).out.startswith("unchanged")


def test_shipped_paper_takes_its_masthead_from_the_oewg2_meeting(repo: Path) -> None:
    """OEWG.2/10 names its meeting; the meeting's catalogues hold the masthead's Chinese."""
    source = (repo / "source" / "UNEP-DTIE-Hg-OEWG.2-10.xml").read_text("utf-8")
    assert '<meeting ref="UNEP-DTIE-Hg-OEWG.2" items="3"/>' in source
    zh = (repo / "translations" / "zh" / "meetings" / "UNEP-DTIE-Hg-OEWG.2.po").read_text("utf-8")
    for text in ("汞问题不限成员名额特设工作组", "第二次会议", "肯尼亚内罗毕"):
        assert f'msgstr "{text}"' in zh


def test_papers_of_the_meeting_link_each_other_and_travel_as_tmx(
    tmp_path: Path, run: Runner
) -> None:
    """Paper a cites b: its editions link to b's. Then a TMX export and import round trip."""
    root = _project(tmp_path / "p")
    paper = root / "source" / "a.xml"
    paper.write_text(
        paper.read_text("utf-8").replace(
            "The sixth and last paragraph.", "See <symbol>UNEP/TEST/1/10</symbol>."
        ),
        "utf-8",
    )
    assert run("extract", cwd=root).code == 0
    assert run("update", "-l", "fr", cwd=root).code == 0
    assert run("build", "a", "-l", "fr", "-f", "html", cwd=root).code == 0
    page = lxml_html.parse(str(root / "build" / "a" / "fr.html")).getroot()
    assert page.xpath("//a[@class='symbol']/@href") == ["../b/fr.html"]

    meeting_po = root / "translations" / "fr" / "meetings" / "UNEP-TEST-1.po"
    _translate(meeting_po, {"meeting-name": "Groupe de travail d’essai"})
    exported = run("tm", "export", "-l", "fr", "-o", "fr.tmx", cwd=root)
    assert exported.code == 0 and "(1 units)" in exported.out, exported
    meeting_po.unlink()
    assert run("update", "-l", "fr", "--tm", "fr.tmx", cwd=root).code == 0
    restored = meeting_po.read_text("utf-8")
    assert 'msgstr "Groupe de travail d’essai"' in restored
    assert "# translation memory: fr.tmx#UNEP-TEST-1#meeting-name" in restored
