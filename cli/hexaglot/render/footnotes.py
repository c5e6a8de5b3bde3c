"""Keep every footnote on the page of its call with WeasyPrint 70.0.

WeasyPrint 70.0 has two bugs that put ``float: footnote`` notes on a later page
than their call. :func:`apply` fixes both. It does nothing on any other
WeasyPrint version: upgrading WeasyPrint makes it inert, and the footnote probe
must then decide whether to drop this module or port it.

Bug 1: a footnote area with a thin border makes notes drift one per page
    (the symptom of upstream issue #2502).
    ``LayoutContext._update_footnote_area`` lays out the footnote area and calls
    it overflowing when its last note ends below the area:
    ``last_child_bottom > footnote_area_bottom``. With ``height: auto`` the two
    values are equal, but they are sums of different terms. With a 0.5pt
    (2/3 px) border they can differ by one float ulp (2.3e-13 px measured). The
    new note is then sent to the next page, where the same thing happens again.
    Fix: do this comparison with ``LayoutContext.overflows``, which is how
    WeasyPrint compares page positions everywhere else (relative tolerance 1e-9).

Bug 2: footnotes are sent to the next page to make room for one more line.
    In ``weasyprint.layout.block._linebox_layout`` (added in 66.0 by upstream
    PR #2437 for issue #2432), a line that overflows the page, where a break is
    allowed after the line but not before it (orphans/widows), first sends the
    page's footnotes to the next page, last first, until the line fits. Any
    footnote on the page can go, so its call stays behind. When the line then
    fits, footnotes called in that same line are never laid out: they are
    missing from the PDF. Fix: ``report = False``. WeasyPrint then breaks the
    page in the usual way (``_break_line``): the line, or the start of the
    paragraph if orphans require it, moves to the next page. The notes go with
    their calls.

How: see hexaglot.render.patching. If an expression is not found exactly once
(the source is different from 70.0), apply() raises ``RuntimeError`` before it
patches anything. Calling apply() again is harmless.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hexaglot.render.patching import PATCHED_VERSION, is_patched, recompiled

# (old expression, new expression) for each patched function.
_OVERFLOW_FIX = (
    "overflow = last_child_bottom > footnote_area_bottom",
    "overflow = self.overflows(footnote_area_bottom, last_child_bottom)",
)
_DEFERRAL_FIX = (
    "report = not context.in_column and can_break_now and not could_break_before",
    "report = False",
)


def apply() -> None:
    """Fix footnote placement in WeasyPrint 70.0 (see module docstring); no-op otherwise."""
    import weasyprint

    if weasyprint.__version__ != PATCHED_VERSION:
        return
    from weasyprint.layout import LayoutContext, block

    patches: list[tuple[object, str, Callable[..., Any]]] = []
    current = LayoutContext._update_footnote_area
    if not is_patched(current):
        patches.append(
            (LayoutContext, "_update_footnote_area", recompiled(current, *_OVERFLOW_FIX))
        )
    current = block._linebox_layout
    if not is_patched(current):
        patches.append((block, "_linebox_layout", recompiled(current, *_DEFERRAL_FIX)))
    # Both copies are built before either is installed: all or nothing.
    for owner, name, fixed in patches:
        setattr(owner, name, fixed)
