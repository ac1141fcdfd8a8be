"""Statistics tables of a scrutiny report, computed for printing.

Values are typed or pulled from an indicator (one value per column period); variance and
% variance between the first and last columns are always computed here, so the printed
difference always equals the difference of the printed numbers.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from indicators.computations import change, signed
from indicators.models import IndicatorValue
from indicators.periods import parse_period
from reports.models import ScrutinyReport, StatisticsRow, StatisticsTable

NOT_JUDGED = "Not judged"
VERDICT_WORDS = {"better": "Better", "worse": "Worse", "no change": "No change", "n/a": "—"}


def as_number(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "").removesuffix("%").strip())
    except InvalidOperation:
        return None


def formatted(value: Decimal | None, unit: str) -> str:
    """1,137 or 100%: as a committee paper prints it."""
    if value is None:
        return "—"
    text = f"{value.normalize():,f}" if value == value.to_integral() else f"{value:,f}".rstrip("0")
    return f"{text}%" if unit == "%" else text


@dataclass(frozen=True)
class StatisticsRowContent:
    label: str
    unit: str
    cells: list[str]
    first: Decimal | None
    last: Decimal | None
    variance: Decimal | None
    variance_text: str
    percent_text: str
    verdict: str


@dataclass(frozen=True)
class StatisticsTableContent:
    table: StatisticsTable
    columns: list[str]
    rows: list[StatisticsRowContent]

    @property
    def compares(self) -> bool:
        return self.table.compares


def row_content(row: StatisticsRow, values: list[Decimal | None], compares: bool) -> StatisticsRowContent:
    first, last = (values[0], values[-1]) if values else (None, None)
    variance = variance_text = percent_text = None
    verdict = ""
    if compares and first is not None and last is not None:
        direction = "lower" if row.direction == StatisticsRow.Direction.LOWER else "higher"
        result = change(last, first, direction)
        variance = last - first
        if variance == 0:
            variance_text, percent_text = "No change", "—"
        else:
            unit = "" if row.unit in {"", "%"} else f" {row.unit}"
            variance_text = f"{signed(variance)}{'%' if row.unit == '%' else ''}{unit}"
            percent_text = result.percent_display if result.percent is not None else "—"
        if row.direction == StatisticsRow.Direction.NEUTRAL:
            verdict = NOT_JUDGED if variance else VERDICT_WORDS["no change"]
        else:
            verdict = VERDICT_WORDS[result.verdict]
    return StatisticsRowContent(
        label=row.label,
        unit=row.unit,
        cells=[formatted(v, row.unit) for v in values],
        first=first,
        last=last,
        variance=variance,
        variance_text=variance_text or "—",
        percent_text=percent_text or "—",
        verdict=verdict,
    )


def indicator_values(
    tables: list[StatisticsTable], start_month: int
) -> dict[tuple[int, datetime.date], Decimal]:
    """Whole-area values of every indicator a row pulls from, for the periods its columns name
    (one query)."""
    wanted: set[tuple[int, datetime.date]] = set()
    for table in tables:
        for row in table.rows.all():
            if row.indicator is None:
                continue
            for label in table.columns:
                try:
                    wanted.add(
                        (row.indicator.pk, parse_period(row.indicator.period_kind, label, start_month))
                    )
                except ValueError:
                    continue
    if not wanted:
        return {}
    found = IndicatorValue.objects.filter(
        indicator_id__in={i for i, _ in wanted}, period_start__in={s for _, s in wanted}, area=""
    )
    return {(v.indicator_id, v.period_start): v.value for v in found}


def statistics_tables_content(report: ScrutinyReport) -> list[StatisticsTableContent]:
    tables = list(report.statistics_tables.prefetch_related("rows__indicator"))
    start_month = report.partnership.year_start_month
    pulled = indicator_values(tables, start_month)
    result = []
    for table in tables:
        rows = []
        for row in table.rows.all():
            typed = [as_number(v) for v in (row.values or [])]
            typed += [None] * (len(table.columns) - len(typed))
            values = typed[: len(table.columns)]
            if row.indicator is not None:
                for index, label in enumerate(table.columns):
                    try:
                        start = parse_period(row.indicator.period_kind, label, start_month)
                    except ValueError:
                        continue
                    values[index] = pulled.get((row.indicator.pk, start), values[index])
            rows.append(row_content(row, values, table.compares))
        result.append(StatisticsTableContent(table, list(table.columns), rows))
    return result
