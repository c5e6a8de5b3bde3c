"""A PDF/UA-1 structure checker: the Matterhorn Protocol's machine-checkable failure
conditions that apply to the PDFs hexaglot writes.

veraPDF does not install here (it needs a JVM distribution from outside the
package registries), so the tests hold every edition to this checker. It reads
the PDF with pikepdf and reports each failure as (checkpoint, message).

Checkpoints covered (Matterhorn Protocol 1.1 numbering; ISO 14289-1 clause):

- 01-003  content marked as Artifact inside tagged content (7.1)
- 01-004  tagged content inside content marked as Artifact (7.1)
- 01-005  content neither marked as Artifact nor tagged as real content (7.1):
          every text, path, image or shading operator of every page is inside
          an Artifact or a marked-content sequence with an MCID, and every MCID
          is reachable from the StructTreeRoot: the page's /StructParents
          entry of the ParentTree names, for each MCID, a structure element that
          the tree walk from the root reaches and that holds the MCID in /K;
          conversely every MCID the tree holds is on its page
- 01-007  /Suspects true in /MarkInfo (7.1); /Marked must be true
- 02-001, 02-004  a role-mapped type that does not end on a standard type, or a
          standard type remapped (7.1)
- 06-001, 06-002, 06-003  no XMP metadata; no pdfuaid:part 1 (when the file
          claims PDF/UA); no dc:title (7.1)
- 07-001, 07-002  ViewerPreferences /DisplayDocTitle missing or false (7.1)
- 09-004  table elements out of ISO 32000-1 Table 337's syntax (Table holds
          TR, THead, TBody, TFoot, Caption; those rows; a TR holds TH and TD)
- 09-005  list elements out of Table 336's syntax (L holds LI, L, Caption; LI
          holds Lbl and LBody; LI only in L, LBody only in LI)
- 10-001  a font without ToUnicode, so its character codes cannot be mapped
          to Unicode (7.21.7)
- 11-001  no /Lang in the catalogue, or a /Lang that is not a language tag
          (7.2), on the catalogue or any structure element
- 13-004  a Figure without /Alt or /ActualText (7.3)
- 14-002, 14-003, 14-007  the first numbered heading is not H1; a heading
          level skipped going down; both H and H1–H6 used (7.4)
- 15-003  a TH without /Scope (7.5; hexaglot's tables always say it)
- 19-003, 19-004  a Note without /ID, or an /ID used twice (7.9)
- 26-001  the file is encrypted (7.16)
- 28-002, 28-011  an annotation with no structure parent, or a link
          annotation whose structure parent is not a Link (7.18.1, 7.18.5)
- 28-008, 28-009  a page with annotations without /Tabs /S (7.18.3)
- 28-012  a link annotation without /Contents (7.18.5)
- 31-009  a font program not embedded (7.21.4.1)

Labelled "ISO 32000-1 14.7.2", the structure tree's own syntax: each element's
/P is the element that holds it, no element is reached twice, and every /ID
is in the StructTreeRoot's /IDTree.

check_pdfa3b() adds the few checks of a PDF/A-3b claim that need no veraPDF.

Failure conditions that need a human (01-001/002 artifact or content by
meaning, 09-001 reading order, 11-007 the right language, 13-001 what a
figure shows …) and those about features hexaglot never writes (forms,
optional content, XFA, embedded files, Type 3 fonts, math) are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pikepdf
from lxml import etree
from pikepdf import Name, Pdf

Failure = tuple[str, str]
#: The label of failures against the structure tree's own syntax, which Matterhorn assumes.
TREE = "ISO 32000-1 14.7.2"

#: The standard structure types of ISO 32000-1, 14.8.4.
STANDARD = frozenset(
    " ".join(
        (
            "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private",
            "P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot",
            "Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP",
            "Figure Formula Form",
        )
    ).split()
)
_TABLE_KIDS = {
    "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
    "THead": {"TR"},
    "TBody": {"TR"},
    "TFoot": {"TR"},
    "TR": {"TH", "TD"},
}
_LIST_KIDS = {"L": {"LI", "L", "Caption"}, "LI": {"Lbl", "LBody"}}
_PAINT = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh", "BI"}
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_XMP = {
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@dataclass
class Element:
    """One structure element reached from the root, with what the checks need."""

    obj: pikepdf.Dictionary
    kind: str
    parent: pikepdf.Object | None
    page: pikepdf.Object | None  # /Pg, inherited from the nearest ancestor that has one


def check(source: Path | Pdf, claims_ua: bool = True) -> list[Failure]:
    """Every failure found in the PDF ``source``; ``claims_ua``: it must say PDF/UA-1."""
    pdf = source if isinstance(source, Pdf) else Pdf.open(source)
    failures: list[Failure] = []
    failures += _document(pdf, claims_ua)
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return [*failures, ("01-005", "no StructTreeRoot: nothing is tagged")]
    elements = list(_walk(pdf, root, failures))
    failures += _types(pdf, root, elements)
    failures += _content(pdf, root, elements)
    failures += _headings(elements)
    failures += _tables_and_lists(elements)
    failures += _ids(root, elements)
    failures += _annotations(pdf, root, elements)
    failures += _fonts(pdf)
    return failures


def _document(pdf: Pdf, claims_ua: bool) -> list[Failure]:
    out: list[Failure] = []
    catalog = pdf.Root
    if "/Encrypt" in pdf.trailer:
        out.append(("26-001", "the file is encrypted"))
    mark = catalog.get("/MarkInfo", {})
    if mark.get("/Marked") is not True:
        out.append(("01-007", "/MarkInfo /Marked is not true"))
    if mark.get("/Suspects") is True:
        out.append(("01-007", "/MarkInfo /Suspects is true"))
    prefs = catalog.get("/ViewerPreferences")
    if prefs is None or "/DisplayDocTitle" not in prefs:
        out.append(("07-001", "no /DisplayDocTitle in /ViewerPreferences"))
    elif prefs.DisplayDocTitle is not True:
        out.append(("07-002", "/DisplayDocTitle is false"))
    lang = str(catalog.get("/Lang", ""))
    if not _LANG.match(lang):
        out.append(("11-001", f"the catalogue's /Lang is {lang!r}"))
    if "/Metadata" not in catalog:
        return [*out, ("06-001", "no XMP metadata stream")]
    if not xmp(pdf, "dc", "title"):
        out.append(("06-003", "no dc:title in the XMP metadata"))
    if claims_ua and xmp(pdf, "pdfuaid", "part") != ["1"]:
        out.append(("06-002", "no pdfuaid:part 1 in the XMP metadata"))
    return out


def xmp(pdf: Pdf, prefix: str, name: str) -> list[str]:
    """The values of an XMP property, written as an element or as an attribute."""
    tree = etree.fromstring(pdf.Root.Metadata.read_bytes())
    qname = f"{{{_XMP[prefix]}}}{name}"
    values = [" ".join(el.itertext()).strip() for el in tree.iter(qname)]
    values += [el.get(qname) for el in tree.iter() if el.get(qname) is not None]
    return values


def _walk(pdf: Pdf, root: pikepdf.Dictionary, failures: list[Failure]) -> Iterator[Element]:
    """Every structure element reachable from ``root`` through /K, in document order."""
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[pikepdf.Object, pikepdf.Object | None, pikepdf.Object | None]] = [
        (kid, root, None) for kid in reversed(_kids(root))
    ]
    while stack:
        node, parent, page = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") in ("/MCR", "/OBJR"):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                failures.append((TREE, f"structure element {node.objgen} reached twice"))
                continue
            seen.add(node.objgen)
        if "/P" not in node or not _same(node.P, parent):
            failures.append((TREE, f"/{node.get('/S')} {node.objgen}: /P is not its holder"))
        page = node.get("/Pg", page)
        yield Element(node, str(node.get("/S", ""))[1:], parent, page)
        stack.extend((kid, node, page) for kid in reversed(_kids(node)))


def _kids(node: pikepdf.Object) -> list[pikepdf.Object]:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _same(a: pikepdf.Object, b: pikepdf.Object | None) -> bool:
    return b is not None and a.is_indirect and b.is_indirect and a.objgen == b.objgen


def _role(root: pikepdf.Dictionary, kind: str) -> str:
    """The standard type ``kind`` stands for, through /RoleMap (cycles end the walk)."""
    rolemap = root.get("/RoleMap", {})
    seen = set()
    while kind not in STANDARD and kind not in seen and Name("/" + kind) in rolemap:
        seen.add(kind)
        kind = str(rolemap[Name("/" + kind)])[1:]
    return kind


def _types(pdf: Pdf, root: pikepdf.Dictionary, elements: list[Element]) -> list[Failure]:
    out: list[Failure] = []
    for name in root.get("/RoleMap", {}):
        if name[1:] in STANDARD:
            out.append(("02-004", f"standard type {name} is remapped"))
    for element in elements:
        if _role(root, element.kind) not in STANDARD:
            out.append(("02-001", f"/{element.kind} is not a standard structure type"))
        lang = element.obj.get("/Lang")
        if lang is not None and not _LANG.match(str(lang)):
            out.append(("11-001", f"/{element.kind} has /Lang {str(lang)!r}"))
        if element.kind == "Figure" and not (
            element.obj.get("/Alt") or element.obj.get("/ActualText")
        ):
            out.append(("13-004", "a Figure has neither /Alt nor /ActualText"))
    return out


def _tree(top: pikepdf.Object | None, entries: str) -> dict[object, pikepdf.Object]:
    """A number tree (``entries`` "/Nums") or name tree ("/Names") as a dict, /Kids included."""
    out: dict[object, pikepdf.Object] = {}
    stack = [top]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        pairs = node.get(entries, [])
        for i in range(0, len(pairs), 2):
            key = pairs[i]
            out[int(key) if entries == "/Nums" else str(key)] = pairs[i + 1]
        stack.extend(node.get("/Kids", []))
    return out


def _marked(page: pikepdf.Page) -> tuple[list[int], list[Failure]]:
    """The MCIDs of ``page``'s content stream, and its untagged or mis-nested content."""
    mcids: list[int] = []
    out: list[Failure] = []
    stack: list[str] = []  # "artifact", "mcid" or "other" per open sequence
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BMC", "BDC"):
            tag = str(operands[0])
            props = operands[1] if op == "BDC" else None
            if tag == "/Artifact":
                if "mcid" in stack:
                    out.append(("01-003", "an Artifact inside tagged content"))
                stack.append("artifact")
            elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                if "artifact" in stack:
                    out.append(("01-004", f"tagged content (MCID {props.MCID}) in an Artifact"))
                mcids.append(int(props.MCID))
                stack.append("mcid")
            else:
                stack.append("other")
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op in _PAINT and "mcid" not in stack and "artifact" not in stack:
            out.append(("01-005", f"{op} neither tagged nor an artifact"))
    return mcids, out


