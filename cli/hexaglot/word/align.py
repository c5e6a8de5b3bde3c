"""An existing edition in another language matched with a paper's structure, block by block.

Past meetings' official translations exist as Word files and text, not as
catalogues. Paragraph numbers are the same in every UN language version, so
they anchor the match; between two anchors, headings and subparagraphs are
found by their labels in the edition's language (languages.toml), the title
and unnumbered headings by their place, footnotes by their markers. A block
whose counterpart is not found for certain is listed, never guessed: a
paragraph missing from the edition, or one that holds the next paragraph's
number too (two merged), is not filled.

Symbols, references and footnote calls of the source must be found in the
edition's text (a symbol may carry a stray space; a reference is the number
of the paragraph it names) to become the placeholders of the translation;
a block where one is missing is listed too.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from hexaglot.base.errors import InputError
from hexaglot.base.findings import WARNING, Finding
from hexaglot.catalogs import markup, pofile
from hexaglot.paper import reader
from hexaglot.paper.inline import NoteCall, Ref, Styled, Symbol, Text, leaves, placeholders
from hexaglot.paper.model import Block, Item, Paper, Para
from hexaglot.paper.reader import fold
from hexaglot.project import sync
from hexaglot.project.layout import Project
from hexaglot.render.conventions import Convention, get
from hexaglot.word import package
from hexaglot.word.reader import read as read_word

#: The translator comment on an entry filled by alignment; the edition's file follows.
ORIGIN = "aligned from"
#: Largest text edition read.
MAX_TEXT = 16 * 1024 * 1024
#: Labels of this many sections, subsections and subparagraphs are recognised.
MAX_LABELS = 60
_RULE = re.compile(r"_{5,}")
#: A footnote call in plain text: its marker right after a word or a closing mark,
#: not inside a number or a symbol ("2/1", "A/RES/70/1").
CALL = r"(?<=[^\W\d_]|[.,;:!?)\]»”’。，；：）」]){}(?![\d/])"
#: Why a block of another kind is listed.
NOT_ALIGNED = (
    "not aligned: only the title, headings, numbered paragraphs, subparagraphs and footnotes are"
)


@dataclass(frozen=True)
class Unit:
    """A paragraph of the edition: where it stands (Word paragraph or line), its text."""

    where: int
    label: str | None
    text: Text


@dataclass(frozen=True)
class Edition:
    units: list[Unit]
    footnotes: list[tuple[str | None, Text]]  # (marker, text) in order of their calls
    unit_name: str  # what ``Unit.where`` counts: "line" or "Word paragraph"


@dataclass(frozen=True)
class _Entry:
    """A block of the paper that alignment looks for, and how it is labelled."""

    block: Block
    kind: str  # "front", "heading", "para", "item"
    label: str | None  # the label in the edition's language; None when it has none
    number: int | None = None  # a paragraph's number


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _labels(conv: Convention) -> set[str]:
    out = set()
    for k in range(1, MAX_LABELS + 1):
        out |= {conv.section_label(k), conv.subsection_label(k), conv.paragraph_label(k)}
        out |= {conv.subparagraph_label(level, k) for level in (1, 2, 3)}
    return {_norm(label) for label in out}


# Reading an edition ---------------------------------------------------------


def read_text(path: Path, conv: Convention) -> Edition:
    """A UTF-8 text edition: one paragraph a line; a label alone on its line joins the next;
    after a rule of underscores, footnotes ("*<tab>text", "1<tab>text")."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from None
    if len(data) > MAX_TEXT:
        raise InputError(f"file is larger than {MAX_TEXT // 2**20} MiB", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("text is not UTF-8", path, line) from None
    units: list[Unit] = []
    notes: list[tuple[str | None, Text]] = []
    in_notes = False
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if _RULE.fullmatch(line):
            in_notes = True
            continue
        if in_notes:
            parts = re.split(r"\s+", line, maxsplit=1)
            notes.append((parts[0], (parts[1] if len(parts) > 1 else "",)))
            continue
        units.append(Unit(number, None, (line,)))
    return Edition(_joined(units, conv), notes, "line")


def _joined(units: list[Unit], conv: Convention) -> list[Unit]:
    """The paragraphs, each that holds only a label ("(a)", "一、") joined to the next."""
    labels = _labels(conv)
    out: list[Unit] = []
    waiting: Unit | None = None
    for unit in units:
        alone = _norm((unit.label or "") + "".join(_strings(unit.text)))
        if alone in labels and not any(not isinstance(n, str) for n in leaves(unit.text)):
            waiting = unit
            continue
        if waiting is not None:
            label = (waiting.label or "") + "".join(_strings(waiting.text))
            unit = Unit(waiting.where, label.strip(), unit.text)
            waiting = None
        out.append(unit)
    if waiting is not None:
        out.append(waiting)
    return out


def read_docx(path: Path, conv: Convention) -> Edition:
    """A Word edition: its paragraphs with their labels, its footnotes at their calls."""
    doc = read_word(package.open_docx(path))
    units = [Unit(p.number, p.label, p.text) for p in doc.paragraphs() if p.plain.strip()]
    notes: list[tuple[str | None, Text]] = []
    for unit in units:
        for node in leaves(unit.text):
            if isinstance(node, NoteCall) and node.note in doc.footnotes:
                note = doc.footnotes[node.note]
                notes.append((note.marker, note.text))
    return Edition(_joined(units, conv), notes, "Word paragraph")


# Matching ---------------------------------------------------------------------


def _entries(paper: Paper, conv: Convention) -> list[_Entry]:
    out = [_Entry(paper.title, "front", None)]
    if paper.subtitle is not None:
        out.append(_Entry(paper.subtitle, "front", None))

    def items(found: tuple[Item, ...], level: int) -> None:
        for item in found:
            label = None if item.label is None else conv.subparagraph_label(level, item.label)
            out.append(_Entry(item.block, "item", label))
            items(item.items, level + 1)

    def content(blocks: tuple) -> None:
        for block in blocks:
            if isinstance(block, Para) and block.number is not None:
                out.append(
                    _Entry(block.block, "para", conv.paragraph_label(block.number), block.number)
                )
                items(block.items, 1)

    for section in paper.sections:
        label = conv.section_label(section.number) if section.number else None
        out.append(_Entry(section.heading, "heading", label))
        content(section.content)
        for sub in section.subsections:
            out.append(_Entry(sub.heading, "heading", conv.subsection_label(sub.number)))
            content(sub.content)
    return out


def _after_label(unit: Unit, label: str) -> Text | None:
    """``unit``'s text without ``label`` if it opens with it, else None."""
    want = _norm(label)
    if unit.label is not None:
        return unit.text if _norm(unit.label) == want else None
    first = unit.text[0] if unit.text and isinstance(unit.text[0], str) else ""
    got, i = "", 0
    while i < len(first) and len(got) < len(want):
        got += _norm(first[i])
        i += 1
    if got != want or (i < len(first) and not first[i].isspace() and want[-1].isalnum()):
        return None
    return (first[i:].lstrip(), *unit.text[1:])


@dataclass
class Alignment:
    texts: dict[str, tuple[Text, int]]  # block id -> (edition text, where)
    unmatched: list[tuple[Block, str]]  # block, why
    unused: list[Unit]  # edition paragraphs inside the body that matched nothing


def align(paper: Paper, edition: Edition, conv: Convention) -> Alignment:
    """Match the paper's blocks with the edition's paragraphs."""
    entries = _entries(paper, conv)
    units = edition.units
    found: dict[int, tuple[int, Text]] = {}  # entry index -> (unit index, text)
    why: dict[int, str] = {}
    cursor = 0
    anchors: list[tuple[int, int]] = []
    paras = [e for e, entry in enumerate(entries) if entry.kind == "para"]
    for e, after in itertools.zip_longest(paras, paras[1:]):
        entry = entries[e]
        following = entries[after].label if after is not None else None
        for u in range(cursor, len(units)):
            text = _after_label(units[u], entry.label or "")
            if text is not None:
                found[e] = (u, text)
                anchors.append((e, u))
                cursor = u + 1
                break
            if following and _after_label(units[u], following) is not None:
                break  # the next paragraph comes first: this one is missing
        if e not in found:
            why[e] = f"no paragraph {entry.number} in the edition"
    _merged(entries, units, found, why, conv)
    bounds = [(-1, -1), *anchors, (len(entries), len(units))]
    unused: list[Unit] = []
    for (e0, u0), (e1, u1) in itertools.pairwise(bounds):
        gap = [e for e in range(e0 + 1, e1) if entries[e].kind != "para"]
        left = _gap(entries, units, gap, list(range(u0 + 1, u1)), found, why, front=e0 < 0)
        if e0 >= 0:
            unused.extend(units[u] for u in left)
    texts = {entries[e].block.id: (text, units[u].where) for e, (u, text) in found.items()}
    unmatched = [
        (entries[e].block, why.get(e, "not found")) for e in range(len(entries)) if e not in found
    ]
    _notes(paper, edition, texts, unmatched)
    listed = set(texts) | {block.id for block, _ in unmatched}
    unmatched += [(block, NOT_ALIGNED) for block in paper.blocks() if block.id not in listed]
    return Alignment(texts, unmatched, unused)


def _merged(
    entries: list[_Entry], units: list[Unit], found: dict, why: dict, conv: Convention
) -> None:
    """Unmatch a paragraph that also holds the next one's number, the next being missing."""
    by_number = {entry.number: e for e, entry in enumerate(entries) if entry.kind == "para"}
    for e, entry in enumerate(entries):
        if entry.kind != "para" or e in found or entry.number is None:
            continue
        before = by_number.get(entry.number - 1)
        if before is None or before not in found:
            continue
        label = re.escape(_norm(conv.paragraph_label(entry.number)))
        plain = _norm("".join(_strings(found[before][1])))
        if re.search(rf"(?<!\d){label}", plain):
            del found[before]
            why[before] = (
                f"the edition's paragraph {entry.number - 1} also holds paragraph {entry.number}"
            )
            why[e] = f"merged into paragraph {entry.number - 1} in the edition"


def _gap(
    entries: list[_Entry],
    units: list[Unit],
    gap: list[int],
    pool: list[int],
    found: dict,
    why: dict,
    front: bool,
) -> list[int]:
    """Match the blocks between two paragraphs; return the edition's paragraphs left over."""
    taken: dict[int, int] = {}  # entry -> unit
    cursor = 0
    for e in gap:
        label = entries[e].label
        if label is None:
            continue
        for k in range(cursor, len(pool)):
            text = _after_label(units[pool[k]], label)
            if text is not None:
                found[e] = (pool[k], text)
                taken[e] = k
                cursor = k + 1
                break
        else:
            why[e] = f"no {label} in the edition here"
    # What has no label lies between what was found: pair it by place.
    edges = [(-1, -1), *sorted(taken.items()), (len(entries), len(pool))]
    left: list[int] = []
    for (e0, k0), (e1, k1) in itertools.pairwise(edges):
        want = [e for e in gap if e0 < e < e1 and entries[e].label is None]
        have = list(range(k0 + 1, k1))
        if len(have) > len(want) and front and e0 < 0:
            left.extend(pool[k] for k in have[: len(have) - len(want)])
            have = have[len(have) - len(want) :]
        if len(have) == len(want):
            for e, k in zip(want, have, strict=True):
                found[e] = (pool[k], units[pool[k]].text)
        else:
            for e in want:
                why[e] = f"{len(have)} paragraphs of the edition stand here for {len(want)} blocks"
            left.extend(pool[k] for k in have)
    return left


def _notes(paper: Paper, edition: Edition, texts: dict, unmatched: list) -> None:
    """Footnotes in order of their markers: the paper's numbered notes, the agenda's "*"."""
    agenda = () if paper.masthead.meeting else (paper.masthead.agenda_note,)
    for note in (*agenda, *paper.notes):
        match = [t for marker, t in edition.footnotes if (marker or "") == note.marker]
        if not match and note.marker.isdigit():
            numbered = [t for marker, t in edition.footnotes if marker is None]
            k = int(note.marker) - 1
            match = numbered[k : k + 1]
        if match:
            texts[note.block.id] = (match[0], 0)
        else:
            unmatched.append((note.block, f"no footnote {note.marker} in the edition"))


# Placeholders -------------------------------------------------------------------


def translation(block: Block, text: Text, refs: dict[str, str], notes: dict[str, int]) -> str:
    """The msgstr for ``block`` from the edition's ``text``, with the source's placeholders.

    Raises LookupError naming a placeholder the edition's text does not show.
    """
    text = fold(text)
    calls = [n for n in leaves(text) if isinstance(n, NoteCall)]
    wanted = [p for p in placeholders(block.text) if isinstance(p, NoteCall)]
    if calls and len(calls) == len(wanted):
        mapping = dict(zip((c.note for c in calls), wanted, strict=True))
        text = _swap_calls(text, mapping)
    elif calls or wanted:
        for call in wanted:
            marker = str(notes.get(call.note, ""))
            text, ok = _replace(text, CALL.format(re.escape(marker)), call)
            if not marker or not ok:
                raise LookupError(f"its footnote call {marker or '?'} is not in the edition")
    for holder in placeholders(block.text):
        if isinstance(holder, Symbol):
            pattern = r"\s*".join(re.escape(c) for c in holder.value)
            text, ok = _replace(text, rf"(?<![\w/]){pattern}(?![\w/])", holder)
            if not ok:
                raise LookupError(f"its symbol {holder.value} is not in the edition")
        elif isinstance(holder, Ref):
            target = refs.get(holder.to)
            if target is None:
                raise LookupError(f"its reference to {holder.to} names no paragraph")
            text, ok = _replace(text, rf"(?<!\d){re.escape(target)}(?!\d)", holder)
            if not ok:
                raise LookupError(f"its reference to paragraph {target} is not in the edition")
    return markup.dump(text)


def _replace(text: Text, pattern: str, node: object) -> tuple[Text, bool]:
    """``text`` with the first match of ``pattern`` in a string replaced by ``node``."""
    out: list = []
    done = False
    for part in text:
        if done:
            out.append(part)
        elif isinstance(part, str):
            m = re.search(pattern, part)
            if m:
                out.extend(x for x in (part[: m.start()], node, part[m.end() :]) if x != "")
                done = True
            else:
                out.append(part)
        elif isinstance(part, Styled):
            inner, done = _replace(part.content, pattern, node)
            out.append(type(part)(inner))
        else:
            out.append(part)
    return tuple(out), done


def _swap_calls(text: Text, mapping: dict[str, NoteCall]) -> Text:
    out: list = []
    for node in text:
        if isinstance(node, NoteCall):
            out.append(mapping[node.note])
        elif isinstance(node, Styled):
            out.append(type(node)(_swap_calls(node.content, mapping)))
        else:
            out.append(node)
    return tuple(out)


def _strings(text: Text) -> list[str]:
    return [n for n in leaves(text) if isinstance(n, str)]


# The catalogue ------------------------------------------------------------------


@dataclass
class Outcome:
    catalog: Path
    written: bool
    filled: int
    kept: int
    findings: list[Finding]


def align_paper(project: Project, name: str, lang: str, edition_path: Path) -> Outcome:
    """Fill ``lang``'s catalogue of the paper ``name`` from the edition at ``edition_path``."""
    (path,) = project.papers((name,))
    paper = reader.load(path)
    if lang == paper.source_lang:
        raise InputError(f"{lang} is the paper's own language: nothing to align", edition_path)
    conv = get(lang)
    edition = (
        read_docx(edition_path, conv)
        if edition_path.suffix.lower() == ".docx"
        else read_text(edition_path, conv)
    )
    result = align(paper, edition, conv)
    refs = _ref_labels(paper, conv)
    markers = {note.block.id: note.marker for note in (*paper.notes, paper.masthead.agenda_note)}
    name = str(edition_path)
    findings = [_finding(name, block, reason) for block, reason in result.unmatched]
    findings += [
        Finding(
            name, unit.where, "align", "this paragraph of the edition matched no block", WARNING
        )
        for unit in result.unused
    ]
    blocks = {b.id: b for b in paper.blocks()}
    tpl, _ = sync.current_template(project, paper)
    catalog = sync.merged(project, paper, lang, tpl)
    filled = kept = 0
    for msg in catalog:
        found = result.texts.get(msg.context or "")
        if found is None or msg.context not in blocks:
            continue
        block = blocks[msg.context or ""]
        try:
            string = translation(block, found[0], refs, markers)
        except LookupError as exc:
            findings.append(_finding(name, block, str(exc)))
            continue
        if msg.string and msg.string != string:
            kept += 1
            findings.append(
                _finding(name, block, "has a translation that differs from the edition's: kept it")
            )
        elif not msg.string:
            msg.string = string
            msg.flags = ["fuzzy"]
            place = f"{edition.unit_name} {found[1]}" if found[1] else "its footnotes"
            msg.user_comments = [*msg.user_comments, f"{ORIGIN} {edition_path.name}, {place}"]
            filled += 1
    path = project.catalog_for(paper, lang)
    return Outcome(path, pofile.write(path, catalog), filled, kept, findings)


def _finding(name: str, block: Block, reason: str) -> Finding:
    return Finding(name, None, "align", f"{block.id}: {reason}", WARNING, block.where)


def _ref_labels(paper: Paper, conv: Convention) -> dict[str, str]:
    """What a reference prints for each paragraph and subparagraph it may name."""
    out: dict[str, str] = {}
    for entry in _entries(paper, conv):
        if entry.kind == "para":
            out[entry.block.id] = str(entry.number)
        elif entry.kind == "item" and entry.label:
            out[entry.block.id] = entry.label
    return out
