"""/Lang on the PDF structure elements of text in another language than the page's.

A tagged PDF says its language once, in the catalogue (/Lang, from
``<html lang>``); WeasyPrint 70.0 writes no /Lang on structure elements, so
a screen reader reads the English distribution block of a Chinese edition,
an untranslated French paragraph of an Arabic draft or a Spanish annex
reproduced as received in the page's language. :func:`apply` makes
``weasyprint.pdf.tags._build_box_tree`` copy an element's ``lang``
attribute onto its structure element, which is what PDF/UA asks for. The
HTML sets ``lang`` only where the language changes.

It is inert on any other WeasyPrint version, as the footnote fixes are.
"""

from __future__ import annotations

from hexaglot.render.patching import PATCHED_VERSION, is_patched, recompiled

_LANG_FIX = (
    "pdf.add_object(element)",
    "pdf.add_object(element)\n"
    "    if box.element is not None and box.element.get('lang') and box.element_tag not in "
    "('html', 'body'):\n"
    "        element['Lang'] = pydyf.String(box.element.get('lang'))",
)


def apply() -> None:
    """Write /Lang on structure elements whose HTML element has a ``lang``; no-op on other
    WeasyPrint versions."""
    import weasyprint

    if weasyprint.__version__ != PATCHED_VERSION:
        return
    from weasyprint.pdf import tags

    if not is_patched(tags._build_box_tree):
        tags._build_box_tree = recompiled(tags._build_box_tree, *_LANG_FIX)
