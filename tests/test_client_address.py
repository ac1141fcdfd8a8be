"""The client's address behind a proxy (csp_tracker/request_context.py): one rule for the audit
log, the rate limits and django-axes' lockout, believing X-Forwarded-For only from a trusted
proxy, so people behind the proxy are told apart and a client cannot choose its own address."""

import ipaddress

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEvent
from csp_tracker.request_context import client_ip
from csp_tracker.settings import trusted_proxies

PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = trusted_proxies(["10.0.0.0/24", "2001:db8::1"])
    cache.clear()
    yield
    cache.clear()


def address(peer: str, forwarded: str | None = None) -> str | None:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=peer, **extra))


def test_without_trusted_proxies_the_connecting_address_is_the_client(settings):
    settings.TRUSTED_PROXIES = ()
    assert address("203.0.113.9", "198.51.100.1") == "203.0.113.9"


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        (PROXY, "198.51.100.1", "198.51.100.1"),  # one proxy in front
        (PROXY, "198.51.100.1, 10.0.0.7", "198.51.100.1"),  # two of ours
        (PROXY, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client's own claim is not used
        ("2001:db8::1", "2001:db8::42", "2001:db8::42"),
        (PROXY, "", PROXY),  # the proxy sent no header: the proxy is all that is known
        (PROXY, "10.0.0.7", "10.0.0.7"),  # only proxies: the farthest one
        (PROXY, "not-an-address", PROXY),  # written by no proxy of ours
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not through a proxy: the header is ignored
    ],
)
def test_behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_address(
    behind_proxy, peer, forwarded, expected
):
    assert address(peer, forwarded) == expected


def test_a_mistyped_proxy_stops_the_site_from_starting_with_a_clear_message():
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES: .*10.0.0.0/33"):
        trusted_proxies(["10.0.0.0/33"])
    assert trusted_proxies(["10.0.0.1/24"]) == (ipaddress.ip_network("10.0.0.0/24"),)


def login(client, username: str, client_address: str):
    return client.post(
        reverse("login"),
        {"username": username, "password": "Wrong-password-1"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_the_lockout_counts_each_client_behind_the_proxy_on_its_own(client, world, settings, behind_proxy):
    settings.LOGIN_FAILURES_PER_IP = 3
    for username in ["alice", "bob", "carol"]:
        login(client, username, "198.51.100.1")
    assert login(client, "dave", "198.51.100.1").status_code == 429  # that client is locked out
    assert login(client, "dave", "198.51.100.2").status_code == 200  # the next person is not
    failed = AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN_FAILED)
    assert set(failed.values_list("ip_address", flat=True)) == {"198.51.100.1", "198.51.100.2"}


def test_the_rate_limit_counts_each_client_behind_the_proxy_on_its_own(client, world, settings, behind_proxy):
    settings.AXES_ENABLED = False
    settings.LOGIN_RATE_LIMIT_PER_ADDRESS = "2/300"
    assert [login(client, f"u{n}", "198.51.100.1").status_code for n in range(3)] == [200, 200, 429]
    assert login(client, "u3", "198.51.100.2").status_code == 200
