"""Rendering fetches nothing: no file outside the toolkit, no network, whatever the input says.

An edition is self-contained (inline CSS, system fonts through fontconfig), so
WeasyPrint's url_fetcher is ``hexaglot.render.pdf.refuse``. These tests hand
WeasyPrint HTML full of references to /etc/passwd and to a local socket, and
build papers and catalogues that try to smuggle such references in: the
fetcher must be asked and refuse (or, for hexaglot's own editions, never be
asked at all), the socket must see no connection, and no byte of
/etc/passwd may reach a PDF.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from conftest import run_hexaglot

from hexaglot.base.errors import HexaglotError
from hexaglot.catalogs import pofile as catalogs
from hexaglot.render import pdf

PASSWD = Path("/etc/passwd")
STEM = "UNEP-DTIE-Hg-OEWG.2-10"


def _secrets() -> list[str]:
    """Lines of /etc/passwd (user:password:uid…) that must never show up in an output."""
    if not PASSWD.exists():
        pytest.skip("no /etc/passwd on this system")
    return [line for line in PASSWD.read_text().splitlines() if line.count(":") >= 3]


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A socket listening on 127.0.0.1 at a random port, to catch any connection."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(16)
        srv.setblocking(False)
        yield srv


def _url(srv: socket.socket, name: str) -> str:
    return f"http://127.0.0.1:{srv.getsockname()[1]}/{name}"


def _no_connection(srv: socket.socket) -> None:
    with pytest.raises(BlockingIOError):
        conn, _ = srv.accept()
        conn.close()


@pytest.fixture
def fetches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL WeasyPrint asks for, recorded by wrapping hexaglot.render.pdf.refuse."""
    calls: list[str] = []
    refuse = pdf.refuse

    def counting(url: str) -> NoReturn:
        calls.append(url)
        refuse(url)

    monkeypatch.setattr(pdf, "refuse", counting)
    return calls


FILE = "file:///etc/passwd"

# name: (HTML with {url} for the reference, whether it must be a network URL)
REFERENCES: dict[str, str] = {
    "img-src": '<img src="{url}" alt="x">',
    "css-background": "<style>body {{ background: url({url}) }}</style>",
    "css-content": '<style>p::before {{ content: url("{url}") }}</style>',
    "css-import": '<style>@import url("{url}");</style>',
    "font-face": (
        "<style>@font-face {{ font-family: Evil; src: url({url}) }}"
        " p {{ font-family: Evil, serif }}</style>"
    ),
    "link-stylesheet": '<link rel="stylesheet" href="{url}">',
    "svg-image": '<svg width="9" height="9"><image href="{url}" width="9" height="9"/></svg>',
}


def _page(reference: str) -> str:
    return f"<html><head>{reference}</head><body><p>Nothing to see.</p>{reference}</body></html>"


@pytest.mark.parametrize("target", ["file", "network"])
@pytest.mark.parametrize("kind", sorted(REFERENCES))
def test_render_refuses_every_reference(
    kind: str,
    target: str,
    fetches: list[str],
    listener: socket.socket,
    tmp_path: Path,
) -> None:
    """Each way HTML and CSS can load a resource reaches the fetcher, which refuses it."""
    url = FILE if target == "file" else _url(listener, f"{kind}.bin")
    data = pdf.render(_page(REFERENCES[kind].format(url=url)))
    assert data.startswith(b"%PDF-")
    assert url in fetches, fetches
    assert set(fetches) == {url}
    _no_connection(listener)
    text = _pdf_text(data, tmp_path)
    assert "Nothing to see." in text
    assert not any(secret in text for secret in _secrets())
    assert b"/EmbeddedFile" not in data


def test_render_refuses_relative_urls_under_a_base(
    fetches: list[str], listener: socket.socket, tmp_path: Path
) -> None:
    """<base href> cannot turn a relative src into a file the fetcher would read."""
    html = (
        '<html><head><base href="file:///etc/"></head><body><p>x</p>'
        '<img src="passwd"><link rel="attachment" href="passwd"></body></html>'
    )
    data = pdf.render(html)
    assert fetches and set(fetches) == {FILE}
    assert b"/EmbeddedFile" not in data
    assert not any(secret in _pdf_text(data, tmp_path) for secret in _secrets())
    _no_connection(listener)


def test_refuse_raises_a_hexaglot_error_for_any_scheme() -> None:
    """Called directly, the fetcher refuses every scheme, data: URLs included."""
    fetcher = pdf.fetcher()
    for url in (FILE, "http://127.0.0.1:9/x", "https://example.org/", "data:text/plain,hi"):
        with pytest.raises(HexaglotError, match="may not load external resources"):
            fetcher(url)
        with pytest.raises(HexaglotError):
            pdf.refuse(url)


# Through `hexaglot build` ----------------------------------------------------


