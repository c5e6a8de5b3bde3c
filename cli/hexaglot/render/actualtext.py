"""/ActualText where a glyph cannot say what text it draws, for copy, search and pdftotext.

WeasyPrint 70.0 gives each glyph of a font one ToUnicode entry, taken from the
first cluster it draws. Three things in the Arabic editions (Amiri) defeat
that, and readers of the text layer got wrong words:

- a letter drawn with two glyphs (Amiri draws some lam and kaf forms as a
  letter and a joining piece): the second glyph maps to nothing, and the same
  glyph, drawing a letter on its own elsewhere, then loses that letter
  ("الكيميائية" read "ا لكيميائية", "الخبرة" read "الخخبرة");
- one glyph for two characters: inside right-to-left text ")" is drawn with
  the glyph of "(" (mirroring), so the symbol "UNEP(DTIE)/…" read
  "UNEP)DTIE(/…" once that glyph was first used mirrored;
- a glyph moved sideways (an x offset, as Amiri sets ر and و before ي): the
  box readers give it leaves a gap after the glyph before, taken for a space
  ("الفريق" read "الفر يق").

:func:`apply` hooks one line into ``weasyprint.draw.text.draw_first_line``,
before each glyph is written:

- a cluster whose glyphs would not read back as its text (more than one
  glyph, or a glyph whose entry says something else) is wrapped in a
  marked-content span ``/Span <</ActualText (…)>> BDC … EMC`` carrying the
  cluster's own text: one character, or a letter with its marks. Spans stay
  this small because readers lay the characters of one span out left to
  right; a whole Arabic word in one span reads back reversed in pdftotext.
- the glyph before a moved glyph gets a span of its own and, instead of
  WeasyPrint's shift, a character spacing (Tc) as wide as the offset: the
  span's box then reaches the moved glyph and no gap opens in the word.

Every glyph is drawn where it was: only operators that place text without
moving it (and the spans) are added, and clusters that read right, which is
nearly all Latin, Cyrillic and Chinese text, stay as they are.

It is inert on any other WeasyPrint version, as the footnote fixes are.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from typing import Any

import pydyf

from hexaglot.render.patching import PATCHED_VERSION, is_patched, recompiled

# Each glyph first asks which span it belongs in; the answer may close the TJ
# array WeasyPrint is building, so the call returns the array to go on with.
_GLYPH_HOOK = (
    "glyph_id = glyph_info.glyph",
    "glyph_id = glyph_info.glyph\n"
    "            string = stream.hexaglot_spans.glyph(\n"
    "                string, glyph_item, i, font.to_unicode, font_size)",
)


@dataclass
class _Cluster:
    text: str
    reads: str  # what its glyphs' ToUnicode entries say, together
    glyphs: int = 0

    @property
    def reads_wrong(self) -> bool:
        """Whether its glyphs would not read back as its text (spaces aside)."""
        return (self.glyphs > 1 or self.reads != self.text) and not self.text.isspace()


@dataclass
class _Run:
    """One glyph run of a line: each glyph's cluster, and what to do before each glyph."""

    starts: list[int]  # per glyph, in drawing order: the byte offset of its cluster
    spans: dict[int, str]  # the ActualText of each cluster that needs one
    spacing: dict[int, float]  # glyph index -> character spacing to draw it with


