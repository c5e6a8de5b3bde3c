"""Builds and PDF/HTML readers shared by test_editions.py and test_languages.py.

Both modules load this file as a pytest plugin (``pytest_plugins``), so its
session fixtures run once per session: one build of the six editions of the
real paper, one second build for reproducibility, one build of the long
footnote paper, and so on. Every build runs the CLI in a subprocess into a
temporary folder, as a user would; nothing is written inside the checkout
except the Nu HTML Checker's cache in .tools/ (gitignored).

PDFs are read with poppler (``pdftotext``, ``pdftotext -bbox``), which takes
a fraction of a second for all six editions; pdfplumber is used only where
its per-character data or the PDF catalogue is needed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pytest
from lxml import etree
from lxml import html as lxml_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parents[1]
STEM = "UNEP-DTIE-Hg-OEWG.2-10"
SYMBOL = "UNEP(DTIE)/Hg/OEWG.2/10"
AGENDA_SYMBOL = "UNEP(DTIE)/Hg/OEWG.2/1"
LANGS = ("ar", "en", "es", "fr", "ru", "zh")
PARAGRAPHS = 39
SEED = REPO / "tests" / "data" / f"{STEM}.zh.txt"
LONG_PAPER = REPO / "tests" / "papers" / "long-footnotes.xml"
LONG_STEM = "long-footnotes"
LONG_NOTES = 40
CONVENTIONS = tomllib.loads(
    (REPO / "cli" / "hexaglot" / "data" / "languages.toml").read_text("utf-8")
)

# Page geometry of data/print.css: A4, margins 22 mm (top), 20 mm (sides), 25 mm (foot).
MM = 72 / 25.4
PAGE_WIDTH = 210 * MM
PAGE_HEIGHT = 297 * MM
TOP_MARGIN = 22 * MM
SIDE_MARGIN = 20 * MM
BOTTOM_MARGIN = 25 * MM

# The seed's footnote line ("*<TAB>UNEP(DTIE)/Hg/OEWG.2/1。"), whitespace removed.
SEED_NOTE = f"*{AGENDA_SYMBOL}。"
NB_HYPHEN = "\u2011"


# pdftotext wraps right-to-left runs in these embedding marks; they are not text.
_BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e"))
_XHTML = {"x": "http://www.w3.org/1999/xhtml"}


def squeeze(text: str) -> str:
    """``text`` without any whitespace: line breaks and wrapping do not count."""
    return "".join(text.split())


def normalise(text: str) -> str:
    """``text`` with runs of whitespace (no-break spaces too) as one space."""
    return " ".join(text.split())


def same_symbol(word: str, symbol: str = SYMBOL) -> bool:
    """Whether a PDF word is ``symbol``, exactly as written.

    In an Arabic edition the glyph of "(" also draws the mirrored ")" of
    Arabic parentheses; hexaglot.render.actualtext gives such glyphs their
    own text, so brackets read back as written in every edition.
    """
    return word == symbol


def seed_lines() -> list[str]:
    """The seed's non-empty lines without whitespace, minus the "_____" rule (an artefact).

    Removing whitespace also turns the seed's "UNEP/GC/24/3/ Add.1" (a stray
    space inside a symbol) into the "UNEP/GC/24/3/Add.1" the edition prints.
    """
    lines = [squeeze(line) for line in SEED.read_text("utf-8").splitlines()]
    return [line for line in lines if line and set(line) != {"_"}]


def body_seed_lines() -> list[str]:
    lines = seed_lines()
    assert SEED_NOTE in lines, "the seed's footnote line has changed"
    return [line for line in lines if line != SEED_NOTE]


def missing_in_order(text: str, lines: list[str]) -> list[str]:
    """The lines that do not occur in ``text`` one after the other, in order."""
    missing = []
    position = 0
    for line in lines:
        found = text.find(line, position)
        if found < 0:
            where = "out of order" if line in text else "absent"
            missing.append(f"{where}: {line[:40]}…")
        else:
            position = found + len(line)
    return missing


class Started:
    """A command running in the background; its output goes to files, read on wait()."""

    def __init__(self, argv: list[str], what: str, timeout: float = 180):
        self.what = what
        self.timeout = timeout
        env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
        # Files, not pipes: nobody reads while the command runs. wait() closes them.
        self._out = tempfile.TemporaryFile()  # noqa: SIM115
        self._err = tempfile.TemporaryFile()  # noqa: SIM115
        self._proc = subprocess.Popen(argv, stdout=self._out, stderr=self._err, env=env)

    def wait(self) -> tuple[str, str]:
        """(stdout, stderr) once the command has ended; fail the test if it failed."""
        code = self._proc.wait(self.timeout)
        with self._out, self._err:
            out, err = (self._read(stream) for stream in (self._out, self._err))
        if code:
            pytest.fail(f"{self.what} failed (exit {code}):\n{out}\n{err}")
        return out, err

    def stop(self) -> None:
        """End the command if no fixture waited for it (a test run with -k)."""
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._out.close()
        self._err.close()

    @staticmethod
    def _read(stream: IO[bytes]) -> str:
        stream.seek(0)
        return stream.read().decode("utf-8")


def start_hexaglot(*args: str | Path) -> Started:
    """Start ``python -m hexaglot ARGS``, the way a user runs it."""
    argv = [sys.executable, "-m", "hexaglot", *map(str, args)]
    return Started(argv, f"hexaglot {' '.join(map(str, args))}")


def hexaglot(*args: str | Path) -> tuple[str, str]:
    """Run ``python -m hexaglot ARGS`` to the end: (stdout, stderr); fail the test on error."""
    return start_hexaglot(*args).wait()


def copy_project(target: Path) -> Path:
    """A private copy of source/ and translations/ that a fixture may change."""
    for name in ("source", "translations"):
        shutil.copytree(REPO / name, target / name)
    return target


def snapshot(folder: Path) -> dict[str, str]:
    """The sha256 of every file under ``folder``, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def mtimes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass(frozen=True)
