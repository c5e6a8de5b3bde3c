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
  ("الفريق" read "الفر يق"). Only right-to-left runs are treated so: left to
  right, the offsets are letter spacing, such as that of justified Chinese.

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
nearly all Latin, Cyrillic and Chinese text, stay as they are. The structure
tree does not change: the spans are marked content inside its own.

The line being drawn keeps its state on the stream (``hexaglot_spans``), and
each font the runs it has already worked out (``hexaglot_runs``): a word
drawn again costs a dictionary lookup.

It is inert on any other WeasyPrint version, as the footnote fixes are. If
another fix has already recompiled ``draw_first_line``, :func:`apply` raises
RuntimeError: recompiling from the installed source would silently drop that
fix, so the two hooks have to be combined into one.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pydyf

from hexaglot.render.patching import PATCHED_VERSION, is_patched, recompiled

# Each glyph first asks which span it belongs in; the answer may close the TJ
# array WeasyPrint is building, so the call returns the array to go on with.
_GLYPH_HOOK = (
    "glyph_id = glyph_info.glyph",
    "glyph_id = glyph_info.glyph\n"
    "            string = stream.hexaglot_spans.glyph(\n"
    "                string, glyph_item, i, font, font_size)",
)


class _Step(NamedTuple):
    """What to do before one glyph."""

    span: int | None  # the cluster (byte offset in the run) whose span the glyph is in
    text: str  # that span's ActualText
    spacing: float  # the character spacing (Tc) to draw the glyph with
    moved: bool  # the glyph is moved: cancel WeasyPrint's shift before it


_PLAIN = _Step(None, "", 0, False)
_ELSEWHERE = -1  # the open span is one of an earlier run


@functools.cache
def _glyph_info_layout() -> tuple[int, int]:
    """The size of a PangoGlyphInfo and the place of its x_offset, in gints (its id is first)."""
    from weasyprint.text.ffi import ffi

    gint = ffi.sizeof("gint")
    x_offset = ffi.offsetof("PangoGlyphInfo", "geometry", "x_offset")
    return ffi.sizeof("PangoGlyphInfo") // gint, x_offset // gint


@dataclass
class _Line:
    """The spans of one line of text as it is drawn, glyph by glyph."""

    stream: Any
    text: bytes
    open: int | None = None  # the cluster (byte offset in its run) whose span is open
    spacing: float = 0  # the character spacing (Tc) in force
    item: Any = None  # the glyph run being drawn, and its steps
    steps: dict[int, _Step] = field(default_factory=dict)  # glyph index -> step, if not plain

    def glyph(self, string: str, glyph_item: Any, i: int, font: Any, size: float) -> str:
        """Open or close spans before glyph ``i`` of ``glyph_item``; return the TJ string."""
        if glyph_item is not self.item:  # the same object for every glyph of a run
            self.item, self.steps = glyph_item, self._run(glyph_item, font)
        step = self.steps.get(i, _PLAIN)
        if step.span == self.open and step.spacing == self.spacing and not step.moved:
            return string
        # Close the TJ array: neither marked content nor Tc can go inside it.
        if string.endswith("<"):
            string = string[:-1]
        else:
            string += ">"
        if string:
            self.stream.show_text(string)
        if step.span != self.open:
            # poppler takes the spacing in force at the end of a span off its box.
            self._space(0)
            self.close()
            if step.span is not None:
                actual = pydyf.Dictionary({"ActualText": pydyf.String(step.text)})
                self.stream.begin_marked_content("Span", actual)
                self.open = step.span
        self._space(step.spacing)
        if step.moved:
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

    def _run(self, glyph_item: Any, font: Any) -> dict[int, _Step]:
        """The steps of a glyph run, worked out once per font for the same run.

        They depend on the run's text, glyphs, clusters and offsets, and on the
        ToUnicode entries of its glyphs, which never change once given.
        """
        from weasyprint.text.ffi import ffi

        item = glyph_item.item
        glyphs = glyph_item.glyphs
        count = glyphs.num_glyphs
        if self.open is not None:
            self.open = _ELSEWHERE  # spans are numbered within a run
        rtl = item.analysis.level % 2 == 1
        clusters = tuple(ffi.unpack(glyphs.log_clusters, count))
        if rtl:
            font.hexaglot_rtl = True
        elif not getattr(font, "hexaglot_rtl", False) and len(set(clusters)) == count:
            # Left to right, one glyph a cluster, in a font never drawn right to
            # left (so never mirrored): every glyph reads as its own text.
            return {}
        size, x_offset = _glyph_info_layout()
        # The glyph infos at once, as gints (a field at a time is slow).
        infos = ffi.unpack(ffi.cast("gint *", glyphs.glyphs), count * size)
        run = _Run(
            self.text[item.offset : item.offset + item.length],
            rtl,
            clusters,
            tuple(infos[::size]),
            tuple(infos[x_offset::size]),
        )
        known = font.__dict__.setdefault("hexaglot_runs", {})
        if run not in known:
            known[run] = run.steps(font.to_unicode)
        return known[run]


