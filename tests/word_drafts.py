"""Word drafts of tests/papers/word-draft.xml, made as authors make them.

python-docx writes the body, the styles and the numbering; it cannot make
footnotes, so the footnotes part is written here with lxml and related to
the document as Word relates it. One draft numbers its paragraphs, headings
and subparagraphs with Word numbering, the other types the labels.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Pt
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

#: Word numbering definitions: (abstract id, [(numFmt, lvlText) per level]).
LISTS = {
    "paras": (10, [("decimal", "%1.")]),
    "sections": (11, [("upperRoman", "%1."), ("upperLetter", "%2.")]),
    "points": (12, [("lowerLetter", "(%1)"), ("lowerRoman", "(%2)"), ("lowerLetter", "%3.")]),
}

# The draft, paragraph by paragraph: (kind, label, runs). A run is text, or
# (text, style) with style "i", "b", "sub", "sup", or ("note", text) or
# ("mark", text) for a footnote with a custom mark.
MASTHEAD = [
    "United Nations\tEP",
    "UNEP",
    "",
    "UNEP/XY.2/5",
    "Distr.: General",
    "3 March 2025",
    "Original: English",
    "United Nations Environment Programme",
    "Open-ended Working Group on Testing",
    "Second meeting",
    "Nairobi, Kenya",
    "6–10 October 2025",
    ["Item 4 of the provisional agenda", ("mark", "*", "UNEP/XY.2/1.")],
    "Review of the testing programme",
]

BODY = [
    ("title", None, ["Progress in the testing programme"]),
    ("subtitle", None, ["Note by the secretariat"]),
    ("h1", None, ["Background"]),
    (
        "para",
        "1",
        [
            "The Working Group, in its decision ",
            ("2/1", "i"),
            ", asked for a report.",
            ("note", "See the report of its first meeting, UNEP/XY.1/9, annex I."),
            " The report follows.",
        ],
    ),
    (
        "para",
        "2",
        [
            "Emissions of CO",
            ("2", "sub"),
            " reached 12 m",
            ("3", "sup"),
            " as reported in document UNEP/EA.7/3 and in A/RES/70/1.",
        ],
    ),
    ("h1", "I", ["Findings"]),
    ("h2", "A", ["Data received"]),
    ("para", "3", ["Parties reported on ", ("two questions", "b"), ":"]),
    ("point", "a", ["The quality of the data;"]),
    ("point", "b", ["The gaps, in particular:"]),
    ("point2", "i", ["In the reporting forms;"]),
    ("point2", "ii", ["In the guidance."]),
    ("table-label", None, ["Table 1"]),
    ("table-title", None, ["Reports received"]),
    ("table", None, []),
    ("source", None, ["Source: national reports."]),
    ("h2", "B", ["Next steps"]),
    ("para", "4", ["The secretariat will publish the data set out in paragraphs 2–3 above."]),
    ("h1", "II", ["Suggested action"]),
    ("para", "5", ["The Working Group may wish to take note of the information."]),
]

TABLE = [["Region", "Reports"], ["Africa", "12"], ["Asia", "9"]]


def _numbering(document: docx.document.Document) -> dict[str, int]:
    """Add the lists to the numbering part; return each list's numId."""
    root = document.part.numbering_part.element
    ids = {}
    for name, (abstract, levels) in LISTS.items():
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:pPr><w:ind w:left="{720 * (i + 1)}" '
            f'w:hanging="360"/></w:pPr></w:lvl>'
            for i, (fmt, text) in enumerate(levels)
        )
        root.insert(
            0,
            parse_xml(
                f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract}">'
                f"{lvls}</w:abstractNum>"
            ),
        )
        root.append(
            parse_xml(
                f'<w:num xmlns:w="{W_NS}" w:numId="{abstract}">'
                f'<w:abstractNumId w:val="{abstract}"/></w:num>'
            )
        )
        ids[name] = abstract
    return ids


def _number(paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


class _Notes:
    """The footnotes part, written with lxml."""

    def __init__(self) -> None:
        self.root = etree.Element(f"{W}footnotes", nsmap={"w": W_NS})
        for k, kind in ((-1, "separator"), (0, "continuationSeparator")):
            note = etree.SubElement(self.root, f"{W}footnote", {f"{W}type": kind, f"{W}id": str(k)})
            etree.SubElement(
                etree.SubElement(etree.SubElement(note, f"{W}p"), f"{W}r"), f"{W}separator"
            )
        self.count = 0

    def add(self, paragraph, text: str, mark: str | None) -> None:
        self.count += 1
        note = etree.SubElement(self.root, f"{W}footnote", {f"{W}id": str(self.count)})
        p = etree.SubElement(note, f"{W}p")
        run = etree.SubElement(p, f"{W}r")
        if mark:
            etree.SubElement(run, f"{W}t").text = mark
        else:
            etree.SubElement(run, f"{W}footnoteRef")
        body = etree.SubElement(p, f"{W}r")
        t = etree.SubElement(
            body, f"{W}t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}
        )
        t.text = f"\t{text}"
        call = paragraph.add_run()
        ref = etree.SubElement(call._r, f"{W}footnoteReference", {f"{W}id": str(self.count)})
        if mark:
            ref.set(f"{W}customMarkFollows", "1")
            etree.SubElement(call._r, f"{W}t").text = mark

    def attach(self, document: docx.document.Document) -> None:
        blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, blob, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)


def _runs(paragraph, runs: list, notes: _Notes) -> None:
    for run in runs:
        if isinstance(run, str):
            paragraph.add_run(run)
        elif run[0] in ("note", "mark"):
            if run[0] == "note":
                notes.add(paragraph, run[1], None)
            else:
                notes.add(paragraph, run[2], run[1])
        else:
            text, style = run
            r = paragraph.add_run(text)
            if style == "i":
                r.italic = True
            elif style == "b":
                r.bold = True
            elif style == "sub":
                r.font.subscript = True
            elif style == "sup":
                r.font.superscript = True


def make(path: Path, numbering: str, body: list | None = None) -> Path:
    """Write the draft to ``path``; ``numbering`` is "word" or "typed"."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    notes = _Notes()
    lists = _numbering(document) if numbering == "word" else {}
    for line in MASTHEAD:
        p = document.add_paragraph()
        _runs(p, line if isinstance(line, list) else [line], notes)
    styles = {"title": "Title", "subtitle": "Subtitle", "h1": "Heading 1", "h2": "Heading 2"}
    levels = {"para": ("paras", 0), "h1": ("sections", 0), "h2": ("sections", 1),
              "point": ("points", 0), "point2": ("points", 1)}  # fmt: skip
    typed = {"para": "{}.\t", "h1": "{}.\t", "h2": "{}.\t", "point": "({})\t", "point2": "({})\t"}
    for kind, label, runs in body if body is not None else BODY:
        if kind == "table":
            table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
            for r, row in enumerate(TABLE):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            header = table.rows[0]._tr.get_or_add_trPr()
            etree.SubElement(header, f"{W}tblHeader")
            continue
        p = document.add_paragraph(style=styles.get(kind))
        if label is not None and numbering == "word" and kind in levels:
            name, level = levels[kind]
            _number(p, lists[name], level)
        elif label is not None:
            p.add_run(typed[kind].format(label))
        _runs(p, runs, notes)
    notes.attach(document)
    document.save(path)
    return path
