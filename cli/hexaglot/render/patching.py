"""Fixing WeasyPrint 70.0 in place: one expression of one function at a time.

:func:`recompiled` compiles a fresh copy of a function from its installed
source with one expression replaced; the caller installs it where WeasyPrint
looks it up. No WeasyPrint code is copied into this project, and tracebacks
still show the installed file's line numbers. An expression not found exactly
once means the installed source is not the one a fix was written for: a
RuntimeError, before anything is patched.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from typing import Any

#: The WeasyPrint release every fix here is written against; on any other,
#: the fixes stay out and the tripwire tests say so.
PATCHED_VERSION = "70.0"

_MARKER = "__hexaglot_fix__"


def is_patched(function: Callable[..., Any]) -> bool:
    return hasattr(function, _MARKER)


def recompiled(
    function: Callable[..., Any], old: str, new: str, *more: tuple[str, str]
) -> Callable[..., Any]:
    """Return *function* compiled again from its own source, with *old* replaced by *new*
    (and each further ``(old, new)`` pair of *more*: a function is recompiled once, as a
    second recompilation would start again from the installed source)."""
    source = inspect.getsource(function)
    for before, after in ((old, new), *more):
        if source.count(before) != 1:
            raise RuntimeError(
                f"hexaglot: {function.__qualname__} does not contain {before!r} exactly "
                "once; this is not the WeasyPrint 70.0 code the fix was written for"
            )
        source = source.replace(before, after)
    code = function.__code__
    # Pad with blank lines so that line numbers match the installed file.
    padded = "\n" * (code.co_firstlineno - 1) + textwrap.dedent(source)
    namespace: dict[str, Any] = {}
    exec(compile(padded, code.co_filename, "exec"), function.__globals__, namespace)
    fixed = namespace[function.__name__]
    fixed.__qualname__ = function.__qualname__
    fixed.__doc__ = function.__doc__
    setattr(fixed, _MARKER, function)  # keep the original, and mark as patched
    return fixed
