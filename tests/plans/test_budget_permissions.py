"""Who may use every budget and organisation route, role by role.

`ROUTES` lists every route of plans/budget_urls.py and partners/organisation_urls.py (a test
below fails when one is added without a case here); tests/plans/test_permissions.py counts
these as covered.
"""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from partners import organisation_urls
from partners.models import ResourceCommitment
from plans import budget_urls
from plans.models import Allocation, FundingSource, Plan, Spend

MEMBERS = ["viewer", "lead", "lead2", "coordinator"]
ROLES = ["anonymous", "outsider", *MEMBERS]

# route -> (method, the members who succeed, the status they get); other members get 403.
# The fixture lets lead officers record spend, and row A (led by `lead`) has an allocation.
ROUTES = {
    "plan_budget": ("get", MEMBERS, 200),
    "budget_settings": ("post", ["coordinator"], 302),
    "funding_source_create": ("get", ["coordinator"], 200),
    "funding_source_update": ("get", ["coordinator"], 200),
    "allocation_create": ("get", ["coordinator"], 200),
    "allocation_update": ("get", ["coordinator"], 200),
    "spend_create": ("get", ["coordinator", "lead"], 200),
    "spend_update": ("get", ["coordinator", "lead"], 200),
    "spend_delete": ("get", ["coordinator", "lead"], 200),  # the confirmation page; removing is its POST
    "funding_source_delete": ("get", ["coordinator"], 200),
    "allocation_delete": ("get", ["coordinator"], 200),
    "organisation_detail": ("get", MEMBERS, 200),
    "commitment_create": ("get", ["coordinator"], 200),
    "commitment_update": ("get", ["coordinator"], 200),
}


def url_for(name: str, world, money) -> str:
    slug, plan = world.partnership.slug, world.plan.pk
    args = {
        "funding_source_update": [slug, plan, money.grant.pk],
        "allocation_update": [slug, plan, money.row_a_allocation.pk],
        "spend_create": [slug, plan, money.row_a_allocation.pk],
        "spend_update": [slug, plan, money.row_a_allocation.pk, money.spend.pk],
        "spend_delete": [slug, plan, money.row_a_allocation.pk, money.spend.pk],
        "funding_source_delete": [slug, plan, money.grant.pk],
        "allocation_delete": [slug, plan, money.row_a_allocation.pk],
        "organisation_detail": [slug, world.police.pk],
        "commitment_create": [slug, world.police.pk],
        "commitment_update": [slug, world.police.pk, money.commitment.pk],
    }.get(name, [slug, plan])
    return reverse(name, args=args)


def expected(name: str, role: str) -> int:
    _method, allowed, status = ROUTES[name]
    if role == "anonymous":
        return 302
    if role == "outsider":
        return 404
    return status if role in allowed else 403


CASES = [(name, role, expected(name, role)) for name in sorted(ROUTES) for role in ROLES]
WRITE_ROUTES = sorted(n for n in ROUTES if n not in {"plan_budget", "organisation_detail"})


def snapshot() -> dict:
    models = [FundingSource, Allocation, Allocation.sources.through, Spend, ResourceCommitment, Plan]
    return {m.__name__: sorted(map(repr, m.objects.values_list())) for m in models}


HOSTILE = {
    "name": "Hijacked",
    "amount": "99999",
    "status": "received",
    "received_on": "2025-05-05",
    "carry_over_amount": "1",
    "new_amount": "99999",
    "note": "Hijacked",
    "spent_on": "2025-07-01",
    "description": "Hijacked",
    "leads_record_spend": "",
}


def test_every_money_route_has_cases():
    names = {p.name for p in budget_urls.urlpatterns} | {p.name for p in organisation_urls.urlpatterns}
    assert names == set(ROUTES)


@pytest.mark.parametrize(("name", "role", "status"), CASES)
def test_status_per_role(client, world, money, name, role, status):
    if role != "anonymous":
        client.force_login(world.users[role])
    method, _allowed, _status = ROUTES[name]
    url = url_for(name, world, money)
    response = client.post(url, {}) if method == "post" else client.get(url)
    assert response.status_code == status


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r[0] == "get"))
def test_forbidden_or_not_found_pages_say_so(client, world, money, name):
    client.force_login(world.users["outsider"])
    soup = BeautifulSoup(client.get(url_for(name, world, money)).content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Page not found"


@pytest.mark.parametrize("role", ["anonymous", "outsider", "viewer", "lead2"])
@pytest.mark.parametrize("name", WRITE_ROUTES)
def test_posts_by_those_not_allowed_change_nothing(client, world, money, name, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    before = snapshot()
    data = HOSTILE | {"action": world.action.pk, "sources": [money.pledge.pk]}
    response = client.post(url_for(name, world, money), data)
    assert response.status_code in {302, 403, 404}
    assert snapshot() == before


def test_lead_cannot_record_spend_when_the_plan_does_not_allow_it(client, world, money):
    Plan.objects.filter(pk=world.plan.pk).update(leads_record_spend=False)
    client.force_login(world.users["lead"])
    assert client.get(url_for("spend_create", world, money)).status_code == 403


def test_lead_of_one_row_may_record_spend_on_a_whole_action_allocation(client, world, money):
    client.force_login(world.users["lead2"])
    url = reverse("spend_create", args=[world.partnership.slug, world.plan.pk, money.action_allocation.pk])
    assert client.get(url).status_code == 200


def test_lead_cannot_manage_the_budget_with_leads_allowed_to_spend(client, world, money):
    client.force_login(world.users["lead"])
    assert client.get(url_for("allocation_update", world, money)).status_code == 403


def test_allocation_of_another_plan_is_not_found(client, world, money):
    from tests import factories

    second = factories.PlanFactory(partnership=world.partnership, title="Second")
    client.force_login(world.users["coordinator"])
    url = reverse("spend_create", args=[world.partnership.slug, second.pk, money.row_a_allocation.pk])
    assert client.get(url).status_code == 404


def test_outsider_cannot_open_home_organisation_under_their_own_slug(client, world, money):
    client.force_login(world.users["outsider"])
    url = reverse("organisation_detail", args=[world.other_partnership.slug, world.police.pk])
    assert client.get(url).status_code == 404
