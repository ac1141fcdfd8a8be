"""Who may open every route of public/urls.py, role by role.

`ROUTES` lists them all (a test fails when one is added without a case here);
tests/plans/test_permissions.py counts these as covered.
"""

import pytest
from django.urls import reverse

from public import urls as public_urls

MEMBERS = ["viewer", "lead", "lead2", "coordinator"]
ROLES = ["anonymous", "outsider", *MEMBERS]
EVERYONE = set(ROLES)

# route -> who gets 200 (once the plan is published); "coordinator only" pages give other members
# 403, the outsider 404 and anonymous a redirect to log in.
ROUTES = {
    "public_plan": EVERYONE,
    "public_action": EVERYONE,
    "public_plan_csv": EVERYONE,
    "public_rag_css": EVERYONE,
    "public_accessibility": EVERYONE,
    "public_settings": {"coordinator"},
    "public_preview": {"coordinator"},
    "public_preview_action": {"coordinator"},
}
PUBLISHED_ONLY = {"public_plan", "public_action", "public_plan_csv", "public_rag_css"}


def url_for(name: str, world) -> str:
    slug, plan, action = world.partnership.slug, world.plan.pk, world.action.pk
    args = {
        "public_plan": [slug, plan],
        "public_action": [slug, plan, action],
        "public_plan_csv": [slug, plan],
        "public_rag_css": [slug],
        "public_accessibility": [],
        "public_settings": [slug, plan],
        "public_preview": [slug, plan],
        "public_preview_action": [slug, plan, action],
    }[name]
    return reverse(name, args=args)


def expected(name: str, role: str) -> int:
    allowed = ROUTES[name]
    if role in allowed:
        return 200
    if role == "anonymous":
        return 302
    return 404 if role == "outsider" else 403


CASES = [(name, role, expected(name, role)) for name in sorted(ROUTES) for role in ROLES]


def test_every_public_route_has_cases():
    assert {p.name for p in public_urls.urlpatterns} == set(ROUTES)


@pytest.mark.parametrize(("name", "role", "status"), CASES)
def test_status_per_role(client, world, published, name, role, status):
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.get(url_for(name, world))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(PUBLISHED_ONLY))
@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_an_unpublished_plan_is_not_found_by_anyone(client, world, name, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    assert client.get(url_for(name, world)).status_code == 404


@pytest.mark.parametrize("name", ["public_plan", "public_action", "public_plan_csv"])
def test_a_published_plan_that_is_no_longer_live_is_not_found(client, world, published, name):
    world.plan.status = world.plan.Status.ARCHIVED
    world.plan.save()
    assert client.get(url_for(name, world)).status_code == 404


def test_another_partnerships_action_is_not_found_under_this_plan(client, world, published):
    other_action = world.other_plan.actions.get()
    url = reverse("public_action", args=["home", world.plan.pk, other_action.pk])
    assert client.get(url).status_code == 404


def test_a_plan_is_not_found_under_another_partnerships_address(client, world, published):
    assert client.get(reverse("public_plan", args=["other", world.plan.pk])).status_code == 404
