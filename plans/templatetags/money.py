"""`{{ amount|money }}`: Decimal pounds and pence as £1,234.56."""

from django import template

from plans.budget import format_money

register = template.Library()


@register.filter
def money(value) -> str:
    return format_money(value)
