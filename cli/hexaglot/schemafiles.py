"""The schema files, and libxml2's validation messages put into an editor's words."""

from __future__ import annotations

import re
from pathlib import Path

#: The project's schema folder. hexaglot runs from a checkout (installed
#: editable by ``make``), where schema/ sits beside cli/.
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"


def schema_file(name: str) -> Path:
    """The path of a schema file (paper.rng, paper.sch)."""
    return SCHEMA_DIR / name


# libxml2 says "Element para failed to validate attributes"; editors want the
# element and what it needed. These rewrite the commonest messages.
_PLAIN = [
    (re.compile(r"Expecting element (\S+), got (\S+)"), r"found <\2> where <\1> belongs"),
    (re.compile(r"Did not expect element (\S+) there"), r"<\1> is not allowed here"),
    (
        re.compile(r"Element (\S+) failed to validate attributes"),
        r"<\1> has a missing or malformed attribute",
    ),
    (re.compile(r"Invalid attribute (\S+) for element (\S+)"), r"<\2> has no attribute \1"),
    (re.compile(r"Element (\S+) has extra content: (\S+)"), r"<\1> has unexpected content <\2>"),
    (re.compile(r"Error validating datatype (\S+)"), r"a value is not a valid \1"),
    (re.compile(r"Type (\S+) doesn't allow value '(.*)'"), r"'\2' is not a valid \1"),
]


def plain_message(message: str) -> str:
    for pattern, repl in _PLAIN:
        if pattern.search(message):
            return pattern.sub(repl, message)
    return message
