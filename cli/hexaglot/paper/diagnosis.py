"""Where a paper breaks paper.rng, said at the element at fault.

libxml2 reports a fault inside mixed content at an ancestor (a bad symbol in
paragraph 5 is "Element section has extra content: subsection") and never
names a bad attribute. So, when a paper fails, each element is validated on
its own against its pattern in paper.rng; the deepest failing elements are
the faults, reported at their own lines in an editor's words. This runs only
on a paper already known to be invalid.
"""

from __future__ import annotations

import copy
import re
from functools import cache

from lxml import etree

from hexaglot.base.findings import Finding

RNG = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def _rng(tag: str) -> str:
    return f"{{{RNG}}}{tag}"


# libxml2 says "Element para failed to validate attributes"; editors want the
# element and what it needed. These rewrite the commonest messages.
_PLAIN = [
    (re.compile(r"Expecting element (\S+), got (\S+)"), r"found <\2> where <\1> belongs"),
    (re.compile(r"Did not expect element (\S+) there"), r"<\1> is not allowed here"),
    (
        re.compile(r"Element (\S+) failed to validate attributes"),
        r"<\1> has a missing or malformed attribute",
    ),
    (re.compile(r"Invalid attribute (\S+) for element (\S+)"), r"<\2> has no attribute \1"),
    (re.compile(r"Element (\S+) has extra content: (\S+)"), r"<\1> has unexpected content <\2>"),
    (re.compile(r"Error validating datatype (\S+)"), r"a value is not a valid \1"),
    (re.compile(r"Type (\S+) doesn't allow value '(.*)'"), r"'\2' is not a valid \1"),
]


def plain_message(message: str) -> str:
    """A libxml2 validation message in an editor's words, where one is known."""
    for pattern, repl in _PLAIN:
        if pattern.search(message):
            return pattern.sub(repl, message)
    return message


def _grammar_with_start(grammar: etree._Element, pattern: etree._Element) -> etree.RelaxNG:
    sub = copy.deepcopy(grammar)
    start = sub.find(_rng("start"))
    start[:] = [copy.deepcopy(pattern)]
    return etree.RelaxNG(sub)


#: Patterns under which what they hold may be absent.
_OPTIONAL = {_rng("optional"), _rng("zeroOrMore"), _rng("choice")}


def _owner(node: etree._Element) -> etree._Element | None:
    """The nearest element pattern above ``node`` in the grammar."""
    return next(node.iterancestors(_rng("element")), None)


def _own(pattern: etree._Element, tag: str) -> list[etree._Element]:
    """Descendants ``tag`` of ``pattern`` that belong to it, not to a nested element,
    in document order, following the defines it refers to (``<ref name="…"/>``)."""
    return [node for node, _ in _owned(pattern, tag)]


def _owned(pattern: etree._Element, tag: str) -> list[tuple[etree._Element, bool]]:
    """:func:`_own`, each with whether it is optional where ``pattern`` has it."""
    grammar = pattern.getroottree().getroot()
    out: list[tuple[etree._Element, bool]] = []
    visited: set[str] = set()

    def visit(node: etree._Element, optional: bool) -> None:
        for child in node.iterchildren(etree.Element):
            here = optional or child.tag in _OPTIONAL
            if child.tag == _rng(tag):
                out.append((child, here))
            if child.tag in (_rng("element"), _rng("attribute")):
                continue  # what is inside a nested element or an attribute is its own
            if child.tag == _rng("ref") and child.get("name") not in visited:
                visited.add(child.get("name"))
                for define in grammar.iterfind(f"{_rng('define')}[@name='{child.get('name')}']"):
                    visit(define, here)
            visit(child, here)

    visit(pattern, False)
    return out


@cache
def _element_patterns(
    grammar: etree._Element,
) -> dict[str, list[tuple[etree._Element, etree.RelaxNG]]]:
    out: dict[str, list[tuple[etree._Element, etree.RelaxNG]]] = {}
    for pattern in grammar.iter(_rng("element")):
        validator = _grammar_with_start(grammar, pattern)
        out.setdefault(pattern.get("name"), []).append((pattern, validator))
    return out


@cache
def _attribute_probe(attr: etree._Element) -> etree.RelaxNG:
    probe = etree.Element(_rng("element"), name="probe")
    probe.append(copy.deepcopy(attr))
    return _grammar_with_start(attr.getroottree().getroot(), probe)


def _probe(name: str, value: str) -> etree._ElementTree:
    return etree.ElementTree(etree.Element("probe", {name: value}))


def _attr_name(attr: etree._Element) -> str:
    name = attr.get("name")
    if name.startswith("xml:"):
        return f"{{{XML_NS}}}{name[4:]}"
    return name


def _shown(name: str) -> str:
    return name.replace(f"{{{XML_NS}}}", "xml:")


ANNOTATIONS = "http://relaxng.org/ns/compatibility/annotations/1.0"


