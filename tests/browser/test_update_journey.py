"""The quarterly update journey in a real browser, with axe-core on every page."""

import datetime
import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from plans import services
from tests.browser.conftest import assert_no_axe_violations, login, logout


def test_lead_writes_drafts_submits_is_returned_resubmits_and_is_accepted(page: Page, live_server, site):
    world = site
    services.round_open(
        plan=world.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date(2026, 1, 14),
        opened_by=world.users["coordinator"],
    )

    # The lead officer finds the row under My actions and starts a draft.
    login(page, live_server, "lead")
    my_actions = page.get_by_test_id("my-actions")
    expect(my_actions).to_contain_text("Not started")
    assert_no_axe_violations(page)
    my_actions.get_by_role("link", name=re.compile("Write update")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Q3 2025/26 update")
    expect(page.get_by_text("Two of three advisers in post.")).to_be_visible()  # previous quarter beside it
    assert_no_axe_violations(page)
    page.get_by_label("Progress this quarter").fill("All three advisers now in post.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved")).to_be_visible()
    assert_no_axe_violations(page)

    # Leaves, comes back: the draft is still there; submits it with a status.
    page.goto(live_server.url + reverse("home"))
    expect(page.get_by_test_id("my-actions")).to_contain_text("Draft")
    page.get_by_test_id("my-actions").get_by_role("link", name=re.compile("Continue update")).click()
    expect(page.get_by_label("Progress this quarter")).to_have_value("All three advisers now in post.")
    page.get_by_label("Green").check()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_test_id("my-actions")).to_contain_text("Submitted")
    logout(page)

    # The coordinator returns it with a comment.
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("round_list", args=["home", world.plan.pk]))
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Q3 2025/26", exact=True).click()
    expect(page.get_by_test_id("overall")).to_contain_text("1 of 2 rows")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("Review")).click()
    assert_no_axe_violations(page)
    page.get_by_label("What needs to change").fill("Please add this quarter's referral numbers.")
    page.get_by_role("button", name="Return with comment").click()
    expect(page.get_by_test_id("round-rows")).to_contain_text("Returned")
    logout(page)

    # The lead sees the comment and resubmits.
    login(page, live_server, "lead")
    expect(page.get_by_test_id("my-actions")).to_contain_text("Please add this quarter's referral numbers.")
    page.get_by_test_id("my-actions").get_by_role("link", name=re.compile("Continue update")).click()
    expect(page.get_by_text("The coordinator returned this update")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Progress this quarter").fill("All three advisers in post; 61 referrals this quarter.")
    page.get_by_role("button", name="Submit for review").click()
    logout(page)

    # The coordinator accepts; the plan page and the timeline show the new status and words.
    login(page, live_server, "coordinator")
    page.goto(
        live_server.url + reverse("round_detail", args=["home", world.plan.pk, world.plan.rounds.get().pk])
    )
    page.get_by_role("link", name=re.compile("Review")).click()
    page.get_by_role("button", name="Accept update").click()
    expect(page.get_by_test_id("round-rows")).to_contain_text("Accepted")
    page.goto(live_server.url + reverse("plan_detail", args=["home", world.plan.pk]))
    row = page.get_by_role("row", name=re.compile("IDVA service"))
    expect(row).to_contain_text("61 referrals this quarter")
    expect(row).to_contain_text("Green")
    assert_no_axe_violations(page)
    page.goto(live_server.url + reverse("action_detail", args=["home", world.plan.pk, world.action.pk]))
    timeline = page.locator(".csp-timeline")
    expect(timeline).to_contain_text("61 referrals this quarter")
    expect(timeline).to_contain_text("Returned")  # the returned version stays in the history
    expect(timeline).to_contain_text("version 2")
    assert_no_axe_violations(page)
