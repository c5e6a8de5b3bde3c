"""No churn: a catalogue keeps the form its translator's tool gave it.

GNU msgcat stands in for the tools: it rewrites a catalogue wrapped at 79
columns (as Poedit and Weblate do by default) or unwrapped. After such a
re-save, ``update`` with nothing changed leaves every byte; after a change
to the paper, the new and changed entries are written in the file's own
style, so that msgcat finds nothing to rewrite. Header fields a tool adds
(Poedit's X-Generator and X-Poedit-*) and translator comments stay.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hexaglot.catalogs import linebreak, pofile, powrite
from hexaglot.catalogs.catalog import Catalog, Message

if TYPE_CHECKING:
    from conftest import Runner

pytestmark = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext missing")

STEM = "UNEP-DTIE-Hg-OEWG.2-10"
LANGS = ("ar", "es", "fr", "ru", "zh")
STYLES = {"wrapped-79": "--width=79", "unwrapped": "--no-wrap"}
NEW_PARA = (
    '<para id="para_10_bis" n="11">Pending a new instrument, the Parties could rely on the '
    "<em>existing</em> arrangements described above, and report on their use “for the 2010–2012 "
    'period” to the secretariat, as set out in <ref to="para_5"/>.</para>'
)


def _po(lang: str) -> Path:
    return Path("translations") / lang / f"{STEM}.po"


def _msgcat(style: str, path: Path) -> str:
    result = subprocess.run(
        ["msgcat", style, str(path)], capture_output=True, text=True, encoding="utf-8", check=True
    )
    return result.stdout


def _resave(project: Path, style: str) -> None:
    """Every catalogue rewritten by msgcat, as a translator's tool would save it."""
    for lang in LANGS:
        path = project / _po(lang)
        path.write_text(_msgcat(style, path), encoding="utf-8")


def _reword(project: Path) -> None:
    """Paragraph 7 reworded."""
    path = project / "source" / f"{STEM}.xml"
    text = path.read_text("utf-8")
    assert text.count("very effective") == 1
    path.write_text(text.replace("very effective", "highly effective"), encoding="utf-8")


def _edit_paper(project: Path, run: Runner) -> None:
    """Paragraph 7 reworded and a long one added after paragraph 10; then renumber, extract."""
    _reword(project)
    path = project / "source" / f"{STEM}.xml"
    text = path.read_text("utf-8")
    anchor = '<para id="para_11" n="11">'
    assert text.count(anchor) == 1
    path.write_text(text.replace(anchor, f"{NEW_PARA}\n      {anchor}"), encoding="utf-8")
    for args in (("renumber", f"source/{STEM}.xml"), ("extract",)):
        result = run(*args, cwd=project)
        assert result.code == 0, (args, result)


