"""The assessment's computed figures: rates per 1,000, the change on last year and over up to
ten years, and what happens when years are missing."""

from decimal import Decimal

from indicators.trends import rate_per_thousand, yearly_trend

D = Decimal


def ten_years(start: int = 2015, first: int = 1000, step: int = 10) -> dict[int, Decimal]:
    return {start + i: D(first + step * i) for i in range(10)}


def test_rate_per_thousand_is_rounded_to_two_places():
    assert rate_per_thousand(D(5169), 102_345) == D("50.51")


def test_rate_per_thousand_without_a_population_is_none():
    assert rate_per_thousand(D(10), None) is None
    assert rate_per_thousand(D(10), 0) is None


def test_change_on_the_year_before():
    trend = yearly_trend({2023: D(200), 2024: D(150)}, direction="lower")
    assert trend.year_change is not None
    assert trend.year_change.difference == D(-50)
    assert trend.year_change.percent == D("-25.0")
    assert trend.year_change.verdict == "better"


def test_ten_year_change_runs_from_the_first_of_ten_years():
    trend = yearly_trend(ten_years(), direction="higher")
    assert trend.earliest is not None and trend.earliest.year == 2015
    assert trend.latest is not None and trend.latest.year == 2024
    assert trend.long_change is not None and trend.long_change.difference == D(90)
    assert trend.span == 9
    assert trend.long_change.verdict == "better"


def test_long_term_window_stops_at_ten_years():
    values = ten_years(start=2010) | {2020: D(5000), 2021: D(5000)}  # twelve years
    trend = yearly_trend(values, direction="lower")
    assert trend.earliest is not None and trend.earliest.year == 2012
    assert len(trend.series) == 10


def test_missing_previous_year_gives_no_year_change():
    trend = yearly_trend({2020: D(100), 2022: D(90)}, direction="lower")
    assert trend.previous is None
    assert trend.year_change is not None and trend.year_change.difference is None
    assert "no figure for the year before" in trend.previous_12_months_text()


def test_missing_middle_year_is_named_and_not_guessed():
    values = ten_years()
    del values[2018]
    trend = yearly_trend(values, direction="lower", label=lambda y: f"{y}/{(y + 1) % 100:02d}")
    assert trend.missing == ["2018/19"]
    assert [f.year for f in trend.series] == [y for y in range(2015, 2025) if y != 2018]
    assert "No figures for 2018/19." in trend.long_term_text()


def test_missing_earliest_years_shorten_the_trend_and_say_over_how_many():
    trend = yearly_trend({2022: D(10), 2023: D(12), 2024: D(15)}, direction="lower")
    assert trend.span == 2
    assert trend.missing == []
    assert "over 2 years" in trend.long_term_text()


def test_up_to_ignores_later_years():
    trend = yearly_trend(ten_years(), direction="lower", up_to=2020)
    assert trend.latest is not None and trend.latest.year == 2020


def test_one_year_only_has_no_trend():
    trend = yearly_trend({2024: D(7)}, direction="lower")
    assert trend.long_change is None
    assert trend.long_term_text() == "Not enough years recorded for a long-term trend."


def test_no_values_at_all():
    trend = yearly_trend({}, direction="lower")
    assert trend.latest is None
    assert trend.previous_12_months_text() == "No figures recorded."


def test_rates_use_each_years_own_population():
    trend = yearly_trend({2023: D(100), 2024: D(100)}, direction="lower", populations={2023: 50_000})
    assert trend.series[0].rate == D("2.00")
    assert trend.series[1].rate is None


def test_words_carry_the_computed_numbers():
    trend = yearly_trend(
        {2023: D(5213), 2024: D(5169)}, direction="lower", populations={2024: 102_345}, label=str
    )
    assert trend.previous_12_months_text("crimes") == (
        "5,169 crimes in 2024 (50.51 per 1,000 population): -44 (-0.8%) on 2023, better."
    )
