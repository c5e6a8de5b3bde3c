"""XLIFF for CAT tools: export, import, and the defences of reading a file from outside.

The XLIFF hexaglot writes is checked against RELAX NG grammars of the XLIFF
2.0 and 1.2 elements it uses (tests/data/xliff-*-subset.rng, written from
the OASIS specifications: no package reachable here ships the OASIS XSDs),
and 1.2 is read back by Translate Toolkit as a second referee. An export
followed by an import leaves every catalogue byte for byte; what a CAT tool
changes comes back through the same checks as a catalogue; a hostile or
malformed file gets one line and exit 1, and no catalogue is written.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from lxml import etree

from hexaglot.catalogs import pofile

if TYPE_CHECKING:
    from conftest import Runner

STEM = "UNEP-DTIE-Hg-OEWG.2-10"
LANGS = ("ar", "es", "fr", "ru", "zh")
VERSIONS = ("2.0", "1.2")
NS = {
    "2.0": "urn:oasis:names:tc:xliff:document:2.0",
    "1.2": "urn:oasis:names:tc:xliff:document:1.2",
}
DATA = Path(__file__).parent / "data"


def _po(lang: str) -> Path:
    return Path("translations") / lang / f"{STEM}.po"


def _export(run: Runner, project: Path, lang: str, version: str, name: str = "out.xlf") -> Path:
    result = run(
        "xliff", "export", STEM, "-l", lang, "-o", name, "--xliff-version", version, cwd=project
    )
    assert result.code == 0, result
    assert result.out.strip() == f"wrote {name}"
    return project / name


def _grammar(version: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(DATA / f"xliff-{version}-subset.rng")))


def _snapshot(project: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (project / "translations").rglob("*") if p.is_file()}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_export_is_valid_xliff(version: str, lang: str, project: Path, run: Runner) -> None:
    """Each language's export passes the grammar; one unit per block, with its id and place."""
    path = _export(run, project, lang, version)
    tree = etree.parse(str(path))
    grammar = _grammar(version)
    assert grammar.validate(tree), grammar.error_log
    ns = {"x": NS[version]}
    unit = "x:unit" if version == "2.0" else "x:trans-unit"
    ids = tree.xpath(f"//{unit}/@id", namespaces=ns)
    catalog = pofile.read(project / _po(lang))
    assert ids == [m.context for m in catalog]
    notes = tree.xpath(f"//{unit}//x:note/text()", namespaces=ns)
    assert notes == [m.auto_comments[0] for m in catalog]


def test_grammars_refuse_what_xliff_forbids(project: Path, run: Runner) -> None:
    """The grammars are not a formality: a 1.2 state in 2.0, or text inside <ph/>, fails them."""
    path = _export(run, project, "fr", "2.0")
    text = path.read_text("utf-8")
    for broken in (
        text.replace('state="translated"', 'state="needs-review-translation"', 1),
        re.sub(r"<ph ([^>]*)/>", r"<ph \1>UNEP</ph>", text, count=1),
        text.replace("<notes>", "<notes><note category='x'><b/></note>", 1),
    ):
        assert broken != text
        assert not _grammar("2.0").validate(etree.fromstring(broken.encode()))


@pytest.fixture
def small(tmp_path: Path, papers_dir: Path, run: Runner) -> Path:
    """The minimal paper (a footnote call, a reference, a symbol) with emphasis, translated."""
    (tmp_path / "source").mkdir()
    text = (papers_dir / "minimal.xml").read_text("utf-8")
    text = text.replace("of the background.", "of the <em>background</em>.")
    (tmp_path / "source" / "minimal.xml").write_text(text, encoding="utf-8")
    assert run("update", "-l", "fr", cwd=tmp_path).code == 0
    po = tmp_path / "translations" / "fr" / "minimal.po"
    catalog = pofile.read(po)
    for msg in catalog:
        msg.string = msg.id.replace("paragraph", "paragraphe")
    po.write_bytes(pofile.dump(catalog))
    assert run("validate", cwd=tmp_path).code == 0
    return tmp_path


