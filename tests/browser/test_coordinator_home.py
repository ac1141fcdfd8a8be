"""The coordinator's home as they use it in a round: review the oldest submission from it, see
the count fall, remind the leads still outstanding."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, demo_login


def waiting_for_review(page: Page) -> int:
    heading = page.get_by_role("heading", name=re.compile(r"^Waiting for your review"))
    return int(re.search(r"\((\d+)\)", heading.inner_text())[1])


def test_coordinator_reviews_from_home_and_reminds_the_outstanding_leads(page: Page, live_server, demo_site):
    demo_login(page, live_server, "coordinator")
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    assert_no_axe_violations(page)
    waiting = waiting_for_review(page)
    assert waiting > 0

    page.get_by_test_id("waiting-review").get_by_role("link").first.click()
    page.get_by_role("button", name="Accept update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("accepted")

    page.get_by_role("link", name="My actions").first.click()
    assert waiting_for_review(page) == waiting - 1
    page.get_by_role("button", name=re.compile("Remind these leads")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Reminders are being sent")
