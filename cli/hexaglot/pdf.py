"""PDF editions through WeasyPrint: tagged, reproducible, and sealed off.

The url_fetcher refuses every URL: an edition is self-contained (its CSS
is inline and fonts come from the system through fontconfig), so nothing
a paper or catalogue says can make rendering read a file or the network.
"""

from __future__ import annotations

from hexaglot import footnotes
from hexaglot.errors import InputError

VARIANTS = ("pdf/ua-1", "pdf/a-3b")


def refuse(url: str, timeout: float = 10, ssl_context: object = None) -> dict:
    """A url_fetcher that fetches nothing."""
    raise InputError(f"an edition may not load external resources (refused {url[:80]!r})")


def render(html: str, variant: str = "pdf/ua-1") -> bytes:
    """The PDF of a print-variant HTML edition."""
    import weasyprint  # imported here: it costs 0.7 s, and most commands never render

    footnotes.apply()
    document = weasyprint.HTML(string=html, url_fetcher=refuse, base_url=None)
    return document.write_pdf(pdf_variant=variant, pdf_tags=True, uncompressed_pdf=False)
