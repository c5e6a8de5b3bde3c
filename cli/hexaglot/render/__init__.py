"""Stage 3: rendering. A translated paper → HTML → PDF, or → Word.

Contract: an Edition (a paper already in one language, with how complete
its translation is) renders to a self-contained HTML page, to the print
HTML that WeasyPrint lays out as a tagged, reproducible PDF, or to a
reproducible Word file (docx). What differs
between languages (labels, fonts, direction, dates) is data, read by
conventions; the toolkit's own words come from its gettext domain
(strings). Rendering reads nothing outside the package: no file, no URL.
This layer imports hexaglot.base, hexaglot.paper and, for the toolkit's
catalogues, hexaglot.catalogs.pofile.
"""
