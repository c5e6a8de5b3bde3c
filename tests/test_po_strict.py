"""Strict reading: hexaglot refuses every catalogue GNU ``msgfmt --check`` rejects.

GNU msgfmt is the referee, run in each test: a corpus of small catalogues
(one fault each, and well-formed controls of the same shapes) and a seeded
campaign of mutated real catalogues must get the same verdict from
hexaglot's reader as from msgfmt, case by case. A refused catalogue stops
validate and check (a [syntax] finding at its line), update and build (one
line naming file and line), and is never rewritten.

Where hexaglot is stricter on purpose, msgfmt accepts and hexaglot refuses,
and the reason is stated (POLICY).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hexaglot.base.errors import InputError
from hexaglot.catalogs import pofile

if TYPE_CHECKING:
    from conftest import Runner

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")

STEM = "UNEP-DTIE-Hg-OEWG.2-10"
PO = Path("translations") / "fr" / f"{STEM}.po"

HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: x 1\\n"\n'
    '"PO-Revision-Date: 2008-08-13 00:00+0000\\n"\n'
    '"Last-Translator: A <a@example.org>\\n"\n'
    '"Language-Team: French\\n"\n'
    '"Language: fr\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
)
PLURAL_FORMS = '"Plural-Forms: {}\\n"\n'
ENTRY = 'msgctxt "para_1"\nmsgid "Text."\nmsgstr "Texte."\n'


def _po(body: str, plural_forms: str | None = None) -> str:
    head = HEADER + (PLURAL_FORMS.format(plural_forms) if plural_forms else "")
    return f"{head}\n{body}"


# name: catalogue text. msgfmt --check rejects every one of them.
REJECTED: dict[str, str] = {
    "duplicate-entry": _po(ENTRY + "\n" + ENTRY),
    "duplicate-untranslated": _po('msgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n'),
    "duplicate-of-obsolete": _po(
        ENTRY + '\n#~ msgctxt "para_1"\n#~ msgid "Text."\n#~ msgstr "x"\n'
    ),
    "duplicate-header": _po('msgid ""\nmsgstr "Language: de\\n"\n'),
    "repeated-msgstr": _po('msgid "a"\nmsgstr "b"\nmsgstr "c"\n'),
    "repeated-msgid": _po('msgid "a"\nmsgid "b"\nmsgstr "c"\n'),
    "repeated-msgctxt": _po('msgctxt "a"\nmsgctxt "b"\nmsgid "a"\nmsgstr "b"\n'),
    "missing-msgstr": _po('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n'),
    "missing-msgid": _po('msgctxt "para_2"\nmsgstr "Deuxième."\n'),
    "msgstr-without-msgid": _po(ENTRY + 'msgstr "encore"\n'),
    "msgctxt-after-msgid": _po('msgid "a"\nmsgctxt "x"\nmsgstr "c"\n'),
    "keyword-without-string": _po('msgid\nmsgstr "b"\n'),
    "msgstr-at-end-without-string": _po('msgid "a"\nmsgstr\n'),
    "escape-q": _po('msgid "a"\nmsgstr "b\\q"\n'),
    "escape-question-mark": _po('msgid "a"\nmsgstr "quoi\\?"\n'),
    "escape-apostrophe": _po('msgid "a"\nmsgstr "l\\\'eau"\n'),
    "escape-e": _po('msgid "a"\nmsgstr "\\e[1m"\n'),
    "escape-x-without-digits": _po('msgid "a"\nmsgstr "\\xZZ"\n'),
    "escape-u": _po('msgid "a"\nmsgstr "\\u00e9"\n'),
    "escape-8": _po('msgid "a"\nmsgstr "\\8"\n'),
    "escape-space": _po('msgid "a"\nmsgstr "a\\ b"\n'),
    "escape-in-msgid": _po('msgid "a\\q"\nmsgstr "b"\n'),
    "unclosed-string": _po('msgid "a"\nmsgstr "b\n'),
    "unclosed-by-escaped-quote": _po('msgid "a"\nmsgstr "b\\"\n'),
    "no-opening-quote": _po('msgid "a"\nmsgstr rogramme des Nations Unies"\n'),
    "stray-line": _po(ENTRY + "this is not a PO line\n"),
    "unknown-keyword": _po('msgid "a"\nmsgstring "b"\n'),
    "text-after-string": _po('msgid "a" x\nmsgstr "b"\n'),
    "number-outside-string": _po('msgid "a"\nmsgstr 5 "b"\n'),
    "bracket-outside-string": _po('msgid "a"\nmsgstr "b" [\n'),
    "punctuation-outside-string": _po('msgid "a"\nmsgstr "b";\n'),
    "string-before-any-keyword": '"stray"\n' + _po(ENTRY),
    "msgstr0-without-plural": _po('msgid "a"\nmsgstr[0] "b"\n'),
    "plural-with-plain-msgstr": _po(
        'msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', "nplurals=2; plural=(n > 1);"
    ),
    "plural-wrong-index": _po(
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[2] "c"\n',
        "nplurals=2; plural=(n > 1);",
    ),
    "msgid-plural-without-msgid": _po('msgid_plural "a"\nmsgstr "b"\n'),
    "comment-inside-entry": _po('msgid "a"\n# note\nmsgstr "b"\n'),
    "comment-after-string": _po('msgid "a" # note\nmsgstr "b"\n'),
    "comment-between-msgctxt-and-msgid": _po('msgctxt "c"\n#. x\nmsgid "a"\nmsgstr "b"\n'),
    "comment-after-previous": _po('#, fuzzy\n#| msgid "old"\n#, c-format\nmsgid "a"\nmsgstr "b"\n'),
    "previous-after-msgid": _po('msgid "a"\n#| msgid "old"\nmsgstr "b"\n'),
    "previous-msgstr": _po('#, fuzzy\n#| msgstr "old"\nmsgid "a"\nmsgstr "b"\n'),
    "previous-out-of-order": _po(
        '#, fuzzy\n#| msgid "old"\n#| msgctxt "c"\nmsgid "a"\nmsgstr "b"\n'
    ),
    "previous-twice": _po('#, fuzzy\n#| msgid "old"\n#| msgid "older"\nmsgid "a"\nmsgstr "b"\n'),
    "previous-unclosed": _po('#, fuzzy\n#| msgid "old\nmsgid "a"\nmsgstr "b"\n'),
    "previous-bad-escape": _po('#, fuzzy\n#| msgid "old\\q"\nmsgid "a"\nmsgstr "b"\n'),
    "previous-garbage": _po('#| hello\nmsgid "a"\nmsgstr "b"\n'),
    "previous-at-end": _po(ENTRY + '\n#| msgid "old"\n'),
    "obsolete-then-current": _po('#~ msgid "a"\nmsgstr "b"\n'),
    "current-then-obsolete-string": _po('#~ msgid "a"\n#~ msgstr ""\n"b"\n'),
    "obsolete-garbage": _po(ENTRY + "\n#~ hello\n"),
    "obsolete-bad-escape": _po('#~ msgid "a"\n#~ msgstr "b\\q"\n'),
    "domain-line": _po('domain "messages"\nmsgid "a"\nmsgstr "b"\n'),
    "no-header": ENTRY,
    "empty-file": "",
    "comments-only": "# nothing but a comment\n",
    "empty-header": 'msgid ""\nmsgstr ""\n\n' + ENTRY,
    "header-with-msgctxt": 'msgctxt "x"\nmsgid ""\nmsgstr "Language: fr\\n"\n\n' + ENTRY,
    "header-only-obsolete": '#~ msgid ""\n#~ msgstr "Language: fr\\n"\n\n' + ENTRY,
    "byte-order-mark": "\ufeff" + _po(ENTRY),
    "nplurals-not-a-number": _po(ENTRY, "nplurals=x; plural=(n > 1);"),
    "plural-unparsable": _po(ENTRY, "nplurals=2; plural=(n > 1;"),
    "plural-division-by-zero": _po(ENTRY, "nplurals=2; plural=n/0;"),
    "plural-modulo-zero": _po(ENTRY, "nplurals=2; plural=n%0;"),
    "plural-form-too-large": _po(ENTRY, "nplurals=1; plural=(n > 1);"),
    "plural-negative": _po(ENTRY, "nplurals=2; plural=n-1;"),
    "plural-nplurals-zero": _po(ENTRY, "nplurals=0; plural=0;"),
    "plural-assignment": _po(ENTRY, "nplurals=2; plural=n=1;"),
    "plural-single-ampersand": _po(ENTRY, "nplurals=2; plural=n&1;"),
    "plural-unary-minus": _po(ENTRY, "nplurals=2; plural=-n;"),
    "plural-trailing-words": _po(ENTRY, "nplurals=2; plural=(n != 1) junk;"),
    "plural-capital-n": _po(ENTRY, "nplurals=2; plural=N!=1;"),
    "plural-dangling-colon": _po(ENTRY, "nplurals=2; plural=(n>1)?1:0:1;"),
    "plural-missing-branch": _po(ENTRY, "nplurals=3; plural=n ? ;"),
    "msgstr-ends-with-newline": _po('msgid "a"\nmsgstr "b\\n"\n'),
    "msgid-ends-with-newline": _po('msgid "a\\n"\nmsgstr "b"\n'),
    "msgstr-begins-with-newline": _po('msgid "a"\nmsgstr "\\nb"\n'),
}

# Catalogues of the same shapes that msgfmt --check accepts.
ACCEPTED: dict[str, str] = {
    "plain": _po(ENTRY),
    "spaced-keywords": _po('  msgid\t"a"\nmsgstr   "b"\n'),
    "keyword-glued-to-string": _po('msgid"a"\nmsgstr"b"\n'),
    "two-strings-on-a-line": _po('msgid "a" "b"\nmsgstr "c" "d"\n'),
    "blank-line-inside-entry": _po('msgid "a"\n\nmsgstr "b"\n'),
    "string-continued-after-blank-line": _po('msgid "a"\nmsgstr "b"\n\n"c"\n'),
    "crlf-line-ends": _po(ENTRY).replace("\n", "\r\n"),
    "no-final-line-end": _po(ENTRY).rstrip("\n"),
    "valid-escapes": _po('msgid "a\\tb"\nmsgstr "\\"q\\" \\\\ \\a\\b\\f\\v\\r \\101\\x41 \\0"\n'),
    "raw-tab-in-string": _po('msgid "a\tb"\nmsgstr "c\td"\n'),
    "raw-control-character": _po('msgid "a"\nmsgstr "b\x01c"\n'),
    "fuzzy-header": "#, fuzzy\n" + _po(ENTRY),
    "header-after-an-entry": ENTRY + "\n" + _po(""),
    "header-not-fields": 'msgid ""\nmsgstr "hello"\n\n' + ENTRY,
    "all-comment-kinds": _po(
        '# translator\n#. extracted\n#: source/x.xml#para_1\n#, fuzzy\n#| msgctxt "p"\n'
        '#| msgid "old"\n' + ENTRY
    ),
    "comments-without-space": _po("#translator\n#.extracted\n#,fuzzy\n" + ENTRY),
    "previous-then-blank-line": _po('#, fuzzy\n#| msgid "old"\n\nmsgid "a"\nmsgstr "b"\n'),
    "obsolete-entries": _po(ENTRY + '\n#~ msgctxt "x"\n#~ msgid "a"\n#~ msgstr "b"\n'),
    "obsolete-previous-two-forms": _po(
        '#, fuzzy\n#~| msgid "old"\n#~ msgid "a"\n#~ msgstr "b"\n\n'
        '#~ #| msgid "older"\n#~ msgid "c"\n#~ msgstr "d"\n'
    ),
    "obsolete-comments": _po('#~ # note\n#~ msgid "a"\n#~ msgstr "b"\n'),
    "obsolete-without-space": _po('#~msgid "a"\n#~msgstr "b"\n'),
    "current-comment-on-obsolete-entry": _po('# note\n#~ msgid "a"\n#~ msgstr "b"\n'),
    "empty-msgctxt": _po('msgctxt ""\nmsgid "a"\nmsgstr "b"\n'),
    "empty-msgid-with-msgctxt": _po('msgctxt "c"\nmsgid ""\nmsgstr "b"\n'),
    "same-msgid-two-contexts": _po(
        'msgctxt "x"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "y"\nmsgid "a"\nmsgstr "c"\n'
    ),
    "trailing-comments": _po(ENTRY + "\n# the end\n#. x\n"),
    "fuzzy-newline-mismatch": _po('#, fuzzy\nmsgid "a"\nmsgstr "b\\n"\n'),
    "obsolete-newline-mismatch": _po('#~ msgid "a"\n#~ msgstr "b\\n"\n'),
    "untranslated-newline": _po('msgid "a\\n"\nmsgstr ""\n'),
    "both-end-with-newline": _po('msgid "a\\n"\nmsgstr "b\\n"\n'),
    "plural-conditional": _po(ENTRY, "nplurals=2; plural=n ? 1 : 0;"),
    "plural-spaces": _po(ENTRY, "nplurals = 2 ; plural = n != 1 ;"),
    "plural-leading-zero": _po(ENTRY, "nplurals=02; plural=n!=1;"),
    "plural-huge-number": _po(ENTRY, "nplurals=2; plural=n >= 999999999999999999999;"),
    "plural-wraps-around": _po(ENTRY, "nplurals=2; plural=1-n+n;"),
    "plural-russian": _po(
        ENTRY,
        "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2;",
    ),
    "plural-no-semicolon": _po(ENTRY, "nplurals=2; plural=n>1"),
    "only-nplurals": _po(ENTRY, "nplurals=2;"),
    "header-without-charset": 'msgid ""\nmsgstr "Language: fr\\n"\n\n' + ENTRY,
}

# Accepted by msgfmt, refused by hexaglot on purpose (why).
POLICY: dict[str, tuple[str, str]] = {
    "plural-entry": (
        _po(
            'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "c"\n',
            "nplurals=2; plural=(n > 1);",
        ),
        "a paper's blocks are never plural; merging and checks assume one msgstr",
    ),
    "escape-not-utf8": (
        _po('msgid "a"\nmsgstr "caf\\351"\n'),
        "hex and octal escapes must make UTF-8 text, like the rest of the file",
    ),
    "declared-latin1": (
        _po(ENTRY).replace("charset=UTF-8", "charset=ISO-8859-1"),
        "catalogues are UTF-8: nothing is guessed or converted",
    ),
}


def _msgfmt_accepts(path: Path) -> tuple[bool, str]:
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    return result.returncode == 0, result.stderr


def _hexaglot_accepts(path: Path) -> tuple[bool, str]:
    try:
        pofile.read(path)
    except InputError as exc:
        return False, str(exc)
    return True, ""


@pytest.mark.parametrize("name", [*REJECTED, *ACCEPTED])
def test_verdict_agrees_with_msgfmt(name: str, tmp_path: Path) -> None:
    """Each catalogue of the corpus: hexaglot accepts it exactly when msgfmt --check does."""
    text = REJECTED.get(name, ACCEPTED.get(name))
    assert text is not None
    path = tmp_path / "fr.po"
    path.write_bytes(text.encode("utf-8"))
    gnu, gnu_says = _msgfmt_accepts(path)
    ours, we_say = _hexaglot_accepts(path)
    assert gnu == (name in ACCEPTED), gnu_says  # the corpus is what it claims to be
    assert ours == gnu, f"msgfmt: {gnu_says!r}; hexaglot: {we_say!r}"
    if not ours:
        line = int(we_say.split(":")[1]) if we_say.count(":") >= 2 else 0
        assert line >= 1, we_say  # every refusal names a line


@pytest.mark.parametrize("name", list(POLICY))
def test_stricter_than_msgfmt_on_purpose(name: str, tmp_path: Path) -> None:
    """Where msgfmt accepts and hexaglot refuses, it is one of the documented decisions."""
    text, _why = POLICY[name]
    path = tmp_path / "fr.po"
    path.write_bytes(text.encode("latin-1" if "ISO-8859-1" in text else "utf-8"))
    assert _msgfmt_accepts(path)[0]
    assert not _hexaglot_accepts(path)[0]


def test_accepted_catalogues_read_back_byte_for_byte(tmp_path: Path) -> None:
    """What hexaglot accepts it writes back unchanged, whatever its layout."""
    for name, text in ACCEPTED.items():
        path = tmp_path / f"{name}.po"
        path.write_bytes(text.encode("utf-8"))
        assert pofile.dump(pofile.read(path)) == text.encode("utf-8"), name


# The seeded campaign: real catalogues, damaged as careless hands and tools do.

_ESCAPES = "qn?t'0\\\"e "  # no "x": \x with hex letters after it may make non-UTF-8 bytes


def _mutate(rng: random.Random, lines: list[str]) -> list[str]:
    lines = list(lines)
    i = rng.randrange(len(lines))
    op = rng.choice(
        (
            *("delete", "duplicate", "swap", "quote", "end-quote", "escape", "keyword"),
            *("entry", "plural", "obsolete", "blank", "comment"),
        )
    )
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "swap" and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif op == "quote":
        lines[i] = lines[i].replace('"', "", 1)
    elif op == "end-quote" and lines[i].endswith('"'):
        lines[i] = lines[i][:-1]
    elif op == "escape" and '"' in lines[i]:
        at = rng.randint(lines[i].index('"') + 1, len(lines[i]))
        lines[i] = lines[i][:at] + "\\" + rng.choice(_ESCAPES) + lines[i][at:]
    elif op == "keyword":
        for old, new in [("msgstr", "msgid"), ("msgid", "msgstr"), ("msgctxt", "msgid")]:
            if lines[i].startswith(old + " "):
                lines[i] = new + lines[i][len(old) :]
                break
    elif op == "entry":
        start, end = i, i
        while start > 0 and lines[start - 1]:
            start -= 1
        while end < len(lines) and lines[end]:
            end += 1
        lines[end:end] = ["", *lines[start:end]]
    elif op == "plural":
        lines[i] = lines[i].replace("msgstr ", "msgstr[0] ", 1)
    elif op == "obsolete":
        lines[i] = "#~ " + lines[i]
    elif op == "blank":
        lines.insert(i, "")
    else:
        lines.insert(i, "# note")
    return lines


@pytest.mark.parametrize("lang", ["fr", "zh"])
def test_mutated_catalogues_agree_with_msgfmt(lang: str, repo: Path, tmp_path: Path) -> None:
    """300 damaged copies of a shipped catalogue: the same verdict as msgfmt for each."""
    base = (repo / "translations" / lang / f"{STEM}.po").read_text("utf-8").split("\n")
    rng = random.Random(f"hexaglot-{lang}")
    path = tmp_path / "mutant.po"
    verdicts = {True: 0, False: 0}
    for case in range(300):
        lines = base
        for _ in range(rng.randint(1, 3)):
            lines = _mutate(rng, lines)
        path.write_text("\n".join(lines), encoding="utf-8")
        gnu, gnu_says = _msgfmt_accepts(path)
        ours, we_say = _hexaglot_accepts(path)
        assert ours == gnu, f"case {case}: msgfmt {gnu_says!r}; hexaglot {we_say!r}"
        verdicts[ours] += 1
    assert min(verdicts.values()) > 50  # both verdicts are well represented


# The four commands, on the faults the issue found in real use.


def _damage(project: Path, kind: str) -> int:
    """Damage the fr catalogue as ``kind`` says; return the line hexaglot must name."""
    path = project / PO
    lines = path.read_text("utf-8").split("\n")
    organ = lines.index('msgctxt "paper-title"')
    para_2 = lines.index('msgctxt "para_2"')
    if kind == "no-opening-quote":  # what update once saved as "nformations, fondées…"
        lines[organ + 2] = lines[organ + 2].replace('msgstr "', "msgstr ", 1)
        line = organ + 3
    elif kind == "duplicate-entry":
        entry = lines[organ - 2 : organ + 3]
        at = lines.index('msgctxt "sec_background"') - 2
        lines[at:at] = [*entry, ""]
        line = at + 4  # the msgid of the second copy
    elif kind == "missing-msgid":  # the fr edition printed paragraph 2 as paragraph 3
        del lines[para_2 + 1]
        line = para_2 + 2
    else:  # an invalid escape
        lines[organ + 2] = lines[organ + 2].replace("Informations", "Inf\\ormations", 1)
        line = organ + 3
    path.write_text("\n".join(lines), encoding="utf-8")
    return line


DAMAGES = ["no-opening-quote", "duplicate-entry", "missing-msgid", "invalid-escape"]


@pytest.mark.parametrize("kind", DAMAGES)
def test_every_command_refuses_what_msgfmt_rejects(kind: str, project: Path, run: Runner) -> None:
    """validate and check report [syntax] at file:line; update and build stop and write nothing."""
    line = _damage(project, kind)
    assert not _msgfmt_accepts(project / PO)[0]
    for command in ("validate", "check"):
        result = run(command, "--format", "json", cwd=project)
        assert result.code == 1, result
        found = [f for f in json.loads(result.out)["findings"] if f["path"] == str(PO)]
        assert [(f["rule"], f["line"]) for f in found] == [("syntax", line)], found
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    for args in (("update", "-l", "fr"), ("build", "-l", "fr", "-f", "html"), ("stats",)):
        result = run(*args, cwd=project)
        assert result.code == 1, (args, result)
        [message] = result.err.strip().splitlines()
        assert message.startswith(f"hexaglot: error: {PO}:{line}: "), message
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_update_never_writes_what_it_cannot_read(project: Path, run: Runner, repo: Path) -> None:
    """Damaged catalogues that msgfmt rejects: update refuses each, and every byte stays."""
    base = (project / PO).read_text("utf-8").split("\n")
    rng = random.Random("update-refuses")
    refused = 0
    while refused < 25:
        text = "\n".join(_mutate(rng, base))
        (project / PO).write_text(text, encoding="utf-8")
        if _msgfmt_accepts(project / PO)[0]:
            continue
        result = run("update", "-l", "fr", cwd=project)
        assert result.code == 1, result
        assert (project / PO).read_text("utf-8") == text
        refused += 1
