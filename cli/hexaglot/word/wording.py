"""What an edition in each language prints, read back: masthead wording, dates and labels.

The editions write their masthead from the toolkit's catalogues (render/strings.py,
render/edition.py) and their labels and dates from languages.toml
(render/conventions.py). The importer reads them back from the same data, so
that a French, Chinese or Arabic draft is read as an English one is, and a
change to a catalogue or a convention changes what is recognised with it.
English wording is always recognised as well: many drafts keep an English
masthead, and the distribution block of some editions is English.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from babel.dates import get_month_names

from hexaglot.base import numerals
from hexaglot.base.languages import LANGUAGES
from hexaglot.render import strings
from hexaglot.render.conventions import Convention
from hexaglot.render.conventions import get as convention
from hexaglot.word.package import Docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: How far labels are known: sections, subsections and subparagraphs past this are not.
MOST = 60
_DISTRIBUTIONS = ("general", "limited", "restricted")
_PATTERN_FIELD = re.compile(r"'(?:[^']|'')*'|([a-zA-Z])\1*|[^'a-zA-Z]+")
_RANGE_FIELD = re.compile(r"\{(first|last):([^}@]+)(?:@([A-Za-z_]+))?\}")


def norm(text: str) -> str:
    """``text`` as masthead lines are compared: spaces of any kind as one, case folded."""
    return " ".join(text.split()).casefold()


def compact(label: str) -> str:
    """A label without its spaces, as typed labels are compared: "1 -" is "1-"."""
    return re.sub(r"\s", "", label)


@dataclass(frozen=True)
class Label:
    """What a label says: its kind (section, subsection, para, item, bullet), position, level."""

    kind: str
    n: int
    level: int = 0  # 1-3 for a subparagraph


@dataclass(frozen=True)
class DatePattern:
    """A Babel date pattern as a regular expression; ``fields`` names its groups in order."""

    regex: re.Pattern[str]
    fields: tuple[tuple[str, str, str], ...]  # (first|last, d|M|y, locale)

    def dates(self, text: str) -> tuple[dt.date, dt.date] | None:
        """The first and last day ``text`` gives, if it is written in this pattern."""
        found = self.regex.fullmatch(text)
        if not found:
            return None
        got: dict[str, dict[str, int]] = {"first": {}, "last": {}}
        for (which, part, locale), value in zip(self.fields, found.groups(), strict=True):
            if part == "MMMM":
                got[which]["M"] = _months(locale)[value.casefold()]
            else:
                got[which][part] = int(value)
        last = {**got["first"], **got["last"]}  # "6–10 October 2008": the first day's month
        first = {**last, **got["first"]}
        try:
            return (
                dt.date(first["y"], first["M"], first["d"]),
                dt.date(last["y"], last["M"], last["d"]),
            )
        except (KeyError, ValueError):
            return None


@cache
def _months(locale: str) -> dict[str, int]:
    names = get_month_names("wide", context="format", locale=locale)
    return {name.casefold(): number for number, name in names.items()}


def _date_regex(pattern: str, which: str, locale: str) -> tuple[str, list[tuple[str, str, str]]]:
    """One Babel pattern (d, M, MMMM, y and literals) as regex text and its fields."""
    out, fields = [], []
    for found in _PATTERN_FIELD.finditer(pattern):
        token = found.group(0)
        if token.startswith("'"):
            out.append(_literal(token[1:-1].replace("''", "'") or "'"))
        elif found.group(1) in ("d", "y") or token in ("M", "MM"):
            out.append(r"(\d{4})" if token[0] == "y" else r"(\d{1,2})")
            fields.append((which, token[0], locale))
        elif token == "MMMM":
            names = sorted(_months(locale), key=len, reverse=True)
            out.append("(" + "|".join(re.escape(n) for n in names) + ")")
            fields.append((which, "MMMM", locale))
        else:
            out.append(_literal(token))
    return "".join(out), fields


def _literal(text: str) -> str:
    return r"\s*".join(re.escape(part) for part in text.split(" "))


@cache
def _range_pattern(pattern: str, lang: str) -> DatePattern:
    """A meeting's dates as languages.toml writes them ("{first:d}–{last:d MMMM y}")."""
    out, fields, last = [], [], 0
    for found in _RANGE_FIELD.finditer(pattern):
        out.append(_literal(pattern[last : found.start()]))
        text, more = _date_regex(found.group(2), found.group(1), found.group(3) or lang)
        out.append(text)
        fields.extend(more)
        last = found.end()
    out.append(_literal(pattern[last:]))
    return DatePattern(re.compile("".join(out), re.IGNORECASE), tuple(fields))


