"""A hardened XML parser: no DTD, no entities, no network, bounded size.

Papers, XLIFF files and catalogue markup come from many hands; a file that
tries to reach outside itself is refused before anything reads it further.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from hexaglot.base.errors import InputError

#: Largest paper accepted. A long UN report is about 2 MB of XML; the limit
#: keeps a hostile file from exhausting memory while leaving ample room.
MAX_BYTES = 16 * 1024 * 1024

XINCLUDE_NS = "http://www.w3.org/2001/XInclude"


_DECLARATIONS = (
    "document type declarations (DOCTYPE, ENTITY) are not allowed: "
    "they can load external files or expand without bound"
)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def _check_size(size: int, path: Path | str) -> None:
    if size > MAX_BYTES:
        raise InputError(
            f"file is {size / 2**20:.1f} MiB; XML files are limited to {MAX_BYTES // 2**20} MiB",
            path,
        )


def parse_bytes(data: bytes, path: Path | str) -> etree._ElementTree:
    """Parse ``data`` (the content of ``path``) or raise an InputError naming the line."""
    _check_size(len(data), path)
    # UTF-16 and UTF-32 spell ASCII with NUL bytes in between: drop them, or a
    # declaration in such a file would pass unseen.
    ascii_view = data.replace(b"\0", b"")
    found = [i for i in (ascii_view.find(b"<!DOCTYPE"), ascii_view.find(b"<!ENTITY")) if i >= 0]
    if found:
        raise InputError(_DECLARATIONS, path, ascii_view[: min(found)].count(b"\n") + 1)
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        reason = " ".join(exc.msg.split())  # lxml's messages may span lines
        raise InputError(f"not well-formed XML: {reason}", path, exc.lineno) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:  # any other encoding
        raise InputError(_DECLARATIONS, path, 1)
    for node in tree.iter(f"{{{XINCLUDE_NS}}}*"):
        raise InputError("XInclude is not allowed", path, node.sourceline)
    return tree


def parse_file(path: Path) -> etree._ElementTree:
    """Read and parse one XML file, turning I/O failures into InputError."""
    try:
        _check_size(path.stat().st_size, path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a paper", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from None
    return parse_bytes(data, path)
