"""The demo holds what issue 17 promises: an issued assessment of last year that recommended
this year's themes, ten years of yearly values for a few indicators, one duty late."""

import pytest
from django.db import transaction
from django.utils import timezone

from assessments.calendar import LATE, duty_lines
from assessments.models import StrategicAssessment
from csp_tracker.periods import financial_year_of
from indicators.models import Indicator
from plans.demo_data import demo_load
from plans.models import Plan


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def marshfield_plan(demo, db) -> Plan:
    return Plan.objects.select_related("partnership").get(
        partnership__slug="marshfield", status=Plan.Status.LIVE
    )


def test_an_issued_assessment_of_last_year_recommended_this_years_themes(marshfield_plan):
    partnership = marshfield_plan.partnership
    assessment = StrategicAssessment.objects.get(partnership=partnership)
    assert assessment.status == StrategicAssessment.Status.ISSUED
    assert assessment.year == financial_year_of(timezone.localdate(), partnership.year_start_month) - 1
    recommended = {r.theme for r in assessment.recommendations.all()}
    assert recommended == set(marshfield_plan.themes.all())
    assert "Total crime" in assessment.snapshot_html


def test_ten_years_of_yearly_values_for_a_few_indicators(marshfield_plan):
    yearly = Indicator.objects.filter(
        partnership=marshfield_plan.partnership,
        name__in=["Total recorded crime", "Shoplifting offences", "Scams reported to Action Fraud"],
    )
    assert yearly.count() == 3
    for indicator in yearly:
        years = {v.period_start.year for v in indicator.values.filter(area="")}
        assert len(years) >= 9 and max(years) - min(years) == 9, indicator.name
    assert marshfield_plan.partnership.populations.count() == 10


def test_the_calendar_has_exactly_one_duty_late(marshfield_plan):
    lines = duty_lines(marshfield_plan.partnership, timezone.localdate())
    assert [line.duty.kind for line in lines if line.state == LATE] == ["svd_strategy"]
    assert any(line.duty.assessment_id for line in lines)
