"""Keeping templates and catalogues in step with their papers (extract, update)."""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog

from hexaglot import catalogs, template
from hexaglot.merge import merge
from hexaglot.paper import Paper
from hexaglot.project import Project


def extract(project: Project, paper: Paper) -> tuple[Path, bool]:
    """Write the paper's template; an unchanged template keeps its file and its date."""
    path = project.template(paper.stem)
    if path.exists():
        old = catalogs.read(path)
        same_date = template.build(paper, creation_date=old.creation_date)
        if catalogs.dump(same_date) == path.read_bytes():
            return path, False
    return path, catalogs.write(path, template.build(paper))


def new_catalog(paper: Paper, lang: str) -> Catalog:
    """An empty catalogue for ``lang`` with the headers gettext tools expect."""
    name = Locale.parse(lang).get_display_name("en")
    return Catalog(
        locale=lang,
        domain=paper.stem,
        project=paper.symbol,
        version=paper.masthead.issued.isoformat(),
        language_team=f"{name} <LL@li.org>",
        creation_date=template.now(),
        fuzzy=False,
        header_comment=f"# {name} translation of {paper.symbol}.\n",
    )


def update(project: Project, paper: Paper, langs: list[str]) -> list[tuple[Path, bool]]:
    """Merge the template into each ``langs`` catalogue, creating missing ones.

    Every catalogue is read and merged before any is written, so one that
    fails to parse leaves all of them as they were.
    """
    tpl_path = project.template(paper.stem)
    tpl = catalogs.read(tpl_path) if tpl_path.exists() else template.build(paper)
    merged = []
    for lang in langs:
        path = project.catalog(paper.stem, lang)
        old = catalogs.read(path, locale=lang) if path.exists() else new_catalog(paper, lang)
        merged.append((path, merge(tpl, old)))
    return [(path, catalogs.write(path, catalog)) for path, catalog in merged]