@dataclass
class _Line:
    """The spans of one line of text as it is drawn, glyph by glyph."""

    stream: Any
    text: bytes
    open: int | None = None  # the cluster (byte offset) whose span is open
    spacing: float = 0  # the character spacing (Tc) in force
    runs: dict[tuple[int, int], _Run] = field(default_factory=dict)

    def glyph(
        self, string: str, glyph_item: Any, i: int, to_unicode: dict[int, str], size: float
    ) -> str:
        """Open or close spans before glyph ``i`` of ``glyph_item``; return the TJ string."""
        item = glyph_item.item
        run = self.runs.get((item.offset, item.length))
        if run is None:
            run = self.runs[item.offset, item.length] = self._run(glyph_item, to_unicode)
        start = run.starts[i]
        span = start if start in run.spans else None
        spacing = run.spacing.get(i, 0)
        moved = i - 1 in run.spacing
        if span == self.open and spacing == self.spacing and not moved:
            return string
        # Close the TJ array: neither marked content nor Tc can go inside it.
        if string.endswith("<"):
            string = string[:-1]
        else:
            string += ">"
        if string:
            self.stream.show_text(string)
        if span != self.open:
            # poppler takes the spacing in force at the end of a span off its box.
            self._space(0)
            self.close()
            if span is not None:
                actual = pydyf.Dictionary({"ActualText": pydyf.String(run.spans[span])})
                self.stream.begin_marked_content("Span", actual)
                self.open = span
        self._space(spacing)
        if moved:
            # The spacing of the glyph before took the place of the shift that
            # WeasyPrint writes next: cancel that shift.
            return f"{glyph_item.glyphs.glyphs[i].geometry.x_offset / size}<"
        return "<"

    def _space(self, spacing: float) -> None:
        if spacing != self.spacing:
            self.stream.stream.append(f"{spacing:f} Tc".encode())
            self.spacing = spacing

    def close(self) -> None:
        """End the open span."""
        if self.open is not None:
            self.stream.end_marked_content()
            self.open = None

    def _run(self, glyph_item: Any, to_unicode: dict[int, str]) -> _Run:
        item = glyph_item.item
        glyphs = glyph_item.glyphs
        count = glyphs.num_glyphs
        infos = glyphs.glyphs
        starts = [item.offset + glyphs.log_clusters[i] for i in range(count)]
        bounds = sorted({*starts, item.offset + item.length})
        ends = dict(itertools.pairwise(bounds))
        # What each glyph will read as: its entry if it has one, else the one
        # WeasyPrint is about to give it (its cluster's text, or nothing).
        rtl = item.analysis.level % 2
        known = dict(to_unicode)
        clusters: dict[int, _Cluster] = {}
        spacing: dict[int, float] = {}
        for i, start in enumerate(starts):
            glyph = infos[i].glyph
            if glyph not in known:
                neighbour = i - 1 if rtl else i + 1
                end = starts[neighbour] if 0 <= neighbour < count else item.offset + item.length
                known[glyph] = self.text[start:end].decode()
            if start not in clusters:
                clusters[start] = _Cluster(self.text[start : ends[start]].decode(), "")
                offset = infos[i].geometry.x_offset
                words = (clusters[start].text, clusters[starts[i - 1]].text) if i else (" ",)
                if offset and not any(text.isspace() for text in words):
                    # A glyph moved sideways after a glyph of the same word: the
                    # glyph before is drawn with a spacing as wide as WeasyPrint's
                    # shift, x_offset / font_size thousandths of the font size.
                    spacing[i - 1] = offset / 1000
            clusters[start].reads += known[glyph]
            clusters[start].glyphs += 1
        spaced = {starts[i] for i in spacing}
        spans = {
            start: cluster.text
            for start, cluster in clusters.items()
            if start in spaced or cluster.reads_wrong
        }
        return _Run(starts, spans, spacing)


def apply() -> None:
    """Write /ActualText where a glyph cannot say its text; no-op on other WeasyPrint versions."""
    import weasyprint

    if weasyprint.__version__ != PATCHED_VERSION:
        return
    from weasyprint.draw import text

    if is_patched(text.draw_first_line):
        return
    hooked = recompiled(text.draw_first_line, *_GLYPH_HOOK)

    @functools.wraps(hooked)  # keeps the mark that it is patched
    def draw_first_line(stream: Any, textbox: Any, *args: Any) -> Any:
        line = stream.hexaglot_spans = _Line(stream, textbox.pango_layout.text.encode())
        emojis = hooked(stream, textbox, *args)
        line.close()
        return emojis

    text.draw_first_line = draw_first_line
