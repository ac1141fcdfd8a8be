"""Rich-but-safe text for report sections: paragraphs, lists, bold and links, sanitised by nh3.

Coordinators may type plain text (blank lines between paragraphs, lines starting "- " for a
list) or paste simple HTML; either way only the tags below survive, and nothing else reaches a
page or a PDF.
"""

import re

import nh3
from django.utils.html import escape

TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "u", "a", "h3", "h4"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def plain_to_html(text: str) -> str:
    """Blank-line separated paragraphs; a block of "- " lines becomes a bulleted list."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    parts = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if all(line.startswith(("- ", "* ")) for line in lines):
            items = "".join(f"<li>{escape(line[2:].strip())}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return "".join(parts)


def sanitise(text: str) -> str:
    """Safe HTML from what the coordinator typed or pasted."""
    html = text if _LOOKS_LIKE_HTML.search(text) else plain_to_html(text)
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()
