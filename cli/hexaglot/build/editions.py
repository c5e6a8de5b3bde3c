"""Building editions: plan what is out of date, render it in parallel, record it.

Rendering happens in worker processes forked while WeasyPrint is imported,
so each worker starts warm. Every output is written atomically and the
manifest is saved after each finished output: a build cut short leaves
every file either old or new, and the next build redoes only what is left.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import multiprocessing.pool
import os
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from hexaglot.base import atomic, resources
from hexaglot.base.errors import InputError, RefusedError, UsageError
from hexaglot.base.findings import ERROR
from hexaglot.base.languages import LANGUAGES
from hexaglot.build import manifest
from hexaglot.catalogs import checks, pofile, template
from hexaglot.catalogs.catalog import Catalog
from hexaglot.catalogs.translate import translate, translate_meeting
from hexaglot.paper import reader
from hexaglot.paper.model import Paper
from hexaglot.project.layout import Project
from hexaglot.render import html, pdf
from hexaglot.render import meeting as meeting_page
from hexaglot.render.edition import Edition, Links

FORMATS = ("html", "pdf", "docx")
#: What a build writes unless asked: the web page and the PDF. Word editions are
#: for editors and translators, who ask for them (-f docx).
DEFAULT_FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class Shard:
    """The ``index``-th of ``count`` fixed shares of a build (1-based), for CI matrices."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """Read "K/N" (1 ≤ K ≤ N)."""
        found = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if not found or not 1 <= int(found.group(1)) <= int(found.group(2)):
            raise UsageError(f"a shard is K/N with 1 ≤ K ≤ N, such as 2/3; not {text!r}")
        return cls(int(found.group(1)), int(found.group(2)))

    def take(self, targets: list[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
        """This shard's (paper, language, format) targets.

        Targets are dealt round-robin, PDFs first: every shard gets its share
        of the slow outputs, and the N shards together are exactly the build.
        """
        dealt = sorted(targets, key=lambda t: (t[2] != "pdf", t))
        return {t for i, t in enumerate(dealt) if i % self.count == self.index - 1}


@dataclass(frozen=True)
class Options:
    """What a build is asked for; empty ``langs`` means every language a paper has."""

    langs: tuple[str, ...] = ()
    formats: tuple[str, ...] = DEFAULT_FORMATS
    out_dir: Path | None = None  # default: the project's build/
    variant: str = "pdf/ua-1"
    official: bool = False
    processes: int | None = None  # default: the number of cores
    force: bool = False
    shard: Shard | None = None


@dataclass(frozen=True)
class Job:
    """One output file of one edition."""

    edition: Edition
    fmt: str  # one of FORMATS
    output: Path
    key: str
    variant: str


class Reporter(Protocol):
    """How a build tells its caller what happens; the command line prints it."""

    def warning(self, text: str) -> None: ...
    def planned(self, jobs: list[Job]) -> None: ...
    def finished(self, job: Job, built: bool) -> None: ...
    def wrote(self, page: Path) -> None: ...


def edition(
    project: Project,
    paper: Paper,
    lang: str,
    languages: tuple[str, ...],
    wanted: set[tuple[str, str]] | None = None,
) -> tuple[Edition, tuple[str, ...]]:
    """The edition of ``paper`` in ``lang``, from its catalogue read once.

    With ``wanted`` (the paper's messages, :func:`hexaglot.catalogs.template.keys`)
    the edition is to be official: one that is incomplete or has a check
    error is refused (RefusedError) instead.
    """
    if lang == paper.lang:
        return Edition(paper, lang, languages), ()
    path = project.catalog(paper.stem, lang)
    catalog = pofile.read(path)
    if not checks.belongs(paper, catalog):
        raise InputError(
            f"not a translation of {paper.stem}: {checks.mismatch_message(paper, catalog)}",
            path,
        )
    result = translate(paper, catalog, lang, meeting_catalog(project, paper, lang))
    if wanted is not None:
        errors = [
            f for f in checks.check(paper, lang, path, catalog, wanted) if f.severity == ERROR
        ]
        if errors or result.percent < 100 or result.problems:
            detail = (
                f"{errors[0].where or ''}: {errors[0].message}"
                if errors
                else "; ".join(result.problems[:3]) or f"{result.percent}% translated"
            )
            raise RefusedError(
                f"not fit for an official edition: {detail}",
                path,
                errors[0].line if errors else None,
            )
    edition = Edition(result.paper, lang, languages, result.percent, result.untranslated)
    return edition, result.problems


def meeting_catalog(project: Project, paper: Paper, lang: str) -> Catalog | None:
    """The ``lang`` catalogue of the meeting ``paper`` refers to, if it has one."""
    if not paper.masthead.meeting:
        return None
    path = project.meeting_catalog(paper.masthead.meeting, lang)
    return pofile.read(path) if path.exists() else None


def key(project: Project, ed: Edition, fmt: str, variant: str) -> str:
    """The sha256 of every input of one output (see hexaglot.build.manifest)."""
    meeting = ed.paper.masthead.meeting
    meeting_path = reader.meeting_path(ed.paper.path, meeting) if meeting else None
    parts = [
        manifest.file_sha(ed.paper.path),
        manifest.file_sha(project.catalog(ed.paper.stem, ed.lang)),
        # A masthead from a meeting file: that file and its catalogue are inputs too.
        manifest.file_sha(meeting_path) if meeting_path else "-",
        manifest.file_sha(project.translations_dir / ed.lang / "meetings" / f"{meeting}.po")
        if meeting
        else "-",
        resources.fingerprint(),
        *(manifest.font(family) for family in ed.conv.fonts + ed.masthead_conv.fonts),
        fmt,
        variant,
        ",".join(ed.languages),
        repr(ed.links),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def plan(
    project: Project,
    papers: list[Paper],
    options: Options,
    reporter: Reporter,
    others: Sequence[Paper] = (),
) -> list[Job]:
    """The outputs asked for; with ``official``, every edition is checked before any is built."""
    out_dir = options.out_dir or project.build_dir
    languages = {
        paper.stem: tuple(sorted({paper.lang, *project.catalog_languages(paper.stem)}))
        for paper in papers
    }
    targets = [
        (paper.stem, lang, fmt)
        for paper in papers
        for lang in options.langs or languages[paper.stem]
        for fmt in options.formats
    ]
    chosen = options.shard.take(targets) if options.shard else set(targets)
    links = Links(
        tuple(sorted({p.symbol: p.stem for p in [*others, *papers]}.items())), project.resolver()
    )
    jobs = []
    for paper in papers:
        messages = template.keys(paper) if options.official else None
        for lang in options.langs or languages[paper.stem]:
            formats = [fmt for fmt in options.formats if (paper.stem, lang, fmt) in chosen]
            if not formats:
                continue
            ed, problems = edition(project, paper, lang, languages[paper.stem], messages)
            ed = replace(ed, links=links)
            for problem in problems:
                reporter.warning(f"{paper.stem} {lang}: {problem}")
            for fmt in formats:
                output = out_dir / paper.stem / f"{lang}.{fmt}"
                key_ = key(project, ed, fmt, options.variant)
                jobs.append(Job(ed, fmt, output, key_, options.variant))
    return jobs


def other_papers(project: Project, papers: list[Paper]) -> list[Paper]:
    """The project's valid papers besides ``papers``: what symbols link to, what a
    meeting's page lists."""
    built = {paper.path.resolve() for paper in papers}
    out = []
    for path in sorted(project.source_dir.glob("*.xml")):
        if path.resolve() not in built:
            paper, _ = reader.read(path)
            if paper is not None:
                out.append(paper)
    return out


def render(job: Job) -> tuple[Job, float]:
    """Render and atomically write one output (in a worker); return it and its seconds."""
    started = time.perf_counter()
    if job.fmt == "docx":
        from hexaglot.render import docx  # python-docx is loaded only for Word editions

        atomic.write_bytes(job.output, docx.render(job.edition))
        return job, time.perf_counter() - started
    source = html.render(job.edition, for_print=job.fmt == "pdf")
    if job.fmt == "html":
        atomic.write_text(job.output, source)
    else:
        document = pdf.render(source, job.variant, html.images(job.edition))
        atomic.write_bytes(job.output, document)
    return job, time.perf_counter() - started


@contextlib.contextmanager
def workers(processes: int, pdfs: bool) -> Iterator[multiprocessing.pool.Pool | None]:
    """Worker processes, started at once so that they import WeasyPrint while the
    caller loads and plans; None (render in this process) for one process."""
    if processes <= 1:
        if pdfs:
            pdf.prepare()  # here, so that the time recorded for each output is its own
        yield None
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=pdf.prepare if pdfs else None) as pool:
        yield pool


