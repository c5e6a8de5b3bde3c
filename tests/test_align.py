"""`hexaglot align`: the official Chinese edition fills the zh catalogue as shipped.

The seed (tests/data, the text of the official Chinese edition of
UNEP(DTIE)/Hg/OEWG.2/10) is aligned with the English paper into a
catalogue whose msgstrs were emptied: every msgstr must come back as the
shipped catalogue has it, placeholders (<ref/>, <symbol>) included. A
damaged copy (a paragraph missing, two merged) lists exactly what it could
not match; an existing translation is never replaced.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from conftest import STEM, Runner

from hexaglot.catalogs import pofile
from hexaglot.catalogs.catalog import Catalog

SEED = Path(__file__).parent / "data" / f"{STEM}.zh.txt"
CATALOG = Path("translations") / "zh" / f"{STEM}.po"


def _strings(path: Path) -> dict[str, str]:
    return {m.context: m.string for m in pofile.read(path) if m.context}


def _emptied(project: Path) -> dict[str, str]:
    """Empty every msgstr of the project's zh catalogue; return the shipped ones."""
    path = project / CATALOG
    shipped = _strings(path)
    catalog: Catalog = pofile.read(path)
    for msg in catalog:
        if msg.context:
            msg.string = ""
    pofile.write(path, catalog)
    return shipped


def _unmatched(err: str) -> list[str]:
    """The block ids that a run's findings list, in order."""
    reasons = "not aligned|no |merged|the edition's|has a translation|its "
    return re.findall(rf"warning: .*?([a-z][\w-]*): (?:{reasons})", err)


def test_the_seed_reproduces_the_shipped_catalogue(project: Path, run: Runner) -> None:
    shipped = _emptied(project)
    result = run("align", STEM, "-l", "zh", SEED, cwd=project)
    assert result.code == 0, result.err
    assert result.err == ""
    got = pofile.read(project / CATALOG)
    assert {m.context: m.string for m in got if m.context} == shipped
    assert any("<ref " in s for s in shipped.values())
    assert any("<symbol>" in s for s in shipped.values())
    for msg in got:
        if msg.context:
            assert msg.fuzzy and msg.user_comments[-1].startswith(f"aligned from {SEED.name}, ")
    assert f"filled {len(shipped)} entries" in result.out


def test_a_damaged_edition_lists_exactly_what_it_could_not_match(
    project: Path, run: Runner, tmp_path: Path
) -> None:
    """Paragraph 7 deleted (and a stray line numbered 7 further down, which must not be taken
    for it); paragraph 13 run into paragraph 12 on one line."""
    lines = SEED.read_text("utf-8").split("\n")
    damaged: list[str] = []
    for line in lines:
        if line.startswith("7. "):
            continue
        if line.startswith("13. "):
            damaged[-1] = f"{damaged[-1].rstrip()} {line}"
            continue
        damaged.append(line)
        if line.startswith("20. "):
            damaged.append("7. 一行多余的文字。")
            stray = len(damaged)
    edition = tmp_path / "damaged.txt"
    edition.write_text("\n".join(damaged), "utf-8")
    shipped = _emptied(project)
    result = run("align", STEM, "-l", "zh", edition, cwd=project)
    assert result.code == 0, result.err
    assert _unmatched(result.err) == ["para_7", "para_12", "para_13"]
    assert re.findall(r"damaged\.txt:(\d+): warning: this paragraph", result.err) == [str(stray)]
    assert len(result.err.strip().splitlines()) == 4
    got = _strings(project / CATALOG)
    assert {k for k, v in got.items() if not v} == {"para_7", "para_12", "para_13"}
    assert {k: v for k, v in got.items() if v} == {
        k: v for k, v in shipped.items() if k not in ("para_7", "para_12", "para_13")
    }


def test_an_existing_translation_is_kept_and_reported(project: Path, run: Runner) -> None:
    path = project / CATALOG
    catalog = pofile.read(path)
    for msg in catalog:
        if msg.context == "para_5":
            msg.string = "一个审校过的译文。"
        elif msg.context == "para_6":
            msg.string = ""
    pofile.write(path, catalog)
    before = _strings(path)
    result = run("align", STEM, "-l", "zh", SEED, cwd=project)
    assert result.code == 0, result.err
    assert _unmatched(result.err) == ["para_5"] and "kept it" in result.err
    after = pofile.read(path)
    strings = {m.context: m.string for m in after if m.context}
    assert strings["para_5"] == "一个审校过的译文。"
    assert {k for k in strings if strings[k] != before[k]} == {"para_6"}
    assert [m.context for m in after if m.fuzzy] == ["para_6"]
    assert "filled 1 entries (fuzzy), kept 1 existing" in result.out


