"""The build manifest: what each edition was built from, so unchanged ones are skipped.

An edition's key is the sha256 of everything that can change its bytes:
the paper, its catalogue, the toolkit (code, schema, stylesheets, data:
hexaglot.base.resources.fingerprint), the font files the language uses (by
path, size and time), and the build options. The manifest
(build/manifest.json) maps each output to its key and its own sha256; an
output is fresh when both still match.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from functools import cache
from pathlib import Path

from hexaglot.base import atomic


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha(path: Path) -> str:
    return sha256(path.read_bytes()) if path.exists() else "-"


@cache
def _installed_fonts() -> dict[str, tuple[str, ...]]:
    """Each font family fontconfig knows, with its files (one fc-list call)."""
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\n"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    out: dict[str, list[str]] = {}
    for line in listing.splitlines():
        families, _, path = line.partition("\t")
        for family in families.split(","):
            out.setdefault(family.strip(), []).append(path)
    return {family: tuple(sorted(paths)) for family, paths in out.items()}


@cache
def font(family: str) -> str:
    """A fingerprint of the files of ``family``: path, size and modification time.

    Font files are system files, replaced whole by package upgrades, so their
    stat changes with them; hashing 40 MB of CJK fonts would cost every no-op
    build a tenth of a second. Generic names (serif) have no files: "-".
    """
    parts = []
    for path in _installed_fonts().get(family, ()):
        try:
            info = Path(path).stat()
        except OSError:
            continue
        parts.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return sha256("\n".join(parts).encode()) if parts else "-"


class Manifest:
    def __init__(self, path: Path):
        self.path = path
        try:
            self.entries: dict[str, dict[str, str]] = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def fresh(self, output: Path, key: str) -> bool:
        entry = self.entries.get(self.name(output))
        return bool(entry and entry["key"] == key and file_sha(output) == entry["sha256"])

    def record(self, output: Path, key: str, seconds: float) -> None:
        self.entries[self.name(output)] = {
            "key": key,
            "sha256": file_sha(output),
            "seconds": f"{seconds:.3f}",
        }

    def seconds(self, output: Path) -> float:
        """How long ``output`` took to build last time (0 if never)."""
        try:
            return float(self.entries[self.name(output)]["seconds"])
        except (KeyError, ValueError):
            return 0.0

    def name(self, output: Path) -> str:
        return output.relative_to(self.path.parent).as_posix()

    def save(self) -> None:
        text = json.dumps(self.entries, indent=1, sort_keys=True) + "\n"
        atomic.write_text(self.path, text)