def run(
    jobs: list[Job],
    out_dir: Path,
    pool: multiprocessing.pool.Pool | None,
    force: bool,
    reporter: Reporter,
) -> None:
    """Build the jobs not already fresh.

    The longest jobs go first, by the time each took last (kept in the
    manifest), so that no worker is left alone with a long tail.
    """
    book = manifest.Manifest(out_dir / "manifest.json")
    todo = []
    for job in jobs:
        if not force and book.fresh(job.output, job.key):
            reporter.finished(job, False)
        else:
            todo.append(job)
    todo.sort(key=lambda j: (-book.seconds(j.output), j.fmt != "pdf"))
    done_jobs = pool.imap_unordered(render, todo) if pool and len(todo) > 1 else map(render, todo)
    for done, seconds in done_jobs:
        book.record(done.output, done.key, seconds)
        book.save()
        reporter.finished(done, True)


def meeting_pages(
    project: Project,
    papers: list[Paper],
    others: list[Paper],
    jobs: list[Job],
    langs: tuple[str, ...],
    out_dir: Path,
) -> list[Path]:
    """Write the page of each meeting of ``papers`` in each language; return the pages written.

    A page lists every valid paper of the project that refers to the meeting
    (``papers`` built now and the ``others``), with the PDFs found in ``out_dir``;
    titles come from the editions just built where there are some.
    """
    refs = sorted({p.masthead.meeting for p in papers if p.masthead.meeting})
    members: dict[str, list[Paper]] = {ref: [] for ref in refs}
    for paper in [*papers, *others]:
        if paper.masthead.meeting in members:
            members[paper.masthead.meeting].append(paper)
    built = {(job.edition.paper.stem, job.edition.lang): job.edition for job in jobs}
    written = []
    for ref in refs:
        meeting = reader.load_meeting(reader.meeting_path(members[ref][0].path, ref))
        for lang in langs or LANGUAGES:
            listings = [
                _listing(project, paper, lang, out_dir, built.get((paper.stem, lang)))
                for paper in members[ref]
            ]
            catalog = project.meeting_catalog(ref, lang)
            here = translate_meeting(
                meeting, pofile.read(catalog) if lang != meeting.lang and catalog.exists() else None
            )
            page = out_dir / "meetings" / ref / f"{lang}.html"
            if atomic.write_text(page, meeting_page.render(here, lang, listings)):
                written.append(page)
    return written