def _seed_docx(path: Path) -> Path:
    """The seed as a Word edition: a paragraph per line, paragraph numbers as Word numbering,
    the agenda footnote a real footnote (its part added by the drafts' helper)."""
    from word_drafts import LISTS, _Notes, _number, _numbering

    document = docx.Document()
    lists = _numbering(document)
    notes = _Notes()
    text = SEED.read_text("utf-8").split("_____")[0]
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        numbered = re.match(r"(\d+)\. (.*)", line)
        p = document.add_paragraph()
        if numbered:
            _number(p, lists["paras"], 0)
            line = numbered.group(2)
        if line.startswith("临时议程*"):
            p.add_run("临时议程")
            notes.add(p, "UNEP(DTIE)/Hg/OEWG.2/1。", "*")
            p.add_run(line.removeprefix("临时议程*"))
            continue
        p.add_run(line)
    assert LISTS["paras"][1][0] == ("decimal", "%1.")
    notes.attach(document)
    document.save(path)
    return path


def test_a_word_edition_reproduces_the_shipped_catalogue(
    project: Path, run: Runner, tmp_path: Path
) -> None:
    edition = _seed_docx(tmp_path / "zh.docx")
    shipped = _emptied(project)
    result = run("align", STEM, "-l", "zh", edition, cwd=project)
    assert result.code == 0, result.err
    assert _strings(project / CATALOG) == shipped
    assert "Word paragraph" in pofile.read(project / CATALOG).entries[1].user_comments[-1]


@pytest.mark.parametrize("lang", ["en"])
def test_the_original_language_is_refused(project: Path, run: Runner, lang: str) -> None:
    result = run("align", STEM, "-l", lang, SEED, cwd=project)
    assert result.code == 1 and "nothing to align" in result.err


def test_a_french_edition_of_the_test_paper(tmp_path: Path, run: Runner, papers_dir: Path) -> None:
    """French labels (a), i)), a footnote after a rule, references and symbols in the text; the
    catalogue is created; what is not aligned (masthead lines, the table) is listed, and so are
    the edition's table lines that matched nothing."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "word-draft.xml").write_bytes(
        (papers_dir / "word-draft.xml").read_bytes()
    )
    edition = Path(__file__).parent / "data" / "word-draft.fr.txt"
    result = run("align", "word-draft", "-l", "fr", edition, cwd=tmp_path)
    assert result.code == 0, result.err
    assert _unmatched(result.err) == [
        "organ",
        "meeting-name",
        "meeting-session",
        "meeting-place",
        "agenda-title",
        "table_1__title",
        "table_1__r1c1",
        "table_1__r1c2",
        "table_1__r2c1",
        "table_1__r3c1",
        "table_1__source",
    ]
    unused = re.findall(r"word-draft\.fr\.txt:(\d+): warning: this paragraph", result.err)
    assert unused == ["19", "20", "21", "22", "23", "24"]  # "Tableau 1" … "Source : …"
    got = _strings(tmp_path / "translations" / "fr" / "word-draft.po")
    assert got["fn_agenda"] == "<symbol>UNEP/XY.2/1</symbol>."
    assert got["para_1"] == (
        'Le Groupe de travail, dans sa décision 2/1, a demandé un rapport.<note id="fn_1"/> '
        "Le rapport suit."
    )
    assert got["fn_1"] == (
        "Voir le rapport de sa première réunion, <symbol>UNEP/XY.1/9</symbol>, annexe I."
    )
    assert got["para_4"] == (
        'Le secrétariat publiera les données présentées aux paragraphes <ref to="para_2"/> et '
        '<ref to="para_3"/> ci-dessus.'
    )
    assert got["para_3__point_b__point_ii"] == "Dans les orientations."
    assert (got["paper-title"], got["paper-subtitle"], got["sec_background"]) == (
        "Progrès du programme d’essais",
        "Note du secrétariat",
        "Contexte",
    )
    assert sum(1 for v in got.values() if v) == 18
