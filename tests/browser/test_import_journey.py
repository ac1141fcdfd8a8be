"""The coordinator imports last year's Word plan, and carries actions over; axe on every page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, login
from tests.plans.importing import corpus, files


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_coordinator_imports_a_word_plan_and_finds_it(page: Page, live_server, site, tmp_path):
    plan_file = tmp_path / "delivery-plan-2020-21.docx"
    plan_file.write_bytes(corpus.word_shading_only())
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("partnership_detail", args=[site.partnership.slug]))
    page.get_by_role("link", name="Import a plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a plan")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Preview the import").click()  # nothing chosen: errors
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Plan file").set_input_files(str(plan_file))
    page.get_by_label("New plan title").fill("Delivery plan 2020/21")
    page.get_by_label("New plan starts").fill("2020-04-01")
    page.get_by_label("New plan ends").fill("2021-03-31")
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    counts = page.get_by_test_id("import-counts")
    expect(counts.get_by_role("row", name=re.compile(r"^Actions"))).to_contain_text("4")
    expect(page.get_by_test_id("import-people")).to_contain_text("Aarron Locks")
    expect(page.get_by_test_id("rag-from-colour").first).to_have_text("(from cell colour #00B050)")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delivery plan 2020/21")
    expect(page.get_by_role("alert")).to_contain_text("Plan imported: 3 themes, 4 actions")
    assert_no_axe_violations(page)

    page.goto(live_server.url + reverse("partnership_detail", args=[site.partnership.slug]))
    page.get_by_role("link", name="Delivery plan 2020/21").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delivery plan 2020/21")


def test_coordinator_maps_an_unknown_column_before_importing(page: Page, live_server, site, tmp_path):
    rows = files.simple_rows()
    rows[0][5] = "Money available"
    plan_file = tmp_path / "plan.csv"
    plan_file.write_bytes(files.csv_bytes(rows))
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("plan_import", args=[site.partnership.slug]))
    page.get_by_label("Plan file").set_input_files(str(plan_file))
    page.get_by_label("Import into an existing plan").select_option(label="Home Delivery Plan")
    page.get_by_role("button", name="Preview the import").click()

    unknown = page.get_by_test_id("unknown-column")
    expect(unknown).to_contain_text("Money available")
    expect(unknown).to_contain_text("First cells: “£2,000”")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Confirm and import").click()  # not yet: the column is unresolved
    expect(page.get_by_test_id("import-error")).to_contain_text("“Money available”")
    assert_no_axe_violations(page)

    page.get_by_label("Column “Money available”").select_option(label="Budget or resource")
    page.get_by_role("button", name="Use these columns").click()
    expect(page.get_by_test_id("unknown-column")).to_have_count(0)
    columns = page.get_by_test_id("import-columns")
    expect(columns.get_by_role("row", name=re.compile(r"^Money available"))).to_contain_text("mapped by you")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_role("alert")).to_contain_text("Plan imported: 2 themes, 2 actions")
    assert site.plan.actions.get(reference="1.1").budget == 2000


def test_coordinator_cancels_an_import(page: Page, live_server, site, tmp_path):
    plan_file = tmp_path / "plan.xlsx"
    plan_file.write_bytes(corpus.excel_title_block_per_sheet())
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("plan_import", args=[site.partnership.slug]))
    page.get_by_label("Plan file").set_input_files(str(plan_file))
    page.get_by_label("Import into an existing plan").select_option(label="Home Delivery Plan")
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_test_id("import-row").first).to_contain_text("Lead agency: Police")
    page.get_by_role("button", name="Cancel the import").click()
    expect(page.get_by_role("alert")).to_contain_text("Import cancelled: nothing was saved.")
    assert_no_axe_violations(page)


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
