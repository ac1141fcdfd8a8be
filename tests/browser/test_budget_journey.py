"""Money in the browser: the coordinator records a funding source, allocates it to an action and
records spend; the lead officer sees it on the action. axe checks every budget and organisation
page on the way, in its plain and error states; pages fit a 320 px screen."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from partners import organisation_urls
from plans import budget_urls
from tests.browser.conftest import assert_no_axe_violations, login, logout
from tests.plans.budget_fixtures import build_money

# Every route of plans/budget_urls.py and partners/organisation_urls.py is checked here
# (test_accessibility counts them as checked). budget_settings is the POST behind a checkbox.
MONEY_ROUTES = {p.name for p in budget_urls.urlpatterns} | {p.name for p in organisation_urls.urlpatterns}
SCREENSHOTS = os.environ.get("CSP_SCREENSHOTS")  # a folder: save screenshots there to look at


def submit_main_form_empty(page: Page) -> None:
    page.evaluate(
        """() => {
            for (const el of document.getElementById('main-form').elements) {
                if (['hidden', 'submit', 'button'].includes(el.type)) continue;
                if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
                else el.value = '';
            }
        }"""
    )
    page.locator("#main-form button[type=submit]").first.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))


def check_narrow(page: Page, name: str, scope: str = "main") -> None:
    """Nothing in `scope` reaches past a 320 px screen (tables scroll inside their own wrappers)."""
    page.set_viewport_size({"width": 320, "height": 800})
    wide = page.evaluate(
        """(scope) => [...document.querySelectorAll(scope + ' *')]
            .filter(el => !el.closest('.csp-table-wrap'))
            .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 5).map(el => el.tagName + ' ' + (el.textContent || '').slice(0, 40))""",
        scope,
    )
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-320.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-1280.png"), full_page=True)
    assert wide == [], f"{name} is wider than 320px: {wide}"


def plan_url(live_server, site, route: str, *more) -> str:
    return live_server.url + reverse(route, args=[site.partnership.slug, site.plan.pk, *more])


def test_coordinator_funds_allocates_and_spends_and_the_lead_sees_it(page: Page, live_server, site):
    login(page, live_server, "coordinator")
    page.goto(plan_url(live_server, site, "plan_detail"))
    page.get_by_role("link", name="Budget: funding, allocations and spend").click()
    expect(page.get_by_role("heading", name="Budget", exact=True)).to_be_visible()
    expect(page.get_by_text("No funding sources are recorded for this plan yet.")).to_be_visible()
    assert_no_axe_violations(page)  # plan_budget, empty

    page.get_by_role("link", name="Add a funding source").click()
    assert_no_axe_violations(page)  # funding_source_create
    submit_main_form_empty(page)
    assert_no_axe_violations(page)
    page.get_by_label("Name").fill("PCC grant, first instalment")
    page.get_by_label("Amount (£)").fill("8,790")
    page.get_by_label("Received", exact=True).check()
    page.get_by_label("Date received").fill("2025-05-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Funding source added.")
    expect(page.get_by_test_id("sources")).to_contain_text("£8,790.00")

    page.get_by_role("link", name="Allocate money").click()
    assert_no_axe_violations(page)  # allocation_create
    submit_main_form_empty(page)
    assert_no_axe_violations(page)
    page.get_by_label("Action", exact=True).select_option(label="1.1 Support victims")
    page.get_by_label("Project row").select_option(label="1.1 row 1: IDVA service")
    page.get_by_label("New money (£)").fill("5000")
    page.get_by_role("checkbox", name=re.compile(r"PCC grant, first instalment")).check()
    page.get_by_label("Note").fill("IDVA post")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Allocation added.")
    expect(page.get_by_test_id("unallocated")).to_have_text("£3,790.00")

    page.get_by_role("link", name=re.compile(r"^Record spend")).click()
    assert_no_axe_violations(page)  # spend_create
    submit_main_form_empty(page)
    assert_no_axe_violations(page)
    page.get_by_label("Date").fill("2025-06-30")
    page.get_by_label("Amount (£)").fill("1250.25")
    page.get_by_label("What for").fill("Q1 salary")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Spend recorded.")
    expect(page.get_by_test_id("budget-totals")).to_contain_text("£1,250.25")
    assert_no_axe_violations(page)  # plan_budget, with money

    page.get_by_role("link", name=re.compile(r"^Edit allocation|^Edit")).first.click()
    assert_no_axe_violations(page)  # funding_source_update (the first Edit link on the page)
    page.go_back()
    page.get_by_label("Lead officers may record spend on allocations to the rows they lead").check()
    page.get_by_role("button", name="Save who may record spend").click()  # budget_settings
    expect(page.get_by_role("alert")).to_contain_text("Lead officers may now record spend")
    page.get_by_role("link", name=re.compile(r"^Edit allocation to")).first.click()
    expect(page.get_by_label("New money (£)")).to_have_value("5000.00")
    assert_no_axe_violations(page)  # allocation_update
    logout(page)

    login(page, live_server, "lead")
    page.goto(plan_url(live_server, site, "action_detail", site.action.pk))
    expect(page.get_by_test_id("action-money")).to_have_text("Allocated £5,000.00")
    expect(page.get_by_test_id("allocation-spent")).to_have_text("£1,250.25")
    expect(page.get_by_test_id("spend")).to_have_text("£1,250.25: Q1 salary")
    assert_no_axe_violations(page)
    check_narrow(page, "action", "[data-testid=action-budget]")  # the change history table is older
    page.get_by_role("link", name=re.compile(r"^Record spend")).click()
    expect(page.get_by_role("heading", name=re.compile("Record spend"))).to_be_visible()
    assert_no_axe_violations(page)


@pytest.fixture
def funded(site):
    site.money = build_money(site)
    return site


@pytest.mark.parametrize("role", ["coordinator", "lead", "viewer"])
def test_budget_and_organisation_pages_in_role(page: Page, live_server, funded, role):
    login(page, live_server, role)
    page.goto(plan_url(live_server, funded, "plan_budget"))
    expect(page.get_by_test_id("budget-warnings")).to_contain_text("not received yet")
    assert_no_axe_violations(page)
    check_narrow(page, f"budget-{role}")
    page.goto(
        live_server.url + reverse("organisation_detail", args=[funded.partnership.slug, funded.police.pk])
    )
    expect(page.get_by_test_id("commitments")).to_contain_text("problem-solving group")
    assert_no_axe_violations(page)
    check_narrow(page, f"organisation-{role}")
    page.goto(plan_url(live_server, funded, "plan_dashboard"))
    expect(page.get_by_test_id("money-panel")).to_contain_text("Money allocated and spent in each theme")
    assert_no_axe_violations(page)
    # Only the money panel: the dashboard's older RAG tables are not wrapped for narrow screens.
    check_narrow(page, f"dashboard-{role}", "[data-testid=money-panel]")


def test_commitment_forms_and_their_error_states(page: Page, live_server, funded):
    login(page, live_server, "coordinator")
    slug, police = funded.partnership.slug, funded.police.pk
    page.goto(live_server.url + reverse("commitment_create", args=[slug, police]))
    assert_no_axe_violations(page)
    submit_main_form_empty(page)
    assert_no_axe_violations(page)
    page.goto(live_server.url + reverse("commitment_update", args=[slug, police, funded.money.commitment.pk]))
    assert_no_axe_violations(page)
    page.get_by_label("At risk").check()
    page.get_by_label("Status note").fill("Two officers leaving")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("commitments")).to_contain_text("At risk")
    expect(page.get_by_test_id("commitments")).to_contain_text("Two officers leaving")


def test_source_edit_form_and_its_error_state(page: Page, live_server, funded):
    login(page, live_server, "coordinator")
    page.goto(plan_url(live_server, funded, "funding_source_update", funded.money.grant.pk))
    assert_no_axe_violations(page)
    submit_main_form_empty(page)
    assert_no_axe_violations(page)


def test_coordinator_corrects_and_removes_money_records(page: Page, live_server, funded):
    """spend_update, spend_delete, allocation_delete and funding_source_delete, with axe on each
    page: the correction form (and its error state), the confirmation pages and the refusals."""
    money = funded.money
    login(page, live_server, "coordinator")
    page.goto(plan_url(live_server, funded, "action_detail", funded.action.pk))
    page.get_by_role("link", name=re.compile(r"^Correct spend of £1,250.25")).click()
    expect(page.get_by_role("heading", name=re.compile("Correct spend against"))).to_be_visible()
    assert_no_axe_violations(page)  # spend_update
    page.get_by_label("Amount (£)").fill("0")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Spend must be more than £0.00.")
    assert_no_axe_violations(page)
    page.get_by_label("Amount (£)").fill("1,300.10")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Spend corrected.")
    expect(page.get_by_test_id("budget-totals")).to_contain_text("£1,300.10")

    page.get_by_role("link", name="Remove allocation to", exact=False).first.click()
    assert_no_axe_violations(page)  # allocation_delete: refused or confirmed, either way a page
    page.goto(plan_url(live_server, funded, "allocation_delete", money.row_a_allocation.pk))
    expect(page.get_by_role("heading", name="This cannot be removed yet")).to_be_visible()
    expect(page.get_by_text("of spend (1 entry) is recorded against it")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(plan_url(live_server, funded, "funding_source_delete", money.grant.pk))
    expect(page.get_by_text("1 allocation draws on it")).to_be_visible()
    assert_no_axe_violations(page)  # funding_source_delete, refused

    page.goto(plan_url(live_server, funded, "action_detail", funded.action.pk))
    page.get_by_role("link", name=re.compile(r"^Remove spend of £1,300.10")).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Remove the spend of £1,300.10"))).to_be_visible()
    assert_no_axe_violations(page)  # spend_delete
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_role("alert")).to_contain_text("removed.")
    page.goto(plan_url(live_server, funded, "allocation_delete", money.row_a_allocation.pk))
    page.get_by_role("button", name="Yes, remove it").click()
    page.goto(plan_url(live_server, funded, "funding_source_delete", money.grant.pk))
    expect(
        page.get_by_role("heading", name="Remove the funding source “PCC grant, first instalment”?")
    ).to_be_visible()
    assert_no_axe_violations(page)  # funding_source_delete, confirmation
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_test_id("sources")).not_to_contain_text("PCC grant")
    check_narrow(page, "budget-after-removals")