def _listing(
    project: Project, paper: Paper, lang: str, out_dir: Path, edition: Edition | None
) -> meeting_page.Listing:
    """How a meeting's page in ``lang`` lists ``paper``: its title there, and its editions."""
    title, title_lang = paper.title.text, paper.lang
    catalog = project.catalog(paper.stem, lang)
    if edition is None and lang != paper.lang and catalog.exists():
        result = translate(paper, pofile.read(catalog), lang)
        edition = Edition(result.paper, lang, (), result.percent, result.untranslated)
    if lang == paper.lang:
        title_lang = lang
    elif edition is not None and paper.title.id not in edition.untranslated:
        title, title_lang = edition.paper.title.text, lang
    files = {other: out_dir / paper.stem / f"{other}.pdf" for other in LANGUAGES}
    editions = tuple(
        (other, files[other].stat().st_size if files[other].exists() else None)
        for other in sorted({paper.lang, *project.catalog_languages(paper.stem)})
    )
    agenda = tuple((item.number, item.sub) for item in paper.masthead.agenda)
    return meeting_page.Listing(paper.symbol, paper.stem, title, title_lang, agenda, editions)


def default_processes() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def build(
    project: Project, names: tuple[str, ...], options: Options, reporter: Reporter
) -> list[Job]:
    """Build the editions of the papers named (default: every paper); return every job."""
    processes = options.processes or default_processes()
    with workers(processes, "pdf" in options.formats) as pool:
        papers = [reader.load(path) for path in project.papers(names)]
        others = other_papers(project, papers)
        jobs = plan(project, papers, options, reporter, others)
        reporter.planned(jobs)
        out_dir = options.out_dir or project.build_dir
        run(jobs, out_dir, pool, options.force, reporter)
    # A meeting's page lists every edition's PDF: a shard, which builds some, leaves it.
    if options.shard is None:
        for page in meeting_pages(project, papers, others, jobs, options.langs, out_dir):
            reporter.wrote(page)
    return jobs
