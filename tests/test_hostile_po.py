"""Catalogues that try to put markup, scripts or URLs into an edition are caught and defused.

A catalogue comes from a translator, who may be careless or hostile. Whatever a
msgstr holds, an edition must show it as text or not at all: never a script,
an event handler, a link or a style of its own. The entry falls back to the
source text (so the edition becomes a draft), and ``check`` and ``validate``
name the file, the line and the rule, so that CI stops the catalogue.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import lxml.html
import pytest

from hexaglot.catalogs import markup
from hexaglot.catalogs import pofile as catalogs

if TYPE_CHECKING:
    from conftest import Runner

STEM = "UNEP-DTIE-Hg-OEWG.2-10"
PO = Path("translations") / "fr" / f"{STEM}.po"

# (case, msgctxt, msgstr, rule): blocks without placeholders take the markup
# cases; para_4 (with <ref/>s) and para_31 (a <symbol>) the placeholder ones.
HOSTILE: list[tuple[str, str, str, str]] = [
    ("script", "para_1", 'Texte <script>alert("x1")</script> fin.', "markup"),
    ("event-attribute", "para_2", 'Texte <em onclick="x()">cliquez</em> fin.', "markup"),
    ("javascript-text", "para_3", "Voir javascript:alert(2) fin.", "markup"),
    ("javascript-link", "para_5", '<a href="javascript:alert(3)">lien</a>', "markup"),
    ("raw-bold", "para_6", "Texte <b>gras</b> fin.", "markup"),
    ("raw-link", "para_7", 'Texte <a href="https://example.org/x">lien</a> fin.', "markup"),
    (
        "css-attribute",
        "para_8",
        '<em style="background:url(http://127.0.0.1:9/x)">a</em>',
        "markup",
    ),
    ("css-text", "para_9", "Texte background: url(http://127.0.0.1:9/y) fin.", "markup"),
    ("escaped-script", "para_10", "Texte &lt;script&gt;alert(4)&lt;/script&gt; fin.", "markup"),
    ("image", "para_11", 'Texte <img src="file:///etc/passwd"/> fin.', "markup"),
    ("cdata", "para_12", "<![CDATA[<script>alert(5)</script>]]>", "markup"),
    ("comment", "para_13", "Texte <!-- alert(6) --> fin.", "markup"),
    (
        "namespaced-em",
        "para_16",
        '<em xmlns="http://www.w3.org/1999/xhtml">alert(7)</em>',
        "markup",
    ),
    ("unclosed", "para_17", "Texte <em>non fermé alert(8)", "markup"),
    ("numeric-entity", "para_18", "Texte &#60;script&#62;alert(9)&#60;/script&#62;", "markup"),
    ("undefined-entity", "para_19", "Texte &nbsp; alert(10) &xxe;", "markup"),
]
# msgstr = the msgid with ``old`` replaced by ``new``.
PLACEHOLDERS: list[tuple[str, str, str, str]] = [
    ("ref-target", "para_4", '<ref to="para_5"/>', '<ref to="javascript:alert(11)"/>'),
    ("symbol-value", "para_31", "UNEP/GC/24/3/Add.1", "file:///etc/passwd"),
]
MARKERS = ("alert(", "passwd", "onclick", "example.org", "127.0.0.1", "javascript")


def _inject(project: Path) -> dict[str, str]:
    """Write every hostile msgstr into the fr catalogue; return case -> msgctxt."""
    path = project / PO
    catalog = catalogs.read(path)
    by_context = {m.context: m for m in catalog if m.id}
    cases = {}
    for case, context, string, _rule in HOSTILE:
        assert "<" not in by_context[context].id, context  # a block without placeholders
        by_context[context].string = string
        cases[case] = context
    for case, context, old, new in PLACEHOLDERS:
        msg = by_context[context]
        assert old in msg.id, (context, msg.id)
        msg.string = msg.id.replace(old, new)
        cases[case] = context
    path.write_bytes(catalogs.dump(catalog))
    return cases


def _entry_lines(text: str, context: str) -> range:
    """The lines (1-based) of the entry whose msgctxt is ``context``, found independently."""
    lines = text.splitlines()
    start = lines.index(f'msgctxt "{context}"') + 1
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    return range(start, end + 1)


def _rules() -> dict[str, str]:
    rules = {case: rule for case, _c, _s, rule in HOSTILE}
    rules.update((case, "placeholders") for case, *_rest in PLACEHOLDERS)
    return rules


@pytest.fixture
def hostile(project: Path) -> tuple[Path, dict[str, str]]:
    """The project copy with every hostile msgstr in its French catalogue."""
    return project, _inject(project)


@pytest.mark.parametrize("command", ["check", "validate"])
def test_each_hostile_msgstr_is_an_error(
    command: str, hostile: tuple[Path, dict[str, str]], run: Runner
) -> None:
    """Every hostile entry is an error at its own line, with the rule that explains it."""
    project, cases = hostile
    args = [command, "--format", "json"] + (["-l", "fr"] if command == "check" else [])
    result = run(*args, cwd=project)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    found = json.loads(result.out)["findings"]
    text = (project / PO).read_text("utf-8")
    rules = _rules()
    for case, context in cases.items():
        span = _entry_lines(text, context)
        hits = [f for f in found if f["path"] == str(PO) and f["line"] in span]
        assert any(f["rule"] == rules[case] and f["severity"] == "error" for f in hits), (
            case,
            hits,
        )


def test_check_text_names_file_line_and_rule(
    hostile: tuple[Path, dict[str, str]], run: Runner
) -> None:
    """The plain-text report carries path:line and [rule] on one line per finding."""
    project, cases = hostile
    result = run("check", "-l", "fr", cwd=project)
    assert result.code == 1, result
    text = (project / PO).read_text("utf-8")
    rules = _rules()
    lines = result.out.splitlines()
    for case, context in cases.items():
        span = _entry_lines(text, context)
        pattern = re.compile(rf"^{re.escape(str(PO))}:(\d+): error: .*\[{rules[case]}\]$")
        assert any((m := pattern.match(line)) and int(m.group(1)) in span for line in lines), case


def _block_text(page: lxml.html.HtmlElement, block_id: str) -> str:
    """The words of one block as a reader sees them, without its number."""
    [el] = page.xpath("//*[@id=$id]", id=block_id)
    el = lxml.html.fromstring(lxml.html.tostring(el))
    for num in el.xpath(".//span[@class='num']"):
        num.drop_tree()
    return " ".join(el.text_content().split())


def test_hostile_msgstrs_never_reach_the_edition(
    hostile: tuple[Path, dict[str, str]], run: Runner
) -> None:
    """The built page has no script, handler, link or style from the catalogue; the blocks
    show the source text and the edition is a draft."""
    project, cases = hostile
    result = run("build", "-l", "fr", "-l", "en", "-f", "html", "-j", "1", cwd=project)
    assert result.code == 0, result
    assert re.search(r"fr\.html \(draft, \d+% translated\)", result.out), result.out
    source = (project / "build" / STEM / "fr.html").read_text("utf-8")
    for marker in MARKERS:
        assert marker not in source.lower(), marker
    assert "<script" not in source.lower()

    page = lxml.html.fromstring(source)
    tags = {el.tag for el in page.iter() if isinstance(el.tag, str)}
    assert not tags & {"script", "img", "b", "iframe", "object", "embed", "link", "svg"}
    assert len(page.xpath("//style")) == 1  # the edition's own, in <head>
    for el in page.iter():
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            assert name != "style", el.tag
            assert not re.search(r"javascript:|url\(|file:|data:", value, re.I), (name, value)
        if el.tag == "a":
            href = el.get("href", "")
            assert href.startswith("#") or re.fullmatch(r"[a-z]{2}\.html", href), href

    english = lxml.html.fromstring((project / "build" / STEM / "en.html").read_bytes())
    for case, context in cases.items():
        assert _block_text(page, context) == _block_text(english, context), case
    assert "draft" in page.body.get("class", "").split()
    assert page.xpath("//p[@class='draft-banner']")


def test_build_reports_each_refused_entry(
    hostile: tuple[Path, dict[str, str]], run: Runner
) -> None:
    """The build warns once per refused entry, naming where it stands in the paper."""
    project, cases = hostile
    result = run("build", "-l", "fr", "-f", "html", "-j", "1", cwd=project)
    assert result.code == 0, result
    warnings = [line for line in result.err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == len(cases), result.err
    assert all(f"{STEM} fr: " in line for line in warnings)


def test_official_build_refuses_a_hostile_catalogue(
    hostile: tuple[Path, dict[str, str]], run: Runner
) -> None:
    """--official will not issue an edition with a refused entry, and writes nothing."""
    project, _cases = hostile
    result = run("build", "--official", "-l", "fr", "-f", "html", cwd=project)
    assert result.code == 1, result
    [line] = result.err.strip().splitlines()
    assert line.startswith("hexaglot: error: ")
    assert str(PO) in line
    assert not (project / "build" / STEM / "fr.html").exists()


# Syntax ---------------------------------------------------------------------

SYNTAX: dict[str, tuple[str, str]] = {
    # name: (replacement for the msgstr of subsection B's heading, what the message says)
    "unterminated-string": ('msgstr "Convention de Bâle', "not closed"),
    "unknown-keyword": ('msgstring "Convention de Bâle"', "keyword"),
    "stray-line": ('msgstr "Convention de Bâle"\nthis is not a PO line', "keyword"),
    "missing-msgstr": ("", "missing msgstr"),
}
SESSION_MSGSTR = 'msgstr "Convention de Bâle"'


def _break(project: Path, replacement: str) -> int:
    """Put a syntax error where subsection B's heading msgstr is; return its line."""
    path = project / PO
    text = path.read_text("utf-8")
    line = text[: text.index(SESSION_MSGSTR)].count("\n") + 1
    path.write_text(text.replace(SESSION_MSGSTR + "\n", replacement + "\n" if replacement else ""))
    return line


