"""Journeys through the real pages, as people make them, with axe on every page on the way."""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import assert_no_axe_violations, login, logout


def test_coordinator_adds_an_action_and_its_lead_finds_it(page: Page, live_server, site):
    page.goto(live_server.url + reverse("login"))
    assert_no_axe_violations(page)
    login(page, live_server, "coordinator")
    assert_no_axe_violations(page)  # home: My actions

    page.get_by_role("link", name="Home Delivery Plan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home Delivery Plan")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Add an action", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an action")
    assert_no_axe_violations(page)
    page.get_by_label("Theme").select_option(label="1. Domestic abuse")
    page.get_by_label("Reference").fill("1.2")
    page.get_by_label("Action", exact=True).fill("Cut repeat victimisation")
    page.get_by_label("Outcome", exact=True).fill("Fewer repeat victims")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("1.2 Cut repeat victimisation")
    expect(page.get_by_role("alert")).to_contain_text("Action added.")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Add a project row").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a project row to action 1.2")
    assert_no_axe_violations(page)
    page.get_by_label("Project / activity").fill("MARAC for repeat cases")
    page.get_by_label("Insp Lena Lead").check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("1.2 Cut repeat victimisation")
    expect(page.get_by_role("alert")).to_contain_text("Project row added.")
    row = page.locator(".govuk-summary-card", has_text="Row 1: MARAC for repeat cases")
    expect(row).to_contain_text("Insp Lena Lead")
    assert_no_axe_violations(page)

    logout(page)
    assert_no_axe_violations(page)

    login(page, live_server, "lead")
    my_actions = page.get_by_test_id("my-actions")
    expect(my_actions).to_contain_text("1.2 Cut repeat victimisation")
    expect(my_actions).to_contain_text("MARAC for repeat cases")
    assert_no_axe_violations(page)

    my_actions.get_by_role("link", name="1.2 Cut repeat victimisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("1.2 Cut repeat victimisation")
    # The lead may edit the row they lead, but not the action.
    expect(page.get_by_role("link", name="Edit row 1")).to_be_visible()
    expect(page.get_by_role("link", name="Edit action")).to_have_count(0)
    assert_no_axe_violations(page)


def test_viewer_filters_the_plan_and_sees_no_controls(page: Page, live_server, site):
    # A second theme with an amber row, so both filters have something to exclude.
    theme = factories.ThemeFactory(plan=site.plan, number="2", title="Anti-social behaviour")
    action = factories.ActionFactory(plan=site.plan, theme=theme, reference="2.1", title="Safer parks")
    row_c = factories.ProjectRowFactory(action=action, position=1, description="Park patrols")
    row_c.current_update = factories.ProgressUpdateFactory(row=row_c, rag=site.rag("amber"))
    row_c.save(update_fields=["current_update"])

    login(page, live_server, "viewer")
    page.goto(live_server.url + reverse("plan_detail", args=[site.partnership.slug, site.plan.pk]))
    expect(page.get_by_text("Showing 3 of 3 project rows.")).to_be_visible()
    no_controls = page.get_by_role("link", name=re.compile(r"Add an action|Add a theme|Edit"))
    expect(no_controls).to_have_count(0)
    assert_no_axe_violations(page)

    page.get_by_label("RAG status").select_option(label="Amber")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"rag=amber"))
    expect(page.get_by_text("Showing 2 of 3 project rows.")).to_be_visible()
    cells = page.locator("td.govuk-table__cell:first-child")
    expect(cells).to_have_text(["IDVA service", "Park patrols"])
    assert_no_axe_violations(page)

    page.get_by_label("Theme").select_option(label="2. Anti-social behaviour")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(rf"theme={theme.pk}"))
    expect(page.get_by_label("RAG status")).to_have_value("amber")
    expect(page.get_by_text("Showing 1 of 3 project rows.")).to_be_visible()
    expect(cells).to_have_text(["Park patrols"])
    expect(page.get_by_role("heading", name="1. Domestic abuse")).to_have_count(0)
    expect(no_controls).to_have_count(0)
    assert_no_axe_violations(page)

    page.get_by_role("link", name="2.1 Safer parks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2.1 Safer parks")
    expect(page.get_by_role("link", name=re.compile(r"Edit|Add a"))).to_have_count(0)
    assert_no_axe_violations(page)
