"""PDF structure elements as PDF/UA-1 wants them, from what the print HTML says.

WeasyPrint 70.0 builds the structure tree from the box tree
(``weasyprint.pdf.tags._build_box_tree``) with a fixed HTML-to-PDF mapping: a
footnote is a Span, its number a NonStruct, a subparagraph's label (a) a Span
inside the item's LBody, a header cell a TH without /Scope, and no element
but the catalogue says its language. :func:`apply` recompiles that function
with two changes:

- every structure element it yields first goes through :func:`finish`, which
  reads the HTML element the box comes from:

  * ``data-pdf-tag="Note"`` (a printed footnote) makes a Note whose /ID is the
    element's id, listed in the structure tree's /IDTree; its
    ``::footnote-marker`` becomes its Lbl. The call in the text is a link to
    the note (html.py wraps it in ``<a href="#fn_1">``): a Link element with
    its annotation, which takes the reader to the note (WeasyPrint gives the call's
    box an annotation of its own, inside the link's: it is tagged Link too);
  * ``data-pdf-tag="Lbl"`` (a subparagraph's "(a)" or bullet) makes a Lbl,
    moved out of the LBody WeasyPrint puts it in, to stand before it in the
    LI, as ISO 32000-1 Table 336 has it;
  * a ``th`` gets /Scope /Column or /Row from its ``scope`` attribute, and its
    /ID (which WeasyPrint gives it for the cells' /Headers) goes into /IDTree;
  * an element whose HTML element has a ``lang`` gets /Lang: the English
    distribution block of a Chinese edition, a French paragraph left
    untranslated in an Arabic draft, a Spanish annex kept as received;

- the content of margin boxes, which hexaglot.render.artifacts draws as an
  artifact, is no longer looked for in the page's marked content.

It is inert on any other WeasyPrint version, as the footnote fixes are.
"""

from __future__ import annotations

from typing import Any

from hexaglot.render.patching import PATCHED_VERSION, is_patched, recompiled

_HELPER = "_hexaglot_finish"
_FINISH_FIX = ("    yield element\n", f"    yield {_HELPER}(box, element, pdf)\n")
_MARGIN_FIX = (
    "            tuple(_build_box_tree(\n"
    "                child, parent, pdf, page_number, nums, annotations, tags))\n",
    "            pass  # drawn as an artifact: see hexaglot.render.artifacts\n",
)

#: The HTML attribute that names an element's structure type.
ATTRIBUTE = "data-pdf-tag"
#: Structure types of pseudo-elements, by pseudo-element.
_PSEUDO = {"footnote-marker": "Lbl"}
_SCOPES = {"col": "/Column", "row": "/Row"}


def finish(box: Any, element: Any, pdf: Any) -> Any:
    """``element`` (a pydyf structure element built for ``box``), completed for PDF/UA."""
    import pydyf

    if box.link_annotation is not None:
        # A box inside a link has an annotation of its own (a footnote call inside
        # its <a>, the <sup> of a table note's call): PDF/UA puts it in a Link.
        element["S"] = "/Link"
    html = box.element
    tag = box.element_tag
    if html is None or tag is None:
        return element
    if "::" in tag:
        role = _PSEUDO.get(tag.partition("::")[2])
    else:
        role = html.get(ATTRIBUTE)
        if tag not in ("html", "body") and html.get("lang"):
            element["Lang"] = pydyf.String(html.get("lang"))
    if role:
        element["S"] = f"/{role}"
    if role == "Note" and html.get("id"):
        element["ID"] = pydyf.String(html.get("id"))
        _register(pdf, element)
    elif element["S"] == "/TH":
        scope = _SCOPES.get(html.get("scope", ""))
        if scope:
            element["A"]["Scope"] = scope
    elif element["S"] == "/Table":
        for cell in _descendants(pdf, element, "/TH"):
            if "ID" in cell:
                _register(pdf, cell)
    elif element["S"] == "/LBody":
        _label_before_body(pdf, element)
    return element


def _object(pdf: Any, reference: Any) -> Any:
    """The pydyf object that ``reference`` (b"12 0 R") names, or None for an MCID."""
    if isinstance(reference, bytes):
        return pdf.objects[int(reference.split()[0])]
    return None


def _descendants(pdf: Any, element: Any, kind: str) -> list[Any]:
    found = []
    for kid in element["K"]:
        child = _object(pdf, kid)
        if child is not None and child.get("Type") == "/StructElem":
            if child["S"] == kind:
                found.append(child)
            found.extend(_descendants(pdf, child, kind))
    return found


def _label_before_body(pdf: Any, body: Any) -> None:
    """Move the Lbl that opens ``body`` to its list item, just before ``body``.

    WeasyPrint appends ``body`` to the item's /K after this returns, so the
    label, appended now, comes first.
    """
    item = _object(pdf, body["P"])
    if item is None or item["S"] != "/LI":
        return
    holder = body
    while holder["K"]:
        first = _object(pdf, holder["K"][0])
        if first is None:
            return
        if first["S"] == "/Lbl":
            del holder["K"][0]
            first["P"] = item.reference
            item["K"].append(first.reference)
            return
        if first["S"] != "/NonStruct":
            return
        holder = first


def _register(pdf: Any, element: Any) -> None:
    """List ``element`` in the structure tree's /IDTree, kept sorted as a name tree must be."""
    import pydyf

    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    tree = root.get("IDTree")
    if tree is None:
        tree = root["IDTree"] = pydyf.Dictionary({"Names": pydyf.Array()})
    names = tree["Names"]
    pairs = sorted(
        [*zip(names[::2], names[1::2], strict=True), (element["ID"], element.reference)],
        key=lambda pair: pair[0].string.encode("utf-8"),
    )
    names[:] = [value for pair in pairs for value in pair]


def apply() -> None:
    """Complete WeasyPrint's structure elements (see module docstring); no-op on other
    WeasyPrint versions."""
    import weasyprint

    if weasyprint.__version__ != PATCHED_VERSION:
        return
    from weasyprint.pdf import tags

    if not is_patched(tags._build_box_tree):
        fixed = recompiled(tags._build_box_tree, *_FINISH_FIX, _MARGIN_FIX)
        setattr(tags, _HELPER, finish)
        tags._build_box_tree = fixed
