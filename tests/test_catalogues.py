"""Templates and catalogues: extract, update, stats, and the Chinese edition against the seed.

The promise to translators is that no translation is ever lost: whatever
happens to the source, every earlier msgstr is still in the catalogue, as a
current entry, as a fuzzy one with the text it was made for, or as obsolete.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import string
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from babel.messages.pofile import read_po

from hexaglot.catalogs import markup, template
from hexaglot.catalogs import pofile as catalogs
from hexaglot.catalogs.catalog import Catalog, Message
from hexaglot.catalogs.merge import merge
from hexaglot.paper import model as papers
from hexaglot.paper import reader
from hexaglot.paper.inline import Em, NoteCall, Ref, Symbol, Text

if TYPE_CHECKING:
    from conftest import Runner

STEM = "UNEP-DTIE-Hg-OEWG.2-10"
LANGS = ("ar", "es", "fr", "ru", "zh")
POT = f"translations/templates/{STEM}.pot"
# The masthead's meeting lines come from the OEWG.2 meeting file, translated once.
MEETING = "UNEP-DTIE-Hg-OEWG.2"
MEETING_POT = f"translations/templates/meetings/{MEETING}.pot"
SEED = Path(__file__).parent / "data" / f"{STEM}.zh.txt"

needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")


def _mpo(lang: str) -> str:
    """The meeting's catalogue in ``lang``."""
    return f"translations/{lang}/meetings/{MEETING}.po"


def _po(lang: str) -> str:
    """A catalogue's path relative to the project, as the CLI prints it."""
    return f"translations/{lang}/{STEM}.po"