def _content(pdf: Pdf, root: pikepdf.Dictionary, elements: list[Element]) -> list[Failure]:
    out: list[Failure] = []
    parents = _tree(root.get("/ParentTree"), "/Nums")
    reached = {e.obj.objgen for e in elements}
    in_tree: dict[tuple[int, int], set[int]] = {}  # page → MCIDs the tree holds
    for element in elements:
        for kid in _kids(element.obj):
            page, mcid = element.page, None
            if isinstance(kid, int):
                mcid = int(kid)
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                mcid, page = int(kid.MCID), kid.get("/Pg", page)
            if mcid is not None and page is not None:
                in_tree.setdefault(page.objgen, set()).add(mcid)
    for number, page in enumerate(pdf.pages, 1):
        mcids, failures = _marked(page)
        out += [(code, f"page {number}: {message}") for code, message in failures]
        held = in_tree.get(page.obj.objgen, set())
        entry = parents.get(int(page.obj.get("/StructParents", -1)))
        for mcid in mcids:
            owner = entry[mcid] if entry is not None and mcid < len(entry) else None
            if owner is None or not isinstance(owner, pikepdf.Dictionary):
                out.append(("01-005", f"page {number}: MCID {mcid} has no ParentTree entry"))
            elif owner.objgen not in reached:
                out.append(("01-005", f"page {number}: MCID {mcid} is unreachable from the root"))
            elif mcid not in held:
                out.append(("01-005", f"page {number}: MCID {mcid} is in no element's /K"))
        for mcid in sorted(held - set(mcids)):
            out.append(("01-005", f"page {number}: the tree holds MCID {mcid}, the page does not"))
    return out


