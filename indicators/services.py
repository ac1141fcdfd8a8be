"""Writes for indicators: values one at a time or a whole CSV file, all or nothing."""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from indicators import periods
from indicators.models import Indicator, IndicatorValue

CSV_MAX_BYTES = 1_000_000
CSV_COLUMNS = ("period", "area", "value", "note")
REQUIRED_COLUMNS = ("period", "value")


@transaction.atomic
def indicator_value_save(*, value: IndicatorValue) -> IndicatorValue:
    value.full_clean()
    value.save()
    return value


@dataclass(frozen=True)
class RowError:
    row: int  # the line number in the file, counting the header as line 1
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class CsvRejected(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problem(s) in the file")
        self.errors = errors


@dataclass(frozen=True)
class CsvResult:
    created: int
    updated: int


def _decode(content: bytes) -> str:
    if len(content) > CSV_MAX_BYTES:
        raise CsvRejected([RowError(0, "", f"The file is larger than {CSV_MAX_BYTES // 1000} kB.")])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")  # Excel on Windows saves "CSV" in this encoding
        except UnicodeDecodeError as error:
            raise CsvRejected([RowError(0, "", "The file is not text: save it as CSV (UTF-8).")]) from error


def _parse(indicator: Indicator, text: str) -> tuple[list[tuple[int, IndicatorValue]], list[RowError]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        found = ", ".join(h for h in header if h) or "none"
        return [], [RowError(1, ", ".join(missing), f"the header must name the column(s); found: {found}.")]
    unknown = [name for name in header if name and name not in CSV_COLUMNS]
    errors = [RowError(1, name, f"unknown column; use {', '.join(CSV_COLUMNS)}.") for name in unknown]
    reader.fieldnames = header
    start_month = indicator.partnership.year_start_month
    values: list[tuple[int, IndicatorValue]] = []
    seen: dict[tuple[datetime.date, str], int] = {}
    for line, record in enumerate(reader, start=2):
        cells = {key: (record.get(key) or "").strip() for key in CSV_COLUMNS}
        if None in record:
            errors.append(RowError(line, "", "more cells than the header has columns."))
            continue
        if not any(cells.values()):
            continue  # blank lines are allowed
        row_errors = []
        start = None
        if not cells["period"]:
            row_errors.append(RowError(line, "period", "the period is empty."))
        else:
            try:
                start = periods.parse_period(indicator.period_kind, cells["period"], start_month)
            except ValueError as error:
                row_errors.append(RowError(line, "period", str(error)))
        number = None
        try:
            number = Decimal(cells["value"].replace(",", ""))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            shown = f"“{cells['value']}” is not a number" if cells["value"] else "the value is empty"
            row_errors.append(RowError(line, "value", f"{shown}: write a number such as 42 or 3.5."))
        area = " ".join(cells["area"].split())
        if len(area) > 100:
            row_errors.append(RowError(line, "area", "the area name is longer than 100 characters."))
        if len(cells["note"]) > 300:
            row_errors.append(RowError(line, "note", "the note is longer than 300 characters."))
        if start and (start, area.lower()) in seen:
            where = f" for {area}" if area else ""
            row_errors.append(
                RowError(
                    line, "period", f"row {seen[(start, area.lower())]} already gives this period{where}."
                )
            )
        if row_errors or start is None or number is None:  # no period or value: a row error says so
            errors += row_errors
            continue
        seen[(start, area.lower())] = line
        values.append(
            (
                line,
                IndicatorValue(
                    indicator=indicator, period_start=start, area=area, value=number, note=cells["note"]
                ),
            )
        )
    if not values and not errors:
        errors.append(RowError(2, "", "the file has no values below its header."))
    return values, errors


def indicator_values_import(*, indicator: Indicator, content: bytes) -> CsvResult:
    """Create or replace the values in a CSV file (columns period, value, and optionally area and
    note). Any bad row rejects the whole file, listing every problem; nothing is written."""
    values, errors = _parse(indicator, _decode(content))
    if errors:
        raise CsvRejected(errors)
    existing = {(v.period_start, v.area.lower()): v for v in indicator.values.all()}
    created = updated = 0
    with transaction.atomic():
        for line, value in values:
            value.normalise_period()
            current = existing.get((value.period_start, value.area.lower()))
            if current:
                current.value, current.note = value.value, value.note
                value = current
                updated += 1
            else:
                created += 1
            try:
                value.full_clean()
            except ValidationError as error:  # e.g. too many digits for the column
                raise CsvRejected(
                    [RowError(line, name, "; ".join(msgs)) for name, msgs in error.message_dict.items()]
                ) from error
            value.save()
    return CsvResult(created, updated)