def _gettext(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run a GNU gettext tool: the reference every catalogue must satisfy."""
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, encoding="utf-8", check=False
    )


def _escape(text: str) -> str:
    """A msgid as GNU gettext writes it between quotes."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def _by_context(catalog: Catalog) -> dict[str | None, Message]:
    """Active messages by msgctxt, the block id that ties them to the paper."""
    return {m.context: m for m in catalog if m.id}


def _snapshot(root: Path) -> dict[Path, tuple[bytes, int]]:
    """Bytes and mtime of every file, to prove a command wrote nothing."""
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


# --- extract ---------------------------------------------------------------------------


def test_extract_writes_template_once(project: Path, run: Runner) -> None:
    """extract writes the POT; a second extract says unchanged and leaves bytes and mtime."""
    pot = project / POT
    shipped = pot.read_text(encoding="utf-8")
    pot.unlink()
    result = run("extract", cwd=project)
    assert (result.code, result.out.splitlines()) == (
        0,
        [f"wrote {POT}", f"unchanged {MEETING_POT}"],
    )
    written = pot.read_text(encoding="utf-8")

    def undated(text: str) -> str:
        return re.sub(r'"POT-Creation-Date: [^"]*"', "", text)

    assert undated(written) == undated(shipped)

    data, mtime = pot.read_bytes(), pot.stat().st_mtime_ns
    again = run("extract", cwd=project)
    assert (again.code, again.out.splitlines()[0]) == (0, f"unchanged {POT}")
    assert pot.read_bytes() == data
    assert pot.stat().st_mtime_ns == mtime


def test_shipped_files_are_in_step(project: Path, run: Runner) -> None:
    """The shipped template and catalogues are what extract and update would write."""
    before = _snapshot(project / "translations")
    extracted = run("extract", cwd=project).out.splitlines()
    assert extracted == [f"unchanged {POT}", f"unchanged {MEETING_POT}"]
    result = run("update", cwd=project)
    assert result.code == 0
    assert sorted(result.out.splitlines()) == sorted(
        f"unchanged {path(lang)}" for lang in LANGS for path in (_po, _mpo)
    )
    assert _snapshot(project / "translations") == before


@needs_gettext
@pytest.mark.parametrize(
    "name", [POT, MEETING_POT, *(f(lang) for lang in LANGS for f in (_po, _mpo))]
)
def test_msgfmt_accepts_shipped_files(name: str, repo: Path) -> None:
    """GNU msgfmt --check accepts the template and every catalogue."""
    result = _gettext("msgfmt", "--check", "-o", "/dev/null", repo / name)
    assert result.returncode == 0, result.stderr


@needs_gettext
def test_zh_catalogue_is_complete_for_msgfmt(repo: Path) -> None:
    """GNU gettext counts 54 + 6 translated Chinese messages, none fuzzy or untranslated."""
    for name, count in ((_po("zh"), 54), (_mpo("zh"), 6)):
        result = _gettext("msgfmt", "--check", "--statistics", "-o", "/dev/null", repo / name)
        assert result.returncode == 0
        assert f"{count} translated messages" in result.stderr
        assert "fuzzy" not in result.stderr
        assert "untranslated" not in result.stderr


def test_template_entries_say_where_they_come_from(repo: Path, paper_path: Path) -> None:
    """msgctxt is the block id, #. says where in the paper, #: points at the block, no line."""
    doc = reader.load(paper_path)
    raw = (repo / POT).read_text(encoding="utf-8")
    with (repo / POT).open("rb") as handle:
        pot = read_po(handle)  # Babel itself, not hexaglot's reader
    messages = [m for m in pot if m.id]
    blocks = doc.blocks()
    assert len(messages) == len(blocks) == 54
    for msg, block in zip(messages, blocks, strict=True):
        assert msg.context == block.id
        assert msg.id == markup.dump(block.text)
        assert msg.auto_comments[0] == block.where
        assert msg.locations == [(f"source/{STEM}.xml#{block.id}", None)]
    references = [x for x in raw.splitlines() if x.startswith("#:")]
    assert len(references) == 54
    for line in references:
        assert re.fullmatch(rf"#: source/{re.escape(STEM)}\.xml#[a-z][A-Za-z0-9_-]*", line), line
    for where, context in [
        ("paragraph 14 (a)", "para_14__point_a"),
        ("paragraph 14 (b)", "para_14__point_b"),
        ("paragraph 39", "para_39"),
        ("heading of unnumbered section", "sec_background"),
        ("heading of subsection I.B", "sec_1__subsec_B"),
    ]:
        entry = re.search(rf'#\. {re.escape(where)}\n(?:#.*\n)*msgctxt "{context}"\n', raw)
        assert entry, (where, context)


def test_template_of_nested_subparagraphs_and_footnotes(papers_dir: Path) -> None:
    """Nested subparagraphs and numbered footnotes are located as an editor would cite them."""
    doc = reader.load(papers_dir / "minimal.xml")
    where = {m.context: m.auto_comments[0] for m in template.build(doc) if m.id}
    assert where["para_4__point_b"] == "paragraph 4 (b)"
    assert where["para_4__point_b__point_ii"] == "paragraph 4 (b) (ii)"
    assert where["fn_1"] == "footnote 1"
    assert where["fn_agenda"] == "footnote *"
    contexts = [m.context for m in template.build(doc) if m.id]
    assert contexts.index("fn_1") == contexts.index("para_2") + 1  # a note follows its call


# --- update after an edit of the source --------------------------------------------------

NEW_PARA = "The Basel Convention secretariat also keeps a roster of experts on mercury wastes."


def _replace_once(text: str, old: str, new: str) -> str:
    """Replace a passage that must occur exactly once, so an edit cannot miss."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _edit_source(project: Path) -> None:
    """Change paragraph 7, add a paragraph after 10, remove 37, rename heading I.B."""
    path = project / "source" / f"{STEM}.xml"
    text = path.read_text(encoding="utf-8")
    text = _replace_once(
        text, "Government policy is very effective", "Government policy is highly effective"
    )
    text = _replace_once(
        text,
        '<para id="para_11" n="11">',
        f'<para id="para_10_bis" n="11">{NEW_PARA}</para>\n      <para id="para_11" n="11">',
    )
    text = re.sub(r'\n\s*<para id="para_37" n="37">[^<]*</para>', "", text)
    assert 'id="para_37"' not in text
    text = _replace_once(
        text, "<heading>Basel Convention</heading>", "<heading>The Basel Convention</heading>"
    )
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory, repo: Path, run: Runner) -> Path:
    """The project after the edit, renumber, extract and update, as an editor runs them.

    Shared by the tests below, which only read it (the no-op test would change it
    only by failing).
    """
    project = tmp_path_factory.mktemp("edited")
    for name in ("source", "translations"):
        shutil.copytree(repo / name, project / name)
    _edit_source(project)
    assert run("validate", cwd=project).code == 1  # numbers are off until renumbered
    for args in (("renumber", f"source/{STEM}.xml"), ("extract",), ("update",)):
        result = run(*args, cwd=project)
        assert result.code == 0, result
    assert run("validate", cwd=project).code == 0
    return project


@pytest.mark.parametrize("lang", LANGS)
def test_no_translation_is_lost(lang: str, edited: Path, repo: Path) -> None:
    """Every earlier msgstr survives: current, fuzzy with its old msgid, or obsolete."""
    old = catalogs.read(repo / _po(lang))
    new = catalogs.read(edited / _po(lang))
    active = [m for m in new if m.id]
    obsolete = new.obsolete
    for msg in old:
        if not msg.id:
            continue
        kept = (
            any(m.id == msg.id and m.string == msg.string and not m.fuzzy for m in active)
            or any(m.string == msg.string and m.fuzzy and m.previous_id == msg.id for m in active)
            or any(m.id == msg.id and m.string == msg.string for m in obsolete)
        )
        assert kept, f"{lang}: translation of {msg.context} lost"


@pytest.mark.parametrize("lang", LANGS)
def test_each_kind_of_edit(lang: str, edited: Path, repo: Path) -> None:
    """Changed: fuzzy with previous msgid. Removed: obsolete. New: empty. Others: untouched."""
    old = _by_context(catalogs.read(repo / _po(lang)))
    new_catalog = catalogs.read(edited / _po(lang))
    new = _by_context(new_catalog)

    for context in ("para_7", "sec_1__subsec_B"):
        msg = new[context]
        assert msg.fuzzy, context
        assert msg.string == old[context].string
        assert msg.previous_id == old[context].id
        assert msg.id != old[context].id

    gone = [m for m in new_catalog.obsolete if m.context == "para_37"]
    assert [(m.id, m.string) for m in gone] == [(old["para_37"].id, old["para_37"].string)]
    assert "para_37" not in new

    added = new["para_10_bis"]
    assert (added.id, added.string, added.fuzzy) == (NEW_PARA, "", False)

    untouched = set(old) - {"para_7", "sec_1__subsec_B", "para_37"}
    for context in untouched:
        assert (new[context].id, new[context].string) == (old[context].id, old[context].string)
        assert not new[context].fuzzy, context
    # The renumbered paragraphs say their new numbers to the translator.
    assert new["para_11"].auto_comments[0] == "paragraph 12"
    assert new["para_36"].auto_comments[0] == "paragraph 37"
    assert new["para_38"].auto_comments[0] == "paragraph 38"
    assert list(new) == [m.context for m in catalogs.read(edited / POT) if m.id]  # POT order


@needs_gettext
@pytest.mark.parametrize("lang", LANGS)
def test_gnu_gettext_reads_the_updated_catalogue(lang: str, edited: Path, repo: Path) -> None:
    """msgfmt accepts the merged file and GNU sees the previous msgid of a fuzzy entry."""
    po = edited / _po(lang)
    check = _gettext("msgfmt", "--check", "--statistics", "-o", "/dev/null", po)
    assert check.returncode == 0, check.stderr
    assert "2 fuzzy translations" in check.stderr
    assert "1 untranslated message" in check.stderr
    fuzzy = _gettext("msgattrib", "--only-fuzzy", "--no-wrap", po)
    assert fuzzy.returncode == 0, fuzzy.stderr
    old = _by_context(catalogs.read(repo / _po(lang)))
    assert f'#| msgid "{_escape(old["para_7"].id)}"' in fuzzy.stdout
    assert '#| msgid "Basel Convention"' in fuzzy.stdout


def test_second_update_is_a_no_op(edited: Path, run: Runner) -> None:
    """Right after an update, update and extract change nothing, not even mtimes."""
    before = _snapshot(edited / "translations")
    result = run("update", cwd=edited)
    assert result.code == 0
    assert sorted(result.out.splitlines()) == sorted(
        f"unchanged {path(lang)}" for lang in LANGS for path in (_po, _mpo)
    )
    assert run("extract", cwd=edited).out.splitlines()[0] == f"unchanged {POT}"
    assert _snapshot(edited / "translations") == before


def test_stats_after_the_edit(edited: Path, run: Runner) -> None:
    """Stats count the fuzzy and untranslated messages the edit made."""
    result = run("stats", "--format", "json", cwd=edited)
    assert result.code == 0
    rows = {row["lang"]: row for row in json.loads(result.out)["stats"] if row["paper"] == STEM}
    assert set(rows) == set(LANGS)
    for row in rows.values():
        assert (row["translated"], row["fuzzy"], row["untranslated"]) == (51, 2, 1)
        assert row["total"] == 54
        assert row["words_untranslated"] == len(NEW_PARA.split())
        assert 90 < row["percent"] < 100


def test_stats_of_shipped_catalogues(project: Path, run: Runner) -> None:
    """The shipped catalogues are complete: 54 translated for the paper, 6 for its meeting."""
    result = run("stats", "--format", "json", cwd=project)
    assert result.code == 0
    rows = {(row["paper"], row["lang"]): row for row in json.loads(result.out)["stats"]}
    assert set(rows) == {(name, lang) for lang in LANGS for name in (STEM, MEETING)}
    for (name, _lang), row in rows.items():
        total = 54 if name == STEM else 6
        assert (row["translated"], row["fuzzy"], row["untranslated"]) == (total, 0, 0)
        assert row["total"] == total
        assert row["percent"] == 100
    zh = run("stats", "--lang", "zh", cwd=project)
    assert zh.out.strip().startswith(f"{STEM} zh: 100.0% of words translated")


def test_new_id_same_text_gets_translation_back(project: Path, run: Runner, repo: Path) -> None:
    """A paragraph given a new id keeps its translation, offered as fuzzy."""
    path = project / "source" / f"{STEM}.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        _replace_once(text, '<para id="para_20" n="20">', '<para id="para_20_x" n="20">'),
        encoding="utf-8",
    )
    for args in (("extract",), ("update",)):
        assert run(*args, cwd=project).code == 0
    for lang in LANGS:
        old = _by_context(catalogs.read(repo / _po(lang)))["para_20"]
        new = _by_context(catalogs.read(project / _po(lang)))
        assert "para_20" not in new
        msg = new["para_20_x"]
        assert (msg.id, msg.string, msg.fuzzy) == (old.id, old.string, True)
        assert msg.previous_id == old.id


def test_previous_msgid_is_the_translated_one(project: Path, run: Runner, repo: Path) -> None:
    """Edited twice before review, the fuzzy entry still shows the text that was translated."""
    path = project / "source" / f"{STEM}.xml"
    original = path.read_text(encoding="utf-8")
    for replacement in ("highly effective", "extremely effective"):
        path.write_text(original.replace("very effective", replacement), encoding="utf-8")
        for args in (("extract",), ("update", "--lang", "fr")):
            assert run(*args, cwd=project).code == 0
    old = _by_context(catalogs.read(repo / _po("fr")))["para_7"]
    msg = _by_context(catalogs.read(project / _po("fr")))["para_7"]
    assert "extremely effective" in msg.id
    assert msg.fuzzy
    assert msg.previous_id == old.id
    assert msg.string == old.string


@needs_gettext
def test_update_creates_a_missing_catalogue(project: Path, run: Runner) -> None:
    """A language without a catalogue gets one: every message untranslated, valid for msgfmt."""
    shutil.rmtree(project / "translations" / "fr")
    result = run("update", "--lang", "fr", cwd=project)
    assert (result.code, result.out.splitlines()) == (
        0,
        [f"wrote {_po('fr')}", f"wrote {_mpo('fr')}"],
    )
    created = catalogs.read(project / _po("fr"))
    assert created.language == "fr"
    assert [m.string for m in created if m.id] == [""] * 54
    check = _gettext("msgfmt", "--check", "--statistics", "-o", "/dev/null", project / _po("fr"))
    assert check.returncode == 0, check.stderr
    assert "54 untranslated messages" in check.stderr


# --- catalogues that cannot be read --------------------------------------------------------

DAMAGE = {
    # name: (function from a msgstr line to its damaged form, words in the message)
    "garbage-line": (lambda line: "this is not PO syntax\n" + line, 'unknown keyword "this"'),
    "unclosed-string": (lambda line: line.rstrip().removesuffix('"') + "\n", "not closed"),
    "not-utf8": (lambda line: line.replace("汞", "\udcff", 1), "UTF-8"),
}


@pytest.mark.parametrize("name", list(DAMAGE))
def test_update_refuses_a_broken_catalogue(name: str, project: Path, run: Runner) -> None:
    """A catalogue that does not parse: exit 1, file and line named, nothing rewritten."""
    damage, words = DAMAGE[name]
    po = project / _po("zh")
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.startswith('msgstr "汞'))
    lines[number - 1] = damage(lines[number - 1])
    po.write_bytes("".join(lines).encode("utf-8", "surrogateescape"))
    before = _snapshot(project / "translations")
    result = run("update", cwd=project)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    assert result.err.strip() == result.err.strip().splitlines()[0]
    assert result.err.startswith(f"hexaglot: error: {_po('zh')}:{number}: ")
    assert words in result.err
    assert _snapshot(project / "translations") == before


# --- the Chinese edition against the official text ------------------------------------------

SECTION = re.compile(r"([一二三四五六七八九十]+)、\s*(.*)")
SUBSECTION = re.compile(r"([A-Z])．\s*(.*)")
PARA = re.compile(r"(\d+)\. (.*)")
ITEM = re.compile(r"\(([a-z])\)\s*(.*)")
RULE = re.compile(r"_+")
NOTE = re.compile(r"\*\s*(.*)")
# Lines the software writes itself from the masthead data.
DATE_LINE = "2008年10月6日至10日"
AGENDA_LINE = "临时议程*项目3"
NUMERALS = "一二三四五六七八九十"


def _seed_blocks(text: str) -> list[tuple[str, str]]:
    """The seed as (label, text) pairs, numbers and markers taken off."""
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    assert lines[3:5] == [DATE_LINE, AGENDA_LINE]
    out = [("meeting-name", lines[0]), ("meeting-session", lines[1]), ("meeting-place", lines[2])]
    background = lines.index("背景")
    # The agenda item title is broken over lines in the seed; the paper title is one line.
    out.append(("agenda-title", "".join(lines[5 : background - 1])))
    out.append(("paper-title", lines[background - 1]))
    out.append(("section", lines[background]))
    pending = None
    for line in lines[background + 1 :]:
        if pending:
            out.append((pending, line))
            pending = None
            continue
        for kind, pattern in (
            ("section", SECTION),
            ("subsection", SUBSECTION),
            ("para", PARA),
            ("item", ITEM),
        ):
            found = pattern.fullmatch(line)
            if found:
                label = f"{kind} {found.group(1)}"
                if found.group(2):
                    out.append((label, found.group(2)))
                else:  # the heading or subparagraph text is on the next line
                    pending = label
                break
        else:
            if RULE.fullmatch(line):
                continue
            found = NOTE.fullmatch(line)
            assert found, f"unexpected line in the seed: {line!r}"
            out.append(("footnote *", found.group(1)))
    return out


def _render(text: Text, numbers: dict[str, str]) -> str:
    """A block as a reader sees it: references become paragraph numbers, calls vanish."""
    out = []
    for node in text:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Em):
            out.append(_render(node.content, numbers))
        elif isinstance(node, Symbol):
            out.append(node.value)
        elif isinstance(node, Ref):
            out.append(numbers[node.to])
        else:
            assert isinstance(node, NoteCall)
    return "".join(out)


def _edition_blocks(doc: papers.Paper) -> list[tuple[str, str, str]]:
    """(label, block id, text) of every block the seed shows, in the seed's order."""
    numbers = {p.block.id: str(p.number) for p, _ in papers.walk(doc) if isinstance(p, papers.Para)}
    m = doc.masthead
    blocks: list[tuple[str, papers.Block]] = [
        ("meeting-name", m.meeting_name),
        ("meeting-session", m.meeting_session),
        ("meeting-place", m.meeting_place),
        ("agenda-title", m.agenda[0].title),
        ("paper-title", doc.title),
    ]

    def add_paras(paras: tuple[papers.Para, ...]) -> None:
        for para in paras:
            blocks.append((f"para {para.number}", para.block))
            for item in para.items:
                blocks.append((f"item {string.ascii_lowercase[item.label - 1]}", item.block))
                assert not item.items  # this paper has no (i) level

    for section in doc.sections:
        label = "section" if section.number is None else f"section {NUMERALS[section.number - 1]}"
        blocks.append((label, section.heading))
        add_paras(section.content)
        for sub in section.subsections:
            blocks.append((f"subsection {string.ascii_uppercase[sub.number - 1]}", sub.heading))
            add_paras(sub.content)
    blocks.append(("footnote *", m.agenda_note.block))
    return [(label, block.id, _render(block.text, numbers)) for label, block in blocks]


def _squeezed(text: str) -> str:
    """Text without whitespace: the seed's line breaks and stray spaces do not count."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def chinese_edition(repo: Path, paper_path: Path) -> papers.Paper:
    """The paper translated through the shipped zh catalogues, its own and its meeting's."""
    texts = {}
    for name in (_po("zh"), _mpo("zh")):
        with (repo / name).open("rb") as handle:
            catalog = read_po(handle, locale="zh")
        texts |= {m.context: markup.load(m.string) for m in catalog if m.id and not m.fuzzy}
    doc = reader.load(paper_path)
    assert set(texts) == {b.id for b in doc.blocks(with_meeting=True)}
    return doc.translated("zh", texts)


def test_chinese_edition_matches_the_seed_block_by_block(chinese_edition: papers.Paper) -> None:
    """Each block's Chinese text is the official text, whitespace aside."""
    seed = _seed_blocks(SEED.read_text(encoding="utf-8"))
    edition = _edition_blocks(chinese_edition)
    assert [label for label, _ in seed] == [label for label, _, _ in edition]
    for (label, expected), (_, block_id, actual) in zip(seed, edition, strict=True):
        assert _squeezed(actual) == _squeezed(expected), f"{label} ({block_id})"
    shown = {block_id for _, block_id, _ in edition}
    everything = {b.id for b in chinese_edition.blocks(with_meeting=True)}
    assert everything - shown == {"organ"}  # masthead lost in seed


def test_chinese_edition_carries_every_character(chinese_edition: papers.Paper) -> None:
    """All of the seed but what the software generates is in the blocks, in order."""
    kept = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line in (DATE_LINE, AGENDA_LINE) or RULE.fullmatch(line):
            continue
        line = re.sub(r"^(\d+\. |[一二三四五六七八九十]+、|[A-Z]．|\([a-z]\)|\*)", "", line)
        kept.append(line)
    expected = _squeezed("".join(kept))
    actual = _squeezed("".join(text for _, _, text in _edition_blocks(chinese_edition)))
    assert actual == expected
    for special in ("SC‑1/15", "2009‑2010", "2008–2012", "UNEP/GC/24/3/Add.1", "第5-8段"):
        assert special in actual


# --- the similarity path of merge -----------------------------------------------------------


def test_renamed_and_reworded_messages_find_their_translations() -> None:
    """300 messages, 10% given new ids and slightly new text: each gets its own translation."""
    rng = random.Random(20081006)
    vocabulary = [
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 11)))
        for _ in range(3000)
    ]
    common = ["the", "of", "and", "to", "in", "for", "on", "with", "mercury", "Parties"]

    def sentence() -> str:
        words = [
            rng.choice(common) if rng.random() < 0.3 else rng.choice(vocabulary)
            for _ in range(rng.randint(12, 45))
        ]
        return " ".join(words).capitalize() + "."

    def reword(text: str) -> str:
        words = text.split(" ")
        for _ in range(rng.randint(1, 2)):
            words[rng.randrange(1, len(words))] = rng.choice(vocabulary)
        return " ".join(words)

    def translation(text: str) -> str:
        return text.upper()[::-1]

    texts = [sentence() for _ in range(300)]
    header = Message("", "Language: fr\n")
    old = Catalog([header])
    for i, text in enumerate(texts):
        old.entries.append(Message(text, translation(text), context=f"para_{i}"))
    renamed = set(rng.sample(range(300), 30))
    changed = {i: reword(texts[i]) for i in renamed}
    fresh = [sentence() for _ in range(10)]  # genuinely new: no old translation fits

    tpl = Catalog([Message("", "POT-Creation-Date: 2008-08-13 00:00+0000\n")])
    for i, text in enumerate(texts):
        if i in renamed:
            tpl.entries.append(Message(changed[i], context=f"para_{i}_moved"))
        else:
            tpl.entries.append(Message(text, context=f"para_{i}"))
    for j, text in enumerate(fresh):
        tpl.entries.append(Message(text, context=f"new_{j}"))

    merged = merge(tpl, old)
    new = _by_context(merged)
    for i in renamed:
        msg = new[f"para_{i}_moved"]
        assert msg.id == changed[i]
        assert msg is not None
        assert msg.fuzzy
        assert msg.string == translation(texts[i]), f"para_{i} got another translation"
        assert msg.previous_id == texts[i]
    for i in set(range(300)) - renamed:
        msg = new[f"para_{i}"]
        assert (msg.string, msg.fuzzy) == (translation(texts[i]), False)
    for j, text in enumerate(fresh):
        msg = new[f"new_{j}"]
        assert msg.id == text
        assert (msg.string, msg.fuzzy) == ("", False)
    assert not merged.obsolete  # every old translation found its message


