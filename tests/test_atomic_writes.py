"""Every file hexaglot writes is replaced atomically: a killed run leaves old files intact.

Templates, catalogues, editions and the build manifest all go through
``hexaglot.atomic``. The main test kills ``extract``, ``update`` and ``build``
with SIGKILL at random moments and checks that each file is byte-identical to
its old content or to its complete new content (computed once by an
uninterrupted run in another copy), and that catalogues still parse.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import stat
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hexaglot.base import atomic
from hexaglot.base.errors import HexaglotError
from hexaglot.catalogs import pofile as catalogs
from hexaglot.cli import cli
from hexaglot.render import pdf

if TYPE_CHECKING:
    from conftest import Runner

STEM = "UNEP-DTIE-Hg-OEWG.2-10"
EPOCH = "1223251200"  # 6 October 2008: templates get a fixed date, so runs are reproducible
BUILD = ("build", "-l", "fr", "-f", "html", "-f", "pdf", "--force", "-j", "1")
# (command, kills): at least 30 kills in all.
PLAN = (("extract",), 10), (("update",), 12), (BUILD, 12)
TEMP = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
Snapshot = dict[str, bytes]


def _forked(folder: Path, args: tuple[str, ...], delay: float | None = None) -> int | None:
    """Run ``hexaglot ARGS`` in a forked copy of this process; SIGKILL it after ``delay``.

    The copy starts with hexaglot and WeasyPrint already imported, so the
    random delays fall inside the command's own work, not an interpreter's
    start. Returns the exit code, or None if the run was killed.
    """
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 70
        try:
            os.setpgid(0, 0)
            os.chdir(folder)
            os.environ["SOURCE_DATE_EPOCH"] = EPOCH
            sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
            cli.main(list(args), prog_name="hexaglot")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            code = 71
        finally:
            os._exit(code)
    deadline = None if delay is None else time.monotonic() + delay
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if deadline is not None and time.monotonic() >= deadline:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:  # it ended just now: report how
                return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
            os.waitpid(pid, 0)
            return None
        time.sleep(0.002)


def _hexaglot(folder: Path, *args: str) -> float:
    """Run a command to completion; return how long it took."""
    start = time.monotonic()
    assert _forked(folder, args) == 0, args
    return time.monotonic() - start


def _snapshot(folder: Path) -> Snapshot:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _restore(folder: Path, state: Snapshot) -> None:
    for rel in set(_snapshot(folder)) - set(state):
        (folder / rel).unlink()
    for rel, data in state.items():
        path = folder / rel
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def _changed_paper(repo: Path) -> bytes:
    """The shipped paper with two paragraphs edited: new template, fuzzy entries, new editions."""
    text = (repo / "source" / f"{STEM}.xml").read_text("utf-8")
    for old, new in (
        ("The secretariat was requested", "The Secretariat was requested"),
        ("At its first meeting,", "At its first session,"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    return text.encode("utf-8")


def _manifest_ok(data: bytes, old: bytes | None, new: bytes) -> bool:
    """Each manifest entry is its old or its new one (it is saved after every edition).

    An entry's key and sha256 are compared; "seconds" (how long it took) differs
    from run to run by nature.
    """

    def load(raw: bytes | None) -> dict[str, dict[str, str]]:
        entries = json.loads(raw) if raw is not None else {}
        return {k: {f: v for f, v in e.items() if f != "seconds"} for k, e in entries.items()}

    entries, before, after = load(data), load(old), load(new)
    return all(entries[k] in (before.get(k), after.get(k)) for k in entries) and set(
        entries
    ) <= set(before) | set(after)


def test_killed_runs_leave_every_file_old_or_new(
    tmp_path: Path, repo: Path, record_property: pytest.RecordProperty
) -> None:
    """SIGKILL at a random moment of extract, update or build never leaves a torn file."""
    pdf.prepare()  # imported once, before the forks
    old_dir, ref_dir = tmp_path / "work", tmp_path / "reference"
    for folder in (old_dir, ref_dir):
        for name in ("source", "translations"):
            shutil.copytree(repo / name, folder / name)
    paper = f"source/{STEM}.xml"
    _hexaglot(old_dir, *BUILD)  # the old editions and manifest
    (old_dir / paper).write_bytes(_changed_paper(repo))
    (ref_dir / paper).write_bytes(_changed_paper(repo))
    _hexaglot(ref_dir, *BUILD)  # the old manifest in the reference too, as in the work copy

    # States before and after each command, from an uninterrupted reference run.
    states: list[tuple[tuple[str, ...], Snapshot, Snapshot, float]] = []
    before = _snapshot(old_dir)
    for args, _kills in PLAN:
        took = _hexaglot(ref_dir, *args)
        after = {**before, **_snapshot(ref_dir)}
        states.append((args, before, after, took))
        before = after

    rng = random.Random(20081006)
    tried = killed = leftovers = torn_free_new = 0
    for (args, start, end, took), (_args, kills) in zip(states, PLAN, strict=True):
        assert start != end, f"{args[0]} has nothing to do"
        for _ in range(kills):
            _restore(old_dir, start)
            delay = rng.uniform(0, min(2.0, took * 1.2))
            code = _forked(old_dir, args, delay)
            assert code in (None, 0), (args, code)
            tried += 1
            killed += code is None
            now = _snapshot(old_dir)
            for rel in sorted(set(now) | set(start) | set(end)):
                name = rel.rsplit("/", 1)[-1]
                if rel not in start and rel not in end:
                    assert TEMP.fullmatch(name), f"unexpected file {rel}"
                    leftovers += 1
                    continue
                have, old, new = now.get(rel), start.get(rel), end.get(rel)
                if name == "manifest.json" and have is not None:
                    assert _manifest_ok(have, old, new), (args, delay, rel)
                else:
                    assert have in (old, new), (args, delay, rel)
                torn_free_new += code is None and old != new and have == new
                if name.endswith((".po", ".pot")) and have is not None:
                    catalogs.read(old_dir / rel)
    _restore(old_dir, start)
    print(
        f"\natomic: {tried} runs, {killed} killed mid-run, {torn_free_new} file(s) already "
        f"new when killed, {leftovers} temporary file(s) left behind by the kills"
    )
    record_property("killed_runs", killed)
    record_property("temporary_leftovers", leftovers)
    assert tried >= 30
    assert killed >= 10  # the delays do land inside the runs


def test_update_refuses_a_broken_catalogue_and_changes_nothing(project: Path, run: Runner) -> None:
    """A catalogue that does not parse stops update (exit 1, one line) with every file as it was."""
    path = project / "translations" / "fr" / f"{STEM}.po"
    text = path.read_text("utf-8")
    path.write_text(text.replace('msgstr "Convention de Bâle"', 'msgstr "Convention de Bâle', 1))
    before = _snapshot(project)
    result = run("update", cwd=project)
    assert result.code == 1, result
    [line] = result.err.strip().splitlines()
    assert line.startswith(f"hexaglot: error: translations/fr/{STEM}.po:")
    assert _snapshot(project) == before


# hexaglot.atomic itself ---------------------------------------------------------


def test_write_keeps_permissions_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """A replaced file keeps its mode (mkstemp would make it 0600); a new one follows umask."""
    target = tmp_path / "a.po"
    target.write_bytes(b"old")
    target.chmod(0o640)
    assert atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = tmp_path / "sub" / "b.html"
    mask = os.umask(0o027)
    try:
        assert atomic.write_text(fresh, "é")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    assert fresh.read_text("utf-8") == "é"
    assert not atomic.write_bytes(target, b"new")  # unchanged: not rewritten
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["a.po", "b.html"]


def test_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the final rename fails, the target is untouched and the temporary file is gone."""
    target = tmp_path / "fr.pdf"
    target.write_bytes(b"old")

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(HexaglotError, match="cannot write: No space left on device"):
        atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["fr.pdf"]


