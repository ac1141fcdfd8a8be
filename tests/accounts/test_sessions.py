"""Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after login;
deactivating a login or removing a membership ends that person's sessions at once."""

import time

import pytest
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.session_policy import LOGIN_AT, SEEN_AT
from partners.models import Membership


def age_session(client, *, login_seconds_ago: int, seen_seconds_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[LOGIN_AT] = now - login_seconds_ago
    session[SEEN_AT] = now - seen_seconds_ago
    session.save()


@pytest.fixture
def signed_in(client, world):
    client.force_login(world.users["viewer"])
    return client


def test_a_session_idle_for_more_than_30_minutes_is_signed_out(signed_in):
    age_session(signed_in, login_seconds_ago=3600, seen_seconds_ago=31 * 60)
    response = signed_in.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=%2F"
    assert any("30 minutes without activity" in str(m) for m in get_messages(response.wsgi_request))
    assert signed_in.get(reverse("home")).status_code == 302


def test_a_session_active_within_the_idle_time_carries_on(signed_in):
    age_session(signed_in, login_seconds_ago=9 * 3600, seen_seconds_ago=29 * 60)
    assert signed_in.get(reverse("home")).status_code == 200


def test_activity_moves_the_idle_clock_on(signed_in):
    age_session(signed_in, login_seconds_ago=3600, seen_seconds_ago=20 * 60)
    signed_in.get(reverse("home"))
    assert time.time() - signed_in.session[SEEN_AT] < 5


def test_a_session_older_than_10_hours_ends_however_active(signed_in):
    age_session(signed_in, login_seconds_ago=10 * 3600 + 5, seen_seconds_ago=10)
    assert signed_in.get(reverse("home")).status_code == 302


def test_both_limits_come_from_settings(signed_in, settings):
    settings.SESSION_IDLE_MINUTES = 5
    age_session(signed_in, login_seconds_ago=60 * 6, seen_seconds_ago=60 * 6)
    assert signed_in.get(reverse("home")).status_code == 302


def test_the_autosave_endpoint_gets_401_json_not_a_login_page(signed_in):
    age_session(signed_in, login_seconds_ago=3600, seen_seconds_ago=31 * 60)
    response = signed_in.get(reverse("home"), HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["reason"] == "idle"


def sessions_of(user) -> int:
    return sum(1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk))


def test_deactivating_a_login_ends_its_sessions_at_once(client, world):
    lead, viewer = world.users["lead"], world.users["viewer"]
    client.force_login(lead)
    other = type(client)()
    other.force_login(viewer)
    lead.is_active = False
    lead.save()
    assert sessions_of(lead) == 0
    assert sessions_of(viewer) == 1
    assert client.get(reverse("home")).status_code == 302


def test_removing_a_membership_ends_that_persons_sessions(client, world):
    lead = world.users["lead"]
    client.force_login(lead)
    Membership.objects.get(user=lead).delete()
    assert sessions_of(lead) == 0


def test_cookie_lifetime_is_the_absolute_lifetime(settings):
    assert settings.SESSION_COOKIE_AGE == 10 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_stay_signed_in_restarts_the_idle_clock(signed_in):
    age_session(signed_in, login_seconds_ago=3600, seen_seconds_ago=26 * 60)
    response = signed_in.post(reverse("session_keep_alive"))
    assert response.status_code == 200
    assert response.json()["idle_seconds"] > 29 * 60


def test_the_update_form_carries_the_idle_timings_for_its_script(client, world):
    from bs4 import BeautifulSoup

    from plans.models import UpdateRound

    UpdateRound.objects.create(plan=world.plan, year=2025, quarter=3, due_date="2026-01-15")
    client.force_login(world.users["lead"])
    response = client.get(reverse("update_form", args=["home", world.plan.pk, world.row_a.pk]))
    form = BeautifulSoup(response.content, "html.parser").select_one("form[data-update-form]")
    assert (form["data-idle-seconds"], form["data-idle-warning-seconds"]) == ("1800", "300")
    assert form["data-keep-alive-url"] == reverse("session_keep_alive")


def test_a_promotion_that_needs_two_factor_signs_the_person_out_to_set_it_up(client, world, settings):
    settings.TWO_FACTOR_REQUIRED = True
    lead = world.users["lead"]
    client.force_login(lead)
    membership = Membership.objects.get(user=lead)
    membership.role = Membership.Role.COORDINATOR
    membership.save()
    assert sessions_of(lead) == 0


def test_a_change_that_does_not_need_two_factor_keeps_the_session(client, world, settings):
    settings.TWO_FACTOR_REQUIRED = True
    lead = world.users["lead"]
    client.force_login(lead)
    membership = Membership.objects.get(user=lead)
    membership.role = Membership.Role.VIEWER
    membership.save()
    assert sessions_of(lead) == 1
