"""Malformed and hostile .docx files are refused in one line, exit 1, and nothing is written.

Each file is a good draft (tests/word_drafts.py) with one thing made hostile:
not a zip, a zip bomb, a part past the size limit, relationships that point
at a file or a URL, macros, a DTD in a part. Both commands that read Word
files (import, align) refuse them before python-docx sees them.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from conftest import STEM, Runner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from word_drafts import make

from hexaglot.word import package

RELS = "word/_rels/document.xml.rels"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _rezip(
    src: Path, dst: Path, changes: dict[str, bytes], compress: int = zipfile.ZIP_DEFLATED
) -> Path:
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", compress) as new:
        for info in old.infolist():
            if info.filename not in changes:
                new.writestr(info.filename, old.read(info.filename))
        for name, data in changes.items():
            new.writestr(name, data)
    return dst


def _relationship(src: Path, kind: str, target: str) -> dict[str, bytes]:
    with zipfile.ZipFile(src) as z:
        rels = z.read(RELS).decode()
    extra = (
        f'<Relationship Id="rId99" Type="{OFFICE}/{kind}" Target="{target}" TargetMode="External"/>'
    )
    return {RELS: rels.replace("</Relationships>", f"{extra}</Relationships>").encode()}


def _hostile(tmp_path: Path, case: str) -> Path:
    good = make(tmp_path / "good.docx", "word")
    bad = tmp_path / "bad.docx"
    if case == "not a zip":
        bad.write_text("This is a text file named .docx\n", "utf-8")
        return bad
    if case == "zip bomb":
        return _rezip(good, bad, {"word/media/image1.png": b"\0" * (8 * 2**20)})
    if case == "huge part":
        return _rezip(
            good,
            bad,
            {"word/media/image1.png": os.urandom(package.MAX_PART + 1)},
            zipfile.ZIP_STORED,
        )
    if case == "external file":
        return _rezip(good, bad, _relationship(good, "image", "file:///etc/passwd"))
    if case == "external url":
        return _rezip(
            good, bad, _relationship(good, "attachedTemplate", "http://example.org/t.dotm")
        )
    if case == "macro part":
        return _rezip(good, bad, {"word/vbaProject.bin": b"macro code"})
    if case == "macro-enabled type":
        with zipfile.ZipFile(good) as z:
            types = z.read("[Content_Types].xml").decode()
        types = types.replace(
            "wordprocessingml.document.main+xml", "word.document.macroEnabled.main+xml"
        )
        return _rezip(good, bad, {"[Content_Types].xml": types.encode()})
    if case == "dtd in a part":
        with zipfile.ZipFile(good) as z:
            document = z.read("word/document.xml").decode()
        document = document.replace(
            "?>", '?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1
        )
        return _rezip(good, bad, {"word/document.xml": document.encode()})
    raise AssertionError(case)


CASES = {
    "not a zip": "not a zip archive",
    "zip bomb": "compressed more than 100 to 1",
    "huge part": "larger than 16 MiB uncompressed",
    "external file": "points outside the document (image → file:///etc/passwd)",
    "external url": "points outside the document (attachedTemplate → http://example.org/t.dotm)",
    "macro part": "carries macros (word/vbaProject.bin)",
    "macro-enabled type": "macro-enabled",
    "dtd in a part": "part word/document.xml: document type declarations",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_import_refuses(tmp_path: Path, run: Runner, case: str) -> None:
    bad = _hostile(tmp_path, case)
    result = run("import", bad, "-o", "out.xml", cwd=tmp_path)
    assert result.code == 1
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith(f"hexaglot: error: {bad}: ")
    assert CASES[case] in result.err
    assert not (tmp_path / "out.xml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.docx", "good.docx"]


@pytest.mark.parametrize("case", ["external url", "zip bomb"])
def test_align_refuses_and_leaves_the_catalogue(
    project: Path, tmp_path: Path, run: Runner, case: str
) -> None:
    bad = _hostile(tmp_path, case)
    catalogue = project / "translations" / "zh" / f"{STEM}.po"
    before = catalogue.read_bytes()
    result = run("align", STEM, "-l", "zh", bad, cwd=project)
    assert result.code == 1 and result.err.count("\n") == 1 and CASES[case] in result.err
    assert catalogue.read_bytes() == before


def test_a_hyperlink_is_text_and_not_refused(tmp_path: Path, run: Runner) -> None:
    """Hyperlinks are external relationships too, but nothing follows them: the draft imports."""
    good = make(tmp_path / "good.docx", "word")
    linked = _rezip(
        good, tmp_path / "linked.docx", _relationship(good, "hyperlink", "https://www.unep.org/")
    )
    result = run("import", linked, "-o", "out.xml", cwd=tmp_path)
    assert result.code == 0, result.err


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_damaged_bytes_give_one_line_or_a_paper(
    tmp_path: Path, run: Runner, data: st.DataObject
) -> None:
    """A draft with bytes overwritten anywhere, or with one part's XML mangled: a paper that
    validates, or one line and exit 1; never a traceback."""
    good = tmp_path / "good.docx"
    if not good.exists():
        make(good, "word")
    raw = bytearray(good.read_bytes())
    if data.draw(st.booleans()):
        for _ in range(data.draw(st.integers(1, 8))):
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
        bad = tmp_path / "bad.docx"
        bad.write_bytes(bytes(raw))
    else:
        with zipfile.ZipFile(good) as z:
            name = data.draw(st.sampled_from([n for n in z.namelist() if n.endswith(".xml")]))
            text = z.read(name).decode()
        values = list(re.finditer(r'="([^"]*)"', text))
        if data.draw(st.booleans()) and values:  # a value Word would not write
            found = data.draw(st.sampled_from(values))
            junk = data.draw(st.sampled_from(["", "-1", "0", "abc", "99999999", "%9", "restart"]))
            mangled = f'{text[: found.start()]}="{junk}"{text[found.end() :]}'
        else:  # markup cut or added anywhere
            start = data.draw(st.integers(0, len(text)))
            junk = data.draw(st.sampled_from(["", "<", 'w:val="x"', "</w:p>", "&z;"]))
            mangled = text[:start] + junk + text[start + 7 :]
        bad = _rezip(good, tmp_path / "bad.docx", {name: mangled.encode()})
    out = tmp_path / "out.xml"
    out.unlink(missing_ok=True)
    result = run("import", bad, "-o", out, cwd=tmp_path)
    assert result.code in (0, 1), result
    if result.code:
        assert result.err.count("\n") == 1 and str(bad) in result.err, result.err
        assert not out.exists()
    else:
        assert out.exists()
