"""Who may open every DHR route, role by role, including the DHR-cleared roles.

`ROUTES` lists every route of dhr/urls.py (a test fails when one is added without a case);
tests/plans/test_permissions.py counts them as covered. Without the partnership's DHR grant
every page answers "not found" (a 403 would confirm there is something there), except a
recommendation's own page and update form for its owner.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dhr import services
from dhr import urls as dhr_urls
from dhr.attachments import check_upload
from dhr.models import RecommendationUpdate
from tests.dhr.conftest import build_dhr

CLEARED = {"coordinator", "dhr_viewer"}  # coordinator (cleared) and a cleared viewer
ROLES = ["anonymous", "outsider", "viewer", "lead", "lead2", "coordinator", "dhr_viewer"]
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# route -> (the roles that get 200; the cleared roles that get 403 instead of 404)
ROUTES: dict[str, tuple[set[str], set[str]]] = {
    "dhr_register": (CLEARED, set()),
    "dhr_register_csv": (CLEARED, set()),
    "dhr_register_xlsx": (CLEARED, set()),
    "dhr_review_detail": (CLEARED, set()),
    "dhr_review_create": ({"coordinator"}, {"dhr_viewer"}),
    "dhr_review_update": ({"coordinator"}, {"dhr_viewer"}),
    "dhr_stage_record": ({"coordinator"}, {"dhr_viewer"}),
    "dhr_review_progress": ({"coordinator"}, {"dhr_viewer"}),
    "dhr_recommendation_create": ({"coordinator"}, {"dhr_viewer"}),
    "dhr_recommendation_edit": ({"coordinator"}, {"dhr_viewer"}),
    "dhr_recommendation_detail": (CLEARED | {"lead"}, set()),
    "dhr_recommendation_update": ({"coordinator", "lead"}, {"dhr_viewer"}),
    "dhr_recommendation_review": ({"coordinator"}, {"dhr_viewer"}),
    "dhr_read_log": ({"coordinator"}, {"dhr_viewer"}),
    "attachment_upload": ({"coordinator"}, {"dhr_viewer"}),
    "attachment_download": (CLEARED, set()),
}


@pytest.fixture
def dhr_objects(world):
    objects = build_dhr(world)
    objects.update = services.recommendation_update_save(
        recommendation=objects.recommendation,
        author=world.users["lead"],
        content=services.RecommendationContent(narrative="Training booked.", rag=world.rag("green")),
        expected_state="new",
        submit=True,
    )
    checked = check_upload(SimpleUploadedFile("panel-minutes.pdf", PDF))
    objects.attachment = services.attachment_add(
        parent=objects.review, checked=checked, user=world.users["coordinator"]
    )
    return objects


def dhr_url(name: str, world, objects) -> str:
    slug = world.partnership.slug
    review, recommendation = objects.review.pk, objects.recommendation.pk
    args = {
        "dhr_register": [],
        "dhr_register_csv": [],
        "dhr_register_xlsx": [],
        "dhr_review_create": [],
        "dhr_read_log": [],
        "dhr_review_detail": [review],
        "dhr_review_update": [review],
        "dhr_stage_record": [review],
        "dhr_review_progress": [review],
        "dhr_recommendation_create": [review],
        "dhr_recommendation_detail": [recommendation],
        "dhr_recommendation_edit": [recommendation],
        "dhr_recommendation_update": [recommendation],
        "dhr_recommendation_review": [objects.update.pk],
        "attachment_upload": ["review", review],
        "attachment_download": [objects.attachment.pk],
    }[name]
    return reverse(name, args=[slug, *args])


def expected(name: str, role: str) -> int:
    allowed, forbidden = ROUTES[name]
    if role == "anonymous":
        return 302
    if role in allowed:
        return 200
    return 403 if role in forbidden else 404


CASES = [(name, role, expected(name, role)) for name in sorted(ROUTES) for role in ROLES]


def login(client, world, role: str) -> None:
    if role != "anonymous":
        client.force_login(world.users[role])


def test_every_dhr_route_has_cases():
    assert {p.name for p in dhr_urls.urlpatterns} == set(ROUTES)


@pytest.mark.parametrize(("name", "role", "status"), CASES)
def test_get_status_per_role(client, world, dhr_objects, name, role, status):
    login(client, world, role)
    response = client.get(dhr_url(name, world, dhr_objects))
    assert response.status_code == status


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_not_found_page_says_nothing_of_the_register(client, world, dhr_objects, name):
    login(client, world, "viewer")
    response = client.get(dhr_url(name, world, dhr_objects))
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("h1").get_text(strip=True) == "Page not found"
    assert "DHR" not in page.title.get_text() and "Homicide" not in page.get_text()


POSTS = {
    "dhr_review_create": {
        "reference": "NEW-1",
        "area": "X",
        "notification_date": "2025-01-01",
        "decision": "pending",
    },
    "dhr_review_update": {
        "reference": "CHANGED",
        "area": "X",
        "notification_date": "2025-01-01",
        "decision": "pending",
    },
    "dhr_stage_record": {"stage": "draft_report", "date": "2025-05-01"},
    "dhr_review_progress": {"narrative": "Changed", "rag": "1"},
    "dhr_recommendation_create": {"text": "New", "owner_organisation": "1", "due_date": "2026-01-01"},
    "dhr_recommendation_edit": {"text": "Changed", "owner_organisation": "1", "due_date": "2026-01-01"},
    "dhr_recommendation_update": {"narrative": "Changed", "state": "new", "save": "1"},
    "dhr_recommendation_review": {"accept": "1"},
}


def snapshot(objects) -> tuple:
    from dhr.models import Recommendation, Review, ReviewProgress, StageEvent

    return (
        list(Review.objects.values_list("reference", "stage")),
        StageEvent.objects.count(),
        ReviewProgress.objects.count(),
        list(Recommendation.objects.values_list("text", "due_date")),
        list(RecommendationUpdate.objects.values_list("status", "narrative")),
    )


@pytest.mark.parametrize("role", ["viewer", "lead2", "dhr_viewer", "outsider"])
@pytest.mark.parametrize("name", sorted(POSTS))
def test_a_refused_post_changes_nothing(client, world, dhr_objects, name, role):
    if name == "dhr_recommendation_update" and role == "lead":
        return
    before = snapshot(dhr_objects)
    login(client, world, role)
    response = client.post(dhr_url(name, world, dhr_objects), POSTS[name])
    assert response.status_code in {403, 404}
    assert snapshot(dhr_objects) == before


def test_owner_without_the_grant_sees_only_the_text_and_due_date(client, world, dhr_objects):
    login(client, world, "lead")
    response = client.get(dhr_url("dhr_recommendation_detail", world, dhr_objects))
    page = BeautifulSoup(response.content, "html.parser")
    text = page.get_text()
    assert "coercive control" in text
    assert "30 June 2025" in text
    assert dhr_objects.review.reference not in text
    assert "DHR register" not in text


def test_owner_cannot_open_another_owners_recommendation(client, world, dhr_objects):
    login(client, world, "lead")
    url = reverse("dhr_recommendation_detail", args=["home", dhr_objects.recommendation2.pk])
    assert client.get(url).status_code == 404


def test_review_of_another_partnership_is_not_found_under_this_one(client, world, dhr_objects):
    login(client, world, "coordinator")
    url = reverse("dhr_review_detail", args=["home", dhr_objects.other_review.pk])
    assert client.get(url).status_code == 404


def test_coordinator_without_the_grant_is_told_nothing_exists(client, world, dhr_objects):
    membership = world.users["coordinator"].memberships.get()
    membership.can_see_dhr = False
    membership.save()
    login(client, world, "coordinator")
    assert client.get(dhr_url("dhr_register", world, dhr_objects)).status_code == 404
    assert client.get(dhr_url("dhr_review_create", world, dhr_objects)).status_code == 404


def test_nav_shows_the_register_only_to_cleared_members(client, world, dhr_objects):
    for role, shown in [("coordinator", True), ("dhr_viewer", True), ("viewer", False), ("lead", False)]:
        client.force_login(world.users[role])
        page = BeautifulSoup(client.get(reverse("partnership_detail", args=["home"])).content, "html.parser")
        links = [a.get_text(strip=True) for a in page.select("nav a")]
        assert ("DHR register" in links) is shown, role


def test_upload_of_plan_evidence_follows_the_plan_rules(client, world, dhr_objects):
    login(client, world, "viewer")
    url = reverse("attachment_upload", args=["home", "action", world.action.pk])
    assert client.get(url).status_code == 403
    login(client, world, "coordinator")
    assert client.get(url).status_code == 200
    assert client.get(reverse("attachment_upload", args=["home", "nonsense", 1])).status_code == 404


def test_stage_dates_in_the_future_are_refused(client, world, dhr_objects):
    login(client, world, "coordinator")
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        dhr_url("dhr_stage_record", world, dhr_objects), {"stage": "draft_report", "date": future}
    )
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert "The date cannot be in the future." in page.select_one(".govuk-error-summary").get_text()
