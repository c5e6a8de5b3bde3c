"""A gettext catalogue as hexaglot holds it: entries in file order, and the text they came from.

Each entry read from a file keeps that file's text, part by part (comments,
msgctxt, msgid, msgstr). Writing gives back the text of every part whose
content did not change, so a catalogue keeps the form its translator's tool
gave it: its wrapping, its header fields, its comments and blank lines.
A paper's messages are plain text, never format strings and never plural,
so a Message has one msgstr and no format flag is ever made up for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

#: The parts of an entry, in the order a file has them.
PARTS = ("comments", "msgctxt", "msgid", "msgstr")


@dataclass(frozen=True)
class Source:
    """How an entry stood in its file: the text before it and the text of each part.

    ``values`` holds what each part said when it was read, so that a writer
    can tell which parts are still the same.
    """

    gap: str  # blank lines between the previous entry and this one
    texts: dict[str, str]  # part name -> its lines as read, with their line ends
    values: dict[str, object]  # part name -> its content when read


@dataclass(eq=False)
class Message:
    """One entry: a msgctxt (the block id), a msgid, its msgstr, and their comments."""

    id: str
    string: str = ""
    context: str | None = None
    flags: list[str] = field(default_factory=list)
    auto_comments: list[str] = field(default_factory=list)  # "#." lines
    user_comments: list[str] = field(default_factory=list)  # "# " lines
    locations: list[str] = field(default_factory=list)  # "#:" references
    previous_context: str | None = None  # "#| msgctxt"
    previous_id: str | None = None  # "#| msgid": the source a fuzzy translation was made for
    obsolete: bool = False
    lineno: int | None = None  # the line of its msgid keyword, in the file it was read from
    source: Source | None = field(default=None, repr=False)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_header(self) -> bool:
        return self.id == "" and self.context is None and not self.obsolete

    def values(self) -> dict[str, object]:
        """What each part says now; a writer compares it with what was read."""
        return {
            "comments": (
                self.obsolete,
                tuple(self.user_comments),
                tuple(self.auto_comments),
                tuple(self.locations),
                tuple(self.flags),
                self.previous_context,
                self.previous_id,
            ),
            "msgctxt": (self.obsolete, self.context),
            "msgid": (self.obsolete, self.id),
            "msgstr": (self.obsolete, self.string),
        }


@dataclass
class Catalog:
    """Every entry of a catalogue in order (header, messages, obsolete ones).

    ``width`` is the line width strings are wrapped at, 0 for not wrapped;
    ``tail`` is whatever followed the last entry (blank lines, comments).
    Iterating gives the current (not obsolete) messages, header excluded.
    """

    entries: list[Message] = field(default_factory=list)
    width: int = 0
    tail: str = "\n"

    def __iter__(self) -> Iterator[Message]:
        return (m for m in self.entries if not m.obsolete and not m.is_header)

    @property
    def obsolete(self) -> list[Message]:
        return [m for m in self.entries if m.obsolete]

    @property
    def header(self) -> Message | None:
        return next((m for m in self.entries if m.is_header), None)

    def header_field(self, name: str) -> str | None:
        """The value of header field ``name`` (in any case), or None."""
        header = self.header
        for line in header.string.split("\n") if header else ():
            key, colon, value = line.partition(":")
            if colon and key.strip().lower() == name.lower():
                return value.strip()
        return None

    def set_header_field(self, name: str, value: str) -> None:
        """Set header field ``name`` where it is, or add it last; other lines stay as they are."""
        header = self.header
        if header is None:
            return
        lines = header.string.split("\n")
        for i, line in enumerate(lines):
            key, colon, _ = line.partition(":")
            if colon and key.strip().lower() == name.lower():
                lines[i] = f"{key}: {value}"
                break
        else:
            at = len(lines) - 1 if lines[-1] == "" else len(lines)
            lines.insert(at, f"{name}: {value}")
        header.string = "\n".join(lines)

    @property
    def language(self) -> str | None:
        return self.header_field("Language")
