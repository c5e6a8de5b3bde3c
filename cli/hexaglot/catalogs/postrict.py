"""Reading PO text strictly: a catalogue GNU ``msgfmt --check`` rejects is refused here too.

Babel and other lenient readers guess their way past a missing quote, a
repeated keyword or an unknown escape, and a catalogue then says what its
translator never wrote. This reader follows the PO grammar as GNU gettext
does and stops at the first fault with its line and a reason in plain
words: strings closed on their line, only gettext's escapes, keywords in
order (msgctxt, msgid, msgstr), no entry defined twice, a header entry,
a Plural-Forms formula that works, and a msgstr that begins and ends with
a line break where its msgid does.

Two things msgfmt accepts are refused as well: plural entries, which a
paper never has, and octal or hex escapes that do not make UTF-8 text.
Each entry keeps its text part by part
(:class:`~hexaglot.catalogs.catalog.Source`), so that writing it back
changes nothing that did not change.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from hexaglot.catalogs import linebreak, plural
from hexaglot.catalogs.catalog import PARTS, Catalog, Message, Source
from hexaglot.catalogs.powrite import GNU_WIDTH


class PoError(ValueError):
    """A fault in a catalogue, at ``line``."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Token(NamedTuple):
    kind: str  # "keyword", "string", "[", "]", "number", or a comment mark: "#" "#." "#:" "#,"
    value: str
    line: int
    obsolete: bool = False
    previous: bool = False  # on a "#|" line


KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr", "domain")
_PREVIOUS_KEYWORDS = ("msgctxt", "msgid", "msgid_plural")
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
}
_WORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_OCTAL = re.compile(r"[0-7]{1,3}")
_HEX = re.compile(r"[0-9A-Fa-f]+")
_DIGITS = re.compile(r"[0-9]+")
_SPACE = " \t\r\f\v"


def _unescape(body: str, line: int) -> str:
    """The text of a string between its quotes; gettext's escapes only."""
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out += ch.encode("utf-8")
            i += 1
            continue
        nxt = body[i + 1]  # a string never ends in a lone backslash (its quote is escaped)
        if nxt in _SIMPLE_ESCAPES:
            out += _SIMPLE_ESCAPES[nxt].encode("utf-8")
            i += 2
        elif octal := _OCTAL.match(body, i + 1):
            out.append(int(octal.group(0), 8) & 0xFF)  # gettext keeps the low byte, as C does
            i = octal.end()
        elif nxt == "x" and (hexa := _HEX.match(body, i + 2)):
            out.append(int(hexa.group(0), 16) & 0xFF)
            i = hexa.end()
        else:
            shown = body[i : i + 2] if nxt != "x" else "\\x"
            raise PoError(
                line,
                f'unknown escape sequence "{shown}" in a string '
                '(a backslash itself is written "\\\\")',
            )
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise PoError(line, "octal or hex escapes in this string do not make UTF-8 text") from None


# The unrolled form of "(?:[^"\\]|\\.)*": the same strings, matched many times faster.
_QUOTED = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')


def _string(text: str, start: int, line: int) -> tuple[str, int]:
    """The string opening at ``text[start]``, and where it ends."""
    found = _QUOTED.match(text, start)
    if not found:
        raise PoError(line, 'a string is not closed (a " is missing at the end of the line)')
    body = found.group(1)
    return (_unescape(body, line) if "\\" in body else body), found.end()


def _comment(text: str, line: int, obsolete: bool) -> _Token:
    mark = text[:2] if text[1:2] in (",", ".", ":") else "#"
    body = text[len(mark) :]
    return _Token(mark, body[1:] if body.startswith(" ") else body, line, obsolete)


# The lines that make most of a catalogue: a keyword and its string, or a string.
_SIMPLE_LINE = re.compile(r'(?:(msgctxt|msgid|msgstr) )?"([^"\\]*(?:\\.[^"\\]*)*)"[ \t]*')


