"""Stage 6: the build. Every edition of a project's papers, written to build/.

Contract: :func:`hexaglot.build.editions.build` plans the outputs asked for
(paper × language × format, or a fixed share of them with a Shard), renders
those whose inputs changed in parallel worker processes, and writes each
atomically, recording its inputs' sha256 in build/manifest.json. A build
cut short leaves every file old or new. An official build refuses, before
writing anything, an edition that is incomplete or has a check error. This
layer is the top of the library: it may import every stage below it.
"""
