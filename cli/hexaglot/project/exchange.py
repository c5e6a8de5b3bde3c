"""Exchanging catalogues with CAT tools: XLIFF export and import, TMX export, over a project.

Both bring the catalogue up to date with its paper first, as update does,
so an export offers exactly what update would leave, and an export followed
by an import changes nothing. Import goes through the same checks as a
catalogue: if a translation it brings has an error (a placeholder lost,
foreign markup), nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from hexaglot.base import atomic, safexml
from hexaglot.base.errors import InputError, UsageError
from hexaglot.base.findings import ERROR, Finding
from hexaglot.base.languages import LANGUAGES
from hexaglot.catalogs import checks, pofile, tmx, xliff
from hexaglot.catalogs.catalog import Catalog
from hexaglot.paper import reader
from hexaglot.paper.model import Paper
from hexaglot.project import sync
from hexaglot.project.layout import Project


def _up_to_date(project: Project, paper: Paper, lang: str) -> Catalog:
    """The ``lang`` catalogue of ``paper`` as update would leave it (not written)."""
    return sync.merged(project, paper, lang, sync.current_template(project, paper)[0])


def export(
    project: Project, name: str, lang: str, out: Path | None, version: str
) -> tuple[Path, bool]:
    """Write the XLIFF of paper ``name`` in ``lang``; return its path and whether it was written."""
    paper = reader.load(project.papers((name,))[0])
    if lang == paper.lang:
        raise UsageError(f"{lang} is the original language of {paper.stem}: nothing to translate")
    data = xliff.export(paper, lang, _up_to_date(project, paper, lang), version)
    path = out or Path(f"{paper.stem}.{lang}.xlf")
    return path, atomic.write_bytes(path, data)


def import_(project: Project, path: Path) -> tuple[Path, bool, list[Finding]]:
    """Merge the translations of the XLIFF file ``path`` into their catalogue.

    Returns the catalogue's path, whether it was written, and the errors
    that kept it from being written (findings at the units' lines).
    """
    try:
        size = path.stat().st_size
    except OSError:
        raise InputError("no such file", path) from None
    if size > safexml.MAX_BYTES:
        raise InputError(f"XML files are limited to {safexml.MAX_BYTES // 2**20} MiB", path)
    document = xliff.read(path.read_bytes(), path)
    paper = reader.load(project.papers((document.stem,))[0])
    lang = document.target_lang
    if lang not in LANGUAGES:
        raise InputError(f"target language {lang!r} is not one of {', '.join(LANGUAGES)}", path)
    if document.source_lang != paper.lang:
        raise InputError(
            f"the source language is {document.source_lang!r}, but {paper.stem} is in {paper.lang}",
            path,
        )
    if lang == paper.lang:
        raise InputError(
            f"the target language {lang} is the original language of {paper.stem}", path
        )
    catalog = _up_to_date(project, paper, lang)
    changed = xliff.apply(document, paper, catalog, path)
    target = project.catalog(paper.stem, lang)
    errors = [f for f in checks.check_entries(paper, lang, path, changed) if f.severity == ERROR]
    if errors:
        return target, False, errors
    return target, pofile.write(target, catalog), []


def tm_export(project: Project, lang: str, out: Path | None) -> tuple[Path, bool, int]:
    """Write the finished ``lang`` translations of every paper (and meeting) as TMX.

    Returns the file, whether it was written, and how many units it holds.
    """
    units = []
    for doc in sync.documents(project, ()):
        path = project.catalog_for(doc, lang)
        if lang == doc.source_lang or not path.exists():
            continue
        current = {block.id: block for block in doc.blocks()}
        for msg in pofile.read(path):
            block = current.get(msg.context or "")
            if block is not None and msg.string and not msg.fuzzy:
                units.append(
                    tmx.Unit(f"{doc.stem}#{msg.context}", doc.source_lang, msg.id, lang, msg.string)
                )
    target = out or Path(f"{lang}.tmx")
    return target, atomic.write_bytes(target, tmx.write(units)), len(units)
