"""Word editions read back: `import` of an edition gives the paper it was made from.

The Word editions of OEWG.2/10 are built in all six languages and each is
imported. The imported paper must equal the edition's paper (the source, or
the source translated with the catalogues) block by block: structure, kinds,
paragraph numbers, subparagraph labels, ids, text with its inline markup and
notes, and a masthead equal to the meeting file the source refers to. What
an edition cannot carry back is said where it is compared: the id of an
unnumbered section in a translation (made from the heading's words), and a
reference to a paragraph in a translation, which the edition prints as the
paragraph's number in words only the source language's pattern reads back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, STEM, run_hexaglot

from hexaglot.base.languages import LANGUAGES
from hexaglot.build.editions import edition
from hexaglot.paper import reader
from hexaglot.paper.inline import Ref, Styled, Text
from hexaglot.paper.model import Block, Masthead, Meeting, Paper, Section, map_blocks
from hexaglot.project.layout import Project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with the six Word editions of OEWG.2/10 built."""
    root = tmp_path_factory.mktemp("roundtrip")
    for name in ("source", "translations"):
        shutil.copytree(REPO / name, root / name)
    result = run_hexaglot("build", STEM, "-f", "docx", "-j", "1", cwd=root)
    assert result.code == 0, result.err
    return root


def _imported(root: Path, stem: str, lang: str) -> Paper:
    """The paper `import` makes of the ``lang`` edition; it must place every paragraph."""
    out = root / f"imported-{lang}.xml"
    result = run_hexaglot("import", root / "build" / stem / f"{lang}.docx", "-o", out, cwd=root)
    assert result.code == 0, result.err
    assert result.err == "", result.err  # nothing left unplaced
    return reader.load(out)


def _printed(text: Text, numbers: dict[str, str]) -> Text:
    """``text`` with each reference as the number the edition prints for it."""
    out: list = []
    for node in text:
        if isinstance(node, Ref):
            node = numbers[node.to]
        elif isinstance(node, Styled):
            node = type(node)(_printed(node.content, numbers))
        if isinstance(node, str) and out and isinstance(out[-1], str):
            out[-1] += node
        else:
            out.append(node)
    return tuple(out)


def _body(paper: Paper, numbers: dict[str, str] | None) -> tuple:
    """The paper below its masthead, every block reduced to what an edition carries:
    its id (not for an unnumbered section's heading when ``numbers`` is given, that
    is in a translation) and its text (references printed, in a translation)."""
    unnamed = {s.heading.id for s in paper.sections if s.number is None}

    def carried(block: Block) -> Block:
        if numbers is None:
            return Block(block.id, "", block.text)
        ident = "" if block.id in unnamed else block.id
        return Block(ident, "", _printed(block.text, numbers))

    kept = map_blocks(paper, carried)
    return kept.title, kept.subtitle, kept.sections, kept.annexes, kept.notes


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


def _numbers(paper: Paper) -> dict[str, str]:
    out: dict[str, str] = {}
    for section in paper.sections:
        for part in (section, *section.subsections):
            for block in part.content:
                number = getattr(block, "number", None)
                if number is not None:
                    out[block.block.id] = str(number)
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_oewg_edition_imports_as_its_paper(built: Path, lang: str) -> None:
    source = reader.load(built / "source" / f"{STEM}.xml")
    want = edition(Project(built), source, lang, LANGUAGES)[0].paper
    got = _imported(built, STEM, lang)
    # The imported edition is a paper written in its language, its original still named.
    assert (got.symbol, got.lang) == (source.symbol, lang)
    numbers = None if lang == source.lang else _numbers(want)
    assert _body(got, numbers) == _body(want, numbers)
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
