"""An assessment of 2025/26 for the home partnership, reviewing the world's plan, with a yearly
indicator holding ten years of values (two of them by town) and the population recorded."""

import datetime
from decimal import Decimal

import pytest

from assessments.models import StrategicAssessment
from assessments.services import assessment_create
from indicators.models import Indicator, IndicatorValue, Population


@pytest.fixture
def crime(world) -> Indicator:
    indicator = Indicator.objects.create(
        partnership=world.partnership,
        name="Total recorded crime",
        unit="crimes",
        period_kind=Indicator.PeriodKind.YEAR,
    )
    for i, year in enumerate(range(2016, 2026)):
        IndicatorValue.objects.create(
            indicator=indicator, period_start=datetime.date(year, 4, 1), value=Decimal(6000 - 100 * i)
        )
        Population.objects.create(partnership=world.partnership, year=year, population=100_000)
    for year, town, value in [
        (2024, "Marshfield", 3000),
        (2025, "Marshfield", 2800),
        (2025, "Cotterell", 700),
    ]:
        IndicatorValue.objects.create(
            indicator=indicator, period_start=datetime.date(year, 4, 1), area=town, value=Decimal(value)
        )
    return indicator


@pytest.fixture
def assessment(world) -> StrategicAssessment:
    return assessment_create(
        assessment=StrategicAssessment(
            partnership=world.partnership,
            year=2025,
            title="Strategic assessment 2025/26",
            assessment_date=datetime.date(2026, 1, 15),
            author="Ana Lyst",
            coverage="Home district",
            period_covered="April 2025 to March 2026",
            reviewed_plan=world.plan,
        ),
        user=world.users["coordinator"],
    )
