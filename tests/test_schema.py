"""hexaglot validate: each rule of paper.rng and paper.sch, and how failures are reported.

Every file in papers/broken/ is papers/minimal.xml with exactly one rule
broken. The table says which schema layer owns the rule, the line an editor
must be sent to, and words the message must contain to be useful.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pytest
from conftest import run_process

if TYPE_CHECKING:
    from conftest import Runner


class Broken(NamedTuple):
    """One broken paper and what validate must say about it."""

    name: str
    layer: str  # "rng" (structure, paper.rng) or "sch" (cross-paper rules, paper.sch)
    rule: str  # the Finding's rule: "structure" or the Schematron pattern id
    line: int
    words: tuple[str, ...]


BROKEN = [
    Broken("missing_masthead_element", "rng", "structure", 7, ("<masthead>", "<issued>")),
    Broken("bad_distribution", "rng", "structure", 6, ("public", "<distribution>", "general")),
    Broken("bad_language_code", "rng", "structure", 3, ("xml:lang", "english")),
    Broken("malformed_symbol_element", "rng", "structure", 42, ("<symbol>", "UNEP/GC/24/3/ Add.1")),
    Broken("malformed_symbol_attribute", "rng", "structure", 3, ("symbol", "unep-test-1-2")),
    Broken("text_after_list", "rng", "structure", 38, ("text follows", "<list>", "<para>")),
    Broken("unknown_element", "rng", "structure", 43, ("<b>", "not an element")),
    Broken(
        "paragraph_numbering_gap",
        "sch",
        "paragraph-numbering",
        31,
        ("paragraph 4 follows paragraph 2", "renumber"),
    ),
    Broken(
        "duplicate_paragraph_number",
        "sch",
        "paragraph-numbering",
        42,
        ("paragraph number 5", "2 times"),
    ),
    Broken("first_paragraph_not_1", "sch", "paragraph-numbering", 24, ("numbered 2", "start at 1")),
    Broken("duplicate_id", "sch", "unique-ids", 42, ('"para_5"', "2 times", "unique")),
    Broken("ref_to_missing_paragraph", "sch", "references", 42, ('"para_40"', "no paragraph")),
    Broken(
        "meeting_last_day_before_first",
        "sch",
        "meeting-dates",
        13,
        ("last day", "2008-10-01", "2008-10-06"),
    ),
    Broken("footnote_in_footnote", "sch", "footnotes", 25, ('"fn_2"', "inside another footnote")),
    Broken("subparagraphs_four_deep", "sch", "subparagraph-depth", 37, ("nested", "three levels")),
]


def _ids(case: Broken) -> str:
    """Test ids named after the rule, so a failure reads as the rule that broke."""
    return case.name


def _xmllint_relaxng(repo: Path, paper: Path) -> subprocess.CompletedProcess[str]:
    """libxml2's own RELAX NG check: an independent judge of what paper.rng allows."""
    return subprocess.run(
        ["xmllint", "--noout", "--relaxng", str(repo / "schema" / "paper.rng"), str(paper)],
        capture_output=True,
        text=True,
        check=False,
    )


needs_xmllint = pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint missing")


def test_every_broken_file_is_in_the_table(papers_dir: Path) -> None:
    """A broken paper without a row would be tested by nobody."""
    on_disk = {p.stem for p in (papers_dir / "broken").glob("*.xml")}
    assert on_disk == {case.name for case in BROKEN}
    assert len(on_disk) >= 12


@pytest.mark.parametrize("case", BROKEN, ids=_ids)
def test_validate_text_names_file_line_and_fault(
    case: Broken, papers_dir: Path, run: Runner
) -> None:
    """Text output sends the editor to the right line with a message that says what is wrong."""
    paper = papers_dir / "broken" / f"{case.name}.xml"
    result = run("validate", paper, cwd=papers_dir)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    lines = result.out.splitlines()
    at_line = [x for x in lines if x.startswith(f"{paper}:{case.line}: error:")]
    assert at_line, f"no finding at line {case.line}:\n{result.out}"
    message = " ".join(at_line)
    for word in case.words:
        assert word in message, f"{word!r} missing from {message!r}"
    assert all(x.endswith(f"[{case.rule}]") for x in lines), result.out


@pytest.mark.parametrize("case", BROKEN, ids=_ids)
def test_validate_json_findings(case: Broken, papers_dir: Path, run: Runner) -> None:
    """JSON findings carry path, line, rule and message, and only the one broken rule."""
    paper = papers_dir / "broken" / f"{case.name}.xml"
    result = run("validate", "--format", "json", paper, cwd=papers_dir)
    assert result.code == 1
    found = json.loads(result.out)["findings"]
    assert found, "no findings"
    for item in found:
        assert {"path", "line", "rule", "message"} <= item.keys()
        assert item["path"] == str(paper)
        assert item["severity"] == "error"
    assert {item["rule"] for item in found} == {case.rule}
    assert case.line in {item["line"] for item in found}


@needs_xmllint
@pytest.mark.parametrize("case", BROKEN, ids=_ids)
def test_xmllint_agrees_on_the_layer(case: Broken, repo: Path, papers_dir: Path) -> None:
    """RELAX NG alone rejects exactly the structural faults; Schematron owns the rest."""
    result = _xmllint_relaxng(repo, papers_dir / "broken" / f"{case.name}.xml")
    if case.layer == "rng":
        assert result.returncode != 0, result.stderr
    else:
        assert result.returncode == 0, result.stderr


