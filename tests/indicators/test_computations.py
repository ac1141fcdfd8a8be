"""Changes, progress and RAG suggestions are computed, and never crash on missing figures."""

import datetime
from decimal import Decimal as D

import pytest

from indicators import periods
from indicators.computations import change, progress_to_target, rag_suggestion
from indicators.selectors import figures_of

APRIL = 4  # the usual first month of a partnership's year


def test_higher_is_better_rise_is_better():
    result = change(D(120), D(100), "higher")
    assert (result.difference, result.percent, result.verdict) == (D(20), D("20.0"), "better")


def test_lower_is_better_rise_is_worse():
    assert change(D(120), D(100), "lower").verdict == "worse"


def test_lower_is_better_fall_is_better():
    result = change(D(43), D(51), "lower")
    assert (result.difference, result.percent, result.verdict) == (D(-8), D("-15.7"), "better")


def test_unchanged_value_is_no_change():
    assert change(D(5), D(5), "lower").verdict == "no change"


def test_zero_previous_value_gives_difference_but_no_percentage():
    result = change(D(7), D(0), "higher")
    assert result.difference == D(7)
    assert result.percent is None
    assert result.percent_display == "n/a"
    assert result.verdict == "better"


def test_absent_previous_value_is_not_applicable():
    result = change(D(7), None, "higher")
    assert (result.difference_display, result.percent_display, result.verdict) == ("n/a", "n/a", "n/a")


def test_percentage_of_a_negative_previous_value_keeps_the_direction_of_change():
    assert change(D(-5), D(-10), "higher").percent == D("50.0")


def test_displays_drop_trailing_zeros_and_show_the_sign():
    result = change(D("115.00"), D("100.00"), "lower")
    assert (result.difference_display, result.percent_display) == ("+15", "+15%")


def test_figures_compare_with_previous_quarter_and_same_quarter_last_year():
    q = periods.QUARTER
    values = [
        (datetime.date(2023, 7, 1), "Q2 2023/24", D(200), ""),
        (datetime.date(2024, 4, 1), "Q1 2024/25", D(150), ""),
        (datetime.date(2024, 7, 1), "Q2 2024/25", D(180), ""),
    ]
    latest = figures_of(q, values, "lower")[-1]
    assert (latest.vs_previous.previous, latest.vs_previous.difference) == (D(150), D(30))
    assert latest.vs_previous.verdict == "worse"
    assert (latest.vs_last_year.previous, latest.vs_last_year.percent) == (D(200), D("-10.0"))
    assert latest.vs_last_year.verdict == "better"


def test_a_gap_in_the_series_is_not_bridged():
    values = [(datetime.date(2024, 4, 1), "Q1", D(1), ""), (datetime.date(2024, 10, 1), "Q3", D(2), "")]
    assert figures_of(periods.QUARTER, values, "higher")[-1].vs_previous.verdict == "n/a"


def test_yearly_figures_compare_with_the_year_before():
    values = [
        (datetime.date(2023, 4, 1), "2023/24", D(51), ""),
        (datetime.date(2024, 4, 1), "2024/25", D(47), ""),
    ]
    latest = figures_of(periods.YEAR, values, "lower")[-1]
    assert latest.vs_previous.difference == latest.vs_last_year.difference == D(-4)


def test_progress_from_baseline_to_target_when_lower_is_better():
    assert progress_to_target(D(47), D(51), D(43), "lower") == D("50.0")


def test_progress_is_negative_when_moving_away_from_target():
    assert progress_to_target(D(55), D(51), D(43), "lower") == D("-50.0")


def test_progress_needs_a_baseline_different_from_the_target():
    assert progress_to_target(D(47), None, D(43), "lower") is None
    assert progress_to_target(D(47), D(43), D(43), "lower") is None


@pytest.mark.parametrize(
    ("value", "baseline", "target", "direction", "expected"),
    [
        (D(43), D(51), D(43), "lower", "green"),
        (D(47), D(51), D(43), "lower", "amber"),
        (D(52), D(51), D(43), "lower", "red"),
        (D(90), D(80), D(85), "higher", "green"),
        (D(82), D(80), D(85), "higher", "amber"),
        (D(79), D(80), D(85), "higher", "red"),
        (D(80), None, D(85), "higher", "amber"),  # within 10% of the target, no baseline
        (D(70), None, D(85), "higher", "red"),
        (D(70), D(60), None, "higher", None),
    ],
)
def test_rag_suggestion_from_the_target(value, baseline, target, direction, expected):
    assert rag_suggestion(value, baseline, target, direction) == expected


@pytest.mark.parametrize(
    ("kind", "text", "start"),
    [
        ("quarter", "Q1 2024/25", datetime.date(2024, 4, 1)),
        ("quarter", "q4  2024/25", datetime.date(2025, 1, 1)),
        ("quarter", "2024-08-17", datetime.date(2024, 7, 1)),
        ("year", "2024/25", datetime.date(2024, 4, 1)),
        ("year", "2025-02-01", datetime.date(2024, 4, 1)),
        ("month", "April 2024", datetime.date(2024, 4, 1)),
        ("month", "Sep 2024", datetime.date(2024, 9, 1)),
        ("month", "2024-09", datetime.date(2024, 9, 1)),
    ],
)
def test_periods_are_read_as_dates_or_labels(kind, text, start):
    assert periods.parse_period(kind, text, APRIL) == start


def test_an_unreadable_period_says_what_to_write():
    with pytest.raises(ValueError, match="Q1 2024/25"):
        periods.parse_period("quarter", "spring", APRIL)


def test_period_labels_follow_the_partnership_year():
    assert periods.period_label("quarter", datetime.date(2025, 1, 1), APRIL) == "Q4 2024/25"
    assert periods.period_label("year", datetime.date(2024, 4, 1), APRIL) == "2024/25"
    assert periods.period_label("month", datetime.date(2024, 4, 1), APRIL) == "April 2024"
