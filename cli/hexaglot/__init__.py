"""hexaglot: multilingual United Nations meeting papers, from XML to six editions."""

__version__ = "0.1.0"
