"""Reading and writing gettext catalogues through Babel, safely.

A catalogue that does not parse is an InputError naming its line; a
catalogue is written atomically, and only when its bytes change.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from hexaglot import atomic
from hexaglot.errors import InputError

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
    try:
        return read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except PoFileError as exc:
        reason = str(exc.args[0]).rsplit(" on ", 1)[0]
        raise InputError(f"not a valid PO file: {reason}", path, exc.lineno + 1) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            "text is not in the charset the header declares (catalogues must be UTF-8)",
            path, line) from None
    except (LookupError, ValueError) as exc:
        raise InputError(f"bad catalogue header: {exc}", path) from None


def dump(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=76, include_previous=True, sort_output=False)
    return out.getvalue()


def write(path: Path, catalog: Catalog) -> bool:
    """Write atomically; return False when the file already held these bytes."""
    return atomic.write_bytes(path, dump(catalog))
