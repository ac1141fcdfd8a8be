"""Ten years' figures from one CSV: a row per indicator (or population) and area, a column per
year. All or nothing: any bad cell rejects the file, every problem named by row and column.

    Indicator,Area,2015/16,2016/17,...,2024/25
    Total recorded crime,,5120,5301,...
    Shoplifting,Marshfield,310,,...      (an empty cell: no figure for that year)
    Population,,98200,98700,...          ("Population" rows give the population per year)

A year column is written as its label (2024/25, or 2024 for a calendar-year indicator); an area
not yet known becomes one of the partnership's locations, and the summary says so.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from indicators import periods
from indicators.models import IndicatorValue, Location, Population
from indicators.services import CsvRejected, RowError, _decode
from partners.models import Partnership

POPULATION = "population"
YEARLY_KINDS = {periods.YEAR, periods.CALENDAR_YEAR}
_YEAR = re.compile(r"^(\d{4})(?:/(\d{2}))?$")


@dataclass(frozen=True)
class YearlyImportResult:
    values: int
    populations: int
    new_locations: list[str]

    @property
    def summary(self) -> str:
        text = f"{self.values} yearly value(s) and {self.populations} population figure(s) saved"
        if self.new_locations:
            text += f"; new location(s): {', '.join(self.new_locations)}"
        return text + "."


def _year_of(heading: str) -> int | None:
    match = _YEAR.match(heading.strip())
    if not match:
        return None
    first = int(match[1])
    if match[2] and int(match[2]) != (first + 1) % 100:
        return None
    return first


def _number(text: str) -> Decimal:
    number = Decimal(text.replace(",", "").strip())
    if not number.is_finite():
        raise InvalidOperation
    return number


def yearly_figures_import(
    *, partnership: Partnership, content: bytes, dry_run: bool = False
) -> YearlyImportResult:
    """Create or replace yearly values and populations from the file (see the module's text)."""
    rows = list(csv.reader(io.StringIO(_decode(content))))
    if not rows:
        raise CsvRejected([RowError(1, "", "the file is empty.")])
    header = [cell.strip() for cell in rows[0]]
    errors: list[RowError] = []
    if len(header) < 3 or header[0].lower() != "indicator" or header[1].lower() != "area":
        raise CsvRejected(
            [
                RowError(
                    1, "", "the header must start Indicator, Area, then one column per year (e.g. 2024/25)."
                )
            ]
        )
    years: list[int] = []
    for heading in header[2:]:
        year = _year_of(heading)
        if year is None:
            errors.append(
                RowError(1, heading or "(empty)", "a year column must be headed like 2024/25 or 2024.")
            )
        elif year in years:
            errors.append(RowError(1, heading, "this year has two columns."))
        years.append(year or 0)
    indicators = {i.name.lower(): i for i in partnership.indicators.all()}
    start_month = partnership.year_start_month
    values: list[IndicatorValue] = []
    populations: list[Population] = []
    areas: set[str] = set()
    seen: dict[tuple[str, str], int] = {}
    for line, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            errors.append(RowError(line, "", "more cells than the header has columns."))
            continue
        name, area = cells[0].strip(), " ".join((cells[1] if len(cells) > 1 else "").split())
        indicator = indicators.get(name.lower())
        if name.lower() != POPULATION and indicator is None:
            errors.append(
                RowError(
                    line,
                    header[0],
                    f"“{name}” is not an indicator of {partnership.name}: add it first, or write Population.",
                )
            )
            continue
        if indicator is not None and indicator.period_kind not in YEARLY_KINDS:
            errors.append(
                RowError(
                    line,
                    header[0],
                    f"“{indicator.name}” is recorded per "
                    f"{indicator.get_period_kind_display().lower()}, not per year.",
                )
            )
            continue
        if (name.lower(), area.lower()) in seen:
            errors.append(
                RowError(
                    line,
                    header[1],
                    f"row {seen[(name.lower(), area.lower())]} already gives {name} "
                    f"for {area or 'the whole area'}.",
                )
            )
            continue
        seen[(name.lower(), area.lower())] = line
        if area:
            areas.add(area)
        for heading, year, cell in zip(header[2:], years, cells[2:], strict=False):
            if not cell.strip() or not year:
                continue  # no figure for that year
            try:
                number = _number(cell)
            except InvalidOperation:
                errors.append(
                    RowError(
                        line, heading, f"“{cell.strip()}” is not a number: write one such as 1,234 or 5.6."
                    )
                )
                continue
            if indicator is None:
                if number != number.to_integral_value() or number < 0:
                    errors.append(
                        RowError(
                            line, heading, f"“{cell.strip()}”: a population is a whole number of people."
                        )
                    )
                    continue
                populations.append(
                    Population(partnership=partnership, area=area, year=year, population=int(number))
                )
            else:
                day = datetime.date(
                    year, 1 if indicator.period_kind == periods.CALENDAR_YEAR else start_month, 1
                )
                values.append(IndicatorValue(indicator=indicator, period_start=day, area=area, value=number))
    if errors:
        raise CsvRejected(errors)
    if not values and not populations:
        raise CsvRejected([RowError(2, "", "the file has no figures below its header.")])
    known = {loc.lower() for loc in partnership.locations.values_list("name", flat=True)}
    new_locations = sorted(a for a in areas if a.lower() not in known)
    result = YearlyImportResult(len(values), len(populations), new_locations)
    if dry_run:
        return result
    with transaction.atomic():
        for area in new_locations:
            location = Location(partnership=partnership, name=area)
            location.full_clean()
            location.save()
        for value in values:
            value.normalise_period()
            value.full_clean(validate_unique=False, validate_constraints=False)
            IndicatorValue.objects.update_or_create(
                indicator=value.indicator,
                period_start=value.period_start,
                area=value.area,
                defaults={"value": value.value},
            )
        for population in populations:
            population.full_clean(validate_unique=False, validate_constraints=False)
            Population.objects.update_or_create(
                partnership=partnership,
                area=population.area,
                year=population.year,
                defaults={"population": population.population},
            )
    return result