@pytest.mark.parametrize("name", sorted(SYNTAX))
@pytest.mark.parametrize("command", ["check", "validate"])
def test_syntax_error_is_a_finding(name: str, command: str, project: Path, run: Runner) -> None:
    """A PO syntax error is one [syntax] finding naming the file and a line at the fault."""
    line = _break(project, SYNTAX[name][0])
    result = run(command, "--format", "json", cwd=project)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    found = [f for f in json.loads(result.out)["findings"] if f["path"] == str(PO)]
    assert [f["rule"] for f in found] == ["syntax"], found
    assert found[0]["severity"] == "error"
    assert line - 1 <= found[0]["line"] <= line + 1, (found, line)
    assert SYNTAX[name][1] in found[0]["message"]


@pytest.mark.parametrize("name", sorted(SYNTAX))
@pytest.mark.parametrize("command", ["update", "stats", "build"])
def test_syntax_error_stops_other_commands(
    name: str, command: str, project: Path, run: Runner
) -> None:
    """update, stats and build stop with one line naming file:line, and write nothing."""
    line = _break(project, SYNTAX[name][0])
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    args = [command, "-l", "fr"] + (["-f", "html"] if command == "build" else [])
    result = run(*args, cwd=project)
    assert result.code == 1, result
    [message] = result.err.strip().splitlines()
    found = re.fullmatch(rf"hexaglot: error: {re.escape(str(PO))}:(\d+): .+", message)
    assert found, message
    assert line - 1 <= int(found.group(1)) <= line + 1
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert after == before


