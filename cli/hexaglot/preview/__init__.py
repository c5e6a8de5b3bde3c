"""Stage 7: the live preview. One edition beside its source, updated as its catalogue is saved.

Contract: :func:`hexaglot.preview.server.serve` serves, on 127.0.0.1 only,
one paper's edition in one language block by block beside its source, each
block with its status (translated, fuzzy, untranslated), its msgctxt and
the check findings of its message, and sends the page the blocks that
change whenever the paper, its meeting or their catalogues are saved. A save
that cannot be read shows its one-line error while the last good preview
stays. Every catalogue text reaches the page through hexaglot.render's
elements; the server serves its own few routes and reads no other file.
This layer sits between the build and the command line: it imports every
stage below it but the build.
"""
