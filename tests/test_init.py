"""hexaglot init: a new papers project that validates at once, and keeps what exists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import Runner

from hexaglot.base import numerals
from hexaglot.base.languages import LANGUAGES
from hexaglot.project import scaffold
from hexaglot.render import conventions

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("original", LANGUAGES)
def test_new_project_validates_extracts_and_updates(
    original: str, tmp_path: Path, run: Runner
) -> None:
    folder = tmp_path / "papers"
    result = run(
        "init", folder, "--symbol", "UNEP/EA.7/INF/3", "--original", original, cwd=tmp_path
    )
    assert result.code == 0, result
    paper = folder / "source" / "UNEP-EA.7-INF-3.xml"
    assert f'xml:lang="{original}"' in paper.read_text("utf-8")
    assert run("validate", cwd=folder).out.strip() == "1 paper(s) and 0 catalogue(s) valid"
    assert run("extract", cwd=folder).code == 0
    updated = run("update", cwd=folder)
    assert updated.code == 0, updated
    assert len(list((folder / "translations").glob("*/UNEP-EA.7-INF-3.po"))) == 5
    assert not (folder / "translations" / original / "UNEP-EA.7-INF-3.po").exists()


def test_init_writes_the_project_files_and_keeps_existing_ones(tmp_path: Path, run: Runner) -> None:
    folder = tmp_path / "papers"
    (folder / ".github" / "workflows").mkdir(parents=True)
    ours = folder / ".github" / "workflows" / "hexaglot.yml"
    ours.write_text("# our own workflow\n", "utf-8")
    result = run("init", folder, cwd=tmp_path)
    assert result.code == 0, result
    assert f"kept {ours}" in result.out
    assert ours.read_text("utf-8") == "# our own workflow\n"
    assert "/build/" in (folder / ".gitignore").read_text("utf-8")
    hooks = (folder / ".pre-commit-config.yaml").read_text("utf-8")
    assert "entry: hexaglot validate" in hooks and "entry: hexaglot check" in hooks
    again = run("init", folder, cwd=tmp_path)
    assert again.code == 0 and "wrote" not in again.out, again


def test_a_symbol_the_schema_refuses_is_a_usage_error(tmp_path: Path, run: Runner) -> None:
    result = run("init", tmp_path / "p", "--symbol", "not a symbol", cwd=tmp_path)
    assert result.code == 2, result
    assert result.err.startswith("hexaglot: error: cannot start a paper with symbol")
    assert not (tmp_path / "p").exists()


def test_stem_follows_akoma_ntoso() -> None:
    assert scaffold.stem("UNEP(DTIE)/Hg/OEWG.2/10") == "UNEP-DTIE-Hg-OEWG.2-10"
    assert scaffold.stem("A/RES/66/1") == "A-RES-66-1"


def test_starter_paper_dates_follow_the_day_it_is_made() -> None:
    data = scaffold.starter_paper("UNEP/EA.7/1", "en", dt.date(2026, 12, 1)).decode()
    assert "<issued>2026-12-01</issued>" in data
    assert '<dates first="2027-01-26" last="2027-01-30"/>' in data


def test_shipped_pre_commit_hooks_name_both_commands() -> None:
    text = (REPO / ".pre-commit-hooks.yaml").read_text("utf-8")
    assert "- id: hexaglot-validate" in text and "entry: hexaglot validate" in text
    assert "- id: hexaglot-check" in text and "entry: hexaglot check" in text


def test_labels_past_the_end_of_the_alphabet_double() -> None:
    """UN practice after (z): (aa), (bb); and after Z., AA."""
    assert [numerals.latin(n) for n in (1, 26, 27, 28, 53)] == ["A", "Z", "AA", "BB", "AAA"]
    assert conventions.get("en").subparagraph_label(1, 27) == "(aa)"
    assert conventions.get("fr").subparagraph_label(1, 28) == "bb)"


@pytest.mark.parametrize(
    ("lang", "kind", "n", "label"),
    [
        ("ar", "section", 16, "سادس عشر -"),
        ("ar", "section", 21, "حادي وعشرون -"),
        ("ar", "subsection", 19, "قاف -"),
        ("ar", "subsection", 29, "ألف ألف -"),
        ("zh", "section", 100, "一百、"),
        ("zh", "section", 105, "一百零五、"),
        ("ru", "subsection", 27, "АА."),
        ("en", "subsection", 27, "AA."),
    ],
)
def test_long_papers_never_run_out_of_labels(lang: str, kind: str, n: int, label: str) -> None:
    conv = conventions.get(lang)
    got = conv.section_label(n) if kind == "section" else conv.subsection_label(n)
    assert got == label


def test_abjad_subparagraphs_continue_past_the_alphabet() -> None:
    assert conventions.get("ar").subparagraph_label(1, 28) == "(غ)"
    assert conventions.get("ar").subparagraph_label(1, 29) == "(أ أ)"
