"""How long extract + update take on a long paper, next to GNU msgmerge and Babel.

A synthetic paper of 2,000 paragraphs (about 40 words each) is written in a
temporary project with a complete catalogue; then 10% of the paragraphs are
reworded and the catalogue is brought up to date three ways:

- hexaglot's library (``hexaglot.project.sync.extract`` + ``update``);
- GNU ``msgmerge --quiet old.po new.pot`` on the same two files;
- Babel's own ``Catalog.update`` on 400 messages, for reference (it compares
  every unmatched message with every other, so it is not run on 2,000).

Run: ``.venv/bin/python bench/catalogue_bench.py``. It prints figures and
asserts nothing; it takes well under a minute.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import string
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from babel.messages.catalog import Catalog

from hexaglot.catalogs import pofile as catalogs
from hexaglot.catalogs.catalog import Message
from hexaglot.paper import reader as papers
from hexaglot.project import sync
from hexaglot.project.layout import Project

STEM = "BENCH-1"
T = TypeVar("T")

MASTHEAD = """<?xml version="1.0" encoding="UTF-8"?>
<paper xml:lang="en" symbol="UNEP/BENCH/1">
  <masthead>
    <organ code="UNEP">United Nations Environment Programme</organ>
    <distribution>general</distribution>
    <issued>2008-08-13</issued>
    <original>en</original>
    <meeting>
      <name>Benchmark Working Group</name>
      <session number="1">First meeting</session>
      <place>Nairobi, Kenya</place>
      <dates first="2008-10-06" last="2008-10-10"/>
    </meeting>
    <agenda-item number="3" provisional="yes">
      <title>A long paper for timing</title>
      <note id="fn_agenda" marker="*"><symbol>UNEP/BENCH/1/Add.1</symbol>.</note>
    </agenda-item>
  </masthead>
  <title>Synthetic paper of many paragraphs</title>
