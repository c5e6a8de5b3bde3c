"""Translation memory: what a language already has for a source text, anywhere in the project.

A meeting's papers repeat each other (the same decision quoted, the same
background paragraph). When ``update`` meets a message with no translation
of its own, a translation of the very same source text in another catalogue
of the same language is offered instead: marked fuzzy, with a translator
comment naming where it came from, so that a reviewer confirms it. Only
translations that are finished (not fuzzy, not empty) are remembered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from hexaglot.catalogs.catalog import Catalog
from hexaglot.catalogs.tmx import Unit

#: The translator comment on a message pre-filled from memory; the origin follows.
ORIGIN = "translation memory:"


@dataclass
class Memory:
    """Source text → (translation, where it was found)."""

    segments: dict[str, tuple[str, str]] = field(default_factory=dict)

    def learn(self, catalog: Catalog, origin: str) -> None:
        """Remember the finished translations of ``catalog`` (found at ``origin``)."""
        for msg in catalog:
            if msg.string and not msg.fuzzy and msg.id not in self.segments:
                self.segments[msg.id] = (msg.string, f"{origin}#{msg.context}")

    def learn_units(self, units: Iterable[Unit], origin: str) -> None:
        """Remember TMX units (already the right pair of languages), found at ``origin``."""
        for unit in units:
            self.segments.setdefault(unit.source, (unit.target, f"{origin}#{unit.tuid}"))

    def recall(self, source: str) -> tuple[str, str] | None:
        """The translation of ``source`` and its origin, if the memory has one."""
        return self.segments.get(source)

    @classmethod
    def of(cls, catalogs: Iterable[tuple[Catalog, str]]) -> Memory:
        memory = cls()
        for catalog, origin in catalogs:
            memory.learn(catalog, origin)
        return memory
