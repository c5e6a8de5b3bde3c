"""Page furniture as artifacts: running heads, page numbers, the job stamp, the draft mark.

PDF/UA asks that what a page repeats for layout (ISO 32000-1, 14.8.2.2) be
marked as an artifact, so that a screen reader skips it, and that everything
else be tagged. WeasyPrint 70.0 draws the text of margin boxes (``@top-left``
… ``@bottom-right``) as tagged content, marked content with an MCID whose
structure element hangs from no structure element: a checker finds content
neither in the structure tree nor an artifact (Matterhorn 01-005), and screen
readers read "UNEP(DTIE)/Hg/OEWG.2/10 3" in the middle of a sentence that
runs over a page.

:func:`apply` makes ``weasyprint.draw.draw_stacking_context`` draw a margin
box inside ``/Artifact BMC … EMC`` with the stream's tag map set aside, so
that nothing in it gets an MCID. WeasyPrint's own artifacts (borders,
backgrounds) test the same tag map, so none nests inside this one (Matterhorn
01-004). hexaglot.render.structure stops ``_build_box_tree`` from looking for
the margin boxes' marked content, which no longer exists. Rules (borders)
are artifacts in WeasyPrint already.

It is inert on any other WeasyPrint version, as the footnote fixes are.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hexaglot.render.patching import PATCHED_VERSION, is_patched, recompiled

_HELPER = "_hexaglot_furniture"
_FURNITURE_FIX = (
    "    with stream.stacked():\n        box = stacking_context.box\n",
    f"    with stream.stacked(), {_HELPER}(stream, stacking_context.box):\n"
    "        box = stacking_context.box\n",
)


@contextmanager
def furniture(stream: Any, box: Any) -> Iterator[None]:
    """Draw ``box`` as an artifact, untagged, when it is a margin box of a tagged page."""
    from weasyprint.formatting_structure.boxes import MarginBox

    tags = stream._tags
    if tags is None or not isinstance(box, MarginBox):
        yield
        return
    stream.begin_marked_content("Artifact")
    stream._tags = None
    try:
        yield
    finally:
        stream._tags = tags
        stream.end_marked_content()


def apply() -> None:
    """Draw margin boxes as artifacts (see module docstring); no-op on other versions."""
    import weasyprint

    if weasyprint.__version__ != PATCHED_VERSION:
        return
    from weasyprint import draw

    if not is_patched(draw.draw_stacking_context):
        fixed = recompiled(draw.draw_stacking_context, *_FURNITURE_FIX)
        setattr(draw, _HELPER, furniture)
        draw.draw_stacking_context = fixed