# --- catalogues written and read back ------------------------------------------------------


@needs_gettext
def test_previous_msgids_round_trip(tmp_path: Path) -> None:
    """A long previous msgid is written in GNU form and read back as it was."""
    previous = (
        'A "quoted" word, a back\\slash, a tab\tand a line\nbreak, then enough words to '
        "run well past the wrapping width of seventy-six characters, twice over at least."
    )
    header = Message("", "Language: fr\nContent-Type: text/plain; charset=UTF-8\n")
    first = Message(
        "A new text.",
        "Un texte.",
        context="para_1",
        flags=["fuzzy"],
        previous_id=previous,
        locations=["source/x.xml#para_1"],
    )
    second = Message("Short.", "Court.", context="para_2", flags=["fuzzy"], previous_id="Brief.")
    for width in (0, 79):
        path = tmp_path / f"fr-{width}.po"
        path.write_bytes(catalogs.dump(Catalog([header, first, second], width=width, tail="")))
        check = _gettext("msgfmt", "--check", "-o", "/dev/null", path)
        assert check.returncode == 0, check.stderr
        back = catalogs.read(path)
        entries = _by_context(back)
        assert entries["para_1"].previous_id == previous
        assert entries["para_2"].previous_id == "Brief."
        assert not entries["para_1"].user_comments
        assert catalogs.dump(back) == path.read_bytes()
        style = f"--width={width}" if width else "--no-wrap"
        assert _gettext("msgcat", style, path).stdout == path.read_text("utf-8")  # GNU form


