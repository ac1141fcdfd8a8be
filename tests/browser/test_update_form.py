"""The lead officer's update form never loses text, in a real browser with axe-core on each
state: a long pasted narrative, a draft without a reason, leaving with unsaved changes,
autosave, a conflict with another tab resolved field by field, and withdrawing a submission."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from plans import services
from plans.models import ProgressUpdate
from tests.browser.conftest import assert_no_axe_violations, login

Status = ProgressUpdate.Status


@pytest.fixture
def form_url(live_server, site):
    services.round_open(
        plan=site.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date.today() + datetime.timedelta(days=9),
        opened_by=site.users["coordinator"],
    )
    return live_server.url + reverse("update_form", args=["home", site.plan.pk, site.row_a.pk])


def test_a_long_pasted_narrative_is_counted_not_cut_and_refused_in_our_words(
    page: Page, live_server, site, form_url
):
    login(page, live_server, "lead")
    page.goto(form_url)
    expect(page.get_by_text("Due in 9 days")).to_be_visible()
    assert_no_axe_violations(page)
    narrative = page.get_by_label("Progress this quarter")
    text = ("Word " * 4000).strip()  # 19,999 characters
    narrative.fill(text)
    expect(narrative).to_have_value(text)  # nothing cut by the browser
    expect(
        page.locator(
            "#id_narrative-info ~ .govuk-character-count__status, .govuk-character-count__status"
        ).first
    ).to_contain_text("too many")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Progress this quarter must be 10,000 characters or fewer; you have 19,999"
    )
    expect(page.get_by_label("Progress this quarter")).to_have_value(text)
    assert_no_axe_violations(page)


def test_a_red_draft_saves_without_a_reason_but_submitting_needs_one(page: Page, live_server, site, form_url):
    login(page, live_server, "lead")
    page.goto(form_url)
    page.get_by_label("Progress this quarter").fill("The refuge lease fell through.")
    page.get_by_label("Red").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("alert")).to_contain_text("Give a reason for the status Red")
    assert_no_axe_violations(page)


def test_leaving_with_unsaved_changes_asks_first_and_autosave_keeps_the_draft(
    page: Page, live_server, site, form_url
):
    page.add_init_script("window.cspAutosaveSeconds = 1;")
    login(page, live_server, "lead")
    page.goto(form_url)
    page.get_by_label("Progress this quarter").fill("Typed, not yet saved.")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="My actions").first.click()
    expect(page.get_by_label("Progress this quarter")).to_have_value("Typed, not yet saved.")
    assert dialogs == ["beforeunload"]
    expect(page.get_by_role("status")).to_contain_text("Draft saved automatically", timeout=10_000)
    draft = site.row_a.updates.get(status=Status.DRAFT)
    assert draft.narrative == "Typed, not yet saved."


def test_a_conflict_with_another_tab_is_resolved_field_by_field(page: Page, live_server, site, form_url):
    login(page, live_server, "lead")
    page.goto(form_url)
    other = page.context.new_page()
    other.goto(form_url)
    other.get_by_label("Progress this quarter").fill("Written in the other tab.")
    other.get_by_label("Risks and issues").fill("Other tab's risk.")
    other.get_by_role("button", name="Save draft").click()
    expect(other.get_by_text("Draft saved")).to_be_visible()
    other.close()

    page.get_by_label("Progress this quarter").fill("Written in this tab.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", name="You saved this update elsewhere")).to_be_visible()
    choices = page.locator("[data-testid=difference]")
    expect(choices).to_have_count(2)
    expect(choices.first).to_contain_text("Written in this tab.")
    expect(choices.first).to_contain_text("Written in the other tab.")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save draft").click()  # no choice made yet
    expect(page.get_by_text("Choose which version of risks and issues to keep")).to_be_visible()
    page.get_by_role("group", name="Progress this quarter").get_by_label("Keep yours").check()
    page.get_by_role("group", name="Risks and issues").get_by_label("Keep the other save").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved")).to_be_visible()
    draft = site.row_a.updates.get(status=Status.DRAFT)
    assert (draft.narrative, draft.risk) == ("Written in this tab.", "Other tab's risk.")


def test_a_lead_withdraws_a_submitted_update_to_change_it(page: Page, live_server, site, form_url):
    login(page, live_server, "lead")
    page.goto(form_url)
    page.get_by_label("Progress this quarter").fill("All three advisers in post.")
    page.get_by_label("Green").check()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_test_id("my-actions")).to_contain_text("Submitted")
    page.goto(form_url)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Withdraw to draft").click()
    expect(page.get_by_text("Update withdrawn to a draft")).to_be_visible()
    expect(page.get_by_label("Progress this quarter")).to_have_value("All three advisers in post.")
    assert site.row_a.updates.get(round__isnull=False).status == Status.DRAFT
    assert_no_axe_violations(page)
