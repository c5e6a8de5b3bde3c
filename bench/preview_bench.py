"""Save-to-page time of hexaglot preview on UNEP(DTIE)/Hg/OEWG.2/10, in zh and ar.

For each language, `hexaglot preview` runs as a process on a copy of the
project and Debian's Chromium (through Playwright) shows its page. Ten times,
one paragraph's translation is changed and the catalogue saved as Poedit
saves it (a new file renamed over the old); the time runs from just before
the rename to the moment the page's script has applied the update (the
page stamps it, on the same clock). Prints the median, fastest and slowest.

Run: ``.venv/bin/python bench/preview_bench.py`` (about half a minute).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from hexaglot.catalogs import pofile

ROOT = Path(__file__).resolve().parents[1]
PAPER = "UNEP-DTIE-Hg-OEWG.2-10"
SAVES = 10
BLOCK = "para_14"


def save(path: Path, text: str) -> float:
    """Set the translation of BLOCK and save by rename; the time (ms) just before the rename."""
    catalog = pofile.read(path)
    next(m for m in catalog if m.context == BLOCK).string = text
    temporary = path.with_name(f".{path.name}~")
    temporary.write_bytes(pofile.dump(catalog))
    started = time.time() * 1000
    os.replace(temporary, path)
    return started


def measure(lang: str, chromium: str) -> list[float]:
    """Milliseconds from each of SAVES saves to the page updated."""
    with tempfile.TemporaryDirectory(prefix="hexaglot-preview-bench-") as tmp:
        project = Path(tmp)
        for name in ("source", "translations"):
            shutil.copytree(ROOT / name, project / name)
        catalogue = project / "translations" / lang / f"{PAPER}.po"
        original = next(m for m in pofile.read(catalogue) if m.context == BLOCK).string
        proc = subprocess.Popen(
            [sys.executable, "-m", "hexaglot", "preview", PAPER, "-l", lang, "--port", "0"],
            cwd=project,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )
        try:
            url = re.search(r"http://\S+/", proc.stdout.readline()).group(0)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=["--no-sandbox"]
                )
                page = browser.new_page()
                page.goto(url)
                body = page.locator("body")
                times = []
                for n in range(1, SAVES + 1):
                    version = int(body.get_attribute("data-version"))
                    page.wait_for_timeout(300)  # saves apart, as a translator makes them
                    started = save(catalogue, f"({n}) {original}")
                    expect(body).to_have_attribute("data-version", str(version + 1), timeout=30_000)
                    times.append(float(body.get_attribute("data-updated")) - started)
                browser.close()
            return times
        finally:
            proc.terminate()
            proc.wait(30)


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("preview_bench.py needs chromium (Debian: apt-get install chromium)")
    print(f"Save to updated page, {PAPER}, {SAVES} saves of {BLOCK} each (ms):")
    print("| language | median | fastest | slowest |")
    print("|---|---|---|---|")
    for lang in ("zh", "ar"):
        times = measure(lang, chromium)
        print(f"| {lang} | {statistics.median(times):.0f} | {min(times):.0f} | {max(times):.0f} |")


if __name__ == "__main__":
    main()