def _headings(elements: list[Element]) -> list[Failure]:
    out: list[Failure] = []
    kinds = [e.kind for e in elements if re.fullmatch(r"H[1-6]?", e.kind)]
    if "H" in kinds and any(k != "H" for k in kinds):
        out.append(("14-007", "both H and H1–H6 are used"))
    levels = [int(k[1]) for k in kinds if k != "H"]
    if levels and levels[0] != 1:
        out.append(("14-002", f"the first heading is H{levels[0]}"))
    for before, after in pairwise(levels):
        if after > before + 1:
            out.append(("14-003", f"H{before} is followed by H{after}"))
    return out


def _tables_and_lists(elements: list[Element]) -> list[Failure]:
    out: list[Failure] = []
    kinds_of: dict[tuple[int, int], str] = {e.obj.objgen: e.kind for e in elements}
    for element in elements:
        parent = kinds_of.get(element.parent.objgen) if element.parent is not None else None
        for code, rules in (("09-004", _TABLE_KIDS), ("09-005", _LIST_KIDS)):
            if parent in rules and element.kind not in rules[parent]:
                out.append((code, f"/{element.kind} inside /{parent}"))
        if element.kind in ("TH", "TD") and parent != "TR":
            out.append(("09-004", f"/{element.kind} inside /{parent}"))
        if element.kind in ("TR",) and parent not in ("Table", "THead", "TBody", "TFoot"):
            out.append(("09-004", f"/TR inside /{parent}"))
        if (element.kind == "LI" and parent != "L") or (element.kind == "LBody" and parent != "LI"):
            out.append(("09-005", f"/{element.kind} inside /{parent}"))
        if element.kind == "TH":
            scope = element.obj.get("/A", {}).get("/Scope")
            if scope not in (Name.Row, Name.Column, Name.Both):
                out.append(("15-003", "a TH without /Scope"))
    return out


