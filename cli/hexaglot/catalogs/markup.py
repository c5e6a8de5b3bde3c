"""Message markup: the form in which a block's text reaches translators.

A block becomes a small XML fragment: ``<symbol>UNEP/GC/24/3/Add.1</symbol>``
and ``<ref to="para_5"/>`` and ``<note id="fn_1"/>`` are placeholders a
translator may move but not alter; ``<em>``, ``<strong>``, ``<sub>`` and
``<sup>`` are translated inside.
Reading a msgstr back accepts only these, so no markup of a translator's
own (a script, a link, a style) can ever reach an edition.
"""

from __future__ import annotations

import re

from lxml import etree

from hexaglot.paper.inline import STYLES, NoteCall, Ref, Styled, Symbol, Text, prose

ALLOWED = {**{tag: set() for tag in STYLES}, "symbol": set(), "ref": {"to"}, "note": {"id"}}

#: How deep styles may nest in a msgstr; deeper markup is refused, not rendered.
MAX_DEPTH = 8

#: Text that a browser or a CSS engine could read as code or a URL. Editions
#: escape it anyway; a msgstr carrying it is refused (unless its source has the
#: same token), so that a hostile catalogue shows up in checks and builds alike.
SUSPICIOUS = re.compile(
    r"javascript:|vbscript:|data:text/html|url\s*\(|<|>|expression\s*\(", re.IGNORECASE
)


class MarkupError(ValueError):
    """A msgstr whose markup is broken or not allowed; the text says why."""


def dump(text: Text) -> str:
    """The markup of ``text``, as a msgid."""
    out = []
    for node in text:
        if isinstance(node, str):
            out.append(node.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        elif isinstance(node, Styled):
            out.append(f"<{node.tag}>{dump(node.content)}</{node.tag}>")
        elif isinstance(node, Symbol):
            out.append(f"<symbol>{node.value}</symbol>")
        elif isinstance(node, Ref):
            out.append(f'<ref to="{node.to}"/>')
        else:
            out.append(f'<note id="{node.note}"/>')
    return "".join(out)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def load(markup: str) -> Text:
    """Parse a msgstr back into inline text, or raise MarkupError."""
    try:
        root = etree.fromstring(f"<m>{markup}</m>", _PARSER)
    except etree.XMLSyntaxError as exc:
        raise MarkupError(_syntax_message(exc.msg)) from None
    return _children(root, 0)


def _syntax_message(msg: str) -> str:
    if "Opening and ending tag mismatch" in msg or "Premature end" in msg:
        return f"a tag is not closed or closes in the wrong place ({msg})"
    if "Entity" in msg or "xmlParseEntityRef" in msg:
        return f"a bare & must be written &amp; ({msg})"
    return f"broken markup ({msg})"


def _children(parent: etree._Element, depth: int) -> Text:
    if depth > MAX_DEPTH:
        raise MarkupError(f"styles are nested more than {MAX_DEPTH} deep")
    nodes: list = []
    if parent.text:
        nodes.append(parent.text)
    for child in parent:
        if not isinstance(child.tag, str):
            raise MarkupError("comments and processing instructions are not allowed")
        if child.tag not in ALLOWED:
            raise MarkupError(
                f"<{child.tag}> is not allowed; only <em>, <strong>, <sub>, <sup>, "
                "<symbol>, <ref/>, <note/>"
            )
        extra = set(child.attrib) - ALLOWED[child.tag]
        if extra:
            raise MarkupError(f"<{child.tag}> takes no attribute {sorted(extra)[0]}")
        nodes.append(_node(child, depth))
        if child.tail:
            nodes.append(child.tail)
    return tuple(nodes)


def _node(el: etree._Element, depth: int) -> Styled | Symbol | Ref | NoteCall:
    if el.tag in STYLES:
        return STYLES[el.tag](_children(el, depth + 1))
    if el.tag == "symbol":
        if len(el):
            raise MarkupError("<symbol> holds only the symbol itself")
        return Symbol((el.text or "").strip())
    if len(el) or (el.text or "").strip():
        raise MarkupError(f"<{el.tag}/> is an empty placeholder; copy it as it is")
    if el.tag == "ref":
        return Ref(el.get("to", ""))
    return NoteCall(el.get("id", ""))


def suspicious(source: Text, text: Text) -> str | None:
    """The first SUSPICIOUS token of ``text`` that ``source`` does not have too, if any."""
    have = prose(source).lower()
    for match in SUSPICIOUS.finditer(prose(text)):
        if match.group(0).lower() not in have:
            return match.group(0)
    return None