def _line_tokens(text: str, number: int) -> list[_Token]:
    """The tokens of one line (without its line end)."""
    simple = _SIMPLE_LINE.fullmatch(text)
    if simple:  # the general path below gives the same tokens, more slowly
        body = simple.group(2)
        string = _Token("string", _unescape(body, number) if "\\" in body else body, number)
        return [_Token("keyword", simple.group(1), number), string] if simple.group(1) else [string]
    stripped = text.lstrip(_SPACE)
    obsolete = previous = False
    if stripped.startswith("#~"):
        obsolete = True
        stripped = stripped[2:]
        if stripped.startswith("|"):
            previous, stripped = True, stripped[1:]
        elif stripped.lstrip(_SPACE).startswith("#|"):
            previous, stripped = True, stripped.lstrip(_SPACE)[2:]
        elif stripped.lstrip(_SPACE).startswith("#"):
            return [_comment(stripped.lstrip(_SPACE), number, True)]
    elif stripped.startswith("#|"):
        previous, stripped = True, stripped[2:]
    elif stripped.startswith("#"):
        return [_comment(stripped, number, False)]
    tokens: list[_Token] = []
    i = 0
    while i < len(stripped):
        ch = stripped[i]
        if ch in _SPACE:
            i += 1
        elif ch == '"':
            value, i = _string(stripped, i, number)
            tokens.append(_Token("string", value, number, obsolete, previous))
        elif ch == "#":
            tokens.append(_comment(stripped[i:], number, obsolete))
            break
        elif ch in "[]":
            tokens.append(_Token(ch, ch, number, obsolete, previous))
            i += 1
        elif digits := _DIGITS.match(stripped, i):
            tokens.append(_Token("number", digits.group(0), number, obsolete, previous))
            i = digits.end()
        else:
            word = _WORD.match(stripped, i)
            if not word:
                raise PoError(number, f"unexpected character {ch!r} outside a string")
            name = word.group(0)
            allowed = _PREVIOUS_KEYWORDS if previous else KEYWORDS
            if name not in allowed:
                after = tokens[-1] if tokens else None
                if after is not None and after.kind == "keyword":
                    raise PoError(
                        number,
                        f"{after.value} is not followed by a string in double quotes "
                        '(is its opening " missing?)',
                    )
                where = 'on a "#|" line (it holds a previous msgctxt or msgid)' if previous else ""
                raise PoError(number, f'unknown keyword "{name}" {where}'.rstrip())
            tokens.append(_Token("keyword", name, number, obsolete, previous))
            i = word.end()
    return tokens


@dataclass
class _Entry:
    """One entry as parsed: its message, and the lines where its parts start."""

    message: Message
    first_line: int
    last_line: int
    starts: dict[str, int] = field(default_factory=dict)  # part -> first line
    ends: dict[str, int] = field(default_factory=dict)  # part -> last line of its tokens
    plural_line: int | None = None