@pytest.mark.parametrize("version", VERSIONS)
def test_placeholders_are_inline_codes(version: str, small: Path, run: Runner) -> None:
    """Note calls, references and symbols are codes tools protect, emphasis a pair; no markup
    as text; and the translation comes back as it was."""
    result = run(
        "xliff",
        "export",
        "minimal",
        "-l",
        "fr",
        "-o",
        "m.xlf",
        "--xliff-version",
        version,
        cwd=small,
    )
    assert result.code == 0, result
    tree = etree.parse(str(small / "m.xlf"))
    assert _grammar(version).validate(tree), _grammar(version).error_log
    ns = {"x": NS[version]}
    texts = tree.xpath("//x:source//text() | //x:target//text()", namespaces=ns)
    assert not [t for t in texts if re.search(r"<(symbol|ref|note|em)\b", t)]
    standalone, paired = ("x:ph", "x:pc") if version == "2.0" else ("x:x", "x:g")
    codes = tree.xpath(f"//x:source//{standalone}", namespaces=ns)
    shown = {c.get("disp" if version == "2.0" else "equiv-text") for c in codes}
    assert {"footnote 1", "paragraph 4", "UNEP/GC/24/3/Add.1", "UNEP/TEST/1/1"} <= shown
    [em] = tree.xpath(f"//x:source//{paired}", namespaces=ns)
    assert em.text == "background"
    if version == "2.0":
        assert all(c.get("canDelete") == "no" and c.get("canCopy") == "no" for c in codes)
        assert (em.get("type"), em.get("subType")) == ("fmt", "xlf:i")
        data = tree.xpath("//x:data/text()", namespaces=ns)
        assert {'<note id="fn_1"/>', '<ref to="para_4"/>', "<em>", "</em>"} <= set(data)
    else:
        assert {c.get("ctype") for c in codes} == {"x-symbol", "x-ref", "x-note"}
        assert em.get("ctype") == "italic"
    before = _snapshot(small)
    assert run("xliff", "import", "m.xlf", cwd=small).out.strip().startswith("unchanged")
    assert _snapshot(small) == before


def _edit_paper_and_update(project: Path, run: Runner) -> None:
    """A reworded paragraph (fuzzy) and a new one (untranslated) in every catalogue."""
    path = project / "source" / f"{STEM}.xml"
    text = path.read_text("utf-8")
    text = text.replace("very effective", "highly effective")
    anchor = '<para id="para_11" n="11">'
    new = '<para id="para_10_bis" n="11">A new paragraph on <symbol>UNEP/GC/25/1</symbol>.</para>'
    path.write_text(text.replace(anchor, f"{new}\n      {anchor}"), encoding="utf-8")
    for args in (("renumber", f"source/{STEM}.xml"), ("extract",), ("update",)):
        assert run(*args, cwd=project).code == 0


@pytest.mark.parametrize("version", VERSIONS)
def test_export_then_import_changes_nothing(version: str, project: Path, run: Runner) -> None:
    """Translated, fuzzy and untranslated entries: every catalogue byte for byte, and mtimes."""
    _edit_paper_and_update(project, run)
    for lang in LANGS:
        path = _export(run, project, lang, version, f"{lang}.xlf")
        text = path.read_text("utf-8")
        if version == "2.0":
            assert 'state="initial" subState="hexaglot:needs-review"' in text
        else:
            assert 'state="needs-review-translation"' in text
        before = {
            p: (p.read_bytes(), p.stat().st_mtime_ns)
            for p in (project / "translations").rglob("*.po")
        }
        result = run("xliff", "import", path.name, cwd=project)
        assert (result.code, result.out.strip()) == (0, f"unchanged {_po(lang)}"), result
        after = {
            p: (p.read_bytes(), p.stat().st_mtime_ns)
            for p in (project / "translations").rglob("*.po")
        }
        assert after == before


