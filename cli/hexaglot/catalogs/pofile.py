"""Reading and writing gettext catalogues through Babel, safely.

A catalogue that does not parse is an InputError naming its line; a
catalogue is written atomically, and only when its bytes change.
"""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, denormalize, normalize, read_po, write_po

from hexaglot.base import atomic
from hexaglot.base.errors import InputError

#: Catalogues are small; a larger file is refused rather than read.
MAX_BYTES = 32 * 1024 * 1024


def read(path: Path, locale: str | None = None) -> Catalog:
    """Parse a PO or POT file, or raise InputError with the offending line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such catalogue", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from None
    if len(data) > MAX_BYTES:
        raise InputError(f"catalogue larger than {MAX_BYTES // 2**20} MiB", path)
    if b"\0" in data:
        raise InputError("binary data in a catalogue (is this an MO file?)", path)
    if data.startswith(codecs.BOM_UTF8):  # msgfmt refuses it too, with "syntax error"
        raise InputError(
            "the file starts with a byte-order mark; save it as UTF-8 without BOM", path, 1
        )
    declared = _DECLARED.search(data)
    if declared and _codec(declared.group(1).decode("ascii")) not in ("utf-8", "charset"):
        # Babel would decode, and write back, in that charset: refuse it instead.
        raise InputError(
            f"the header declares charset={declared.group(1).decode('ascii')}; "
            "catalogues must be UTF-8 (convert the file and set charset=UTF-8)",
            path,
            data[: declared.start()].count(b"\n") + 1,
        )
    try:
        # Decoded here, whole, so the line is right and no header can pick the codec.
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("text is not UTF-8 (catalogues must be UTF-8)", path, line) from None
    _check_strings(data.decode("utf-8"), path)
    text = _PREVIOUS_IN.sub(rb"\1# #\2|", data).decode("utf-8")
    try:
        catalog = read_po(io.StringIO(text), locale=locale, abort_invalid=True)
        for msg in [*catalog, *catalog.obsolete.values()]:
            _restore_previous(msg)
    except PoFileError as exc:
        reason = " ".join(str(exc.args[0]).rsplit(" on ", 1)[0].split())
        reason = reason if len(reason) <= 160 else f"{reason[:159]}…"  # it quotes the msgid
        raise InputError(f"not a valid PO file: {reason}", path, exc.lineno + 1) from None
    except (LookupError, ValueError) as exc:
        raise InputError(f"bad catalogue header: {exc}", path) from None
    if _codec(catalog.charset) not in ("utf-8", "charset"):  # a header the scan missed
        raise InputError(
            f"the header declares charset={catalog.charset}; catalogues must be "
            "UTF-8 (convert the file and set charset=UTF-8)",
            path,
        )
    for msg in [*catalog, *catalog.obsolete.values()]:
        if isinstance(msg.id, (list, tuple)):
            # A block is one message; merging and checks assume a msgid is a string.
            raise InputError(
                "plural forms (msgid_plural) have no place in a paper's catalogue", path, msg.lineno
            )
    return catalog


# Babel takes 'msgstr "abc' for "ab": it drops the last character of a string
# whose closing quote is missing. Such a line is refused, as msgfmt does.
_STRING_LINE = re.compile(
    r'(?:#~\|?\s*|#\|\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?(".*)'
)
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _check_strings(text: str, path: Path) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        found = _STRING_LINE.fullmatch(line.strip())
        if found and not _STRING.fullmatch(found.group(1)):
            raise InputError(
                'a string is not closed (a " is missing at the end of the line)', path, number
            )


# The first Content-Type line is the header's (the header entry comes first).
_DECLARED = re.compile(rb'Content-Type:[^"\n]*?charset=([A-Za-z0-9_.:-]+)', re.IGNORECASE)


def _codec(charset: str) -> str | None:
    if charset.lower() == "charset":  # gettext's placeholder in a template: Babel reads UTF-8
        return "charset"
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


# Babel 2.19 reads "#| msgid" lines as translator comments (and GNU's "#~|"
# on obsolete entries as an error), and writes a previous msgid longer than
# one line as broken "#|" lines that msgfmt rejects. So read marks them
# ("# #|") and restores them from the comments; dump writes each previous
# msgid in GNU form in place of Babel's lines.
_PREVIOUS_IN = re.compile(rb"^([ \t]*)#(~?)\|", re.MULTILINE)
_MARKS = ("#|", "#~|")
_PREVIOUS_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural) (.*)")  # GNU adds msgctxt


def _restore_previous(msg: Message) -> None:
    lines = [c.split("|", 1)[1].strip() for c in msg.user_comments if c.startswith(_MARKS)]
    if not lines:
        return
    parts: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        keyword = _PREVIOUS_KEYWORD.fullmatch(line)
        if keyword:
            current = parts.setdefault(keyword.group(1), [])
            line = keyword.group(2)
        if current is None or not (line.startswith('"') and line.endswith('"')):
            return  # not a previous msgid after all: leave the comments alone
        current.append(line)
    msg.user_comments = [c for c in msg.user_comments if not c.startswith(_MARKS)]
    msg.previous_id = [
        denormalize("\n".join(parts[k])) for k in ("msgid", "msgid_plural") if k in parts
    ]


def _previous_lines(msg: Message, width: int, charset: str) -> list[bytes]:
    out = []
    for keyword, text in zip(("msgid", "msgid_plural"), msg.previous_id, strict=False):
        out.append(f"#| {keyword} {normalize(text, prefix='#| ', width=width)}\n")
    return [line.encode(charset) for line in "".join(out).splitlines(keepends=True)]


#: Strings are not wrapped: a paragraph is one line, so a diff shows the
#: paragraph that changed, and Babel writes 14 times faster than when wrapping.
WIDTH = 0


def dump(catalog: Catalog, width: int = WIDTH) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=width, include_previous=True, sort_output=False)
    pending = [
        _previous_lines(m, width, catalog.charset) for m in catalog if m.id and m.previous_id
    ]
    lines: list[bytes] = []
    in_previous = False
    for line in out.getvalue().splitlines(keepends=True):
        if line.startswith(b"#|"):
            if not in_previous:
                lines.extend(pending.pop(0))
            in_previous = True
            continue
        in_previous = False
        lines.append(line)
    return b"".join(lines)


def write(path: Path, catalog: Catalog) -> bool:
    """Write atomically; return False when the file already held these bytes."""
    return atomic.write_bytes(path, dump(catalog))