def _ids(root: pikepdf.Dictionary, elements: list[Element]) -> list[Failure]:
    out: list[Failure] = []
    tree = _tree(root.get("/IDTree"), "/Names")
    seen: set[str] = set()
    for element in elements:
        ident = element.obj.get("/ID")
        if ident is None:
            if element.kind == "Note":
                out.append(("19-003", "a Note without /ID"))
            continue
        key = str(ident)
        if key in seen:
            out.append(("19-004", f"/ID {key!r} is used twice"))
        seen.add(key)
        target = tree.get(key)
        if target is None or target.objgen != element.obj.objgen:
            out.append((TREE, f"/ID {key!r} is not in the /IDTree"))
    return out


def _annotations(pdf: Pdf, root: pikepdf.Dictionary, elements: list[Element]) -> list[Failure]:
    out: list[Failure] = []
    parents = _tree(root.get("/ParentTree"), "/Nums")
    reached = {e.obj.objgen: e.kind for e in elements}
    for number, page in enumerate(pdf.pages, 1):
        annots = page.obj.get("/Annots", [])
        if len(annots) and page.obj.get("/Tabs") != Name.S:
            out.append(("28-008", f"page {number} has annotations and no /Tabs /S"))
        for annot in annots:
            subtype = annot.get("/Subtype")
            if subtype in (Name.Popup, Name.PrinterMark):
                continue
            owner = parents.get(int(annot.get("/StructParent", -1)))
            held = owner is not None and any(
                isinstance(k, pikepdf.Dictionary)
                and k.get("/Type") == "/OBJR"
                and k.Obj.objgen == annot.objgen
                for k in _kids(owner)
            )
            if owner is None or not held or owner.objgen not in reached:
                out.append(("28-002", f"page {number}: a {subtype} annotation is not tagged"))
                continue
            if subtype == Name.Link:
                if reached[owner.objgen] != "Link":
                    out.append(
                        ("28-011", f"page {number}: a link is tagged /{reached[owner.objgen]}")
                    )
                if not str(annot.get("/Contents", "")).strip():
                    out.append(("28-012", f"page {number}: a link has no /Contents"))
    return out


def _fonts(pdf: Pdf) -> list[Failure]:
    out: list[Failure] = []
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            name = str(font.get("/BaseFont", "?"))
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor", {})
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                out.append(("31-009", f"font {name} is not embedded"))
            if "/ToUnicode" not in font:
                out.append(("10-001", f"font {name} has no ToUnicode"))
    return out


def check_pdfa3b(source: Path | Pdf) -> list[Failure]:
    """The few machine checks of a PDF/A-3b claim this project can make without veraPDF,
    labelled with their ISO 19005-3 clauses: the identification in XMP (6.6.4), an
    output intent with its ICC profile (6.2.3), a file identifier (6.1.3), no
    encryption (6.1.3), every font embedded (6.2.11.4)."""
    pdf = source if isinstance(source, Pdf) else Pdf.open(source)
    out: list[Failure] = []
    if "/Metadata" not in pdf.Root:
        return [("6.6.2", "no XMP metadata stream")]
    if xmp(pdf, "pdfaid", "part") != ["3"] or xmp(pdf, "pdfaid", "conformance") != ["B"]:
        out.append(("6.6.4", "no pdfaid:part 3 with conformance B"))
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == Name.GTS_PDFA1]
    if not intents or "/DestOutputProfile" not in intents[0]:
        out.append(("6.2.3", "no GTS_PDFA1 output intent with an ICC profile"))
    if "/ID" not in pdf.trailer:
        out.append(("6.1.3", "no /ID in the trailer"))
    if "/Encrypt" in pdf.trailer:
        out.append(("6.1.3", "the file is encrypted"))
    out += [("6.2.11.4", message) for code, message in _fonts(pdf) if code == "31-009"]
    return out
