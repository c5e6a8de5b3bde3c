"""What CI and scripts may rely on: exit codes, JSON on every outcome, GitHub annotations.

Also the loud mismatch: a catalogue whose entries name no block of its paper
(Translate Toolkit's po2xliff then xliff2po drops every msgctxt) fails
validate and check, counts for nothing in stats, and is never built as a
translation.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hexaglot.base.findings import Finding
from hexaglot.catalogs import pofile

if TYPE_CHECKING:
    from conftest import Runner

STEM = "UNEP-DTIE-Hg-OEWG.2-10"
PO = Path("translations") / "fr" / f"{STEM}.po"
ENVELOPE = {"command", "ok", "exit_code", "error"}

COMMANDS = [
    ("validate",),
    ("check",),
    ("stats",),
    ("extract",),
    ("update",),
    ("renumber",),
    ("build", "-f", "html"),
    ("xliff", "export", "-l", "fr"),
    ("align", "-l", "zh", "edition.txt"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_missing_paper_exits_1(command: tuple[str, ...], project: Path, run: Runner) -> None:
    """Every command stops on a paper that does not exist: one line naming it, exit 1."""
    args = (
        [*command[:2], "nosuchpaper", *command[2:]]
        if command[0] == "xliff"
        else [
            command[0],
            "nosuchpaper",
            *command[1:],
        ]
    )
    result = run(*args, cwd=project)
    assert result.code == 1, result
    assert result.err.strip() == "hexaglot: error: source/nosuchpaper.xml: no such file"


@pytest.mark.parametrize("command", ["validate", "check", "stats"])
def test_json_on_every_outcome(command: str, project: Path, run: Runner) -> None:
    """Success, findings, a missing paper, a usage error: one JSON object on stdout each time."""
    data = "stats" if command == "stats" else "findings"
    ok = run(command, "--format", "json", cwd=project)
    missing = run(command, "nosuchpaper", "--format", "json", cwd=project)
    usage = run(command, "--format", "json", "--no-such-option", cwd=project)
    (project / "source" / f"{STEM}.xml").write_text("<paper/>", encoding="utf-8")
    broken = run(command, "--format", "json", cwd=project)
    outcomes = {"ok": (ok, 0), "missing": (missing, 1), "usage": (usage, 2), "broken": (broken, 1)}
    for name, (result, code) in outcomes.items():
        assert result.code == code, (name, result)
        out = json.loads(result.out)
        assert ENVELOPE | {data} <= set(out), (name, out)
        assert (out["command"], out["exit_code"], out["ok"]) == (command, code, code == 0), name
    assert json.loads(ok.out)["error"] is None
    error = json.loads(missing.out)["error"]
    assert error == {"message": "no such file", "path": "source/nosuchpaper.xml", "line": None}
    assert "no-such-option" in json.loads(usage.out)["error"]["message"]
    if command == "stats":
        assert json.loads(broken.out)["stats"] == []
        assert "stats" in json.loads(ok.out) and json.loads(ok.out)["stats"]
    else:  # validate reports a broken paper as findings, check stops on it
        out = json.loads(broken.out)
        paths = [f["path"] for f in out["findings"]] or [out["error"]["path"]]
        assert paths[0] == f"source/{STEM}.xml", out


def test_github_annotations_escape_properties_and_messages() -> None:
    """file= and title= escape % , : CR LF; the message escapes % CR LF (GitHub's rules)."""
    finding = Finding("dir:x/a,b%c.xml", 3, "ru,le", "50% done\r\nnext: line", hint="a,b")
    assert finding.github() == (
        "::error file=dir%3Ax/a%2Cb%25c.xml,line=3,title=ru%2Cle::50%25 done%0D%0Anext: line. a,b"
    )


def test_github_annotation_for_a_paper_named_with_a_comma(
    project: Path, run: Runner, papers_dir: Path
) -> None:
    """validate --format github on "a,b.xml": the file property cannot be split at its comma."""
    text = (papers_dir / "broken" / "duplicate_id.xml").read_text("utf-8")
    (project / "source" / "a,b.xml").write_text(text, encoding="utf-8")
    result = run("validate", "--format", "github", "source/a,b.xml", cwd=project)
    assert result.code == 1, result
    lines = result.out.splitlines()
    assert lines and all(line.startswith("::error file=source/a%2Cb.xml,") for line in lines)


def test_check_of_the_source_language_says_so(project: Path, run: Runner) -> None:
    """check -l en on an English paper: no advice to create an en catalogue."""
    result = run("check", "-l", "en", "--format", "json", cwd=project)
    assert result.code == 0, result
    [finding] = json.loads(result.out)["findings"]
    assert finding["rule"] == "source-language"
    assert "original language" in finding["message"]
    assert "update" not in (finding["hint"] or "") + finding["message"]
    text = run("check", "-l", "en", cwd=project)
    assert "en is the original language" in text.out
    assert "update -l en" not in text.out + text.err


def test_build_on_a_terminal_lists_what_it_wrote(project: Path) -> None:
    """With stdout a terminal, the progress bar ends with one line per output written."""
    primary, secondary = pty.openpty()
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="100")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hexaglot", "build", "-l", "fr", "-l", "zh", "-f", "html"],
        cwd=project,
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(secondary)
    chunks = []
    while True:
        ready, _, _ = select.select([primary], [], [], 120)
        assert ready, "the build printed nothing for two minutes"
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    os.close(primary)
    shown = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert "Building editions" in shown
    tail = shown.rsplit("Building editions", 1)[1].splitlines()
    written = [line for line in tail if line.startswith("wrote ")]
    meeting = "build/meetings/UNEP-DTIE-Hg-OEWG.2"
    assert written == [
        f"wrote build/{STEM}/fr.html",
        f"wrote build/{STEM}/zh.html",
        f"wrote {meeting}/fr.html",
        f"wrote {meeting}/zh.html",
    ], shown
    assert (project / "build" / STEM / "fr.html").exists()


