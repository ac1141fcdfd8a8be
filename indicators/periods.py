"""Indicator periods (month, quarter or financial year) on top of `csp_tracker.periods`.

A value is stored against the first day of its period; the label is derived from that day and
the partnership's year start, so "Q1 2024/25" and "2024/25" mean the same as everywhere else.
"""

import datetime
import re

from csp_tracker.periods import MONTH_NAMES, Quarter, financial_year_of, year_label

QUARTER, MONTH, YEAR, CALENDAR_YEAR = "quarter", "month", "year", "calendar_year"
MONTHS_IN = {MONTH: 1, QUARTER: 3, YEAR: 12, CALENDAR_YEAR: 12}
_MONTH_NUMBERS = {name.lower(): n for n, name in MONTH_NAMES.items()} | {
    name[:3].lower(): n for n, name in MONTH_NAMES.items()
}


def shift_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` after (or before) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_start(kind: str, day: datetime.date, start_month: int) -> datetime.date:
    """The first day of the period of `kind` that contains `day`."""
    if kind == MONTH:
        return day.replace(day=1)
    if kind == QUARTER:
        return Quarter.containing(day, start_month).start
    if kind == CALENDAR_YEAR:
        return datetime.date(day.year, 1, 1)
    return datetime.date(financial_year_of(day, start_month), start_month, 1)


def period_label(kind: str, start: datetime.date, start_month: int) -> str:
    if kind == MONTH:
        return f"{MONTH_NAMES[start.month]} {start.year}"
    if kind == QUARTER:
        return Quarter.containing(start, start_month).label
    if kind == CALENDAR_YEAR:
        return str(start.year)  # "2020" is January to December, whatever the partnership's year
    return year_label(financial_year_of(start, start_month), start_month)


def previous_start(kind: str, start: datetime.date) -> datetime.date:
    return shift_months(start, -MONTHS_IN[kind])


def last_year_start(start: datetime.date) -> datetime.date:
    return shift_months(start, -12)


_QUARTER_LABEL = re.compile(r"^q([1-4])\s+(\d{4})(?:/(\d{2}))?$")
_YEAR_LABEL = re.compile(r"^(\d{4})(?:/(\d{2}))?$")
_MONTH_LABEL = re.compile(r"^([a-z]+)\s+(\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(kind: str, text: str, start_month: int) -> datetime.date:
    """The start of the period written as a date (2024-05-17, any day inside the period) or as
    its label (Q1 2024/25, 2024/25, April 2024 or 2024-04). Raises ValueError saying what to write."""
    cleaned = " ".join(text.strip().lower().split())
    try:
        return period_start(kind, datetime.date.fromisoformat(cleaned), start_month)
    except ValueError:
        pass
    if kind == QUARTER and (match := _QUARTER_LABEL.match(cleaned)):
        return Quarter(int(match[2]), int(match[1]), start_month).start
    if kind == YEAR and (match := _YEAR_LABEL.match(cleaned)):
        return datetime.date(int(match[1]), start_month, 1)
    if kind == CALENDAR_YEAR and re.fullmatch(r"\d{4}", cleaned):
        return datetime.date(int(cleaned), 1, 1)
    if kind == MONTH and (match := _MONTH_LABEL.match(cleaned)) and match[1] in _MONTH_NUMBERS:
        return datetime.date(int(match[2]), _MONTH_NUMBERS[match[1]], 1)
    if kind == MONTH and (match := _ISO_MONTH.match(cleaned)) and 1 <= int(match[2]) <= 12:
        return datetime.date(int(match[1]), int(match[2]), 1)
    examples = {QUARTER: "Q1 2024/25", YEAR: "2024/25", MONTH: "April 2024", CALENDAR_YEAR: "2024"}
    raise ValueError(
        f"“{text.strip()}” is not a {kind}: write a date such as 2024-04-01 or {examples[kind]}."
    )