class Word:
    """One word of a PDF page with its box in points (origin top left)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def pdf_words(pdf: Path) -> list[list[Word]]:
    """Every word of every page, from ``pdftotext -bbox`` (visual order for Arabic)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
    ).stdout
    tree = etree.fromstring(out, etree.XMLParser(recover=True, resolve_entities=False))
    pages = []
    for page in tree.iterfind(".//x:page", _XHTML):
        pages.append(
            [
                Word(
                    (w.text or "").translate(_BIDI_MARKS),
                    float(w.get("xMin")),
                    float(w.get("yMin")),
                    float(w.get("xMax")),
                    float(w.get("yMax")),
                )
                for w in page.iterfind("x:word", _XHTML)
            ]
        )
    return pages


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page in reading order, from ``pdftotext`` (bidi marks removed)."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
        encoding="utf-8",
    ).stdout
    return [page.translate(_BIDI_MARKS) for page in out.split("\f")[:-1]]


def same_line(a: Word, b: Word) -> bool:
    return abs(a.top - b.top) < 2 and abs(a.bottom - b.bottom) < 2


def in_body(word: Word) -> bool:
    """Whether a word lies inside the page area (not in the running head or folio).

    The middle of the word's box decides: pdftotext's boxes use the font's
    bounding box, which for Amiri reaches above the line box.
    """
    return TOP_MARGIN < (word.top + word.bottom) / 2 < PAGE_HEIGHT - BOTTOM_MARGIN


def paragraph_numbers(pages: list[list[Word]], rtl: bool) -> Iterator[tuple[int, Word, int]]:
    """(number, word, page) of each paragraph number at the start of a body line.

    Left to right the label is "N." at the left margin; right to left it is
    "N -": a number with a hyphen word on its left, near the right margin.
    """
    for number, words in enumerate(pages, 1):
        for word in words:
            if not in_body(word):
                continue
            if not rtl:
                if re.fullmatch(r"\d+\.", word.text) and abs(word.x0 - SIDE_MARGIN) < 1:
                    yield int(word.text[:-1]), word, number
            elif word.text.isdigit() and word.x1 > PAGE_WIDTH / 2:
                dash = [
                    w
                    for w in words
                    if w.text == "-" and same_line(w, word) and 0 < word.x0 - w.x1 < 10
                ]
                if dash:
                    yield int(word.text), word, number


