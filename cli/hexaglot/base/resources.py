"""The files hexaglot reads at run time, from the installed package.

They are read through importlib.resources, so hexaglot works the same from
a checkout, an editable install or a wheel. In the checkout, the package's
``schema`` is a link to the top-level ``schema/`` folder, the one copy that
people edit; a wheel carries the files themselves.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

_ROOT = files("hexaglot")


def schema(name: str) -> Traversable:
    """A schema file: ``paper.rng`` or ``paper.sch``."""
    return _ROOT / "schema" / name


def data(*parts: str) -> Traversable:
    """A file under the package's ``data`` folder (styles, language data, catalogues)."""
    out = _ROOT / "data"
    for part in parts:
        out = out / part
    return out


def _walk(folder: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    out = []
    for entry in folder.iterdir():
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                out.extend(_walk(entry, f"{name}/"))
        elif not entry.name.endswith((".pyc", ".pyo")):
            out.append((name, entry))
    return out


@cache
def fingerprint() -> str:
    """One sha256 of every file the package runs or reads: code, schema, styles, data.

    Builds use it as an input of every edition, so that any change to
    hexaglot, its schema included, rebuilds what it could change.
    """
    digest = hashlib.sha256()
    for name, entry in sorted(_walk(_ROOT, ""), key=lambda item: item[0]):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(entry.read_bytes())
    return digest.hexdigest()
