"""Opening a .docx safely: the archive is checked before python-docx sees any of it.

A Word file is a zip archive of XML parts. A hostile one can be a zip bomb,
carry macros, point at files or URLs that a reader would load (a linked
template, image or frame), or hide a DTD in a part. Every part is read here
with bounded sizes and parsed with hexaglot's hardened XML parser; only
then is the archive given to python-docx, from memory. Nothing outside the
archive is ever opened: relationships that leave it are refused, except
hyperlinks, whose targets are text that no step follows.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from lxml import etree

from hexaglot.base import safexml
from hexaglot.base.errors import InputError

#: The largest .docx read (bytes on disk); a long report with images is a few MiB.
MAX_FILE = 64 * 1024 * 1024
#: The largest part, once uncompressed: the hardened parser's own limit for XML.
MAX_PART = safexml.MAX_BYTES
#: All parts together, uncompressed.
MAX_TOTAL = 128 * 1024 * 1024
#: How many parts an archive may have.
MAX_PARTS = 2000
#: Compression beyond this ratio (for parts past MIN_RATIO_CHECK bytes) is a zip bomb:
#: Word's XML compresses about 5 to 20 times.
MAX_RATIO = 100
MIN_RATIO_CHECK = 64 * 1024

MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


@dataclass
class Docx:
    """A checked Word file: python-docx's document, and every XML part parsed by us."""

    path: Path
    document: Document
    parts: dict[str, etree._ElementTree] = field(repr=False)

    def related(self, kind: str) -> etree._Element | None:
        """The root of the part the main document relates to as ``kind`` ("footnotes")."""
        for rel in self.document.part.rels.values():
            if not rel.is_external and rel.reltype.rsplit("/", 1)[-1] == kind:
                tree = self.parts.get(str(rel.target_part.partname).lstrip("/"))
                return tree.getroot() if tree is not None else None
        return None


def open_docx(path: Path) -> Docx:
    """The checked Word file at ``path``, or an InputError saying in one line why not."""
    data = _read(path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise InputError("not a Word file (.docx): not a zip archive", path) from None
    with archive:
        contents = _contents(archive, path)
    parts = {}
    for name, body in contents.items():
        if name.endswith((".xml", ".rels")):
            try:
                parts[name] = safexml.parse_bytes(body, path)
            except InputError as exc:
                raise InputError(f"part {name}: {exc.message}", path) from None
    _check_types(parts, path)
    for name, tree in parts.items():
        if name.endswith(".rels"):
            _check_relationships(name, tree, path)
    try:
        document = docx.Document(io.BytesIO(data))
        document.styles.element  # noqa: B018  (a styles part of another type fails here)
    except Exception as exc:  # python-docx raises many kinds; each is one line here
        raise InputError(f"not a readable Word document: {exc}", path) from None
    return Docx(path, document, parts)


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise InputError(
                f"file is {size / 2**20:.1f} MiB; Word files are limited to "
                f"{MAX_FILE // 2**20} MiB",
                path,
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a Word file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from None


def _contents(archive: zipfile.ZipFile, path: Path) -> dict[str, bytes]:
    """Every part's bytes, read within the limits whatever the headers claim."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise InputError(f"the archive has {len(infos)} parts; at most {MAX_PARTS}", path)
    out: dict[str, bytes] = {}
    total = 0
    for info in infos:
        name = info.filename
        if info.is_dir():
            continue
        if name.startswith("/") or ".." in name.split("/") or "\\" in name:
            raise InputError(f"part {name!r} names a place outside the document", path)
        if name.rsplit("/", 1)[-1].lower() == "vbaproject.bin":
            raise InputError(f"the document carries macros ({name}); macros are refused", path)
        try:
            with archive.open(info) as part:
                body = part.read(MAX_PART + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError) as exc:
            raise InputError(f"part {name} cannot be read: {exc}", path) from None
        except EOFError:
            raise InputError(f"part {name} is cut short", path) from None
        if len(body) > MAX_PART:
            raise InputError(
                f"part {name} is larger than {MAX_PART // 2**20} MiB uncompressed", path
            )
        if len(body) > MIN_RATIO_CHECK and len(body) > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(
                f"part {name} is compressed more than {MAX_RATIO} to 1 (a zip bomb?)", path
            )
        total += len(body)
        if total > MAX_TOTAL:
            raise InputError(
                f"the parts are larger than {MAX_TOTAL // 2**20} MiB uncompressed in all", path
            )
        out[name] = body
    return out


def _check_types(parts: dict[str, etree._ElementTree], path: Path) -> None:
    types = parts.get("[Content_Types].xml")
    if types is None:
        raise InputError("not a Word file (.docx): no [Content_Types].xml", path)
    declared = [
        el.get("ContentType", "")
        for el in types.getroot()
        if el.tag in (f"{_CT_NS}Override", f"{_CT_NS}Default")
    ]
    for kind in declared:
        if "macroEnabled" in kind or "vbaProject" in kind:
            raise InputError(f"the document is macro-enabled ({kind}); macros are refused", path)
    if MAIN_TYPE not in declared:
        raise InputError("not a Word document (.docx): no main document part", path)


def _check_relationships(name: str, tree: etree._ElementTree, path: Path) -> None:
    """Refuse relationships that lead out of the archive (hyperlinks aside)."""
    # "word/_rels/document.xml.rels" relates "word/document.xml": targets are relative to "word/".
    folder = posixpath.dirname(posixpath.dirname(name))
    for rel in tree.getroot().iter(f"{_REL_NS}Relationship"):
        target = rel.get("Target", "")
        kind = rel.get("Type", "")
        if rel.get("TargetMode") == "External":
            if kind == _HYPERLINK:
                continue
            raise InputError(
                f"part {name} points outside the document ({kind.rsplit('/', 1)[-1]} → "
                f"{target}); external relationships are refused",
                path,
            )
        resolved = posixpath.normpath(
            target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        )
        if resolved == ".." or resolved.startswith("../"):
            raise InputError(f"part {name} points outside the document ({target})", path)
