"""How long Word editions take, and how large they are.

Figures for the six Word editions of UNEP(DTIE)/Hg/OEWG.2/10:

- ``hexaglot build -f docx -j 1`` from a cold start (Python start included);
- the render of each edition in one process (median of five), and its size;
- headless LibreOffice converting the six to PDF (one call), if installed.

Run: ``.venv/bin/python bench/docx_bench.py`` (well under a minute).
It prints the figures and asserts nothing.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hexaglot.build import editions
from hexaglot.paper import reader
from hexaglot.project.layout import Project
from hexaglot.render import docx

ROOT = Path(__file__).resolve().parents[1]
PAPER = "UNEP-DTIE-Hg-OEWG.2-10"


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "build"
        hexaglot = [sys.executable, "-m", "hexaglot", "build", "-f", "docx", "-j", "1"]
        seconds = timed([*hexaglot, "--force", "-o", str(out), PAPER])
        print(f"hexaglot build -f docx -j 1, six editions, cold: {seconds:.2f} s")

        project = Project(ROOT)
        paper = reader.load(project.source_dir / f"{PAPER}.xml")
        langs = tuple(sorted({paper.lang, *project.catalog_languages(PAPER)}))
        print("edition  render ms (median of 5)  size KiB")
        for lang in langs:
            edition, _ = editions.edition(project, paper, lang, langs)
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                data = docx.render(edition)
                runs.append(time.perf_counter() - started)
            print(f"{lang:7}  {statistics.median(runs) * 1000:23.0f}  {len(data) / 1024:8.1f}")

        soffice = shutil.which("soffice")
        if soffice is None:
            print("LibreOffice: not installed")
            return
        files = sorted(str(path) for path in (out / PAPER).glob("*.docx"))
        profile = f"-env:UserInstallation=file://{Path(tmp) / 'profile'}"
        command = [soffice, "--headless", profile, "--convert-to", "pdf", "--outdir", tmp]
        print(f"LibreOffice, six editions to PDF, one call: {timed([*command, *files]):.2f} s")


if __name__ == "__main__":
    main()
