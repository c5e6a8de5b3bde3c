"""What the /ActualText hook (hexaglot.render.actualtext) costs when rendering.

The six print HTML files of OEWG.2/10 are rendered in one process, each in
turns with WeasyPrint's own ``draw_first_line`` and with the hooked one, and
the CPU seconds of each render are compared (medians; the turns alternate
and swap order, so the machine's load and warm caches fall on both alike).
Printed per edition: seconds without and with the hook, the difference in
per cent, and the six together.

Run: ``.venv/bin/python bench/actualtext_bench.py [ROUNDS]`` (default 8
rounds, about a minute on 2 cores). It prints the figures and asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from run import print_sources

from hexaglot.render import pdf


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    pdf.prepare()
    from weasyprint.draw import text

    hooked = text.draw_first_line
    stock = hooked.__hexaglot_fix__  # the function before the fix
    with tempfile.TemporaryDirectory() as tmp:
        sources = print_sources(Path(tmp))
        print("| edition | without (s) | with (s) | difference |")
        print("|---|---|---|---|")
        totals = [0.0, 0.0]
        for path in sources:
            page = path.read_text("utf-8")
            seconds: dict[str, list[float]] = {"without": [], "with": []}
            turns = [("without", stock), ("with", hooked)]
            for _ in range(rounds):
                turns.reverse()  # neither goes first every time
                for name, function in turns:
                    text.draw_first_line = function
                    started = time.process_time()
                    pdf.render(page)
                    seconds[name].append(time.process_time() - started)
            text.draw_first_line = hooked
            without, with_ = (statistics.median(seconds[k]) for k in ("without", "with"))
            totals = [totals[0] + without, totals[1] + with_]
            row(path.name.split(".")[0], without, with_)
        row("all six", *totals)


def row(name: str, without: float, with_: float) -> None:
    print(f"| {name} | {without:.3f} | {with_:.3f} | {with_ / without - 1:+.1%} |")


if __name__ == "__main__":
    main()
