"""Demo indicators with several years of values, some by town; called from `load_demo`.

Figures are invented, deterministic for a partnership and dated relative to today, so the
latest complete quarter or year always has a value.
"""

import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from csp_tracker.periods import Quarter, financial_year_of, year_label
from indicators.models import Indicator, IndicatorValue
from partners.models import Partnership
from plans.models import Plan

TOWNS = {"Marshfield": 260, "Saltmarsh": 120, "Cotterell": 70}
QUARTERS_OF_ASB = 12
YEARS = 5


def _theme(partnership: Partnership, *words: str):
    plan = partnership.plans.filter(status=Plan.Status.LIVE).order_by("-start_date").first()
    if plan is None:
        return None
    for theme in plan.themes.all():
        if any(word in theme.title.lower() for word in words):
            return theme
    return None


@transaction.atomic
def load_indicator_demo(partnership: Partnership) -> int:
    """Add the demo indicators to a partnership that has none; return how many were added."""
    if partnership.indicators.exists():
        return 0
    rng = random.Random(f"indicators-{partnership.slug}")
    start_month = partnership.year_start_month
    today = timezone.localdate()
    last_quarter = Quarter.containing(today, start_month).previous()
    this_year = financial_year_of(today, start_month)
    first_year = this_year - YEARS

    def create(**fields) -> Indicator:
        indicator = Indicator(partnership=partnership, **fields)
        indicator.full_clean()
        indicator.save()
        return indicator

    asb = create(
        name="ASB incidents reported to the police",
        theme=_theme(partnership, "anti-social", "asb"),
        unit="incidents",
        direction=Indicator.Direction.LOWER,
        period_kind=Indicator.PeriodKind.QUARTER,
        baseline_value=Decimal(sum(TOWNS.values())),
        baseline_period=f"Quarterly average {year_label(this_year - 3, start_month)}",
        target_value=Decimal(400),
        target_period="Each quarter",
        description="Police-recorded anti-social behaviour incidents, by town.",
    )
    quarters = [last_quarter]
    while len(quarters) < QUARTERS_OF_ASB:
        quarters.insert(0, quarters[0].previous())
    values = []
    for index, quarter in enumerate(quarters):
        summer = 1.15 if quarter.number == 2 else 1.0  # ASB rises in the summer months
        trend = 1 - 0.015 * index
        for town, level in TOWNS.items():
            count = round(level * summer * trend * rng.uniform(0.9, 1.1))
            values.append(IndicatorValue(indicator=asb, period_start=quarter.start, area=town, value=count))

    da = create(
        name="Domestic abuse crimes per 1,000 population",
        theme=_theme(partnership, "domestic"),
        unit="crimes per 1,000 people",
        direction=Indicator.Direction.LOWER,
        period_kind=Indicator.PeriodKind.YEAR,
        baseline_value=Decimal("11.8"),
        baseline_period=year_label(first_year, start_month),
        target_value=Decimal("10.5"),
        target_period=year_label(this_year - 1, start_month),
        description="Police-recorded domestic abuse crimes per 1,000 residents (mid-year population).",
    )
    rate = Decimal("11.8")
    for year in range(first_year, this_year):
        values.append(
            IndicatorValue(indicator=da, period_start=Quarter(year, 1, start_month).start, value=rate)
        )
        rate = (rate + Decimal(str(rng.uniform(-0.6, 0.3)))).quantize(Decimal("0.1"))

    ksi = create(
        name="People killed or seriously injured on the roads (KSI)",
        theme=_theme(partnership, "road", "ksi"),
        unit="casualties",
        direction=Indicator.Direction.LOWER,
        period_kind=Indicator.PeriodKind.YEAR,
        baseline_value=Decimal(51),
        baseline_period=year_label(this_year - 3, start_month),
        target_value=Decimal(43),
        target_period="Each year",
        description="Casualties killed or seriously injured in road collisions in the district.",
    )
    for offset, count in enumerate([56, 49, 51, 47, 45][-YEARS:]):
        year = first_year + offset
        values.append(
            IndicatorValue(indicator=ksi, period_start=Quarter(year, 1, start_month).start, value=count)
        )
    for value in values:
        value.normalise_period()
        value.full_clean()
    IndicatorValue.objects.bulk_create(values)
    return 3
