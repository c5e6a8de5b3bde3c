"""Keeping templates and catalogues in step with their papers (extract, update)."""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog

from hexaglot.catalogs import pofile, template
from hexaglot.catalogs.merge import merge
from hexaglot.paper.model import Paper
from hexaglot.project.layout import Project


def current_template(project: Project, paper: Paper) -> tuple[Catalog, bool]:
    """The paper's template, and whether the file on disk already holds it.

    A template whose messages did not change keeps the creation date on
    disk, so that neither it nor the catalogues merged from it are rewritten.
    """
    path = project.template(paper.stem)
    if path.exists():
        old = pofile.read(path)
        same_date = template.build(paper, creation_date=old.creation_date)
        if pofile.dump(same_date) == path.read_bytes():
            return same_date, True
    return template.build(paper), False


def extract(project: Project, paper: Paper) -> tuple[Path, bool]:
    """Write the paper's template; return its path and whether it was written."""
    path = project.template(paper.stem)
    catalog, unchanged = current_template(project, paper)
    return path, not unchanged and pofile.write(path, catalog)


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
    """Merge the paper's messages into each ``langs`` catalogue, creating missing ones.

    The messages are the paper's own: the template on disk when it holds
    them (so that its creation date carries over), else a fresh one, so a
    template not yet extracted cannot hold a catalogue back. Every catalogue
    is read and merged before any is written, so one that fails to parse
    leaves all of them as they were.
    """
    path = project.template(paper.stem)
    tpl = pofile.read(path) if path.exists() else None
    if tpl is None or {(m.context, m.id) for m in tpl if m.id} != template.keys(paper):
        tpl = template.build(paper)
    merged = []
    for lang in langs:
        out = project.catalog(paper.stem, lang)
        old = pofile.read(out, locale=lang) if out.exists() else new_catalog(paper, lang)
        merged.append((out, merge(tpl, old)))
    return [(out, pofile.write(out, catalog)) for out, catalog in merged]