def _snapshot(root: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*.po")}


@pytest.mark.parametrize("style", list(STYLES))
def test_resaved_catalogues_survive_update(style: str, project: Path, run: Runner) -> None:
    """After msgcat re-saves them, update says unchanged and leaves bytes and mtimes."""
    _resave(project, STYLES[style])
    before = _snapshot(project / "translations")
    result = run("update", cwd=project)
    assert result.code == 0, result
    assert sorted(line for line in result.out.splitlines() if "/meetings/" not in line) == [
        f"unchanged {_po(lang)}" for lang in LANGS
    ]
    assert _snapshot(project / "translations") == before


@pytest.mark.parametrize("style", list(STYLES))
def test_new_entries_follow_the_file_style(style: str, project: Path, run: Runner) -> None:
    """After a paper edit, update writes what msgcat would: nothing left for it to rewrap."""
    _resave(project, STYLES[style])
    old = {lang: (project / _po(lang)).read_text("utf-8") for lang in LANGS}
    _edit_paper(project, run)
    assert run("update", cwd=project).code == 0
    for lang in LANGS:
        path = project / _po(lang)
        text = path.read_text("utf-8")
        assert text != old[lang]
        assert _msgcat(STYLES[style], path) == text, lang
        widths = [linebreak.width(line) for line in text.splitlines() if line.startswith('"')]
        if style == "wrapped-79":
            assert max(widths) <= 79, lang
        else:
            assert max(widths) > 79, lang


def test_update_changes_only_what_changed(project: Path, run: Runner) -> None:
    """On the shipped (unwrapped) catalogues, a paper edit changes only its own entries."""
    old = (project / _po("fr")).read_text("utf-8").splitlines()
    _reword(project)
    for args in (("extract",), ("update", "-l", "fr")):
        assert run(*args, cwd=project).code == 0
    new = (project / _po("fr")).read_text("utf-8").splitlines()
    removed = [line for line in old if line not in new]
    added = [line for line in new if line not in old]
    # The header's POT-Creation-Date, and the reworded paragraph's entry.
    assert len(removed) == 2, removed
    assert removed[0].startswith('"POT-Creation-Date: ')
    assert "very effective" in removed[1]
    assert len(added) == 4, added
    assert added[0].startswith('"POT-Creation-Date: ')
    assert added[1:3] == ["#, fuzzy", removed[1].replace("msgid", "#| msgid", 1)]
    assert "highly effective" in added[3]


POEDIT_HEADER = (
    '"X-Generator: Poedit 3.4.2\\n"\n'
    '"X-Poedit-Bookmarks: -1,-1,-1,-1,-1,-1,-1,-1,-1,-1\\n"\n'
    '"X-Poedit-SourceCharset: UTF-8\\n"\n'
    '"X-Poedit-Basepath: ../..\\n"\n'
)


def test_poedit_header_and_comments_are_kept(project: Path, run: Runner) -> None:
    """Poedit's fields and a translator's comment stay where they are, through every update."""
    path = project / _po("fr")
    text = _msgcat("--width=79", path)
    text = text.replace(
        '"Content-Transfer-Encoding: 8bit\\n"\n',
        '"Content-Transfer-Encoding: 8bit\\n"\n' + POEDIT_HEADER,
        1,
    )
    text = text.replace(
        "#. title of the paper\n", "# Vérifié avec le secrétariat.\n#. title of the paper\n", 1
    )
    path.write_text(text, encoding="utf-8")
    assert run("update", "-l", "fr", cwd=project).out.splitlines()[0] == f"unchanged {_po('fr')}"
    assert path.read_text("utf-8") == text
    _edit_paper(project, run)
    assert run("update", "-l", "fr", cwd=project).code == 0
    after = path.read_text("utf-8")
    assert POEDIT_HEADER in after
    assert "# Vérifié avec le secrétariat.\n#. title of the paper\n" in after
    header_before = text[: text.index("\n\n")].splitlines()
    header_after = after[: after.index("\n\n")].splitlines()
    changed = [(a, b) for a, b in zip(header_before, header_after, strict=True) if a != b]
    assert [a.split(":")[0] for a, _ in changed] == ['"POT-Creation-Date']
    catalog = pofile.read(path)
    assert catalog.header_field("X-Poedit-Bookmarks") == "-1,-1,-1,-1,-1,-1,-1,-1,-1,-1"


def test_wrapping_matches_msgcat_on_every_shipped_string(repo: Path, tmp_path: Path) -> None:
    """Written anew at 79 columns, each shipped catalogue is what msgcat --width=79 makes of it."""
    for lang in LANGS:
        catalog = pofile.read(repo / _po(lang))
        for msg in catalog.entries:
            msg.source = None  # forget the text as read: every part is written anew
        catalog.width, catalog.tail = powrite.GNU_WIDTH, ""
        expected = _msgcat("--width=79", repo / _po(lang))
        assert pofile.dump(catalog).decode("utf-8") == expected, lang


# Letters, digits, punctuation and spaces of the six languages, escapes included.
ALPHABET = (
    "abcdefghij ABC0123456789 .,;:!?-/()[]{}\"'\\%$+&<>=_#*\n\t"
    "\u00a0\u202f\u2011\u2013\u2014«»“”’‘…¿¡°€"
    "、。，（）《》：；汞问题不限成员名额特设工作组"
    "ابتثجحخ،؛؟\u064f\u064b\u0651абвгдеж"
)


@pytest.mark.parametrize("width", [79, 60])
def test_wrapping_matches_msgcat_on_random_text(width: int, tmp_path: Path) -> None:
    """1,000 random strings from the six languages' characters wrap exactly as msgcat wraps."""
    rng = random.Random(f"wrap-{width}")
    values = [
        "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 240))) for _ in range(1000)
    ]
    header = Message("", "Content-Type: text/plain; charset=UTF-8\n")
    entries = [Message("x", value, context=f"k{i}") for i, value in enumerate(values)]
    path = tmp_path / "random.po"
    path.write_bytes(pofile.dump(Catalog([header, *entries], width=0, tail="")))
    wrapped = Catalog([header, *entries], width=width, tail="")
    assert pofile.dump(wrapped).decode("utf-8") == _msgcat(f"--width={width}", path)
