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

How: apply() compiles a fresh copy of each function from its installed source
with one expression replaced, then installs it where WeasyPrint looks it up. It
copies no WeasyPrint code into this project, and tracebacks still show the
installed file's line numbers. If an expression is not found exactly once (the
source is different from 70.0), apply() raises ``RuntimeError`` before it
patches anything. Calling apply() again is harmless.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from typing import Any

PATCHED_VERSION = "70.0"

_MARKER = "__hexaglot_footnote_fix__"

# (old expression, new expression) for each patched function.
_OVERFLOW_FIX = (
    "overflow = last_child_bottom > footnote_area_bottom",
    "overflow = self.overflows(footnote_area_bottom, last_child_bottom)",
)
_DEFERRAL_FIX = (
    "report = not context.in_column and can_break_now and not could_break_before",
    "report = False",
)


def _recompiled(function: Callable[..., Any], old: str, new: str) -> Callable[..., Any]:
    """Return *function* compiled again from its own source, with *old* replaced by *new*."""
    source = inspect.getsource(function)
    if source.count(old) != 1:
        raise RuntimeError(
            f"hexaglot.footnotes: {function.__qualname__} does not contain {old!r} exactly "
            "once; this is not the WeasyPrint 70.0 code the patch was written for"
        )
    code = function.__code__
    # Pad with blank lines so that line numbers match the installed file.
    padded = "\n" * (code.co_firstlineno - 1) + textwrap.dedent(source.replace(old, new))
    namespace: dict[str, Any] = {}
    exec(compile(padded, code.co_filename, "exec"), function.__globals__, namespace)
    fixed = namespace[function.__name__]
    fixed.__qualname__ = function.__qualname__
    fixed.__doc__ = function.__doc__
    setattr(fixed, _MARKER, function)  # keep the original, and mark as patched
    return fixed


def apply() -> None:
    """Fix footnote placement in WeasyPrint 70.0 (see module docstring); no-op otherwise."""
    import weasyprint

    if weasyprint.__version__ != PATCHED_VERSION:
        return
    from weasyprint.layout import LayoutContext, block

    patches: list[tuple[object, str, Callable[..., Any]]] = []
    current = LayoutContext._update_footnote_area
    if not hasattr(current, _MARKER):
        patches.append(
            (LayoutContext, "_update_footnote_area", _recompiled(current, *_OVERFLOW_FIX))
        )
    current = block._linebox_layout
    if not hasattr(current, _MARKER):
        patches.append((block, "_linebox_layout", _recompiled(current, *_DEFERRAL_FIX)))
    # Both copies are built before either is installed: all or nothing.
    for owner, name, fixed in patches:
        setattr(owner, name, fixed)