@cache
def _issued_pattern(pattern: str, lang: str) -> DatePattern:
    text, fields = _date_regex(pattern, "last", lang)
    return DatePattern(re.compile(text, re.IGNORECASE), tuple(fields))


def _template(msgid_text: str, **groups: str) -> str:
    """A translated toolkit string as regex text: each %(name)s becomes ``groups[name]``."""
    out, last = [], 0
    for found in re.finditer(r"%\((\w+)\)s", msgid_text):
        out.append(_literal(msgid_text[last : found.start()]))
        out.append(groups.get(found.group(1), ""))
        last = found.end()
    out.append(_literal(msgid_text[last:]))
    return "".join(out)


@dataclass(frozen=True)
class Wording:
    """The masthead wording and labels of editions in ``lang`` (and English)."""

    lang: str
    langs: tuple[str, ...]  # ``lang``, its masthead language, English: each once

    @property
    def conventions(self) -> tuple[Convention, ...]:
        return tuple(convention(x) for x in self.langs)

    def _all(self, msgid: str, **values: object) -> set[str]:
        return {strings.gettext(x, msgid, **values) for x in self.langs}

    # The masthead ----------------------------------------------------------

    @property
    def boilerplate(self) -> frozenset[str]:
        """What an edition prints above the masthead by itself: "United Nations"."""
        return frozenset(norm(s) for s in self._all("United Nations"))

    def distribution(self, line: str) -> str | None:
        """ "general" for "Distr.: General", "Distr. générale" …"""
        for value in _DISTRIBUTIONS:
            if norm(line) in {norm(s) for s in self._all(f"Distr.: {value.capitalize()}")}:
                return value
        return None

    def original(self, line: str) -> str | None:
        """The language an "Original: English" line names."""
        for lang in LANGUAGES:
            for x in self.langs:
                name = strings.language_name(lang, x)
                if norm(line) == norm(strings.gettext(x, "Original: %(language)s", language=name)):
                    return lang
        return None

    def version(self, line: str) -> str | None:
        """The language a version line ("French", "Chinese") names."""
        for lang in LANGUAGES:
            if norm(line) in {norm(strings.language_name(lang, x)) for x in self.langs}:
                return lang
        return None

    def issued(self, line: str) -> dt.date | None:
        for conv in self.conventions:
            found = _issued_pattern(conv.issued, conv.lang).dates(" ".join(line.split()))
            if found:
                return found[1]
        return None

    def meeting_dates(self, line: str) -> tuple[dt.date, dt.date] | None:
        text = " ".join(line.split())
        for conv in self.conventions:
            for pattern in (conv.same_month, conv.same_year, conv.other):
                found = _range_pattern(pattern, conv.lang).dates(text)
                if found:
                    return found
        return None

    def agenda(self, line: str) -> tuple[list[str], bool] | None:
        """The items an agenda line names ("3", "4 (a)") and whether the agenda is provisional."""
        text = " ".join(line.split())
        for x in self.langs:
            for which, provisional in (("provisional agenda", True), ("agenda", False)):
                for msgid in (f"Item %(number)s of the {which}%(call)s",
                              f"Items %(numbers)s of the {which}%(call)s"):  # fmt: skip
                    regex = _template(strings.gettext(x, msgid), number="(.+?)", numbers="(.+?)")
                    found = re.fullmatch(regex, text, re.IGNORECASE)
                    items = found and self._items(found.group(1), x)
                    if items:
                        return items, provisional
        return None

    def _items(self, text: str, lang: str) -> list[str] | None:
        conv = convention(lang)
        pair = _template(strings.gettext(lang, "%(items)s and %(last)s"), items="(.+)", last="(.+)")
        found = re.fullmatch(pair, text)
        parts = (
            [*found.group(1).split(conv.list_separator.strip()), found.group(2)]
            if found
            else [text]
        )
        out = []
        for part in parts:
            item = re.fullmatch(r"(\d+)\s*(.*)", part.strip())
            if not item:
                return None
            sub = self.labels.get(compact(item.group(2))) if item.group(2) else None
            if item.group(2) and not any(x.kind == "item" and x.level == 1 for x in sub or ()):
                return None
            letter = next((x.n for x in sub or () if x.kind == "item" and x.level == 1), None)
            out.append(item.group(1) + (f" ({numerals.latin(letter).lower()})" if letter else ""))
        return out

    def kinds(self) -> set[str]:
        """ "Addendum", "Additif" …: the line under the title an edition derives from the symbol."""
        return {norm(s) for kind in ("Addendum", "Corrigendum") for s in self._all(kind)}

    # The body ----------------------------------------------------------------

    def source(self, line: str) -> int:
        """How many characters the "Source:" opening ``line`` takes (0 when it has none)."""
        for x in sorted(self._all("Source:"), key=len, reverse=True):
            found = re.match(_literal(x.rstrip(":：").rstrip()) + r"s?\s*[:：]\s*", line)
            if found:
                return found.end()
        return 0

    def table_label(self, line: str) -> bool:
        """Whether ``line`` is a table's label, "Table 1", "Tableau 1" …"""
        text = " ".join(line.split())
        return any(
            re.fullmatch(_template(x, number=r"\d+"), text, re.IGNORECASE)
            for x in self._all("Table %(number)s")
        )

    def caption(self, line: str) -> int:
        """How many characters the "Figure 1" opening a caption takes (0 when it has none)."""
        for x in self._all("Figure %(number)s"):
            found = re.match(_template(x, number=r"\d+") + r"\s*", line, re.IGNORECASE)
            if found:
                return found.end()
        return 0

    def annex(self, line: str) -> int | None:
        """The number an annex's label gives ("Annexe II": 2; "Annex" alone: 0), if it is one."""
        text = norm(line)
        if text in {norm(x) for x in self._all("Annex")}:
            return 0
        for conv in self.conventions:
            regex = _template(norm(strings.gettext(conv.lang, "Annex %(number)s")), number="(.+)")
            found = re.fullmatch(regex, text)
            if found:
                labels = {norm(conv.annex_label(n)): n for n in range(1, MOST + 1)}
                if found.group(1) in labels:
                    return labels[found.group(1)]
        return None

    def as_received(self, line: str) -> bool:
        """Whether ``line`` says that an annex is reproduced as received."""
        notice = "The annex is reproduced as received, without formal editing."
        return norm(line) in {norm(x) for x in self._all(notice)}

    def table_note(self, label: str) -> int | None:
        """Which note of a table ``label`` calls ("a": 1), if it is a table note's letter."""
        for conv in self.conventions:
            for n in range(1, MOST + 1):
                if conv.table_note_label(n) == label.strip():
                    return n
        return None

    def references(self) -> re.Pattern[str]:
        """ "paragraphs 5–8", "第5-8段": references to paragraphs, as languages.toml writes
        them; the numbers are in the one named group (n0, n1 …) that matched."""
        return _references(self.lang)

    # Labels ------------------------------------------------------------------

    @property
    def labels(self) -> dict[str, tuple[Label, ...]]:
        return _labels(self.langs)

    def label(self, text: str | None) -> tuple[Label, ...]:
        """What a label can be: "(i)" is the ninth letter or the first roman numeral."""
        if not text:
            return ()
        key = compact(text)
        for conv in self.conventions:
            para = re.fullmatch(_form(compact(conv.paragraph), r"(\d{1,4})"), key)
            if para:
                return (Label("para", int(para.group(1))),)
        found = re.fullmatch(r"(\d{1,4})[.．]", key)  # a full-width stop, as some drafts type it
        if found:
            return (Label("para", int(found.group(1))),)
        core = key.strip("()")
        return (
            self.labels.get(key) or self.labels.get(f"({core})") or self.labels.get(f"{core})", ())
        )

    def typed(self) -> re.Pattern[str]:
        """A label typed at the start of a paragraph, then a tab or spaces."""
        words = "|".join(_loose(x) for x in sorted(_words(self.langs), key=len, reverse=True))
        # Also what drafts type whatever their language: "1．", "a)", "(aa)".
        forms = {r"\d{1,4}\s?[.．]", r"\(?(?:[a-z]{1,3}|[ivxlc]{1,6})\)", "•"}
        for conv in self.conventions:
            forms.add(_form(conv.paragraph, r"\d{1,4}"))
            for fmt in (conv.section, conv.subsection, *(f for f, _ in conv.subparagraphs)):
                forms.add(_form(fmt, f"(?:{words})"))
        return re.compile(r"\s*(" + "|".join(sorted(forms, key=len, reverse=True)) + r")[\t ]+")


