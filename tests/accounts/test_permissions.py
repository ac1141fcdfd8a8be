"""Who may open the two-factor pages; tests/plans/test_permissions.py counts `ROUTES` as covered.

Every signed-in person manages their own devices (there is no one else's to reach); anonymous
people are sent to log in."""

import pytest
from django.urls import reverse

from tests.accounts.helpers import confirmed_device

ROLES = ["anonymous", "viewer", "lead", "lead2", "coordinator", "outsider"]
# name -> (method, status for a signed-in person)
ROUTES: dict[str, tuple[str, int]] = {
    "two_factor": ("get", 200),
    "two_factor_totp": ("get", 200),
    "two_factor_recovery": ("post", 200),
    "two_factor_remove": ("post", 302),
}
CASES = [(name, role) for name in sorted(ROUTES) for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES)
def test_status_per_role(client, world, name, role):
    method, status = ROUTES[name]
    if role != "anonymous":
        user = world.users[role]
        confirmed_device(user)
        client.force_login(user)
        # Logged in with a device: the code was typed (django-otp keeps the device in the session).
        session = client.session
        session.pop("csp_two_factor", None)
        session["otp_device_id"] = user.totpdevice_set.get().persistent_id
        session.save()
    response = getattr(client, method)(reverse(name))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == status


def test_verify_page_needs_a_login(client, world):
    response = client.get(reverse("two_factor_verify"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