class _Parser:
    def __init__(self, tokens: list[_Token], last_line: int):
        self.tokens = tokens
        self.pos = 0
        self.last_line = last_line

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def strings(self, keyword: _Token, previous: bool = False) -> tuple[str, int]:
        """The strings after ``keyword``, joined, and the line of the last."""
        parts: list[str] = []
        last = keyword.line
        tokens, end = self.tokens, len(self.tokens)
        while self.pos < end and (tok := tokens[self.pos]).kind == "string":
            if tok.previous != previous:
                break
            if tok.obsolete != keyword.obsolete:
                raise PoError(tok.line, _INCONSISTENT)
            parts.append(tok.value)
            last = tok.line
            self.pos += 1
        if not parts:
            raise PoError(
                keyword.line,
                f"{keyword.value} is not followed by a string in double quotes "
                '(is its opening " missing?)',
            )
        return "".join(parts), last

    def keyword(self, *names: str, previous: bool = False) -> _Token | None:
        if self.pos >= len(self.tokens):
            return None
        tok = self.tokens[self.pos]
        if tok.kind != "keyword" or tok.previous != previous or tok.value not in names:
            return None
        self.pos += 1
        return tok

    def entry(self) -> _Entry | None:
        """The next entry, or None at the end (comments left over stay in the tail)."""
        msg = Message("")
        first: int | None = None
        starts: dict[str, int] = {}
        ends: dict[str, int] = {}
        while (tok := self.peek()) is not None and tok.kind.startswith("#"):
            first = tok.line if first is None else first
            starts.setdefault("comments", tok.line)
            ends["comments"] = tok.line
            self._comment(msg, tok)
            self.pos += 1
        tok = self.peek()
        if tok is None:
            return None
        if tok.previous:
            first = tok.line if first is None else first
            starts.setdefault("comments", tok.line)
            ends["comments"] = self._previous(msg)
        tok = self.peek()
        if tok is None:
            raise PoError(self.last_line, "the file ends after a previous msgid (#|) line")
        if tok.kind != "keyword" or tok.value not in ("msgctxt", "msgid"):
            raise PoError(tok.line, _unexpected(tok))
        first = tok.line if first is None else first
        msg.obsolete = tok.obsolete
        if self.keyword("msgctxt"):
            starts["msgctxt"] = tok.line
            msg.context, ends["msgctxt"] = self.strings(tok)
            nxt = self.peek()
            if nxt is None or nxt.kind != "keyword" or nxt.value != "msgid":
                raise PoError(nxt.line if nxt else tok.line, "msgctxt is not followed by msgid")
        msgid = self.peek()
        assert msgid is not None
        self.keyword("msgid")
        self._same_state(msgid, msg)
        starts["msgid"] = msg.lineno = msgid.line
        msg.id, ends["msgid"] = self.strings(msgid)
        entry = _Entry(msg, first, msgid.line, starts, ends)
        nxt = self.peek()
        if nxt is not None and nxt.kind == "keyword" and nxt.value == "msgid_plural":
            self._plural(entry)
        elif self.keyword("msgstr"):
            assert nxt is not None
            self._same_state(nxt, msg)
            if (after := self.peek()) is not None and after.kind == "[":
                raise PoError(
                    nxt.line,
                    "msgstr[N] belongs to plural entries, and this entry has no "
                    "msgid_plural (write msgstr)",
                )
            starts["msgstr"] = nxt.line
            msg.string, ends["msgstr"] = self.strings(nxt)
        else:
            raise PoError(msgid.line, "missing msgstr: the entry has a msgid but no msgstr")
        entry.last_line = max(ends.values())
        return entry

    def _same_state(self, tok: _Token, msg: Message) -> None:
        if tok.obsolete != msg.obsolete:
            raise PoError(tok.line, _INCONSISTENT)

    def _comment(self, msg: Message, tok: _Token) -> None:
        if tok.kind == "#,":
            msg.flags.extend(f.strip() for f in tok.value.split(",") if f.strip())
        elif tok.kind == "#.":
            msg.auto_comments.append(tok.value)
        elif tok.kind == "#:":
            msg.locations.extend(tok.value.split())
        else:
            msg.user_comments.append(tok.value)

    def _previous(self, msg: Message) -> int:
        """The "#|" lines: previous msgctxt and msgid, in that order."""
        if kw := self.keyword("msgctxt", previous=True):
            msg.previous_context, _ = self.strings(kw, previous=True)
        kw = self.keyword("msgid", previous=True)
        if kw is None:
            tok = self.peek()
            raise PoError(
                tok.line if tok else self.last_line,
                'a "#|" line must give the previous msgid (after any previous msgctxt)',
            )
        msg.previous_id, last = self.strings(kw, previous=True)
        if kw := self.keyword("msgid_plural", previous=True):
            raise PoError(kw.line, _PLURAL)
        tok = self.peek()
        if tok is not None and (tok.kind.startswith("#") or tok.previous):
            raise PoError(tok.line, 'the "#|" lines must come last, just before msgctxt or msgid')
        return last

    def _plural(self, entry: _Entry) -> None:
        """A plural entry, checked as gettext checks it; the caller refuses it anyway."""
        kw = self.keyword("msgid_plural")
        assert kw is not None
        self.strings(kw)
        entry.plural_line = entry.message.lineno
        index = 0
        while (tok := self.peek()) is not None and tok.kind == "keyword" and tok.value == "msgstr":
            self.pos += 1
            opening, number, closing = (self.peek(), None, None)
            if opening is not None and opening.kind == "[":
                self.pos += 1
                number = self.peek()
                self.pos += 1
                closing = self.peek()
                self.pos += 1
            if not (number and number.kind == "number" and closing and closing.kind == "]"):
                raise PoError(tok.line, "a plural entry needs msgstr[0], msgstr[1] … here")
            if int(number.value) != index:
                raise PoError(tok.line, f"msgstr[{number.value}] should be msgstr[{index}]")
            self.strings(tok)
            index += 1
        if index == 0:
            line = tok.line if tok else self.last_line
            raise PoError(line, "missing msgstr[0] after msgid_plural")


_INCONSISTENT = "an entry is partly obsolete (#~) and partly not"
_PLURAL = "plural forms (msgid_plural) have no place in a paper's catalogue"