class _Run(NamedTuple):
    """A glyph run as drawn: its text, direction, and each glyph's cluster, id and x offset."""

    text: bytes
    rtl: bool
    clusters: tuple[int, ...]  # byte offsets in ``text``, in drawing order
    glyphs: tuple[int, ...]
    offsets: tuple[int, ...]

    def steps(self, to_unicode: dict[int, str]) -> dict[int, _Step]:
        """What to do before each glyph that needs more than being drawn."""
        starts, count, last = self.clusters, len(self.clusters), len(self.text)
        bounds = sorted({*starts, last})
        texts = {a: self.text[a:b].decode() for a, b in itertools.pairwise(bounds)}
        # What each cluster's glyphs read as: their entries where they have
        # one, else the one WeasyPrint is about to give (the cluster's text
        # to one glyph, nothing to the others).
        given: dict[int, str] = {}
        reads: dict[int, str] = {}
        multiple: set[int] = set()  # clusters of more than one glyph
        spacing: dict[int, float] = {}
        for i, (start, glyph) in enumerate(zip(starts, self.glyphs, strict=True)):
            text = to_unicode.get(glyph, given.get(glyph))
            if text is None:
                neighbour = i - 1 if self.rtl else i + 1
                end = starts[neighbour] if 0 <= neighbour < count else last
                text = given[glyph] = self.text[start:end].decode()
            if start in reads:
                reads[start] += text
                multiple.add(start)
                continue
            reads[start] = text
            offset = self.offsets[i]
            if (
                offset
                and self.rtl
                and i
                and not texts[start].isspace()
                and not texts[starts[i - 1]].isspace()
            ):
                # A glyph moved sideways after a glyph of the same word: the glyph
                # before is drawn with a spacing as wide as WeasyPrint's shift,
                # x_offset / font_size thousandths of the font size. Only in
                # right-to-left runs, where joining scripts move glyphs: left to
                # right, offsets are letter spacing (Chinese justified between
                # characters), even on every glyph, and open no gap in a word.
                spacing[i - 1] = offset / 1000
        spans = {starts[i] for i in spacing} | {
            start
            for start, text in texts.items()
            if (start in multiple or reads[start] != text) and not text.isspace()
        }
        return {
            i: _Step(span, texts[start], spacing.get(i, 0), i - 1 in spacing)
            for i, start in enumerate(starts)
            if (span := start if start in spans else None) is not None
            or i in spacing
            or i - 1 in spacing
        }


def apply() -> None:
    """Write /ActualText where a glyph cannot say its text; no-op on other WeasyPrint versions."""
    import weasyprint

    if weasyprint.__version__ != PATCHED_VERSION:
        return
    from weasyprint.draw import text

    current = text.draw_first_line
    if getattr(current, "hexaglot_actualtext", False):
        return
    if is_patched(current):
        # Recompiling from the installed source would drop the other fix.
        raise RuntimeError(
            "hexaglot: draw_first_line is already patched by another fix; "
            "the ActualText hook must be combined with it"
        )
    hooked = recompiled(current, *_GLYPH_HOOK)

    @functools.wraps(hooked)  # keeps the mark that it is patched
    def draw_first_line(stream: Any, textbox: Any, *args: Any) -> Any:
        line = stream.hexaglot_spans = _Line(stream, textbox.pango_layout.text.encode())
        emojis = hooked(stream, textbox, *args)
        line.close()
        return emojis

    draw_first_line.hexaglot_actualtext = True  # type: ignore[attr-defined]
    text.draw_first_line = draw_first_line
