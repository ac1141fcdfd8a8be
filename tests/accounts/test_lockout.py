"""Lockout counted three ways, each with its own limit (accounts/lockout.py): one username from one
address (AXES_FAILURE_LIMIT, 10), one address across usernames (LOGIN_FAILURES_PER_IP, 50), one
username across addresses (LOGIN_FAILURES_PER_USERNAME, 20). Each lockout writes one audit event
and shows the locked-out page."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as project_settings
from django.core.cache import cache
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import PASSWORD

LOCKOUT = AuditEvent.Kind.LOCKOUT
OFFICE = "192.0.2.10"


@pytest.fixture(autouse=True)
def only_axes_limits(settings):
    """The rate limits on the form (accounts/limits.py) are set aside, so that the lockout alone
    is measured; the project's own lockout limits are used."""
    settings.LOGIN_RATE_LIMIT = "1000/300"
    settings.AXES_FAILURE_LIMIT = project_settings.AXES_FAILURE_LIMIT
    cache.clear()
    yield
    cache.clear()


def attempt(client, username, password="Summer2026!!", address=OFFICE):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def locked_out(response) -> bool:
    heading = BeautifulSoup(response.content, "html.parser").h1
    return response.status_code == 429 and heading.get_text(strip=True) == "Login locked"


def lockouts() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=LOCKOUT).order_by("pk"))


def test_the_limits_are_the_documented_defaults():
    assert (
        project_settings.AXES_FAILURE_LIMIT,
        project_settings.LOGIN_FAILURES_PER_IP,
        project_settings.LOGIN_FAILURES_PER_USERNAME,
    ) == (10, 50, 20)


def test_one_password_across_60_usernames_from_one_address_stops_at_the_per_address_limit(client, world):
    answers = [locked_out(attempt(client, f"person{n}")) for n in range(1, 61)]
    assert answers.index(True) == 49  # the 50th failure locks the address
    assert all(answers[49:])
    first = lockouts()[0]
    assert first.detail == f"address {OFFICE}: 50 failed logins from this address across usernames"
    assert first.actor_name == "person50"


def test_the_lockout_writes_one_event_and_each_refused_attempt_one_more(client, world):
    for n in range(1, 51):
        attempt(client, f"person{n}")
    assert len(lockouts()) == 1
    assert locked_out(attempt(client, "lead", PASSWORD))  # the right password, refused
    assert len(lockouts()) == 2
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN).exists()


def test_an_office_behind_one_address_keeps_logging_in_below_the_per_address_limit(client, world):
    for n in range(1, 50):
        attempt(client, f"person{n}")
    response = attempt(client, "lead", PASSWORD)
    assert response.status_code == 302 and not lockouts()


def test_ten_failures_lock_that_username_from_that_address_only(client, world):
    answers = [locked_out(attempt(client, "lead", "not-my-password")) for _ in range(10)]
    assert answers == [False] * 9 + [True]
    assert locked_out(attempt(client, "lead", PASSWORD))
    [event] = lockouts()[:1]
    assert event.detail == f"address {OFFICE}: 10 failed logins for this username from this address"
    other = attempt(client, "lead2", PASSWORD)  # a colleague at the same address
    assert other.status_code == 302


def test_the_locked_username_still_logs_in_from_another_address(client, world):
    for _ in range(10):
        attempt(client, "lead", "not-my-password")
    assert attempt(client, "lead", PASSWORD, address="198.51.100.7").status_code == 302


def test_one_username_guessed_from_many_addresses_is_locked_at_its_own_limit(client, world):
    addresses = [f"203.0.113.{n}" for n in range(1, 8)]  # three tries from each of seven addresses
    answers = [locked_out(attempt(client, "lead", "guess", address=a)) for a in addresses for _ in range(3)]
    assert answers.index(True) == 19  # the 20th failure locks the username everywhere
    assert locked_out(attempt(client, "lead", PASSWORD, address="198.51.100.7"))
    assert lockouts()[0].detail.endswith("20 failed logins for this username across addresses")
    assert attempt(client, "lead2", PASSWORD, address=addresses[0]).status_code == 302
