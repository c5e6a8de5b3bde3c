"""Building editions: plan what is out of date, render it in parallel, record it.

Rendering happens in worker processes forked after WeasyPrint is imported,
so each worker starts warm. Every output is written atomically and the
manifest is saved after each finished edition: a build cut short leaves
every file either old or new, and the next build redoes only what is left.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import multiprocessing.pool
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from hexaglot import atomic, catalogs, checks, html, manifest, pdf
from hexaglot.edition import Edition
from hexaglot.errors import RefusedError
from hexaglot.findings import ERROR
from hexaglot.paper import Paper
from hexaglot.project import Project
from hexaglot.translate import translate


@dataclass(frozen=True)
class Job:
    """One output file of one edition."""

    edition: Edition
    fmt: str  # "html" or "pdf"
    output: Path
    key: str
    variant: str


def edition(
    project: Project, paper: Paper, lang: str, languages: tuple[str, ...], official: bool = False
) -> tuple[Edition, tuple[str, ...]]:
    """The edition of ``paper`` in ``lang``; with ``official`` only a complete one."""
    if lang == paper.lang:
        return Edition(paper, lang, languages), ()
    path = project.catalog(paper.stem, lang)
    result = translate(paper, catalogs.read(path, locale=lang), lang)
    if official:
        errors = [f for f in checks.check(project, paper, lang) if f.severity == ERROR]
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
    return Edition(result.paper, lang, languages, result.percent), result.problems


def key(project: Project, ed: Edition, fmt: str, variant: str) -> str:
    """The sha256 of every input of one output (see hexaglot.manifest)."""
    parts = [
        manifest.file_sha(ed.paper.path),
        manifest.file_sha(project.catalog(ed.paper.stem, ed.lang)),
        manifest.toolkit(),
        *(manifest.font(family) for family in ed.conv.fonts + ed.masthead_conv.fonts),
        fmt,
        variant,
        ",".join(ed.languages),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def plan(
    project: Project,
    papers: list[Paper],
    langs: tuple[str, ...],
    formats: tuple[str, ...],
    out_dir: Path,
    variant: str,
    official: bool,
    report: Callable[[str], None],
) -> list[Job]:
    """Every output asked for; with ``official``, all are checked before any is built."""
    jobs = []
    for paper in papers:
        languages = tuple(sorted({paper.lang, *project.catalog_languages(paper.stem)}))
        for lang in langs or languages:
            ed, problems = edition(project, paper, lang, languages, official)
            for problem in problems:
                report(f"warning: {paper.stem} {lang}: {problem}")
            for fmt in formats:
                output = out_dir / paper.stem / f"{lang}.{fmt}"
                jobs.append(Job(ed, fmt, output, key(project, ed, fmt, variant), variant))
    return jobs


def render(job: Job) -> tuple[Job, float]:
    """Render and atomically write one output (in a worker); return it and its seconds."""
    started = time.perf_counter()
    source = html.render(job.edition, for_print=job.fmt == "pdf")
    if job.fmt == "html":
        atomic.write_text(job.output, source)
    else:
        atomic.write_bytes(job.output, pdf.render(source, job.variant))
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
    progress: Callable[[Job, bool], None],
) -> int:
    """Build the jobs not already fresh; return how many were built.

    The longest jobs go first, by the time each took last (kept in the
    manifest), so that no worker is left alone with a long tail.
    """
    book = manifest.Manifest(out_dir / "manifest.json")
    todo = []
    for job in jobs:
        if not force and book.fresh(job.output, job.key):
            progress(job, False)
        else:
            todo.append(job)
    todo.sort(key=lambda j: (-book.seconds(j.output), j.fmt != "pdf"))
    done_jobs = pool.imap_unordered(render, todo) if pool and len(todo) > 1 else map(render, todo)
    for done, seconds in done_jobs:
        book.record(done.output, done.key, seconds)
        book.save()
        progress(done, True)
    return len(todo)


def default_processes() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