@dataclass
class Build:
    """One finished build: its project, output folder and what the CLI printed."""

    project: Path
    out: Path
    log: str
    stem: str = STEM
    _words: dict[Path, list[list[Word]]] = field(default_factory=dict, repr=False)
    _pages: dict[Path, list[str]] = field(default_factory=dict, repr=False)

    def path(self, lang: str, fmt: str) -> Path:
        return self.out / self.stem / f"{lang}.{fmt}"

    def words(self, lang: str) -> list[list[Word]]:
        """Words of the ``lang`` PDF per page (cached: fixture builds are not changed)."""
        pdf = self.path(lang, "pdf")
        if pdf not in self._words:
            self._words[pdf] = pdf_words(pdf)
        return self._words[pdf]

    def pages(self, lang: str) -> list[str]:
        pdf = self.path(lang, "pdf")
        if pdf not in self._pages:
            self._pages[pdf] = pdf_pages(pdf)
        return self._pages[pdf]

    def html(self, lang: str) -> lxml_html.HtmlElement:
        return lxml_html.parse(str(self.path(lang, "html"))).getroot()


def run_build(project: Path, out: Path, *options: str) -> Build:
    out_text, err_text = hexaglot("-C", project, "build", "-o", out, *options)
    return Build(project, out, out_text + err_text)


# Fixtures -------------------------------------------------------------------


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The six editions (HTML and PDF) of the real paper, built from the checkout."""
    return run_build(REPO, tmp_path_factory.mktemp("editions"))


@dataclass(frozen=True)
class SecondBuild:
    """A second, independent build: another project folder, another output folder."""

    build: Build
    hashes: dict[str, str]  # taken right after the build, before anything changes it


@pytest.fixture(scope="session")
def second_build(tmp_path_factory: pytest.TempPathFactory) -> SecondBuild:
    project = copy_project(tmp_path_factory.mktemp("project2"))
    build = run_build(project, project / "public")
    return SecondBuild(build, snapshot(build.out))


@dataclass(frozen=True)
class Incremental:
    """What successive builds over the second build printed and changed."""

    noop_log: str
    noop_mtimes: tuple[dict[str, int], dict[str, int]]  # before, after
    touched_log: str  # after only the mtime of the fr catalogue changed
    edited_log: str  # after a comment was added to the fr catalogue
    edited_hashes: tuple[dict[str, str], dict[str, str]]
    forced_log: str
    outputs: tuple[str, ...]  # every output path the build owns


@pytest.fixture(scope="session")
def incremental(second_build: SecondBuild) -> Incremental:
    """Rebuild the second build: unchanged, catalogue touched, edited, then --force.

    Every key includes a hash of the toolkit's own code (manifest.toolkit()):
    editing cli/hexaglot while the suite runs makes these builds rebuild all.
    """
    build = second_build.build
    project, out = build.project, build.out
    outputs = tuple(str(out / STEM / f"{lang}.{fmt}") for lang in LANGS for fmt in ("html", "pdf"))
    before = mtimes(out)
    noop, _ = hexaglot("-C", project, "build", "-o", out)
    after = mtimes(out)
    catalog = project / "translations" / "fr" / f"{STEM}.po"
    stat = catalog.stat()
    os.utime(catalog, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    touched, _ = hexaglot("-C", project, "build", "-o", out)
    hashes_before = snapshot(out)
    with catalog.open("a", encoding="utf-8") as po:
        po.write("\n# A translator's comment: the catalogue changed, its messages did not.\n")
    edited, _ = hexaglot("-C", project, "build", "-o", out)
    hashes_after = snapshot(out)
    forced, _ = hexaglot("-C", project, "build", "-o", out, "--force")
    return Incremental(
        noop, (before, after), touched, edited, (hashes_before, hashes_after), forced, outputs
    )


def note_pages(pdf: Path) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Pages of each call ("CALL<n>X" before it) and of each note text ("TOKEN-<n>")."""
    calls: dict[int, list[int]] = {}
    notes: dict[int, list[int]] = {}
    for number, text in enumerate(pdf_pages(pdf), 1):
        for m in re.finditer(r"CALL(\d+)X", text):
            calls.setdefault(int(m.group(1)), []).append(number)
        # A line may break after the hyphen of "TOKEN-".
        for m in re.finditer(r"TOKEN-\s*(\d+)\b", text):
            notes.setdefault(int(m.group(1)), []).append(number)
    return calls, notes


