"""Findings: what validate and check report, as text, GitHub annotations or JSON data."""

from __future__ import annotations

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
        """A GitHub Actions workflow command: an annotation on the file and line."""
        props = f"file={_property(self.path)}"
        if self.line:
            props += f",line={self.line}"
        props += f",title={_property(self.rule)}"
        body = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            body += f". {self.hint}"
        return f"::{self.severity} {props}::{_data(body)}"


# GitHub's workflow commands end at a line break, and their properties at
# "," and "::": these are escaped as GitHub's runner unescapes them.
def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings: Iterable[Finding], fmt: str) -> str:
    """Format findings as ``text`` or ``github`` annotations."""
    items = list(findings)
    if fmt == "github":
        return "\n".join(f.github() for f in items)
    return "\n".join(f.text() for f in items)


def as_data(findings: Iterable[Finding]) -> list[dict[str, object]]:
    """The findings as JSON-ready objects (the keys of :class:`Finding`)."""
    return [asdict(f) for f in findings]


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    n = Counter(f.severity for f in findings)
    return {"errors": n[ERROR], "warnings": n[WARNING]}


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def summary(findings: Iterable[Finding]) -> str:
    """ "2 error(s), 5 warning(s)"."""
    n = counts(findings)
    return f"{n['errors']} error(s), {n['warnings']} warning(s)"