@needs_xmllint
@pytest.mark.parametrize("name", ["minimal", "shipped"])
def test_valid_papers_pass_both_checkers(
    name: str, repo: Path, papers_dir: Path, paper_path: Path, run: Runner
) -> None:
    """The shipped paper and the base of the broken set are valid for xmllint and hexaglot."""
    paper = paper_path if name == "shipped" else papers_dir / "minimal.xml"
    assert _xmllint_relaxng(repo, paper).returncode == 0
    result = run("validate", paper, cwd=repo)
    assert result.code == 0, result
    assert result.out.startswith("1 paper(s)")
    assert result.out.strip().endswith("valid")
    assert json.loads(run("validate", "--format", "json", paper, cwd=repo).out)["findings"] == []


def test_validate_defaults_to_every_paper_in_source(project: Path, run: Runner) -> None:
    """Without arguments validate checks source/*.xml of the project (-C or the cwd)."""
    assert run("validate", cwd=project).code == 0
    assert run("-C", project, "validate", cwd=project.parent).code == 0
    shutil.copy(
        Path(__file__).parent / "papers" / "broken" / "duplicate_id.xml",
        project / "source" / "bad.xml",
    )
    result = run("-C", project, "validate", cwd=project.parent)
    assert result.code == 1
    assert "bad.xml:42:" in result.out


def test_github_format(papers_dir: Path, run: Runner) -> None:
    """GitHub annotations name file, line and rule."""
    paper = papers_dir / "broken" / "duplicate_id.xml"
    result = run("validate", "--format", "github", paper, cwd=papers_dir)
    assert result.code == 1
    assert result.out.startswith(f"::error file={paper},line=42,title=unique-ids::")


@pytest.mark.parametrize(
    "args",
    [("validate", "--bogus"), ("--bogus", "validate"), ("no-such-command",)],
    ids=["option", "global-option", "command"],
)
def test_usage_errors_exit_2(args: tuple[str, ...], repo: Path, run: Runner) -> None:
    """A mistyped command line is a usage error (2), not a failed check (1)."""
    result = run(*args, cwd=repo)
    assert result.code == 2, result
    assert "Traceback" not in result.err
    assert result.err.strip()


def _one_line(text: str) -> str:
    """The single non-blank line of ``text``; a failure must not spill over many."""
    lines = [x for x in text.splitlines() if x.strip()]
    assert len(lines) == 1, text
    return lines[0]


@pytest.mark.parametrize("kind", ["missing", "folder", "not-xml", "binary", "wrong-root", "empty"])
def test_unusable_files_give_one_line(kind: str, tmp_path: Path, run: Runner) -> None:
    """Files that are no paper at all: exit 1, one line naming the file, no traceback."""
    target = tmp_path / f"{kind}.xml"
    if kind == "folder":
        target.mkdir()
    elif kind == "not-xml":
        target.write_text("Paragraph 1. This is a plain text note, not XML.\n")
    elif kind == "binary":
        target.write_bytes(bytes(range(256)) * 4)
    elif kind == "wrong-root":
        target.write_text('<?xml version="1.0"?>\n<html><body/></html>\n')
    elif kind == "empty":
        target.write_bytes(b"")
    result = run("validate", target, cwd=tmp_path)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    line = _one_line(result.out + result.err)
    assert str(target) in line
    if kind == "wrong-root":
        assert "<html>" in line
    if kind == "missing":
        assert "no such file" in line


@pytest.mark.parametrize("kind", ["text-file", "folder"])
def test_paths_without_xml_suffix_are_named_as_given(
    kind: str, tmp_path: Path, run: Runner
) -> None:
    """The message should name the file the user gave, whatever its suffix."""
    target = tmp_path / ("notes.txt" if kind == "text-file" else "drafts")
    if kind == "folder":
        target.mkdir()
    else:
        target.write_text("not a paper\n")
    result = run("validate", target, cwd=tmp_path)
    assert result.code == 1
    assert str(target) + ":" in _one_line(result.out + result.err)


@pytest.mark.parametrize("command", ["extract", "update"])
def test_other_commands_refuse_a_broken_paper_cleanly(
    command: str, project: Path, papers_dir: Path, run: Runner
) -> None:
    """Commands that load a paper stop at its fault with one line, exit 1 and write nothing."""
    bad = project / "source" / "broken.xml"
    shutil.copy(papers_dir / "broken" / "paragraph_numbering_gap.xml", bad)
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = run(command, bad, cwd=project)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    line = _one_line(result.out + result.err)
    assert line.startswith(f"hexaglot: error: {bad}:31: paragraph 4 follows paragraph 2")
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize("command", ["update", "stats"])
def test_unknown_language_is_a_usage_error(command: str, project: Path, run: Runner) -> None:
    """A language outside the six is a usage error naming the choices."""
    result = run(command, "--lang", "de", cwd=project)
    assert result.code == 2, result
    assert "Traceback" not in result.err
    line = _one_line(result.err)
    assert "'de'" in line
    assert "zh" in line


@pytest.mark.parametrize("command", ["validate", "extract", "update", "renumber"])
def test_missing_paper_for_each_command(command: str, project: Path, run: Runner) -> None:
    """A paper that does not exist is one line and exit 1 for every command."""
    result = run(command, "nowhere.xml", cwd=project)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    line = _one_line(result.out + result.err)
    assert "nowhere.xml" in line


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("extract", "nowhere.xml"), 1, "nowhere.xml"),
        (("build", "-l", "xx"), 2, "'xx'"),
        (("--bogus",), 2, "--bogus"),
    ],
    ids=["bad-input", "bad-choice", "bad-option"],
)
def test_console_process_exits_with_one_line(
    args: tuple[str, ...], code: int, says: str, repo: Path
) -> None:
    """Through a real process (python -m hexaglot): Click's standalone exit, one line."""
    result = run_process(*args, cwd=repo)
    assert result.code == code, result
    line = _one_line(result.out + result.err)
    assert line.startswith("hexaglot: error: ") and says in line, line
