"""Figures with their units (plans/templatetags/csp_format.py `with_unit`)."""

from decimal import Decimal

import pytest

from plans.templatetags.csp_format import with_unit


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("85.00"), "%", "85%"),
        (Decimal("12.50"), "%", "12.5%"),
        (Decimal("220.00"), "referrals", "220 referrals"),
        (Decimal("12000.00"), "£", "£12,000"),
        (Decimal("1234.56"), "", "1,234.56"),
        (100, "%", "100%"),
    ],
)
def test_figure_is_shown_with_its_unit(value, unit, shown):
    assert with_unit(value, unit) == shown


@pytest.mark.parametrize("value", [None, ""])
def test_missing_figure_shows_nothing(value):
    assert with_unit(value, "%") == ""


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("100"), "100%"),
        (Decimal("10"), "10%"),
        (Decimal("0"), "0%"),
    ],
)
def test_whole_decimal_keeps_its_zeros(value, shown):
    """A Decimal not read back from the database (as typed in a form, or built in code) has no
    decimal places; its trailing zeros are part of the number."""
    assert with_unit(value, "%") == shown


def test_zero_with_decimal_places_is_zero():
    assert with_unit(Decimal("0.00"), "%") == "0%"
