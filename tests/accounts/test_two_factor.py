"""Two-factor authentication: setting up an app, recovery codes, the code after the password,
and who must have it (TWO_FACTOR_REQUIRED)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.helpers import code_for, confirmed_device

PASSWORD = "correct-horse-battery-staple"


def login(client, user: User):
    user.set_password(PASSWORD)
    user.save()
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def viewer(world):
    return world.users["viewer"]


def test_setup_page_shows_a_qr_code_made_here_and_the_key(client, viewer):
    client.force_login(viewer)
    page = soup(client.get(reverse("two_factor_totp")))
    svg = page.select_one("[data-testid=qr] svg")
    assert svg is not None and svg.find("path") is not None
    assert svg.title.get_text() == "QR code for your authenticator app"
    assert not page.select("img[src^=http], script[src^=http]")
    assert page.select_one("[data-testid=totp-secret]").get_text().replace(" ", "")


def test_confirming_with_a_code_from_the_app_sets_it_up_and_shows_recovery_codes_once(client, viewer):
    client.force_login(viewer)
    client.get(reverse("two_factor_totp"))
    device = TOTPDevice.objects.get(user=viewer, confirmed=False)
    response = client.post(reverse("two_factor_totp"), {"code": code_for(device)})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = [li.get_text(strip=True) for li in soup(response).select("[data-testid=recovery-codes] li")]
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert set(StaticToken.objects.filter(device__user=viewer).values_list("token", flat=True)) == set(codes)
    # Shown once: the device page gives only how many are left.
    page = soup(client.get(reverse("two_factor"))).get_text()
    assert "10 left" in page
    assert codes[0] not in page


def test_a_wrong_code_is_refused_with_a_message_and_nothing_is_set_up(client, viewer):
    client.force_login(viewer)
    client.get(reverse("two_factor_totp"))
    response = client.post(reverse("two_factor_totp"), {"code": "000000"})
    assert response.status_code == 400
    assert "The code is not right" in soup(response).select_one(".govuk-error-summary").get_text()
    assert not TOTPDevice.objects.filter(user=viewer, confirmed=True).exists()


def test_replacing_the_app_removes_the_old_one_and_keeps_the_recovery_codes(client, viewer):
    old = confirmed_device(viewer)
    client.force_login(viewer)
    session = client.session
    session["otp_device_id"] = old.persistent_id
    session.save()
    StaticToken.objects.create(
        device=viewer.staticdevice_set.create(name="Recovery codes", confirmed=True), token="abc-def"
    )
    client.get(reverse("two_factor_totp"))
    new = TOTPDevice.objects.get(user=viewer, confirmed=False)
    response = client.post(reverse("two_factor_totp"), {"code": code_for(new)})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=viewer)) == [new]
    assert StaticToken.objects.filter(device__user=viewer).count() == 1


def test_login_with_a_device_asks_for_the_code_before_anything_else(client, viewer):
    device = confirmed_device(viewer)
    response = login(client, viewer)
    assert response.status_code == 302
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("two_factor_verify"))
    # The device pages too: a password alone must not replace the app.
    assert client.get(reverse("two_factor_totp"))["Location"].startswith(reverse("two_factor_verify"))
    response = client.post(reverse("two_factor_verify") + "?next=/account/", {"code": code_for(device)})
    assert response["Location"] == "/account/"
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_at_login_is_refused(client, viewer):
    confirmed_device(viewer)
    login(client, viewer)
    response = client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert response.status_code == 400
    assert "The code is not right" in soup(response).get_text()
    assert client.get(reverse("home")).status_code == 302


def test_a_recovery_code_logs_in_once(client, viewer):
    confirmed_device(viewer)
    StaticToken.objects.create(
        device=viewer.staticdevice_set.create(name="Recovery codes", confirmed=True), token="abc123-def456"
    )
    login(client, viewer)
    assert client.post(reverse("two_factor_verify"), {"code": "abc123-def456"}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.logout()
    login(client, viewer)
    assert client.post(reverse("two_factor_verify"), {"code": "abc123-def456"}).status_code == 400


def test_without_a_device_and_not_required_login_goes_straight_in(client, world, settings):
    settings.TWO_FACTOR_REQUIRED = True
    login(client, world.users["lead"])  # a lead officer without DHR access: optional
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("who", ["coordinator", "dhr_lead", "admin"])
def test_when_required_a_person_who_must_enrol_is_sent_to_enrolment_first(client, world, settings, who):
    settings.TWO_FACTOR_REQUIRED = True
    if who == "dhr_lead":
        user = world.users["lead2"]
        user.memberships.update(can_see_dhr=True)
    elif who == "admin":
        user = User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    else:
        user = world.users["coordinator"]
    login(client, user)
    for url in (reverse("home"), "/admin/", reverse("account")):
        assert client.get(url)["Location"].startswith(reverse("two_factor_totp")), url
    client.get(reverse("two_factor_totp"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(reverse("two_factor_totp"), {"code": code_for(device)}).status_code == 200
    assert client.get(reverse("account")).status_code == 200


def test_required_is_off_by_default_outside_production(settings):
    assert settings.TWO_FACTOR_REQUIRED is False


def test_the_admin_site_asks_an_administrator_for_the_code(client, world):
    admin = User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    confirmed_device(admin)
    login(client, admin)
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_verify"))


def test_someone_who_must_have_two_factor_cannot_turn_it_off(client, world, settings):
    settings.TWO_FACTOR_REQUIRED = True
    coordinator = world.users["coordinator"]
    device = confirmed_device(coordinator)
    client.force_login(coordinator)
    session = client.session
    session.pop("csp_two_factor", None)
    session["otp_device_id"] = device.persistent_id
    session.save()
    response = client.post(reverse("two_factor_remove"), follow=True)
    assert "required for your role" in soup(response).get_text()
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_anyone_else_can_turn_it_off(client, viewer):
    device = confirmed_device(viewer)
    client.force_login(viewer)
    session = client.session
    session.pop("csp_two_factor", None)
    session["otp_device_id"] = device.persistent_id
    session.save()
    client.post(reverse("two_factor_remove"))
    assert not TOTPDevice.objects.filter(user=viewer).exists()
    assert (
        "Off" in soup(client.get(reverse("account"))).select_one("[data-testid=two-factor-state]").get_text()
    )
