"""A meeting's worth of editions: ten papers × six languages × HTML and PDF.

The ten papers are OEWG.2/10 under ten symbols, each with its five complete
catalogues, so every one of the 120 outputs is a full edition. Printed:

- the floor: bare WeasyPrint rendering the 60 print HTML files in one
  process (import included, as the build includes it);
- ``hexaglot build -j 1`` and ``-j 2`` of the whole project, and their
  ratios to the floor (the target for -j 2 is at most 0.58).

Run: ``.venv/bin/python bench/meeting_bench.py`` (about a minute on 2 cores).
It prints the figures and asserts nothing.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from run import FLOOR, HEXAGLOT, PAPER, ROOT, median

PAPERS = 10


def meeting(root: Path) -> Path:
    """A project of ten copies of the shipped paper, each under its own symbol, all of
    one meeting."""
    source = (ROOT / "source" / f"{PAPER}.xml").read_text("utf-8")
    (root / "source").mkdir(parents=True)
    # The meeting they share, and its catalogues.
    shutil.copytree(ROOT / "source" / "meetings", root / "source" / "meetings")
    for folder in (ROOT / "translations").glob("*/meetings"):
        shutil.copytree(folder, root / "translations" / folder.parent.name / "meetings")
    for n in range(1, PAPERS + 1):
        stem = f"UNEP-DTIE-Hg-OEWG.2-{n}"
        paper = source.replace(
            'symbol="UNEP(DTIE)/Hg/OEWG.2/10"', f'symbol="UNEP(DTIE)/Hg/OEWG.2/{n}"'
        )
        (root / "source" / f"{stem}.xml").write_text(paper, "utf-8")
        for po in (ROOT / "translations").glob(f"*/{PAPER}.po"):
            target = root / "translations" / po.parent.name / f"{stem}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(po, target)
    return root


def print_sources(root: Path, out: Path) -> list[Path]:
    """The print HTML of every edition, as the build renders it."""
    from hexaglot.build.editions import edition
    from hexaglot.paper import reader
    from hexaglot.project.layout import Project
    from hexaglot.render import html

    project = Project(root)
    paths = []
    for path in project.papers():
        doc = reader.load(path)
        languages = tuple(sorted({doc.lang, *project.catalog_languages(doc.stem)}))
        for lang in languages:
            ed, _ = edition(project, doc, lang, languages)
            target = out / f"{doc.stem}.{lang}.print.html"
            target.write_text(html.render(ed, for_print=True), "utf-8")
            paths.append(target)
    return paths


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = meeting(Path(tmp) / "meeting")
        sources = print_sources(root, Path(tmp))
        floor = median([sys.executable, "-c", FLOOR, *map(str, sources)], times=1)
        build = [*HEXAGLOT, "-C", str(root), "build", "--force"]
        one = median([*build, "-j", "1"], times=1)
        two = median([*build, "-j", "2"], times=2)
    print(f"{PAPERS} papers, {len(sources)} PDF editions and as many HTML")
    print(f"floor (bare WeasyPrint, one process): {floor:6.2f} s  1.00")
    print(f"hexaglot build -j 1:                  {one:6.2f} s  {one / floor:.2f}")
    print(f"hexaglot build -j 2:                  {two:6.2f} s  {two / floor:.2f}")
    print("Target: -j 2 at most 0.58 × floor.")


if __name__ == "__main__":
    main()
