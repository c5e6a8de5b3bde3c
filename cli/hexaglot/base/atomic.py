"""Atomic file writes: a reader sees the old file or the new one, never half of one.

The data goes to a temporary file beside the target (``.<name>.XXXXXXXX.tmp``),
is flushed to disk, and is renamed over the target. A process killed before
the rename leaves its temporary file behind; the next write of the same
target removes such files once they are an hour old (younger ones may belong
to a write still running in another process).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from hexaglot.base.errors import HexaglotError

#: Temporary files of killed writes older than this are removed (seconds).
STALE_AFTER = 3600


def _umask() -> int:
    # os.umask can only be read by setting it; hexaglot writes from one thread.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode(path: Path) -> int:
    """The target's current permissions, or what a plain open() would give a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def remove_stale(path: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove temporary files of earlier, killed writes of ``path``; return them."""
    # Exactly mkstemp's names for this target: ".a.po.*" must not match ".a.po.x.*".
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp")
    cutoff = time.time() - older_than
    removed = []
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            if not pattern.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def write_bytes(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` atomically; return False if it already held them."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    try:
        _write(path, data)
    except OSError as exc:  # a full disk or a read-only folder is one line, not a traceback
        raise HexaglotError(f"cannot write: {exc.strerror or exc}", path) from None
    return True


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path)
    mode = _mode(path)  # mkstemp creates 0600; keep the file readable as it was
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write_text(path: Path, text: str) -> bool:
    return write_bytes(path, text.encode("utf-8"))
