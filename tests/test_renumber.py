"""hexaglot renumber: paragraph numbers become 1..N and not one other byte changes.

Editors keep comments, indentation and their own attribute style in the
source; a renumber that re-serialised the XML would turn every review into
a diff of the whole file.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from hexaglot.base.errors import InputError
from hexaglot.paper.renumber import renumber_text

if TYPE_CHECKING:
    from conftest import Runner

# The n attribute of a <para> start tag, in any quoting and spacing.
N_VALUE = re.compile(r"""(<para\b[^>]*?\sn\s*=\s*)(["'])\d+\2""")


def _masked(text: str) -> str:
    """``text`` with every paragraph number replaced by #, to compare all the rest."""
    return N_VALUE.sub(r"\1\2#\2", text)


def _numbers(path: Path) -> list[int]:
    """The paragraph numbers as the XML parser sees them, not as the regex does."""
    return [int(n) for n in etree.parse(str(path)).xpath("//para/@n")]


@pytest.fixture
def misnumbered(tmp_path: Path, papers_dir: Path) -> Path:
    """A private copy of papers/misnumbered.xml (paragraphs 1, 2, 5, 5, 9)."""
    path = tmp_path / "misnumbered.xml"
    shutil.copy(papers_dir / "misnumbered.xml", path)
    return path


def test_renumber_changes_only_the_numbers(misnumbered: Path, run: Runner) -> None:
    """1, 2, 5, 5, 9 become 1..5; comments, CDATA, PIs, quotes and layout stay byte for byte."""
    original = misnumbered.read_text(encoding="utf-8")
    assert _numbers(misnumbered) == [1, 2, 5, 5, 9]
    assert run("validate", misnumbered, cwd=misnumbered.parent).code == 1

    result = run("renumber", misnumbered, cwd=misnumbered.parent)
    assert result.code == 0, result
    assert result.out.strip() == f"renumbered {misnumbered}"

    renumbered = misnumbered.read_text(encoding="utf-8")
    assert _numbers(misnumbered) == [1, 2, 3, 4, 5]
    assert _masked(renumbered) == _masked(original)
    assert renumbered != original
    # Look-alikes outside start tags are not paragraphs.
    for kept in (
        '<!-- <para n="7" id="para_deleted">',
        '<![CDATA[<para n="3">]]>',
        '<?editor para n="4" reviewed?>',
        'mentions n="3"',
    ):
        assert kept in renumbered
    assert "<para id='para_2' n='2'>" in renumbered
    assert '<para\n        id="para_new"\n        n = "3" >' in renumbered
    assert '<para n="1" id="para_1">' in renumbered
    validated = run("validate", misnumbered, cwd=misnumbered.parent)
    assert validated.code == 0, validated


def test_second_renumber_is_a_no_op(misnumbered: Path, run: Runner) -> None:
    """Renumbering a numbered paper reports unchanged and leaves bytes and mtime alone."""
    assert run("renumber", misnumbered, cwd=misnumbered.parent).code == 0
    data, mtime = misnumbered.read_bytes(), misnumbered.stat().st_mtime_ns
    result = run("renumber", misnumbered, cwd=misnumbered.parent)
    assert result.code == 0
    assert result.out.strip() == f"unchanged {misnumbered}"
    assert misnumbered.read_bytes() == data
    assert misnumbered.stat().st_mtime_ns == mtime


def test_shipped_paper_is_already_numbered(project: Path, run: Runner) -> None:
    """The shipped paper is consecutive: renumber leaves it untouched."""
    paper = next((project / "source").glob("*.xml"))
    data = paper.read_bytes()
    result = run("renumber", paper, cwd=project)
    assert result.out.strip() == f"unchanged {paper}"
    assert paper.read_bytes() == data


def test_crlf_and_non_ascii_survive(tmp_path: Path, papers_dir: Path, run: Runner) -> None:
    """Windows line ends and non-ASCII text (U+2011, en dash, Chinese) are kept as they were."""
    text = (papers_dir / "misnumbered.xml").read_text(encoding="utf-8")
    text = text.replace("The last one.", "SC‑1/15, 2008–2012, 汞问题.").replace("\n", "\r\n")
    path = tmp_path / "crlf.xml"
    path.write_bytes(text.encode("utf-8"))
    assert run("renumber", path, cwd=tmp_path).code == 0
    after = path.read_bytes().decode("utf-8")
    assert _masked(after) == _masked(text)
    assert after.count("\r\n") == text.count("\r\n")
    assert _numbers(path) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "damage",
    [
        ('<para id="para_3" n="5">', '<para id="para_3" n="5"'),  # unclosed start tag
        ("</section>\n</paper>", "</section>\n"),  # truncated file
        ("<title>A paper", "<title>A paper &nbsp;"),  # undefined entity
        ('<para id="para_3" n="5">', '<para id="para_3">'),  # a para without n
    ],
    ids=["unclosed-tag", "truncated", "undefined-entity", "para-without-n"],
)
def test_malformed_file_is_left_alone(
    damage: tuple[str, str], misnumbered: Path, run: Runner
) -> None:
    """A file renumber cannot read safely: exit 1, one line naming it, file unchanged."""
    text = misnumbered.read_text(encoding="utf-8")
    assert damage[0] in text
    misnumbered.write_text(text.replace(damage[0], damage[1], 1), encoding="utf-8")
    data, mtime = misnumbered.read_bytes(), misnumbered.stat().st_mtime_ns
    result = run("renumber", misnumbered, cwd=misnumbered.parent)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    assert result.err.startswith(f"hexaglot: error: {misnumbered}")
    assert len(result.err.strip().splitlines()) == 1
    assert misnumbered.read_bytes() == data
    assert misnumbered.stat().st_mtime_ns == mtime
    assert not [p for p in misnumbered.parent.iterdir() if p.name.endswith(".tmp")]


