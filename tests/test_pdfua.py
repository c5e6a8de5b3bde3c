"""PDF/UA-1 that holds: every edition of every test paper passes tests/pdfua.py.

The two papers (OEWG.2/10 from source/, and tests/papers/editorial/, which has
tables, figures, bullets, subparagraphs three deep, an annex in Spanish) are
built in their six languages, as PDF/UA-1 and as PDF/A-3b, in process. The
structure checker then reads each PDF back; control tests break a real PDF
in one way at a time with pikepdf and expect the checker to name the failure.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO, run_hexaglot
from pdfua import check, check_pdfa3b, xmp
from pikepdf import Name, Pdf

LANGS = ("ar", "en", "es", "fr", "ru", "zh")
VARIANTS = ("pdf/ua-1", "pdf/a-3b")
PAPERS = {"UNEP-DTIE-Hg-OEWG.2-10": REPO, "editorial": REPO / "tests" / "papers" / "editorial"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """(paper, variant) → the folder holding that paper's six PDFs."""
    out: dict[tuple[str, str], Path] = {}
    for stem, project in PAPERS.items():
        root = tmp_path_factory.mktemp(stem)
        if project != REPO:
            project = shutil.copytree(
                project, root / "project", ignore=shutil.ignore_patterns("build")
            )
        for variant in VARIANTS:
            target = root / variant.replace("/", "-")
            result = run_hexaglot(
                "build", stem, "-f", "pdf", "--pdf-variant", variant, "-o", target, cwd=project
            )
            assert result.code == 0, result
            out[stem, variant] = target / stem
    return out


def _open(
    built: dict[tuple[str, str], Path], stem: str, lang: str, variant: str = "pdf/ua-1"
) -> Pdf:
    return Pdf.open(built[stem, variant] / f"{lang}.pdf")


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", PAPERS)
def test_every_edition_passes_the_checker(
    built: dict[tuple[str, str], Path], stem: str, lang: str, variant: str
) -> None:
    pdf = _open(built, stem, lang, variant)
    assert check(pdf, claims_ua=variant == "pdf/ua-1") == []
    # Each variant claims what it is, and only that.
    if variant == "pdf/ua-1":
        assert xmp(pdf, "pdfuaid", "part") == ["1"] and not xmp(pdf, "pdfaid", "part")
        assert check_pdfa3b(pdf) != []  # nor does it pass as PDF/A
    else:
        assert check_pdfa3b(pdf) == []
        assert not xmp(pdf, "pdfuaid", "part")


# What the structure says ----------------------------------------------------------------


def _elements(pdf: Pdf) -> list[pikepdf.Dictionary]:
    out, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
        for kid in reversed(kids):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                out.append(kid)
                stack.append(kid)
    return out


