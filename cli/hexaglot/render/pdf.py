"""PDF editions through WeasyPrint: tagged, reproducible, and sealed off.

The url_fetcher refuses every URL but those of the edition's own images,
which the paper reader has already read from the paper's folder: an edition
is self-contained (its CSS is inline and fonts come from the system through
fontconfig), so nothing a paper or catalogue says can make rendering read a
file or the network.
"""

from __future__ import annotations

from typing import Any, NoReturn

from hexaglot.base.errors import InputError
from hexaglot.render import actualtext, artifacts, fontsubset, footnotes, justify, structure

VARIANTS = ("pdf/ua-1", "pdf/a-3b")


def refuse(url: str) -> NoReturn:
    """Fetch nothing: every URL an edition asks for is refused."""
    raise InputError(f"an edition may not load external resources (refused {url[:80]!r})")


def prepare() -> None:
    """Import WeasyPrint and patch it; done lazily, as the import alone takes 0.7 s."""
    import weasyprint  # noqa: F401

    footnotes.apply()
    artifacts.apply()
    structure.apply()
    fontsubset.apply()
    justify.apply()
    actualtext.apply()


def fetcher(images: dict[str, tuple[str, bytes]] | None = None) -> Any:
    """A WeasyPrint URLFetcher that serves ``images`` (URL → media type, bytes) and
    sends every other fetch to :func:`refuse`.

    WeasyPrint 70 reads ``_fail_on_errors`` from the fetcher when a fetch fails,
    so a bare function crashes rendering with AttributeError; a subclass does
    not. ``allowed_protocols=()`` also shuts urllib's own opener, should
    anything call it directly. Refusals stay non-fatal: WeasyPrint skips the
    resource (an image, a stylesheet, a font) and renders the rest.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    served = dict(images or {})

    class Refusing(URLFetcher):
        def fetch(self, url: str, headers: object = None) -> Any:
            if url in served:
                media_type, data = served[url]
                return URLFetcherResponse(url, data, {"Content-Type": media_type})
            return refuse(url)

    return Refusing(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)


def render(
    html: str, variant: str = "pdf/ua-1", images: dict[str, tuple[str, bytes]] | None = None
) -> bytes:
    """The PDF of a print-variant HTML edition, with the images it names."""
    import weasyprint

    prepare()
    document = weasyprint.HTML(string=html, url_fetcher=fetcher(images), base_url=None)
    return document.write_pdf(pdf_variant=variant, pdf_tags=True, uncompressed_pdf=False)
