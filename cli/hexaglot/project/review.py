"""Validate, check and stats over a project's papers: what CI and translators ask.

validate is the gate: a paper that breaks the schema, or a catalogue with
an error, fails it. check adds what makes an edition incomplete (untranslated,
fuzzy, stale). Each paper is read once and its messages computed once, for
all of its catalogues.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hexaglot.base.errors import InputError
from hexaglot.base.findings import ERROR, Finding
from hexaglot.catalogs import checks, pofile, template
from hexaglot.catalogs.stats import Stats, count
from hexaglot.paper import reader
from hexaglot.paper.model import Document, Meeting, Paper
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
    project: Project, paper: Document, lang: str, wanted: set[tuple[str, str]]
) -> list[Finding]:
    """Every finding for the ``lang`` catalogue of a paper or meeting, a missing or broken
    one too."""
    path = project.catalog_for(paper, lang)
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
    seen: set[Path] = set()
    for path in paths:
        paper, problems = reader.read(path)
        found.extend(problems)
        if paper is None:
            continue
        for doc in (paper, *_new_meeting(paper, seen)):
            wanted = template.keys(doc)
            for lang in project.languages_for(doc):
                catalogues += 1
                found.extend(
                    f for f in catalogue_findings(project, doc, lang, wanted) if f.severity == ERROR
                )
    return Validation(found, len(paths), catalogues)


def _new_meeting(paper: Paper, seen: set[Path]) -> list[Meeting]:
    """The meeting ``paper`` refers to, the first time one of its papers comes."""
    if not paper.masthead.meeting:
        return []
    path = reader.meeting_path(paper.path, paper.masthead.meeting)
    if path in seen:
        return []
    seen.add(path)
    return [reader.load_meeting(path)]


def check(
    project: Project, names: tuple[str, ...] = (), langs: Iterable[str] = ()
) -> list[Finding]:
    """Every finding for the templates and catalogues of the papers named (default: all)."""
    found: list[Finding] = []
    seen: set[Path] = set()
    for path in project.papers(names):
        paper = reader.load(path)
        for doc in (paper, *_new_meeting(paper, seen)):
            wanted = template.keys(doc)
            found.extend(checks.template_findings(doc, project.template_for(doc), wanted))
            for lang in langs or project.languages_for(doc):
                if lang == doc.source_lang:
                    if doc is paper:
                        found.append(checks.source_language(paper))
                else:
                    found.extend(catalogue_findings(project, doc, lang, wanted))
    return found


def stats(project: Project, names: tuple[str, ...] = (), langs: Iterable[str] = ()) -> list[Stats]:
    """How far each catalogue of the papers named has got, block by block of its paper."""
    rows = []
    seen: set[Path] = set()
    for path in project.papers(names):
        paper = reader.load(path)
        for doc in (paper, *_new_meeting(paper, seen)):
            for lang in langs or project.languages_for(doc):
                if lang != doc.source_lang and project.catalog_for(doc, lang).exists():
                    rows.append(count(doc, lang, pofile.read(project.catalog_for(doc, lang))))
    return rows
