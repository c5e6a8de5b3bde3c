"""The six official languages of the United Nations, named once for the whole toolkit."""

from __future__ import annotations

#: ISO 639-1 codes, in alphabetical order: the order of folders and listings.
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")

#: The order in which UN documents list the language versions (by each
#: language's own name in the Latin alphabet: Arabic, Chinese, English, ...).
UN_ORDER = ("ar", "zh", "en", "fr", "ru", "es")
