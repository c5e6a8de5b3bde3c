"""Stage 2: messages. A paper's blocks as gettext catalogues, and back.

Contract: every block of a paper is one message whose msgctxt is the
block's stable id (template). Catalogues are read strictly and written
atomically, only when their bytes change (pofile). Merging a template into
a catalogue never loses a translation (merge). Checks report, as findings,
what would make an edition wrong or incomplete (checks, figures). Applying
a catalogue gives the translated paper, using only entries whose markup and
placeholders are sound (translate). This layer imports hexaglot.base and
hexaglot.paper, and knows nothing of where a project keeps its files.
"""
