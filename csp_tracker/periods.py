"""Financial years and quarters, computed in one place.

A partnership's year starts on the first day of its `year_start_month`, so with an April start,
10 January 2022 falls in Q4 of 2021/22. A financial year is named by the calendar year it starts
in. Every function takes the start month: there is no default to forget.
"""

import calendar
import datetime
from dataclasses import dataclass

MONTH_NAMES = {i: calendar.month_name[i] for i in range(1, 13)}


def year_label(start_year: int, start_month: int) -> str:
    """2021/22 for a year starting in April 2021; plain 2021 when the year starts in January."""
    if start_month == 1:
        return str(start_year)
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_of(day: datetime.date, start_month: int) -> int:
    return day.year if day.month >= start_month else day.year - 1


@dataclass(frozen=True, order=True)
class Quarter:
    year: int  # the calendar year the financial year starts in
    number: int  # 1-4
    start_month: int  # the partnership's first month of the year (4 for April)

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"A quarter is numbered 1 to 4, not {self.number}.")

    @classmethod
    def containing(cls, day: datetime.date, start_month: int) -> "Quarter":
        year = financial_year_of(day, start_month)
        months_in = (day.month - start_month) % 12
        return cls(year, months_in // 3 + 1, start_month)

    @property
    def start(self) -> datetime.date:
        month0 = self.start_month - 1 + (self.number - 1) * 3
        return datetime.date(self.year + month0 // 12, month0 % 12 + 1, 1)

    @property
    def end(self) -> datetime.date:
        nxt = self.next()
        return nxt.start - datetime.timedelta(days=1)

    def next(self) -> "Quarter":
        if self.number == 4:
            return Quarter(self.year + 1, 1, self.start_month)
        return Quarter(self.year, self.number + 1, self.start_month)

    def previous(self) -> "Quarter":
        if self.number == 1:
            return Quarter(self.year - 1, 4, self.start_month)
        return Quarter(self.year, self.number - 1, self.start_month)

    @property
    def label(self) -> str:
        return f"Q{self.number} {year_label(self.year, self.start_month)}"

    def __str__(self) -> str:
        return self.label


def quarters_between(start: datetime.date, end: datetime.date, start_month: int) -> list[Quarter]:
    """Every quarter overlapping the period from `start` to `end`, in order."""
    quarters = []
    quarter = Quarter.containing(start, start_month)
    while quarter.start <= end:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters
