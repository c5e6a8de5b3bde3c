"""hexaglot preview: the live page follows the catalogue's saves, and the server stays shut.

The browser test runs the command as a process and drives the page in
Debian's Chromium through Playwright: saves (by rename, as Poedit does, and
by overwriting, as simpler editors do) reach the page without a reload, a
broken save shows its error while the last good preview stays, and the next
good save recovers. The other tests run the server in a thread of this
process, so that they can see its socket and every file it opens.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hexaglot.catalogs import pofile
from hexaglot.preview import server as preview_server
from hexaglot.preview.state import Preview
from hexaglot.project.layout import Project

if TYPE_CHECKING:
    from playwright.sync_api import Browser

#: The browser comes from the session fixture ``chromium``.
pytest_plugins = ("editions_support",)

STEM = "UNEP-DTIE-Hg-OEWG.2-10"
#: Generous, for a loaded two-core machine: the page usually follows within 0.2 s.
WAIT_MS = 20_000


def catalogue(project: Path, lang: str = "zh") -> Path:
    return project / "translations" / lang / f"{STEM}.po"


def save(path: Path, context: str, string: str | None = None, fuzzy: bool = False) -> None:
    """Change one entry and save the catalogue as Poedit does: a new file renamed over it."""
    catalog = pofile.read(path)
    msg = next(m for m in catalog if m.context == context)
    if string is not None:
        msg.string = string
    if fuzzy and not msg.fuzzy:
        msg.flags.append("fuzzy")
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(pofile.dump(catalog))
    os.replace(temporary, path)


def msgstr(path: Path, context: str) -> str:
    return next(m for m in pofile.read(path) if m.context == context).string


# The state: only what changed is sent ------------------------------------------------


def test_a_save_updates_only_the_rows_it_changed(project: Path) -> None:
    preview = Preview(Project(project), project / "source" / f"{STEM}.xml", "zh")
    first = preview.refresh()
    assert first is not None and first.error is None and first.order is not None
    assert len(first.rows) == len(first.order) > 50
    path = catalogue(project)
    save(path, "para_3", msgstr(path, "para_3") + "（新）")
    update = preview.refresh({path.resolve()})
    assert update is not None and set(update.rows) == {"para_3"} and update.order is None
    assert "（新）" in update.rows["para_3"]
    assert preview.refresh({path.resolve()}) is None  # nothing changed: nothing to send

    save(path, "para_4", fuzzy=True)
    update = preview.refresh({path.resolve()})
    assert set(update.rows) == {"para_4"}
    assert 'class="block fuzzy"' in update.rows["para_4"]
    assert update.summary is not None and "1 fuzzy" in update.summary


def test_a_broken_save_keeps_the_last_good_rows(project: Path) -> None:
    preview = Preview(Project(project), project / "source" / f"{STEM}.xml", "zh")
    preview.refresh()
    good = preview.document()
    path = catalogue(project)
    text = path.read_text("utf-8")
    path.write_text(text.replace('msgctxt "para_2"', 'msgctxt "para_2', 1), "utf-8")
    line = text[: text.index('msgctxt "para_2"')].count("\n") + 1
    update = preview.refresh({path.resolve()})
    assert update.error is not None and update.rows == {}
    assert update.error.startswith(f"{path}:{line}: ")
    page = preview.document()
    assert update.error in page
    assert good.split("<tbody>")[1] == page.split("<tbody>")[1]
    path.write_text(text, "utf-8")
    recovered = preview.refresh({path.resolve()})
    assert recovered.error is None and recovered.rows == {}


def test_the_paper_is_watched_too(project: Path) -> None:
    paper = project / "source" / f"{STEM}.xml"
    preview = Preview(Project(project), paper, "zh")
    preview.refresh()
    text = paper.read_text("utf-8")
    paper.write_text(text.replace("</title>", "</titel>", 1), "utf-8")
    broken = preview.refresh({paper.resolve()})
    assert broken.error is not None and broken.error.startswith(str(paper))
    # The paragraph's source changes: its translation was made for another text.
    paper.write_text(text.replace("stakeholder representatives", "stakeholders", 1), "utf-8")
    update = preview.refresh({paper.resolve()})
    assert update.error is None and set(update.rows) == {"para_1"}
    assert 'class="block untranslated"' in update.rows["para_1"]
    assert "stakeholders to review" in update.rows["para_1"]


# In a browser ----------------------------------------------------------------------


@contextlib.contextmanager
def started(
    project: Path, *args: str, **env_vars: str
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``hexaglot preview`` as a process of its own (in a session of its own, as a terminal
    would have it), and its URL."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1", **env_vars)
    proc = subprocess.Popen(
        [sys.executable, "-m", "hexaglot", "preview", STEM, *args, "--port", "0"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        start_new_session=True,
    )
    try:
        line = proc.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert found, f"no URL in {line!r}; stderr: {proc.stderr.read() if not line else ''}"
        yield proc, found.group(0)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)


def test_the_page_follows_saves_without_a_reload(project: Path, chromium: Browser) -> None:
    from playwright.sync_api import expect

    path = catalogue(project)
    original = msgstr(path, "para_1")
    with started(project, "-l", "zh") as (proc, url):
        page = chromium.new_page()
        page.set_default_timeout(WAIT_MS)
        expect.set_options(timeout=WAIT_MS)
        blocked: list[str] = []
        page.on("console", lambda m: blocked.append(m.text) if m.type == "error" else None)
        page.goto(url)
        row = page.locator("#para_1")
        expect(row.locator("td.target")).to_contain_text(original[:20])
        expect(row.locator("code.msgctxt")).to_have_text("para_1")
        page.evaluate("window.hexaglotMarker = 'set before the saves'")

        # A changed translation, saved by rename: the row changes, the page is the same page.
        save(path, "para_1", "这是修改后的译文。" + original)
        expect(row.locator("td.target")).to_contain_text("这是修改后的译文。")
        expect(row).to_have_class(re.compile(r"\btranslated\b"))

        # A translation that drops the source's symbol: the finding shows at its block.
        para_31 = msgstr(path, "para_31")
        save(path, "para_31", re.sub(r"<symbol>.*?</symbol>", "", para_31))
        expect(page.locator("#para_31 .findings")).to_contain_text("placeholders")
        expect(page.locator("#para_31")).to_contain_text("is missing or altered")

        # Catalogue text that tries to be markup stays text, and no script of it runs.
        hostile = '<img src=x onerror="window.hexaglotOwned=1">&lt;script&gt;window.x=1'
        save(path, "para_2", hostile)
        expect(page.locator("#para_2 .findings")).to_contain_text("markup")
        assert page.locator("#hexaglot-blocks img, #hexaglot-blocks script").count() == 0
        assert page.evaluate("window.hexaglotOwned") is None

        # A broken save, written in place: its error (file and line) shows, the rows stay.
        text = path.read_text("utf-8")
        broken = text.replace('msgctxt "para_5"', 'msgctxt "para_5', 1)
        line = text[: text.index('msgctxt "para_5"')].count("\n") + 1
        path.write_text(broken, "utf-8")
        banner = page.locator("#hexaglot-error")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text(f"{STEM}.po:{line}:")
        expect(row.locator("td.target")).to_contain_text("这是修改后的译文。")

        # The next good save recovers.
        save_text = text.replace("这是修改后的译文。", "再次修改。", 1)
        path.write_text(save_text, "utf-8")
        expect(banner).to_be_hidden()
        expect(row.locator("td.target")).to_contain_text("再次修改。")
        assert page.evaluate("window.hexaglotMarker") == "set before the saves"
        assert proc.poll() is None
        page.close()
    assert not [m for m in blocked if "Content Security Policy" in m], blocked


def test_open_starts_a_browser_and_ctrl_c_stops_cleanly(project: Path, tmp_path: Path) -> None:
    opened = tmp_path / "opened"
    browser = tmp_path / "browser"  # what $BROWSER names, webbrowser runs with the URL
    browser.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n', "utf-8")
    browser.chmod(0o755)
    with started(project, "-l", "ar", BROWSER=str(browser)) as (proc, url):
        assert request(int(url.split(":")[2].strip("/")), "/")[0] == 200
        os.killpg(proc.pid, signal.SIGINT)
        proc.communicate(timeout=30)
    assert not opened.exists()  # not without --open
    with (
        started(project, "-l", "fr", "--open", BROWSER=str(browser)) as (proc, url),
        socket.create_connection(("127.0.0.1", int(url.split(":")[2].strip("/")))) as conn,
    ):
        port = int(url.split(":")[2].strip("/"))
        status, body = request(port, "/edition.pdf")  # a PDF worker is running now
        assert status == 200 and body.startswith(b"%PDF-")
        conn.sendall(b"GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert b"text/event-stream" in conn.recv(4096)  # an open page
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends Ctrl-C
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Traceback" not in err and err.strip() == "hexaglot: error: interrupted"
    assert opened.read_text("utf-8").split() == [url]


# The server's shut doors -------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> Iterator[int]:
    """The preview of the zh edition, served from a thread of this process: its port."""
    root = tmp_path_factory.mktemp("preview")
    for name in ("source", "translations"):
        shutil.copytree(repo / name, root / name)
    server = preview_server.start(Project(root), STEM, "zh", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.socket.getsockname()[1]
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield port
    server.stop()
    thread.join(30)


def request(port: int, target: str, host: str = "127.0.0.1", extra: str = "") -> tuple[int, bytes]:
    """The status and body of a GET sent as these very bytes (no client normalises the path)."""
    raw = f"GET {target} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(raw.encode("latin-1"))
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_it_listens_on_loopback_only(served: int) -> None:
    listening = [
        line.split()
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if line.split()[1].endswith(f":{served:04X}") and line.split()[3] == "0A"
    ]
    assert [entry[1] for entry in listening] == [f"0100007F:{served:04X}"]  # 127.0.0.1
    assert request(served, "/")[0] == 200
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this picks the outbound interface
        except OSError:
            pytest.skip("this machine has no network interface besides loopback")
        address = probe.getsockname()[0]
    assert not address.startswith("127.")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((address, served), timeout=10).close()


def test_the_host_must_be_loopback(served: int) -> None:
    assert request(served, "/", f"localhost:{served}")[0] == 200
    assert request(served, "/", f"127.0.0.1:{served}")[0] == 200
    for host in ("attacker.example", f"attacker.example:{served}", "127.0.0.1.attacker.example"):
        status, body = request(served, "/", host)
        assert status == 400 and b"<table" not in body, host
    # Another site's page may link to the preview, but not make the browser fetch from it.
    for site in ("cross-site", "same-site"):
        for mode in ("cors", "no-cors"):
            fetch = f"Sec-Fetch-Site: {site}\r\nSec-Fetch-Mode: {mode}\r\n"
            assert request(served, "/edition.pdf", extra=fetch)[0] == 403
        link = f"Sec-Fetch-Site: {site}\r\nSec-Fetch-Mode: navigate\r\n"
        assert request(served, "/", extra=link)[0] == 200


def test_security_headers(served: int) -> None:
    raw = b"GET / HTTP/1.1\r\nHost: localhost\r\nOrigin: http://attacker.example\r\n"
    with socket.create_connection(("127.0.0.1", served), timeout=30) as conn:
        conn.sendall(raw + b"Connection: close\r\n\r\n")
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head = data.partition(b"\r\n\r\n")[0].decode("latin-1").lower()
    assert "content-security-policy: default-src 'none'; script-src 'self';" in head
    assert "x-content-type-options: nosniff" in head
    assert "access-control-allow-origin" not in head
    page = data.partition(b"\r\n\r\n")[2].decode("utf-8")
    assert '<script src="/preview.js" defer></script>' in page
    assert len(re.findall(r"<script", page)) == 1  # no inline script


TRAVERSALS = [
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/..%2f..%2f..%2fetc%2fpasswd",
    "/%252e%252e/%252e%252e/etc/passwd",
    "/%25252e%25252e%25252f/etc/passwd",
    "/..\\..\\..\\etc\\passwd",
    "/%5c..%5c..%5cetc%5cpasswd",
    "/preview.js%00.html",
    "/preview.js/../../../pyproject.toml",
    "/preview.css/",
    "//etc/passwd",
    "/source/UNEP-DTIE-Hg-OEWG.2-10.xml",
    "/translations/zh/UNEP-DTIE-Hg-OEWG.2-10.po",
    "/%2e%2e%5c%2e%2e%5csource%5cUNEP-DTIE-Hg-OEWG.2-10.xml",
    "/edition.pdf/../../../../etc/passwd",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/./preview.js",
]


def test_no_path_leads_outside_the_preview(served: int) -> None:
    assert request(served, "/no-such-route")[0] == 404  # the first 404 may import lazily
    with opened_files() as seen:
        for target in TRAVERSALS:
            status, body = request(served, target)
            assert status == 404, target
            assert b"root:" not in body and b"<paper" not in body and b"msgid" not in body
    assert seen == []


@contextlib.contextmanager
def opened_files() -> Iterator[list[str]]:
    seen: list[str] = []
    active = [True]

    def hook(event: str, args: tuple[object, ...]) -> None:
        if active[0] and event in ("open", "os.listdir", "os.scandir"):
            seen.append(str(args[0]))

    sys.addaudithook(hook)  # a hook cannot be removed: this one is switched off after
    try:
        yield seen
    finally:
        active[0] = False


def test_the_pdf_edition_is_rendered_on_request(served: int, tmp_path: Path) -> None:
    import pdfplumber

    status, body = request(served, "/edition.pdf")
    assert status == 200 and body.startswith(b"%PDF-")
    (tmp_path / "zh.pdf").write_bytes(body)
    with pdfplumber.open(tmp_path / "zh.pdf") as pdf:
        first = pdf.pages[0].extract_text()
    assert "汞问题不限成员名额特设工作组" in first.replace(" ", "")
    assert request(served, "/edition.pdf") == (status, body)  # kept until the edition changes


def test_a_missing_catalogue_is_one_line(run, project: Path) -> None:
    result = run("preview", STEM, "-l", "en", cwd=project)
    assert result.code == 1
    assert result.err.strip() == (
        f"hexaglot: error: translations/en/{STEM}.po: no en catalogue (run: hexaglot update -l en)"
    )
