"""Stage 4: the project. A folder of papers and catalogues, and the work done on it.

Contract: a Project knows where files live (source/, translations/,
build/) and runs the commands that read or write catalogues across its
papers: extract and update (sync), validate, check and stats (review), and
init (scaffold). Each returns plain data (findings, rows, paths written)
for the command line to print; none of them prints. This layer imports the
stages below it and never hexaglot.build or the command line.
"""
