"""Who may call every API route, role by role, with their own token; and the account pages.

`ROUTES` lists every named route of api/urls.py (a test fails when one is added without a case
here); tests/plans/test_permissions.py counts these as covered.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, reverse

from api import urls as api_urls
from api.models import ApiToken
from indicators.models import Indicator, IndicatorValue
from plans.models import ProgressUpdate, TargetFigure
from tests import factories
from tests.api.conftest import bearer

MEMBERS = ["viewer", "lead", "lead2", "coordinator"]
ROLES = ["anonymous", "outsider", *MEMBERS]
DATASETS = ["plan", "theme", "action", "row", "target", "figure", "update", "indicator", "indicator-value"]

# name -> (how it is called, who succeeds, the status they get)
ROUTES: dict[str, tuple[str, set[str], int]] = {}
for dataset in DATASETS:
    ROUTES[f"api-{dataset}-list"] = ("token", set(ROLES) - {"anonymous"}, 200)
    ROUTES[f"api-{dataset}-detail"] = ("token", set(MEMBERS), 200)
ROUTES |= {
    "api_schema": ("session", set(ROLES), 200),
    "api_docs": ("session", set(ROLES), 200),
    "account": ("session", set(ROLES) - {"anonymous"}, 200),
    "api_token_revoke": ("session-post", {"coordinator"}, 302),  # the coordinator's own token
}


def route_names(patterns=None) -> set[str]:
    names = set()
    for entry in api_urls.urlpatterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            names |= route_names(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
    return names


@pytest.fixture
def objects(world):
    target = factories.TargetFactory(row=world.row_a)
    update = factories.ProgressUpdateFactory(row=world.row_a, rag=world.rag("amber"))
    indicator = Indicator.objects.create(partnership=world.partnership, name="KSI casualties")
    return {
        "plan": world.plan,
        "theme": world.action.theme,
        "action": world.action,
        "row": world.row_a,
        "target": target,
        "figure": TargetFigure.objects.create(update=update, target=target, value=12),
        "update": update,
        "indicator": indicator,
        "indicator-value": IndicatorValue.objects.create(
            indicator=indicator, period_start=datetime.date(2025, 4, 1), value=7
        ),
        "coordinator_token": ApiToken.objects.get(user=world.users["coordinator"]),
    }


def url_for(name: str, objects) -> str:
    if name.endswith("-detail"):
        return reverse(name, args=[objects[name.removeprefix("api-").removesuffix("-detail")].pk])
    if name == "api_token_revoke":
        return reverse(name, args=[objects["coordinator_token"].pk])
    return reverse(name)


def expected(name: str, role: str) -> int:
    how, allowed, status = ROUTES[name]
    if role in allowed:
        return status
    if role == "anonymous":
        return 401 if how == "token" else 302
    return 404


CASES = [(name, role, expected(name, role)) for name in sorted(ROUTES) for role in ROLES]


def test_every_api_route_has_cases():
    assert route_names() == set(ROUTES)


@pytest.mark.parametrize(("name", "role", "status"), CASES)
def test_status_per_role(client, world, tokens, objects, name, role, status):
    how = ROUTES[name][0]
    url = url_for(name, objects)
    if how == "token":
        response = client.get(url, **(bearer(tokens[role]) if role != "anonymous" else {}))
    else:
        if role != "anonymous":
            client.force_login(world.users[role])
        response = client.post(url) if how == "session-post" else client.get(url)
    assert response.status_code == status
    if status == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("dataset", DATASETS)
def test_a_logged_in_session_without_a_token_is_refused(client, world, dataset):
    client.force_login(world.users["coordinator"])
    assert client.get(reverse(f"api-{dataset}-list")).status_code == 401


@pytest.mark.parametrize("dataset", DATASETS)
def test_an_outsider_lists_nothing_of_another_partnership(client, world, tokens, objects, dataset):
    response = client.get(reverse(f"api-{dataset}-list") + "?format=feed", **bearer(tokens["outsider"]))
    ids = {record["id"] for record in response.json()}
    assert objects[dataset].pk not in ids


def test_drafts_submitted_and_returned_updates_never_leave(client, world, tokens, objects):
    hidden = [
        factories.ProgressUpdateFactory(row=world.row_a, status=status, narrative=f"{status} words")
        for status in (
            ProgressUpdate.Status.DRAFT,
            ProgressUpdate.Status.SUBMITTED,
            ProgressUpdate.Status.RETURNED,
        )
    ]
    response = client.get(reverse("api-update-list") + "?format=feed", **bearer(tokens["coordinator"]))
    ids = {record["id"] for record in response.json()}
    assert ids == {objects["update"].pk}
    for update in hidden:
        detail = client.get(reverse("api-update-detail", args=[update.pk]), **bearer(tokens["coordinator"]))
        assert detail.status_code == 404
