"""Fuzzing the command line: broken papers and catalogues give exit 0, 1 or 2, never a traceback.

Hypothesis mutates a small project (minimal.xml, its template, a French and a
Spanish catalogue, a French XLIFF export): byte flips, truncation, random
tags, entities and quotes, deleted lines, duplicated entries, hostile
msgstrs, random Unicode. Every command then runs in this process, through
Click as for a user. Whatever the input, the only way out is a clean exit
with 0, 1 or 2, and an exit 1 or 2 comes with one line ``hexaglot: error: …``
(validate, check and xliff import may instead print findings on stdout).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from conftest import run_hexaglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hexaglot.catalogs import pofile as catalogs

#: Inputs tried with HTML builds, and with PDF builds (slower: a handful).
EXAMPLES = 500
PDF_EXAMPLES = 8
FILES = (
    "source/minimal.xml",
    "translations/templates/minimal.pot",
    "translations/fr/minimal.po",
    "translations/es/minimal.po",
    "fr.xlf",
)
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("validate",),
    ("extract",),
    ("update", "-l", "fr", "-l", "es"),
    ("check",),
    ("stats",),
    ("xliff", "export", "minimal", "-l", "es", "-o", "es.xlf"),
    ("xliff", "import", "fr.xlf"),
    ("build", "-f", "html", "-j", "1"),
)
PDF_BUILD = ("build", "-l", "fr", "-l", "en", "-f", "html", "-f", "pdf", "-j", "1")

TOKENS = [
    "<", ">", "&", "&amp;", "&lt;script&gt;", "&#0;", "&#x110000;", "&#60;", "&nbsp;", "&xxe;",
    '"', "'", '\\"', "\\", "\\n", "\\q", "<em>", "</em>", "<script>alert(1)</script>",
    "<!--", "-->", "<![CDATA[", "]]>", "<?pi x?>", "<!DOCTYPE x>", "<!ENTITY a 'b'>",
    '<ref to="para_4"/>', '<ref to="nowhere"/>', '<note id="fn_1"/>', "<symbol>X/1</symbol>",
    "<list><item>x</item></list>", "</para>", "</paper>", "javascript:", "url(file:///etc/passwd)",
    "msgid ", "msgstr ", "msgctxt ", 'msgstr[0] ""', 'msgid_plural "x"', "#, fuzzy", "#~ ",
    "#| msgid ", '"Content-Type: text/plain; charset=ISO-8859-1\\n"',
    '"Plural-Forms: nplurals=x; plural=((;\\n"', '"Language: xx_YY\\n"', '"Language: \\n"',
    "\ufeff", "\u202e", "\u2028", "\x85", "\x0c", "\r", "\r\n", "\t",
]  # fmt: skip
TAGS = ["em", "symbol", "ref", "note", "para", "item", "list", "script", "a", "img", "b", "m"]
ATTRIBUTES = ["to", "id", "n", "href", "onclick", "style", "xml:lang", "xmlns", "numbered"]

_index = st.integers(min_value=0, max_value=1_000_000)
_unicode = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=8)
_tag = st.builds(
    lambda name, attr, value, close: f'<{name} {attr}="{value}"{"/" if close else ""}>',
    st.sampled_from(TAGS),
    st.sampled_from(ATTRIBUTES),
    st.text(max_size=6),
    st.booleans(),
)
_payload = st.one_of(st.sampled_from(TOKENS), _tag, _unicode)
MUTATION = st.one_of(
    st.tuples(st.just("flip"), _index, st.integers(0, 7)),
    st.tuples(st.just("truncate"), _index),
    st.tuples(st.just("insert"), _index, _payload),
    st.tuples(st.just("insert-in-text"), _index, _payload),
    st.tuples(st.just("delete-line"), _index),
    st.tuples(st.just("duplicate-lines"), _index, st.integers(1, 8)),
    st.tuples(st.just("duplicate-entry"), _index),
    st.tuples(st.just("replace-string"), _index, _payload),
    st.tuples(st.just("replace-attribute"), _index, _payload),
)
# For PDF builds: entries of the French catalogue rewritten, so that most inputs build.
MILD = st.lists(
    st.tuples(
        st.just("translations/fr/minimal.po"),
        st.lists(
            st.tuples(st.sampled_from(["replace-string", "insert-in-text"]), _index, _payload),
            min_size=1,
            max_size=3,
        ),
    ),
    min_size=1,
    max_size=1,
)
CASE = st.lists(
    st.tuples(st.sampled_from(FILES), st.lists(MUTATION, min_size=1, max_size=4)),
    min_size=1,
    max_size=2,
)


def _mutate(data: bytes, mutation: tuple) -> bytes:
    """Apply one mutation; positions are taken modulo what the file offers."""
    kind, at, *rest = mutation
    if kind == "flip":
        if not data:
            return b"\x80"
        i = at % len(data)
        return data[:i] + bytes([data[i] ^ (1 << rest[0])]) + data[i + 1 :]
    if kind == "truncate":
        return data[: at % (len(data) + 1)]
    if kind == "insert":
        i = at % (len(data) + 1)
        return data[:i] + rest[0].encode("utf-8") + data[i:]
    if kind == "insert-in-text":  # after a ">" or inside a quoted string: deeper than syntax
        spots = [m.end() for m in re.finditer(rb'>|msgstr "', data)] or [0]
        i = spots[at % len(spots)]
        return data[:i] + rest[0].encode("utf-8") + data[i:]
    lines = data.split(b"\n")
    if kind == "delete-line":
        del lines[at % len(lines)]
        return b"\n".join(lines)
    if kind == "duplicate-lines":
        i = at % len(lines)
        lines[i:i] = lines[i : i + rest[0]]
        return b"\n".join(lines)
    if kind == "duplicate-entry":  # a PO entry (or an XML paragraph block) twice
        blocks = data.split(b"\n\n")
        i = at % len(blocks)
        blocks[i:i] = [blocks[i]]
        return b"\n\n".join(blocks)
    if kind == "replace-string":  # a whole msgstr (or element text), keeping the syntax valid
        quoted = '"' + rest[0].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        spots = list(re.finditer(rb'(?m)^msgstr ".*"$|>[^<>]+<', data))
        if not spots:
            return data
        m = spots[at % len(spots)]
        if m.group(0).startswith(b">"):
            new = b">" + rest[0].encode("utf-8") + b"<"
        else:
            new = b"msgstr " + quoted.encode("utf-8")
        return data[: m.start()] + new + data[m.end() :]
    # replace-attribute
    spots = list(re.finditer(rb'="[^"]*"', data))
    if not spots:
        return data
    m = spots[at % len(spots)]
    return data[: m.start()] + b'="' + rest[0].encode("utf-8") + b'"' + data[m.end() :]


def _cli(root: Path, args: tuple[str, ...]) -> tuple[int, str, str]:
    """hexaglot in this process: exit code, stdout, stderr. Only a clean exit may end it."""
    result = run_hexaglot("-C", root, *args, cwd=root)
    return result.code, result.out, result.err


def _check_outcome(args: tuple[str, ...], code: int, out: str, err: str) -> None:
    what = (args, code, out[-2000:], err[-2000:])
    assert code in (0, 1, 2), what
    assert "Traceback" not in err, what
    lines = [line for line in err.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("hexaglot: error: ")]
    if code == 0:
        assert not errors, what
        return
    command = args[0]
    if command in ("validate", "check") and not errors:
        assert out.strip(), what  # findings, on stdout
        assert all(re.fullmatch(r"\d+ error\(s\), \d+ warning\(s\)", x) for x in lines), what
        return
    if args[:2] == ("xliff", "import") and not errors:  # an imported translation failed a check
        assert out.strip(), what
        assert len(lines) == 1 and re.match(r"\d+ error\(s\), \d+ warning\(s\); ", lines[0]), what
        return
    assert len(errors) == 1, what
    others = [line for line in lines if line not in errors]
    if command == "build":  # refused entries are warned about before a later failure
        assert all(line.startswith("warning: ") for line in others), what
    elif command == "check":
        assert all(re.fullmatch(r"\d+ error\(s\), \d+ warning\(s\)", x) for x in others), what
    else:
        assert not others, what


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> Path:
    """minimal.xml with its template and a translated French and Spanish catalogue."""
    root = tmp_path_factory.mktemp("fuzz-base")
    (root / "source").mkdir()
    shutil.copy(repo / "tests" / "papers" / "minimal.xml", root / "source" / "minimal.xml")
    assert _cli(root, ("extract",))[0] == 0
    assert _cli(root, ("update", "-l", "fr", "-l", "es"))[0] == 0
    for lang, word in (("fr", "Le"), ("es", "El")):
        path = root / "translations" / lang / "minimal.po"
        catalog = catalogs.read(path)
        for msg in catalog:
            if msg.id:
                msg.string = msg.id.replace("The", word).replace("paragraph", "párrafo")
        path.write_bytes(catalogs.dump(catalog))
    code, out, err = _cli(root, ("validate",))
    assert code == 0, (out, err)
    assert _cli(root, ("xliff", "export", "minimal", "-l", "fr", "-o", "fr.xlf"))[0] == 0
    return root


def _fuzz(base: Path, case: list, commands: tuple[tuple[str, ...], ...], tally: Counter) -> None:
    with tempfile.TemporaryDirectory(dir=base.parent) as tmp:
        root = Path(tmp) / "p"
        shutil.copytree(base, root)
        for name, mutations in case:
            path = root / name
            data = path.read_bytes()
            for mutation in mutations:
                data = _mutate(data, mutation)
            path.write_bytes(data)
        rejected = False
        for args in commands:
            code, out, err = _cli(root, args)
            _check_outcome(args, code, out, err)
            tally[f"{args[0]}:{code}"] += 1
            rejected |= code == 1
        tally["tried"] += 1
        tally["rejected"] += rejected


def test_fuzz_commands(base: Path, record_property: pytest.RecordProperty) -> None:
    """validate, extract, update, check, stats and an HTML build on mutated inputs."""
    tally: Counter = Counter()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(case=CASE)
    def run(case: list) -> None:
        _fuzz(base, case, COMMANDS, tally)

    run()
    codes = ", ".join(f"{k} x{v}" for k, v in sorted(tally.items()) if ":" in k)
    print(f"\nfuzz: tried {tally['tried']} inputs, {tally['rejected']} rejected with exit 1")
    print(f"fuzz: exit codes by command: {codes}")
    record_property("fuzz_inputs", tally["tried"])
    record_property("fuzz_rejected", tally["rejected"])
    assert tally["tried"] >= EXAMPLES
    assert 0 < tally["rejected"] < tally["tried"]  # the mutations reach both outcomes


def test_fuzz_pdf_build(base: Path, record_property: pytest.RecordProperty) -> None:
    """A handful of mutated inputs built to PDF too (WeasyPrint runs in this process)."""
    tally: Counter = Counter()

    @settings(
        max_examples=PDF_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(case=MILD)
    def run(case: list) -> None:
        _fuzz(base, case, (("check",), PDF_BUILD), tally)

    run()
    print(f"\nfuzz: tried {tally['tried']} inputs with PDF builds, {tally['rejected']} rejected")
    record_property("fuzz_pdf_inputs", tally["tried"])
    assert tally["tried"] >= PDF_EXAMPLES
    assert tally["build:0"] > 0  # some PDFs were rendered
