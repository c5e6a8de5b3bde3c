"""Validate, check and stats over a project's papers: what CI and translators ask.

validate is the gate: a paper that breaks the schema, or a catalogue with
an error, fails it. check adds what makes an edition incomplete (untranslated,
fuzzy, stale). Each paper is read once and its messages computed once, for
all of its catalogues.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hexaglot.base.errors import InputError
from hexaglot.base.findings import ERROR, Finding
from hexaglot.catalogs import checks, pofile, template
from hexaglot.catalogs.stats import Stats, count
from hexaglot.paper import reader
from hexaglot.paper.model import Paper
from hexaglot.project.layout import Project


@dataclass(frozen=True)
class Validation:
    """What validate found, and how much it looked at."""

    findings: list[Finding]
    papers: int
    catalogues: int

    @property
    def summary(self) -> str:
        return f"{self.papers} paper(s) and {self.catalogues} catalogue(s) valid"


def catalogue_findings(
    project: Project, paper: Paper, lang: str, wanted: set[tuple[str, str]]
) -> list[Finding]:
    """Every finding for the ``lang`` catalogue of ``paper``, a missing or broken one too."""
    path = project.catalog(paper.stem, lang)
    if not path.exists():
        return [checks.missing(path, lang)]
    try:
        catalog = pofile.read(path)
    except InputError as exc:
        return [checks.unreadable(exc, path)]
    return checks.check(paper, lang, path, catalog, wanted)


def validate(project: Project, names: tuple[str, ...] = ()) -> Validation:
    """Schema findings for each paper, and error findings for each of its catalogues."""
    paths = project.papers(names)
    found: list[Finding] = []
    catalogues = 0
    for path in paths:
        paper, problems = reader.read(path)
        found.extend(problems)
        if paper is None:
            continue
        wanted = template.keys(paper)
        for lang in project.catalog_languages(paper.stem):
            catalogues += 1
            found.extend(
                f for f in catalogue_findings(project, paper, lang, wanted) if f.severity == ERROR
            )
    return Validation(found, len(paths), catalogues)


def check(
    project: Project, names: tuple[str, ...] = (), langs: Iterable[str] = ()
) -> list[Finding]:
    """Every finding for the templates and catalogues of the papers named (default: all)."""
    found: list[Finding] = []
    for path in project.papers(names):
        paper = reader.load(path)
        wanted = template.keys(paper)
        found.extend(checks.template_findings(paper, project.template(paper.stem), wanted))
        for lang in langs or project.catalog_languages(paper.stem):
            if lang == paper.lang:
                found.append(checks.source_language(paper))
            else:
                found.extend(catalogue_findings(project, paper, lang, wanted))
    return found


def stats(project: Project, names: tuple[str, ...] = (), langs: Iterable[str] = ()) -> list[Stats]:
    """How far each catalogue of the papers named has got, block by block of its paper."""
    rows = []
    for path in project.papers(names):
        paper = reader.load(path)
        for lang in langs or project.catalog_languages(paper.stem):
            if lang != paper.lang:
                rows.append(count(paper, lang, pofile.read(project.catalog(paper.stem, lang))))
    return rows
