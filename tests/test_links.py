"""Links between papers: a symbol naming a paper of the project opens that paper's edition.

In the HTML editions the link is relative, to the same language's page; in
the PDF editions, to the same language's PDF. Symbols of papers outside the
project link through the project's resolver (hexaglot.toml), and only if
it sets one.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from conftest import REPO, Runner
from lxml import html as lxml_html

MINIMAL = (REPO / "tests" / "papers" / "minimal.xml").read_text("utf-8")


def _project(root: Path) -> Path:
    """Two papers: UNEP/TEST/1/2 cites UNEP/TEST/1/3 and UNEP/GC/24/3/Add.1 (not in the project)."""
    (root / "source").mkdir(parents=True)
    citing = MINIMAL.replace(
        "The sixth and last paragraph.",
        "See also <symbol>UNEP/TEST/1/3</symbol> and <symbol>UNEP/TEST/1/2</symbol>.",
    )
    cited = MINIMAL.replace('symbol="UNEP/TEST/1/2"', 'symbol="UNEP/TEST/1/3"')
    (root / "source" / "a.xml").write_text(citing, "utf-8")
    (root / "source" / "b.xml").write_text(cited, "utf-8")
    return root


def _symbols(page: Path) -> dict[str, str | None]:
    root = lxml_html.parse(str(page)).getroot()
    return {el.text: el.get("href") for el in root.find_class("symbol")}


def test_symbols_of_papers_in_the_project_link_to_their_editions(
    tmp_path: Path, run: Runner
) -> None:
    root = _project(tmp_path / "p")
    assert run("build", "a", "-f", "html", "-f", "pdf", cwd=root).code == 0
    links = _symbols(root / "build" / "a" / "en.html")
    assert links["UNEP/TEST/1/3"] == "../b/en.html"
    assert links["UNEP/TEST/1/2"] is None  # the paper itself
    assert links["UNEP/GC/24/3/Add.1"] is None  # not in the project, no resolver
    with pdfplumber.open(root / "build" / "a" / "en.pdf") as pdf:
        uris = [link["uri"] for page in pdf.pages for link in page.hyperlinks]
    assert "../b/en.pdf" in uris


def test_a_resolver_links_the_other_symbols(tmp_path: Path, run: Runner) -> None:
    root = _project(tmp_path / "p")
    (root / "hexaglot.toml").write_text(
        '[links]\nresolver = "https://documents.example.org/{symbol}"\n', "utf-8"
    )
    assert run("build", "a", "-f", "html", cwd=root).code == 0
    links = _symbols(root / "build" / "a" / "en.html")
    assert links["UNEP/GC/24/3/Add.1"] == "https://documents.example.org/UNEP/GC/24/3/Add.1"
    assert links["UNEP/TEST/1/3"] == "../b/en.html"


def test_a_resolver_must_be_https(tmp_path: Path, run: Runner) -> None:
    root = _project(tmp_path / "p")
    (root / "hexaglot.toml").write_text('[links]\nresolver = "javascript:{symbol}"\n', "utf-8")
    result = run("build", "a", "-f", "html", cwd=root)
    assert result.code == 1
    assert result.err.strip() == (
        "hexaglot: error: hexaglot.toml: [links] resolver must be an https:// URL"
    )
