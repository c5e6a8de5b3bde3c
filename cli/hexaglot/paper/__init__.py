"""Stage 1: the paper. XML file → validated tree → plain data.

Contract: :func:`hexaglot.paper.reader.load` returns a
:class:`~hexaglot.paper.model.Paper` only for a file that passes the schema
(paper.rng and paper.sch); otherwise it raises an InputError naming the file
and line, and :func:`~hexaglot.paper.reader.read` returns every finding.
A Paper is immutable, knows nothing of catalogues or editions, and gives
each translatable block a stable id. This layer imports only hexaglot.base.
"""