def test_unwritable_target_is_a_hexaglot_error(tmp_path: Path) -> None:
    """An OSError (here: the parent is a file) becomes one HexaglotError naming the path."""
    blocker = tmp_path / "build"
    blocker.write_text("not a folder")
    with pytest.raises(HexaglotError) as caught:
        atomic.write_bytes(blocker / "x" / "en.html", b"data")
    assert str(blocker / "x" / "en.html") in str(caught.value)


def test_stale_temporary_files_are_removed_by_the_next_write(tmp_path: Path) -> None:
    """Leftovers of a killed write go at the next write of the same target once an hour
    old; younger ones (maybe a live write) and other targets' files stay."""
    target = tmp_path / "fr.po"
    stale = tmp_path / ".fr.po.abcd1234.tmp"
    young = tmp_path / ".fr.po.young123.tmp"
    other = tmp_path / ".fr.pot.abcd1234.tmp"  # belongs to fr.pot, not fr.po
    odd = tmp_path / ".fr.po.notmkstemp.tmp"  # not a name mkstemp makes
    for path in (stale, young, other, odd):
        path.write_bytes(b"partial")
    hour_ago = time.time() - atomic.STALE_AFTER - 60
    for path in (stale, other, odd):
        os.utime(path, (hour_ago, hour_ago))
    assert atomic.write_bytes(target, b"msgid")
    assert not stale.exists()
    assert young.exists() and other.exists() and odd.exists()


def test_build_into_an_unwritable_place_is_one_error_line(project: Path, run: Runner) -> None:
    """A write that fails (here the output folder's parent is a file) is exit 1 and one line."""
    (project / "blocker").write_text("a file, not a folder")
    result = run("build", "-l", "en", "-f", "html", "-o", "blocker/out", cwd=project)
    assert result.code == 1, result
    [line] = result.err.strip().splitlines()
    assert line.startswith("hexaglot: error: blocker/out/"), line
    assert "cannot write" in line
