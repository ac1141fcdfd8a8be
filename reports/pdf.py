"""HTML to PDF with WeasyPrint, fetching nothing but our own static files.

Report content is written by many people (narratives, risks, glossary entries), so a report
must never reach out to the network: an image or stylesheet address in content could leak
who is reading what, or stall the render. The fetcher answers only for files under STATIC_URL
found by the staticfiles finders, and for inline `data:` URLs; everything else is refused.
"""

import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

from csp_tracker.text import reveal_unsafe

# A made-up origin that cannot resolve: relative links in report HTML resolve against it.
BASE_URL = "https://csp-tracker.invalid/"
PDF_VARIANT = "pdf/ua-1"  # tagged, accessible output (WeasyPrint 70 produces it)


class StaticOnlyFetcher(URLFetcher):
    """Serves our own static files and data: URLs; refuses every other address."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"https", "data"})
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
        if url.startswith(prefix):
            found = finders.find(url.removeprefix(prefix).split("?")[0].split("#")[0])
            if found:
                path = Path(found)
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _content_type(path)})
        self.refused.append(url)
        raise URLFetchingError(f"Reports may only use the site's own static files, not {url}")


def _content_type(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        path.suffix, "application/octet-stream"
    )


@dataclass
class PdfResult:
    content: bytes
    pages: int
    layout_seconds: float
    refused_urls: list[str]


def html_to_pdf(html: str) -> PdfResult:
    html = reveal_unsafe(html)  # bidi overrides and control characters print as visible codes
    fetcher = StaticOnlyFetcher()
    started = time.perf_counter()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)
    content = document.write_pdf(pdf_variant=PDF_VARIANT)
    return PdfResult(content, len(document.pages), time.perf_counter() - started, fetcher.refused)
