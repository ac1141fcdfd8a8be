"""The DHR demo: two fictional reviews at different stages, recommendations with one overdue, and
the demo logins' DHR access."""

import pytest
from django.urls import reverse

from dhr.models import Recommendation, Review
from dhr.selectors import register
from partners.models import Membership, Partnership
from tests.reports.conftest import demo  # noqa: F401  the demo, built once for the module


@pytest.fixture
def marshfield(demo, db):  # noqa: F811
    return Partnership.objects.get(slug="marshfield")


def test_two_reviews_at_different_stages(marshfield):
    stages = set(Review.objects.filter(partnership=marshfield).values_list("stage", flat=True))
    assert stages == {"published", "panel"}


def test_one_review_has_recommendations_and_one_is_overdue(marshfield):
    coordinator = Membership.objects.get(partnership=marshfield, user__username="coordinator").user
    lines = {line.review.stage: line for line in register(coordinator, marshfield)}
    assert lines["published"].clocks.recommendations_total == 3
    assert lines["published"].clocks.recommendations_overdue == 1
    assert lines["panel"].clocks.recommendations_total == 0
    assert lines["panel"].clocks.stage_is_late  # 100 days at panel, 90 expected


def test_the_lead_login_owns_the_overdue_recommendation_without_dhr_access(client, marshfield):
    lead = Membership.objects.get(partnership=marshfield, user__username="lead")
    assert not lead.can_see_dhr
    overdue = [r for r in Recommendation.objects.owned_by(lead.user) if r.is_overdue()]
    assert len(overdue) == 1
    client.force_login(lead.user)
    assert client.get(reverse("dhr_register", args=["marshfield"])).status_code == 404
    assert (
        client.get(reverse("dhr_recommendation_detail", args=["marshfield", overdue[0].pk])).status_code
        == 200
    )
