"""Figures as people type them against a target: "95%", "1,000" and "1 000" are numbers; what
cannot be true for the target ("-3 referrals", "120%" of a measure that stops at 100, "1e3") is
refused with a message naming the field. A figure is shown back as it was typed ("90.5").
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from plans.models import Target

# Digits grouped in thousands by commas or (thin, non-breaking) spaces, or not grouped at all;
# an optional decimal part. No exponents, no other signs.
_NUMBER = re.compile(r"^(-)?(\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3})+|\d+)(\.\d+)?$")
_SEPARATORS = re.compile(r"[,\u00a0\u202f\u2009 ]")
MAX_DECIMAL_PLACES = 2  # TargetFigure.value keeps pence / hundredths


def is_percentage(unit: str) -> bool:
    return unit.strip().startswith("%")


def figure_display(value: Decimal | None) -> str:
    """A stored figure as a person would write it: 90.50 → "90.5", 1000.00 → "1000"."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_figure(text: str, *, target: Target, label: str) -> Decimal | None:
    """The number in `text`, or None when nothing was typed. Raises ValidationError naming
    `label` when the text is not a number or cannot be true for the target."""
    cleaned = text.strip()
    if not cleaned:
        return None
    unit = target.unit or ""
    if cleaned.endswith("%"):
        if not is_percentage(unit):
            raise ValidationError(f"{label}: this target counts {unit or 'a number'}, not a percentage.")
        cleaned = cleaned[:-1].rstrip()
    if unit == "£" and cleaned.startswith("£"):
        cleaned = cleaned[1:].lstrip()
    match = _NUMBER.match(cleaned)
    if not match:
        raise ValidationError(
            f"Enter a number for {label}, such as 95, 1,000 or 90.5 (you entered “{text.strip()}”)."
        )
    if match[3] and len(match[3]) - 1 > MAX_DECIMAL_PLACES:
        raise ValidationError(f"{label}: use at most {MAX_DECIMAL_PLACES} decimal places.")
    try:
        value = Decimal(_SEPARATORS.sub("", cleaned))
    except InvalidOperation:  # the pattern admits only plain decimals; kept as a last guard
        raise ValidationError(f"Enter a number for {label}, such as 95, 1,000 or 90.5.") from None
    known = [v for v in (target.baseline, target.target_value) if v is not None]
    if value < 0 and not any(v < 0 for v in known):
        raise ValidationError(f"{label} cannot be negative.")
    if is_percentage(unit) and value > 100 and not any(v > 100 for v in known):
        raise ValidationError(f"{label}: a percentage cannot be more than 100 for this target.")
    return value
