import datetime
from decimal import Decimal

import factory

from indicators.models import Indicator, IndicatorValue
from tests.factories import PartnershipFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "incidents"
    direction = Indicator.Direction.LOWER
    period_kind = Indicator.PeriodKind.QUARTER


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period_start = datetime.date(2024, 4, 1)
    value = Decimal(10)
