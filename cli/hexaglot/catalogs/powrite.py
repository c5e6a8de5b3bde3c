"""Writing a catalogue in the form it came in: unchanged parts as read, new ones in its style.

A part of an entry (its comments, msgctxt, msgid or msgstr) that still says
what it said when read is written back as it was read. Anything new is
written as GNU gettext writes it: strings unwrapped (width 0), or wrapped
at the catalogue's width at Unicode line break opportunities, as msgcat
and Poedit do, with a string that needs several lines starting on a line
of its own (``msgid ""``).
"""

from __future__ import annotations

from hexaglot.catalogs import linebreak
from hexaglot.catalogs.catalog import PARTS, Catalog, Message

#: The width GNU gettext and Poedit wrap at by default.
GNU_WIDTH = 79

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def _portions(text: str) -> list[str]:
    """``text`` cut after each line break, as gettext puts each line on a line of its own."""
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1] or not out:
        out.append(parts[-1])
    return out


def _wrap(escaped: str, start: int, width: int) -> list[str]:
    """``escaped`` cut into lines of at most ``width`` columns, quotes included.

    ``start`` is the column after the opening quote. A piece that fits on
    no line is left whole, as gettext does.
    """
    breaks = linebreak.opportunities(escaped)
    i = 0
    while i < len(escaped):  # never inside an escape sequence
        if escaped[i] == "\\":
            breaks[i + 1] = False
            i += 2
        else:
            i += 1
    if escaped.endswith("\\n"):
        breaks[len(escaped) - 2] = False  # nor before the line break that ends a line
    pieces: list[str] = []
    begin = 0
    for i in range(1, len(escaped)):
        if breaks[i]:
            pieces.append(escaped[begin:i])
            begin = i
    pieces.append(escaped[begin:])
    lines: list[str] = []
    current, column = "", start
    for piece in pieces:
        size = linebreak.width(piece)
        if current and column + size > width - 1:
            lines.append(current)
            current, column = "", start
        current += piece
        column += size
    lines.append(current)
    return lines


def string_lines(keyword: str, value: str, prefix: str, width: int) -> list[str]:
    """``keyword "value"`` as gettext writes it, each line starting with ``prefix``."""
    head = f"{prefix}{keyword} "
    portions = [_escape(p) for p in _portions(value)]
    if len(portions) == 1:
        if width <= 0:
            return [f'{head}"{portions[0]}"']
        first = _wrap(portions[0], linebreak.width(head) + 1, width)
        if len(first) == 1:
            return [f'{head}"{portions[0]}"']
    lines = [f'{head}""']
    start = linebreak.width(prefix) + 1
    for portion in portions:
        pieces = _wrap(portion, start, width) if width > 0 else [portion]
        lines.extend(f'{prefix}"{piece}"' for piece in pieces)
    return lines


def _comment_lines(msg: Message, width: int) -> list[str]:
    lines = [f"# {c}" if c else "#" for c in msg.user_comments]
    lines += [f"#. {c}" if c else "#." for c in msg.auto_comments]
    if msg.locations:
        lines.append("#: " + " ".join(msg.locations))
    if msg.flags:
        lines.append("#, " + ", ".join(msg.flags))
    previous = "#~| " if msg.obsolete else "#| "
    if msg.previous_context is not None:
        lines += string_lines("msgctxt", msg.previous_context, previous, width)
    if msg.previous_id is not None:
        lines += string_lines("msgid", msg.previous_id, previous, width)
    return lines


def _part(msg: Message, part: str, width: int) -> str:
    prefix = "#~ " if msg.obsolete else ""
    if part == "comments":
        lines = _comment_lines(msg, width)
    elif part == "msgctxt":
        lines = [] if msg.context is None else string_lines("msgctxt", msg.context, prefix, width)
    elif part == "msgid":
        lines = string_lines("msgid", msg.id, prefix, width)
    else:
        lines = string_lines("msgstr", msg.string, prefix, width)
    return "".join(f"{line}\n" for line in lines)


def entry_text(msg: Message, width: int) -> str:
    """The entry as it will stand in the file: each part as read if unchanged, else anew."""
    source = msg.source
    now = msg.values()
    out = []
    for part in PARTS:
        if source is not None and part in source.texts and source.values[part] == now[part]:
            out.append(source.texts[part])
        else:
            out.append(_part(msg, part, width))
    return "".join(out)


def dump(catalog: Catalog) -> bytes:
    """The bytes of ``catalog`` as a PO file (UTF-8)."""
    out: list[str] = []
    for msg in catalog.entries:
        if out and not out[-1].endswith("\n"):
            out.append("\n")  # the file's last line had no line end, and more follows
        if msg.source is not None:
            out.append(msg.source.gap)
        elif out:
            out.append("\n")
        out.append(entry_text(msg, catalog.width))
    if out and catalog.tail and not out[-1].endswith("\n"):
        out.append("\n")
    return ("".join(out) + catalog.tail).encode("utf-8")
