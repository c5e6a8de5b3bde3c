"""Papers the schema accepts never crash a command; those it refuses get one line.

Each case comes from a fuzz campaign over mutated papers: a value the schema's
types allowed but the reader did not, a long paper whose labels ran out,
markup nested past what a renderer can take, a finding that echoed a line
break. Every command ends with exit 0 or 1, never a traceback (the in-process
runner fails the test on any exception).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, Runner

from hexaglot.paper import reader

MINIMAL = (REPO / "tests" / "papers" / "minimal.xml").read_text("utf-8")


def _project(tmp_path: Path, paper: str) -> Path:
    (tmp_path / "source").mkdir(parents=True)
    (tmp_path / "source" / "p.xml").write_text(paper, "utf-8")
    return tmp_path


def _one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("<issued>2008-08-13</issued>", "<issued>2008-08-13Z</issued>", "YYYY-MM-DD"),
        ("<issued>2008-08-13</issued>", "<issued>2008-08-\n13</issued>", "YYYY-MM-DD"),
        ("<issued>2008-08-13</issued>", "<issued>0999-08-13</issued>", "from 1945 to 2099"),
        ('last="2008-10-10"', 'last="10000-10-10"', "from 1945 to 2099"),
        ("<job-number>K0800001</job-number>", "<job-number>K08</job-number>", "seven digits"),
    ],
)
def test_values_the_reader_cannot_take_are_refused_by_the_schema(
    old: str, new: str, says: str, tmp_path: Path, run: Runner
) -> None:
    root = _project(tmp_path, MINIMAL.replace(old, new))
    result = run("validate", cwd=root)
    assert result.code == 1, result
    assert says in _one_line(result.out)
    assert run("build", "-f", "html", cwd=root).code == 1


def test_padded_values_are_read_as_the_schema_reads_them(tmp_path: Path, run: Runner) -> None:
    """White space around a token, a language or a date is not part of it."""
    paper = (
        MINIMAL.replace('xml:lang="en"', 'xml:lang=" en "')
        .replace("<original>en</original>", "<original> en </original>")
        .replace("<issued>2008-08-13</issued>", "<issued>\n  2008-08-13\n</issued>")
        .replace('numbered="no"', 'numbered=" no "')
        .replace('<ref to="para_4"/>', '<ref to=" para_4 "/>')
    )
    root = _project(tmp_path, paper)
    assert run("validate", cwd=root).code == 0
    doc = reader.load(root / "source" / "p.xml")
    assert (doc.lang, doc.masthead.original, str(doc.masthead.issued)) == ("en", "en", "2008-08-13")
    assert doc.sections[0].number is None
    assert run("extract", cwd=root).code == 0
    built = run("build", "-f", "html", "-l", "en", cwd=root)
    assert built.code == 0, built
    page = (root / "build" / "p" / "en.html").read_text("utf-8")
    assert '<a href="#para_4">4</a>' in page


def _long_paper(sections: int, subsections: int, items: int) -> str:
    head = MINIMAL.split("<section", 1)[0]
    n = 0
    parts = []
    for s in range(1, sections + 1):
        subs = []
        for u in range(1, (subsections if s == 1 else 1) + 1):
            n += 1
            lst = ""
            if s == 1 and u == 1:
                lst = "<list>" + "".join(
                    f'<item id="p{n}_i{i}">item {i};</item>' for i in range(1, items + 1)
                )
                lst += "</list>"
            subs.append(
                f'<subsection id="s{s}_u{u}"><heading>Subsection {u}</heading>'
                f'<para id="para_{n}" n="{n}">Paragraph {n}:{lst}</para></subsection>'
            )
        parts.append(f'<section id="s{s}"><heading>Section {s}</heading>{"".join(subs)}</section>')
    return head + "".join(parts) + "</paper>"


def test_long_papers_build_in_every_language(tmp_path: Path, run: Runner) -> None:
    """More sections, subsections and subparagraphs than any closed label list holds."""
    root = _project(tmp_path, _long_paper(sections=105, subsections=30, items=30))
    assert run("validate", cwd=root).code == 0
    assert run("extract", cwd=root).code == 0
    assert run("update", cwd=root).code == 0
    result = run("build", "-f", "html", cwd=root)
    assert result.code == 0, result
    pages = {
        lang: (root / "build" / "p" / f"{lang}.html").read_text("utf-8")
        for lang in ["ar", "zh", "ru"]
    }
    assert "سادس عشر -" in pages["ar"] and "ألف ألف -" in pages["ar"]  # section 16, subsection 29
    assert "(أ أ)" in pages["ar"]  # the 29th subparagraph
    assert "一百零五、" in pages["zh"]
    assert "АА." in pages["ru"]  # the 27th subsection


def test_deep_emphasis_in_a_paper_is_refused(tmp_path: Path, run: Runner) -> None:
    deep = "<em>" * 240 + "deep" + "</em>" * 240
    root = _project(tmp_path, MINIMAL.replace("The third paragraph.", deep))
    result = run("validate", cwd=root)
    assert result.code == 1, result
    assert "nested more than eight deep" in result.out
    assert run("build", "-f", "html", cwd=root).code == 1


def test_deep_emphasis_in_a_catalogue_is_refused(tmp_path: Path, run: Runner) -> None:
    """A msgstr nested past the bound is a check error; the build falls back and goes on."""
    root = _project(tmp_path, MINIMAL)
    assert run("extract", cwd=root).code == 0
    assert run("update", "-l", "fr", cwd=root).code == 0
    po = root / "translations" / "fr" / "p.po"
    deep = "<em>" * 240 + "profond" + "</em>" * 240
    text = po.read_text("utf-8")
    marker = 'msgid "The third paragraph."\nmsgstr ""'
    assert marker in text
    po.write_text(text.replace(marker, f'msgid "The third paragraph."\nmsgstr "{deep}"'), "utf-8")
    checked = run("check", "-l", "fr", cwd=root)
    assert checked.code == 1 and "nested more than 8 deep" in checked.out, checked
    built = run("build", "-l", "fr", "-f", "html", "-f", "pdf", cwd=root)
    assert built.code == 0, built
    assert "nested more than 8 deep" in built.err


def test_a_finding_is_one_line_whatever_it_quotes(tmp_path: Path, run: Runner) -> None:
    root = _project(tmp_path, MINIMAL.replace('n="3"', 'n="3&#10;(c)"'))
    result = run("validate", cwd=root)
    assert result.code == 1
    assert 'n="3 (c)"' in _one_line(result.out)


def test_images_come_only_from_the_papers_folder(tmp_path: Path, run: Runner) -> None:
    figure = (
        '<figure id="fig_1"><image src="{src}"/><caption>A chart</caption>'
        "<alt>Bars rising</alt></figure>"
    )
    paper = MINIMAL.replace(
        '<para id="para_3" n="3">The third paragraph.</para>',
        '<para id="para_3" n="3">The third paragraph.</para>' + figure,
    )
    outside = tmp_path / "secret.png"
    shutil.copy(REPO / "tests" / "papers" / "editorial" / "source" / "chart.png", outside)
    cases = {
        "missing.png": "is not in the paper's folder",
        "link.png": "lies outside the paper's folder",
        "text.png": "is not a PNG or JPEG file",
    }
    for src, says in cases.items():
        root = tmp_path / src.split(".")[0]
        _project(root, paper.replace("{src}", src))
        (root / "source" / "link.png").symlink_to(outside)
        (root / "source" / "text.png").write_text("not an image", "utf-8")
        result = run("build", "-f", "html", cwd=root)
        assert result.code == 1, result
        assert says in _one_line(result.err), (src, result.err)
    # A path that climbs out is not even a valid src.
    root = tmp_path / "climb"
    _project(root, paper.replace("{src}", "../secret.png"))
    assert "src=" in _one_line(run("validate", cwd=root).out)
