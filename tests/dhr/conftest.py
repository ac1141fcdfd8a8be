"""DHR fixtures on top of the shared `world`.

`coordinator` already holds the DHR grant in `world`; here `dhr_viewer` (a viewer with the grant)
joins. Review 1 carries the canary string in its reference, area and summary; its recommendation
1 is led by `lead` (no grant) and overdue; recommendation 2 by `lead2`.
"""

import datetime
from dataclasses import dataclass

import pytest

from dhr import services
from dhr.models import Recommendation, Review, Stage
from partners.models import Membership
from tests import factories

CANARY = "Zqx7Canary"


@dataclass
class DhrWorld:
    review: Review
    other_review: Review
    recommendation: Recommendation
    recommendation2: Recommendation


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def build_dhr(world) -> DhrWorld:
    coordinator = world.users["coordinator"]
    dhr_viewer = factories.UserFactory(username="dhr_viewer", first_name="Dhr_Viewer")
    factories.MembershipFactory(
        user=dhr_viewer, partnership=world.partnership, role=Membership.Role.VIEWER, can_see_dhr=True
    )
    world.users["dhr_viewer"] = dhr_viewer
    review = services.review_create(
        partnership=world.partnership,
        user=coordinator,
        reference=f"{CANARY}-01",
        area=f"{CANARY} town",
        notification_date=datetime.date(2025, 1, 10),
        summary=f"The case of {CANARY}.",
        chair="A. Chair",
    )
    services.stage_record(review=review, stage=Stage.PANEL, date=datetime.date(2025, 3, 1), user=coordinator)
    other_review = services.review_create(
        partnership=world.other_partnership,
        user=coordinator,
        reference="OTHER-01",
        area="Elsewhere",
        notification_date=datetime.date(2025, 2, 1),
    )
    recommendation = services.recommendation_save(
        recommendation=Recommendation(
            review=review,
            text="Train call handlers to ask about coercive control.",
            owner_organisation=world.police,
            lead_officer=world.lead_person,
            due_date=datetime.date(2025, 6, 30),
        )
    )
    recommendation2 = services.recommendation_save(
        recommendation=Recommendation(
            review=review,
            text="Share housing flags with the MARAC.",
            owner_organisation=world.council,
            lead_officer=world.lead2_person,
            due_date=datetime.date(2099, 6, 30),
        )
    )
    return DhrWorld(review, other_review, recommendation, recommendation2)


@pytest.fixture
def dhr(world) -> DhrWorld:
    return build_dhr(world)
