"""Building HTML with lxml: elements from tags, attributes and children, never from strings.

Any text from a paper or a catalogue reaches a page through these, as text,
so it is escaped and can never become markup.
"""

from __future__ import annotations

from lxml import etree


def element(
    tag: str, attrs: dict[str, str | None] | None = None, *children: object
) -> etree._Element:
    """An element; attributes whose value is None are left out, children None skipped."""
    out = etree.Element(tag, {k: v for k, v in (attrs or {}).items() if v is not None})
    append(out, *children)
    return out


def append(parent: etree._Element, *children: object) -> None:
    """Add text and elements at the end of ``parent``."""
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + child
            else:
                parent.text = (parent.text or "") + child
        else:
            parent.append(child)
