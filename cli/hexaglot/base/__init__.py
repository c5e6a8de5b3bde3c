"""Foundations that every stage shares; this layer imports nothing else of hexaglot.

Contract: errors and their exit codes, findings and how they are printed,
atomic writes, a hardened XML parser, the six languages, label sequences,
and access to the files the package carries (schema, styles, data). Nothing
here knows what a paper, a catalogue or an edition is.
"""
