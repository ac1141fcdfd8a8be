"""Financial years and quarters (csp_tracker/periods.py)."""

import datetime

import pytest

from csp_tracker.periods import Quarter, financial_year_of, quarters_between, year_label

APRIL = 4  # the usual first month of a partnership's year

D = datetime.date


# --- April-start years (the default) ------------------------------------------------------


def test_10_january_2022_is_in_q4_of_2021_22():
    assert Quarter.containing(D(2022, 1, 10), APRIL) == Quarter(2021, 4, 4)


def test_label_of_q4_2021_22():
    assert Quarter.containing(D(2022, 1, 10), APRIL).label == "Q4 2021/22"


def test_str_is_the_label():
    assert str(Quarter(2021, 4, APRIL)) == "Q4 2021/22"


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (D(2021, 4, 1), Quarter(2021, 1, APRIL)),
        (D(2021, 6, 30), Quarter(2021, 1, APRIL)),
        (D(2021, 7, 1), Quarter(2021, 2, APRIL)),
        (D(2021, 12, 31), Quarter(2021, 3, APRIL)),
        (D(2022, 1, 1), Quarter(2021, 4, APRIL)),
        (D(2022, 3, 31), Quarter(2021, 4, APRIL)),
        (D(2024, 2, 29), Quarter(2023, 4, APRIL)),
    ],
)
def test_quarter_boundaries_with_an_april_start(day, quarter):
    assert Quarter.containing(day, APRIL) == quarter


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (Quarter(2021, 1, APRIL), D(2021, 4, 1), D(2021, 6, 30)),
        (Quarter(2021, 2, APRIL), D(2021, 7, 1), D(2021, 9, 30)),
        (Quarter(2021, 3, APRIL), D(2021, 10, 1), D(2021, 12, 31)),
        (Quarter(2021, 4, APRIL), D(2022, 1, 1), D(2022, 3, 31)),
        (Quarter(2023, 4, APRIL), D(2024, 1, 1), D(2024, 3, 31)),
    ],
)
def test_quarter_start_and_end_dates_with_an_april_start(quarter, start, end):
    assert (quarter.start, quarter.end) == (start, end)


def test_financial_year_of_a_day_before_april_is_the_previous_year():
    assert (financial_year_of(D(2022, 3, 31), APRIL), financial_year_of(D(2022, 4, 1), APRIL)) == (2021, 2022)


@pytest.mark.parametrize(("year", "label"), [(2021, "2021/22"), (2009, "2009/10"), (1999, "1999/00")])
def test_year_label(year, label):
    assert year_label(year, APRIL) == label


# --- other start months -------------------------------------------------------------------


def test_january_start_puts_10_january_in_q1_of_that_year():
    assert Quarter.containing(D(2022, 1, 10), start_month=1) == Quarter(2022, 1, 1)


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (Quarter(2022, 1, 1), D(2022, 1, 1), D(2022, 3, 31)),
        (Quarter(2022, 2, 1), D(2022, 4, 1), D(2022, 6, 30)),
        (Quarter(2022, 3, 1), D(2022, 7, 1), D(2022, 9, 30)),
        (Quarter(2022, 4, 1), D(2022, 10, 1), D(2022, 12, 31)),
    ],
)
def test_quarter_start_and_end_dates_with_a_january_start(quarter, start, end):
    assert (quarter.start, quarter.end) == (start, end)


def test_january_start_31_december_is_q4_of_the_same_year():
    assert Quarter.containing(D(2022, 12, 31), start_month=1) == Quarter(2022, 4, 1)


def test_january_start_label_names_the_calendar_year():
    assert Quarter.containing(D(2022, 1, 10), start_month=1).label == "Q1 2022"


def test_january_start_year_label_is_the_calendar_year():
    assert year_label(2022, start_month=1) == "2022"


def test_july_start_puts_30_june_in_q4_of_the_previous_year():
    assert Quarter.containing(D(2022, 6, 30), start_month=7) == Quarter(2021, 4, 7)


def test_october_start_second_quarter_starts_in_january_of_the_next_year():
    assert (Quarter(2021, 2, 10).start, Quarter(2021, 2, 10).end) == (D(2022, 1, 1), D(2022, 3, 31))


# --- stepping -----------------------------------------------------------------------------


def test_next_of_q4_is_q1_of_the_next_year():
    assert Quarter(2021, 4, APRIL).next() == Quarter(2022, 1, APRIL)


def test_previous_of_q1_is_q4_of_the_previous_year():
    assert Quarter(2022, 1, APRIL).previous() == Quarter(2021, 4, APRIL)


def test_next_within_a_year():
    assert Quarter(2021, 2, APRIL).next() == Quarter(2021, 3, APRIL)


def test_previous_within_a_year():
    assert Quarter(2021, 3, APRIL).previous() == Quarter(2021, 2, APRIL)


def test_stepping_keeps_the_start_month():
    assert Quarter(2022, 4, 1).next() == Quarter(2023, 1, 1)
    assert Quarter(2023, 1, 1).previous() == Quarter(2022, 4, 1)


def test_next_quarter_starts_the_day_after_this_one_ends():
    quarter = Quarter(2021, 1, APRIL)
    for _ in range(8):
        assert quarter.next().start == quarter.end + datetime.timedelta(days=1)
        quarter = quarter.next()


def test_quarters_order_by_year_then_number():
    assert sorted([Quarter(2022, 1, APRIL), Quarter(2021, 4, APRIL), Quarter(2021, 2, APRIL)]) == [
        Quarter(2021, 2, APRIL),
        Quarter(2021, 4, APRIL),
        Quarter(2022, 1, APRIL),
    ]


@pytest.mark.parametrize("number", [0, 5])
def test_quarter_number_must_be_1_to_4(number):
    with pytest.raises(ValueError):
        Quarter(2021, number, APRIL)


# --- ranges -------------------------------------------------------------------------------


def test_quarters_between_a_whole_financial_year():
    assert quarters_between(D(2021, 4, 1), D(2022, 3, 31), APRIL) == [
        Quarter(2021, n, APRIL) for n in (1, 2, 3, 4)
    ]


def test_quarters_between_includes_partly_covered_quarters():
    assert quarters_between(D(2021, 5, 15), D(2021, 7, 1), APRIL) == [
        Quarter(2021, 1, APRIL),
        Quarter(2021, 2, APRIL),
    ]


def test_quarters_between_two_days_of_one_quarter():
    assert quarters_between(D(2021, 5, 1), D(2021, 5, 2), APRIL) == [Quarter(2021, 1, APRIL)]


def test_quarters_between_across_years():
    assert [q.label for q in quarters_between(D(2021, 12, 1), D(2022, 4, 1), APRIL)] == [
        "Q3 2021/22",
        "Q4 2021/22",
        "Q1 2022/23",
    ]


def test_quarters_between_with_a_january_start():
    assert quarters_between(D(2022, 1, 1), D(2022, 12, 31), start_month=1) == [
        Quarter(2022, n, 1) for n in (1, 2, 3, 4)
    ]


def test_quarters_between_an_end_before_the_start_is_empty():
    assert quarters_between(D(2022, 1, 1), D(2021, 1, 1), APRIL) == []
