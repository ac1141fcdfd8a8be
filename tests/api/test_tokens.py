"""Personal access tokens: shown once, stored hashed, expiring, revocable, never wider than their user."""

import base64
import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, token_digest
from api.services import token_create
from api.throttling import TokenRateThrottle
from partners.models import Membership
from tests import factories
from tests.api.conftest import bearer


def plan_ids(client, raw: str) -> set[int]:
    response = client.get(reverse("api-plan-list") + "?format=feed", **bearer(raw))
    assert response.status_code == 200
    return {plan["id"] for plan in response.json()}


def test_only_the_digest_is_stored(world):
    token, raw = token_create(user=world.users["viewer"], name="Excel", days=30)
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert stored["digest"] == token_digest(raw)
    assert raw not in {str(value) for value in stored.values()}
    assert raw.startswith(stored["hint"]) and len(stored["hint"]) < len(raw) // 3


def test_the_account_page_shows_a_new_token_once(client, world):
    client.force_login(world.users["viewer"])
    response = client.post(reverse("account"), {"name": "Power BI", "days": "90", "partnership": ""})
    page = BeautifulSoup(response.content, "html.parser")
    raw = page.find(attrs={"data-testid": "token-value"}).get_text(strip=True)
    assert ApiToken.objects.get(user=world.users["viewer"]).digest == token_digest(raw)
    again = BeautifulSoup(client.get(reverse("account")).content, "html.parser")
    assert again.find(attrs={"data-testid": "token-value"}) is None
    assert raw not in again.get_text()
    assert "Power BI" in again.find(attrs={"data-testid": "tokens"}).get_text()
    assert plan_ids(client, raw) == {world.plan.pk}


def test_the_form_names_what_is_missing(client, world):
    client.force_login(world.users["viewer"])
    response = client.post(reverse("account"), {"name": "", "days": "90"})
    assert response.status_code == 400
    summary = BeautifulSoup(response.content, "html.parser").find(class_="govuk-error-summary")
    assert "required" in summary.get_text()
    assert not ApiToken.objects.exists()


def test_a_token_sees_only_its_users_partnerships(client, world):
    _token, raw = token_create(user=world.users["outsider"], name="x", days=30)
    assert plan_ids(client, raw) == {world.other_plan.pk}


def test_a_token_narrowed_to_one_partnership_sees_only_that_one(client, world):
    user = world.users["viewer"]
    factories.MembershipFactory(user=user, partnership=world.other_partnership, role="viewer")
    _wide, wide = token_create(user=user, name="all", days=30)
    _narrow, narrow = token_create(user=user, name="home only", days=30, partnership=world.partnership)
    assert plan_ids(client, wide) == {world.plan.pk, world.other_plan.pk}
    assert plan_ids(client, narrow) == {world.plan.pk}
    other_url = reverse("api-plan-detail", args=[world.other_plan.pk])
    assert client.get(other_url, **bearer(narrow)).status_code == 404


def test_a_token_cannot_be_narrowed_to_someone_elses_partnership(world):
    with pytest.raises(ValidationError):
        token_create(user=world.users["viewer"], name="x", days=30, partnership=world.other_partnership)


def test_losing_a_membership_takes_the_tokens_access_with_it(client, world):
    _token, raw = token_create(user=world.users["viewer"], name="x", days=30)
    Membership.objects.filter(user=world.users["viewer"]).delete()
    assert plan_ids(client, raw) == set()


def test_an_expired_token_is_refused(client, world):
    token, raw = token_create(user=world.users["viewer"], name="x", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("api-plan-list"), **bearer(raw))
    assert response.status_code == 401
    assert "expired or revoked" in response.json()["detail"]


def test_expiry_is_limited_to_a_year(world):
    with pytest.raises(ValidationError):
        token_create(user=world.users["viewer"], name="x", days=367)


def test_a_revoked_token_is_refused(client, world):
    token, raw = token_create(user=world.users["viewer"], name="x", days=30)
    client.force_login(world.users["viewer"])
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    client.logout()
    assert client.get(reverse("api-plan-list"), **bearer(raw)).status_code == 401
    assert ApiToken.objects.get(pk=token.pk).state == "Revoked"


def test_nobody_revokes_someone_elses_token(client, world):
    token, raw = token_create(user=world.users["viewer"], name="x", days=30)
    client.force_login(world.users["coordinator"])
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert plan_ids(client, raw) == {world.plan.pk}


def test_a_wrong_token_is_refused(client, world):
    assert client.get(reverse("api-plan-list"), **bearer("csp_not-a-real-token")).status_code == 401


def test_an_inactive_users_token_is_refused(client, world):
    _token, raw = token_create(user=world.users["viewer"], name="x", days=30)
    world.users["viewer"].is_active = False
    world.users["viewer"].save()
    assert client.get(reverse("api-plan-list"), **bearer(raw)).status_code == 401


def test_basic_sign_in_with_the_token_as_password_works(client, world):
    _token, raw = token_create(user=world.users["viewer"], name="Power BI", days=30)
    credentials = base64.b64encode(f"anyone:{raw}".encode()).decode()
    response = client.get(reverse("api-plan-list"), HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_use_is_recorded(client, world):
    token, raw = token_create(user=world.users["viewer"], name="x", days=30)
    client.get(reverse("api-plan-list"), **bearer(raw))
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_calls_are_rate_limited_per_token(client, world, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})
    _token, raw = token_create(user=world.users["viewer"], name="x", days=30)
    statuses = [client.get(reverse("api-plan-list"), **bearer(raw)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    _other, other = token_create(user=world.users["lead"], name="y", days=30)
    assert client.get(reverse("api-plan-list"), **bearer(other)).status_code == 200
