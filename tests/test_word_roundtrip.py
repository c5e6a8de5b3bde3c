"""Word editions read back: `import` of an edition gives the paper it was made from.

The Word editions of OEWG.2/10 and of the editorial test paper (a French
original with tables, table notes, a figure, a quoted decision and text, and
two annexes, one reproduced as received in Spanish) are built in all six
languages and each is imported. The imported paper must equal the edition's
paper (the source, or the source translated with the catalogues) block by
block: structure, kinds, paragraph numbers, subparagraph labels, ids, text
with its inline markup, references and notes, tables, figures (the image
written beside the paper), annexes; and a masthead with the same facts (for
OEWG.2/10, those of the meeting file its source refers to). One thing an
edition cannot carry back: the id of an unnumbered section, which the
importer makes from the heading's words ("Background": sec_background) while
an author may have chosen another ("Introduction": sec_intro).
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from conftest import REPO, STEM, run_hexaglot

from hexaglot.base.languages import LANGUAGES
from hexaglot.build.editions import edition
from hexaglot.paper import reader
from hexaglot.paper.model import (
    Annex,
    Block,
    Cell,
    Image,
    Masthead,
    Meeting,
    Paper,
    Section,
    map_blocks,
)
from hexaglot.project.layout import Project
from hexaglot.render.conventions import get as convention

EDITORIAL = REPO / "tests" / "papers" / "editorial"


def _build(root: Path, project: Path) -> Path:
    """A copy of ``project`` in ``root`` with the Word editions of its papers built."""
    for name in ("source", "translations"):
        shutil.copytree(project / name, root / name)
    result = run_hexaglot("build", "-f", "docx", "-j", "1", cwd=root)
    assert result.code == 0, result.err
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with the six Word editions of OEWG.2/10 built."""
    return _build(tmp_path_factory.mktemp("roundtrip"), REPO)


@pytest.fixture(scope="module")
def editorial(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the editorial test paper's project with its six Word editions built."""
    return _build(tmp_path_factory.mktemp("editorial"), EDITORIAL)


def _imported(root: Path, stem: str, lang: str) -> Paper:
    """The paper `import` makes of the ``lang`` edition; it must place every paragraph."""
    out = root / f"imported-{lang}.xml"
    result = run_hexaglot("import", root / "build" / stem / f"{lang}.docx", "-o", out, cwd=root)
    assert result.code == 0, result.err
    assert result.err == "", result.err  # nothing left unplaced
    return reader.load(out)


def _body(paper: Paper, figures: Callable[[str], str] = str) -> tuple:
    """The paper below its masthead as an edition carries it: each block's id (but an
    unnumbered section's) and text, each image's bytes and width (not its file's name),
    each cell of figures as ``figures`` writes it, each translated annex in the paper's
    language (an annex reproduced as received keeps its own)."""
    unnamed = {s.heading.id for p in (paper, *paper.annexes) for s in p.sections if not s.number}

    def carried(block: Block) -> Block:
        return Block("" if block.id in unnamed else block.id, "", block.text)

    def shown(node: object) -> object:
        if isinstance(node, tuple):
            return tuple(shown(x) for x in node)
        if not dataclasses.is_dataclass(node) or isinstance(node, type):
            return node
        changed = {f.name: shown(getattr(node, f.name)) for f in dataclasses.fields(node)}
        if isinstance(node, Image):
            changed["name"] = ""
        elif isinstance(node, Cell):
            changed["figures"] = figures(node.figures) if node.figures else ""
        elif isinstance(node, Annex) and not node.as_received:
            changed["lang"] = paper.lang
        return dataclasses.replace(node, **changed)

    kept = map_blocks(paper, carried)
    return shown((kept.title, kept.subtitle, kept.sections, kept.annexes, kept.notes))


def _facts(m: Masthead | Meeting) -> tuple:
    """What a masthead says about its meeting, as plain values: the same from a paper's
    own masthead and from a meeting file."""
    mast = isinstance(m, Masthead)
    return (
        m.organ_code,
        m.organ.text,
        (m.meeting_name if mast else m.name).text,
        (m.meeting_session if mast else m.session).text,
        (m.meeting_place if mast else m.place).text,
        m.first_day,
        m.last_day,
        m.provisional,
        tuple((i.number, i.sub, i.title.text) for i in m.agenda),
        (m.agenda_note.marker, m.agenda_note.block.text),
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_oewg_edition_imports_as_its_paper(built: Path, lang: str) -> None:
    source = reader.load(built / "source" / f"{STEM}.xml")
    want = edition(Project(built), source, lang, LANGUAGES)[0].paper
    got = _imported(built, STEM, lang)
    # The imported edition is a paper written in its language, its original still named.
    assert (got.symbol, got.lang) == (source.symbol, lang)
    assert _body(got) == _body(want)
    # Import writes the meeting into the paper: the same facts as the meeting file's
    # (for a translation, the meeting as its catalogue translates it).
    assert source.masthead.meeting
    meeting = reader.load_meeting(
        reader.meeting_path(built / "source" / f"{STEM}.xml", source.masthead.meeting)
    )
    expected = _facts(meeting) if lang == source.lang else _facts(want.masthead)
    assert _facts(got.masthead) == expected
    assert got.masthead.meeting is None
    assert (got.masthead.distribution, got.masthead.issued, got.masthead.original) == (
        source.masthead.distribution,
        source.masthead.issued,
        source.masthead.original,
    )


def test_an_unnumbered_section_keeps_its_id_in_the_source_language_only(built: Path) -> None:
    """The id of "Background" comes from its words: the English edition gives it back, the
    Chinese one (no Latin letters to make it of) a neutral one that still validates."""
    english = _imported(built, STEM, "en").sections[0]
    chinese = _imported(built, STEM, "zh").sections[0]
    assert isinstance(english, Section) and english.number is None
    assert (english.heading.id, chinese.heading.id) == ("sec_background", "sec_unnumbered")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_editorial_edition_imports_as_its_paper(editorial: Path, lang: str) -> None:
    source = reader.load(editorial / "source" / "editorial.xml")
    want = edition(Project(editorial), source, lang, LANGUAGES)[0].paper
    got = _imported(editorial, "editorial", lang)
    assert (got.symbol, got.lang, got.subtitle is not None) == (source.symbol, lang, True)
    # Figures in cells are written as the edition prints them: 12,5 in French, 12.5 in English.
    assert _body(got) == _body(want, partial(convention(lang).figures, source=source.lang))
    assert _facts(got.masthead) == _facts(want.masthead)
    mine, theirs = got.masthead, want.masthead
    assert (mine.distribution, mine.issued, mine.original) == (
        theirs.distribution,
        theirs.issued,
        theirs.original,
    )
    # The job number of this language's edition, from the foot of its first page.
    assert mine.job_number(lang) == theirs.job_number(lang)
    # The annex reproduced as received keeps its language; the chart is the source's.
    assert [(a.as_received, a.lang) for a in got.annexes] == [(False, lang), (True, "es")]
    image = got.sections[1].content[3].image  # type: ignore[union-attr]
    assert image.data == (EDITORIAL / "source" / "chart.png").read_bytes()
