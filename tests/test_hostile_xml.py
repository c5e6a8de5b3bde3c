"""Papers that try to reach outside themselves or exhaust the machine are refused.

Papers come from many hands; whatever a file declares, hexaglot must not read
other files, expand entities without bound, or load megabytes it was not
meant to. Each case must fail fast with exit 1 and one clear line.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hexaglot.catalogs import markup

if TYPE_CHECKING:
    from conftest import Runner

PASSWD = Path("/etc/passwd")
MINIMAL = Path(__file__).parent / "papers" / "minimal.xml"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def _secret() -> str:
    """A line of /etc/passwd that must never show up in any output."""
    if not PASSWD.exists():
        pytest.skip("no /etc/passwd on this system")
    return PASSWD.read_text().splitlines()[0]


def _paper(prolog: str = "", in_para: str = "", encoding: str = "UTF-8") -> str:
    """minimal.xml with ``prolog`` after the declaration and ``in_para`` inside paragraph 1."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace(DECLARATION, f'<?xml version="1.0" encoding="{encoding}"?>\n{prolog}')
    return text.replace(
        "The first paragraph of the background.",
        f"The first paragraph of the background.{in_para}",
    )


def _bomb_prolog(levels: int = 10) -> str:
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    return "<!DOCTYPE paper [\n" + "\n".join(entities) + "\n]>"


XXE = '<!DOCTYPE paper [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
PARAMETER = '<!DOCTYPE paper [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>'
EXTERNAL_DTD = '<!DOCTYPE paper SYSTEM "file:///etc/passwd">'
NETWORK_DTD = '<!DOCTYPE paper SYSTEM "http://127.0.0.1:9/paper.dtd">'
XINCLUDE = (
    '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" '
    'parse="text"/>'
)


def _utf7(text: str) -> bytes:
    """UTF-7 that spells "!" as "+ACE-", so "<!DOCTYPE" never appears as bytes."""
    return text.replace("!", "+ACE-").replace("&", "+ACY-").replace("%", "+ACU-").encode("ascii")


CASES: dict[str, tuple[bytes, str]] = {
    # name: (file content, words the message must contain)
    "external-entity": (_paper(XXE, "&xxe;").encode(), "DOCTYPE"),
    "external-entity-utf16": (
        _paper(XXE, "&xxe;", encoding="UTF-16").encode("utf-16"),
        "DOCTYPE",
    ),
    "external-entity-utf7": (_utf7(_paper(XXE, "&xxe;", encoding="UTF-7")), "DOCTYPE"),
    "parameter-entity": (_paper(PARAMETER).encode(), "DOCTYPE"),
    "billion-laughs": (_paper(_bomb_prolog(), "&lol9;").encode(), "DOCTYPE"),
    "billion-laughs-utf16": (
        _paper(_bomb_prolog(), "&lol9;", encoding="UTF-16").encode("utf-16"),
        "DOCTYPE",
    ),
    "external-dtd": (_paper(EXTERNAL_DTD).encode(), "DOCTYPE"),
    "network-dtd": (_paper(NETWORK_DTD).encode(), "DOCTYPE"),
    "xinclude": (_paper(in_para=XINCLUDE).encode(), "XInclude"),
}


def _all_text(root: Path) -> str:
    """Every file under ``root`` as text, to search for leaked content."""
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in root.rglob("*") if p.is_file()
    )


@pytest.mark.parametrize("name", list(CASES))
def test_validate_refuses(name: str, tmp_path: Path, run: Runner) -> None:
    """validate: exit 1, one line naming file and danger, nothing of /etc/passwd, no traceback."""
    secret = _secret()
    content, words = CASES[name]
    paper = tmp_path / f"{name}.xml"
    paper.write_bytes(content)
    started = time.monotonic()
    result = run("validate", paper, cwd=tmp_path)
    assert time.monotonic() - started < 5
    assert result.code == 1, result
    assert "Traceback" not in result.err
    assert secret not in result.out + result.err
    lines = result.out.strip().splitlines()
    assert len(lines) == 1, result.out
    assert lines[0].startswith(f"{paper}:")
    assert words in lines[0]


@pytest.mark.parametrize("command", ["extract", "update", "renumber"])
@pytest.mark.parametrize("name", ["external-entity", "external-entity-utf16", "xinclude"])
def test_commands_refuse_without_leaking(
    name: str, command: str, project: Path, run: Runner
) -> None:
    """Commands that read a paper refuse it too, and nothing is written anywhere."""
    secret = _secret()
    paper = project / "source" / "hostile.xml"
    paper.write_bytes(CASES[name][0])
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = run(command, paper, cwd=project)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    assert secret not in result.out + result.err
    assert result.err.startswith(f"hexaglot: error: {paper}:")
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    assert secret not in _all_text(project)


def test_billion_laughs_is_refused_fast(tmp_path: Path, run: Runner) -> None:
    """An entity bomb is refused before expansion: well under 2 s, not after minutes."""
    for name in ("billion-laughs", "billion-laughs-utf16"):
        paper = tmp_path / f"{name}.xml"
        paper.write_bytes(CASES[name][0])
        started = time.monotonic()
        result = run("validate", paper, cwd=tmp_path)
        elapsed = time.monotonic() - started
        assert result.code == 1
        assert elapsed < 2, f"{name} took {elapsed:.2f} s"


def test_oversized_file_is_refused(tmp_path: Path, run: Runner) -> None:
    """A 20 MB paper is refused by size before it is read; the message states the limit."""
    paper = tmp_path / "huge.xml"
    text = _paper()
    padding = "<!-- " + "x" * (20 * 1024 * 1024) + " -->\n"
    paper.write_text(text.replace("<paper ", padding + "<paper ", 1), encoding="utf-8")
    assert paper.stat().st_size > 20 * 1000 * 1000
    for command in ("validate", "extract", "renumber"):
        started = time.monotonic()
        result = run(command, paper, cwd=tmp_path)
        assert time.monotonic() - started < 5
        assert result.code == 1, result
        assert "Traceback" not in result.err
        message = (result.out + result.err).strip()
        assert len(message.splitlines()) == 1
        assert str(paper) in message
        assert "16 MiB" in message


def test_just_under_the_limit_is_read(tmp_path: Path, run: Runner) -> None:
    """The limit is a size, not a guess: a valid paper padded to 15 MiB still validates."""
    paper = tmp_path / "large.xml"
    padding = ("<!-- " + "x" * 1000 + " -->\n") * (15 * 1024)  # libxml2 caps one node at 10 MB
    paper.write_text(_paper().replace("<paper ", padding + "<paper ", 1), encoding="utf-8")
    result = run("validate", paper, cwd=tmp_path)
    assert result.code == 0, result


@pytest.mark.parametrize(
    "msgstr",
    [
        "&xxe;",
        '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>',
        "<script>alert(1)</script>",
        '<em onclick="x()">text</em>',
        "<!-- hidden -->text",
        '<ref to="para_1">text</ref>',
    ],
)
def test_translator_markup_is_refused(msgstr: str) -> None:
    """A msgstr cannot smuggle entities, includes or markup of its own into an edition."""
    with pytest.raises(markup.MarkupError):
        markup.load(msgstr)