def _unexpected(tok: _Token) -> str:
    if tok.kind == "string":
        return "a string with no keyword before it"
    if tok.kind == "keyword" and tok.value == "domain":
        return "domain lines are not allowed in a catalogue (gettext ignores them)"
    if tok.kind == "keyword" and tok.value in ("msgstr", "msgid_plural"):
        return f"{tok.value} without a msgid before it"
    return f"unexpected {tok.value!r} where an entry should start"


def _lines(text: str) -> list[str]:
    """The lines of ``text``, each with its line end; only LF ends a line, as for gettext."""
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _source(entry: _Entry, lines: list[str], gap: str) -> Source | None:
    """The entry's text part by part, or None if two parts share a line."""
    present = [p for p in PARTS if p in entry.starts]
    texts: dict[str, str] = {}
    for this, nxt in zip(present, [*present[1:], None], strict=True):
        end = entry.starts[nxt] - 1 if nxt else entry.last_line
        if entry.ends[this] > end:
            return None
        texts[this] = "".join(lines[entry.starts[this] - 1 : end])
    for part in PARTS:
        texts.setdefault(part, "")
    return Source(gap, texts, entry.message.values())


def _wrapped_width(entries: list[_Entry], lines: list[str], tokens: list[_Token]) -> int:
    """The width the file's strings are wrapped at, or 0 if they are not wrapped.

    A string continued on the next line although it does not end in a line
    break was wrapped. GNU gettext and Poedit wrap at 79 columns; a file
    with longer wrapped lines is taken to be wrapped at its longest line.
    """
    widest = 0
    for tok, nxt in itertools.pairwise(tokens):
        if (
            tok.kind == "string"
            and nxt.kind == "string"
            and tok.value
            and not tok.value.endswith("\n")
            and nxt.line > tok.line
        ):
            widest = max(widest, linebreak.width(lines[tok.line - 1].rstrip("\r\n")))
    return max(widest, GNU_WIDTH) if widest else 0


def parse(text: str, layout: bool = True) -> Catalog:
    """The catalogue in ``text``, or PoError at the first fault.

    Without ``layout`` the file's form (wrapping, the text of each part) is
    not kept: enough to read translations, faster, not to write the file back.
    """
    lines = _lines(text)
    tokens = [
        tok
        for number, line in enumerate(lines, 1)
        for tok in _line_tokens(line.removesuffix("\n"), number)
    ]
    parser = _Parser(tokens, len(lines))
    entries: list[_Entry] = []
    while (entry := parser.entry()) is not None:
        entries.append(entry)
    catalog = Catalog(width=_wrapped_width(entries, lines, tokens) if layout else 0)
    end = 0
    for entry in entries:
        if layout:
            gap = "".join(lines[end : entry.first_line - 1])
            entry.message.source = _source(entry, lines, gap)
        catalog.entries.append(entry.message)
        end = entry.last_line
    catalog.tail = "".join(lines[end:])
    _check(entries, catalog)
    return catalog


def _check(entries: list[_Entry], catalog: Catalog) -> None:
    """What msgfmt --check asks of a whole catalogue, beyond its grammar."""
    seen: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        msg = entry.message
        key = (msg.context, msg.id)
        if key in seen:
            what = f'msgctxt "{msg.context}" ' if msg.context is not None else ""
            raise PoError(
                msg.lineno or entry.first_line,
                f"{what}msgid defined twice (first at line {seen[key]}); "
                "keep one entry and delete the other",
            )
        seen[key] = msg.lineno or entry.first_line
    header = next((e for e in entries if e.message.is_header), None)
    if header is None or not header.message.string:
        raise PoError(1, 'the catalogue has no header entry (msgid "" with its fields)')
    try:
        plural.check(header.message.string)
    except plural.PluralError as exc:
        raise PoError(
            header.starts.get("msgstr", header.first_line), f"Plural-Forms: {exc}"
        ) from None
    for entry in entries:
        if entry.plural_line is not None:
            raise PoError(entry.plural_line, _PLURAL)
    for msg in catalog:
        if msg.string and not msg.fuzzy:
            for end, where in ((str.startswith, "begin"), (str.endswith, "end")):
                if end(msg.id, "\n") != end(msg.string, "\n"):
                    raise PoError(
                        msg.lineno or 1,
                        f"msgid and msgstr do not both {where} with a line break (\\n)",
                    )