@pytest.mark.parametrize("version", VERSIONS)
def test_a_cat_tool_translation_comes_back(version: str, project: Path, run: Runner) -> None:
    """The new paragraph translated with its symbol moved, the fuzzy one confirmed: both land."""
    _edit_paper_and_update(project, run)
    path = _export(run, project, "fr", version)
    text = path.read_text("utf-8")
    code = "ph" if version == "2.0" else "x"
    # The translator's work: the untranslated unit gets a target with the code moved.
    unit = re.search(r'<(?:trans-)?unit id="para_10_bis".*?</(?:trans-)?unit>', text, re.S)
    assert unit
    source = re.search(r"<source>(.*?)</source>", unit.group(0), re.S)
    assert source
    ph = re.search(rf"<{code} [^>]*/>", source.group(1))
    assert ph
    target = f"Concernant {ph.group(0)}, un nouveau paragraphe &amp; plus."
    if version == "2.0":
        done = unit.group(0).replace("</source>", f"</source>\n        <target>{target}</target>")
        done = done.replace('<segment state="initial">', '<segment state="translated">')
    else:
        done = unit.group(0).replace(
            "</source>", f'</source>\n        <target state="translated">{target}</target>'
        )
    text = text.replace(unit.group(0), done)
    # And the fuzzy unit confirmed as it stands.
    if version == "2.0":
        text = text.replace('state="initial" subState="hexaglot:needs-review"', 'state="reviewed"')
    else:
        text = text.replace('state="needs-review-translation"', 'state="final"')
    path.write_text(text, encoding="utf-8")
    assert _grammar(version).validate(etree.parse(str(path)))
    result = run("xliff", "import", path.name, cwd=project)
    assert (result.code, result.out.strip()) == (0, f"wrote {_po('fr')}"), result
    catalog = pofile.read(project / _po("fr"))
    entries = {m.context: m for m in catalog}
    new = entries["para_10_bis"]
    assert (
        new.string == "Concernant <symbol>UNEP/GC/25/1</symbol>, un nouveau paragraphe &amp; plus."
    )
    assert not new.fuzzy
    confirmed = entries["para_7"]
    assert not confirmed.fuzzy and confirmed.previous_id is None
    assert run("validate", cwd=project).code == 0
    check = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(project / _po("fr"))],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("version", VERSIONS)
def test_import_refuses_a_lost_placeholder(version: str, project: Path, run: Runner) -> None:
    """A target that drops a paragraph reference: the check's error at the unit's line."""
    path = _export(run, project, "fr", version)
    text = path.read_text("utf-8")
    code = "ph" if version == "2.0" else "x"
    unit_start = text.index('id="para_4"')
    target_at = text.index("<target", unit_start)
    end = text.index("</target>", target_at)
    target = text[target_at:end]
    stripped = re.sub(rf"<{code} [^>]*/>", "", target, count=1)
    assert stripped != target
    path.write_text(text[:target_at] + stripped + text[end:], encoding="utf-8")
    line = text[:unit_start].count("\n") + 1
    before = _snapshot(project)
    result = run("xliff", "import", path.name, cwd=project)
    assert result.code == 1, result
    assert result.out.startswith(f"{path.name}:{line}: error: paragraph 4: the paragraph ref")
    assert "[placeholders]" in result.out
    assert _snapshot(project) == before


# --- hostile and malformed files ------------------------------------------------------------

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE xliff [\n<!ENTITY a "hahahahahahahahahahaha">\n'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
)


