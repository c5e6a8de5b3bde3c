"""Document symbols in running text: UNEP/EA.7/3, UNEP(DTIE)/Hg/OEWG.2/10, A/RES/70/1.

A Word draft types symbols as plain text; the paper marks them, so that
they are never translated or broken across lines. A symbol here is what the
schema allows, and at least two slashes and a figure: "BAT/BEP" is not one.
"""

from __future__ import annotations

import re

from hexaglot.paper.inline import Styled, Symbol, Text

# Not after a Latin letter, figure, slash or stop: "UNEP/OzL.Pro…" is one symbol, and so it
# is after a Chinese character ("对UNEP/…号").
_CANDIDATE = re.compile(r"(?<![A-Za-z0-9/.])[A-Z][A-Za-z0-9().\-]*(?:/[A-Za-z0-9().\-]+){2,}")


def _trim(found: str) -> str:
    """A candidate without the sentence's punctuation that the pattern took along."""
    while found and (
        found[-1] in ".-" or (found[-1] == ")" and found.count(")") > found.count("("))
    ):
        found = found[:-1]
    return found


def find(text: str) -> list[tuple[int, int]]:
    """Where the symbols of ``text`` stand: (start, end) pairs, in order."""
    out = []
    for match in _CANDIDATE.finditer(text):
        value = _trim(match.group(0))
        if any(c.isdigit() for c in value) and value.count("/") >= 2:
            out.append((match.start(), match.start() + len(value)))
    return out


def mark(text: Text) -> Text:
    """``text`` with the symbols in its strings made Symbol nodes."""
    out: list = []
    for node in text:
        if isinstance(node, Styled):
            out.append(type(node)(mark(node.content)))
        elif isinstance(node, str):
            last = 0
            for start, end in find(node):
                if start > last:
                    out.append(node[last:start])
                out.append(Symbol(node[start:end]))
                last = end
            if last < len(node):
                out.append(node[last:])
        else:
            out.append(node)
    return tuple(out)


def is_symbol(text: str) -> bool:
    """Whether ``text`` is one symbol and nothing else."""
    text = text.strip()
    return find(text) == [(0, len(text))]
