"""Allow ``python -m hexaglot``."""

from hexaglot.cli import cli

cli(prog_name="hexaglot")
