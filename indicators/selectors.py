"""Indicator reads: each indicator's series with computed changes, progress and a RAG suggestion.

`indicator_summaries` costs a fixed number of queries however many indicators and values exist.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from csp_tracker import charts
from indicators import periods
from indicators.computations import Change, change, progress_to_target, rag_suggestion
from indicators.models import Indicator, IndicatorValue
from indicators.trends import Trend, yearly_trend
from partners.models import Partnership, RagStatus


@dataclass(frozen=True)
class Figure:
    period_start: datetime.date
    period_label: str
    value: Decimal
    note: str
    vs_previous: Change
    vs_last_year: Change


@dataclass
class IndicatorSummary:
    indicator: Indicator
    figures: list[Figure]  # the whole area, oldest first
    figures_are_totals: bool  # True when the whole-area figures were added up from the areas
    areas: dict[str, list[Figure]] = field(default_factory=dict)
    progress: Decimal | None = None
    suggestion: RagStatus | None = None

    @property
    def latest(self) -> Figure | None:
        return self.figures[-1] if self.figures else None

    @property
    def area_periods(self) -> list[str]:
        labels: dict[datetime.date, str] = {}
        for figures in self.areas.values():
            for figure in figures:
                labels[figure.period_start] = figure.period_label
        return [labels[start] for start in sorted(labels)]

    @property
    def area_table(self) -> list[tuple[str, list[str]]]:
        """Rows of the area table: area name, then its value in each period ("" where none)."""
        starts = sorted({f.period_start for figures in self.areas.values() for f in figures})
        table = []
        for area, figures in self.areas.items():
            by_start = {f.period_start: f.value for f in figures}
            table.append((area, [charts._number(by_start[s]) if s in by_start else "" for s in starts]))
        return table

    def line_chart(self) -> str:
        indicator = self.indicator
        target = f", target {indicator.target_value}" if indicator.target_value is not None else ""
        baseline = f", baseline {indicator.baseline_value}" if indicator.baseline_value is not None else ""
        latest = f" Latest: {self.latest.period_label} {self.latest.value}." if self.latest else ""
        better = indicator.get_direction_display().lower()
        return charts.line_chart(
            chart_id=f"indicator-{indicator.pk}",
            title=f"{indicator.name} by {indicator.get_period_kind_display().lower()}",
            desc=f"Line chart of {len(self.figures)} values{target}{baseline}; {better}.{latest} "
            "The table below gives every figure.",
            series=[(f.period_label, f.value) for f in self.figures],
            target=indicator.target_value,
            baseline=indicator.baseline_value,
            unit=indicator.unit,
        )

    def area_chart(self) -> str:
        indicator = self.indicator
        return charts.small_multiples(
            chart_id=f"indicator-{indicator.pk}-areas",
            title=f"{indicator.name} by area",
            desc=f"One small line chart per area ({', '.join(self.areas)}) on a shared scale; "
            "the area table gives every figure.",
            panels=[
                (area, [(f.period_label, f.value) for f in figures]) for area, figures in self.areas.items()
            ],
        )


# One recorded value in a series: (period start, period label, value, note).
type SeriesEntry = tuple[datetime.date, str, Decimal, str]


def figures_of(kind: str, values: list[SeriesEntry], direction: str) -> list[Figure]:
    """Figures oldest first, each compared with the previous period and the same period a year before."""
    by_start = {start: value for start, _label, value, _note in values}
    figures = []
    for start, label, value, note in sorted(values):
        previous = by_start.get(periods.previous_start(kind, start))
        last_year = by_start.get(periods.last_year_start(start))
        figures.append(
            Figure(
                start,
                label,
                value,
                note,
                change(value, previous, direction),
                change(value, last_year, direction),
            )
        )
    return figures


def summarise(indicator: Indicator, rag_by_code: dict[str, RagStatus]) -> IndicatorSummary:
    """Uses the indicator's prefetched values."""
    whole: list[SeriesEntry] = []
    by_area: dict[str, list[SeriesEntry]] = defaultdict(list)
    for value in indicator.values.all():
        entry = (value.period_start, value.period_label, value.value, value.note)
        (by_area[value.area] if value.area else whole).append(entry)
    kind, direction = indicator.period_kind, indicator.direction
    totals = not whole and bool(by_area)
    if totals:
        summed: dict[tuple[datetime.date, str], Decimal] = defaultdict(Decimal)
        for entries in by_area.values():
            for start, label, amount, _note in entries:
                summed[(start, label)] += amount
        whole = [
            (start, label, amount, "Total of the areas recorded") for (start, label), amount in summed.items()
        ]
    summary = IndicatorSummary(
        indicator,
        figures_of(kind, whole, direction),
        totals,
        {area: figures_of(kind, by_area[area], direction) for area in sorted(by_area)},
    )
    if summary.latest:
        latest = summary.latest.value
        summary.progress = progress_to_target(
            latest, indicator.baseline_value, indicator.target_value, direction
        )
        code = rag_suggestion(latest, indicator.baseline_value, indicator.target_value, direction)
        summary.suggestion = rag_by_code.get(code) if code else None
    return summary


def indicator_summaries(
    partnership: Partnership, indicators: QuerySet[Indicator] | None = None
) -> list[IndicatorSummary]:
    """Every indicator of the partnership (or those given) with its series; three queries."""
    queryset = indicators if indicators is not None else partnership.indicators.all()
    queryset = queryset.select_related("theme").prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("period_start", "area"))
    )
    rag_by_code = {status.code: status for status in partnership.rag_statuses.all()}
    return [summarise(indicator, rag_by_code) for indicator in queryset]


def yearly_values(indicator: Indicator, area: str = "") -> dict[int, Decimal]:
    """A yearly indicator's values keyed by the year's first calendar year (2024 for 2024/25)."""
    return {v.period_start.year: v.value for v in indicator.values.filter(area=area)}


def indicator_trend(indicator: Indicator, *, area: str = "", up_to: int | None = None) -> Trend:
    """The indicator's yearly trend (see `indicators.trends`), with rates where the population of
    the area is recorded for the year."""
    partnership = indicator.partnership
    populations = dict(partnership.populations.filter(area=area).values_list("year", "population"))
    kind, start_month = indicator.period_kind, partnership.year_start_month

    def label(year: int) -> str:
        month = 1 if kind == periods.CALENDAR_YEAR else start_month
        return periods.period_label(kind, datetime.date(year, month, 1), start_month)

    return yearly_trend(
        yearly_values(indicator, area),
        direction=indicator.direction,
        populations=populations,
        label=label,
        up_to=up_to,
    )