@needs_gettext
def test_catalogue_from_msgmerge_is_readable(tmp_path: Path, repo: Path) -> None:
    """A catalogue GNU msgmerge wrote (with #~| on obsolete entries) can still be updated."""
    pot = tmp_path / "new.pot"
    text = (repo / POT).read_text(encoding="utf-8")
    pot.write_text(text.replace('msgid "Background"', 'msgid "The background"'), encoding="utf-8")
    old = tmp_path / "old.po"
    old.write_bytes((repo / _po("fr")).read_bytes())
    merged = _gettext("msgmerge", "--quiet", "--previous", "-o", tmp_path / "gnu.po", old, pot)
    assert merged.returncode == 0, merged.stderr
    catalog = catalogs.read(tmp_path / "gnu.po")
    msg = _by_context(catalog)["sec_background"]
    assert msg.fuzzy
    assert msg.previous_id == "Background"


# --- no format flags, no rewrite of a fresh catalogue ---------------------------------------


@needs_gettext
def test_percent_sign_makes_no_format_flag(project: Path, run: Runner) -> None:
    """A "%" before a letter is text: no python-format flag; msgfmt takes a "%"-less translation."""
    path = project / "source" / f"{STEM}.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        _replace_once(
            text, "Government policy is very effective", "Government policy, 40 % in all, is"
        ),
        encoding="utf-8",
    )
    for args in (("extract",), ("update", "-l", "fr")):
        assert run(*args, cwd=project).code == 0
    assert "-format" not in (project / POT).read_text(encoding="utf-8")
    po = project / _po("fr")
    catalog = catalogs.read(po)
    msg = next(m for m in catalog if "40 % in" in m.id)
    msg.string, msg.flags = msg.id.replace("40 % in all", "quarante pour cent"), []
    po.write_bytes(catalogs.dump(catalog))
    assert "-format" not in po.read_text(encoding="utf-8")
    check = _gettext("msgfmt", "--check", "-o", "/dev/null", po)
    assert check.returncode == 0, check.stderr


