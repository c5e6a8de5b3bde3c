"""Allow ``python -m hexaglot``."""

from hexaglot.cli import main

main()
