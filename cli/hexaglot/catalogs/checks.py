"""Checks of a translation catalogue against its paper, for translators and CI.

Each finding names the file, the line, the place in the paper
("paragraph 14 (a)"), the check, and what to do. Errors are what would
make an edition wrong (a lost footnote call, an altered symbol, markup);
warnings are what makes it incomplete (untranslated, fuzzy, stale).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from hexaglot.base.errors import InputError
from hexaglot.base.findings import ERROR, WARNING, Finding
from hexaglot.catalogs import figures, markup, pofile
from hexaglot.paper.inline import NoteCall, Symbol, Text, placeholders, plain, prose
from hexaglot.paper.model import Paper

#: A msgstr equal to its msgid is suspicious from this many words on.
IDENTICAL_WORDS = 4


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
        lang = str(catalog.locale) if catalog.locale else None
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
            if msg.id and (msg.context, msg.id) in wanted:
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
    on_disk = {(m.context, m.id) for m in pofile.read(path) if m.id}
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


def unreadable(exc: InputError, path: Path) -> Finding:
    """The finding for a catalogue that cannot be read."""
    return Finding(
        exc.path or str(path),
        exc.line,
        "syntax",
        exc.message,
        hint="Fix the file so that GNU msgfmt --check accepts it.",
    )


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