@needs_gettext
def test_update_drops_a_format_flag(project: Path, run: Runner) -> None:
    """A python-format flag an older tool wrote: validate fails on it, update removes it."""
    po = project / _po("fr")
    text = po.read_text(encoding="utf-8")
    po.write_text(
        _replace_once(
            text,
            "#: source/UNEP-DTIE-Hg-OEWG.2-10.xml#paper-title\n",
            "#: source/UNEP-DTIE-Hg-OEWG.2-10.xml#paper-title\n#, python-format\n",
        ),
        encoding="utf-8",
    )
    result = run("validate", "--format", "json", cwd=project)
    assert result.code == 1
    assert [f["rule"] for f in json.loads(result.out)["findings"]] == ["format"]
    assert run("update", "-l", "fr", cwd=project).code == 0
    assert po.read_text(encoding="utf-8") == text
    assert run("validate", cwd=project).code == 0


def test_second_update_of_a_fresh_catalogue_is_a_no_op(project: Path, run: Runner) -> None:
    """A catalogue update has just created is left alone by the next update."""
    shutil.rmtree(project / "translations" / "fr")
    assert run("update", "-l", "fr", cwd=project).out.splitlines()[0] == f"wrote {_po('fr')}"
    before = _snapshot(project / "translations")
    again = run("update", "-l", "fr", cwd=project)
    assert (again.code, again.out.splitlines()) == (
        0,
        [f"unchanged {_po('fr')}", f"unchanged {_mpo('fr')}"],
    )
    assert _snapshot(project / "translations") == before