# The stock render runs in its own interpreter: hexaglot.footnotes.apply() patches
# WeasyPrint for the whole process, so the stock layout must come first.
_STOCK_SCRIPT = r"""
import sys
from pathlib import Path

import weasyprint

from hexaglot.paper import reader
from hexaglot.render import footnotes, html
from hexaglot.render.edition import Edition
from hexaglot.render.pdf import refuse

source, stock_out, patched_out = map(Path, sys.argv[1:4])
doc = reader.load(source)
page = html.render(Edition(doc, doc.lang, (doc.lang,)), for_print=True)
# Pin footnote-policy to "line" (see test_stock_weasyprint_misplaces_footnotes).
page = page.replace("</style>", ".fn { footnote-policy: line; }</style>", 1)


def render() -> bytes:
    document = weasyprint.HTML(string=page, url_fetcher=refuse, base_url=None)
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


stock_out.write_bytes(render())
footnotes.apply()
patched_out.write_bytes(render())
print(weasyprint.__version__)
"""


@dataclass(frozen=True)
class SideJobs:
    """Four single-process renders, started together so that they share the cores."""

    long_project: Path
    long_validate: Started
    long_build: Started
    stock_dir: Path
    stock: Started
    job_project: Path
    job: Started
    pdfa_out: Path
    pdfa: Started


@pytest.fixture(scope="session")
def side_jobs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SideJobs]:
    """Start the long paper's build and stock render, the job-number and PDF/A builds."""
    long_project = tmp_path_factory.mktemp("long")
    (long_project / "source").mkdir()
    shutil.copy(LONG_PAPER, long_project / "source")
    stock_dir = tmp_path_factory.mktemp("stock")
    stock_argv = [sys.executable, "-c", _STOCK_SCRIPT, str(LONG_PAPER)]
    stock_argv += [str(stock_dir / "stock.pdf"), str(stock_dir / "patched.pdf")]
    # The job-number paper: the real one with <job-number> after its meeting.
    job_project = copy_project(tmp_path_factory.mktemp("job"))
    source = job_project / "source" / f"{STEM}.xml"
    text = source.read_text("utf-8")
    meeting = '<meeting ref="UNEP-DTIE-Hg-OEWG.2" items="3"/>'
    assert text.count(meeting) == 1
    text = text.replace(meeting, f"{meeting}\n    <job-number>K0800001</job-number>")
    source.write_text(text, "utf-8")
    pdfa_out = tmp_path_factory.mktemp("pdfa")
    pdfa_options = ["-l", "en", "-f", "pdf", "--pdf-variant", "pdf/a-3b"]
    jobs = SideJobs(
        long_project,
        start_hexaglot("-C", long_project, "validate"),
        start_hexaglot("-C", long_project, "build", "-o", long_project / "public", "-f", "pdf"),
        stock_dir,
        Started(stock_argv, "the stock WeasyPrint render"),
        job_project,
        start_hexaglot(
            "-C", job_project, "build", "-o", job_project / "public", "-l", "en", "-f", "pdf"
        ),
        pdfa_out,
        start_hexaglot("-C", REPO, "build", "-o", pdfa_out, *pdfa_options),
    )
    yield jobs
    for started in (jobs.long_validate, jobs.long_build, jobs.stock, jobs.job, jobs.pdfa):
        started.stop()


