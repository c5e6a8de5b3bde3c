"""Stage 5: Word files in. An author's draft becomes a paper; an existing edition fills a catalogue.

Contract: a .docx is opened only through :mod:`package`, which checks the
archive (its size, its compression, its content types, its relationships,
every XML part through the hardened parser) before python-docx sees it, and
never reads anything outside the archive. :mod:`reader` turns the document
into paragraphs with their Word numbers, styles, labels, runs, footnotes and
tables; :mod:`importer` writes a paper from them that validates, or nothing;
:mod:`align` matches an edition in another language with a paper's structure
and fills that language's catalogue without ever replacing a translation.
This stage reads papers, catalogues and projects; nothing below imports it.
"""
