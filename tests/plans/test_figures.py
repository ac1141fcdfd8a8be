"""Figures as people type them: accepted forms, refused ones with the field named, shown back."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans.figures import figure_display, parse_figure
from plans.models import Target


def target(unit: str = "", baseline=None, target_value=None) -> Target:
    return Target(
        description="Referrals",
        kind=Target.Kind.NUMERIC,
        unit=unit,
        baseline=baseline,
        target_value=target_value,
    )


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("95", "%", Decimal("95")),
        ("95%", "%", Decimal("95")),
        (" 95 % ", "%", Decimal("95")),
        ("1,000", "referrals", Decimal("1000")),
        ("1 000", "referrals", Decimal("1000")),
        ("1\u00a0000", "referrals", Decimal("1000")),
        ("12,345.5", "referrals", Decimal("12345.5")),
        ("90.5", "%", Decimal("90.5")),
        ("£1,200", "£", Decimal("1200")),
        ("0", "casualties", Decimal("0")),
    ],
)
def test_accepts_what_people_type(text, unit, value):
    assert parse_figure(text, target=target(unit), label="Referrals") == value


def test_nothing_typed_is_no_figure():
    assert parse_figure("  ", target=target(), label="Referrals") is None


@pytest.mark.parametrize("text", ["1e3", "eighty", "1,00", "12,3456", "1.2.3", "--1", "0x10", "NaN", "inf"])
def test_refuses_what_is_not_a_plain_number_naming_the_field(text):
    with pytest.raises(ValidationError) as error:
        parse_figure(text, target=target("referrals"), label="Referrals")
    assert "Referrals" in error.value.messages[0]


def test_refuses_a_negative_count():
    with pytest.raises(ValidationError, match="Referrals cannot be negative"):
        parse_figure("-3", target=target("referrals"), label="Referrals")


def test_allows_a_negative_figure_where_the_target_itself_is_negative():
    change = target("%", target_value=Decimal("-5"))
    assert parse_figure("-3", target=change, label="Change") == Decimal("-3")


def test_refuses_a_percentage_over_100():
    with pytest.raises(ValidationError, match="cannot be more than 100"):
        parse_figure("120%", target=target("%", target_value=Decimal("90")), label="Referrals")


def test_allows_a_percentage_over_100_when_the_target_is_over_100():
    assert parse_figure("120%", target=target("%", target_value=Decimal("110")), label="x") == Decimal("120")


def test_refuses_a_percent_sign_on_a_count():
    with pytest.raises(ValidationError, match="not a percentage"):
        parse_figure("95%", target=target("referrals"), label="Referrals")


def test_refuses_more_than_two_decimal_places():
    with pytest.raises(ValidationError, match="2 decimal places"):
        parse_figure("90.555", target=target("%"), label="Referrals")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("90.50"), "90.5"),
        (Decimal("1000.00"), "1000"),
        (Decimal("85"), "85"),
        (Decimal("0.00"), "0"),
        (None, ""),
    ],
)
def test_a_stored_figure_is_shown_as_a_person_would_write_it(value, shown):
    assert figure_display(value) == shown