def _expected(pattern: etree._Element) -> str:
    """What ``pattern`` (an element or attribute) expects, from the schema's own words.

    The a:documentation of the pattern, or of a define it refers to, is
    written for editors ("a job number is a capital letter and seven digits").
    """
    grammar = pattern.getroottree().getroot()
    places = [pattern]
    for ref in pattern.iter(_rng("ref")):
        if _owner(ref) is pattern or pattern.tag == _rng("attribute"):
            places.extend(grammar.iterfind(f"{_rng('define')}[@name='{ref.get('name')}']"))
    for place in places:
        doc = place.find(f"{{{ANNOTATIONS}}}documentation")
        if doc is not None and doc.text:
            return f": {' '.join(doc.text.split())}"
    return ""


def _describe(
    el: etree._Element, pattern: etree._Element, log: etree._ListErrorLog, path: str
) -> list[Finding]:
    """What is wrong with ``el`` alone, in an editor's words."""

    def finding(line: int | None, message: str) -> Finding:
        return Finding(path, line or el.sourceline, "structure", message)

    for lst in el.findall("list"):
        if (lst.tail or "").strip():
            end = lst.sourceline + etree.tostring(lst, with_tail=False).count(b"\n")
            return [
                finding(
                    end,
                    f"text follows the subparagraphs (<list>) of <{el.tag}>; "
                    "move it into the last subparagraph or a new paragraph",
                )
            ]
    out = []
    attributes = _owned(pattern, "attribute")
    declared = {_attr_name(a): a for a, _ in attributes}
    optional = {id(node) for node, maybe in [*attributes, *_owned(pattern, "element")] if maybe}
    for name, value in el.attrib.items():
        attr = declared.get(name)
        if attr is None:
            out.append(finding(None, f"<{el.tag}> has no attribute {_shown(name)}"))
        elif not _attribute_probe(attr).validate(_probe(name, value)):
            out.append(
                finding(
                    None, f'{_shown(name)}="{value}" is not valid on <{el.tag}>{_expected(attr)}'
                )
            )
    for name, attr in declared.items():
        if name not in el.attrib and id(attr) not in optional:
            out.append(finding(None, f"<{el.tag}> lacks the attribute {_shown(name)}"))
    children = {child.tag: child for child in reversed(el)}  # the first of each name
    expected = _own(pattern, "element")
    for i, child in enumerate(expected):
        if child.get("name") not in children and id(child) not in optional:
            # Where it belongs: before the first element the schema puts after it.
            after = (children.get(later.get("name")) for later in expected[i + 1 :])
            line = next((c.sourceline for c in after if c is not None), None)
            out.append(finding(line, f"<{el.tag}> lacks <{child.get('name')}>"))
    if out:
        return out
    if not len(el) and not _own(pattern, "element"):
        values = [
            v.text
            for v in _own(pattern, "value")
            if not any(a.tag == _rng("attribute") for a in v.iterancestors())
        ]
        allowed = f"; use one of: {', '.join(values)}" if values else _expected(pattern)
        return [finding(None, f'"{(el.text or "").strip()}" is not allowed in <{el.tag}>{allowed}')]
    seen: set[tuple[int, str]] = set()
    for err in log:
        if (err.line, err.message) not in seen:
            seen.add((err.line, err.message))
            out.append(finding(err.line if err.line > 0 else None, plain_message(err.message)))
    return out


def localise(tree: etree._ElementTree, path: str, grammar: etree._Element) -> list[Finding]:
    """Findings at the deepest elements that break ``grammar`` (paper.rng) on their own."""
    patterns = _element_patterns(grammar)
    failing: dict[etree._Element, list[Finding]] = {}
    for el in tree.getroot().iter(etree.Element):
        candidates = patterns.get(el.tag)
        if not candidates:
            failing[el] = [
                Finding(
                    path, el.sourceline, "structure", f"<{el.tag}> is not an element of a paper"
                )
            ]
            continue
        # The pattern written inside the parent's pattern first, then shared ones.
        parent = el.getparent()
        where = parent.tag if parent is not None else None
        candidates = sorted(
            candidates,
            key=lambda c: (
                0 if _parent_tag(c[0]) == where else 1 if _parent_tag(c[0]) is None else 2
            ),
        )
        alone = copy.deepcopy(el)
        alone.tail = None
        found: list[Finding] | None = None
        for pattern, rng in candidates:
            if rng.validate(etree.ElementTree(alone)):
                break
            found = found or _describe(el, pattern, rng.error_log, path)
        else:
            failing[el] = found or []
    return [
        f
        for el, found in failing.items()
        if not any(d in failing for d in el.iterdescendants())
        for f in found
    ]


def _parent_tag(pattern: etree._Element) -> str | None:
    owner = _owner(pattern)
    return owner.get("name") if owner is not None else None