def _kinds(element: pikepdf.Dictionary) -> list[str]:
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [str(k.S)[1:] for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _artifact_text_runs(page: pikepdf.Page) -> int:
    """How many text-showing operators of ``page`` are drawn inside an Artifact."""
    runs, depth = 0, 0
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BMC" and depth == 0 and operands == [Name.Artifact]:
            depth = 1
        elif op in ("BMC", "BDC") and depth:
            depth += 1
        elif op == "EMC" and depth:
            depth -= 1
        elif op in ("Tj", "TJ") and depth:
            runs += 1
    return runs


def test_running_heads_and_page_numbers_are_artifacts(built: dict[tuple[str, str], Path]) -> None:
    """From page 2 on, the symbol and the page number are drawn inside /Artifact."""
    pdf = _open(built, "UNEP-DTIE-Hg-OEWG.2-10", "zh")
    for page in pdf.pages[1:]:
        assert _artifact_text_runs(page) >= 2  # the running head and the page number


def test_footnote_is_a_note_with_a_label_and_a_link_from_its_call(
    built: dict[tuple[str, str], Path],
) -> None:
    for lang in LANGS:
        pdf = _open(built, "UNEP-DTIE-Hg-OEWG.2-10", lang)
        notes = [e for e in _elements(pdf) if Name.Note == e.S]
        assert [str(n.ID) for n in notes] == ["fn_agenda"], lang
        assert _kinds(notes[0])[0] == "Lbl", lang
        links = [
            a
            for a in pdf.pages[0].Annots
            if a.Subtype == Name.Link and a.get("/Dest") == "fn_agenda"
        ]
        assert links, lang  # the call takes the reader to the note


def test_subparagraphs_are_list_items_with_label_and_body(
    built: dict[tuple[str, str], Path],
) -> None:
    for stem, lang in (("UNEP-DTIE-Hg-OEWG.2-10", "en"), ("editorial", "fr"), ("editorial", "ar")):
        pdf = _open(built, stem, lang)  # kept open while its objects are read
        elements = _elements(pdf)
        items = [e for e in elements if e.S == Name.LI]
        assert items, (stem, lang)
        labelled = [e for e in items if _kinds(e) == ["Lbl", "LBody"]]
        # Every item has its label before its body; only an item's continuation on
        # the next page has a body alone.
        assert all(_kinds(e) in (["Lbl", "LBody"], ["LBody"]) for e in items), (stem, lang)
        assert len(labelled) >= len(items) - 1, (stem, lang)


def test_headings_in_order_and_bookmarks_spaced(built: dict[tuple[str, str], Path]) -> None:
    pdf = _open(built, "UNEP-DTIE-Hg-OEWG.2-10", "en")
    titles, stack = [], [pdf.Root.Outlines.First]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        titles.append(str(node.Title))
        stack.extend([node.get("/Next"), node.get("/First")])
    assert "I. Experience in sustainable technology transfer and support" in titles
    assert "A. Multilateral Fund for the Implementation of the Montreal Protocol" in titles
    assert not [t for t in titles if re.match(r"^[IVX]+\.\S|^[A-I]\.\S", t)]
    levels = [int(str(e.S)[2]) for e in _elements(pdf) if re.fullmatch(r"/H[1-6]", str(e.S))]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in pairwise(levels))


def test_english_blocks_carry_lang(built: dict[tuple[str, str], Path]) -> None:
    """The distribution block is in English in ar, ru and zh: /Lang en says so."""
    for lang in ("ar", "ru", "zh"):
        pdf = _open(built, "UNEP-DTIE-Hg-OEWG.2-10", lang)
        english = [e for e in _elements(pdf) if e.get("/Lang") == "en"]
        assert english, lang
    # The Spanish annex kept as received, in every other edition of the editorial paper.
    for lang in set(LANGS) - {"es"}:
        pdf = _open(built, "editorial", lang)
        assert any(e.get("/Lang") == "es" for e in _elements(pdf)), lang


def test_header_cells_have_scope(built: dict[tuple[str, str], Path]) -> None:
    pdf = _open(built, "editorial", "en")
    scopes = {str(e.A.Scope) for e in _elements(pdf) if e.S == Name.TH}
    assert scopes == {"/Column", "/Row"}


def test_draft_edition_passes_with_its_mark_as_an_artifact(tmp_path: Path) -> None:
    """A draft (one paragraph untranslated): the draft mark on every page is an artifact,
    the French paragraph left in the English edition says /Lang fr."""
    root = shutil.copytree(
        PAPERS["editorial"], tmp_path / "p", ignore=shutil.ignore_patterns("build")
    )
    po = root / "translations" / "en" / "editorial.po"
    text = po.read_text("utf-8")
    start = text.index('msgctxt "para_3"')
    end = text.index("\n\n", start)
    po.write_text(text[:start] + re.sub(r'msgstr ".*"', 'msgstr ""', text[start:end]) + text[end:])
    result = run_hexaglot("build", "-l", "en", "-f", "pdf", cwd=root)
    assert result.code == 0, result
    pdf = Pdf.open(root / "build" / "editorial" / "en.pdf")
    assert check(pdf) == []
    assert any(e.get("/Lang") == "fr" for e in _elements(pdf))
    for page in pdf.pages:
        assert _artifact_text_runs(page)  # the draft mark, at least, on every page