def _hostile(text: str, kind: str) -> tuple[bytes, str]:
    """A damaged copy of the exported XLIFF ``text``: its bytes, and words the error must say."""
    body = text.split("\n", 1)[1]
    if kind == "external-entity":
        head = '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        return (head + body.replace("Convention de Bâle", "&x;")).encode(), "DOCTYPE"
    if kind == "billion-laughs":
        return (LAUGHS + body.replace("Convention de Bâle", "&c;")).encode(), "DOCTYPE"
    if kind == "doctype-in-utf16":
        return ('<!DOCTYPE xliff SYSTEM "http://127.0.0.1:9/x.dtd">\n' + body).encode(
            "utf-16"
        ), "DOCTYPE"
    if kind == "xinclude":
        inc = (
            '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" '
            'parse="text"/>'
        )
        return text.replace("Convention de Bâle", inc, 1).encode(), "XInclude"
    if kind == "too-large":
        return text.replace("Convention de Bâle", "x" * (17 * 2**20), 1).encode(), "MiB"
    if kind == "malformed":
        return text.replace("</target>", "</tagret>", 1).encode(), "not well-formed"
    if kind == "not-xliff":
        return b'<?xml version="1.0"?>\n<html><body/></html>\n', "not an XLIFF"
    if kind == "unknown-unit":
        return text.replace('id="para_2"', 'id="para_99"', 1).encode(), "names no block"
    if kind == "changed-source":
        return text.replace(
            "Basel Convention", "Basle Convention", 1
        ).encode(), "not the paper's text"
    if kind == "foreign-code-id":
        return re.sub(
            r'(<target>.*?<ph id=")1"', r'\g<1>9"', text, count=1, flags=re.S
        ).encode(), "id='9'"
    if kind == "unsupported-inline":
        return text.replace(
            "Convention de Bâle", "Deuxième <sc id='1'/>réunion", 1
        ).encode(), "not supported"
    if kind == "source-language":
        return text.replace('trgLang="fr"', 'trgLang="en"', 1).encode(), "original language"
    assert kind == "unknown-language"
    return text.replace('trgLang="fr"', 'trgLang="de"', 1).encode(), "target language 'de'"


HOSTILE = [
    "external-entity",
    "billion-laughs",
    "doctype-in-utf16",
    "xinclude",
    "too-large",
    "malformed",
    "not-xliff",
    "unknown-unit",
    "changed-source",
    "foreign-code-id",
    "unsupported-inline",
    "source-language",
    "unknown-language",
]


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_or_malformed_xliff(kind: str, project: Path, run: Runner) -> None:
    """One line naming the file, exit 1, nothing written."""
    path = _export(run, project, "fr", "2.0")
    data, says = _hostile(path.read_text("utf-8"), kind)
    path.write_bytes(data)
    before = _snapshot(project)
    result = run("xliff", "import", path.name, cwd=project)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    [line] = result.err.strip().splitlines()
    assert line.startswith(f"hexaglot: error: {path.name}"), line
    assert says in line, line
    assert _snapshot(project) == before
    assert "root:" not in result.out + result.err  # nothing of /etc/passwd


# --- Translate Toolkit as a second reader ----------------------------------------------------

needs_toolkit = pytest.mark.skipif(
    shutil.which("xliff2po") is None
    and not Path(__import__("sys").executable).with_name("xliff2po").exists(),
    reason="Translate Toolkit missing",
)


@needs_toolkit
def test_translate_toolkit_reads_our_xliff_12(project: Path, run: Runner) -> None:
    """Translate Toolkit's XLIFF reader finds every unit, its id, and each target's state."""
    from translate.storage import xliff as toolkit

    path = _export(run, project, "zh", "1.2")
    store = toolkit.xlifffile.parsefile(str(path))
    units = [u for u in store.units if not u.isheader()]
    catalog = pofile.read(project / _po("zh"))
    # Translate Toolkit prefixes each id with the file's original and a U+0004.
    assert [u.getid().rsplit("\x04", 1)[-1] for u in units] == [m.context for m in catalog]
    assert all(u.istranslated() and not u.isfuzzy() for u in units)
    plain = {u.getid().rsplit("\x04", 1)[-1]: u.target for u in units}
    assert plain["sec_1__subsec_B"] == "《巴塞尔公约》"
