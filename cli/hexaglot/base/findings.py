"""Findings: what validate and check report, and the three ways of printing them."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem in one file, in words an editor or translator understands."""

    path: str
    line: int | None
    rule: str
    message: str
    severity: str = ERROR
    where: str | None = None  # "paragraph 14 (a)", for catalogue entries
    hint: str | None = None  # what to do about it

    def text(self) -> str:
        """The finding on one line, whatever the message quotes from the input."""
        place = f"{self.path}:{self.line}" if self.line else self.path
        where = f" {self.where}:" if self.where else ""
        hint = f". {self.hint}" if self.hint else ""
        line = f"{place}: {self.severity}:{where} {self.message}{hint} [{self.rule}]"
        return " ".join(line.split())

    def github(self) -> str:
        props = f"file={self.path}"
        if self.line:
            props += f",line={self.line}"
        props += f",title={self.rule}"
        body = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            body += f". {self.hint}"
        # Workflow commands end at a newline; escape as GitHub documents.
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} {props}::{body}"


def render(findings: Iterable[Finding], fmt: str) -> str:
    """Format findings as ``text``, ``json`` or ``github`` annotations."""
    items = list(findings)
    if fmt == "json":
        return json.dumps([asdict(f) for f in items], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(f.github() for f in items)
    return "\n".join(f.text() for f in items)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def summary(findings: Iterable[Finding]) -> str:
    """ "2 error(s), 5 warning(s)"."""
    n = Counter(f.severity for f in findings)
    return f"{n[ERROR]} error(s), {n[WARNING]} warning(s)"
