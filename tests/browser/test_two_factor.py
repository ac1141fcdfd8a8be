"""Journeys of issue 16 (part A): setting up two-factor authentication and logging in with a
code; the audit log page; the idle warning on the update form. Each page is checked with axe."""

import datetime
import re

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accounts import urls as account_urls
from audit.models import AuditEvent
from plans import services
from plans.models import ProgressUpdate
from tests.accounts.helpers import code_for
from tests.browser.conftest import assert_no_axe_violations, login, logout

# Checked in this module (tests/browser/test_accessibility.py counts them as covered). The
# keep-alive is a POST from the update form's script (checked below); the password reset is in
# the accessibility module's account checks; the CSV is a file.
TRUST_ROUTES = {pattern.name for pattern in account_urls.urlpatterns} | {"audit_log", "audit_log_csv"}


def test_a_person_sets_up_two_factor_and_logs_in_with_a_code(page: Page, live_server, site):
    login(page, live_server, "viewer")
    page.goto(live_server.url + reverse("account"))
    page.get_by_role("link", name="Set up two-factor authentication").click()
    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_no_axe_violations(page)

    device = TOTPDevice.objects.get(user=site.users["viewer"], confirmed=False)
    page.get_by_label("Code", exact=True).fill(code_for(device))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="I have saved them: continue").click()
    expect(page.get_by_test_id("devices")).to_contain_text("10 left")

    logout(page)
    login(page, live_server, "viewer")  # the password, then the code
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(live_server.url + reverse("home"))
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
    page.get_by_label("Code", exact=True).fill("111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    page.wait_for_timeout(2000)  # django-otp makes the next try after a wrong code wait a second
    device.refresh_from_db()
    page.get_by_label("Code", exact=True).fill(code_for(device, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Enter your code")
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {"two_factor_added", "two_factor_failed", "login"} <= kinds

    page.goto(live_server.url + reverse("two_factor"))
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.get_by_role("heading", name="Your new recovery codes")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(live_server.url + reverse("two_factor"))
    page.get_by_role("button", name="Turn off two-factor authentication").click()
    expect(page.get_by_test_id("devices")).to_contain_text("Not set up")


def test_the_coordinator_reads_and_filters_the_audit_log(page: Page, live_server, site):
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("partnership_detail", args=["home"]))
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_test_id("audit-events")).to_contain_text("Logged in")
    assert_no_axe_violations(page)
    page.get_by_label("What").select_option("login")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("count")).to_have_text(re.compile(r"^\d+ events?$"))
    page.get_by_label("From").fill("2026-05-02")
    page.get_by_label("To").fill("2026-05-01")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The end date must be on or after")
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename == "home-audit-log.csv"


def test_the_update_form_saves_the_draft_then_warns_before_the_idle_timeout(page: Page, live_server, site):
    services.round_open(
        plan=site.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date.today() + datetime.timedelta(days=9),
        opened_by=site.users["coordinator"],
    )
    page.add_init_script(
        "window.cspAutosaveSeconds = 600; window.cspIdleSeconds = 8; window.cspIdleWarningSeconds = 6;"
    )
    login(page, live_server, "lead")
    page.goto(live_server.url + reverse("update_form", args=["home", site.plan.pk, site.row_a.pk]))
    page.get_by_label("Progress this quarter").fill("A long narrative nobody wants to lose.")
    warning = page.get_by_role("alert").filter(has_text="You will be signed out soon")
    expect(warning).to_be_visible(timeout=10_000)
    expect(warning).to_contain_text("Your draft is saved.")
    draft = site.row_a.updates.get(status=ProgressUpdate.Status.DRAFT)
    assert draft.narrative == "A long narrative nobody wants to lose."
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    expect(page.get_by_role("status")).to_contain_text("You are still signed in.")