def _cli(*args: str | Path) -> tuple[int, str, str]:
    """hexaglot in this process (so fetches can be counted): code, out, err."""
    result = run_hexaglot(*args, cwd=Path.cwd())
    return result.code, result.out, result.err


def _set_msgstr(path: Path, values: dict[str, str]) -> None:
    catalog = catalogs.read(path)
    for msg in catalog:
        if msg.context in values:
            msg.string = values[msg.context]
    path.write_bytes(catalogs.dump(catalog))


def _outputs_clean(folder: Path, tmp_path: Path) -> None:
    secrets = _secrets()
    for path in folder.rglob("*.html"):
        text = path.read_text("utf-8")
        assert not any(secret in text for secret in secrets), path
        assert "file:" not in text and "127.0.0.1" not in text, path
    for path in folder.rglob("*.pdf"):
        data = path.read_bytes()
        assert b"/EmbeddedFile" not in data, path
        assert not any(secret in _pdf_text(data, tmp_path) for secret in secrets), path


def test_hostile_catalogue_builds_without_any_fetch(
    project: Path, fetches: list[str], listener: socket.socket, tmp_path: Path
) -> None:
    """msgstrs carrying <img src=file:…>, CSS url(…) and a socket URL build into editions
    that never ask for anything: the entries fall back, and ordinary editions need nothing."""
    net = _url(listener, "x.png")
    _set_msgstr(
        project / "translations" / "fr" / f"{STEM}.po",
        {
            "para_1": f'Texte <img src="{FILE}"/> fin.',
            "para_2": f'<em style="background:url({net})">a</em>',
            "para_3": f"Texte background: url({FILE}) url({net}) fin.",
            "para_5": f'<a href="{net}">lien</a>',
            "fn_agenda": f"<symbol>{FILE}</symbol>.",
        },
    )
    args = ["-C", project, "build", "-l", "fr", "-l", "ar", "-l", "en"]
    code, out, err = _cli(*args, "-f", "html", "-f", "pdf", "-j", "1")
    assert code == 0, (out, err)
    assert "fr.pdf (draft" in out
    assert fetches == []
    _no_connection(listener)
    _outputs_clean(project / "build", tmp_path)


def _paper_with_symbol(project: Path, repo: Path, symbol: str, in_text: str) -> None:
    shutil.rmtree(project / "source")
    shutil.rmtree(project / "translations")
    (project / "source").mkdir()
    text = (repo / "tests" / "papers" / "minimal.xml").read_text("utf-8")
    text = text.replace('symbol="UNEP/TEST/1/2"', f'symbol="{symbol}"')
    text = text.replace("<symbol>UNEP/GC/24/3/Add.1</symbol>", f"<symbol>{in_text}</symbol>")
    (project / "source" / "minimal.xml").write_text(text, "utf-8")


def test_css_like_symbol_builds_without_any_fetch(
    project: Path, repo: Path, fetches: list[str], listener: socket.socket, tmp_path: Path
) -> None:
    """A schema-valid symbol that reads like CSS (it goes into the running head's
    ``content:``) stays a string: no fetch, and the PDF shows it as text."""
    symbol = "Url(file)/etc/passwd"
    _paper_with_symbol(project, repo, symbol, "U/url(x)/import")
    code, out, err = _cli("-C", project, "build", "-l", "en", "-f", "html", "-f", "pdf", "-j", "1")
    assert code == 0, (out, err)
    assert fetches == []
    _no_connection(listener)
    _outputs_clean(project / "build", tmp_path)
    text = _pdf_text((project / "build" / "minimal" / "en.pdf").read_bytes(), tmp_path)
    assert symbol in text


@pytest.mark.parametrize(
    ("symbol", "in_text"),
    [
        ("UNEP/1&quot;); } @import url(&quot;file:///etc/passwd", "UNEP/GC/24/3/Add.1"),
        ("UNEP/TEST/1/2", "file:///etc/passwd"),
        ("UNEP/TEST/1/2", "UNEP/1&lt;/style&gt;&lt;link rel=stylesheet href=/etc/passwd&gt;"),
    ],
    ids=["symbol-attribute-breaks-out-of-css", "symbol-element-url", "symbol-element-tags"],
)
def test_invalid_symbol_is_refused_before_rendering(
    symbol: str,
    in_text: str,
    project: Path,
    repo: Path,
    fetches: list[str],
    listener: socket.socket,
) -> None:
    """A symbol outside the schema's pattern stops the build (exit 1, one line): nothing
    is rendered, fetched or written."""
    _paper_with_symbol(project, repo, symbol, in_text)
    code, out, err = _cli("-C", project, "build", "-f", "html", "-f", "pdf", "-j", "1")
    assert code == 1, (out, err)
    [line] = err.strip().splitlines()
    assert line.startswith("hexaglot: error: ")
    assert "minimal.xml" in line
    assert fetches == []
    _no_connection(listener)
    assert not (project / "build").exists()