# Charset --------------------------------------------------------------------
# Decision: catalogues must be UTF-8, in their bytes and in their header.
# Anything else is refused with the line at fault; nothing is guessed or
# converted, because Babel would write the file back in the declared charset.


def _latin1_bytes(project: Path) -> int:
    """Re-encode the fr catalogue in Latin-1 but keep charset=utf-8; return the first bad line."""
    path = project / PO
    text = path.read_text("utf-8")
    data = text.encode("latin-1", errors="replace")
    path.write_bytes(data)
    first = next(i for i, ch in enumerate(text) if 0x80 <= ord(ch) <= 0xFF)
    return text[:first].count("\n") + 1


def _declared_latin1(project: Path) -> int:
    """A correct Latin-1 file that says so in its header; return the Content-Type line."""
    path = project / PO
    text = path.read_text("utf-8").replace("charset=utf-8", "charset=ISO-8859-1")
    path.write_bytes(text.encode("latin-1", errors="replace"))
    return next(i for i, row in enumerate(text.splitlines(), 1) if "Content-Type:" in row)


CHARSETS = {"latin1-bytes-declared-utf8": _latin1_bytes, "declared-iso-8859-1": _declared_latin1}


@pytest.mark.parametrize("case", sorted(CHARSETS))
def test_wrong_charset_is_refused_clearly(case: str, project: Path, run: Runner) -> None:
    """check/validate report [syntax] at the line at fault; the other commands stop and
    change nothing; no mojibake reaches an edition."""
    line = CHARSETS[case](project)
    for command in ("check", "validate"):
        result = run(command, "--format", "json", cwd=project)
        assert result.code == 1, result
        found = [f for f in json.loads(result.out)["findings"] if f["path"] == str(PO)]
        assert [(f["rule"], f["line"]) for f in found] == [("syntax", line)], found
        assert "UTF-8" in found[0]["message"]
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    for args in (("update", "-l", "fr"), ("stats", "-l", "fr"), ("build", "-l", "fr")):
        result = run(*args, cwd=project)
        assert result.code == 1, (args, result)
        assert result.err.strip() == result.err.strip().splitlines()[0]
        assert result.err.startswith(f"hexaglot: error: {PO}:{line}: ")
        assert "UTF-8" in result.err
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert after == before


def test_plural_entries_are_refused(project: Path, run: Runner) -> None:
    """A msgid_plural (which no paper produces) is a [syntax] error, not a crash in update."""
    path = project / PO
    entry = 'msgctxt "x"\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "un"\nmsgstr[1] "des"\n'
    text = path.read_text("utf-8")
    line = text.count("\n") + 3
    path.write_text(text + "\n" + entry)
    result = run("check", "--format", "json", "-l", "fr", cwd=project)
    assert result.code == 1, result
    found = [f for f in json.loads(result.out)["findings"] if f["path"] == str(PO)]
    assert [(f["rule"], f["line"]) for f in found] == [("syntax", line)]
    result = run("update", "-l", "fr", cwd=project)
    assert result.code == 1, result
    assert result.err.startswith(f"hexaglot: error: {PO}:{line}: plural")


def test_suspicious_text_is_judged_against_the_source() -> None:
    """A "<" or "url(" that the source has too is ordinary text; one the source lacks is not."""
    source = markup.load("concentrations &lt; 5 mg, see url (annex)")
    same = markup.load("concentrations &lt; 5 mg, voir url (annexe)")
    assert markup.suspicious(source, same) is None
    assert markup.suspicious(source, markup.load("voir javascript:alert(1)")) == "javascript:"
    assert markup.suspicious(markup.load("a"), markup.load("<em>url (x)</em>")) == "url ("
    assert markup.suspicious(markup.load("a"), markup.load("&gt; DATA:TEXT/HTML")) == ">"