def _loose(text: str) -> str:
    """``text`` as a regex in which each space may also be missing."""
    return r"\s?".join(re.escape(part) for part in text.split(" "))


def _form(fmt: str, value: str) -> str:
    """A label format ("({n})", "{n} -") as a regex, ``value`` standing for its label."""
    head, _, tail = fmt.partition("{n}")
    return _loose(head) + value + _loose(tail)


@cache
def _references(lang: str) -> re.Pattern[str]:
    conv = convention(lang)
    joins = "|".join(re.escape(j) for j in sorted(conv.reference_joins, key=len, reverse=True))
    stops = "|".join(
        re.escape(s) + (r"\b" if s[-1].isalnum() else "") for s in conv.reference_stops
    )
    after = rf"(?!\s*(?:{stops})|\d)" if stops else r"(?!\d)"
    forms = []
    for i, form in enumerate(conv.references):
        head, _, tail = form.partition("{n}")
        numbers = rf"(?P<n{i}>\d+(?:\s*(?:{joins})\s*\d+)*+)"
        start = r"(?<!\w)" if head.endswith(" ") else ""  # a word of its own: not "subparagraph"
        forms.append(rf"{start}{_literal(head)}{numbers}{after}{_literal(tail)}")
    return re.compile("|".join(forms))


