"""Formatting for people's text and figures.

`plain_text` renders a person's plain text safely: paragraphs and simple lists kept, nothing else.

Text is stored exactly as typed (never as HTML) and escaped here, so no markup a person types
can reach the page.
"""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

BULLET = re.compile(r"^\s*[-*•]\s+")
NUMBERED = re.compile(r"^\s*\d+[.)]\s+")


def _block_html(lines: list[str]) -> str:
    if all(BULLET.match(line) for line in lines):
        items = "".join(f"<li>{escape(BULLET.sub('', line))}</li>" for line in lines)
        return f'<ul class="govuk-list govuk-list--bullet">{items}</ul>'
    if all(NUMBERED.match(line) for line in lines):
        items = "".join(f"<li>{escape(NUMBERED.sub('', line))}</li>" for line in lines)
        return f'<ol class="govuk-list govuk-list--number">{items}</ol>'
    return '<p class="govuk-body">' + "<br>".join(escape(line) for line in lines) + "</p>"


@register.filter
def period_in(record, partnership) -> str:
    """The quarter of a round or an update, labelled in the partnership's own year:
    `{{ update|period_in:partnership }}` gives "Q1 2024/25" (April start) or "Q1 2024" (January)."""
    return record.period(partnership.year_start_month).label


@register.filter
def rag_tag(status) -> SafeString:
    """A RAG status as its coloured tag (the one markup for it: components/rag_tag.html uses this
    too); "No status yet" for none. A filter, not an include, for pages with hundreds of them."""
    if not status:
        return mark_safe('<strong class="govuk-tag csp-rag csp-rag--none">No status yet</strong>')
    return format_html('<strong class="govuk-tag csp-rag csp-rag-{}">{}</strong>', status.pk, status.label)


@register.filter
def get_item(mapping, key):
    """`{{ mapping|get_item:key }}`: a dictionary's value for a key held in a variable."""
    return mapping.get(key) if mapping else None


@register.filter
def plain_text(value: str) -> SafeString:
    blocks = [block.splitlines() for block in re.split(r"\n\s*\n", str(value or "").strip()) if block.strip()]
    return mark_safe("".join(_block_html([line for line in block if line.strip()]) for block in blocks))


@register.filter
def with_unit(value, unit: str = "") -> str:
    """A figure with its unit: "85%" but "220 referrals"."""
    if value is None or value == "":
        return ""
    number = f"{value:,f}" if hasattr(value, "as_tuple") else f"{value:,}"
    if "." in number:  # 81.50 -> 81.5, 85.00 -> 85; never strip a whole number's zeros
        number = number.rstrip("0").rstrip(".")
    if not unit:
        return number
    if unit == "£":
        return f"£{number}"
    return f"{number}{unit}" if unit.startswith("%") else f"{number} {unit}"
