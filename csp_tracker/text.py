"""The one home for text limits and unsafe characters.

Limits: titles 500 characters, names 200, narratives and other long text 10,000. Each is
enforced by the model (`text_limit` validators, so every service's `full_clean` refuses a longer
text with a message naming the limit) and counted, never cut, by the forms.

Unsafe characters are the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069),
which can make text read differently from what it holds; C0 control characters other than tab,
line feed and carriage return, DEL and the C1 controls (U+0080-U+009F); and the zero-width
characters that only hide things (U+200B zero-width space, U+2060 word joiner, U+FEFF zero-width
no-break space). The zero-width joiners (U+200C, U+200D) are left alone: scripts and emoji need
them. Single-line fields have unsafe characters removed as they are typed (`strip_unsafe`,
applied by `GdsFormMixin`); anything that still holds one (multi-line text, imported files) is
shown harmlessly: every HTML page, PDF, CSV and XLSX file has each such character replaced by a
visible marker such as "[U+202E]" (`reveal_unsafe`; the files through `csp_tracker.cells`).
"""

import re
from collections.abc import Callable

from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse
from django.utils.deconstruct import deconstructible

TITLE_MAX = 500
NAME_MAX = 200
NARRATIVE_MAX = 10_000
RICH_TEXT_MAX = 50_000  # a composed report section: sanitised HTML, pages long

UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def strip_unsafe(value: str) -> str:
    """The text without bidi overrides and control characters (for single-line fields)."""
    return UNSAFE.sub("", value)


def reveal_unsafe(value: str) -> str:
    """The text with each unsafe character shown as a visible code point, e.g. "[U+202E]"."""
    return UNSAFE.sub(lambda match: f"[U+{ord(match.group()):04X}]", value)


@deconstructible
class TextLimit(MaxLengthValidator):
    message = "This must be %(limit_value)s characters or fewer; it has %(show_value)s."


def text_limit(limit: int) -> list[TextLimit]:
    """Validators for a model text field holding at most `limit` characters."""
    return [TextLimit(limit)]


class RevealUnsafeTextMiddleware:
    """Every HTML page leaves with its unsafe characters made visible (`reveal_unsafe`), whichever
    template or field they came through; PDFs get the same in `reports.pdf.html_to_pdf`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        charset = response.charset or "utf-8"
        text = response.content.decode(charset, errors="replace")
        if UNSAFE.search(text):
            response.content = reveal_unsafe(text).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