@cache
def _words(langs: tuple[str, ...]) -> frozenset[str]:
    """The label words (I, A, a, i, أولا, 一 …) of the sequences ``langs`` use."""
    out: set[str] = set()
    for lang in langs:
        conv = convention(lang)
        for seq in (
            conv.section_labels,
            conv.subsection_labels,
            *(s for _, s in conv.subparagraphs),
        ):
            out.update(numerals.label(seq, n) for n in range(1, MOST + 1))
    return frozenset(out)


@cache
def _labels(langs: tuple[str, ...]) -> dict[str, tuple[Label, ...]]:
    """Every section, subsection and subparagraph label of ``langs`` (compacted) and what it is."""
    found: dict[str, list[Label]] = {"•": [Label("bullet", 0)]}
    for lang in langs:
        conv = convention(lang)
        for n in range(1, MOST + 1):
            pairs = [
                (conv.section_label(n), Label("section", n)),
                (conv.subsection_label(n), Label("subsection", n)),
                *((conv.subparagraph_label(k, n), Label("item", n, k)) for k in (1, 2, 3)),
            ]
            for text, meaning in pairs:
                known = found.setdefault(compact(text), [])
                if meaning not in known:
                    known.append(meaning)
    return {k: tuple(v) for k, v in found.items()}


def wording(lang: str) -> Wording:
    """The wording of ``lang``'s editions, English's with it."""
    langs = tuple(dict.fromkeys((lang, convention(lang).masthead, "en")))
    return Wording(lang, langs)


def declared(package: Docx) -> str | None:
    """The language the document says its text is in: most runs' w:lang, or the default's."""
    body = package.document.element.body
    tags: Iterable[str] = (el.get(f"{W}val", "") for el in body.iter(f"{W}lang"))
    counted = Counter(t.split("-")[0].lower() for t in tags if t)
    for lang, _ in counted.most_common():
        if lang in LANGUAGES:
            return lang
    styles = package.document.styles.element
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    tag = default.get(f"{W}val", "").split("-")[0].lower() if default is not None else ""
    return tag if tag in LANGUAGES else None


def detect(package: Docx, lines: list[str]) -> str:
    """The draft's language: the one whose masthead wording recognises most of ``lines``;
    on a tie the language its text is tagged with, then English."""
    tagged = declared(package) or "en"

    def score(lang: str) -> int:
        words = wording(lang)
        return sum(
            1
            for line in lines
            if line
            and (
                words.distribution(line)
                or words.original(line)
                or words.agenda(line.rstrip("*"))
                or words.meeting_dates(line)
                or norm(line.split("\t")[0]) in words.boilerplate
            )
        )

    ranked = sorted(LANGUAGES, key=lambda x: (-score(x), x != tagged, x != "en"))
    return ranked[0]
