"""Translation checks (``hexaglot check``), the catalogue gate of ``validate``, and draft builds.

A French catalogue of a small paper is translated properly (it passes
``check --strict``); each test then breaks one entry the way a translator
might, and expects the right rule, exit code, file, line, place in the paper
and hint. Translate Toolkit's ``pofilter -t xmltags -t numbers`` runs on the
same catalogues as an independent referee: ``check`` must report every entry
pofilter flags, except where the two differ on purpose.

Where they differ and why (each row is asserted, in
``test_pofilter_differences_are_as_documented`` and ``test_check_finds_what_pofilter_finds``,
the last one in ``test_wrong_scale_word_is_missing``):

| entry (catalogue)                              | pofilter        | check              | why |
|------------------------------------------------|-----------------|--------------------|-----|
| 2.7 billion → 2,7 milliards (para 4 (a), all)  | numbers flagged | accepted           | 1   |
| placeholders moved (para 5)                    | xmltags flagged | accepted           | 2   |
| <symbol>UNEP/…</symbol> → <symbol>PNUE/…       | not flagged     | placeholders error | 3   |
| &lt;b&gt; typed beside the source's <em>        | not flagged     | markup error       | 4   |
| 2.7 billion → 2,7 millions (wrong scale)       | numbers flagged | figures error      | 5   |

1. check compares quantities, locale-aware, scale words included; pofilter
   compares digit strings, so "2.7" ≠ "2,7".
2. The order of placeholders may change with the language; pofilter's
   xmltags wants the same sequence of tags.
3. A symbol's text is part of the placeholder; pofilter compares tag names
   and attributes only, and the digits are unchanged.
4. Escaped tags are text to pofilter; editions refuse a ``<`` or ``>`` that
   the source lacks.
5. Both flag it, for different reasons: check compares 2.7e9 with 2.7e6;
   pofilter flags any "2,7" for "2.7", so it flags the right "2,7 milliards"
   the same way.

Both agree on dropped, duplicated and misspelt placeholders, foreign or
unclosed tags, event attributes, and changed figures, dates and decision
numbers (pofilter sees "Add.1 → Add.2" in a symbol through its digits only);
"1 000" with a no-break space for "1,000" passes both.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po, write_po

from hexaglot.base import resources
from hexaglot.catalogs import figures

if TYPE_CHECKING:
    from conftest import Run, Runner

STEM = "minimal"
PO = Path("translations") / "fr" / f"{STEM}.po"
POT = Path("translations") / "templates" / f"{STEM}.pot"
REAL_STEM = "UNEP-DTIE-Hg-OEWG.2-10"
SUMMARY = re.compile(r"(\d+) error\(s\), (\d+) warning\(s\)")
# pofilter sits beside the interpreter in the venv, which need not be on PATH.
_BESIDE = Path(sys.executable).with_name("pofilter")
POFILTER = str(_BESIDE) if _BESIDE.exists() else shutil.which("pofilter") or str(_BESIDE)
needs_pofilter = pytest.mark.skipif(
    not Path(POFILTER).exists(), reason="Translate Toolkit (pofilter) missing"
)
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler missing")

# minimal.xml has no figures: these edits give it a figure, a scaled figure,
# a date and a decision number to check, and an <em> to break.
SOURCE_EDITS = {
    "The first paragraph of the background.": "The first paragraph of the <em>background</em>.",
    "The third paragraph.": "The third paragraph covers 1,000 sites.",
    "a first subparagraph;": "a first subparagraph, on 2.7 billion people;",
    "The text of the footnote.": "The text of the footnote, dated 13 August 2008.",
    "The sixth and last paragraph.": "The sixth and last paragraph recalls decision 24/3.",
}

NBSP = "\u00a0"
# A proper French translation: placeholders kept, figures in French style.
FRENCH = {
    "organ": "Programme des Nations Unies pour l'environnement",
    "meeting-name": "Groupe de travail d'essai",
    "meeting-session": "Première réunion",
    "meeting-place": "Nairobi (Kenya)",
    "agenda-title": "Examen des options",
    "fn_agenda": "<symbol>UNEP/TEST/1/1</symbol>.",
    "paper-title": "Un court document pour la suite de tests",
    "sec_background": "Contexte",
    "para_1": "Le premier paragraphe du <em>contexte</em>.",
    "para_2": 'Le deuxième paragraphe, avec une note de bas de page.<note id="fn_1"/>',
    "fn_1": f"Le texte de la note, daté du 13{NBSP}août 2008.",
    "sec_1": "Options",
    "sec_1__subsec_A": "Première option",
    "para_3": f"Le troisième paragraphe porte sur 1{NBSP}000 sites.",
    "para_4": f"Le quatrième paragraphe comporte des alinéas{NBSP}:",
    "para_4__point_a": f"un premier alinéa, sur 2,7{NBSP}milliards de personnes{NBSP};",
    "para_4__point_b": f"un deuxième, lui-même divisé{NBSP}:",
    "para_4__point_b__point_i": f"un premier point{NBSP};",
    "para_4__point_b__point_ii": "un second point.",
    "sec_1__subsec_B": "Deuxième option",
    "para_5": (
        'Comme le montre le paragraphe <ref to="para_4"/>, '
        "voir <symbol>UNEP/GC/24/3/Add.1</symbol>."
    ),
    "para_6": "Le sixième et dernier paragraphe rappelle la décision 24/3.",
}
SOURCE_PARA_6 = "The sixth and last paragraph recalls decision 24/3."


@dataclass(frozen=True)
class Case:
    """One broken entry: what ``check`` must say about it."""

    name: str
    context: str
    msgstr: str | None  # None: keep the translation (for the fuzzy case)
    rule: str
    severity: str
    where: str
    says: str  # a piece of the message
    hint: str  # a piece of the hint
    fuzzy: bool = False


FIX_PLACEHOLDER = "Copy it from the source exactly once"
FIX_EXTRA = "Remove it, or correct it to match the source"
FIX_TAGS = "Copy the tags exactly as in the source"
FIX_FIGURE = "Keep every figure, date and decision number"
P5 = FRENCH["para_5"]

CASES = [
    Case(
        "footnote-call-dropped",
        "para_2",
        "Le deuxième paragraphe, avec une note de bas de page.",
        "placeholders",
        "error",
        "paragraph 2",
        'footnote call <note id="fn_1"/> is missing',
        FIX_PLACEHOLDER,
    ),
    Case(
        "footnote-call-twice",
        "para_2",
        'Le deuxième<note id="fn_1"/> paragraphe, avec une note.<note id="fn_1"/>',
        "placeholders",
        "error",
        "paragraph 2",
        "appears more than once",
        FIX_EXTRA,
    ),
    Case(
        "symbol-altered",
        "para_5",
        P5.replace("Add.1", "Add.2"),
        "placeholders",
        "error",
        "paragraph 5",
        "document symbol <symbol>UNEP/GC/24/3/Add.1</symbol> is missing or altered",
        FIX_PLACEHOLDER,
    ),
    Case(
        "symbol-translated",
        "para_5",
        P5.replace("UNEP/GC", "PNUE/GC"),
        "placeholders",
        "error",
        "paragraph 5",
        "<symbol>PNUE/GC/24/3/Add.1</symbol> is not in the source",
        FIX_EXTRA,
    ),
    Case(
        "ref-misspelt",
        "para_5",
        P5.replace('"para_4"', '"para_40"'),
        "placeholders",
        "error",
        "paragraph 5",
        '<ref to="para_40"/> is not in the source',
        FIX_EXTRA,
    ),
    Case(
        "tag-misspelt",
        "para_5",
        P5.replace("symbol>", "symbl>"),
        "markup",
        "error",
        "paragraph 5",
        "<symbl> is not allowed",
        FIX_TAGS,
    ),
    Case(
        "tag-unclosed",
        "para_1",
        "Le premier paragraphe du <em>contexte.",
        "markup",
        "error",
        "paragraph 1",
        "a tag is not closed",
        FIX_TAGS,
    ),
    Case(
        "raw-bold",
        "para_1",
        "Le premier paragraphe du <b>contexte</b>.",
        "markup",
        "error",
        "paragraph 1",
        "<b> is not allowed",
        FIX_TAGS,
    ),
    Case(
        "raw-script",
        "para_1",
        "Le premier paragraphe du <em>contexte</em>.<script>alert(1)</script>",
        "markup",
        "error",
        "paragraph 1",
        "<script> is not allowed",
        FIX_TAGS,
    ),
    Case(
        "event-attribute",
        "para_1",
        'Le premier paragraphe du <em onclick="alert(1)">contexte</em>.',
        "markup",
        "error",
        "paragraph 1",
        "<em> takes no attribute onclick",
        FIX_TAGS,
    ),
    Case(
        "escaped-tag",
        "para_1",
        "Le premier paragraphe du <em>contexte</em> &lt;b&gt;.",
        "markup",
        "error",
        "paragraph 1",
        "the translation contains '<'",
        "editions accept text and the source's tags only",
    ),
    Case(
        "figure-dropped",
        "para_3",
        "Le troisième paragraphe porte sur des sites.",
        "figures",
        "error",
        "paragraph 3",
        "the figure 1,000 of the source is not in the translation",
        FIX_FIGURE,
    ),
    Case(
        "figure-changed",
        "para_3",
        "Le troisième paragraphe porte sur 100 sites.",
        "figures",
        "error",
        "paragraph 3",
        "the figure 1,000 of the source is not in the translation",
        FIX_FIGURE,
    ),
    Case(
        "date-changed",
        "fn_1",
        f"Le texte de la note, daté du 13{NBSP}août 2009.",
        "figures",
        "error",
        "footnote 1",
        "the figure 2008 of the source",
        FIX_FIGURE,
    ),
    Case(
        "decision-changed",
        "para_6",
        "Le sixième et dernier paragraphe rappelle la décision 24/2.",
        "figures",
        "error",
        "paragraph 6",
        "the figure 3 of the source",
        FIX_FIGURE,
    ),
    Case(
        "fuzzy",
        "para_6",
        None,
        "fuzzy",
        "warning",
        "paragraph 6",
        "marked fuzzy",
        "remove the fuzzy flag",
        fuzzy=True,
    ),
    Case(
        "untranslated",
        "para_4__point_b__point_i",
        "",
        "untranslated",
        "warning",
        "paragraph 4 (b) (i)",
        "no translation yet",
        "the edition shows the source text",
    ),
    Case(
        "identical",
        "para_6",
        SOURCE_PARA_6,
        "identical",
        "warning",
        "paragraph 6",
        "identical to the source text",
        "confirm that it must stay as it is",
    ),
]
BY_NAME = {case.name: case for case in CASES}

# Translations that are right, though they differ from the source in form.
LEGITIMATE = {
    "placeholders-moved": (
        "para_5",
        "Voir <symbol>UNEP/GC/24/3/Add.1</symbol>, "
        'comme le montre le paragraphe <ref to="para_4"/>.',
    ),
    "figure-in-millions": (
        "para_4__point_a",
        f"un premier alinéa, sur 2{NBSP}700{NBSP}millions de personnes{NBSP};",
    ),
    "figure-grouped-with-point": ("para_3", "Le troisième paragraphe porte sur 1.000 sites."),
}

# A wrong scale word: check compares the quantities (see test_wrong_scale_word_is_missing).
WRONG_SCALE = ("para_4__point_a", f"un premier alinéa, sur 2,7{NBSP}millions de personnes{NBSP};")

# Entries pofilter flags that check accepts, by catalogue ("*": every one).
POFILTER_ONLY = {"*": {"para_4__point_a"}, "placeholders-moved": {"para_5"}}
# Entries check reports as errors that pofilter lets through.
CHECK_ONLY = {"symbol-translated": {"para_5"}, "escaped-tag": {"para_1"}}


# --- building the projects ----------------------------------------------------------


def _write_entries(po: Path, edit: Callable[[Message], None]) -> None:
    """Rewrite ``po`` with Babel, applying ``edit`` to every message with an id."""
    with po.open("rb") as f:
        catalog = read_po(f, locale="fr")
    for msg in catalog:
        if msg.id:
            edit(msg)
    with po.open("wb") as f:
        write_po(f, catalog)


def _set(po: Path, context: str, msgstr: str | None, fuzzy: bool = False) -> None:
    def edit(msg: Message) -> None:
        if msg.context == context:
            if msgstr is not None:
                msg.string = msgstr
            if fuzzy:
                msg.flags.add("fuzzy")

    _write_entries(po, edit)


def msgid_lines(po: Path) -> dict[str, int]:
    """The line of each entry's msgid, by msgctxt, read from the file itself."""
    out: dict[str, int] = {}
    context = None
    for number, line in enumerate(po.read_text("utf-8").splitlines(), 1):
        if line.startswith("msgctxt "):
            context = json.loads(line[len("msgctxt ") :])
        elif line.startswith("msgid ") and context is not None:
            out[context] = number
            context = None
    return out


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, papers_dir: Path, run: Runner) -> Path:
    """minimal.xml (with figures), extracted, updated for French, and translated."""
    root = tmp_path_factory.mktemp("check-base")
    (root / "source").mkdir()
    text = (papers_dir / "minimal.xml").read_text("utf-8")
    for old, new in SOURCE_EDITS.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (root / "source" / f"{STEM}.xml").write_text(text, "utf-8")
    for args in (("validate",), ("extract",), ("update", "-l", "fr")):
        result = run(*args, cwd=root)
        assert result.code == 0, (args, result)

    def translate(msg: Message) -> None:
        msg.string = FRENCH[msg.context]

    _write_entries(root / PO, translate)
    return root


