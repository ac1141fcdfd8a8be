"""Yearly figures for a strategic assessment: the value, the change on the year before, the
change over up to ten years and a rate per 1,000 population. Computed here and nowhere else.

Pure functions of numbers keyed by year (the year's first calendar year: 2024 for 2024/25), so
they are tested without a database. A missing year is never guessed: the change on last year is
"n/a" when last year is missing, and the long-term change starts from the earliest recorded year
within the window (saying which).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from indicators.computations import UNKNOWN, Change, change, signed

LONG_TERM_YEARS = 10
RATE_PLACES = Decimal("0.01")


def rate_per_thousand(value: Decimal, population: int | None) -> Decimal | None:
    """The value per 1,000 residents, to two decimal places; None without a population."""
    if not population:
        return None
    return (value * 1000 / Decimal(population)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class YearFigure:
    year: int
    label: str
    value: Decimal
    rate: Decimal | None = None  # per 1,000 population, when the population is recorded


@dataclass(frozen=True)
class Trend:
    latest: YearFigure | None
    previous: YearFigure | None  # the year before the latest, only when it is recorded
    year_change: Change | None
    earliest: YearFigure | None  # the earliest recorded year within the long-term window
    long_change: Change | None
    series: list[YearFigure] = field(default_factory=list)  # the window, oldest first
    missing: list[str] = field(default_factory=list)  # labels of years in the window with no value

    @property
    def span(self) -> int:
        if self.latest is None or self.earliest is None:
            return 0
        return self.latest.year - self.earliest.year

    def previous_12_months_text(self, unit: str = "") -> str:
        """Words for the scanning table's "previous 12 months" column (editable afterwards)."""
        if self.latest is None:
            return "No figures recorded."
        what = f"{_number(self.latest.value)}{' ' + unit if unit else ''} in {self.latest.label}"
        if self.latest.rate is not None:
            what += f" ({_number(self.latest.rate)} per 1,000 population)"
        if self.year_change is None or self.year_change.difference is None or self.previous is None:
            return f"{what}; no figure for the year before to compare with."
        return (
            f"{what}: {self.year_change.difference_display} ({self.year_change.percent_display}) "
            f"on {self.previous.label}, {self.year_change.verdict}."
        )

    def long_term_text(self) -> str:
        """Words for the "long-term trend" column (editable afterwards)."""
        if self.latest is None or self.earliest is None or self.long_change is None or not self.span:
            return "Not enough years recorded for a long-term trend."
        text = (
            f"{self.long_change.difference_display} ({self.long_change.percent_display}) over "
            f"{self.span} year{'s' if self.span != 1 else ''}, {self.earliest.label} to {self.latest.label}, "
            f"{self.long_change.verdict}."
        )
        if self.missing:
            text += f" No figures for {', '.join(self.missing)}."
        return text


def _number(value: Decimal) -> str:
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def yearly_trend(
    values: Mapping[int, Decimal],
    *,
    direction: str,
    populations: Mapping[int, int] | None = None,
    label: Callable[[int], str] = str,
    up_to: int | None = None,
    years: int = LONG_TERM_YEARS,
) -> Trend:
    """The trend of yearly `values` up to the year `up_to` (the latest recorded when None),
    over a window of `years` years ending there (ten: the latest and up to nine before it)."""
    populations = populations or {}
    recorded = sorted(year for year in values if up_to is None or year <= up_to)
    if not recorded:
        return Trend(None, None, None, None, None)
    last = recorded[-1]
    window = range(last - years + 1, last + 1)

    def figure(year: int) -> YearFigure:
        value = values[year]
        return YearFigure(year, label(year), value, rate_per_thousand(value, populations.get(year)))

    series = [figure(year) for year in window if year in values]
    missing = [label(year) for year in window if year not in values and year > series[0].year]
    latest = series[-1]
    previous = figure(last - 1) if last - 1 in values else None
    year_change = change(latest.value, previous.value if previous else None, direction)
    earliest = series[0]
    long_change = change(latest.value, earliest.value, direction) if earliest is not latest else None
    return Trend(latest, previous, year_change, earliest, long_change, series, missing)


__all__ = ["UNKNOWN", "Trend", "YearFigure", "rate_per_thousand", "signed", "yearly_trend"]