@pytest.fixture(scope="session")
def long_build(side_jobs: SideJobs) -> Build:
    """The English (original-language) PDF of tests/papers/long-footnotes.xml, validated."""
    validated, _ = side_jobs.long_validate.wait()
    out, err = side_jobs.long_build.wait()
    project = side_jobs.long_project
    return Build(project, project / "public", validated + out + err, stem=LONG_STEM)


@dataclass(frozen=True)
class StockRender:
    version: str
    stock: Path
    patched: Path


@pytest.fixture(scope="session")
def stock_render(side_jobs: SideJobs) -> StockRender:
    """The long paper's print HTML laid out by stock WeasyPrint, then by the patched one."""
    version, _ = side_jobs.stock.wait()
    folder = side_jobs.stock_dir
    return StockRender(version.strip(), folder / "stock.pdf", folder / "patched.pdf")


@pytest.fixture(scope="session")
def job_build(side_jobs: SideJobs) -> Build:
    """The English PDF of the paper with a job number added to its masthead."""
    out, err = side_jobs.job.wait()
    return Build(side_jobs.job_project, side_jobs.job_project / "public", out + err)


@pytest.fixture(scope="session")
def pdfa_build(side_jobs: SideJobs) -> Build:
    """The English PDF built as PDF/A-3b."""
    out, err = side_jobs.pdfa.wait()
    return Build(REPO, side_jobs.pdfa_out, out + err)


VNU_PACKAGE = "vnu-jar@26.9.27"
AXE_PACKAGE = "axe-core@4.14.1"
TOOLS = REPO / ".tools"


def npm_tools() -> Path:
    """The Nu HTML Checker and axe-core, installed together into .tools/ (gitignored).

    One npm call installs both: npm removes from a prefix whatever a call
    does not name.
    """
    missing = [tool for tool in ("java", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"the HTML checks need {' and '.join(missing)} on PATH "
            "(Debian: apt-get install default-jre-headless npm; or run `make test-system`)"
        )
    modules = TOOLS / "node_modules"
    wanted = (
        modules / "vnu-jar" / "build" / "dist" / "vnu.jar",
        modules / "axe-core" / "axe.min.js",
    )
    if not all(path.exists() for path in wanted):
        install = ["npm", "install", "--no-save", "--no-audit", "--no-fund"]
        proc = subprocess.run(
            [*install, "--prefix", str(TOOLS), VNU_PACKAGE, AXE_PACKAGE],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if proc.returncode or not all(path.exists() for path in wanted):
            pytest.fail(
                f"could not install the HTML checkers with npm:\n{proc.stdout}\n{proc.stderr}"
            )
    return modules


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The command that runs the Nu HTML Checker."""
    jar = npm_tools() / "vnu-jar" / "build" / "dist" / "vnu.jar"
    # C1 only and a larger stack: the checker starts in ~1 s instead of ~5 s.
    return ["java", "-Xss4m", "-XX:TieredStopAtLevel=1", "-jar", str(jar)]


def nu_errors(vnu: list[str], pages: list[Path]) -> list[str]:
    """What the Nu HTML Checker finds wrong in ``pages``: "file: message" each."""
    proc = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    return [f"{Path(m.get('url', '?')).name}: {m['message']}" for m in messages]


Axe = Callable[[Path], list[str]]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium through Playwright, one for the session: Playwright's sync API
    runs one instance at a time in a process."""
    from playwright.sync_api import sync_playwright

    path = shutil.which("chromium")
    if path is None:
        pytest.fail("browser tests need chromium (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe(chromium: Browser) -> Iterator[Axe]:
    """axe-core in Debian's Chromium (through Playwright): the violations of a page."""
    script = (npm_tools() / "axe-core" / "axe.min.js").read_text("utf-8")
    page = chromium.new_page()

    def violations(path: Path) -> list[str]:
        page.goto(path.as_uri())
        page.add_script_tag(content=script)
        found = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']}))"
            ".violations.map(v => `${v.id} (${v.impact}): `"
            " + v.nodes.map(n => n.target).join(', '))"
        )
        return [f"{path.name}: {v}" for v in found]

    yield violations
    page.close()
