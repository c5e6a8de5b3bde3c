"""The paper reader over wrapped text: an editor's line breaks never change a message.

Each case wraps a small paper the way an editor might (any indentation, a
break on either side of an inline element) and compares the blocks read
with those of the same paper on one line. These run in milliseconds: they
call the reader, not the command line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from hexaglot.catalogs import markup
from hexaglot.paper import reader
from hexaglot.paper.inline import Em, NoteCall, Ref, Strong, Symbol
from hexaglot.paper.reader import fold

# minimal.xml's masthead, then a body with a place for each inline context.
MASTHEAD = (REPO / "tests" / "papers" / "minimal.xml").read_text("utf-8").split("</masthead>")[0]
PAPER = (
    MASTHEAD.replace("{", "{{").replace("}", "}}")
    + """</masthead>
  <title>A paper</title>
  <section id="sec_1">
    <heading>{heading}</heading>
    <para id="para_1" n="1">{para}</para>
    <para id="para_2" n="2">Items:<list>
      <item id="para_2__point_a">{item}</item>
      <item id="para_2__point_b">Last.</item>
    </list></para>
  </section>
</paper>
"""
)


def _blocks(tmp_path: Path, name: str, **parts: str) -> dict[str, str]:
    """The messages (msgctxt → msgid) of the test paper with ``parts`` filled in."""
    values = {"heading": "Heading", "para": "Text.", "item": "Item;"} | parts
    path = tmp_path / f"{name}.xml"
    path.write_text(PAPER.format(**values), "utf-8")
    return {b.id: markup.dump(b.text) for b in reader.load(path).blocks()}


# (one-line form, wrapped forms): every wrapped form reads as the one-line form.
CASES = {
    "emphasis then text": (
        "Read <em>this</em> and that.",
        ["Read <em>this</em>\n      and that.", "Read\n  <em>this</em>\n  and that."],
    ),
    "text then emphasis": (
        "See the <em>annex</em>.",
        ["See the\n      <em>annex</em>.", "See the <em>\n annex</em>."],
    ),
    "space inside emphasis": (
        "A <em>b c</em> d.",
        ["A <em>b\n   c</em> d.", "A <em>b \n c</em>\n d."],
    ),
    "symbol": (
        "As set out in <symbol>UNEP/GC/24/3/Add.1</symbol> and later.",
        [
            "As set out in\n<symbol>UNEP/GC/24/3/Add.1</symbol>\nand later.",
            "As set out in\t<symbol>\n  UNEP/GC/24/3/Add.1\n</symbol> and later.",
        ],
    ),
    "reference": (
        'In paragraph <ref to="para_2"/> below.',
        [
            'In paragraph\n  <ref to="para_2"/>\n  below.',
            'In paragraph <ref to="para_2"/>\r\n below.',
        ],
    ),
    "footnote call": (
        'A claim.<note id="fn_1">Its source.</note> Then more.',
        [
            'A claim.<note id="fn_1">Its\n   source.</note>\n  Then more.',
            'A claim.<note id="fn_1">\n  Its source.\n</note> Then more.',
        ],
    ),
}


# Every case in a paragraph, a list item and a heading (where the schema
# allows no footnote).
WHERE = [
    (case, context)
    for case in sorted(CASES)
    for context in ("para", "item", "heading")
    if not (context == "heading" and case == "footnote call")
]


@pytest.mark.parametrize(("case", "context"), WHERE)
def test_wrapping_never_changes_a_message(case: str, context: str, tmp_path: Path) -> None:
    one_line, wrapped_forms = CASES[case]
    expected = _blocks(tmp_path, "one", **{context: one_line})
    for i, wrapped in enumerate(wrapped_forms):
        assert _blocks(tmp_path, f"wrapped{i}", **{context: wrapped}) == expected, wrapped


def test_block_edges_are_trimmed(tmp_path: Path) -> None:
    """Leading and trailing white space goes, also at the edge of emphasis."""
    blocks = _blocks(
        tmp_path,
        "edges",
        heading="\n      <em> Emphasised heading </em>\n    ",
        para="\n      Text wrapped\n      over lines.\n    ",
        item="\n  last words <em>in italics\n  </em>\n",
    )
    assert blocks["sec_1"] == "<em>Emphasised heading</em>"
    assert blocks["para_1"] == "Text wrapped over lines."
    assert blocks["para_2__point_a"] == "last words <em>in italics</em>"
    assert blocks["para_2"] == "Items:"


def test_fold_keeps_other_spaces() -> None:
    """Only XML white space folds: no-break and narrow no-break spaces stay as written."""
    text = ("1\u00a0250\u202f000 tonnes,\n   in  ", Em(("total ",)), " ", Symbol("A/1"), ".")
    assert fold(text) == ("1\u00a0250\u202f000 tonnes, in ", Em(("total ",)), Symbol("A/1"), ".")


def test_fold_spaces_between_placeholders() -> None:
    """A space between two placeholders is one space; none is invented."""
    assert fold((Ref("para_1"), " \n ", Ref("para_2"))) == (Ref("para_1"), " ", Ref("para_2"))
    assert fold((Ref("para_1"), NoteCall("fn_1"))) == (Ref("para_1"), NoteCall("fn_1"))
    assert fold(("\n  ",)) == ()


def test_line_breaks_between_chinese_characters_vanish() -> None:
    """As CSS reads them: a segment break between two wide characters is no space at all."""
    assert fold(("关于\n    海洋塑料垃圾的资料",)) == ("关于海洋塑料垃圾的资料",)
    assert fold(("更正了文件中的\n  ", Strong(("表1",)), "。")) == (
        "更正了文件中的",
        Strong(("表1",)),
        "。",
    )
    # Only a line break does: a space typed between them stays, and so does a break
    # next to Latin text or a symbol.
    assert fold(("汞 问题",)) == ("汞 问题",)
    assert fold(("会议\nUNEP",)) == ("会议 UNEP",)
    assert fold(("文件\n", Symbol("UNEP/EA.6/1"), "。")) == ("文件 ", Symbol("UNEP/EA.6/1"), "。")
