"""Catalogue files: read strictly, written atomically in the form they came in.

A catalogue that GNU ``msgfmt --check`` would reject is an InputError
naming its line (:mod:`hexaglot.catalogs.postrict`), and so are the bytes
hexaglot will not guess about: a file that is not UTF-8, says it is in
another charset, starts with a byte-order mark, or is binary. Writing
gives back every unchanged part of the file as it was read
(:mod:`hexaglot.catalogs.powrite`), through an atomic write that leaves the
file alone when its bytes would not change.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from hexaglot.base import atomic
from hexaglot.base.errors import InputError
from hexaglot.catalogs import postrict, powrite
from hexaglot.catalogs.catalog import Catalog

#: Catalogues are small; a larger file is refused rather than read.
MAX_BYTES = 32 * 1024 * 1024

# The first Content-Type line is the header's (the header entry comes first).
_DECLARED = re.compile(rb'Content-Type:[^"\n]*?charset=([A-Za-z0-9_.:-]+)', re.IGNORECASE)


def _codec(charset: str) -> str | None:
    if charset.lower() == "charset":  # gettext's placeholder in a template
        return "charset"
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def parse(data: bytes, path: Path | str, layout: bool = True) -> Catalog:
    """The catalogue in ``data`` (the bytes of ``path``), or InputError at the fault;
    ``layout=False`` reads translations only (see postrict.parse)."""
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
        raise InputError(
            f"the header declares charset={declared.group(1).decode('ascii')}; "
            "catalogues must be UTF-8 (convert the file and set charset=UTF-8)",
            path,
            data[: declared.start()].count(b"\n") + 1,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("text is not UTF-8 (catalogues must be UTF-8)", path, line) from None
    try:
        return postrict.parse(text, layout)
    except postrict.PoError as exc:
        raise InputError(exc.message, path, exc.line) from None


def read(path: Path, layout: bool = True) -> Catalog:
    """Parse a PO or POT file, or raise InputError with the offending line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such catalogue", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a catalogue", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from None
    return parse(data, path, layout)


def dump(catalog: Catalog) -> bytes:
    return powrite.dump(catalog)


def write(path: Path, catalog: Catalog) -> bool:
    """Write atomically; return False when the file already held these bytes."""
    return atomic.write_bytes(path, dump(catalog))