def test_patches_are_in_place_and_tripwired() -> None:
    """prepare() installs both fixes on WeasyPrint 70.0; a fix whose expression is not
    found exactly once refuses to patch anything."""
    import weasyprint
    from weasyprint import draw
    from weasyprint.pdf import tags

    from hexaglot.render import pdf, structure
    from hexaglot.render.patching import PATCHED_VERSION, is_patched, recompiled

    pdf.prepare()
    assert weasyprint.__version__ == PATCHED_VERSION
    assert is_patched(draw.draw_stacking_context) and is_patched(tags._build_box_tree)
    original = tags._build_box_tree.__hexaglot_fix__
    with pytest.raises(RuntimeError, match="exactly once"):
        recompiled(original, *structure._FINISH_FIX, ("no such expression", "x"))


# Control tests: the checker catches each failure class ----------------------------------


def _content(page: pikepdf.Page) -> list:
    return list(pikepdf.parse_content_stream(page))


def _write(pdf: Pdf, page: pikepdf.Page, instructions: list) -> None:
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def _unwrap_artifacts(pdf: Pdf) -> None:
    """The running heads as WeasyPrint 70 left them, minus the MCIDs: untagged text."""
    page = pdf.pages[1]
    out, depth = [], 0
    for operands, operator in _content(page):
        op = str(operator)
        if op == "BMC" and operands == [Name.Artifact] and depth == 0:
            depth = 1
            continue
        if depth and op in ("BMC", "BDC"):
            depth += 1
        if depth and op == "EMC":
            depth -= 1
            if depth == 0:
                continue
        out.append((operands, operator))
    _write(pdf, page, out)


def _artifact_around_tagged(pdf: Pdf) -> None:
    """The page's first tagged span wrapped in an Artifact."""
    page = pdf.pages[0]
    out, state = [], "before"
    for operands, operator in _content(page):
        op = str(operator)
        if state == "before" and op == "BDC":
            out.append(([Name.Artifact], pikepdf.Operator("BMC")))
            state = "inside"
        out.append((operands, operator))
        if state == "inside" and op == "EMC":
            out.append(([], pikepdf.Operator("EMC")))
            state = "after"
    _write(pdf, page, out)


def _artifact_inside_tagged(pdf: Pdf) -> None:
    page = pdf.pages[0]
    out, done = [], False
    for operands, operator in _content(page):
        out.append((operands, operator))
        if not done and str(operator) == "BDC":
            out.append(([Name.Artifact], pikepdf.Operator("BMC")))
            out.append(([], pikepdf.Operator("EMC")))
            done = True
    _write(pdf, page, out)


def _orphan_structure(pdf: Pdf) -> None:
    """Detach the first P from its parent: its MCIDs can no longer be reached."""
    for element in _elements(pdf):
        if element.S == Name.P:
            parent = element.P
            parent.K = pikepdf.Array([k for k in parent.K if k.objgen != element.objgen])
            return


def _retag(old: str, new: str) -> Callable[[Pdf], None]:
    def mutate(pdf: Pdf) -> None:
        for element in _elements(pdf):
            if str(element.S) == "/" + old:
                element.S = Name("/" + new)
                return

    return mutate


def _drop(where: Callable[[Pdf], pikepdf.Dictionary], key: str) -> Callable[[Pdf], None]:
    def mutate(pdf: Pdf) -> None:
        del where(pdf)[key]

    return mutate


def _first(kind: str) -> Callable[[Pdf], pikepdf.Dictionary]:
    return lambda pdf: next(e for e in _elements(pdf) if str(e.S) == "/" + kind)


def _first_font(pdf: Pdf) -> pikepdf.Dictionary:
    return next(iter(pdf.pages[0].Resources.Font.values()))


def _unembed(pdf: Pdf) -> None:
    font = _first_font(pdf)
    descriptor = (
        font.DescendantFonts[0].FontDescriptor
        if "/DescendantFonts" in font
        else font.FontDescriptor
    )
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        if key in descriptor:
            del descriptor[key]


def _strip_ua_claim(pdf: Pdf) -> None:
    data = pdf.Root.Metadata.read_bytes()
    data = re.sub(rb' pdfuaid:part="1"', b"", data)
    pdf.Root.Metadata = pdf.make_stream(data)


def _duplicate_note_id(pdf: Pdf) -> None:
    note = _first("Note")(pdf)
    twin = pdf.make_indirect(pikepdf.Dictionary(Type=Name.StructElem, S=Name.Note, ID=note.ID))
    twin.P = note.P
    twin.K = pikepdf.Array()
    note.P.K.append(twin)


