"""Who may open and post to every dashboard, indicator and search page.

The routes are enumerated from indicators/urls.py, so a new view cannot escape. Viewers can
GET every dashboard page and can change nothing: the management pages answer 403 to their
POSTs, and the read-only pages accept no POST at all (405), both leaving the database as it was.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators import urls as indicator_urls
from indicators.models import Indicator, IndicatorValue
from plans.models import ProgressUpdate, ProjectRow, UpdateRound
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

ROLES = ["anonymous", "viewer", "lead", "lead2", "coordinator", "outsider"]
MEMBERS = frozenset({"viewer", "lead", "lead2", "coordinator"})
COORDINATOR = frozenset({"coordinator"})

# route name -> who gets 200 from a GET (other members 403), and whether it takes a POST
MATRIX: dict[str, tuple[frozenset, bool]] = {
    "plan_dashboard": (MEMBERS, False),
    "search": (MEMBERS, False),
    "indicator_dashboard": (MEMBERS, False),
    "indicator_detail": (MEMBERS, False),
    "indicator_create": (COORDINATOR, True),
    "indicator_update": (COORDINATOR, True),
    "indicator_value_create": (COORDINATOR, True),
    "indicator_value_update": (COORDINATOR, True),
    "indicator_values_upload": (COORDINATOR, True),
}


@pytest.fixture
def objects(world):
    indicator = IndicatorFactory(partnership=world.partnership, name="KSI casualties", target_value=43)
    value = IndicatorValueFactory(indicator=indicator, period_start=datetime.date(2024, 4, 1), value=47)
    UpdateRound.objects.create(plan=world.plan, year=2025, quarter=3, due_date=datetime.date(2026, 1, 15))
    return {"indicator": indicator, "value": value}


def url_for(name: str, world, objects, slug: str | None = None) -> str:
    slug = slug or world.partnership.slug
    indicator, value = objects["indicator"].pk, objects["value"].pk
    args = {
        "plan_dashboard": [slug, world.plan.pk],
        "search": [slug],
        "indicator_dashboard": [slug],
        "indicator_detail": [slug, indicator],
        "indicator_create": [slug],
        "indicator_update": [slug, indicator],
        "indicator_value_create": [slug, indicator],
        "indicator_value_update": [slug, indicator, value],
        "indicator_values_upload": [slug, indicator],
    }[name]
    return reverse(name, args=args)


def expected_status(name: str, role: str) -> int:
    if role == "anonymous":
        return 302
    if role == "outsider":
        return 404
    return 200 if role in MATRIX[name][0] else 403


def snapshot() -> dict:
    models = [Indicator, IndicatorValue, ProgressUpdate, ProjectRow, UpdateRound]
    return {model.__name__: sorted(map(repr, model.objects.values_list())) for model in models}


def hostile_post(world) -> dict:
    return {
        "name": "Hijacked",
        "unit": "x",
        "direction": "higher",
        "period_kind": "month",
        "period": "Q2 2024/25",
        "value": "1",
        "area": "Hijacked",
        "theme": world.action.theme_id,
        "rag": "red",
        "q": "x",
        "file": SimpleUploadedFile("v.csv", b"period,value\nQ3 2024/25,9\n", content_type="text/csv"),
    }


def login_as(client, world, role: str) -> None:
    if role != "anonymous":
        client.force_login(world.users[role])


def test_matrix_covers_every_route_of_the_app():
    assert set(MATRIX) == {pattern.name for pattern in indicator_urls.urlpatterns}


@pytest.mark.parametrize(("name", "role"), [(name, role) for name in sorted(MATRIX) for role in ROLES])
def test_get_status_per_role(client, world, objects, name, role):
    login_as(client, world, role)
    assert client.get(url_for(name, world, objects)).status_code == expected_status(name, role)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_is_sent_to_log_in_and_back(client, world, objects, name):
    url = url_for(name, world, objects)
    response = client.get(url)
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_outsider_sees_not_found_without_the_partnership_name(client, world, objects, name):
    login_as(client, world, "outsider")
    soup = BeautifulSoup(client.get(url_for(name, world, objects)).content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Page not found"
    assert world.partnership.name not in soup.get_text()


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_viewer_post_changes_nothing(client, world, objects, name):
    login_as(client, world, "viewer")
    before = snapshot()
    response = client.post(url_for(name, world, objects), hostile_post(world))
    takes_post = MATRIX[name][1]
    assert response.status_code == (403 if takes_post else 405)
    assert snapshot() == before


@pytest.mark.parametrize("role", ["lead", "lead2", "outsider", "anonymous"])
@pytest.mark.parametrize("name", sorted(n for n, (_who, takes_post) in MATRIX.items() if takes_post))
def test_non_coordinator_post_changes_nothing(client, world, objects, name, role):
    login_as(client, world, role)
    before = snapshot()
    response = client.post(url_for(name, world, objects), hostile_post(world))
    assert response.status_code == {"outsider": 404, "anonymous": 302}.get(role, 403)
    assert snapshot() == before


def test_outsider_cannot_reach_home_indicator_under_their_own_slug(client, world, objects):
    login_as(client, world, "outsider")
    for name in ["indicator_detail", "indicator_update", "indicator_value_update"]:
        assert client.get(url_for(name, world, objects, slug=world.other_partnership.slug)).status_code == 404


def test_viewer_sees_no_management_buttons(client, world, objects):
    login_as(client, world, "viewer")
    for name in ["indicator_dashboard", "indicator_detail"]:
        soup = BeautifulSoup(client.get(url_for(name, world, objects)).content, "html.parser")
        assert not soup.select("main .govuk-button")
        assert not soup.select("main form[method=post]")


def test_dashboard_pages_have_no_post_forms_for_a_viewer(client, world, objects):
    login_as(client, world, "viewer")
    for name in ["plan_dashboard", "search"]:
        soup = BeautifulSoup(client.get(url_for(name, world, objects)).content, "html.parser")
        assert not soup.select("main form[method=post]")