"""


def _words(rng: random.Random, vocabulary: list[str], count: int) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(count)).capitalize() + "."


def write_paper(path: Path, texts: dict[str, str], per_subsection: int = 20) -> None:
    """A schema-valid paper holding ``texts`` (id -> text) as consecutive paragraphs."""
    out = [MASTHEAD]
    ids = list(texts)
    out.append('  <section id="sec_background" numbered="no">\n    <heading>Background</heading>\n')
    number = 0

    def para(pid: str) -> str:
        nonlocal number
        number += 1
        return f'      <para id="{pid}" n="{number}">{texts[pid]}</para>\n'

    out.extend(para(pid) for pid in ids[:4])
    out.append("  </section>\n")
    rest = ids[4:]
    per_section = per_subsection * 5
    for s in range(0, len(rest), per_section):
        sec = s // per_section + 1
        out.append(f'  <section id="sec_{sec}">\n    <heading>Section {sec}</heading>\n')
        chunk = rest[s : s + per_section]
        for u in range(0, len(chunk), per_subsection):
            letter = string.ascii_uppercase[u // per_subsection]
            out.append(
                f'    <subsection id="sec_{sec}__subsec_{letter}">\n'
                f"      <heading>Subsection {sec}.{letter}</heading>\n"
            )
            out.extend(para(pid) for pid in chunk[u : u + per_subsection])
            out.append("    </subsection>\n")
        out.append("  </section>\n")
    out.append("</paper>\n")
    path.write_text("".join(out), encoding="utf-8")


def timed(action: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def translate(text: str) -> str:
    """A stand-in translation: the words in reverse order, upper-cased."""
    return " ".join(reversed(text.split(" "))).upper()


def babel_reference(rng: random.Random, vocabulary: list[str], size: int, changed: float) -> float:
    """Seconds Babel's Catalog.update takes on ``size`` messages with ``changed`` reworded."""
    texts = [_words(rng, vocabulary, 40) for _ in range(size)]
    old = Catalog(locale="fr")
    for i, text in enumerate(texts):
        old.add(text, translate(text), context=f"para_{i + 1}")
    template = Catalog()
    reworded = set(rng.sample(range(size), int(size * changed)))
    for i, text in enumerate(texts):
        if i in reworded:
            text = text.replace(" ", " very ", 1)
        template.add(text, context=f"para_{i + 1}")
    _, seconds = timed(lambda: old.update(template))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--words", type=int, default=40)
    parser.add_argument("--changed", type=float, default=0.10)
    parser.add_argument("--babel-messages", type=int, default=400)
    parser.add_argument("--memory", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2008)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    vocabulary = [
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 10)))
        for _ in range(5000)
    ] + ["the", "of", "and", "to", "in", "mercury", "Parties", "Convention"] * 200

    with tempfile.TemporaryDirectory(prefix="hexaglot-bench-") as tmp:
        root = Path(tmp)
        project = Project(root)
        source = root / "source" / f"{STEM}.xml"
        source.parent.mkdir(parents=True)
        texts = {
            f"para_{i}": _words(rng, vocabulary, rng.randint(args.words - 10, args.words + 10))
            for i in range(1, args.paragraphs + 1)
        }
        write_paper(source, texts)

        # The starting point: a template and a complete catalogue for it.
        doc, load_first = timed(lambda: papers.load(source))
        sync.extract(project, doc)
        po = project.catalog(STEM, "fr")
        po.parent.mkdir(parents=True)
        catalog = sync.new_catalog(doc, "fr")
        for msg in catalogs.read(project.template(STEM)):
            catalog.entries.append(
                Message(
                    msg.id,
                    translate(msg.id),
                    context=msg.context,
                    auto_comments=msg.auto_comments,
                    locations=msg.locations,
                )
            )
        catalogs.write(po, catalog)
        old_po = root / "old.po"
        shutil.copy(po, old_po)

        # The edit: 10% of the paragraphs reworded.
        reworded = rng.sample(sorted(texts), int(len(texts) * args.changed))
        for pid in reworded:
            words = texts[pid].split(" ")
            words[rng.randrange(1, len(words))] = rng.choice(vocabulary)
            texts[pid] = " ".join(words)
        write_paper(source, texts)

        doc, load_seconds = timed(lambda: papers.load(source))
        _, extract_seconds = timed(lambda: sync.extract(project, doc))
        _, update_seconds = timed(lambda: sync.update(project, doc, ["fr"]))
        ours = extract_seconds + update_seconds
        new_pot = root / "new.pot"
        shutil.copy(project.template(STEM), new_pot)

        gnu_out = root / "gnu.po"
        gnu = shutil.which("msgmerge")
        gnu_seconds = None
        if gnu:
            command = [gnu, "--quiet", "-o", str(gnu_out), str(old_po), str(new_pot)]
            _, gnu_seconds = timed(lambda: subprocess.run(command, check=True))

        merged = catalogs.read(po)
        fuzzy = sum(1 for m in merged if m.fuzzy)
        size = source.stat().st_size
        words = sum(len(t.split()) for t in texts.values())
        print(
            f"paper: {args.paragraphs} paragraphs, {words} words, {size / 1e6:.2f} MB;"
            f" {len(reworded)} paragraphs reworded"
        )
        print(
            f"hexaglot load (validate + read): {load_seconds:6.2f} s"
            f" (first load {load_first:.2f} s)"
        )
        print(f"hexaglot extract:                {extract_seconds:6.2f} s")
        print(
            f"hexaglot update:                 {update_seconds:6.2f} s"
            f" ({fuzzy} fuzzy of {len([m for m in merged if m.id])})"
        )
        print(f"hexaglot extract + update:       {ours:6.2f} s")
        if gnu_seconds is not None:
            gnu_fuzzy = sum(1 for m in catalogs.read(gnu_out) if m.id and m.fuzzy)
            print(f"GNU msgmerge --quiet:            {gnu_seconds:6.2f} s ({gnu_fuzzy} fuzzy)")
            print(f"ratio hexaglot / msgmerge:       {ours / gnu_seconds:6.2f}")
        else:
            print("GNU msgmerge: not installed")

        # Translation memory: a new catalogue for the paper, pre-filled from a
        # 50,000-segment catalogue of the same language (half of the paper in it).
        po.unlink()
        memory = sync.new_catalog(doc, "fr")
        known = [msg for msg in catalogs.read(project.template(STEM)) if msg.id][::2]
        for i in range(args.memory):
            source_text = known[i].id if i < len(known) else _words(rng, vocabulary, 30)
            memory.entries.append(
                Message(source_text, translate(source_text), context=f"m_{i}", locations=[])
            )
        catalogs.write(project.catalog("MEMORY", "fr"), memory)
        runs = []
        for _ in range(5):  # a new catalogue each time; the median of five
            po.unlink(missing_ok=True)
            runs.append(timed(lambda: sync.update(project, doc, ["fr"]))[1])
        memory_seconds = statistics.median(runs)
        prefilled = sum(1 for m in catalogs.read(po) if m.fuzzy and m.string)
        print(
            f"update with a {args.memory}-segment memory: {memory_seconds:6.2f} s (median of 5)"
            f" ({prefilled} of {len(known) * 2} messages pre-filled; target under 2 s)"
        )

    seconds = babel_reference(rng, vocabulary, args.babel_messages, args.changed)
    print(f"Babel Catalog.update, {args.babel_messages} messages: {seconds:6.2f} s (reference)")


if __name__ == "__main__":
    main()
