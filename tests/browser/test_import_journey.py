"""The coordinator imports last year's Word plan, and carries actions over; axe on every page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, login
from tests.plans.importing import files


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_coordinator_imports_a_word_plan_and_finds_it(page: Page, live_server, site, tmp_path):
    plan_file = tmp_path / "fenland-2014-15.docx"
    plan_file.write_bytes(files.fenland_docx({"1.2.1": "Green", "2.2.2": "Red"}))
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("partnership_detail", args=[site.partnership.slug]))
    page.get_by_role("link", name="Import a plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a plan")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Preview the import").click()  # nothing chosen: errors
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Plan file").set_input_files(str(plan_file))
    page.get_by_label("New plan title").fill("Fenland 2014/15")
    page.get_by_label("New plan starts").fill("2014-04-01")
    page.get_by_label("New plan ends").fill("2015-03-31")
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    counts = page.get_by_test_id("import-counts")
    expect(counts.get_by_role("row", name=re.compile(r"^Actions"))).to_contain_text("19")
    expect(page.get_by_test_id("import-people")).to_contain_text("Aarron Locks")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fenland 2014/15")
    expect(page.get_by_role("alert")).to_contain_text("Plan imported: 4 themes, 19 actions")
    assert_no_axe_violations(page)

    page.goto(live_server.url + reverse("partnership_detail", args=[site.partnership.slug]))
    page.get_by_role("link", name="Fenland 2014/15").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fenland 2014/15")


def test_a_broken_file_shows_its_error_page_without_axe_violations(page: Page, live_server, site, tmp_path):
    broken = tmp_path / "plan.docx"
    broken.write_bytes(b"this is not a Word document")
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("plan_import", args=[site.partnership.slug]))
    page.get_by_label("Plan file").set_input_files(str(broken))
    page.get_by_label("Import into an existing plan").select_option(label="Home Delivery Plan")
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_test_id("import-error")).to_contain_text("not a Word document")
    assert_no_axe_violations(page)


def test_coordinator_carries_actions_over_to_a_new_plan(page: Page, live_server, site):
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("plan_detail", args=[site.partnership.slug, site.plan.pk]))
    page.get_by_role("link", name="Carry actions over to a new plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carry actions over to a new plan")
    assert_no_axe_violations(page)
    page.get_by_label("New plan title").fill("Home Delivery Plan 2026/27")
    page.get_by_label("New reference for action 1.1").fill("2.1")
    page.get_by_role("button", name="Create the new plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home Delivery Plan 2026/27")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile(r"^2\.1")).first.click()
    expect(page.get_by_test_id("carried-history").first).to_contain_text("Home Delivery Plan, action 1.1")
    assert_no_axe_violations(page)
