"""Validation of a paper against schema/paper.rng and schema/paper.sch.

RELAX NG checks the structure; Schematron checks what spans the paper
(numbering, ids, references). Both report through Finding with a line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree, isoschematron

from hexaglot.diagnosis import localise
from hexaglot.errors import InputError
from hexaglot.findings import Finding
from hexaglot.safexml import parse_file
from hexaglot.schemafiles import plain_message, schema_file

SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


@cache
def _relaxng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(schema_file("paper.rng"))))


@cache
def _schematron() -> isoschematron.Schematron:
    return isoschematron.Schematron(etree.parse(str(schema_file("paper.sch"))), store_report=True)


def check_tree(tree: etree._ElementTree, path: str) -> list[Finding]:
    """All schema findings for a parsed paper, structure first."""
    root = tree.getroot()
    if root.tag != "paper":
        return [
            Finding(
                path,
                root.sourceline,
                "root",
                f"the root element is <{root.tag}>; a paper starts with <paper>",
            )
        ]
    rng = _relaxng()
    if not rng.validate(tree):
        local = localise(tree, path)
        if local:
            return local
        seen: set[tuple[int, str]] = set()
        out = []
        for err in rng.error_log:
            key = (err.line, err.message)
            if key not in seen:
                seen.add(key)
                out.append(Finding(path, err.line or None, "structure", plain_message(err.message)))
        return out
    sch = _schematron()
    if sch.validate(tree):
        return []
    out = []
    for failed in sch.validation_report.iterfind(".//svrl:failed-assert", SVRL):
        pattern = failed.getprevious()
        while pattern is not None and pattern.tag != f"{{{SVRL['svrl']}}}active-pattern":
            pattern = pattern.getprevious()
        rule = pattern.get("id") if pattern is not None else "rules"
        nodes = tree.xpath(failed.get("location"))
        line = nodes[0].sourceline if nodes else None
        text = " ".join("".join(failed.find("svrl:text", SVRL).itertext()).split())
        out.append(Finding(path, line, rule, text))
    return out


def validate_file(path: Path) -> list[Finding]:
    """Findings for one paper file; unreadable or malformed files are findings too."""
    try:
        tree = parse_file(path)
    except InputError as exc:
        return [Finding(str(path), exc.line, "xml", exc.message)]
    return check_tree(tree, str(path))