def test_non_utf8_file_is_refused(misnumbered: Path, run: Runner) -> None:
    """Latin-1 bytes are not silently re-encoded."""
    text = misnumbered.read_text(encoding="utf-8").replace("The last one.", "Très bien.")
    text = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    misnumbered.write_bytes(text.encode("latin-1"))
    data = misnumbered.read_bytes()
    result = run("renumber", misnumbered, cwd=misnumbered.parent)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert misnumbered.read_bytes() == data


# A paragraph start tag in any of the styles editors use.
_STYLES = st.sampled_from(
    [
        '<para id="p{i}" n="{n}">',
        "<para n='{n}' id='p{i}'>",
        '<para\n  id="p{i}"\n  n = "{n}"\n>',
        '<para id="p{i}"\tn="{n}" >',
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    numbers=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12),
    styles=st.lists(_STYLES, min_size=12, max_size=12),
    comments=st.lists(st.booleans(), min_size=12, max_size=12),
)
def test_renumber_text_property(
    numbers: list[int], styles: list[str], comments: list[bool]
) -> None:
    """For any numbering and tag style, only n values change and they become 1..N."""
    body = []
    for i, n in enumerate(numbers):
        if comments[i]:
            body.append(f'<!-- <para id="old{i}" n="{n + 1}"> -->')
        body.append(styles[i].format(i=i, n=n) + f"Text {i} n={n}.</para>")
    text = "<paper>\n" + "\n".join(body) + "\n</paper>\n"
    out = renumber_text(text, "prop.xml")
    assert _masked(out) == _masked(text)
    root = etree.fromstring(out.encode())
    assert [int(n) for n in root.xpath("//para/@n")] == list(range(1, len(numbers) + 1))
    assert renumber_text(out, "prop.xml") == out


def test_renumber_text_refuses_what_it_cannot_find() -> None:
    """If the regex and the parser disagree on the paragraphs, nothing is rewritten."""
    with pytest.raises(InputError):
        renumber_text('<paper><para id="a">x</para></paper>', "x.xml")
    with pytest.raises(InputError):
        renumber_text("<paper><para n='1'>x</paper>", "x.xml")