# --- loud mismatches ------------------------------------------------------------------------

needs_toolkit = pytest.mark.skipif(
    not Path(sys.executable).with_name("po2xliff").exists(), reason="Translate Toolkit missing"
)


def _toolkit(tool: str, *args: Path) -> None:
    subprocess.run(
        [str(Path(sys.executable).with_name(tool)), "--progress=none", *map(str, args)],
        check=True,
        capture_output=True,
    )


@needs_toolkit
def test_po2xliff_round_trip_fails_loudly(project: Path, run: Runner, tmp_path: Path) -> None:
    """A catalogue back from po2xliff/xliff2po (no msgctxt): every command says so, none builds."""
    _toolkit("po2xliff", project / PO, tmp_path / "fr.xlf")
    _toolkit("xliff2po", tmp_path / "fr.xlf", project / PO)
    assert all(m.context is None for m in pofile.read(project / PO))
    for command in ("validate", "check"):
        result = run(command, "--format", "json", cwd=project)
        assert result.code == 1, (command, result)
        rules = [f["rule"] for f in json.loads(result.out)["findings"] if f["severity"] == "error"]
        assert rules == ["mismatch"], (command, result.out)
    rows = json.loads(run("stats", "-l", "fr", "--format", "json", cwd=project).out)["stats"]
    [row] = [r for r in rows if r["paper"] == STEM]
    assert (row["translated"], row["untranslated"], row["percent"]) == (0, 54, 0)
    result = run("build", "-l", "fr", "-f", "html", cwd=project)
    assert result.code == 1, result
    assert re.fullmatch(
        rf"hexaglot: error: {re.escape(str(PO))}: not a translation .*msgctxt.*\n", result.err
    )
    assert not (project / "build" / STEM / "fr.html").exists()


@pytest.mark.parametrize(("share", "belongs"), [(0.0, False), (0.45, False), (0.55, True)])
def test_mismatch_threshold(share: float, belongs: bool, project: Path, run: Runner) -> None:
    """Fewer than half of the entries naming a block of the paper is an error; more is not."""
    catalog = pofile.read(project / PO)
    messages = list(catalog)
    for i, msg in enumerate(messages):
        if i >= round(share * len(messages)):
            msg.context = f"other_{i}"
    (project / PO).write_bytes(pofile.dump(catalog))
    result = run("validate", "--format", "json", cwd=project)
    rules = [f["rule"] for f in json.loads(result.out)["findings"]]
    assert ("mismatch" in rules) == (not belongs), rules
    assert result.code == (0 if belongs else 1)


def test_catalogue_of_another_paper(project: Path, run: Runner, papers_dir: Path) -> None:
    """The minimal paper's catalogue put in place of this paper's: a mismatch, not a draft."""
    other = project / "other"
    (other / "source").mkdir(parents=True)
    shutil.copy(papers_dir / "minimal.xml", other / "source" / "minimal.xml")
    assert run("update", "-l", "fr", cwd=other).code == 0
    shutil.copy(other / "translations" / "fr" / "minimal.po", project / PO)
    result = run("check", "-l", "fr", cwd=project)
    assert result.code == 1
    assert "another paper" in result.out
