"""Building editions: for each paper and language, the HTML page and the PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hexaglot import atomic, catalogs, html, pdf
from hexaglot.edition import Edition
from hexaglot.errors import RefusedError
from hexaglot.paper import Paper
from hexaglot.project import Project
from hexaglot.translate import translate


@dataclass(frozen=True)
class Job:
    paper: Paper
    lang: str
    formats: tuple[str, ...]
    out_dir: Path
    languages: tuple[str, ...]
    variant: str


def edition(project: Project, paper: Paper, lang: str, languages: tuple[str, ...],
            official: bool = False) -> tuple[Edition, tuple[str, ...]]:
    """The edition of ``paper`` in ``lang``; with ``official`` only a complete one."""
    if lang == paper.lang:
        return Edition(paper, lang, languages), ()
    path = project.catalog(paper.stem, lang)
    result = translate(paper, catalogs.read(path, locale=lang), lang)
    if official and (result.percent < 100 or result.problems):
        detail = "; ".join(result.problems[:3]) or f"{result.percent}% translated"
        raise RefusedError(f"not complete enough for an official edition: {detail}", path)
    return Edition(result.paper, lang, languages, result.percent), result.problems


def write(ed: Edition, formats: tuple[str, ...], out_dir: Path, variant: str) -> list[Path]:
    """Render and atomically write the requested formats of one edition."""
    folder = out_dir / ed.paper.stem
    written = []
    if "html" in formats:
        path = folder / f"{ed.lang}.html"
        atomic.write_text(path, html.render(ed))
        written.append(path)
    if "pdf" in formats:
        path = folder / f"{ed.lang}.pdf"
        atomic.write_bytes(path, pdf.render(html.render(ed, for_print=True), variant))
        written.append(path)
    return written


def build_all(project: Project, papers: list[Paper], langs: tuple[str, ...],
              formats: tuple[str, ...], out_dir: Path, variant: str, official: bool,
              report: Callable[[str], None]) -> None:
    """Build every requested edition; with ``official``, check all before writing any."""
    editions = []
    for paper in papers:
        available = (paper.lang, *project.catalog_languages(paper.stem))
        languages = tuple(sorted(set(available)))
        for lang in langs or languages:
            ed, problems = edition(project, paper, lang, languages, official)
            for problem in problems:
                report(f"warning: {paper.stem} {lang}: {problem}")
            editions.append(ed)
    for ed in editions:
        for path in write(ed, formats, out_dir, variant):
            note = f" (draft, {ed.percent}% translated)" if ed.draft else ""
            report(f"wrote {path}{note}")