def _link_in_span(pdf: Pdf) -> None:
    link = _first("Link")(pdf)
    link.S = Name.Span


CONTROLS = {
    "01-005 untagged running heads": ("UNEP-DTIE-Hg-OEWG.2-10", _unwrap_artifacts, "01-005"),
    "01-005 unreachable MCIDs": ("UNEP-DTIE-Hg-OEWG.2-10", _orphan_structure, "01-005"),
    "01-004 tagged inside artifact": ("UNEP-DTIE-Hg-OEWG.2-10", _artifact_around_tagged, "01-004"),
    "01-003 artifact inside tagged": ("UNEP-DTIE-Hg-OEWG.2-10", _artifact_inside_tagged, "01-003"),
    "02-001 unknown type": ("UNEP-DTIE-Hg-OEWG.2-10", _retag("P", "Para"), "02-001"),
    "06-001 no metadata": (
        "UNEP-DTIE-Hg-OEWG.2-10",
        _drop(lambda p: p.Root, "/Metadata"),
        "06-001",
    ),
    "06-002 no pdfuaid": ("UNEP-DTIE-Hg-OEWG.2-10", _strip_ua_claim, "06-002"),
    "07-001 no DisplayDocTitle": (
        "UNEP-DTIE-Hg-OEWG.2-10",
        _drop(lambda p: p.Root.ViewerPreferences, "/DisplayDocTitle"),
        "07-001",
    ),
    "09-004 cell outside a row": ("editorial", _retag("TR", "Div"), "09-004"),
    "09-005 body outside an item": ("UNEP-DTIE-Hg-OEWG.2-10", _retag("LI", "Div"), "09-005"),
    "10-001 no ToUnicode": ("UNEP-DTIE-Hg-OEWG.2-10", _drop(_first_font, "/ToUnicode"), "10-001"),
    "11-001 no Lang": ("UNEP-DTIE-Hg-OEWG.2-10", _drop(lambda p: p.Root, "/Lang"), "11-001"),
    "13-004 figure without Alt": ("editorial", _drop(_first("Figure"), "/Alt"), "13-004"),
    "14-002 first heading H2": ("UNEP-DTIE-Hg-OEWG.2-10", _retag("H1", "H2"), "14-002"),
    "14-003 skipped level": ("UNEP-DTIE-Hg-OEWG.2-10", _retag("H2", "H4"), "14-003"),
    "15-003 TH without Scope": (
        "editorial",
        lambda pdf: _drop(lambda p: _first("TH")(p).A, "/Scope")(pdf),
        "15-003",
    ),
    "19-003 Note without ID": ("UNEP-DTIE-Hg-OEWG.2-10", _drop(_first("Note"), "/ID"), "19-003"),
    "19-004 Note ID twice": ("UNEP-DTIE-Hg-OEWG.2-10", _duplicate_note_id, "19-004"),
    "28-008 no Tabs": (
        "UNEP-DTIE-Hg-OEWG.2-10",
        _drop(lambda p: p.pages[0].obj, "/Tabs"),
        "28-008",
    ),
    "28-011 link not in Link": ("UNEP-DTIE-Hg-OEWG.2-10", _link_in_span, "28-011"),
    "28-012 link without Contents": (
        "UNEP-DTIE-Hg-OEWG.2-10",
        _drop(lambda p: p.pages[0].Annots[0], "/Contents"),
        "28-012",
    ),
    "31-009 font not embedded": ("UNEP-DTIE-Hg-OEWG.2-10", _unembed, "31-009"),
}


@pytest.mark.parametrize("name", CONTROLS)
def test_checker_catches(built: dict[tuple[str, str], Path], tmp_path: Path, name: str) -> None:
    stem, mutate, code = CONTROLS[name]
    pdf = _open(built, stem, "en")
    assert check(pdf) == []
    mutate(pdf)
    broken = tmp_path / "broken.pdf"
    pdf.save(broken)
    found = {failure[0] for failure in check(Pdf.open(broken))}
    assert code in found, (name, found)
