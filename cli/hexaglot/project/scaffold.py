"""``hexaglot init``: a new papers project that validates from its first commit.

It writes a starter paper in source/, the translations/ folder, a
.gitignore, a CI workflow that installs hexaglot with pip, and a pre-commit
configuration. Files that already exist are kept as they are.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from hexaglot import __version__
from hexaglot.base import atomic, resources
from hexaglot.base.errors import UsageError
from hexaglot.base.safexml import parse_bytes
from hexaglot.paper.schema import check_tree

#: Starter files (under data/starter/) and where each goes in the new project.
_FILES = {
    "gitignore": ".gitignore",
    "workflow.yml": ".github/workflows/hexaglot.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}


def stem(symbol: str) -> str:
    """A paper's file name for ``symbol``, as Akoma Ntoso for the UN names documents.

    "/" becomes "-", and so does an opening parenthesis ("UNEP(DTIE)/Hg/1" →
    "UNEP-DTIE-Hg-1"); closing parentheses go.
    """
    return re.sub(r"[/(]", "-", symbol).replace(")", "")


def _fill(text: str, values: dict[str, str]) -> str:
    return re.sub(r"@@([A-Z]+)@@", lambda m: values[m.group(1)], text)


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def starter_paper(symbol: str, original: str, today: dt.date) -> bytes:
    """The starter paper for ``symbol``, checked against the schema."""
    first = today + dt.timedelta(days=56)
    agenda = f"{symbol.rsplit('/', 1)[0]}/1" if "/" in symbol else symbol
    values = {
        "SYMBOL": _escape(symbol),
        "AGENDA": _escape(agenda),
        "LANG": original,
        "ISSUED": today.isoformat(),
        "FIRST": first.isoformat(),
        "LAST": (first + dt.timedelta(days=4)).isoformat(),
    }
    data = _fill(resources.data("starter", "paper.xml").read_text("utf-8"), values).encode()
    name = f"source/{stem(symbol)}.xml"
    findings = check_tree(parse_bytes(data, name), name)
    if findings:
        raise UsageError(f"cannot start a paper with symbol {symbol!r}: {findings[0].message}")
    return data


def init(
    folder: Path, symbol: str, original: str, today: dt.date | None = None
) -> list[tuple[Path, bool]]:
    """Write the new project's files; return each path and whether it was written."""
    contents = {
        Path("source") / f"{stem(symbol)}.xml": starter_paper(
            symbol, original, today or dt.date.today()
        )
    }
    for name, target in _FILES.items():
        text = resources.data("starter", name).read_text("utf-8")
        contents[Path(target)] = _fill(text, {"VERSION": __version__}).encode()
    out = []
    for relative, data in contents.items():
        path = folder / relative
        written = not path.exists()
        if written:
            atomic.write_bytes(path, data)
        out.append((path, written))
    (folder / "translations" / "templates").mkdir(parents=True, exist_ok=True)
    return out
