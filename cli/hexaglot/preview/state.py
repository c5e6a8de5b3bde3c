"""What the preview shows, kept up to date as files are saved, re-rendered only where changed.

A save re-reads only the file saved. A row (one block: its status, msgctxt,
source, translation and findings) is rendered again only when something it
shows changed: rendered rows are kept by block and content, and so are the
findings of each message. The page is sent only the rows that differ from
what it has. A file that cannot be read leaves the last good rows in place
and becomes the preview's error until a save that reads.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from hexaglot.base.errors import InputError
from hexaglot.catalogs import checks, markup, pofile, template
from hexaglot.catalogs.catalog import Catalog, Message
from hexaglot.catalogs.translate import translate
from hexaglot.paper import reader
from hexaglot.paper.model import Block, Document, Meeting, Paper
from hexaglot.preview import page
from hexaglot.preview.page import Note
from hexaglot.project.layout import Project
from hexaglot.render import html
from hexaglot.render.edition import Edition

#: Rules a row shows as its status rather than as a finding.
_AS_STATUS = {"untranslated", "fuzzy"}


@dataclass(frozen=True)
class Update:
    """What every open page must change, as one message: the rows that differ, all of them
    in order when blocks came or went, the summary if it changed, and the error."""

    version: int
    error: str | None
    rows: dict[str, str]
    order: tuple[str, ...] | None = None
    summary: str | None = None

    def data(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "error": self.error,
            "rows": self.rows,
            "order": self.order,
            "summary": self.summary,
        }


@dataclass(frozen=True)
class _Inputs:
    """Everything read from disk, replaced whole only when every file read."""

    paper: Paper
    meeting: Meeting | None
    catalogs: dict[Path, Catalog | None]  # by path as given; None: no such file (a meeting's)


class Preview:
    """The preview of ``paper`` (its path) in ``lang``: its rows as the page has them."""

    def __init__(self, project: Project, paper: Path, lang: str):
        self.project = project
        self.path = paper
        self.lang = lang
        # Versions go on from the clock, so that a page left open across a restart of the
        # server sees the new server's state as newer than any it had.
        self.version = time.time_ns() // 1_000_000
        self.error: str | None = None
        self.edition: Edition | None = None  # the last good edition, for its PDF
        self.order: tuple[str, ...] = ()
        self.summary: etree._Element = page.summary({}, 0, [])
        self._summary_html = page.serialise(self.summary)
        self._inputs: _Inputs | None = None
        self._stale: set[Path] = set()
        self._rows: dict[tuple[Any, ...], tuple[etree._Element, str]] = {}
        self._shown: dict[str, tuple[etree._Element, str]] = {}  # block id → row, as shown
        self._checked: dict[tuple[Any, ...], tuple[Note, ...]] = {}
        self._whole: dict[Path, tuple[Catalog, list[Note]]] = {}

    # Files ------------------------------------------------------------------
    def _catalog_paths(self, paper: Paper, meeting: Meeting | None) -> list[tuple[Document, Path]]:
        docs: list[Document] = [paper, *([meeting] if meeting else [])]
        return [(doc, self.project.catalog_for(doc, self.lang)) for doc in docs]

    def files(self) -> set[Path]:
        """The files (absolute) whose saving changes the preview."""
        out = {self.path, self.project.catalog(self.path.stem, self.lang)}
        if self._inputs is not None:
            inputs = self._inputs
            out.update(path for _, path in self._catalog_paths(inputs.paper, inputs.meeting))
            if inputs.meeting is not None:
                out.add(inputs.meeting.path)
        return {path.resolve() for path in out}

    def _read(self, changed: set[Path]) -> _Inputs:
        """The inputs with every changed file read again; InputError for one that cannot be."""
        old = self._inputs
        paper_files = {self.path.resolve()}
        if old is not None and old.meeting is not None:
            paper_files.add(old.meeting.path.resolve())
        if old is None or changed & paper_files:
            paper = reader.load(self.path)
            if paper.lang == self.lang:
                raise InputError(f"{self.lang} is the paper's own language now", self.path)
            ref = paper.masthead.meeting
            meeting = reader.load_meeting(reader.meeting_path(paper.path, ref)) if ref else None
        else:
            paper, meeting = old.paper, old.meeting
        catalogs: dict[Path, Catalog | None] = {}
        for doc, path in self._catalog_paths(paper, meeting):
            if old is not None and path in old.catalogs and path.resolve() not in changed:
                catalogs[path] = old.catalogs[path]
            elif doc is paper or path.exists():
                catalogs[path] = pofile.read(path)
            else:
                catalogs[path] = None
        return _Inputs(paper, meeting, catalogs)

    # Refreshing -------------------------------------------------------------
    def refresh(self, changed: Iterable[Path] | None = None) -> Update | None:
        """Read again what ``changed`` names (absolute paths; None: everything); the update
        every page needs, or None when the page would stay the same."""
        self._stale.update(self.files() if changed is None else changed)
        try:
            inputs = self._read(self._stale)
        except InputError as exc:
            error = " ".join(str(exc).split())
            if error == self.error:
                return None
            self.error = error
            self.version += 1
            return Update(self.version, error, {})
        self._stale.clear()
        if self._inputs is None or inputs.paper is not self._inputs.paper:
            self._rows.clear()  # labels and numbers come from the paper: render every row anew
            self._checked.clear()
            self._whole.clear()
        self._inputs = inputs
        return self._update(inputs)

    def _update(self, inputs: _Inputs) -> Update | None:
        rows, summary = self._render(inputs)
        order = tuple(rows)
        changed = {
            bid: text
            for bid, (_, text) in rows.items()
            if self._shown.get(bid, ("", ""))[1] != text
        }
        summary_html = page.serialise(summary)
        new_summary = summary_html != self._summary_html
        was_error = self.error is not None
        if not (changed or new_summary or was_error or order != self.order):
            return None
        self.version += 1
        self.error = None
        self.summary, self._summary_html = summary, summary_html
        self._shown = rows
        reordered = order != self.order
        self.order = order
        return Update(
            self.version,
            None,
            {bid: rows[bid][1] for bid in order} if reordered else changed,
            order if reordered else None,
            summary_html if new_summary else None,
        )

    def snapshot(self) -> Update:
        """Everything the page shows, for a page that missed updates."""
        rows = {bid: self._shown[bid][1] for bid in self.order}
        return Update(self.version, self.error, rows, self.order, self._summary_html)

    def rows(self) -> list[etree._Element]:
        """The rows as the page shows them now, in order."""
        return [self._shown[bid][0] for bid in self.order]

    def _render(
        self, inputs: _Inputs
    ) -> tuple[dict[str, tuple[etree._Element, str]], etree._Element]:
        """Every row (from those kept where nothing they show changed) and the summary."""
        paper, lang = inputs.paper, self.lang
        (_, own_path), *meeting_part = self._catalog_paths(paper, inputs.meeting)
        catalog = inputs.catalogs[own_path] or Catalog()
        meeting_catalog = inputs.catalogs[meeting_part[0][1]] if meeting_part else None
        result = translate(paper, catalog, lang, meeting_catalog)
        languages = (paper.lang, lang)
        source = Edition(paper, paper.lang, languages)
        target = Edition(result.paper, lang, languages, result.percent, result.untranslated)
        self.edition = target
        entries = self._entries(inputs)
        targets = {b.id: b for b in result.paper.blocks(with_meeting=True)}
        wanted: list[tuple[tuple[Any, ...], Block, Block, str, tuple[Note, ...]]] = []
        counts = dict.fromkeys(page.STATUSES, 0)
        for block in paper.blocks(with_meeting=True):
            entry = entries.get(block.id)
            status, notes = self._status(block, entry)
            counts[status] += 1
            shown = targets[block.id]
            key = (
                block.id,
                block.where,
                status,
                markup.dump(block.text),
                markup.dump(shown.text),
                block.id in result.untranslated,
                notes,
            )
            wanted.append((key, block, shown, status, notes))
        todo = [w for w in wanted if w[0] not in self._rows]
        if todo:
            sources = html.fragments(source, [w[1] for w in todo])
            texts = html.fragments(target, [w[2] for w in todo])
            for key, block, _, status, notes in todo:
                el = page.row(
                    block.id,
                    block.where,
                    status,
                    sources[block.id],
                    texts[block.id],
                    notes,
                    languages,
                )
                self._rows[key] = (el, page.serialise(el))
        self._rows = {w[0]: self._rows[w[0]] for w in wanted}
        notes = self._catalogue_notes(inputs)
        return {w[1].id: self._rows[w[0]] for w in wanted}, page.summary(
            counts, result.percent, notes
        )

    def _entries(self, inputs: _Inputs) -> dict[str, tuple[Message, Document, Path]]:
        """Each block's catalogue entry, from the catalogue that translates it (as translate
        does: a masthead from a meeting takes the meeting's)."""
        out: dict[str, tuple[Message, Document, Path]] = {}
        for doc, path in self._catalog_paths(inputs.paper, inputs.meeting):
            ids = {b.id for b in doc.blocks()}
            for msg in inputs.catalogs[path] or ():
                if msg.context in ids:
                    out[msg.context] = (msg, doc, path)
        return out

    def _status(
        self, block: Block, entry: tuple[Message, Document, Path] | None
    ) -> tuple[str, tuple[Note, ...]]:
        """Whether ``block`` is translated, fuzzy or untranslated, and its message's findings."""
        if entry is None:
            return "untranslated", ()
        msg, doc, path = entry
        if msg.id != markup.dump(block.text):
            return "untranslated", ()  # an entry for an older source: update merges it
        key = (path, msg.context, msg.id, msg.string, tuple(msg.flags))
        if key not in self._checked:
            self._checked[key] = tuple(
                Note(f.severity, f.rule, f.message, f.hint)
                for f in checks.check_entries(doc, self.lang, path, [msg])
                if f.rule not in _AS_STATUS
            )
        status = "fuzzy" if msg.fuzzy else "translated" if msg.string else "untranslated"
        return status, self._checked[key]

    def _catalogue_notes(self, inputs: _Inputs) -> list[Note]:
        """The findings about a catalogue as a whole (another paper's, a wrong Language
        header, behind its template)."""
        out = []
        for doc, path in self._catalog_paths(inputs.paper, inputs.meeting):
            catalog = inputs.catalogs[path]
            if catalog is None:
                continue
            kept = self._whole.get(path)
            if kept is None or kept[0] is not catalog:
                found = checks.check(doc, self.lang, path, catalog, template.keys(doc))
                notes = [
                    Note(f.severity, f.rule, f"{path}: {f.message}", f.hint)
                    for f in found
                    if f.where is None and f.line is None
                ]
                kept = self._whole[path] = (catalog, notes)
            out.extend(kept[1])
        return out

    def document(self) -> str:
        """The page as it stands now."""
        paper = self._inputs.paper.symbol if self._inputs else self.path.stem
        title = f"{paper} in {self.lang}: live preview"
        source_lang = self._inputs.paper.lang if self._inputs else self.lang
        return page.document(
            title,
            (source_lang, self.lang),
            self.rows(),
            self.summary,
            self.error,
            self.version,
        )
