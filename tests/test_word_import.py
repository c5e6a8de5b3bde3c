"""`hexaglot import`: Word drafts become papers that validate, block by block as expected.

The drafts are made with python-docx (tests/word_drafts.py), one with Word
numbering and one with labels typed by hand; both must give the paper
tests/papers/word-draft.xml, its masthead, blocks, notes and table.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from conftest import Runner
from word_drafts import BODY, make

from hexaglot.catalogs import markup
from hexaglot.paper import reader
from hexaglot.paper.inline import Ref, Text, leaves, plain

EXPECTED = Path(__file__).parent / "papers" / "word-draft.xml"


def _printed(text: Text) -> str:
    """The text as an edition prints it: a reference as its paragraph's number."""
    return "".join(
        n
        if isinstance(n, str)
        else n.to.removeprefix("para_")
        if isinstance(n, Ref)
        else getattr(n, "value", "")
        for n in leaves(text)
    )


def _blocks(path: Path) -> list[tuple[str, str]]:
    paper = reader.load(path)
    return [(b.id, markup.dump(b.text)) for b in paper.blocks(with_meeting=True)]


@pytest.mark.parametrize("numbering", ["word", "typed"])
def test_a_draft_becomes_the_expected_paper(tmp_path: Path, run: Runner, numbering: str) -> None:
    draft = make(tmp_path / "draft.docx", numbering)
    result = run("import", draft, "-o", "paper.xml", cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.err == ""  # everything placed: nothing to report
    out = tmp_path / "paper.xml"
    got, want = reader.load(out), reader.load(EXPECTED)
    assert _blocks(out) == _blocks(EXPECTED)
    assert got.masthead == want.masthead
    assert (got.symbol, got.subtitle) == (want.symbol, want.subtitle)
    table = got.sections[1].subsections[0].content[1]
    assert [[c.figures or plain(c.block.text) for c in r.cells] for r in table.rows] == [
        ["Region", "Reports"],
        ["Africa", "12"],
        ["Asia", "9"],
    ]
    assert table.rows[0].header
    # The command is idempotent: importing again leaves the paper as it is.
    again = run("import", draft, "-o", "paper.xml", cwd=tmp_path)
    assert again.code == 0 and "unchanged" in again.out


def test_the_default_target_is_named_for_the_symbol(tmp_path: Path, run: Runner) -> None:
    draft = make(tmp_path / "draft.docx", "word")
    (tmp_path / "source").mkdir()
    result = run("import", draft, cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.out.strip() == f"wrote {Path('source') / 'UNEP-XY.2-5.xml'}"
    assert _blocks(tmp_path / "source" / "UNEP-XY.2-5.xml") == _blocks(EXPECTED)


def test_what_cannot_be_placed_is_reported_and_kept(tmp_path: Path, run: Runner) -> None:
    """An unnumbered paragraph in the body: one line with its Word paragraph number; its text
    stays, at the end of the paragraph before it; every paragraph of the draft is in the paper."""
    body = list(BODY)
    at = next(i for i, (kind, label, _) in enumerate(body) if label == "2") + 1
    body.insert(at, ("plain", None, ["A stray remark typed without a number."]))
    draft = make(tmp_path / "draft.docx", "typed", body)
    result = run("import", draft, "-o", "paper.xml", cwd=tmp_path)
    assert result.code == 0, result.err
    lines = result.err.strip().splitlines()
    stray = 1 + next(
        i for i, p in enumerate(docx.Document(draft).paragraphs) if p.text.startswith("A stray")
    )
    assert len(lines) == 1 and f"Word paragraph {stray}:" in lines[0], lines
    paper = reader.load(tmp_path / "paper.xml")
    para_2 = next(b for b in paper.blocks() if b.id == "para_2")
    assert plain(para_2.text).endswith("and in A/RES/70/1. A stray remark typed without a number.")
    text = " ".join(_printed(b.text) for b in paper.blocks(with_meeting=True))
    for p in docx.Document(draft).paragraphs:
        words = p.text.split("\t")[-1].strip().removeprefix("Source: ")
        # Facts the masthead keeps as data, and the "Table 1" line the edition prints itself.
        as_data = ("Distr.", "Original:", "Item 4", "3 March", "6–10", "UNEP/XY.2/5", "Table 1")
        assert words in text or words.startswith(as_data), words


def test_a_draft_without_masthead_gets_reported_placeholders(tmp_path: Path, run: Runner) -> None:
    document = docx.Document()
    document.add_paragraph("Notes on testing", style="Title")
    document.add_paragraph("Scope", style="Heading 1")
    document.add_paragraph("1.\tThe first paragraph.")
    document.save(tmp_path / "bare.docx")
    result = run("import", "bare.docx", "-o", "bare.xml", cwd=tmp_path)
    assert result.code == 0, result.err
    missing = [
        line.split("masthead: no ")[1].split(" found")[0] for line in result.err.splitlines()
    ]
    assert missing == [
        "symbol",
        "original language",
        "issuing body",
        "distribution",
        "date of issue",
        "meeting name",
        "session",
        "place",
        "meeting dates",
        "agenda line",
        "title of agenda item 1",
        "agenda footnote",
    ]
    paper = reader.load(tmp_path / "bare.xml")
    assert plain(paper.title.text) == "Notes on testing"
    assert plain(paper.masthead.meeting_name.text) == "[meeting name]"
    assert [(b.id, plain(b.text)) for b in paper.blocks() if b.id[:4] in ("sec_", "para")] == [
        ("sec_scope", "Scope"),
        ("para_1", "The first paragraph."),
    ]


def test_a_paper_that_would_not_validate_is_not_written(tmp_path: Path, run: Runner) -> None:
    """Paragraph numbers that skip (1, then 3) break the schema's rule: nothing is written."""
    document = docx.Document()
    document.add_paragraph("Scope", style="Heading 1")
    document.add_paragraph("1.\tThe first paragraph.")
    document.add_paragraph("3.\tThe third.")
    document.save(tmp_path / "skip.docx")
    result = run("import", "skip.docx", "-o", "skip.xml", cwd=tmp_path)
    assert result.code == 1
    assert result.err.count("\n") == 1 and "skip.docx" in result.err
    assert "does not validate" in result.err and "nothing written" in result.err
    assert not (tmp_path / "skip.xml").exists()


def test_paragraph_references_become_refs(tmp_path: Path, run: Runner) -> None:
    """ "paragraph 1" names this paper's paragraph; "paragraph 2 of decision 24/3" does not."""
    document = docx.Document()
    document.add_paragraph("Scope", style="Heading 1")
    document.add_paragraph("1.\tThe first paragraph.")
    document.add_paragraph("2.\tThe second paragraph.")
    document.add_paragraph("3.\tAs in paragraph 1, unlike paragraph 2 of decision 24/3.")
    document.save(tmp_path / "refs.docx")
    result = run("import", "refs.docx", "-o", "refs.xml", cwd=tmp_path)
    assert result.code == 0, result.err
    para_3 = next(b for b in reader.load(tmp_path / "refs.xml").blocks() if b.id == "para_3")
    assert markup.dump(para_3.text) == (
        'As in paragraph <ref to="para_1"/>, unlike paragraph 2 of decision 24/3.'
    )


def test_a_table_nested_in_a_cell_keeps_its_text(tmp_path: Path, run: Runner) -> None:
    document = docx.Document()
    document.add_paragraph("Scope", style="Heading 1")
    document.add_paragraph("1.\tThe first paragraph.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Outer"
    table.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "Inner text"
    document.save(tmp_path / "nested.docx")
    result = run("import", "nested.docx", "-o", "nested.xml", cwd=tmp_path)
    assert result.code == 0, result.err
    table = reader.load(tmp_path / "nested.xml").sections[0].content[1]
    assert [plain(c.block.text) for c in table.rows[0].cells] == ["Outer", "Inner text"]


def test_a_french_draft_is_read_in_french(tmp_path: Path, run: Runner) -> None:
    """A draft typed in French in a Word set to English: its masthead wording (from the
    French catalogue) tells its language, and its labels are read in French styles."""
    document = docx.Document()
    for line in (
        "UNEP/XY.2/5",
        "Distr. générale",
        "3 mars 2025",
        "Original : anglais",
        "Groupe de travail sur les essais",
        "Deuxième réunion",
        "Nairobi (Kenya)",
        "6-10 octobre 2025",
        "Point 4 de l’ordre du jour provisoire",
        "Examen du programme d’essais",
    ):
        document.add_paragraph(line)
    document.add_paragraph("Progrès du programme d’essais", style="Title")
    document.add_paragraph("Contexte", style="Heading 1")
    document.add_paragraph("1.\tLes Parties ont présenté :")
    document.add_paragraph("a)\tdes rapports ;")
    document.add_paragraph("b)\tdes données, comme au paragraphe 1.")
    document.save(tmp_path / "fr.docx")
    result = run("import", "fr.docx", "-o", "fr.xml", cwd=tmp_path)
    assert result.code == 0, result.err
    paper = reader.load(tmp_path / "fr.xml")
    m = paper.masthead
    assert (paper.lang, m.original, m.distribution) == ("fr", "en", "general")
    assert (str(m.issued), str(m.first_day), str(m.last_day)) == (
        "2025-03-03",
        "2025-10-06",
        "2025-10-10",
    )
    assert [(a.number, plain(a.title.text)) for a in m.agenda] == [
        (4, "Examen du programme d’essais")
    ]
    assert [plain(x.text) for x in (m.meeting_name, m.meeting_session, m.meeting_place)] == [
        "Groupe de travail sur les essais",
        "Deuxième réunion",
        "Nairobi (Kenya)",
    ]
    (para,) = paper.sections[0].content
    assert [(i.label, markup.dump(i.block.text)) for i in para.items] == [
        (1, "des rapports ;"),
        (2, 'des données, comme au paragraphe <ref to="para_1"/>.'),
    ]
    # The agenda footnote is the only placeholder: the draft has none.
    assert [
        line.split("masthead: no ")[1].split(" found")[0] for line in result.err.splitlines()
    ] == [
        "issuing body",
        "agenda footnote",
    ]
