"""Checks of a translation catalogue against its paper, for translators and CI.

Each finding names the file, the line, the place in the paper
("paragraph 14 (a)"), the check, and what to do. Errors are what would
make an edition wrong (a lost footnote call, an altered symbol, markup);
warnings are what makes it incomplete (untranslated, fuzzy, stale).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hexaglot.base.errors import InputError
from hexaglot.base.findings import ERROR, WARNING, Finding
from hexaglot.catalogs import figures, markup, pofile, template
from hexaglot.catalogs.catalog import Catalog, Message
from hexaglot.paper.inline import NoteCall, Symbol, Text, placeholders, plain, prose
from hexaglot.paper.model import Paper

#: A msgstr equal to its msgid is suspicious from this many words on.
IDENTICAL_WORDS = 4

#: A catalogue belongs to its paper when at least this share of its current
#: entries are the paper's messages: the msgctxt of a block and its text as
#: msgid. A catalogue kept up to date is at 100%, and one behind its paper by a
#: few edits stays far above the bar. One whose msgctxt a tool dropped
#: (po2xliff then xliff2po does), or one made for another paper (ids such as
#: para_3 recur from paper to paper, their texts do not), falls to nothing, and
#: would otherwise be built as an edition in the source language.
BELONGS_SHARE = 0.5


def matching(paper: Paper, catalog: Catalog) -> tuple[int, int]:
    """How many of ``catalog``'s current entries are messages of ``paper``, of how many."""
    wanted = template.keys(paper)
    entries = list(catalog)
    return sum((m.context, m.id) in wanted for m in entries), len(entries)


def belongs(paper: Paper, catalog: Catalog) -> bool:
    """Whether ``catalog`` is a catalogue of ``paper`` (see :data:`BELONGS_SHARE`)."""
    matched, total = matching(paper, catalog)
    return total == 0 or matched >= BELONGS_SHARE * total


def mismatch_message(paper: Paper, catalog: Catalog) -> str:
    """Why ``catalog`` is not taken for a catalogue of ``paper``, in one sentence."""
    matched, total = matching(paper, catalog)
    ids = {block.id for block in paper.blocks()}
    if sum(m.context is None for m in catalog) * 2 > total:
        cause = "its entries have no msgctxt (a round trip through po2xliff and xliff2po drops it)"
    elif sum(m.context in ids for m in catalog) * 2 > total:
        cause = "the paper changed a lot since its last update, or it is another paper's catalogue"
    else:
        cause = "is it the catalogue of another paper?"
    return f"only {matched} of its {total} entries are messages of {paper.stem}: {cause}"


def _format_flags(msg: Message) -> list[str]:
    """The flags that make msgfmt --check read ``msg`` as a format string."""
    return [f for f in msg.flags if f.endswith("-format") and not f.startswith("no-")]


