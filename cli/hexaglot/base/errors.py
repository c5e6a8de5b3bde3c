"""One exception family, so that the CLI can turn every failure into one clear line.

Exit codes (documented in the README): 0 success, 1 bad input or findings,
2 usage errors. Anything else escaping the CLI is a bug in hexaglot.
"""

from __future__ import annotations

from pathlib import Path

EXIT_FAILED = 1
EXIT_USAGE = 2


class HexaglotError(Exception):
    """A failure caused by the input or the environment, with where it happened."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(HexaglotError):
    """A paper, catalogue or other input file that cannot be used as it is."""


class UsageError(HexaglotError):
    """The command was called wrongly (an unknown language, a missing paper)."""

    exit_code = EXIT_USAGE


class RefusedError(HexaglotError):
    """The command would produce something it must not (an official edition of a draft)."""
