"""Keeping templates and catalogues in step with their papers (extract, update)."""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel.messages.plurals import get_plural

from hexaglot.base.errors import InputError
from hexaglot.base.languages import LANGUAGES
from hexaglot.catalogs import pofile, template, tmx
from hexaglot.catalogs.catalog import Catalog, Message
from hexaglot.catalogs.memory import Memory
from hexaglot.catalogs.merge import merge
from hexaglot.paper import reader
from hexaglot.paper.model import Document
from hexaglot.project.layout import Project


def current_template(project: Project, paper: Document) -> tuple[Catalog, bool]:
    """The template of a paper (or meeting), and whether the file on disk already holds it.

    A template whose messages did not change keeps the creation date on
    disk, so that neither it nor the catalogues merged from it are rewritten.
    """
    path = project.template_for(paper)
    catalog, dated = _template(project, paper)
    return catalog, dated and pofile.dump(catalog) == path.read_bytes()


def _template(project: Project, paper: Document) -> tuple[Catalog, bool]:
    """The template, dated as on disk when the file there holds the same messages
    (and whether it does)."""
    path = project.template_for(paper)
    if path.exists():
        old = pofile.read(path, layout=False)
        if {(m.context, m.id) for m in old} == template.keys(paper):
            return template.build(paper, old.header_field("POT-Creation-Date")), True
    return template.build(paper), False


def extract(project: Project, paper: Document) -> tuple[Path, bool]:
    """Write the template of a paper (or meeting); return its path and whether it was written."""
    path = project.template_for(paper)
    catalog, unchanged = current_template(project, paper)
    return path, not unchanged and pofile.write(path, catalog)


def new_catalog(paper: Document, lang: str) -> Catalog:
    """An empty catalogue for ``lang`` with the headers gettext tools expect."""
    name = Locale.parse(lang).get_display_name("en")
    forms = get_plural(lang)
    fields = [
        ("Project-Id-Version", f"{paper.symbol} {paper.version_date.isoformat()}"),
        ("Report-Msgid-Bugs-To", "EMAIL@ADDRESS"),
        ("POT-Creation-Date", template.now()),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language", lang),
        ("Language-Team", f"{name} <LL@li.org>"),
        ("Plural-Forms", f"nplurals={forms.num_plurals}; plural={forms.plural_expr};"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Generator", template.GENERATOR),
    ]
    head = Message(
        "", template.header(fields), user_comments=[f"{name} translation of {paper.symbol}."]
    )
    return Catalog([head])


def update(
    project: Project, paper: Document, langs: list[str], tm: TranslationMemories = ()
) -> list[tuple[Path, bool]]:
    """Merge the messages of a paper (or meeting) into each ``langs`` catalogue, creating
    missing ones.

    The messages are the paper's own: the template on disk when it holds
    them (so that its creation date carries over), else a fresh one, so a
    template not yet extracted cannot hold a catalogue back. Every catalogue
    is read and merged before any is written, so one that fails to parse
    leaves all of them as they were.
    """
    tpl, _ = _template(project, paper)  # no need to know whether extract would write it
    done = []
    for lang in langs:
        path = project.catalog_for(paper, lang)
        known = memory(project, lang, path)
        for origin, units in tm:
            known.learn_units(
                (u for u in units if (u.source_lang, u.target_lang) == (paper.source_lang, lang)),
                origin,
            )
        done.append((path, merged(project, paper, lang, tpl, known)))
    return [(out, pofile.write(out, catalog)) for out, catalog in done]


def merged(
    project: Project, paper: Document, lang: str, tpl: Catalog, known: Memory | None = None
) -> Catalog:
    """The ``lang`` catalogue of ``paper`` merged with its template ``tpl``, not yet written."""
    path = project.catalog_for(paper, lang)
    return merge(tpl, pofile.read(path) if path.exists() else new_catalog(paper, lang), known)


def memory(project: Project, lang: str, exclude: Path) -> Memory:
    """What the project's other ``lang`` catalogues (papers' and meetings') have translated.

    A catalogue that cannot be read is passed over here: validate reports it.
    """
    folder = project.translations_dir / lang
    found = []
    for path in sorted([*folder.glob("*.po"), *(folder / "meetings").glob("*.po")]):
        if path == exclude:
            continue
        try:
            found.append(
                (pofile.read(path, layout=False), path.relative_to(project.root).as_posix())
            )
        except InputError:
            continue
    return Memory.of(found)


def documents(project: Project, names: tuple[str, ...]) -> list[Document]:
    """The papers named (default: all), each followed by its meeting the first time it comes."""
    out: list[Document] = []
    seen: set[Path] = set()
    for path in project.papers(names):
        paper = reader.load(path)
        out.append(paper)
        if paper.masthead.meeting:
            meeting = reader.load_meeting(reader.meeting_path(path, paper.masthead.meeting))
            if meeting.path not in seen:
                seen.add(meeting.path)
                out.append(meeting)
    return out


def extract_all(project: Project, names: tuple[str, ...] = ()) -> list[tuple[Path, bool]]:
    """Write the templates of the papers named and of their meetings."""
    return [extract(project, doc) for doc in documents(project, names)]


def update_all(
    project: Project,
    names: tuple[str, ...] = (),
    langs: tuple[str, ...] = (),
    tm_files: tuple[Path, ...] = (),
) -> list[tuple[Path, bool]]:
    """Update the catalogues of the papers named and of their meetings (default: every
    language but each one's original), pre-filling from the project and ``tm_files``."""
    tm = read_memories(tm_files)
    out = []
    for doc in documents(project, names):
        targets = list(langs) or [lang for lang in LANGUAGES if lang != doc.source_lang]
        out.extend(update(project, doc, targets, tm))
    return out


#: TMX files as read: (where, units).
TranslationMemories = tuple[tuple[str, list[tmx.Unit]], ...]


def read_memories(paths: tuple[Path, ...]) -> TranslationMemories:
    """The units of each TMX file, read with a paper's defences; all before any update."""
    out = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", path) from None
        out.append((path.as_posix(), tmx.read(data, path)))
    return tuple(out)