class _Checker:
    def __init__(self, path: Path, paper: Paper, lang: str):
        self.path = str(path)
        self.paper = paper
        self.lang = lang
        self.found: list[Finding] = []
        self.where = {b.id: b.where for b in paper.blocks()}

    def add(
        self, msg: Message | None, rule: str, message: str, hint: str, severity: str = ERROR
    ) -> None:
        self.found.append(
            Finding(
                self.path,
                msg.lineno if msg else None,
                rule,
                message,
                severity,
                self.where.get(msg.context, msg.context) if msg else None,
                hint,
            )
        )

    def entry(self, msg: Message) -> None:
        for flag in _format_flags(msg):
            self.add(
                msg,
                "format",
                f"the entry is marked {flag}, but a paper's text is never a format string "
                "(msgfmt --check then rejects translations that lack its % or {} signs)",
                "Run: hexaglot update (it drops the flag), or delete the flag.",
            )
        if msg.fuzzy:
            self.add(
                msg,
                "fuzzy",
                "the translation is marked fuzzy (the source changed)",
                "Review it against the new source and remove the fuzzy flag.",
                WARNING,
            )
            # Its text was made for an older source (update keeps it so), and no
            # edition uses it: a footnote or figure the new source gained is
            # expected to be missing, and must not fail validate or check.
            return
        if not msg.string:
            if not msg.fuzzy:
                self.add(
                    msg,
                    "untranslated",
                    "no translation yet",
                    "Translate it; until then the edition shows the source text.",
                    WARNING,
                )
            return
        try:
            source = markup.load(msg.id)
        except markup.MarkupError:
            return  # a template problem: reported against the template
        try:
            text = markup.load(msg.string)
        except markup.MarkupError as exc:
            self.add(
                msg,
                "markup",
                str(exc),
                "Copy the tags exactly as in the source; no other tags are allowed.",
            )
            return
        self.placeholders(msg, source, text)
        words = prose(text)
        bad = markup.suspicious(source, text)
        if bad:
            self.add(
                msg,
                "markup",
                f"the translation contains {bad!r}",
                "Remove it: editions accept text and the source's tags only.",
            )
        for token in figures.missing(prose(source), words, self.paper.source_lang, self.lang):
            self.add(
                msg,
                "figures",
                f"the figure {token} of the source is not in the translation",
                "Keep every figure, date and decision number (write them in your "
                "language's style).",
            )
        if msg.string == msg.id and len(plain(source).split()) >= IDENTICAL_WORDS:
            self.add(
                msg,
                "identical",
                "the translation is identical to the source text",
                "Translate it, or confirm that it must stay as it is.",
                WARNING,
            )

    def placeholders(self, msg: Message, source: Text, text: Text) -> None:
        want, have = Counter(placeholders(source)), Counter(placeholders(text))
        for node in want - have:
            what = (
                "document symbol"
                if isinstance(node, Symbol)
                else "footnote call"
                if isinstance(node, NoteCall)
                else "paragraph reference"
            )
            self.add(
                msg,
                "placeholders",
                f"the {what} {markup.dump((node,))} is missing or altered",
                "Copy it from the source exactly once; you may move it.",
            )
        for node in have - want:
            self.add(
                msg,
                "placeholders",
                f"{markup.dump((node,))} is not in the source (or appears more than once)",
                "Remove it, or correct it to match the source.",
            )

    def catalog(self, catalog: Catalog, wanted: set[tuple[str, str]]) -> None:
        if not belongs(self.paper, catalog):
            self.add(
                None,
                "mismatch",
                f"not a catalogue of this paper: {mismatch_message(self.paper, catalog)}",
                "Run: hexaglot update (it merges what matches), and exchange catalogues "
                "with CAT tools through: hexaglot xliff export",
            )
        lang = catalog.language
        if lang != self.lang:
            self.add(
                None,
                "header",
                f"the Language header says {lang!r}, the folder {self.lang!r}",
                "Set Language to the folder's language code.",
            )
        have = {(m.context, m.id) for m in catalog if m.id}
        behind = len(wanted - have) + len(have - wanted)
        if behind:
            self.add(
                None,
                "stale",
                f"the catalogue is behind its template ({behind} entries differ)",
                "Run: hexaglot update",
                WARNING,
            )
        for msg in catalog:
            if (msg.context, msg.id) in wanted:
                self.entry(msg)


def template_findings(paper: Paper, path: Path, wanted: set[tuple[str, str]]) -> list[Finding]:
    """Whether the template at ``path`` still holds ``wanted``, the paper's messages."""
    if not path.exists():
        return [
            Finding(
                str(path),
                None,
                "stale",
                "the paper has no template yet",
                WARNING,
                hint="Run: hexaglot extract",
            )
        ]
    on_disk = {(m.context, m.id) for m in pofile.read(path)}
    if on_disk != wanted:
        return [
            Finding(
                str(path),
                None,
                "stale",
                f"the template is behind its paper ({len(on_disk ^ wanted)} entries differ)",
                WARNING,
                hint="Run: hexaglot extract, then hexaglot update",
            )
        ]
    return []


def missing(path: Path, lang: str) -> Finding:
    """The finding for a language that has no catalogue."""
    return Finding(
        str(path),
        None,
        "missing",
        f"there is no {lang} catalogue yet",
        hint=f"Run: hexaglot update -l {lang}",
    )


def source_language(paper: Paper) -> Finding:
    """The finding for a check asked of a paper's own language, which has no catalogue."""
    return Finding(
        str(paper.path),
        None,
        "source-language",
        f"{paper.lang} is the original language of {paper.stem}: its text is the paper "
        "itself, and there is no catalogue to check",
        WARNING,
        hint="Check the other languages (leave out -l to check every catalogue).",
    )


def unreadable(exc: InputError, path: Path) -> Finding:
    """The finding for a catalogue that cannot be read."""
    return Finding(
        exc.path or str(path),
        exc.line,
        "syntax",
        exc.message,
        hint="Fix the file so that GNU msgfmt --check accepts it.",
    )


def check_entries(paper: Paper, lang: str, path: Path, messages: list[Message]) -> list[Finding]:
    """The findings for ``messages`` alone (entries of the ``lang`` catalogue of ``paper``)."""
    checker = _Checker(path, paper, lang)
    for msg in messages:
        checker.entry(msg)
    return checker.found


def check(
    paper: Paper,
    lang: str,
    path: Path,
    catalog: Catalog,
    wanted: set[tuple[str, str]],
) -> list[Finding]:
    """Every finding for ``catalog``, the ``lang`` catalogue of ``paper`` read from ``path``.

    ``wanted`` is the paper's messages (:func:`hexaglot.catalogs.template.keys`),
    computed once for all the catalogues of a paper.
    """
    checker = _Checker(path, paper, lang)
    checker.catalog(catalog, wanted)
    return checker.found
