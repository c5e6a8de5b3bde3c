"""TMX 1.4: export a language's translations, and pre-fill a catalogue from a TMX file.

A TMX file is read with a paper's defences: a hostile or malformed one is
one line and exit 1, and no catalogue is written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, STEM, Runner
from lxml import etree

from hexaglot.catalogs import pofile


def _project(root: Path) -> Path:
    for name in ("source", "translations"):
        shutil.copytree(REPO / name, root / name)
    return root


def _strings(po: Path) -> dict[str, str]:
    return {m.context: m.string for m in pofile.read(po) if m.context}


def test_export_then_update_from_it_gives_back_every_translation(
    tmp_path: Path, run: Runner
) -> None:
    root = _project(tmp_path / "p")
    exported = run("tm", "export", "-l", "fr", "-o", "fr.tmx", cwd=root)
    assert exported.code == 0 and "(60 units)" in exported.out, exported  # paper and meeting
    tree = etree.parse(str(root / "fr.tmx"))
    assert tree.getroot().get("version") == "1.4"
    assert tree.find("header").get("srclang") == "en"
    tu = tree.find(".//tu[@tuid='UNEP-DTIE-Hg-OEWG.2#fn_agenda']")
    assert [p.text for p in tu.iterfind("prop")] == ["UNEP-DTIE-Hg-OEWG.2", "fn_agenda"]
    assert tu.find("tuv/seg/ph").text == "<symbol>UNEP(DTIE)/Hg/OEWG.2/1</symbol>"

    po = root / "translations" / "fr" / f"{STEM}.po"
    before = _strings(po)
    po.unlink()
    assert run("update", "-l", "fr", "--tm", "fr.tmx", cwd=root).code == 0
    after = pofile.read(po)
    assert {m.context: m.string for m in after if m.context} == before
    assert len(before) == 54
    assert all(m.fuzzy for m in after if m.context)  # a reviewer confirms them
    assert all(
        m.user_comments[0].startswith("translation memory: fr.tmx#") for m in after if m.context
    )


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (
            '<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<tmx version="1.4"><body/></tmx>',
            "DOCTYPE",
        ),
        ('<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>a', "not well-formed"),
        ('<xliff version="2.0"/>', "not a TMX document"),
        (
            '<tmx version="1.4"><header srclang="en"/><body><tu tuid="x">'
            '<tuv xml:lang="en"><seg>a</seg></tuv>'
            '<tuv xml:lang="fr"><seg><ph>&lt;script&gt;x&lt;/script&gt;</ph></seg></tuv>'
            "</tu></body></tmx>",
            "not allowed",
        ),
    ],
    ids=["entity", "malformed", "not-tmx", "foreign-markup"],
)
def test_a_bad_tmx_file_is_one_line_and_writes_nothing(
    content: str, says: str, tmp_path: Path, run: Runner
) -> None:
    root = _project(tmp_path / "p")
    (root / "bad.tmx").write_text(content, "utf-8")
    (root / "translations" / "fr" / f"{STEM}.po").unlink()
    before = {p: p.read_bytes() for p in (root / "translations").rglob("*") if p.is_file()}
    result = run("update", "-l", "fr", "--tm", "bad.tmx", cwd=root)
    assert result.code == 1, result
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("hexaglot: error: bad.tmx") and says in lines[0]
    after = {p: p.read_bytes() for p in (root / "translations").rglob("*") if p.is_file()}
    assert after == before


def test_an_oversized_tmx_file_is_refused(tmp_path: Path, run: Runner) -> None:
    root = _project(tmp_path / "p")
    big = root / "big.tmx"
    big.write_bytes(b'<tmx version="1.4"><body>' + b" " * (17 * 2**20) + b"</body></tmx>")
    result = run("update", "-l", "fr", "--tm", "big.tmx", cwd=root)
    assert result.code == 1 and "limited to 16 MiB" in result.err, result
