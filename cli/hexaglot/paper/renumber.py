"""Renumbering paragraphs after drafting, touching nothing else in the file.

The file is rewritten as text, not re-serialised, so that comments,
indentation and attribute order survive byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path

from hexaglot.base import atomic
from hexaglot.base.errors import InputError
from hexaglot.base.safexml import parse_bytes

# Comments, CDATA and processing instructions are skipped; a <para> start tag
# is rewritten in place.
_TOKENS = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|(?P<tag><para\b[^>]*>)", re.DOTALL)
_N = re.compile(r"""(\sn\s*=\s*)(["'])[^"']*\2""")


def renumber_text(text: str, path: Path | str) -> str:
    """``text`` with the n attribute of every <para> set to 1, 2, 3 … in order."""
    expected = len(parse_bytes(text.encode("utf-8"), path).getroot().xpath("//para"))
    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        if match.group("tag") is None:
            return match.group(0)
        count += 1
        tag = match.group("tag")
        if not _N.search(tag):
            raise InputError(f"a <para> has no n attribute (paragraph {count})", path)
        return _N.sub(lambda m: f"{m.group(1)}{m.group(2)}{count}{m.group(2)}", tag, count=1)

    out = _TOKENS.sub(fix, text)
    if count != expected:
        raise InputError("could not find every <para> start tag; the file was not changed", path)
    return out


def renumber(path: Path) -> bool:
    """Renumber the paper at ``path``; return True if anything changed."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read as UTF-8: {exc}", path) from None
    return atomic.write_text(path, renumber_text(text, path))