def copy_of(base: Path, where: Path) -> Path:
    """A private copy of the translated project."""
    shutil.copytree(base, where)
    return where


@pytest.fixture(scope="module")
def variants(base: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One project per broken or legitimately rewritten entry, plus the clean one."""
    root = tmp_path_factory.mktemp("check-variants")
    out = {"clean": base}
    for case in CASES:
        out[case.name] = copy_of(base, root / case.name)
        _set(out[case.name] / PO, case.context, case.msgstr, case.fuzzy)
    for name, (context, msgstr) in [*LEGITIMATE.items(), ("wrong-scale", WRONG_SCALE)]:
        out[name] = copy_of(base, root / name)
        _set(out[name] / PO, context, msgstr)
    return out


@pytest.fixture(scope="module")
def checked(variants: dict[str, Path], run: Runner) -> Callable[[str], tuple[Run, list[dict]]]:
    """``check --format json`` of a variant, run once and shared by the tests that read it."""
    cache: dict[str, tuple[Run, list[dict]]] = {}

    def get(name: str) -> tuple[Run, list[dict]]:
        if name not in cache:
            result = run("check", "--format", "json", cwd=variants[name])
            cache[name] = (result, json.loads(result.out)["findings"])
        return cache[name]

    return get


# --- the clean catalogue ---------------------------------------------------------------


def test_proper_translation_passes_strict(base: Path, run: Runner) -> None:
    """The baseline: every placeholder kept, figures in French style; nothing to report."""
    result = run("check", "--strict", cwd=base)
    assert result.code == 0, result
    assert "0 error(s), 0 warning(s)" in result.out
    validated = run("validate", cwd=base)
    assert validated.code == 0, validated
    assert "1 catalogue(s) valid" in validated.out


@pytest.mark.parametrize("name", list(LEGITIMATE))
def test_legitimate_rewrites_are_not_flagged(
    name: str, checked: Callable[[str], tuple[Run, list[dict]]]
) -> None:
    """Placeholders may move and figures may be rewritten in another form of the same number."""
    result, found = checked(name)
    assert result.code == 0, result
    assert found == []


# --- one defect per test ---------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_defect_is_reported(
    case: Case,
    variants: dict[str, Path],
    checked: Callable[[str], tuple[Run, list[dict]]],
    run: Runner,
) -> None:
    """The rule, the exit codes, file:line of the msgid, the place in the paper and the hint."""
    project = variants[case.name]
    line = msgid_lines(project / PO)[case.context]
    result, found = checked(case.name)
    assert result.code == (1 if case.severity == "error" else 0), result
    assert found, result
    # Every finding is about this entry and this rule: nothing spurious elsewhere.
    assert {(f["path"], f["line"], f["rule"]) for f in found} == {(str(PO), line, case.rule)}
    for f in found:
        assert f["severity"] == case.severity
        assert f["where"] == case.where
        assert f["hint"]
    assert any(case.says in f["message"] for f in found), found
    assert any(case.hint in f["hint"] for f in found), found

    strict = run("check", "--strict", cwd=project)
    assert strict.code == 1, strict
    mine = [x for x in strict.out.splitlines() if x.endswith(f"[{case.rule}]")]
    assert mine, strict
    for text in mine:
        assert text.startswith(f"{PO}:{line}: {case.severity}: {case.where}: "), text
    assert any(case.says in x and case.hint in x for x in mine), mine
    errors = len(found) if case.severity == "error" else 0
    assert f"{errors} error(s), {len(found) - errors} warning(s)" in strict.err


def test_formats_json_and_github(variants: dict[str, Path], tmp_path: Path, run: Runner) -> None:
    """json is a list of findings with every field; github lines are workflow annotations."""
    project = copy_of(variants["footnote-call-dropped"], tmp_path / "p")
    _set(project / PO, "para_6", None, fuzzy=True)  # an error and a warning
    as_json = run("check", "--format", "json", cwd=project)
    annotations = run("check", "--format", "github", cwd=project)
    assert as_json.code == annotations.code == 1
    found = json.loads(as_json.out)["findings"]
    assert isinstance(found, list)
    assert {f["severity"] for f in found} == {"error", "warning"}
    keys = {"path", "line", "rule", "message", "severity", "where", "hint"}
    assert all(isinstance(f, dict) and keys <= set(f) for f in found), found
    lines = annotations.out.splitlines()
    assert len(lines) == len(found), annotations
    lines_of = msgid_lines(project / PO)
    for f, text in zip(found, lines, strict=True):
        assert text.startswith(f"::{f['severity']} file={PO},line={f['line']}"), text
        assert re.match(r"::(error|warning) file=[^,:]+,line=\d+", text), text
        assert f"{f['where']}: " in text and f["hint"] in text
    assert {f["line"] for f in found} == {lines_of["para_2"], lines_of["para_6"]}


# --- staleness --------------------------------------------------------------------------


def _edit_paper(project: Path) -> None:
    paper = project / "source" / f"{STEM}.xml"
    text = paper.read_text("utf-8")
    paper.write_text(text.replace(SOURCE_PARA_6, "The sixth paragraph, rewritten."), "utf-8")


def _stale_finding(result: Run, path: Path, says: str, hint: str) -> None:
    assert result.code == 0, result
    found = json.loads(result.out)["findings"]
    assert [(f["path"], f["rule"], f["severity"]) for f in found] == [
        (str(path), "stale", "warning")
    ], found
    assert says in found[0]["message"]
    assert hint in found[0]["hint"]


def test_catalogue_behind_its_template(base: Path, tmp_path: Path, run: Runner) -> None:
    """Paper edited and extracted, catalogue not updated: a warning that says to update."""
    project = copy_of(base, tmp_path / "p")
    _edit_paper(project)
    assert run("extract", cwd=project).code == 0
    result = run("check", "--format", "json", cwd=project)
    _stale_finding(result, PO, "the catalogue is behind its template", "hexaglot update")
    strict = run("check", "--strict", cwd=project)
    assert strict.code == 1, strict
    assert f"{PO}: warning: the catalogue is behind its template" in strict.out


def test_template_behind_its_paper(base: Path, tmp_path: Path, run: Runner) -> None:
    """Paper edited, nothing extracted: the template says to extract, the catalogue to update.

    Catalogues are checked against the paper itself, so a template left
    behind cannot hide a catalogue that is behind too; update merges the
    paper's messages, so it alone brings the catalogue in step.
    """
    project = copy_of(base, tmp_path / "p")
    _edit_paper(project)
    result = run("check", "--format", "json", cwd=project)
    assert result.code == 0, result
    found = json.loads(result.out)["findings"]
    assert [(f["path"], f["rule"], f["severity"]) for f in found] == [
        (str(POT), "stale", "warning"),
        (str(PO), "stale", "warning"),
    ], found
    assert "the template is behind its paper" in found[0]["message"]
    assert "hexaglot extract" in found[0]["hint"]
    assert "the catalogue is behind its template" in found[1]["message"]
    assert "hexaglot update" in found[1]["hint"]
    strict = run("check", "--strict", cwd=project)
    assert strict.code == 1, strict
    assert f"{POT}: warning: the template is behind its paper" in strict.out
    assert run("update", "-l", "fr", cwd=project).code == 0
    after = json.loads(run("check", "--format", "json", cwd=project).out)["findings"]
    assert [(f["path"], f["rule"]) for f in after if f["rule"] == "stale"] == [(str(POT), "stale")]


def test_paper_edit_leaves_only_warnings(base: Path, tmp_path: Path, run: Runner) -> None:
    """A paragraph that gains a footnote and a figure is fuzzy after update: not an error.

    Its old translation cannot have them; no edition uses it until reviewed, so
    validate (the CI gate) and check without --strict must still pass.
    """
    project = copy_of(base, tmp_path / "p")
    paper = project / "source" / f"{STEM}.xml"
    text = paper.read_text("utf-8").replace(
        "covers 1,000 sites.", 'covers 1,200 sites.<note id="fn_2">A new note.</note>'
    )
    paper.write_text(text, "utf-8")
    assert run("extract", cwd=project).code == 0
    assert run("update", "-l", "fr", cwd=project).code == 0
    result = run("check", "--format", "json", cwd=project)
    assert result.code == 0, result
    lines = msgid_lines(project / PO)
    assert sorted(
        (f["rule"], f["line"], f["where"]) for f in json.loads(result.out)["findings"]
    ) == [
        ("fuzzy", lines["para_3"], "paragraph 3"),
        ("untranslated", lines["fn_2"], "footnote 2"),
    ]
    assert run("validate", cwd=project).code == 0
    assert run("check", "--strict", cwd=project).code == 1


# --- validate -----------------------------------------------------------------------------


def test_validate_refuses_a_placeholder_error(variants: dict[str, Path], run: Runner) -> None:
    """validate gates catalogues too: a dropped footnote call fails it, naming the file."""
    result = run("validate", cwd=variants["footnote-call-dropped"])
    assert result.code == 1, result
    line = msgid_lines(variants["footnote-call-dropped"] / PO)["para_2"]
    assert f"{PO}:{line}: error: paragraph 2:" in result.out
    assert "[placeholders]" in result.out


def test_validate_refuses_a_header_for_another_language(
    base: Path, tmp_path: Path, run: Runner
) -> None:
    """A catalogue whose Language header disagrees with its folder fails validate."""
    project = copy_of(base, tmp_path / "p")
    po = project / PO
    po.write_text(po.read_text("utf-8").replace('"Language: fr\\n"', '"Language: de\\n"'), "utf-8")
    result = run("validate", cwd=project)
    assert result.code == 1, result
    assert f"{PO}: error: the Language header says 'de', the folder 'fr'" in result.out
    assert "[header]" in result.out


def test_validate_passes_a_fuzzy_entry(variants: dict[str, Path], run: Runner) -> None:
    """A fuzzy entry is a warning, and validate reports errors only."""
    result = run("validate", cwd=variants["fuzzy"])
    assert result.code == 0, result
    assert "1 paper(s) and 1 catalogue(s) valid" in result.out


# --- builds of incomplete catalogues ----------------------------------------------------


def _words(msgid: str) -> int:
    """Source words of a message, as a reader counts them (tags dropped, symbols kept)."""
    return len(html.unescape(re.sub(r"<[^>]*>", "", msgid)).split())


def _page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout
    pages = text.split("\f")
    return [" ".join(p.split()) for p in (pages[:-1] if not pages[-1].strip() else pages)]


@pytest.fixture
def fuzzy_project(project: Path) -> tuple[Path, str, str, int]:
    """The shipped paper with one French paragraph marked fuzzy: (root, msgid, msgstr, percent)."""
    po = project / "translations" / "fr" / f"{REAL_STEM}.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale="fr")
    target = next(m for m in catalog if m.context == "para_3")
    _set(po, "para_3", None, fuzzy=True)
    total = sum(_words(m.id) for m in catalog if m.id)
    percent = min(99, (total - _words(target.id)) * 100 // total)
    return project, target.id, target.string, percent


def test_official_build_refuses_a_fuzzy_entry(
    fuzzy_project: tuple[Path, str, str, int], tmp_path: Path, run: Runner
) -> None:
    """--official checks every edition first and writes nothing, in no language."""
    project, *_ = fuzzy_project
    out = tmp_path / "out"
    result = run("build", "--official", "-o", out, cwd=project)
    assert result.code == 1, result
    assert f"translations/fr/{REAL_STEM}.po" in result.err
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


@needs_pdftotext
def test_draft_build_marks_every_page(
    fuzzy_project: tuple[Path, str, str, int], tmp_path: Path, run: Runner
) -> None:
    """A normal build falls back to the source text; "draft, N%" in HTML and on every PDF page."""
    project, msgid, msgstr, percent = fuzzy_project
    assert 90 <= percent < 100
    out = tmp_path / "out"
    result = run("build", "-l", "fr", "-o", out, cwd=project)
    assert result.code == 0, result
    assert f"(draft, {percent}% translated)" in result.out
    # The mark is in the edition's language, from hexaglot's own catalogue.
    with resources.data("locale", "fr", "hexaglot.po").open("rb") as f:
        table = read_po(f, locale="fr")
    mark = table.get("Draft — %(percent)s%% translated").string % {"percent": percent}
    assert mark.startswith("Projet") and str(percent) in mark
    page = (out / REAL_STEM / "fr.html").read_text("utf-8")
    assert re.search(rf'class="draft-banner"[^>]*>{re.escape(mark)}<', page), mark
    source_text = " ".join(re.sub(r"<[^>]*>", " ", msgid).split()[:12])
    assert source_text in " ".join(page.split())
    assert " ".join(msgstr.split()[:8]) not in page
    pages = _page_texts(out / REAL_STEM / "fr.pdf")
    assert len(pages) > 1
    for number, text in enumerate(pages, 1):
        assert " ".join(mark.split()) in text, (number, text[:200])


def test_official_build_refuses_a_figure_error(variants: dict[str, Path], run: Runner) -> None:
    """The issue: --official refuses an edition whose catalogue has errors (figures too)."""
    project = variants["figure-changed"]
    out = project.parent / "figure-changed-out"
    result = run("build", "--official", "-l", "fr", "-f", "html", "-o", out, cwd=project)
    shutil.rmtree(out, ignore_errors=True)
    assert result.code == 1, result


# --- figures, as numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "translation", "lang"),
    [
        ("1,000 sites", f"1{NBSP}000 sites", "fr"),
        ("1,000 sites", "1.000 sitios", "es"),
        ("1,000 sites", "1000 sites", "fr"),
        ("2.7 billion people", f"2,7{NBSP}milliards de personnes", "fr"),
        ("2.7 billion people", "27亿人", "zh"),
        ("2.7 billion people", "2,7 млрд человек", "ru"),
        ("2.7 billion people", f"2{NBSP}700 millones de personas", "es"),
        # Binary floats made these differ (8.2 * 1e9 == 8199999999.999999).
        ("4.1 million", f"4{NBSP}100{NBSP}000", "fr"),
        ("8.2 billion", "82亿", "zh"),
        ("1.1 billion", "11亿", "zh"),
        ("decision 24/3", "décision 24/3", "fr"),
        ("article 4.5", "paragraphe 5 de l'article 4", "fr"),
        # French and Russian group digits with spaces, plain ones included.
        ("1,250,000 m3", "1 250 000 m3", "fr"),
        ("1,250,000 tonnes", "1 250 000 тонн", "ru"),
        ("in 2008, 100 centres", "en 2008 100 centres", "fr"),
        ("in 200, 100 centres", "en 200 100 centres", "fr"),
    ],
)
def test_same_figure_in_another_form(source: str, translation: str, lang: str) -> None:
    """A figure is kept whatever the language's grouping, decimal sign or scale word."""
    assert figures.missing(source, translation, "en", lang) == []


def test_a_french_source_groups_with_plain_spaces() -> None:
    """Read in its own language, "1 250 000" in a French source is one figure, not three."""
    assert (
        figures.missing("un volume de 1 250 000 m3", "a volume of 1,250,000 m3", "fr", "en") == []
    )
    assert figures.missing("un volume de 1 250 000 m3", "a volume of 250 m3", "fr", "en") == [
        "1 250 000"
    ]
    # English does not group with spaces: "1 250" there is two figures.
    assert figures.missing("rows 1 250", "lignes 1 et 250", "en", "fr") == []


@pytest.mark.parametrize(
    ("source", "translation", "lost"),
    [
        ("1,000 sites", "100 sites", ["1,000"]),
        ("1,000 sites", "des sites", ["1,000"]),
        ("2.7 billion people", "2,8 milliards", ["2.7"]),
        ("13 August 2008", "13 août 2009", ["2008"]),
    ],
)
def test_changed_figure_is_missing(source: str, translation: str, lost: list[str]) -> None:
    """A figure changed or dropped is named as written in the source."""
    assert figures.missing(source, translation, "en", "fr") == lost


def test_wrong_scale_word_is_missing() -> None:
    """2.7 billion is not 2.7 million (pofilter flags it, as it flags the right rewrite)."""
    assert figures.missing("2.7 billion people", "2,7 millions de personnes", "en", "fr") == ["2.7"]


# --- Translate Toolkit as referee -----------------------------------------------------------


@pytest.fixture(scope="module")
def pofilter_flags(
    variants: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, list[str]]]:
    """pofilter -t xmltags -t numbers on every variant at once: flagged msgctxt → its tests."""
    root = tmp_path_factory.mktemp("pofilter")
    (root / "in").mkdir()
    for name, project in variants.items():
        shutil.copy(project / PO, root / "in" / f"{name}.po")
    proc = subprocess.run(
        [POFILTER, "--progress=none", "-t", "xmltags", "-t", "numbers", "in", "out"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out: dict[str, dict[str, list[str]]] = {}
    for name in variants:
        path = root / "out" / f"{name}.po"
        out[name] = {}
        if path.exists():
            with path.open("rb") as f:
                for msg in read_po(f):
                    tests = [c.split()[1].rstrip(":") for c in msg.user_comments if "pofilter" in c]
                    if msg.id and tests:
                        out[name][msg.context] = tests
    return out


VARIANT_NAMES = ["clean", *[c.name for c in CASES], *LEGITIMATE]


@needs_pofilter
@pytest.mark.parametrize("name", VARIANT_NAMES)
def test_check_finds_what_pofilter_finds(
    name: str,
    variants: dict[str, Path],
    checked: Callable[[str], tuple[Run, list[dict]]],
    pofilter_flags: dict[str, dict[str, list[str]]],
) -> None:
    """Every entry pofilter flags has a finding from check, but for the documented differences."""
    lines = msgid_lines(variants[name] / PO)
    context_at = {line: context for context, line in lines.items()}
    _, found = checked(name)
    reported = {context_at[f["line"]] for f in found if f["line"] in context_at}
    errors = {
        context_at[f["line"]]
        for f in found
        if f["severity"] == "error" and f["rule"] in ("placeholders", "markup", "figures")
    }
    flagged = set(pofilter_flags[name])
    pofilter_only = POFILTER_ONLY["*"] | POFILTER_ONLY.get(name, set())
    assert flagged - reported == pofilter_only, (flagged, found)
    assert errors - flagged == CHECK_ONLY.get(name, set()), (flagged, found)


@needs_pofilter
def test_pofilter_differences_are_as_documented(
    pofilter_flags: dict[str, dict[str, list[str]]],
) -> None:
    """The table in this module's docstring, row by row, with pofilter's own test names."""
    assert pofilter_flags["clean"] == {"para_4__point_a": ["numbers"]}
    assert pofilter_flags["placeholders-moved"]["para_5"] == ["xmltags"]
    assert "para_5" not in pofilter_flags["symbol-translated"]
    assert "para_1" not in pofilter_flags["escaped-tag"]
    assert pofilter_flags["wrong-scale"] == pofilter_flags["clean"]
    # pofilter sees the altered symbol only through its digits (Add.1 → Add.2).
    assert pofilter_flags["symbol-altered"]["para_5"] == ["numbers"]
    # and agrees on what is plainly broken.
    for name in ("footnote-call-dropped", "ref-misspelt", "tag-misspelt", "raw-script"):
        case = BY_NAME[name]
        assert "xmltags" in pofilter_flags[name][case.context], name
    for name in ("figure-dropped", "figure-changed", "date-changed", "decision-changed"):
        case = BY_NAME[name]
        assert pofilter_flags[name][case.context] == ["numbers"], name


# --- the shipped catalogues -------------------------------------------------------------------


def test_shipped_catalogues_pass_strict(repo: Path, run: Runner) -> None:
    """Every catalogue in translations/ is complete and clean (read-only, on the checkout)."""
    result = run("-C", repo, "check", "--strict", cwd=repo)
    assert result.code == 0, result
    assert result.out.strip() == "0 error(s), 0 warning(s)"
