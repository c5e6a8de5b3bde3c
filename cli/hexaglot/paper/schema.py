"""Validation of a paper against the schema: paper.rng, then paper.sch.

RELAX NG checks the structure; Schematron checks what spans the paper
(numbering, ids, references). Both report through Finding with a line.
The schema is read from the package (see hexaglot.base.resources), so
the installed toolkit validates exactly as a checkout does.
"""

from __future__ import annotations

from functools import cache

from lxml import etree, isoschematron

from hexaglot.base import resources
from hexaglot.base.findings import Finding
from hexaglot.paper.diagnosis import localise, plain_message

SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


@cache
def _relaxng() -> etree.RelaxNG:
    return etree.RelaxNG(grammar())


@cache
def _schematron() -> isoschematron.Schematron:
    rules = etree.fromstring(resources.schema("paper.sch").read_bytes())
    return isoschematron.Schematron(rules, store_report=True)


@cache
def grammar() -> etree._Element:
    """paper.rng, parsed once (diagnosis reads its patterns too)."""
    return etree.fromstring(resources.schema("paper.rng").read_bytes())


def check_tree(tree: etree._ElementTree, path: str, root: str = "paper") -> list[Finding]:
    """All schema findings for a parsed paper (or, with ``root="meeting"``, a meeting file)."""
    top = tree.getroot()
    if top.tag != root:
        what = "a paper" if root == "paper" else "a meeting file"
        return [
            Finding(
                path,
                top.sourceline,
                "root",
                f"the root element is <{top.tag}>; {what} starts with <{root}>",
            )
        ]
    rng = _relaxng()
    if not rng.validate(tree):
        local = localise(tree, path, grammar())
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
