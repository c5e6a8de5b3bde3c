"""Where a project keeps its papers, catalogues and editions.

The layout is fixed so that every command finds files without being told:
source/<paper>.xml, translations/templates/<paper>.pot,
translations/<lang>/<paper>.po and build/<paper>/<lang>.{html,pdf}.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from hexaglot.base.errors import InputError, UsageError
from hexaglot.base.languages import LANGUAGES
from hexaglot.paper.model import Document, Meeting


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def translations_dir(self) -> Path:
        return self.root / "translations"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def papers(self, given: tuple[str, ...] = ()) -> list[Path]:
        """The papers named (paths or stems), or every paper in source/; a missing one is an
        InputError, so that every command stops on it the same way (exit 1)."""
        if not given:
            found = sorted(self.source_dir.glob("*.xml"))
            if not found:
                raise UsageError(f"no papers in {self.source_dir}")
            return found
        out = []
        for name in given:
            path = Path(name)
            # A bare stem (no folder, no .xml) names a paper in source/.
            if not (path.exists() or path.suffix == ".xml" or len(path.parts) > 1):
                path = self.source_dir / f"{name}.xml"
            if not path.exists():
                raise InputError("no such file", path)
            out.append(path)
        return out

    def template(self, stem: str) -> Path:
        return self.translations_dir / "templates" / f"{stem}.pot"

    def catalog(self, stem: str, lang: str) -> Path:
        return self.translations_dir / lang / f"{stem}.po"

    @property
    def meetings_dir(self) -> Path:
        return self.source_dir / "meetings"

    def meeting_template(self, stem: str) -> Path:
        return self.translations_dir / "templates" / "meetings" / f"{stem}.pot"

    def meeting_catalog(self, stem: str, lang: str) -> Path:
        return self.translations_dir / lang / "meetings" / f"{stem}.po"

    def template_for(self, doc: Document) -> Path:
        """The template of a paper, or of a meeting (translations/templates/meetings/)."""
        if isinstance(doc, Meeting):
            return self.meeting_template(doc.stem)
        return self.template(doc.stem)

    def catalog_for(self, doc: Document, lang: str) -> Path:
        """The ``lang`` catalogue of a paper, or of a meeting (translations/<lang>/meetings/)."""
        if isinstance(doc, Meeting):
            return self.meeting_catalog(doc.stem, lang)
        return self.catalog(doc.stem, lang)

    def languages_for(self, doc: Document) -> list[str]:
        """The languages a paper or meeting has a catalogue in."""
        return [lang for lang in LANGUAGES if self.catalog_for(doc, lang).exists()]

    @property
    def config_file(self) -> Path:
        return self.root / "hexaglot.toml"

    def resolver(self) -> str | None:
        """The URL that symbols of papers outside the project link to, if the project sets one.

        hexaglot.toml: ``[links] resolver = "https://…/{symbol}"``; https only.
        """
        path = self.config_file
        if not path.exists():
            return None
        try:
            config = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"cannot read the project settings: {exc}", path) from None
        resolver = config.get("links", {}).get("resolver")
        if resolver is None:
            return None
        if not (isinstance(resolver, str) and resolver.startswith("https://")):
            raise InputError("[links] resolver must be an https:// URL", path)
        if "{symbol}" not in resolver:
            raise InputError("[links] resolver must contain {symbol}", path)
        return resolver

    def catalog_languages(self, stem: str) -> list[str]:
        return [lang for lang in LANGUAGES if self.catalog(stem, lang).exists()]
