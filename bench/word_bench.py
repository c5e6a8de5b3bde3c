"""How long `import` and `align` take on long Word files.

- import: a draft of N numbered paragraphs (about 40 words each, one footnote
  in ten, a heading every 20 paragraphs, Word numbering), made with
  python-docx, imported into a paper that validates;
- align: the official Chinese edition of OEWG.2/10 (text) into an emptied
  zh catalogue, written back.

Run: ``.venv/bin/python bench/word_bench.py [--paragraphs 1000]``. It prints
figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from word_drafts import MASTHEAD, make  # noqa: E402

from hexaglot.catalogs import pofile  # noqa: E402
from hexaglot.project.layout import Project  # noqa: E402
from hexaglot.word import align, importer  # noqa: E402

STEM = "UNEP-DTIE-Hg-OEWG.2-10"
WORDS = [
    "the",
    "working",
    "group",
    "noted",
    "progress",
    "in",
    "the",
    "programme",
    "of",
    "work",
    "on",
    "mercury",
    "and",
]


def _body(paragraphs: int) -> list:
    body: list = [("title", None, ["A long test paper"])]
    for n in range(1, paragraphs + 1):
        if n % 20 == 1:
            body.append(("h1", str(n // 20 + 1), [f"Section {n // 20 + 1}"]))
        text = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(40)) + "."
        runs: list = [text]
        if n % 10 == 0:
            runs.append(("note", f"A note on paragraph {n}, citing UNEP/XY.2/{n}."))
        body.append(("para", str(n), runs))
    return body


def _best(call: Callable[[], None], repeat: int = 3) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        draft = make(folder / "long.docx", "word", _body(args.paragraphs))
        size = draft.stat().st_size
        target = folder / "long.xml"

        def run_import() -> None:
            target.unlink(missing_ok=True)
            importer.import_draft(draft, target, folder)

        best, median = _best(run_import)
        print(
            f"import: {args.paragraphs} paragraphs ({size / 1024:.0f} KiB .docx, "
            f"{len(MASTHEAD)} masthead lines): best {best:.2f} s, median {median:.2f} s"
        )

        for name in ("source", "translations"):
            shutil.copytree(REPO / name, folder / "project" / name)
        project = Project(folder / "project")
        catalog = project.catalog(STEM, "zh")
        seed = REPO / "tests" / "data" / f"{STEM}.zh.txt"

        def run_align() -> None:
            emptied = pofile.read(catalog)
            for msg in emptied:
                if msg.context:
                    msg.string = ""
            pofile.write(catalog, emptied)
            align.align_paper(project, STEM, "zh", seed)

        best, median = _best(run_align)
        print(f"align: OEWG.2/10 zh seed (54 blocks): best {best:.3f} s, median {median:.3f} s")


if __name__ == "__main__":
    main()
